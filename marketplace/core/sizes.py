"""File sizes as people read them: "173 B", "48 KB", "1,2 MB" (the decimal mark of the language)."""

from __future__ import annotations

from django.utils import formats

_UNITS = ("KB", "MB", "GB", "TB")


def human_size(size: int | None) -> str:
    """Binary multiples with the usual short symbols (what file managers show); one decimal below 10."""
    if size is None or size == "":
        return ""
    value = float(size)
    if value < 1024:
        return f"{int(value)}\u00a0B"
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            break
    if value < 10:
        number = formats.number_format(round(value, 1), decimal_pos=1, use_l10n=True)
    else:
        number = formats.number_format(round(value), use_l10n=True, force_grouping=True)
    # a non-breaking space keeps "1,2" and "MB" on one line
    return f"{number}\u00a0{unit}"

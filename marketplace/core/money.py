"""Amounts are whole đồng (VND has no minor unit). One formatter for pages, reasons and e-mails.

Django's `intcomma` does not group digits under the Vietnamese locale (its format sets no grouping),
so amounts are grouped here: dots in Vietnamese, commas in English.
"""

from django.utils.translation import get_language, gettext


def group_thousands(value) -> str:
    """9200000 → "9.200.000" in Vietnamese, "9,200,000" in English."""
    text = f"{int(value):,}"
    if not (get_language() or "vi").startswith("en"):
        text = text.replace(",", ".")
    return text


def format_vnd(value) -> str:
    """1500000 → "1.500.000 ₫" in Vietnamese, "1,500,000 ₫" in English; None/"" → ""."""
    if value is None or value == "":
        return ""
    try:
        return f"{group_thousands(value)} ₫"
    except (TypeError, ValueError):
        return str(value)


def amount_in_words(value) -> str:
    """The amount as people say it: 1200000000 → "1,2 tỷ đồng" ("1.2 billion đồng" in English).

    Only for round-ish amounts of a million or more (up to three significant digits); otherwise ""
    (the grouped figure already says it).
    """
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    english = (get_language() or "vi").startswith("en")
    for size, unit in ((10**9, gettext("billion")), (10**6, gettext("million"))):
        if amount >= size:
            if amount % (size // 100):
                return ""
            text = f"{amount // size}.{amount % size // (size // 100):02d}".rstrip("0").rstrip(".")
            if not english:
                text = text.replace(".", ",")
            return gettext("%(amount)s %(unit)s đồng") % {"amount": text, "unit": unit}
    return ""

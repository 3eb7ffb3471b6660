"""Reads of the shared taxonomies, at call time (rows change when the department reloads the files)."""

from __future__ import annotations

from .models import Language


def language_choices() -> list[tuple[str, str]]:
    """(code, name in the active language), in the file's order: for forms and filters."""
    return [(language.code, language.name) for language in Language.objects.order_by("position", "code")]


def language_labels() -> dict[str, str]:
    return dict(language_choices())


def language_codes() -> set[str]:
    return set(Language.objects.values_list("code", flat=True))

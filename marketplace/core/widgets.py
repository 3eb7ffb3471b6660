"""Form widgets people can use on a phone and with the keyboard (no Ctrl+click, no external script)."""

from __future__ import annotations

from django import forms


def checkbox_list(*, searchable: bool = False, attrs: dict | None = None) -> forms.CheckboxSelectMultiple:
    """Checkboxes instead of a multiple <select>; `searchable` adds a filter box for long lists.

    It stays a CheckboxSelectMultiple (only its template changes), so form templates that wrap
    checkbox groups in a fieldset with a legend keep doing so. Without JavaScript it is a plain,
    scrollable list of checkboxes; marketplace/static/js/checklist.js adds the filter and a count.
    """
    widget = forms.CheckboxSelectMultiple(attrs=attrs)
    if searchable:
        widget.template_name = "core/widgets/checklist.html"
    return widget

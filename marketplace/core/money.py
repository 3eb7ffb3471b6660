"""Amounts are whole đồng (VND has no minor unit). One formatter for pages, reasons and e-mails.

Django's `intcomma` does not group digits under the Vietnamese locale (its format sets no grouping),
so amounts are grouped here: dots in Vietnamese, commas in English.
"""

from django.utils.translation import get_language


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

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def vnd(value) -> str:
    """Whole đồng with thousands separators: 1.500.000 ₫ in Vietnamese, 1,500,000 ₫ in English."""
    if value is None or value == "":
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{amount:,}"
    if not (get_language() or "vi").startswith("en"):
        text = text.replace(",", ".")
    return f"{text} ₫"

from django import template
from django.utils.translation import gettext as _

from marketplace.core.images import image_urls

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1200000 → "1.200.000 ₫" (Vietnamese thousands separator)."""
    if value in (None, ""):
        return ""
    return f"{int(value):,} ₫".replace(",", ".")


@register.filter
def image_url(names, size: str = "original") -> str:
    return image_urls(names).get(str(size), "")


@register.simple_tag
def price_label(solution) -> str:
    if solution.price == 0:
        return _("Free")
    unit = f" / {solution.billing_unit}" if solution.billing_unit else ""
    return f"{vnd(solution.price)}{unit}"

from django import template
from django.utils.translation import gettext as _

from marketplace.core.images import image_urls
from marketplace.core.money import format_vnd

register = template.Library()


register.filter("vnd", format_vnd)


@register.filter
def image_url(names, size: str = "original") -> str:
    return image_urls(names).get(str(size), "")


@register.simple_tag
def price_label(solution) -> str:
    if solution.price == 0:
        return _("Free")
    unit = f" / {solution.billing_unit}" if solution.billing_unit else ""
    return f"{format_vnd(solution.price)}{unit}"

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


@register.inclusion_tag("catalogue/_ai_classification.html")
def ai_classification(solution) -> dict:
    """Next to the declared AI risk class: the questionnaire's class, who classified it and when
    (see catalogue.ai_classification); nothing when the solution was never classified."""
    from catalogue import ai_classification as registry

    pk = getattr(solution, "pk", None)
    facts = registry.facts_for(pk) if pk and getattr(solution, "is_ai", False) else {}
    return {"facts": facts, "declared": getattr(solution, "ai_risk_class", "")}

"""`{% reputation_panel "consultant" consultant.pk %}`: the rating and measured impact of a provider,
read from the summaries the top floor keeps (see marketplace.core.reputation); nothing is computed."""

from django import template

from marketplace.core import reputation

register = template.Library()


@register.inclusion_tag("core/_reputation.html")
def reputation_panel(kind: str, pk: int) -> dict:
    return {"kind": kind, "facts": reputation.facts_for(kind, pk)}

from django import template

from marketplace.core.money import format_vnd

register = template.Library()


register.filter("vnd", format_vnd)


@register.simple_tag
def evidence_by_criterion(application, items):
    """Each criterion with the evidence filed against it, then the evidence tied to none of them."""
    documents = list(application.evidence.all())
    codes = {item["code"] for item in items}
    rows = [
        {**item, "evidence": [doc for doc in documents if doc.criterion == item["code"]]} for item in items
    ]
    return {"rows": rows, "unplaced": [doc for doc in documents if doc.criterion not in codes]}

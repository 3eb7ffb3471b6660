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


@register.filter
def time_zone_name(name: str) -> str:
    """ "Giờ Việt Nam (UTC+7)" rather than "Asia/Ho_Chi_Minh"."""
    from consultants.timezones import time_zone_label

    return time_zone_label(name)

from django import template

from marketplace.core import audit_labels

register = template.Library()


@register.filter
def audit_action(record) -> str:
    return audit_labels.action_label(record)


@register.filter
def audit_from(record) -> str:
    return audit_labels.state_label(record, record.from_state)


@register.filter
def audit_to(record) -> str:
    return audit_labels.state_label(record, record.to_state)

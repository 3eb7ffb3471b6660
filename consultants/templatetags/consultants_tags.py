from django import template

from marketplace.core.money import format_vnd

register = template.Library()


register.filter("vnd", format_vnd)

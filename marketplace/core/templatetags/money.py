from django import template

from marketplace.core.money import format_vnd, group_thousands

register = template.Library()
register.filter("vnd", format_vnd)
register.filter("thousands", group_thousands)

from django import template

from marketplace.core.money import amount_in_words, format_vnd, group_thousands

register = template.Library()
register.filter("vnd", format_vnd)
register.filter("thousands", group_thousands)
register.filter("vnd_words", amount_in_words)

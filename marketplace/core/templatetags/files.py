from django import template

from marketplace.core.sizes import human_size

register = template.Library()

register.filter("human_size", human_size)

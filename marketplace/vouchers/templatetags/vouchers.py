"""`{% enterprise_vouchers enterprise %}`: the enterprise's vouchers on its own page (the enterprises
app sits a floor below and imports nothing from here; the template names this tag library)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("vouchers/_enterprise_panel.html")
def enterprise_vouchers(enterprise):
    return {
        "enterprise": enterprise,
        "vouchers": [(v, selectors.voucher_balance(v)) for v in selectors.vouchers_of(enterprise)],
    }

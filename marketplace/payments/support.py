"""The public support granted on an amount due: the hook the support-voucher issue owns.

Until vouchers exist no support is granted, so the SME's share is the price less any co-investment.
Support needs a voucher (a grant decision), not just eligibility: `marketplace.core.support` says how
much an enterprise *may* get, never that it got it. Whatever the vouchers app grants later is capped
here by that ceiling, so a voucher can never pay more than Decree 80 allows.
"""

from __future__ import annotations

from marketplace.core.support import support_share


def granted_support(*, size_class: str, kind: str, price: int) -> int:
    """Support (VND) granted on `price` for an enterprise of `size_class` spending on `kind`.

    No voucher scheme exists yet: 0. The vouchers app replaces the 0 with the voucher it redeems.
    """
    granted = 0
    return min(granted, support_share(size_class, kind).amount(price))

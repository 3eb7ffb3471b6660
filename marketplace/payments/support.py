"""The public support granted on an amount due: a hook the vouchers app fills.

Support needs a voucher (a grant decision), not just eligibility: `marketplace.core.support` says how
much an enterprise *may* get, never that it got it. The vouchers app registers, from its
`AppConfig.ready`, a function answering how much of a payable its voucher has reserved or redeemed
(the share, caps and budget were applied when it reserved). Payments imports no voucher code, so
the vouchers app may import payments without a cycle. With nothing registered no support is granted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SupportProvider = Callable[[Any], int]
_providers: list[SupportProvider] = []


def register(provider: SupportProvider) -> None:
    """`provider(payable)` returns the support (VND) a voucher holds for `payable` (0 if none)."""
    _providers[:] = [provider]


def granted_support(*, size_class: str, kind: str, price: int, payable: Any = None) -> int:
    """Support (VND) granted on `price` of `payable`: what its voucher holds, never more than the price.

    `size_class` and `kind` are kept for callers that predate the hook; the voucher's reservation
    already applied the scheme's rate and caps for them.
    """
    if payable is None or not _providers or price <= 0:
        return 0
    return max(0, min(int(_providers[0](payable)), price))

"""The vouchers' side of `marketplace.core.deals`: what a voucher does when a deal's amounts move.

- amounts accepted (an engagement accepted, an order confirmed or renewed) → reserve;
- an amount settled with the provider's e-invoice number → redeem (the settled price caps it);
  settled at 0 → release;
- amounts released (cancelled, dispute lost, the deal ended) → release.
"""

from __future__ import annotations

import contextlib

from django.utils.translation import gettext as _

from marketplace.core import deals

from . import services
from .errors import NothingReserved


def on_amounts_accepted(sender=None, *, amounts, actor=None, **kwargs) -> None:
    services.reserve(amounts=amounts, actor=actor)


def on_amount_settled(sender=None, *, amount, settled: int, evidence: str, actor=None, **kwargs) -> None:
    if not services.selectors.entries_for_payable(amount.key).exists():
        return  # no voucher held anything for it
    if settled <= 0:
        services.release(keys=[amount.key], actor=actor, reason=_("Nothing was settled on this amount"))
        return
    # a corrected invoice number on an amount already redeemed changes nothing here
    with contextlib.suppress(NothingReserved):
        services.redeem(key=amount.key, by=actor, evidence=evidence, settled_price=settled)


def on_amounts_released(sender=None, *, keys, actor=None, reason: str = "", **kwargs) -> None:
    services.release(keys=keys, actor=actor, reason=reason)


def connect() -> None:
    deals.amounts_accepted.connect(on_amounts_accepted, dispatch_uid="vouchers.reserve")
    deals.amount_settled.connect(on_amount_settled, dispatch_uid="vouchers.redeem")
    deals.amounts_released.connect(on_amounts_released, dispatch_uid="vouchers.release")

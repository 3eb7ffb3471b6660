"""What the deal apps (engagements, orders) tell the rest of the product about money falling due.

The deals and the support vouchers sit on the same floor and may not import each other both ways
(lint-imports: no cycle between sibling packages), and the vouchers app must read the deals' models.
So the deals announce facts through these signals, defined on the ground floor, sent from their
services inside the same transaction; the vouchers app listens (its receivers are connected in
`VouchersConfig.ready`). A receiver that raises rolls the deal's change back with it, so a fact is
never half-recorded.

Each fact names the amounts by `DealAmount`, a plain record: the deal apps build it, the listeners
need no deal model to read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.dispatch import Signal


@dataclass(frozen=True)
class DealAmount:
    """One amount due under a deal: a consulting milestone, a solution order's period..."""

    key: str  # "<app_label>.<model>:<pk>" of the payable (what payments settles)
    contract: str  # "<app_label>.<model>:<pk>" of the deal it belongs to (engagement, order)
    enterprise_id: int
    kind: str  # marketplace.core.support: CONSULTING or SOLUTION
    price: int  # VND, before co-investment and support
    co_investment: int
    due_date: dt.date
    provider: str  # the consultant's or vendor's public name
    description: str


def payable_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


# amounts=[DealAmount], actor: the deal was accepted (or a new period fell due under it)
amounts_accepted = Signal()
# amount=DealAmount, settled=int (VND of the price actually owed), evidence=str (e-invoice number), actor
amount_settled = Signal()
# keys=[str], actor, reason=str: the amounts will not be owed (cancelled, dispute lost, deal ended)
amounts_released = Signal()

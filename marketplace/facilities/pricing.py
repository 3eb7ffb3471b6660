"""What a facility session costs the SME: price − support, with support as data.

Support follows the default scheme of the vouchers app (`marketplace/vouchers/data/schemes.json`,
read through `marketplace.core.support.support_share`): renting a facility to try digital solutions
is treated as renting DX solutions (Decree 80/2021/NĐ-CP art. 11, the SOLUTION kind: up to 50 % of
the cost, at most the scheme's cap for the enterprise's size). Only facilities marked
`support_eligible` get it; an enterprise that is not an SME gets none. The yearly cap across all of
an SME's spending (`cap_per_year`) is the vouchers app's business when a voucher is used; this is the
share on one booking, fixed when it is booked.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.core.support import SOLUTION, support_share


@dataclass(frozen=True)
class Split:
    price: int
    support: int
    sme_share: int


def booking_split(*, price: int, size_class: str, eligible: bool) -> Split:
    support = support_share(size_class, SOLUTION).amount(price) if eligible else 0
    support = max(0, min(support, price))
    return Split(price=price, support=support, sme_share=price - support)

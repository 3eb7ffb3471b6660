"""Who pays what of an amount due: the one place that divides money (pure; no database, no Django).

Every amount is a whole number of đồng (VND has no minor unit). An amount due (a milestone, an
order's period, a revenue-share instalment) is divided into

    price = co_investment + support + sme_share

- `co_investment`: borne by the vendor or a sponsor (đồng đầu tư), never more than the price;
- `support`: paid by the state through a voucher (0 until the vouchers issue exists; it plugs in
  through `marketplace.payments.support.granted_support`), never more than what is left;
- `sme_share`: the rest, what the SME pays (by card or bank transfer).

Rounding is always down on the part computed from a rate and the remainder goes to the SME's share,
so the parts add up to the price exactly: no đồng is created or lost (Hypothesis tests say so).
"""

from __future__ import annotations

from dataclasses import dataclass

BASIS_POINTS = 10_000  # rates are integers in basis points (1 % = 100), so no float rounding sneaks in

# Stripe's zero-decimal currencies take the amount in whole units; VND is one of them
# (https://docs.stripe.com/currencies#zero-decimal).
STRIPE_CURRENCY = "vnd"


class SplitError(ValueError):
    """An amount or rate no split can take (negative, not an integer, a rate above 100 %)."""


def _whole_dong(name: str, value: int) -> int:
    # bool is an int in Python; a True price is a bug, not 1 đồng
    if isinstance(value, bool) or not isinstance(value, int):
        raise SplitError(f"{name} must be a whole number of đồng, not {value!r}")
    if value < 0:
        raise SplitError(f"{name} must not be negative: {value}")
    return value


def _rate(name: str, basis_points: int) -> int:
    _whole_dong(name, basis_points)
    if basis_points > BASIS_POINTS:
        raise SplitError(f"{name} must be at most {BASIS_POINTS} basis points (100 %): {basis_points}")
    return basis_points


def share_of(amount: int, basis_points: int) -> int:
    """`basis_points`/10 000 of `amount`, rounded down to a whole đồng."""
    return _whole_dong("amount", amount) * _rate("rate", basis_points) // BASIS_POINTS


@dataclass(frozen=True)
class Split:
    price: int
    co_investment: int
    support: int
    sme_share: int

    def as_dict(self) -> dict[str, int]:
        return {
            "price": self.price,
            "co_investment": self.co_investment,
            "support": self.support,
            "sme_share": self.sme_share,
        }


def split_amount(*, price: int, co_investment: int = 0, support: int = 0) -> Split:
    """Divide `price`: co-investment first, then support up to what is left, the SME pays the rest.

    Co-investment and support larger than what they may cover are capped (a sponsor's 60 % and a
    voucher's 50 % cannot together pay 110 %), never refused: the parts always add up to `price`.
    """
    price = _whole_dong("price", price)
    co_investment = min(_whole_dong("co_investment", co_investment), price)
    support = min(_whole_dong("support", support), price - co_investment)
    return Split(
        price=price, co_investment=co_investment, support=support, sme_share=price - co_investment - support
    )


def split_with_rate(*, price: int, co_investment_bp: int = 0, support: int = 0) -> Split:
    """`split_amount` with the co-investment given as a rate of the price (a plan's "vendor bears 30 %")."""
    return split_amount(price=price, co_investment=share_of(price, co_investment_bp), support=support)


@dataclass(frozen=True)
class RevenueShare:
    revenue: int
    provider_share: int  # what the SME owes the provider for the period
    sme_keeps: int


def revenue_share(*, revenue: int, rate_bp: int, minimum: int = 0, cap: int | None = None) -> RevenueShare:
    """The instalment of a revenue-sharing plan for one period's reported revenue.

    The provider's share is `rate_bp` of the revenue, rounded down, at least `minimum` (a plan's
    floor) but never more than the revenue itself, and at most `cap` when the plan sets one.
    """
    revenue = _whole_dong("revenue", revenue)
    amount = max(share_of(revenue, rate_bp), _whole_dong("minimum", minimum))
    if cap is not None:
        amount = min(amount, _whole_dong("cap", cap))
    amount = min(amount, revenue)
    return RevenueShare(revenue=revenue, provider_share=amount, sme_keeps=revenue - amount)


def allocate(total: int, weights: list[int]) -> list[int]:
    """Divide `total` in proportion to `weights` (largest remainder; ties to the earliest part).

    Used to spread an amount over milestones or a refund over the parts of a split: the results are
    whole đồng, each within one đồng of its exact share, and they add up to `total`.
    """
    total = _whole_dong("total", total)
    weights = [_whole_dong("weight", w) for w in weights]
    if not weights:
        raise SplitError("nothing to allocate to")
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total:
            raise SplitError("cannot allocate a positive amount over zero weights")
        return [0] * len(weights)
    parts = [total * w // weight_sum for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % weight_sum), i))
    for i in remainders[: total - sum(parts)]:
        parts[i] += 1
    return parts


def refund_split(split: Split, refund: int) -> Split:
    """The part of `split` a refund of `refund` đồng of the SME's share gives back to each payer.

    A card refund only ever returns what the SME paid; co-investment and support are released, not
    refunded, by their own owners. So the refund is capped at the SME's share and is wholly the SME's.
    """
    refund = min(_whole_dong("refund", refund), split.sme_share)
    return Split(price=refund, co_investment=0, support=0, sme_share=refund)


def to_stripe_amount(vnd: int) -> int:
    """The `amount` Stripe expects for `vnd` đồng: VND is zero-decimal, so the same integer.

    The only place an amount crosses to Stripe; it refuses anything that is not a whole đồng, so a
    float or a string never reaches Stripe as 100× too much or too little.
    """
    return _whole_dong("amount", vnd)


def from_stripe_amount(amount: int, currency: str) -> int:
    """Đồng from a Stripe `amount` in `currency` (only VND is accepted: the product charges nothing else)."""
    if (currency or "").lower() != STRIPE_CURRENCY:
        raise SplitError(f"unexpected currency from Stripe: {currency!r}")
    return _whole_dong("amount", amount)

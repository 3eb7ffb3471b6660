"""The ledger against Stripe: every card payment's intent and refunds, and every charge Stripe has that
the ledger does not. Reads only; `manage.py payments_reconcile` prints the report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from . import gateway
from .models import LedgerEntry, LedgerKind, Payment, PaymentMethod


@dataclass(frozen=True)
class Mismatch:
    kind: str  # missing_at_stripe | missing_in_ledger | amount_differs | status_differs
    stripe_id: str
    payment: str  # our reference ("" when Stripe has something we do not know)
    detail: str

    def __str__(self) -> str:
        return f"{self.kind:18} {self.stripe_id:28} {self.payment or '-':12} {self.detail}"


def reconcile() -> list[Mismatch]:
    intents = {intent.id: intent for intent in gateway.list_intents()}
    rows = defaultdict(list)
    for row in LedgerEntry.objects.filter(
        payment__method=PaymentMethod.CARD, kind__in=[LedgerKind.RECEIVED, LedgerKind.REFUND]
    ).order_by("pk"):
        rows[row.payment_id].append(row)
    found: list[Mismatch] = []
    for payment in (
        Payment.objects.filter(method=PaymentMethod.CARD).exclude(stripe_payment_intent="").order_by("pk")
    ):
        ledger = rows.get(payment.pk, [])
        received = sum(r.amount for r in ledger if r.kind == LedgerKind.RECEIVED)
        refunds = {r.external_reference: r.amount for r in ledger if r.kind == LedgerKind.REFUND}
        intent = intents.pop(payment.stripe_payment_intent, None)
        ref = payment.reference
        if intent is None:
            if received:
                found.append(
                    Mismatch(
                        "missing_at_stripe", payment.stripe_payment_intent, ref, f"ledger received {received}"
                    )
                )
            continue
        paid_at_stripe = intent.status == "succeeded"
        if paid_at_stripe and not received:
            found.append(Mismatch("missing_in_ledger", intent.id, ref, f"Stripe charged {intent.amount}"))
        elif received and not paid_at_stripe:
            found.append(
                Mismatch(
                    "status_differs",
                    intent.id,
                    ref,
                    f"ledger received {received}, Stripe status {intent.status}",
                )
            )
        elif received and intent.amount != received:
            found.append(
                Mismatch("amount_differs", intent.id, ref, f"ledger {received}, Stripe {intent.amount}")
            )
        if not paid_at_stripe and not refunds:
            continue
        at_stripe = {r.id: r for r in gateway.list_refunds(intent.id) if r.status == "succeeded"}
        for refund_id, refund in at_stripe.items():
            if refund_id not in refunds:
                found.append(
                    Mismatch("missing_in_ledger", refund_id, ref, f"Stripe refunded {refund.amount}")
                )
            elif refunds[refund_id] != refund.amount:
                found.append(
                    Mismatch(
                        "amount_differs",
                        refund_id,
                        ref,
                        f"ledger {refunds[refund_id]}, Stripe {refund.amount}",
                    )
                )
        for refund_id, amount in refunds.items():
            if refund_id not in at_stripe:
                found.append(
                    Mismatch(
                        "missing_at_stripe", refund_id or "(no Stripe id)", ref, f"ledger refunded {amount}"
                    )
                )
    for intent in intents.values():
        if intent.status == "succeeded":
            found.append(
                Mismatch(
                    "missing_in_ledger", intent.id, "", f"Stripe charged {intent.amount}, no payment here"
                )
            )
    return found

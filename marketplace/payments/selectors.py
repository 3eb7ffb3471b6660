"""Reads for payments: who sees which payment, the VietQR of a pending transfer, ledger balances."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.roles import is_officer

from . import vietqr
from .errors import PaymentNotFound
from .models import LIVE_STATUSES, LedgerEntry, LedgerKind, Payment, PaymentMethod, PaymentStatus


def payments_visible_to(user) -> QuerySet[Payment]:
    """The paying enterprise's members see its payments; officers see all; others nothing."""
    if not getattr(user, "is_authenticated", False):
        return Payment.objects.none()
    queryset = Payment.objects.select_related("enterprise", "payable_type")
    if is_officer(user):
        return queryset
    return queryset.filter(enterprise__in=user.enterprise_memberships.values("enterprise"))


def payment_get_for(*, user, pk) -> Payment:
    payment = payments_visible_to(user).filter(pk=pk).first()
    if payment is None:
        raise PaymentNotFound()
    return payment


def transfer_of(payment: Payment) -> vietqr.Transfer | None:
    """What the payer transfers (operator's account, amount, reference); None once nothing is due."""
    if payment.method != PaymentMethod.BANK_TRANSFER or payment.status != PaymentStatus.PENDING:
        return None
    return vietqr.Transfer(
        bank_bin=settings.PAYMENTS_BANK_BIN,
        account_number=settings.PAYMENTS_BANK_ACCOUNT,
        amount=payment.sme_share,
        reference=payment.reference,
    )


def ledger_balance(payment: Payment) -> dict[str, int]:
    """Sums per kind of movement (balances are sums of rows, never counters)."""
    totals = dict.fromkeys(LedgerKind.values, 0)
    for row in LedgerEntry.objects.filter(payment=payment).values("kind").annotate(total=Sum("amount")):
        totals[row["kind"]] = row["total"]
    return totals


def live_payments_of(payables) -> dict[tuple[int, int], Payment]:
    """The open or paid payment of each payable (keyed by content type id and object id), for the
    payable's page to show "Pay" or a link to its payment. Payables of one model or of several."""
    found: dict[tuple[int, int], Payment] = {}
    by_type: dict[int, list[int]] = {}
    for payable in payables:
        by_type.setdefault(ContentType.objects.get_for_model(payable).pk, []).append(payable.pk)
    for type_id, ids in by_type.items():
        for payment in Payment.objects.filter(
            payable_type_id=type_id, payable_id__in=ids, status__in=LIVE_STATUSES
        ):
            found[(type_id, payment.payable_id)] = payment
    return found


# what the payer reads for Stripe's decline codes (the codes stay in the data, the words are ours)
CARD_ERROR_MESSAGES = {
    "card_declined": _("The card was declined. Try another card, or pay by bank transfer."),
    "insufficient_funds": _("The card has too little money left for this payment."),
    "expired_card": _("The card has expired. Use another card."),
    "incorrect_cvc": _("The card's security code (CVC) is wrong."),
    "incorrect_number": _("The card number is wrong."),
    "invalid_card": _("The card details could not be read. Type them again."),
    "payment_intent_authentication_failure": _(
        "The bank's verification (3-D Secure) was not completed. Try again."
    ),
}
CARD_ERROR_DEFAULT = _("The card payment did not go through. Try again or use another card.")


def card_error_message(code: str) -> str:
    if not code:
        return ""
    return str(CARD_ERROR_MESSAGES.get(code, CARD_ERROR_DEFAULT))

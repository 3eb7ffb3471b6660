"""Writes for payments: create (idempotent), mark a transfer received, import a bank statement, refund.

Every state change goes through `transition` (compare-and-swap + audit), every money movement is a
ledger row, and the payable's app hears about it through its registered callbacks in the same
transaction. Two concurrent confirmations or refunds change state once; the loser gets a 409.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.roles import is_officer
from marketplace.core.locks import lock_row
from marketplace.core.transitions import transition

from . import gateway, registry
from . import workflow as wf
from .errors import (
    AlreadyPaying,
    CardNotAvailable,
    IdempotencyKeyRequired,
    IdempotencyKeyReused,
    InvalidRefund,
    NotPayable,
    NotThePayer,
    OfficerOnly,
    PaymentConflict,
    PaymentTransitionError,
)
from .models import LIVE_STATUSES, LedgerEntry, LedgerKind, Payment, PaymentMethod, PaymentStatus
from .split import split_amount
from .support import granted_support

# unambiguous characters (no 0/O, 1/I/L) so a reference typed into a banking app survives
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "DXM"
REFERENCE_RE = re.compile(rf"{REFERENCE_PREFIX}\s*([{REFERENCE_ALPHABET}]{{8}})")


def _new_reference() -> str:
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _move(payment: Payment, *, action: str, actor, **kwargs) -> Payment:
    return transition(
        payment,
        workflow=wf.PAYMENT_WORKFLOW,
        action=action,
        actor=actor,
        invalid_error=PaymentTransitionError,
        conflict_error=PaymentConflict,
        **kwargs,
    )


def _payable(payment: Payment) -> Model:
    return payment.payable_type.get_object_for_this_type(pk=payment.payable_id)


def payment_create(*, payable: Model, by, method: str, idempotency_key: str) -> Payment:
    """A payment for what `payable` has due now, split as `split.split_amount` says.

    The amount and the split come from the payable (its app's `describe`), never from the request.
    The same `idempotency_key` from the same user returns the same payment (a retried request); used
    for anything else it is a 409. A payable has at most one open or paid payment.
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 255:
        raise IdempotencyKeyRequired()
    if method not in PaymentMethod.values:
        raise NotPayable(_("Unknown payment method."))
    payable_type = ContentType.objects.get_for_model(payable)
    earlier = Payment.objects.filter(created_by=by, idempotency_key=key).first()
    if earlier is not None:
        return _replayed(earlier, payable_type=payable_type, payable=payable, method=method)
    entry = registry.entry_for(payable)
    if entry is None:
        raise NotPayable()
    due = entry.describe(payable)
    if not due.enterprise.memberships.filter(user=by).exists():
        raise NotThePayer()
    if method == PaymentMethod.CARD and not gateway.enabled():
        # without Stripe keys (the demo) bank transfer is the way to pay
        raise CardNotAvailable()
    split = split_amount(
        price=due.price,
        co_investment=due.co_investment,
        support=granted_support(
            size_class=due.enterprise.size_class, kind=due.support_kind, price=due.price, payable=payable
        ),
    )
    if split.sme_share <= 0:
        raise NotPayable(_("Nothing is left for the enterprise to pay."))
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                payable_type=payable_type,
                payable_id=payable.pk,
                enterprise=due.enterprise,
                description=due.description[:255],
                method=method,
                reference=_new_reference(),
                idempotency_key=key,
                created_by=by,
                **split.as_dict(),
            )
            if method == PaymentMethod.CARD:
                # a Stripe failure rolls the payment back (CardGatewayError): nothing half-made is left
                intent = gateway.create_intent(
                    amount=payment.sme_share,
                    payment_id=payment.pk,
                    reference=payment.reference,
                    idempotency_key=stripe_idempotency_key("payment", by.pk, key),
                )
                payment.stripe_payment_intent = intent.id
                payment.card_attempts = 1
                payment.save(update_fields=["stripe_payment_intent", "card_attempts"])
            return payment
    except IntegrityError:
        # a concurrent request with the same key won: answer with its payment
        earlier = Payment.objects.filter(created_by=by, idempotency_key=key).first()
        if earlier is not None:
            return _replayed(earlier, payable_type=payable_type, payable=payable, method=method)
        if Payment.objects.filter(
            payable_type=payable_type, payable_id=payable.pk, status__in=LIVE_STATUSES
        ).exists():
            raise AlreadyPaying() from None
        raise


def stripe_idempotency_key(*parts) -> str:
    """Stripe's own idempotency key, derived from ours (hashed: ours is the client's free text)."""
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"dxm-{parts[0]}-{digest}"


def _replayed(payment: Payment, *, payable_type, payable: Model, method: str) -> Payment:
    if (payment.payable_type_id, payment.payable_id, payment.method) != (payable_type.pk, payable.pk, method):
        raise IdempotencyKeyReused()
    return payment


def _record_paid(payment: Payment, *, actor, bank_reference: str, note: str) -> None:
    """Inside the caller's transaction: the money came in, the platform owes the provider."""
    LedgerEntry.objects.create(
        payment=payment,
        kind=LedgerKind.RECEIVED,
        amount=payment.sme_share,
        external_reference=bank_reference,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    LedgerEntry.objects.create(
        payment=payment,
        kind=LedgerKind.OWED_TO_PROVIDER,
        amount=payment.sme_share,
        note=payment.reference,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    entry = registry.entry_for(payment.payable_type.model_class())
    if entry is not None:
        entry.on_paid(_payable(payment), payment)


def payment_mark_received(*, payment: Payment, by, bank_reference: str, note: str = "") -> Payment:
    """An officer (for the operator's collection account) records a transfer as received."""
    if not is_officer(by):
        raise OfficerOnly()
    if payment.method == PaymentMethod.CARD:
        raise NotPayable(
            _("A card payment is marked paid by the card service itself."), code="card_paid_by_stripe"
        )
    bank_reference = (bank_reference or "").strip()[:64]
    if not bank_reference:
        raise NotPayable(_("Give the bank's reference of the transfer."), code="bank_reference_required")
    with transaction.atomic():
        _move(
            payment,
            action=wf.MARK_RECEIVED,
            actor=by,
            reason=note,
            data={"bank_reference": bank_reference},
            changes={"bank_reference": bank_reference, "paid_at": timezone.now()},
        )
        _record_paid(payment, actor=by, bank_reference=bank_reference, note=note)
    return payment


def payment_cancel(*, payment: Payment, by) -> Payment:
    """The payer (or an officer) drops an unpaid payment, e.g. to pay another way."""
    if not (is_officer(by) or payment.enterprise.memberships.filter(user=by).exists()):
        raise NotThePayer()
    if payment.method == PaymentMethod.CARD and payment.stripe_payment_intent:
        # the intent is cancelled at Stripe first, so a card cannot be charged for a cancelled payment
        with transaction.atomic():
            locked = lock_row(Payment.objects, payment.pk)
            if locked.status == PaymentStatus.PENDING:
                intent = gateway.retrieve_intent(locked.stripe_payment_intent)
                if intent.status in ("succeeded", "processing", "requires_capture"):
                    raise PaymentTransitionError(
                        _("The card payment already went through; ask for a refund instead of cancelling.")
                    )
                if intent.status != "canceled":
                    gateway.cancel_intent(locked.stripe_payment_intent)
            return _move(payment, action=wf.CANCEL, actor=by)
    return _move(payment, action=wf.CANCEL, actor=by)


def payment_refund(*, payment: Payment, by, amount: int, reason: str, bank_reference: str = "") -> Payment:
    """An officer refunds part or all of what the enterprise paid (after a cancellation or a dispute).

    Compare-and-swap on the refunded total: two concurrent refunds cannot both take the same đồng.
    """
    if not is_officer(by):
        raise OfficerOnly()
    payment.refresh_from_db()
    if payment.method == PaymentMethod.CARD and payment.stripe_payment_intent:
        return _card_refund(payment=payment, by=by, amount=amount, reason=reason)
    left = payment.sme_share - payment.refunded_amount
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= left:
        raise InvalidRefund()
    action = wf.REFUND_ALL if amount == left else wf.REFUND_PART
    with transaction.atomic():
        _move(
            payment,
            action=action,
            actor=by,
            reason=reason,
            data={"amount": amount},
            changes={"refunded_amount": payment.refunded_amount + amount},
            expect={"refunded_amount": payment.refunded_amount},
        )
        LedgerEntry.objects.create(
            payment=payment,
            kind=LedgerKind.REFUND,
            amount=amount,
            external_reference=(bank_reference or "").strip()[:128],
            note=(reason or "")[:255],
            created_by=by,
        )
        entry = registry.entry_for(payment.payable_type.model_class())
        if entry is not None:
            entry.on_refunded(_payable(payment), payment, amount)
    return payment


def _valid_refund(payment: Payment, amount) -> None:
    left = payment.sme_share - payment.refunded_amount
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= left:
        raise InvalidRefund()
    if payment.status not in wf.PAYMENT_WORKFLOW[wf.REFUND_PART].sources:
        raise PaymentTransitionError(_("Only a paid payment can be refunded."))


def _card_refund(*, payment: Payment, by, amount: int, reason: str) -> Payment:
    """A Stripe Refund, made and recorded under the payment's row lock: two officers cannot both refund
    the same đồng, and the webhook that later reports the same refund finds it recorded."""
    with transaction.atomic():
        locked = lock_row(Payment.objects, payment.pk)
        _valid_refund(locked, amount)
        refund = gateway.create_refund(
            intent_id=locked.stripe_payment_intent,
            amount=amount,
            idempotency_key=stripe_idempotency_key("refund", locked.pk, locked.refunded_amount, amount),
        )
        record_refund(locked, amount=refund.amount, external_reference=refund.id, actor=by, reason=reason)
    payment.refresh_from_db()
    return payment


def record_refund(payment: Payment, *, amount: int, external_reference: str, actor, reason: str) -> bool:
    """Inside the caller's transaction, `payment` locked and fresh: one refund at Stripe, recorded once.

    False when this refund (its Stripe id) is already in the ledger: the service and the webhook may
    both report it.
    """
    if LedgerEntry.objects.filter(kind=LedgerKind.REFUND, external_reference=external_reference).exists():
        return False
    _valid_refund(payment, amount)
    left = payment.sme_share - payment.refunded_amount
    _move(
        payment,
        action=wf.REFUND_ALL if amount == left else wf.REFUND_PART,
        actor=actor,
        reason=reason,
        data={"amount": amount, "stripe_refund": external_reference},
        changes={"refunded_amount": payment.refunded_amount + amount},
        expect={"refunded_amount": payment.refunded_amount},
    )
    LedgerEntry.objects.create(
        payment=payment,
        kind=LedgerKind.REFUND,
        amount=amount,
        external_reference=external_reference,
        note=(reason or "")[:255],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    entry = registry.entry_for(payment.payable_type.model_class())
    if entry is not None:
        entry.on_refunded(_payable(payment), payment, amount)
    return True


def record_card_paid(payment: Payment, *, intent_id: str) -> None:
    """Inside the caller's transaction, `payment` locked and pending: Stripe says the card was charged."""
    _move(
        payment,
        action=wf.CARD_SUCCEEDED,
        actor=None,
        data={"stripe_payment_intent": intent_id},
        changes={"paid_at": timezone.now(), "card_error": ""},
    )
    _record_paid(payment, actor=None, bank_reference=intent_id, note="Stripe")


@dataclass
class StatementReport:
    matched: list[dict[str, Any]] = field(default_factory=list)
    already_received: list[dict[str, Any]] = field(default_factory=list)
    amount_mismatch: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)


# header names in the statements of the main Vietnamese banks' exports (and plain English)
_COLUMNS = {
    "amount": ("amount", "số tiền", "so tien", "credit", "ghi có", "ghi co", "số tiền ghi có"),
    "description": ("description", "nội dung", "noi dung", "diễn giải", "dien giai", "content"),
    "bank_reference": (
        "reference",
        "mã giao dịch",
        "ma giao dich",
        "số bút toán",
        "so but toan",
        "transaction id",
    ),
}


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _amount(text: str) -> int | None:
    digits = re.sub(r"[.,\s₫đ]|VND", "", text or "", flags=re.IGNORECASE)
    return int(digits) if digits.isdigit() else None


def bank_statement_import(*, by, content: str) -> StatementReport:
    """Match the credits of a statement (CSV) to pending transfers by their reference.

    A line whose reference and amount match a pending payment marks it received (bank reference
    from the line); the rest is reported, never guessed: a wrong amount, an unknown reference, a
    transfer already recorded. Importing the same statement twice changes nothing the second time.
    """
    if not is_officer(by):
        raise OfficerOnly()
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    if not rows:
        return StatementReport()
    header, lines = rows[0], rows[1:]
    columns = {name: _column(header, names) for name, names in _COLUMNS.items()}
    if columns["amount"] is None or columns["description"] is None:
        raise NotPayable(
            _("The statement needs an amount column and a description column."), code="statement_columns"
        )
    report = StatementReport()
    for number, line in enumerate(lines, start=2):
        if not any(cell.strip() for cell in line):
            continue

        def cell(name: str, line: list[str] = line) -> str:
            index = columns[name]
            return line[index] if index is not None and index < len(line) else ""

        found = REFERENCE_RE.search(cell("description").upper())
        item = {"line": number, "amount": _amount(cell("amount")), "description": cell("description")}
        payment = (
            Payment.objects.filter(reference=REFERENCE_PREFIX + found.group(1)).first() if found else None
        )
        if payment is None:
            report.unmatched.append(item)
            continue
        item["payment"] = payment.pk
        item["reference"] = payment.reference
        if payment.status != PaymentStatus.PENDING:
            report.already_received.append(item)
            continue
        if item["amount"] != payment.sme_share:
            item["expected"] = payment.sme_share
            report.amount_mismatch.append(item)
            continue
        bank_reference = cell("bank_reference").strip() or f"statement:{payment.reference}"
        try:
            payment_mark_received(
                payment=payment, by=by, bank_reference=bank_reference, note=_("bank statement")
            )
        except (PaymentTransitionError, PaymentConflict):
            report.already_received.append(item)
            continue
        report.matched.append(item)
    return report

"""Writes for vouchers: open a call, apply, decide, reserve, redeem, disburse, release, claw back, expire.

Every ledger movement happens with the call's row locked (`marketplace.core.locks.lock_row`), after
reading the balances it depends on: two approvals, reservations or redemptions against one call are
serialised, so the call's budget never goes below zero and no voucher is spent twice, on PostgreSQL
(SELECT ... FOR UPDATE) as on SQLite (one writer at a time). A reservation also locks the
enterprise's row (after the call's: the one order everywhere), because the scheme's per-year caps
count the enterprise's support under every call. Application and voucher state changes go through
`marketplace.core.transitions.transition` (compare-and-swap + audit record); money movements are
ledger rows with who and why.

How a voucher learns about deals: the engagements and orders services send the signals of
`marketplace.core.deals` (accepted amounts, a settled amount with its e-invoice number, released
amounts) inside their transactions; `receivers.py` connects them to the functions below. The deal
apps import nothing from here, so there is no import cycle, and a failure here rolls the deal's
change back with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultants.codes import format_code
from marketplace.accounts.roles import is_officer
from marketplace.core.audit import audit_record
from marketplace.core.deals import DealAmount
from marketplace.core.locks import lock_row, lock_rows
from marketplace.core.transitions import transition
from marketplace.enterprises.models import Enterprise
from marketplace.payments.split import share_of

from . import ledger, selectors
from . import workflow as wf
from .errors import (
    AlreadyApplied,
    BankReferenceRequired,
    BudgetExhausted,
    CallNotOpen,
    EvidenceRequired,
    InvalidVoucherInput,
    NotAnEnterpriseMember,
    NotAnOfficer,
    NotEligible,
    NothingReserved,
    NothingToMove,
    QuotaExhausted,
    VoucherConflict,
    VoucherTransitionError,
)
from .models import (
    Account,
    Application,
    BudgetEntry,
    Call,
    Movement,
    Scheme,
    Voucher,
    VoucherStatus,
)


def voucher_code_prefix() -> str:
    """Certificate codes are `DN-2026-00042-K`; voucher codes add a V: `DNV-2026-00042-K`."""
    return f"{settings.CERTIFICATE_CODE_PREFIX[:3]}V"


MAX_AMOUNT = 10**13  # 10 000 billion VND: anything larger is a typing error, not a budget


def _amount(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_AMOUNT:
        message = _("Enter a whole number of đồng greater than zero.")
        raise InvalidVoucherInput(message, fields={field: [message]})
    return value


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        message = _("Give a reason.")
        raise InvalidVoucherInput(message, fields={field: [message]})
    return reason[:500]


def _require_officer(user) -> None:
    if not is_officer(user):
        raise NotAnOfficer()


def _move(instance, *, workflow, action: str, actor, **kwargs):
    return transition(
        instance,
        workflow=workflow,
        action=action,
        actor=actor,
        invalid_error=VoucherTransitionError,
        conflict_error=VoucherConflict,
        **kwargs,
    )


def _lock_call(call: Call | int) -> Call:
    return lock_row(Call.objects.select_related("scheme"), call.pk if isinstance(call, Call) else call)


# ---------------------------------------------------------------- calls


def call_open(
    *,
    scheme: Scheme,
    by,
    code: str,
    title: str,
    budget: int,
    opens_on: dt.date,
    closes_on: dt.date,
    voucher_valid_until: dt.date,
    auto_approve_up_to: int = 0,
    quotas: dict | None = None,
) -> Call:
    """An officer opens a call under `scheme`; its budget enters the ledger as one `fund` movement."""
    _require_officer(by)
    budget = _amount(budget, "budget")
    errors: dict[str, list[str]] = {}
    if not (code or "").strip():
        errors["code"] = [_("Give the call a code.")]
    if not (title or "").strip():
        errors["title"] = [_("Give the call a title.")]
    if closes_on < opens_on:
        errors["closes_on"] = [_("The call cannot close before it opens.")]
    if voucher_valid_until < closes_on:
        errors["voucher_valid_until"] = [_("Vouchers must stay valid at least until the call closes.")]
    if (
        isinstance(auto_approve_up_to, bool)
        or not isinstance(auto_approve_up_to, int)
        or auto_approve_up_to < 0
    ):
        errors["auto_approve_up_to"] = [_("Enter a whole number of đồng (0: decide every application).")]
    quotas = quotas or {}
    for dimension, values in quotas.items():
        if dimension not in ("wards", "sections") or not isinstance(values, dict):
            errors["quotas"] = [_("Quotas are given per ward (“wards”) or per VSIC section (“sections”).")]
            break
        if any(isinstance(v, bool) or not isinstance(v, int) or v <= 0 for v in values.values()):
            errors["quotas"] = [_("Every quota is a whole number of đồng greater than zero.")]
            break
    if errors:
        raise InvalidVoucherInput(fields=errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                call = Call.objects.create(
                    scheme=scheme,
                    code=code.strip()[:40],
                    title=title.strip()[:255],
                    budget=budget,
                    opens_on=opens_on,
                    closes_on=closes_on,
                    voucher_valid_until=voucher_valid_until,
                    auto_approve_up_to=auto_approve_up_to,
                    quotas=quotas,
                    created_by=by,
                )
        except IntegrityError as exc:
            raise InvalidVoucherInput(fields={"code": [_("A call with this code exists.")]}) from exc
        ledger.post(
            call=call,
            movement=Movement.FUND,
            source=Account.STATE,
            target=Account.AVAILABLE,
            amount=budget,
            by=by,
            reason=_("Budget of the call"),
        )
        audit_record(subject=call, actor=by, action="voucher_call.open", data={"budget": budget})
    return call


# ---------------------------------------------------------------- applications


def application_submit(
    *,
    call: Call,
    enterprise: Enterprise,
    by,
    amount_requested: int,
    purpose: str,
    today: dt.date | None = None,
) -> Application:
    """The SME applies; the product checks eligibility first and says exactly what is missing.

    A call that approves by rule approves at once when the amount is within its limit and the budget
    covers it; otherwise (or when the budget is short) the application waits for an officer.
    """
    if not enterprise.memberships.filter(user=by).exists():
        raise NotAnEnterpriseMember()
    amount = _amount(amount_requested, "amount_requested")
    purpose = (purpose or "").strip()
    if not purpose:
        message = _("Say what the support is for.")
        raise InvalidVoucherInput(message, fields={"purpose": [message]})
    if not selectors.call_is_open(call, today):
        raise CallNotOpen()
    gaps = selectors.eligibility_gaps(enterprise, call)
    if gaps:
        raise NotEligible(fields={"eligibility": gaps})
    with transaction.atomic():
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    call=call,
                    enterprise=enterprise,
                    amount_requested=amount,
                    purpose=purpose[:4000],
                    size_class=enterprise.size_class,
                    ward_code=enterprise.ward.code,
                    section_code=enterprise.primary_sector.section.code,
                    applied_by=by,
                )
        except IntegrityError as exc:
            raise AlreadyApplied() from exc
        audit_record(
            subject=application,
            actor=by,
            action="voucher_application.submit",
            to_state=application.status,
            data={"amount": amount},
        )
    if call.auto_approve_up_to and amount <= call.auto_approve_up_to:
        # when the budget or a quota is short, an officer decides (and sees the budget)
        with contextlib.suppress(BudgetExhausted, QuotaExhausted):
            _approve(
                application,
                actor=None,
                action=wf.AUTO_APPROVE,
                ceiling=amount,
                valid_until=None,
                reason=_("Approved by the call's rule"),
            )
        application.refresh_from_db()
    return application


def application_withdraw(*, application: Application, by) -> Application:
    if not application.enterprise.memberships.filter(user=by).exists():
        raise NotAnEnterpriseMember()
    return _move(application, workflow=wf.APPLICATION_WORKFLOW, action=wf.WITHDRAW, actor=by)


def application_reject(*, application: Application, by, reason: str) -> Application:
    _require_officer(by)
    reason = _reason(reason)
    return _move(
        application,
        workflow=wf.APPLICATION_WORKFLOW,
        action=wf.REJECT,
        actor=by,
        reason=reason,
        changes={"status_reason": reason, "decided_by": by, "decided_at": timezone.now()},
    )


def application_approve(
    *,
    application: Application,
    by,
    ceiling: int | None = None,
    valid_until: dt.date | None = None,
    reason: str = "",
) -> Voucher:
    """An officer approves with a ceiling (at most what was asked) and an expiry; a voucher is issued
    and its ceiling moves from the call's budget to the voucher in the same transaction."""
    _require_officer(by)
    ceiling = application.amount_requested if ceiling is None else _amount(ceiling, "ceiling")
    if ceiling > application.amount_requested:
        message = _("Approve at most the amount the enterprise asked for.")
        raise InvalidVoucherInput(message, fields={"ceiling": [message]})
    if valid_until is not None and valid_until < selectors.today():
        message = _("The expiry date is in the past.")
        raise InvalidVoucherInput(message, fields={"valid_until": [message]})
    return _approve(
        application, actor=by, action=wf.APPROVE, ceiling=ceiling, valid_until=valid_until, reason=reason
    )


def _quota_left(call: Call, application: Application) -> int | None:
    """The smallest quota left among the ward's and the section's (None: no quota applies)."""
    left = None
    for dimension, field, value in (
        ("wards", "voucher__application__ward_code", application.ward_code),
        ("sections", "voucher__application__section_code", application.section_code),
    ):
        quota = (call.quotas or {}).get(dimension, {}).get(value)
        if quota is None:
            continue
        entries = BudgetEntry.objects.filter(call=call, **{field: value})
        used = sum(
            e.amount if e.movement == Movement.ALLOCATE else -e.amount
            for e in entries.filter(movement__in=(Movement.ALLOCATE, Movement.EXPIRE)).only(
                "movement", "amount"
            )
        )
        left = quota - used if left is None else min(left, quota - used)
    return left


def _approve(
    application: Application, *, actor, action: str, ceiling: int, valid_until, reason: str
) -> Voucher:
    with transaction.atomic():
        call = _lock_call(application.call_id)
        available = ledger.call_available(call)
        if ceiling > available:
            raise BudgetExhausted(
                _("The call has %(available)s left; this approval needs %(amount)s.")
                % {
                    "available": f"{available:,}".replace(",", "."),
                    "amount": f"{ceiling:,}".replace(",", "."),
                }
            )
        quota = _quota_left(call, application)
        if quota is not None and ceiling > quota:
            raise QuotaExhausted()
        now = timezone.now()
        _move(
            application,
            workflow=wf.APPLICATION_WORKFLOW,
            action=action,
            actor=actor,
            reason=reason,
            data={"ceiling": ceiling},
            changes={
                "decided_by": actor if getattr(actor, "is_authenticated", False) else None,
                "decided_at": now,
                "status_reason": reason,
            },
        )
        voucher = Voucher.objects.create(
            application=application,
            call=call,
            enterprise_id=application.enterprise_id,
            code=format_code(voucher_code_prefix(), timezone.localdate(now).year, application.pk),
            ceiling=ceiling,
            valid_until=valid_until or call.voucher_valid_until,
        )
        ledger.post(
            call=call,
            voucher=voucher,
            movement=Movement.ALLOCATE,
            source=Account.AVAILABLE,
            target=Account.GRANTED,
            amount=ceiling,
            by=actor,
            reason=reason or _("Application approved"),
        )
    return voucher


# ---------------------------------------------------------------- reservations


def _candidate_vouchers(enterprise_id: int, kind: str, size_class: str, on: dt.date) -> list[Voucher]:
    vouchers = (
        Voucher.objects.filter(enterprise_id=enterprise_id, status=VoucherStatus.ACTIVE, valid_until__gte=on)
        .select_related("call__scheme")
        .prefetch_related("call__scheme__rules")
        .order_by("valid_until", "pk")
    )
    return [v for v in vouchers if v.call.scheme.rule_for(kind, size_class) is not None]


def support_for(voucher: Voucher, amount: DealAmount, size_class: str) -> int:
    """What `voucher` may reserve for `amount` now: the scheme's rate of the price (never more than
    what is left after co-investment), capped by the per-contract-per-year and per-year limits still
    free, and by the voucher's remaining amount. Reads only; call with the rows locked."""
    rule = voucher.call.scheme.rule_for(amount.kind, size_class)
    if rule is None:
        return 0
    base = max(0, amount.price - amount.co_investment)
    value = min(share_of(amount.price, rule.rate_bp), base)
    year = amount.due_date.year
    same_scheme = BudgetEntry.objects.filter(
        voucher__enterprise_id=amount.enterprise_id,
        call__scheme_id=voucher.call.scheme_id,
        kind=amount.kind,
        year=year,
    )
    if rule.cap_per_contract_year is not None:
        used = ledger.used_for_caps(same_scheme.filter(contract_key=amount.contract))
        value = min(value, rule.cap_per_contract_year - used)
    if rule.cap_per_year is not None:
        used = ledger.used_for_caps(same_scheme)
        value = min(value, rule.cap_per_year - used)
    value = min(value, ledger.voucher_remaining(voucher))
    return max(0, value)


def reserve(*, amounts: Iterable[DealAmount], actor=None) -> list[BudgetEntry]:
    """Reserve the voucher's part of each accepted amount due (idempotent per amount)."""
    posted = []
    for amount in amounts:
        entry = _reserve_one(amount, actor)
        if entry is not None:
            posted.append(entry)
    return posted


def _reserve_one(amount: DealAmount, actor) -> BudgetEntry | None:
    enterprise = Enterprise.objects.get(pk=amount.enterprise_id)
    candidates = _candidate_vouchers(
        amount.enterprise_id, amount.kind, enterprise.size_class, amount.due_date
    )
    if not candidates:
        return None
    with transaction.atomic():
        # every call a candidate voucher draws on, in primary-key order, then the enterprise: the one
        # order everywhere, so two reservations can never wait on each other
        calls = {
            call.pk: call
            for call in lock_rows(Call.objects.select_related("scheme"), [v.call_id for v in candidates])
        }
        lock_row(Enterprise.objects.all(), amount.enterprise_id)
        if BudgetEntry.objects.filter(payable_key=amount.key, movement=Movement.RESERVE).exists():
            return None  # reserved once already (a repeated signal): an amount is never reserved twice
        for candidate in candidates:
            voucher = Voucher.objects.select_related("call__scheme", "application").get(pk=candidate.pk)
            if voucher.status != VoucherStatus.ACTIVE:
                continue
            value = support_for(voucher, amount, enterprise.size_class)
            if value <= 0:
                continue
            return ledger.post(
                call=calls[voucher.call_id],
                voucher=voucher,
                movement=Movement.RESERVE,
                source=Account.GRANTED,
                target=Account.RESERVED,
                amount=value,
                by=actor,
                reason=amount.description[:500],
                payable_key=amount.key,
                contract_key=amount.contract,
                kind=amount.kind,
                year=amount.due_date.year,
                provider=amount.provider[:255],
            )
    return None


def _payable_entries(key: str):
    return BudgetEntry.objects.filter(payable_key=key)


def _first_reservation(key: str) -> BudgetEntry:
    first = _payable_entries(key).filter(movement=Movement.RESERVE).select_related("voucher", "call").first()
    if first is None:
        raise NothingReserved()
    return first


def _follow(first: BudgetEntry, **changes) -> dict:
    """The payable's facts copied onto a later movement, so every row answers for its amount due."""
    facts = {
        "payable_key": first.payable_key,
        "contract_key": first.contract_key,
        "kind": first.kind,
        "year": first.year,
        "provider": first.provider,
    }
    facts.update(changes)
    return facts


def release(*, keys: Iterable[str], actor=None, reason: str = "") -> int:
    """Give back what is still reserved for each amount due to its voucher (cancelled, dispute lost,
    deal ended); an amount with nothing reserved is skipped. Returns the đồng released."""
    total = 0
    for key in keys:
        first = _payable_entries(key).filter(movement=Movement.RESERVE).first()
        if first is None:
            continue
        with transaction.atomic():
            call = _lock_call(first.call_id)
            reserved = ledger.balances(_payable_entries(key))[Account.RESERVED]
            if reserved <= 0:
                continue
            ledger.post(
                call=call,
                voucher=first.voucher,
                movement=Movement.RELEASE,
                source=Account.RESERVED,
                target=Account.GRANTED,
                amount=reserved,
                by=actor,
                reason=reason or _("Released"),
                **_follow(first),
            )
            total += reserved
    return total


def redeem(*, key: str, by, evidence: str, settled_price: int | None = None) -> BudgetEntry:
    """The amount was delivered and accepted: the reservation is redeemed against the provider's
    e-invoice number (refused without one). When less than the price was settled (a partial dispute
    outcome), the support follows the settled price and the rest is released."""
    evidence = (evidence or "").strip()
    if not evidence:
        raise EvidenceRequired(fields={"e_invoice_number": [str(EvidenceRequired.default_message)]})
    first = _first_reservation(key)
    with transaction.atomic():
        call = _lock_call(first.call_id)
        reserved = ledger.balances(_payable_entries(key))[Account.RESERVED]
        if reserved <= 0:
            raise NothingReserved()
        value = reserved
        if settled_price is not None:
            voucher = first.voucher
            rule = voucher.call.scheme.rule_for(first.kind, voucher.application.size_class)
            value = min(reserved, share_of(max(0, settled_price), rule.rate_bp) if rule else 0)
        if value < reserved:
            ledger.post(
                call=call,
                voucher=first.voucher,
                movement=Movement.RELEASE,
                source=Account.RESERVED,
                target=Account.GRANTED,
                amount=reserved - value,
                by=by,
                reason=_("Less was settled than the price"),
                **_follow(first),
            )
        if value <= 0:
            raise NothingReserved(_("Nothing was settled on this amount, so no support is redeemed."))
        return ledger.post(
            call=call,
            voucher=first.voucher,
            movement=Movement.REDEEM,
            source=Account.RESERVED,
            target=Account.REDEEMED,
            amount=value,
            by=by,
            reason=_("Delivered and invoiced"),
            **_follow(first, evidence=evidence[:64]),
        )


def disburse(*, key: str, by, bank_reference: str) -> BudgetEntry:
    """An officer records the programme's payment of the redeemed support to the provider."""
    _require_officer(by)
    bank_reference = (bank_reference or "").strip()
    if not bank_reference:
        raise BankReferenceRequired(fields={"bank_reference": [str(BankReferenceRequired.default_message)]})
    first = _first_reservation(key)
    with transaction.atomic():
        call = _lock_call(first.call_id)
        redeemed = ledger.balances(_payable_entries(key))[Account.REDEEMED]
        if redeemed <= 0:
            raise NothingToMove(_("Nothing redeemed is waiting for disbursement on this amount."))
        return ledger.post(
            call=call,
            voucher=first.voucher,
            movement=Movement.DISBURSE,
            source=Account.REDEEMED,
            target=Account.DISBURSED,
            amount=redeemed,
            by=by,
            reason=_("Disbursed to the provider"),
            **_follow(first, evidence=bank_reference[:64]),
        )


def claw_back(*, key: str, by, reason: str) -> list[BudgetEntry]:
    """An officer finds the evidence false: the redeemed and disbursed support is clawed back."""
    _require_officer(by)
    reason = _reason(reason)
    first = _first_reservation(key)
    with transaction.atomic():
        call = _lock_call(first.call_id)
        b = ledger.balances(_payable_entries(key))
        rows = []
        for account in (Account.REDEEMED, Account.DISBURSED):
            if b[account] > 0:
                rows.append(
                    ledger.post(
                        call=call,
                        voucher=first.voucher,
                        movement=Movement.CLAW_BACK,
                        source=account,
                        target=Account.CLAWED_BACK,
                        amount=b[account],
                        by=by,
                        reason=reason,
                        **_follow(first),
                    )
                )
        if not rows:
            raise NothingToMove(_("Nothing redeemed or disbursed on this amount to claw back."))
        audit_record(
            subject=first.voucher,
            actor=by,
            action="voucher.claw_back",
            reason=reason,
            data={"payable": key, "amount": sum(r.amount for r in rows)},
        )
    return rows


# ---------------------------------------------------------------- expiry


def voucher_expire(*, voucher: Voucher, actor=None, reason: str = "") -> Voucher:
    """A voucher past its date: its reservations are released and what it still holds returns to the call."""
    with transaction.atomic():
        call = _lock_call(voucher.call_id)
        _move(
            voucher,
            workflow=wf.VOUCHER_WORKFLOW,
            action=wf.EXPIRE,
            actor=actor,
            reason=reason,
            changes={"status_reason": reason},
        )
        keys = (
            BudgetEntry.objects.filter(voucher=voucher, movement=Movement.RESERVE)
            .values_list("payable_key", flat=True)
            .distinct()
        )
        release(keys=list(keys), actor=actor, reason=_("The voucher expired"))
        remaining = ledger.voucher_remaining(voucher)
        if remaining > 0:
            ledger.post(
                call=call,
                voucher=voucher,
                movement=Movement.EXPIRE,
                source=Account.GRANTED,
                target=Account.AVAILABLE,
                amount=remaining,
                by=actor,
                reason=_("The voucher expired"),
            )
    return voucher


def vouchers_expire_due(*, today: dt.date | None = None) -> int:
    """The daily run: expire every active voucher whose last valid day has passed (idempotent)."""
    today = today or selectors.today()
    count = 0
    for voucher in Voucher.objects.filter(status=VoucherStatus.ACTIVE, valid_until__lt=today).order_by("pk"):
        try:
            voucher_expire(voucher=voucher, reason=_("The voucher expired"))
        except (VoucherTransitionError, VoucherConflict):
            continue
        count += 1
    return count

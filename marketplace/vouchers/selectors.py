"""Reads for vouchers (never write): eligibility, balances, budget use, what was granted in public."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.roles import is_officer
from marketplace.core.deals import payable_key
from marketplace.enterprises.models import Enterprise
from marketplace.enterprises.selectors import enterprise_is_member
from matching.models import Assessment

from . import ledger
from .models import (
    Account,
    Application,
    ApplicationStatus,
    BudgetEntry,
    Call,
    Movement,
    Scheme,
    Voucher,
)


def today() -> dt.date:
    return timezone.localdate()


def schemes() -> QuerySet[Scheme]:
    return Scheme.objects.prefetch_related("rules")


def calls() -> QuerySet[Call]:
    return Call.objects.select_related("scheme")


def calls_open(on: dt.date | None = None) -> QuerySet[Call]:
    on = on or today()
    return calls().filter(opens_on__lte=on, closes_on__gte=on)


def call_is_open(call: Call, on: dt.date | None = None) -> bool:
    on = on or today()
    return call.opens_on <= on <= call.closes_on


def profile_gaps(enterprise: Enterprise) -> list[str]:
    """The optional profile facts a scheme asking for a complete profile needs."""
    gaps = []
    if enterprise.dx_budget_yearly is None:
        gaps.append(_("your yearly budget for digital transformation"))
    if enterprise.sites is None:
        gaps.append(_("the number of sites"))
    return gaps


def eligibility_gaps(enterprise: Enterprise, call: Call) -> list[str]:
    """Exactly what the enterprise lacks to apply under `call` (empty: eligible), in the user's language."""
    scheme = call.scheme
    gaps: list[str] = []
    if scheme.size_classes and enterprise.size_class not in scheme.size_classes:
        gaps.append(
            _("The scheme supports micro, small and medium enterprises; your figures make you “%(size)s”.")
            % {"size": enterprise.get_size_class_display()}
        )
    section = enterprise.primary_sector.section.code
    if scheme.sections and section not in scheme.sections:
        gaps.append(
            _(
                "The scheme supports the VSIC sections %(sections)s; your main sector is in section %(section)s."
            )
            % {"sections": ", ".join(scheme.sections), "section": section}
        )
    if scheme.wards and enterprise.ward.code not in scheme.wards:
        gaps.append(
            _("The scheme supports enterprises in other wards or communes than %(ward)s.")
            % {"ward": enterprise.ward.name}
        )
    if (
        scheme.requires_assessment
        and not Assessment.objects.filter(enterprise=enterprise, status=Assessment.SUBMITTED).exists()
    ):
        gaps.append(_("Submit a digital-readiness assessment first."))
    if scheme.requires_complete_profile:
        missing = profile_gaps(enterprise)
        if missing:
            gaps.append(_("Complete your enterprise profile: %(missing)s.") % {"missing": "; ".join(missing)})
    return gaps


def applications_for(user) -> QuerySet[Application]:
    base = Application.objects.select_related("call", "call__scheme", "enterprise", "voucher")
    if is_officer(user):
        return base
    return base.filter(enterprise__memberships__user=user)


def application_queue() -> QuerySet[Application]:
    return (
        Application.objects.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("call", "enterprise", "enterprise__ward")
        .order_by("created_at", "pk")
    )


def vouchers_for(user) -> QuerySet[Voucher]:
    base = Voucher.objects.select_related("call", "call__scheme", "enterprise")
    if is_officer(user):
        return base
    if not getattr(user, "is_authenticated", False):
        return base.none()
    return base.filter(enterprise__memberships__user=user)


def vouchers_of(enterprise: Enterprise) -> QuerySet[Voucher]:
    return Voucher.objects.filter(enterprise=enterprise).select_related("call", "call__scheme")


def can_see_enterprise(enterprise: Enterprise, user) -> bool:
    return is_officer(user) or enterprise_is_member(enterprise=enterprise, user=user)


def voucher_by_code(code: str) -> Voucher | None:
    from consultants.codes import InvalidCode, canonical

    text = (code or "").strip()
    if not text or len(text) > 40:
        return None
    try:
        text = canonical(text)
    except InvalidCode:
        return None
    return Voucher.objects.select_related("call", "call__scheme", "enterprise").filter(code=text).first()


@dataclass(frozen=True)
class VoucherBalance:
    granted: int  # the ceiling as allocated
    remaining: int  # not yet reserved
    reserved: int
    redeemed: int
    disbursed: int
    clawed_back: int
    returned: int  # given back to the call at expiry


def voucher_balance(voucher: Voucher) -> VoucherBalance:
    entries = BudgetEntry.objects.filter(voucher=voucher)
    b = ledger.balances(entries)
    returned = entries.filter(movement=Movement.EXPIRE).aggregate(v=Sum("amount"))["v"] or 0
    return VoucherBalance(
        granted=voucher.ceiling,
        remaining=b[Account.GRANTED],
        reserved=b[Account.RESERVED],
        redeemed=b[Account.REDEEMED],
        disbursed=b[Account.DISBURSED],
        clawed_back=b[Account.CLAWED_BACK],
        returned=int(returned),
    )


def call_balances(call: Call) -> dict[str, int]:
    return ledger.balances(BudgetEntry.objects.filter(call=call))


def support_held_for(payable) -> int:
    """Support a voucher holds for `payable` (reserved or redeemed or disbursed; not released or
    clawed back): what payments puts in the split as the state's part."""
    entries = BudgetEntry.objects.filter(payable_key=payable_key(payable))
    b = ledger.balances(entries)
    return b[Account.RESERVED] + b[Account.REDEEMED] + b[Account.DISBURSED]


def entries_for_payable(key: str) -> QuerySet[BudgetEntry]:
    return BudgetEntry.objects.filter(payable_key=key).select_related("voucher", "call")


def payables_held(limit: int = 300) -> list[dict]:
    """The amounts due a voucher holds support for, newest first, with their balances: what the
    officer's money page lists (redeem with the e-invoice number, disburse, claw back)."""
    rows = (
        BudgetEntry.objects.exclude(payable_key="")
        .values("payable_key")
        .annotate(
            reserved=ledger.net(Account.RESERVED),
            redeemed=ledger.net(Account.REDEEMED),
            disbursed=ledger.net(Account.DISBURSED),
            clawed_back=ledger.net(Account.CLAWED_BACK),
            last=Max("pk"),
            first=Min("pk"),
        )
        .order_by("-last")[:limit]
    )
    rows = list(rows)
    firsts = {
        e.pk: e
        for e in BudgetEntry.objects.filter(pk__in=[r["first"] for r in rows]).select_related(
            "voucher__enterprise", "call"
        )
    }
    evidence = dict(
        BudgetEntry.objects.filter(
            payable_key__in=[r["payable_key"] for r in rows], movement=Movement.REDEEM
        ).values_list("payable_key", "evidence")
    )
    for row in rows:
        first = firsts[row["first"]]
        row.update(
            key=row["payable_key"],
            enterprise=first.voucher.enterprise.name if first.voucher else "",
            voucher_code=first.voucher.code if first.voucher else "",
            call=first.call.title,
            provider=first.provider,
            description=first.reason,
            kind=first.get_kind_display(),
            e_invoice_number=evidence.get(row["payable_key"], ""),
        )
    return rows


def ledger_entries() -> QuerySet[BudgetEntry]:
    return BudgetEntry.objects.select_related("call", "voucher", "created_by").order_by("pk")


CUTS = ("call", "ward", "section", "size")

_CUT_FIELDS = {
    "call": ("call__code", "call__title"),
    "ward": ("voucher__application__ward_code", "voucher__enterprise__ward__name"),
    "section": ("voucher__application__section_code", "voucher__application__section_code"),
    "size": ("voucher__application__size_class", "voucher__application__size_class"),
}


def budget_use(cut: str = "call", call: Call | None = None) -> list[dict]:
    """Support granted, reserved, redeemed, disbursed per call / ward / VSIC section / size class."""
    if cut not in _CUT_FIELDS:
        raise ValueError(cut)
    key, label = _CUT_FIELDS[cut]
    entries = BudgetEntry.objects.exclude(movement=Movement.FUND)
    if call is not None:
        entries = entries.filter(call=call)
    rows = (
        entries.values(key, label)
        .annotate(
            granted=Sum("amount", filter=Q(movement=Movement.ALLOCATE)),
            returned=Sum("amount", filter=Q(movement=Movement.EXPIRE)),
            reserved=Sum("amount", filter=Q(movement=Movement.RESERVE)),
            released=Sum("amount", filter=Q(movement=Movement.RELEASE)),
            redeemed=Sum("amount", filter=Q(movement=Movement.REDEEM)),
            disbursed=Sum("amount", filter=Q(movement=Movement.DISBURSE)),
            clawed_back=Sum("amount", filter=Q(movement=Movement.CLAW_BACK)),
        )
        .order_by(key)
    )
    result = []
    for row in rows:
        result.append(
            {
                "key": row[key] or "",
                "label": row[label] or row[key] or "",
                "granted": (row["granted"] or 0) - (row["returned"] or 0),
                "reserved": (row["reserved"] or 0) - (row["released"] or 0),
                "redeemed": row["redeemed"] or 0,
                "disbursed": row["disbursed"] or 0,
                "clawed_back": row["clawed_back"] or 0,
            }
        )
    if cut == "call":
        budgets = dict(Call.objects.values_list("code", "budget"))
        for row in result:
            row["budget"] = budgets.get(row["key"], 0)
    return result


def public_grants() -> list[dict]:
    """Support granted, one row per enterprise, call, kind and provider: for the public page and the
    open data. Enterprise name and tax code (an enterprise's, not a person's), never a contact."""
    rows = (
        BudgetEntry.objects.exclude(payable_key="")
        .values(
            "voucher__enterprise__name",
            "voucher__enterprise__tax_code",
            "call__code",
            "call__title",
            "kind",
            "provider",
        )
        .annotate(
            reserved=Sum("amount", filter=Q(movement=Movement.RESERVE)),
            released=Sum("amount", filter=Q(movement=Movement.RELEASE)),
            redeemed=Sum("amount", filter=Q(movement=Movement.REDEEM)),
            disbursed=Sum("amount", filter=Q(movement=Movement.DISBURSE)),
            clawed_back=Sum("amount", filter=Q(movement=Movement.CLAW_BACK)),
            first=Min("created_at"),
        )
        .order_by("voucher__enterprise__name", "call__code", "kind", "provider")
    )
    grants = []
    for row in rows:
        reserved = (row["reserved"] or 0) - (row["released"] or 0)
        if reserved <= 0 and not row["redeemed"]:
            continue
        grants.append(
            {
                "enterprise": row["voucher__enterprise__name"],
                "tax_code": row["voucher__enterprise__tax_code"],
                "call": row["call__code"],
                "call_title": row["call__title"],
                "kind": row["kind"],
                "reserved": reserved,
                "redeemed": (row["redeemed"] or 0) - (row["clawed_back"] or 0),
                "disbursed": row["disbursed"] or 0,
                "provider": row["provider"],
                "date": timezone.localdate(row["first"]),
            }
        )
    return grants

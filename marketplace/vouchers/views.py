"""Voucher pages: the SME applies under an open call and follows its vouchers; the officer decides and
watches the budget (CSV/XLSX); the public sees the support granted (and its open data) and checks a
voucher's code."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.roles import is_officer
from marketplace.core.errors import DomainError
from marketplace.core.forms import MoneyField
from marketplace.core.pages import MAX_PK
from marketplace.enterprises.selectors import enterprises_of
from marketplace.programme.charts import bars
from marketplace.programme.exports import to_csv, to_xlsx

from . import selectors, services
from .errors import InvalidVoucherInput
from .forms import CallForm
from .models import ApplicationStatus, Call, SupportKind


def _officer_only(request) -> None:
    if not is_officer(request.user):
        raise DjangoPermissionDenied


@login_required
def mine(request):
    """The SME's vouchers with balances, its applications, and the calls open to apply under."""
    enterprises = list(enterprises_of(request.user))
    vouchers = [
        (v, selectors.voucher_balance(v))
        for v in selectors.vouchers_for(request.user)
        .filter(enterprise__in=enterprises)
        .order_by("-issued_at")
    ]
    applications = selectors.applications_for(request.user).filter(enterprise__in=enterprises)
    calls = []
    for call in selectors.calls_open():
        gaps = {e.pk: selectors.eligibility_gaps(e, call) for e in enterprises}
        calls.append((call, gaps))
    return render(
        request,
        "vouchers/mine.html",
        {"vouchers": vouchers, "applications": applications, "calls": calls, "enterprises": enterprises},
    )


@login_required
def apply(request, call_pk: int):
    call = selectors.calls().filter(pk=call_pk).first() if call_pk <= MAX_PK else None
    if call is None:
        raise Http404
    enterprises = list(enterprises_of(request.user))
    error, fields = None, {}
    values = {"amount": request.POST.get("amount", ""), "purpose": request.POST.get("purpose", "")}
    if request.method == "POST":
        chosen = request.POST.get("enterprise", "")
        enterprise = next((e for e in enterprises if str(e.pk) == chosen), None)
        if enterprise is None and len(enterprises) == 1:
            enterprise = enterprises[0]
        amount_field = MoneyField(max_value=10**13)
        try:
            if enterprise is None:
                raise InvalidVoucherInput(_("Choose the enterprise you apply for."))
            try:
                amount = amount_field.clean(values["amount"])
            except ValidationError as exc:
                raise InvalidVoucherInput(exc.messages[0], fields={"amount_requested": exc.messages}) from exc
            application = services.application_submit(
                call=call,
                enterprise=enterprise,
                by=request.user,
                amount_requested=amount,
                purpose=values["purpose"],
            )
        except DomainError as exc:
            error, fields = exc.message, exc.fields
        else:
            if application.status == ApplicationStatus.APPROVED:
                messages.success(request, _("Approved by the call's rule: your voucher is ready."))
            else:
                messages.success(request, _("Application sent. An officer of the department will decide."))
            return redirect("vouchers:mine")
    gaps = {e.pk: selectors.eligibility_gaps(e, call) for e in enterprises}
    return render(
        request,
        "vouchers/apply.html",
        {
            "call": call,
            "enterprises": enterprises,
            "gaps": gaps,
            "error": error,
            "fields": fields,
            "values": values,
        },
        status=400 if error else 200,
    )


@login_required
def officer_queue(request):
    _officer_only(request)
    queue = selectors.application_queue()
    calls = [(call, selectors.call_balances(call)) for call in selectors.calls()]
    return render(request, "vouchers/officer_queue.html", {"queue": queue, "calls": calls})


@require_POST
@login_required
def officer_decide(request, pk: int):
    _officer_only(request)
    if pk > MAX_PK:
        raise Http404
    application = selectors.applications_for(request.user).filter(pk=pk).first()
    if application is None:
        raise Http404
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            ceiling = request.POST.get("ceiling", "").strip()
            ceiling = MoneyField(max_value=10**13).clean(ceiling) if ceiling else None
            services.application_approve(application=application, by=request.user, ceiling=ceiling)
            messages.success(request, _("Approved: the voucher is issued."))
        elif decision == "reject":
            services.application_reject(
                application=application, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Rejected."))
        else:
            raise InvalidVoucherInput(_("Choose approve or reject."))
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("vouchers:officer")


def _budget_rows(cut: str) -> list[list]:
    header = [
        str(cut_labels()[cut]),
        _("Granted (VND)"),
        _("Reserved (VND)"),
        _("Redeemed (VND)"),
        _("Disbursed (VND)"),
        _("Clawed back (VND)"),
    ]
    if cut == "call":
        header.insert(1, _("Budget (VND)"))
    rows = [header]
    for row in selectors.budget_use(cut):
        values = [row["granted"], row["reserved"], row["redeemed"], row["disbursed"], row["clawed_back"]]
        if cut == "call":
            values.insert(0, row["budget"])
        rows.append([row["label"], *values])
    return rows


def cut_labels() -> dict[str, str]:
    return {
        "call": _("Call"),
        "ward": _("Ward / commune"),
        "section": _("VSIC section"),
        "size": _("Size class"),
    }


@login_required
def officer_budget(request):
    _officer_only(request)
    cut = request.GET.get("cut", "call")
    if cut not in selectors.CUTS:
        cut = "call"
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        rows = _budget_rows(cut)
        if export == "csv":
            response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                to_xlsx(rows, title=_("Budget use")),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="voucher-budget-{cut}.{export}"'
        return response
    rows = selectors.budget_use(cut)
    labels = cut_labels()
    chart = bars([(r["label"], r["granted"]) for r in rows], label=_("Granted (VND)"))
    return render(
        request,
        "vouchers/officer_budget.html",
        {"rows": rows, "cut": cut, "cuts": labels, "cut_label": labels[cut], "chart": chart},
    )


OPEN_DATA_FIELDS = [
    "enterprise",
    "tax_code",
    "call",
    "kind",
    "reserved",
    "redeemed",
    "disbursed",
    "provider",
    "date",
]


def public(request):
    grants = selectors.public_grants()
    kinds = dict(SupportKind.choices)
    for grant in grants:
        grant["kind_label"] = kinds.get(grant["kind"], grant["kind"])
    totals = {k: sum(g[k] for g in grants) for k in ("reserved", "redeemed", "disbursed")}
    rows = []
    for call in Call.objects.order_by("-opens_on"):
        balances = selectors.call_balances(call)
        rows.append((call.title, call.budget - balances["available"]))
    chart = bars(rows, label=_("Budget granted per call (VND)"))
    return render(request, "vouchers/public.html", {"grants": grants, "totals": totals, "chart": chart})


def open_data_csv(request):
    rows = [OPEN_DATA_FIELDS] + [
        [g[f].isoformat() if f == "date" else g[f] for f in OPEN_DATA_FIELDS]
        for g in selectors.public_grants()
    ]
    response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="support-granted.csv"'
    return response


def open_data_json(request):
    data = [
        {f: (g[f].isoformat() if f == "date" else g[f]) for f in OPEN_DATA_FIELDS}
        for g in selectors.public_grants()
    ]
    return HttpResponse(
        json.dumps({"fields": OPEN_DATA_FIELDS, "currency": "VND", "grants": data}, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )


def verify(request):
    code = (request.GET.get("code") or "").strip()[:60]
    voucher = selectors.voucher_by_code(code) if code else None
    return render(
        request,
        "vouchers/verify.html",
        {"code": code, "voucher": voucher, "checked": bool(code)},
        status=404 if code and voucher is None else 200,
    )


@login_required
def officer_call_new(request):
    """An officer opens a call: scheme, budget typed the Vietnamese way, dates, quotas, rule."""
    _officer_only(request)
    form = CallForm(request.POST or None, schemes=selectors.schemes().order_by("-is_default", "code"))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = services.call_open(
                    scheme=data["scheme"],
                    by=request.user,
                    code=data["code"],
                    title=data["title"],
                    budget=data["budget"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    voucher_valid_until=data["voucher_valid_until"],
                    auto_approve_up_to=data["auto_approve_up_to"],
                    quotas=form.quotas(),
                )
            except DomainError as exc:
                for field, problems in (exc.fields or {}).items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
                if not exc.fields:
                    form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Call %(code)s opened with its budget in the ledger.") % {"code": call.code}
                )
                return redirect("vouchers:officer")
        status = 400
    return render(request, "vouchers/officer_call_new.html", {"form": form}, status=status)


@login_required
def officer_money(request):
    """The amounts due a voucher holds support for: redeem, disburse, claw back."""
    _officer_only(request)
    return render(request, "vouchers/officer_money.html", {"payables": selectors.payables_held()})


@require_POST
@login_required
def officer_money_act(request):
    _officer_only(request)
    key = (request.POST.get("payable_key") or "").strip()[:80]
    action = request.POST.get("action")
    actions = {
        "redeem": lambda: services.redeem(
            key=key, by=request.user, evidence=request.POST.get("e_invoice_number", "")[:64]
        ),
        "disburse": lambda: services.disburse(
            key=key, by=request.user, bank_reference=request.POST.get("bank_reference", "")[:64]
        ),
        "claw_back": lambda: services.claw_back(
            key=key, by=request.user, reason=request.POST.get("reason", "")
        ),
    }
    if action not in actions or not key:
        raise Http404
    try:
        actions[action]()
    except DomainError as exc:
        details = [m for problems in (exc.fields or {}).values() for m in problems]
        shown = [exc.message, *[d for d in details if d != exc.message]]
        messages.error(request, " ".join(str(m) for m in shown))
    else:
        done = {
            "redeem": _("Redeemed against the e-invoice."),
            "disburse": _("Disbursement recorded."),
            "claw_back": _("Clawed back."),
        }
        messages.success(request, done[action])
    return redirect("vouchers:money")

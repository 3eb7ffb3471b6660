"""Engagement pages: the consultant proposes and revises, the enterprise reads the changes and answers,
milestones are delivered with evidence, reviewed, paid, and an officer resolves disputes.

Anyone who is not a party (or an officer) gets 404 for an engagement, its milestones and its files;
a party acting outside its side gets the service's refusal as a message, and nothing changes.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.decorators import officer_required
from marketplace.accounts.roles import is_officer
from marketplace.core.errors import DomainError, NotFound
from marketplace.core.forms import MoneyField
from marketplace.payments import gateway as payment_gateway
from marketplace.payments.selectors import live_payments_of

from . import selectors, services
from . import workflow as wf
from .errors import EngagementNotFound, InvalidProposal, MilestoneNotFound
from .forms import MilestoneFormSet, ProposalForm, ResolveForm
from .models import EngagementStatus, Milestone, MilestoneStatus, Party


def _engagement_or_404(request, pk: int):
    try:
        return selectors.engagement_get_for(user=request.user, pk=pk)
    except EngagementNotFound as exc:
        raise Http404 from exc


def _milestone_or_404(request, engagement, pk) -> Milestone:
    milestone = engagement.milestones.filter(pk=pk).first() if str(pk).isdigit() else None
    if milestone is None:
        raise Http404
    return milestone


@login_required
def mine(request):
    return render(
        request,
        "engagements/list.html",
        {
            "as_sme": selectors.engagements_of_enterprise_member(request.user)[:100],
            "as_provider": selectors.engagements_of_provider(request.user)[:100],
            "can_propose": selectors.consultants_acted_for(request.user).exists(),
        },
    )


@officer_required
def disputes(request):
    return render(request, "engagements/disputes.html", {"milestones": selectors.disputes_open()[:200]})


def _apply_service_errors(exc: DomainError, form, formset) -> None:
    for key, problems in (exc.fields or {}).items():
        if key in form.fields:
            for problem in problems:
                form.add_error(key, problem)
        elif key.startswith("milestones.") and key.split(".", 1)[1].isdigit():
            index = int(key.split(".", 1)[1])
            kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            target = kept[index] if index < len(kept) else None
            for problem in problems:
                if target is not None:
                    target.add_error(None, problem)
                else:
                    form.add_error(None, problem)
        else:
            for problem in problems:
                form.add_error(None, problem)
    if not exc.fields:
        form.add_error(None, exc.message)


@login_required
def propose(request):
    consultants = selectors.consultants_acted_for(request.user)
    if not consultants.exists():
        raise Http404
    enterprises = selectors.enterprises_met_by(consultants)
    initial = {}
    if request.GET.get("enterprise", "").isdigit():
        initial["enterprise"] = int(request.GET["enterprise"])
    form = ProposalForm(
        request.POST or None, initial=initial, enterprises=enterprises, consultants=consultants
    )
    formset = MilestoneFormSet(request.POST or None, prefix="milestones")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        consultant = data.get("consultant") or consultants.first()
        items = formset.milestones()
        try:
            engagement = services.engagement_propose(
                consultant=consultant,
                enterprise=data["enterprise"],
                proposed_by=request.user,
                title=data["title"],
                scope=data["scope"],
                pillars=data["pillars"],
                deliverables=data["deliverables"],
                milestones=items,
                total=sum(m["amount"] for m in items),
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except DomainError as exc:
            _apply_service_errors(exc, form, formset)
        else:
            messages.success(request, _("Proposal sent. The enterprise will answer it."))
            return redirect("engagements:detail", pk=engagement.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "engagements/proposal_form.html",
        {"form": form, "formset": formset, "engagement": None, "no_enterprise": not enterprises.exists()},
        status=status,
    )


@login_required
def revise(request, pk: int):
    engagement = _engagement_or_404(request, pk)
    if selectors.engagement_party(engagement, request.user) != Party.PROVIDER:
        raise Http404
    if engagement.status not in (EngagementStatus.PROPOSED, EngagementStatus.CHANGES_REQUESTED):
        messages.error(request, _("Only a proposal not yet accepted can be revised."))
        return redirect("engagements:detail", pk=engagement.pk)
    latest = selectors.latest_version(engagement)
    initial = {
        "scope": latest.scope,
        "pillars": "\n".join(latest.pillars),
        "deliverables": latest.deliverables,
        "start_date": latest.start_date,
        "end_date": latest.end_date,
    }
    form = ProposalForm(request.POST or None, initial=initial, revising=True)
    formset = MilestoneFormSet(
        request.POST or None,
        prefix="milestones",
        initial=[
            {"title": m["title"], "due_date": m["due_date"], "amount": m["amount"]} for m in latest.milestones
        ],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        items = formset.milestones()
        try:
            services.engagement_revise(
                engagement=engagement,
                by=request.user,
                scope=data["scope"],
                pillars=data["pillars"],
                deliverables=data["deliverables"],
                milestones=items,
                total=sum(m["amount"] for m in items),
                start_date=data["start_date"],
                end_date=data["end_date"],
                note=data.get("note", ""),
            )
        except DomainError as exc:
            _apply_service_errors(exc, form, formset)
        else:
            messages.success(request, _("New version sent to the enterprise."))
            return redirect("engagements:detail", pk=engagement.pk)
    return render(
        request,
        "engagements/proposal_form.html",
        {"form": form, "formset": formset, "engagement": engagement, "latest": latest},
        status=400 if request.method == "POST" else 200,
    )


def _milestone_rows(engagement, user, party: str | None) -> list[Milestone]:
    milestones = list(selectors.milestones_of(engagement))
    type_id = ContentType.objects.get_for_model(Milestone).pk
    payments = live_payments_of(milestones)
    now = timezone.now()
    payable_states = (EngagementStatus.ACTIVE, EngagementStatus.ENDED, EngagementStatus.COMPLETED)
    for milestone in milestones:
        milestone.payment = payments.get((type_id, milestone.pk))
        owed = milestone.settled_amount if milestone.settled_amount is not None else milestone.amount
        milestone.can_pay = (
            party == Party.SME
            and milestone.payment is None
            and engagement.status in payable_states
            and milestone.status not in (MilestoneStatus.CANCELLED, MilestoneStatus.REJECTED)
            and owed > 0
        )
        milestone.can_deliver = (
            party == Party.PROVIDER
            and engagement.status == EngagementStatus.ACTIVE
            and milestone.status == MilestoneStatus.PENDING
        )
        milestone.can_review = (
            party == Party.SME
            and milestone.status == MilestoneStatus.DELIVERED
            and milestone.review_due_at is not None
            and milestone.review_due_at > now
        )
        milestone.can_resolve = milestone.status == MilestoneStatus.DISPUTED and is_officer(user)
        milestone.can_invoice = (
            party == Party.PROVIDER
            and milestone.status in (MilestoneStatus.ACCEPTED, MilestoneStatus.PARTIAL)
            and (milestone.settled_amount or 0) > 0
        )
    return milestones


@login_required
def detail(request, pk: int):
    engagement = _engagement_or_404(request, pk)
    party = selectors.engagement_party(engagement, request.user)
    versions = selectors.versions_of(engagement)
    latest = versions[-1] if versions else None
    previous = versions[-2] if len(versions) > 1 else None
    allowed = set(wf.ENGAGEMENT_WORKFLOW.actions_from(engagement.status))
    return render(
        request,
        "engagements/detail.html",
        {
            "engagement": engagement,
            "party": party,
            "latest": latest,
            "previous": previous,
            "versions": versions,
            "changes": selectors.version_changes(previous, latest) if latest else [],
            "milestones": _milestone_rows(engagement, request.user, party),
            "can_answer": party == Party.SME and wf.ACCEPT in allowed,
            "can_revise": party == Party.PROVIDER and wf.REVISE in allowed,
            "can_withdraw": party == Party.PROVIDER and wf.WITHDRAW in allowed,
            "can_end": party is not None and wf.END_EARLY in allowed,
            "owed": selectors.amount_owed(engagement),
            "history": selectors.engagement_history(engagement),
            "review_days": services.review_days(),
            "pay_key": uuid.uuid4().hex,
            "card_enabled": payment_gateway.enabled(),
            "resolve_form": ResolveForm(),
            # the payment page is the payer's (and officers'): the consultant sees the payment's state
            "can_open_payment": party == Party.SME or is_officer(request.user),
        },
    )


def _amount(value: str) -> int | None:
    if not (value or "").strip():
        return None
    try:
        return MoneyField().clean(value)
    except Exception as exc:
        message = " ".join(getattr(exc, "messages", [])) or _("Enter an amount in đồng.")
        raise InvalidProposal(message, fields={"amount": [message]}) from exc


def _version(value: str) -> int:
    return int(value) if (value or "").isdigit() else 0


@login_required
@require_POST
def act(request, pk: int):
    engagement = _engagement_or_404(request, pk)
    data = request.POST
    user = request.user
    action = data.get("action", "")
    milestone_actions = {"deliver", "accept_delivery", "dispute", "resolve", "invoice"}
    milestone = (
        _milestone_or_404(request, engagement, data.get("milestone", ""))
        if action in milestone_actions
        else None
    )
    calls = {
        "accept": lambda: services.engagement_accept(
            engagement=engagement, by=user, version_number=_version(data.get("version", ""))
        ),
        "request_changes": lambda: services.engagement_request_changes(
            engagement=engagement, by=user, reason=data.get("reason", "")
        ),
        "withdraw": lambda: services.engagement_withdraw(
            engagement=engagement, by=user, reason=data.get("reason", "")
        ),
        "end": lambda: services.engagement_end_early(
            engagement=engagement, by=user, reason=data.get("reason", "")
        ),
        "deliver": lambda: services.milestone_deliver(
            milestone=milestone, by=user, note=data.get("note", ""), files=request.FILES.getlist("evidence")
        ),
        "accept_delivery": lambda: services.milestone_accept(milestone=milestone, by=user),
        "dispute": lambda: services.milestone_dispute(
            milestone=milestone, by=user, reason=data.get("reason", "")
        ),
        "resolve": lambda: services.milestone_resolve(
            milestone=milestone,
            officer=user,
            outcome=data.get("outcome", ""),
            reason=data.get("reason", ""),
            amount=_amount(data.get("amount", "")),
        ),
        "invoice": lambda: services.milestone_record_invoice(
            milestone=milestone, by=user, number=data.get("e_invoice_number", "")
        ),
    }
    if action not in calls:
        raise Http404
    try:
        calls[action]()
    except DomainError as exc:
        details = [m for problems in (exc.fields or {}).values() for m in problems]
        messages.error(request, " ".join([exc.message, *details]) if details else exc.message)
    else:
        messages.success(request, _("Done."))
    back = reverse("engagements:detail", args=[engagement.pk])
    if action == "resolve" and data.get("from") == "disputes":
        back = reverse("engagements:disputes")
    return redirect(back + (f"#milestone-{milestone.pk}" if milestone is not None else ""))


@login_required
def evidence(request, pk: int):
    try:
        item = selectors.evidence_get_for(user=request.user, pk=pk)
    except (MilestoneNotFound, NotFound) as exc:
        raise Http404 from exc
    handle = default_storage.open(item.file_name, "rb")
    return FileResponse(handle, content_type=item.content_type, filename=item.original_name or None)

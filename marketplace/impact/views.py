"""Impact pages: the SME's measurements, the public showcase of exemplary SMEs, the officers' page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.decorators import officer_required
from marketplace.accounts.roles import is_officer
from marketplace.core.audit import audit_history
from marketplace.core.pages import post_action
from marketplace.enterprises.models import Enterprise
from marketplace.enterprises.selectors import enterprises_of

from . import exemplary, selectors, services
from .forms import ConsentForm, ReasonForm
from .models import Designation, ImpactSummary, Measurement


@login_required
def mine(request):
    measurements = (
        Measurement.objects.filter(enterprise__in=enterprises_of(request.user))
        .select_related("enterprise")
        .prefetch_related("attributions")
    )
    designations = Designation.objects.filter(enterprise__in=enterprises_of(request.user))
    return render(request, "impact/mine.html", {"measurements": measurements, "designations": designations})


def showcase(request):
    return render(request, "impact/showcase.html", {"designations": exemplary.showcase()})


def showcase_detail(request, pk: int):
    designation = get_object_or_404(Designation.objects.select_related("enterprise"), pk=pk)
    member = enterprises_of(request.user).filter(pk=designation.enterprise_id).exists()
    if not (designation.is_public or member or is_officer(request.user)):
        raise Http404
    form = ConsentForm(
        request.POST or None, initial={"consent": designation.consent_to_publish, "story": designation.story}
    )

    def consent():
        if not form.is_valid():
            return None
        services.exemplary_consent(
            designation=designation,
            user=request.user,
            consent=form.cleaned_data["consent"],
            story=form.cleaned_data["story"],
        )
        messages.success(request, _("Saved."))
        return redirect("impact:showcase_detail", designation.pk)

    outcome = post_action(request, {"consent": consent} if member else {}, forms={"consent": form})
    if outcome.response is not None:
        return outcome.response
    return render(
        request,
        "impact/showcase_detail.html",
        {
            "designation": designation,
            "story": exemplary.showcase_story(designation),
            "member": member,
            "form": form,
        },
        status=outcome.status,
    )


@officer_required
def officer(request):
    designate_form = ReasonForm(request.POST if request.POST.get("form") == "designate" else None, prefix="d")
    withdraw_form = ReasonForm(request.POST if request.POST.get("form") == "withdraw" else None, prefix="w")

    def _target(model):
        raw = request.POST.get("pk", "")
        if not raw.isascii() or not raw.isdigit():
            raise Http404
        return get_object_or_404(model, pk=int(raw))

    def designate():
        enterprise = _target(Enterprise)
        if not designate_form.is_valid():
            return None
        services.exemplary_designate(
            enterprise=enterprise, officer=request.user, reason=designate_form.cleaned_data["reason"]
        )
        messages.success(request, _("Designated."))
        return redirect("impact:officer")

    def withdraw():
        designation = _target(Designation)
        if not withdraw_form.is_valid():
            return None
        services.exemplary_withdraw(
            designation=designation, officer=request.user, reason=withdraw_form.cleaned_data["reason"]
        )
        messages.success(request, _("Designation withdrawn."))
        return redirect("impact:officer")

    outcome = post_action(
        request,
        {"designate": designate, "withdraw": withdraw},
        forms={"designate": designate_form, "withdraw": withdraw_form},
    )
    if outcome.response is not None:
        return outcome.response
    designations = list(Designation.objects.select_related("enterprise").order_by("-designated_at"))
    return render(
        request,
        "impact/officer.html",
        {
            "candidates": exemplary.candidates()[:100],
            "criteria": exemplary.criteria(),
            "designations": designations,
            "histories": {d.pk: audit_history(d) for d in designations[:30]},
            "designate_form": designate_form,
            "withdraw_form": withdraw_form,
            "top": ImpactSummary.objects.filter(enough=True).order_by("-mean_addressed_level_change")[:20],
            "support_tables": [
                (_("By support call"), selectors.impact_by_support("call")),
                (_("By support scheme"), selectors.impact_by_support("scheme")),
            ],
        },
        status=outcome.status,
    )

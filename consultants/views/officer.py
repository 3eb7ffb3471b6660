"""Department officers: the application queue, the review page, certificate decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.accounts.decorators import officer_required
from marketplace.core.pages import post_action

from .. import selectors, services
from ..errors import CertificateNotFound
from ..forms import (
    CertificateActionForm,
    DecisionForm,
)
from ..models import (
    ApplicationStatus,
    CertificationApplication,
)


@officer_required
def officer_queue(request):
    status = request.GET.get("status") or None
    if status and status not in ApplicationStatus.values:
        status = None
    page = Paginator(selectors.applications_queue(status=status), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "consultants/officer_queue.html",
        {"page": page, "status": status or "", "statuses": ApplicationStatus.choices},
    )


@officer_required
@require_http_methods(["GET", "POST"])
def officer_review(request, pk: int):
    application = get_object_or_404(
        CertificationApplication.objects.select_related(
            "consultant__user", "criteria", "reviewer"
        ).prefetch_related("evidence", "references"),
        pk=pk,
    )
    form = DecisionForm(request.POST if request.POST.get("form") == "decide" else None)
    done = redirect("consultants:officer_review", pk=pk)

    def start_review():
        services.application_start_review(application=application, officer=request.user)
        messages.success(request, _("You are now reviewing this application."))
        return done

    def decide():
        if not form.is_valid():
            return None
        checklist = {
            item["code"]: bool(request.POST.get(f"check_{item['code']}"))
            for item in application.criteria.items
        }
        services.application_decide(
            application=application,
            officer=request.user,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            checklist=checklist,
        )
        messages.success(request, _("Decision recorded."))
        return done

    outcome = post_action(request, {"start_review": start_review, "decide": decide}, forms={"decide": form})
    if outcome.response:
        return outcome.response
    if request.method == "POST":
        application.refresh_from_db()  # show the state that refused the action
    certificate = selectors.consultant_live_certificate(
        application.consultant
    ) or selectors.consultant_latest_certificate(application.consultant)
    answers = application.criteria_answers
    items = [
        {
            **item,
            "answer": answers.get(item["code"], ""),
            "checked": application.checklist.get(item["code"], False),
        }
        for item in application.criteria.localised_items()
    ]
    return render(
        request,
        "consultants/officer_review.html",
        {
            "application": application,
            "consultant": application.consultant,
            "items": items,
            "form": form,
            "history": selectors.application_history(application),
            "certificate": certificate,
            "certificate_history": selectors.audit_history(certificate) if certificate else [],
            "action_form": CertificateActionForm(),
        },
        status=outcome.status,
    )


@officer_required
@require_POST
def officer_certificate_action(request, code: str):
    try:
        certificate = selectors.certificate_get_by_code(code)
    except CertificateNotFound as exc:
        raise Http404 from exc
    form = CertificateActionForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("consultants:certificate_check", args=[code])
    back = redirect(next_url)  # success or refusal: the page the officer came from says which

    def decided(service, **arguments):
        def run():
            service(certificate=certificate, officer=request.user, **arguments)
            messages.success(request, _("Certificate updated."))
            return back

        return run

    post_action(
        request,
        {
            "suspend": decided(services.certificate_suspend, reason=reason),
            "reinstate": decided(services.certificate_reinstate, reason=reason),
            "revoke": decided(services.certificate_revoke, reason=reason),
            "renew": decided(services.certificate_renew),
        },
        key="action",
    )
    return back

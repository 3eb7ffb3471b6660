"""The consultant's network application and its private evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.core.pages import form_action, post_action, posted_pk

from .. import selectors, services
from ..forms import (
    ApplicationForm,
    EvidenceForm,
    ReferenceForm,
)
from ..models import (
    Evidence,
)
from .common import consultant_or_redirect


@login_required
@require_http_methods(["GET", "POST"])
def application(request):
    consultant = consultant_or_redirect(request)
    if consultant is None:
        return redirect("consultants:profile_edit")
    current = selectors.consultant_open_application(consultant) or selectors.consultant_latest_application(
        consultant
    )
    action = request.POST.get("form")
    criteria = current.criteria if current else selectors.criteria_current()
    initial = {}
    if current:
        initial = {"statement": current.statement}
        initial.update({f"answer_{code}": text for code, text in current.criteria_answers.items()})
    form = ApplicationForm(request.POST if action == "details" else None, initial=initial, criteria=criteria)
    evidence_form = EvidenceForm(
        request.POST if action == "evidence" else None,
        request.FILES if action == "evidence" else None,
        criteria=criteria,
        prefix="ev",
    )
    reference_form = ReferenceForm(request.POST if action == "reference" else None, prefix="ref")
    done = redirect("consultants:application")

    def start():
        services.application_create(consultant=consultant, actor=request.user)
        return done

    def details():
        if not form.is_valid():
            return None
        services.application_update(
            application=current,
            actor=request.user,
            statement=form.cleaned_data["statement"],
            criteria_answers=form.answers(),
        )
        messages.success(request, _("Application saved."))
        return done

    def add_evidence():
        if not evidence_form.is_valid():
            return None
        services.application_add_evidence(
            application=current,
            actor=request.user,
            uploaded_file=evidence_form.cleaned_data["file"],
            criterion=evidence_form.cleaned_data["criterion"],
            description=evidence_form.cleaned_data["description"],
        )
        messages.success(request, _("Document attached."))
        return done

    def delete_evidence():
        services.application_remove_evidence(application=current, actor=request.user, pk=posted_pk(request))
        return done

    def delete_reference():
        services.application_remove_reference(application=current, actor=request.user, pk=posted_pk(request))
        return done

    def submit():
        services.application_submit(application=current, actor=request.user)
        messages.success(request, _("Your application has been sent to the department."))
        return done

    on_current = {
        "details": details,
        "evidence": add_evidence,
        "reference": form_action(
            request,
            reference_form,
            lambda data: services.application_add_reference(application=current, actor=request.user, **data),
            then=done,
            success=_("Reference added."),
        ),
        "delete_evidence": delete_evidence,
        "delete_reference": delete_reference,
        "submit": submit,
    }
    if current is None and action in on_current:
        raise Http404
    outcome = post_action(
        request,
        {"start": start, **on_current},
        forms={"details": form, "evidence": evidence_form, "reference": reference_form},
    )
    if outcome.response:
        return outcome.response
    return render(
        request,
        "consultants/application.html",
        {
            "consultant": consultant,
            "current": current,
            "criteria": criteria,
            "form": form,
            "evidence_form": evidence_form,
            "reference_form": reference_form,
            "missing": services.application_missing(current) if current and current.is_editable else {},
            "certificate": selectors.consultant_live_certificate(consultant),
        },
        status=outcome.status,
    )


@login_required
def evidence_download(request, pk: int):
    """Evidence is private: the applicant and officers only, never a public media URL."""
    evidence = get_object_or_404(Evidence.objects.select_related("application__consultant"), pk=pk)
    if not (request.user.is_officer or evidence.application.consultant.user_id == request.user.pk):
        raise Http404
    handle = default_storage.open(evidence.file_name, "rb")
    return FileResponse(handle, content_type=evidence.content_type, filename=evidence.original_name)

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.accounts.decorators import officer_required
from marketplace.core.errors import DomainError, NotFound

from . import selectors, services
from .errors import CertificateNotFound, NotFirmAdmin
from .filters import ConsultantFilter
from .forms import (
    ApplicationForm,
    AvailabilityExceptionForm,
    AvailabilityRuleForm,
    CertificateActionForm,
    CertificateLookupForm,
    ConsultantProfileForm,
    DecisionForm,
    EngagementForm,
    EvidenceForm,
    FirmForm,
    FirmMemberAddForm,
    FirmRoleForm,
    PackageForm,
    PhotoForm,
    QualificationForm,
    ReferenceForm,
)
from .models import (
    ApplicationStatus,
    CertificationApplication,
    Consultant,
    ConsultingFirm,
    Evidence,
    FirmMembership,
)


def _form_errors(request, form, error: DomainError) -> None:
    if not form.is_bound:  # the action had no form of its own (start, submit, delete): say it on top
        messages.error(request, error.message)
        return
    if not error.fields:
        form.add_error(None, error.message)
    for field, errors in error.fields.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _own(request) -> Consultant | None:
    return selectors.consultant_of(request.user)


# ---- public ----


def registry(request):
    filterset = ConsultantFilter(
        request.GET or None, queryset=selectors.with_public_relations(selectors.consultants_public())
    )
    if filterset.is_bound and not filterset.is_valid():
        consultants = selectors.consultants_public().none()
        status = 400
    else:
        consultants = filterset.qs
        status = 200
    page = Paginator(consultants, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultants/registry.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
        status=status,
    )


def profile(request, pk: int):
    consultant = get_object_or_404(
        Consultant.objects.select_related("user", "firm_membership__firm").prefetch_related(
            "sectors",
            "expertise",
            "categories",
            "coverage",
            "packages",
            "engagements__sector",
            "qualifications",
        ),
        pk=pk,
    )
    is_owner = request.user.is_authenticated and consultant.user_id == request.user.pk
    is_public = selectors.consultant_is_public(consultant)
    if not (is_public or is_owner or getattr(request.user, "is_officer", False)):
        raise Http404
    certificate = selectors.consultant_live_certificate(consultant)
    return render(
        request,
        "consultants/profile.html",
        {
            "consultant": consultant,
            "certificate": certificate,
            "has_badge": selectors.consultant_has_badge(consultant),
            "is_owner": is_owner,
            "is_public": is_public,
            "slots": selectors.consultant_next_slots(consultant),
        },
    )


def firm_detail(request, pk: int):
    firm = get_object_or_404(ConsultingFirm, pk=pk)
    members = selectors.consultants_public().filter(firm_membership__firm=firm).order_by("display_name", "pk")
    mine = selectors.firm_membership_of(request.user)
    return render(
        request,
        "consultants/firm.html",
        {
            "firm": firm,
            "members": members,
            "my_membership": mine if mine and mine.firm_id == firm.pk else None,
        },
    )


def certificate_lookup(request):
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("consultants:certificate_check", code=form.cleaned_data["code"].strip())
    return render(request, "consultants/certificate_lookup.html", {"form": form})


def certificate_check(request, code: str):
    try:
        certificate = selectors.certificate_get_by_code(code)
    except CertificateNotFound:
        form = CertificateLookupForm(initial={"code": code})
        return render(
            request, "consultants/certificate_lookup.html", {"form": form, "not_found": True}, status=404
        )
    return render(
        request,
        "consultants/certificate.html",
        {
            "certificate": certificate,
            "status": certificate.public_status(),
            "consultant": certificate.consultant,
        },
    )


# ---- the consultant's own pages ----


def _profile_initial(consultant: Consultant) -> dict:
    return {
        "display_name": consultant.display_name,
        "headline": consultant.headline,
        "biography": consultant.biography,
        "years_experience": consultant.years_experience,
        "expertise": consultant.expertise.all(),
        "sectors": consultant.sectors.all(),
        "categories": consultant.categories.all(),
        "coverage": consultant.coverage.all(),
        "languages": consultant.languages,
        "service_modes": consultant.service_modes,
        "hourly_rate": consultant.hourly_rate,
        "time_zone": consultant.time_zone,
        "is_visible": consultant.is_visible,
    }


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    consultant = _own(request)
    initial = _profile_initial(consultant) if consultant else {"display_name": request.user.full_name}
    form = ConsultantProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if consultant is None:
                consultant = services.consultant_create(user=request.user, **form.cleaned_data)
            else:
                consultant = services.consultant_update(
                    consultant=consultant, actor=request.user, **form.cleaned_data
                )
        except DomainError as error:
            _form_errors(request, form, error)
        else:
            messages.success(request, _("Your consultant profile has been saved."))
            return redirect("consultants:profile_edit")
    return render(
        request,
        "consultants/profile_edit.html",
        {
            "form": form,
            "consultant": consultant,
            "photo_form": PhotoForm(),
            "membership": selectors.firm_membership_of(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def photo_upload(request):
    consultant = _own(request)
    if consultant is None:
        return redirect("consultants:profile_edit")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.consultant_set_photo(
                consultant=consultant, actor=request.user, uploaded_file=form.cleaned_data["photo"]
            )
        except DomainError as error:
            _form_errors(request, form, error)
        else:
            messages.success(request, _("Your photo has been updated."))
            return redirect("consultants:profile_edit")
    return render(
        request,
        "consultants/profile_edit.html",
        {
            "form": ConsultantProfileForm(initial=_profile_initial(consultant)),
            "consultant": consultant,
            "photo_form": form,
            "membership": selectors.firm_membership_of(request.user),
        },
        status=400,
    )


def _consultant_or_redirect(request):
    consultant = _own(request)
    if consultant is None:
        messages.info(request, _("Create your consultant profile first."))
    return consultant


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    consultant = _consultant_or_redirect(request)
    if consultant is None:
        return redirect("consultants:profile_edit")
    rule_form = AvailabilityRuleForm(
        request.POST if request.POST.get("form") == "rule" else None, prefix="rule"
    )
    exception_form = AvailabilityExceptionForm(
        request.POST if request.POST.get("form") == "exception" else None, prefix="exc"
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "rule" and rule_form.is_valid():
                services.availability_rule_add(
                    consultant=consultant, actor=request.user, **rule_form.cleaned_data
                )
                messages.success(request, _("Weekly hours added."))
                return redirect("consultants:availability")
            if action == "exception" and exception_form.is_valid():
                services.availability_exception_add(
                    consultant=consultant, actor=request.user, **exception_form.cleaned_data
                )
                messages.success(request, _("Exception added."))
                return redirect("consultants:availability")
            if action == "delete_rule":
                services.availability_rule_remove(
                    consultant=consultant, actor=request.user, pk=int(request.POST.get("pk", 0))
                )
                return redirect("consultants:availability")
            if action == "delete_exception":
                services.availability_exception_remove(
                    consultant=consultant, actor=request.user, pk=int(request.POST.get("pk", 0))
                )
                return redirect("consultants:availability")
        except DomainError as error:
            _form_errors(request, rule_form if action == "rule" else exception_form, error)
        status = 400
    return render(
        request,
        "consultants/availability.html",
        {
            "consultant": consultant,
            "rules": consultant.availability_rules.all(),
            "exceptions": consultant.availability_exceptions.order_by("date"),
            "rule_form": rule_form,
            "exception_form": exception_form,
            "slots": selectors.consultant_next_slots(consultant),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def track_record(request):
    consultant = _consultant_or_redirect(request)
    if consultant is None:
        return redirect("consultants:profile_edit")
    action = request.POST.get("form")
    forms = {
        "engagement": EngagementForm(request.POST if action == "engagement" else None, prefix="eng"),
        "qualification": QualificationForm(
            request.POST if action == "qualification" else None, prefix="qual"
        ),
        "package": PackageForm(request.POST if action == "package" else None, prefix="pkg"),
    }
    adders = {
        "engagement": services.consultant_engagement_add,
        "qualification": services.consultant_qualification_add,
        "package": services.consultant_package_add,
    }
    status = 200
    if request.method == "POST":
        try:
            if action in adders and forms[action].is_valid():
                adders[action](consultant=consultant, actor=request.user, **forms[action].cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("consultants:track_record")
            if action == "delete" and request.POST.get("kind") in adders:
                services.consultant_item_remove(
                    consultant=consultant,
                    actor=request.user,
                    kind=request.POST["kind"],
                    pk=int(request.POST.get("pk", 0)),
                )
                return redirect("consultants:track_record")
        except DomainError as error:
            if action in forms:
                _form_errors(request, forms[action], error)
            else:
                messages.error(request, error.message)
        status = 400
    return render(
        request,
        "consultants/track_record.html",
        {
            "consultant": consultant,
            "engagements": consultant.engagements.select_related("sector"),
            "qualifications": consultant.qualifications.all(),
            "packages": consultant.packages.all(),
            "forms": forms,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application(request):
    consultant = _consultant_or_redirect(request)
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
    status = 200
    if request.method == "POST":
        try:
            if action == "start":
                services.application_create(consultant=consultant, actor=request.user)
                return redirect("consultants:application")
            if current is None:
                raise Http404
            if action == "details" and form.is_valid():
                services.application_update(
                    application=current,
                    actor=request.user,
                    statement=form.cleaned_data["statement"],
                    criteria_answers=form.answers(),
                )
                messages.success(request, _("Application saved."))
                return redirect("consultants:application")
            if action == "evidence" and evidence_form.is_valid():
                services.application_add_evidence(
                    application=current,
                    actor=request.user,
                    uploaded_file=evidence_form.cleaned_data["file"],
                    criterion=evidence_form.cleaned_data["criterion"],
                    description=evidence_form.cleaned_data["description"],
                )
                messages.success(request, _("Document attached."))
                return redirect("consultants:application")
            if action == "reference" and reference_form.is_valid():
                services.application_add_reference(
                    application=current, actor=request.user, **reference_form.cleaned_data
                )
                messages.success(request, _("Reference added."))
                return redirect("consultants:application")
            if action == "delete_evidence":
                services.application_remove_evidence(
                    application=current, actor=request.user, pk=int(request.POST.get("pk", 0))
                )
                return redirect("consultants:application")
            if action == "delete_reference":
                services.application_remove_reference(
                    application=current, actor=request.user, pk=int(request.POST.get("pk", 0))
                )
                return redirect("consultants:application")
            if action == "submit":
                services.application_submit(application=current, actor=request.user)
                messages.success(request, _("Your application has been sent to the department."))
                return redirect("consultants:application")
        except DomainError as error:
            target = {"evidence": evidence_form, "reference": reference_form}.get(action, form)
            _form_errors(request, target, error)
        status = 400
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
        status=status,
    )


@login_required
def evidence_download(request, pk: int):
    """Evidence is private: the applicant and officers only, never a public media URL."""
    evidence = get_object_or_404(Evidence.objects.select_related("application__consultant"), pk=pk)
    if not (request.user.is_officer or evidence.application.consultant.user_id == request.user.pk):
        raise Http404
    handle = default_storage.open(evidence.file_name, "rb")
    return FileResponse(handle, content_type=evidence.content_type, filename=evidence.original_name)


# ---- the consultant's firm ----


def _firm_initial(firm: ConsultingFirm) -> dict:
    return {field: getattr(firm, field) for field in services.FIRM_FIELDS}


@login_required
def my_firm(request):
    """The "Firm" link: create one, manage it (administrators) or see it (members)."""
    membership = selectors.firm_membership_of(request.user)
    if membership is None:
        return redirect("consultants:firm_create")
    if membership.role == FirmMembership.ADMIN:
        return redirect("consultants:firm_manage", pk=membership.firm_id)
    return redirect("consultants:firm_detail", pk=membership.firm_id)


@login_required
@require_http_methods(["GET", "POST"])
def firm_create(request):
    if _consultant_or_redirect(request) is None:
        return redirect("consultants:profile_edit")
    if selectors.firm_membership_of(request.user) is not None:
        messages.info(request, _("You already belong to a consulting firm."))
        return redirect("consultants:my_firm")
    form = FirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            firm = services.firm_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_errors(request, form, error)
        else:
            messages.success(request, _("Your firm has been created. You are its administrator."))
            return redirect("consultants:firm_manage", pk=firm.pk)
    return render(request, "consultants/firm_create.html", {"form": form}, status=400 if form.errors else 200)


def _member_from_post(request, firm: ConsultingFirm) -> Consultant:
    """The consultant a row action is about; only this firm's members can be named."""
    try:
        pk = int(request.POST.get("consultant", ""))
    except ValueError as exc:
        raise Http404 from exc
    membership = get_object_or_404(
        FirmMembership.objects.select_related("consultant"), firm=firm, consultant_id=pk
    )
    return membership.consultant


@login_required
@require_http_methods(["GET", "POST"])
def firm_manage(request, pk: int):
    """A firm administrator's page: the firm's profile and its members (add, change role, remove)."""
    firm = get_object_or_404(ConsultingFirm.objects.select_related("ward"), pk=pk)
    if not selectors.firm_is_admin(firm=firm, user=request.user):
        raise PermissionDenied
    action = request.POST.get("form")
    form = FirmForm(request.POST if action == "firm" else None, initial=_firm_initial(firm))
    member_form = FirmMemberAddForm(request.POST if action == "add_member" else None, prefix="member")
    status = 200
    if request.method == "POST":
        try:
            if action == "firm" and form.is_valid():
                services.firm_update(firm=firm, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The firm's profile has been saved."))
                return redirect("consultants:firm_manage", pk=firm.pk)
            if action == "add_member" and member_form.is_valid():
                consultant = selectors.consultant_by_email(member_form.cleaned_data["email"])
                if consultant is None:
                    member_form.add_error("email", _("No consultant profile uses this e-mail."))
                else:
                    services.firm_member_add(
                        firm=firm,
                        actor=request.user,
                        consultant=consultant,
                        role=member_form.cleaned_data["role"],
                    )
                    messages.success(
                        request,
                        _("%(name)s is now a member of the firm.") % {"name": consultant.display_name},
                    )
                    return redirect("consultants:firm_manage", pk=firm.pk)
            if action in ("role", "remove"):
                consultant = _member_from_post(request, firm)
                if action == "role":
                    role_form = FirmRoleForm(request.POST)
                    if not role_form.is_valid():
                        raise DomainError(_("Unknown role."))
                    services.firm_member_set_role(
                        firm=firm,
                        actor=request.user,
                        consultant=consultant,
                        role=role_form.cleaned_data["role"],
                    )
                    messages.success(request, _("Role changed."))
                else:
                    services.firm_member_remove(firm=firm, actor=request.user, consultant=consultant)
                    messages.success(
                        request,
                        _("%(name)s has been removed from the firm.") % {"name": consultant.display_name},
                    )
                return redirect("consultants:my_firm")  # an admin may just have stepped down or out
        except NotFirmAdmin as error:
            raise PermissionDenied from error
        except DomainError as error:
            target = {"firm": form, "add_member": member_form}.get(action)
            if target is None:
                messages.error(request, error.message)
            else:
                _form_errors(request, target, error)
        status = 400
    return render(
        request,
        "consultants/firm_manage.html",
        {
            "firm": firm,
            "form": form,
            "member_form": member_form,
            "members": selectors.firm_members(firm).select_related("consultant__user"),
            "role_choices": FirmRoleForm.base_fields["role"].choices,
        },
        status=status,
    )


@login_required
@require_POST
def firm_leave(request, pk: int):
    firm = get_object_or_404(ConsultingFirm, pk=pk)
    try:
        services.firm_leave(firm=firm, actor=request.user)
    except NotFound as error:
        raise Http404 from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("consultants:firm_detail", pk=firm.pk)
    messages.success(request, _("You have left %(firm)s.") % {"firm": firm.name})
    return redirect("consultants:profile_edit")


# ---- officers ----


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
    status = 200
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "start_review":
                services.application_start_review(application=application, officer=request.user)
                messages.success(request, _("You are now reviewing this application."))
                return redirect("consultants:officer_review", pk=pk)
            if action == "decide" and form.is_valid():
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
                return redirect("consultants:officer_review", pk=pk)
        except DomainError as error:
            _form_errors(request, form, error)
        status = 409 if request.method == "POST" and not form.errors else 400
        application.refresh_from_db()
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
        status=status,
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
    action = request.POST.get("action")
    try:
        if action == "suspend":
            services.certificate_suspend(certificate=certificate, officer=request.user, reason=reason)
        elif action == "reinstate":
            services.certificate_reinstate(certificate=certificate, officer=request.user, reason=reason)
        elif action == "revoke":
            services.certificate_revoke(certificate=certificate, officer=request.user, reason=reason)
        elif action == "renew":
            services.certificate_renew(certificate=certificate, officer=request.user)
        else:
            raise Http404
        messages.success(request, _("Certificate updated."))
    except DomainError as error:
        messages.error(request, error.message)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("consultants:certificate_check", args=[code])
    return redirect(next_url)

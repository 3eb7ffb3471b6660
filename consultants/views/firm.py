"""The consultant's firm: create, manage members, leave."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.core.errors import DomainError, InvalidInput, NotFound
from marketplace.core.pages import form_errors, post_action

from .. import selectors, services
from ..forms import (
    FirmForm,
    FirmMemberAddForm,
    FirmRoleForm,
)
from ..models import (
    Consultant,
    ConsultingFirm,
    FirmMembership,
)
from .common import consultant_or_redirect


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
    if consultant_or_redirect(request) is None:
        return redirect("consultants:profile_edit")
    if selectors.firm_membership_of(request.user) is not None:
        messages.info(request, _("You already belong to a consulting firm."))
        return redirect("consultants:my_firm")
    form = FirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            firm = services.firm_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_errors(form, error, request=request)
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

    def update_firm():
        if not form.is_valid():
            return None
        services.firm_update(firm=firm, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The firm's profile has been saved."))
        return redirect("consultants:firm_manage", pk=firm.pk)

    def add_member():
        if not member_form.is_valid():
            return None
        consultant = selectors.consultant_by_email(member_form.cleaned_data["email"])
        if consultant is None:
            member_form.add_error("email", _("No consultant profile uses this e-mail."))
            return None
        services.firm_member_add(
            firm=firm, actor=request.user, consultant=consultant, role=member_form.cleaned_data["role"]
        )
        messages.success(
            request, _("%(name)s is now a member of the firm.") % {"name": consultant.display_name}
        )
        return redirect("consultants:firm_manage", pk=firm.pk)

    def set_role():
        consultant = _member_from_post(request, firm)
        role_form = FirmRoleForm(request.POST)
        if not role_form.is_valid():
            raise InvalidInput(_("Unknown role."))
        services.firm_member_set_role(
            firm=firm, actor=request.user, consultant=consultant, role=role_form.cleaned_data["role"]
        )
        messages.success(request, _("Role changed."))
        return redirect("consultants:my_firm")  # an admin may just have stepped down

    def remove_member():
        consultant = _member_from_post(request, firm)
        services.firm_member_remove(firm=firm, actor=request.user, consultant=consultant)
        messages.success(
            request, _("%(name)s has been removed from the firm.") % {"name": consultant.display_name}
        )
        return redirect("consultants:my_firm")  # an admin may just have removed themself

    outcome = post_action(
        request,
        {"firm": update_firm, "add_member": add_member, "role": set_role, "remove": remove_member},
        forms={"firm": form, "add_member": member_form},
    )
    if outcome.response:
        return outcome.response
    if outcome.status == 403:  # no longer an administrator (demoted a moment ago): not their page
        raise PermissionDenied
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
        status=outcome.status,
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

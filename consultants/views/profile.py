"""The consultant's own profile, photo and track record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.core.errors import DomainError, InvalidInput
from marketplace.core.pages import form_action, form_errors, post_action, posted_pk

from .. import selectors, services
from ..forms import (
    ConsultantProfileForm,
    EngagementForm,
    PackageForm,
    PhotoForm,
    QualificationForm,
)
from ..models import (
    Consultant,
)
from .common import consultant_or_redirect, own_consultant


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
    consultant = own_consultant(request)
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
            form_errors(form, error, request=request)
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
    consultant = own_consultant(request)
    if consultant is None:
        return redirect("consultants:profile_edit")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.consultant_set_photo(
                consultant=consultant, actor=request.user, uploaded_file=form.cleaned_data["photo"]
            )
        except DomainError as error:
            form_errors(form, error, request=request)
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


@login_required
@require_http_methods(["GET", "POST"])
def track_record(request):
    consultant = consultant_or_redirect(request)
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
    done = redirect("consultants:track_record")

    def adder(kind: str):
        def save(data):
            adders[kind](consultant=consultant, actor=request.user, **data)

        return form_action(request, forms[kind], save, then=done, success=_("Saved."))

    def delete():
        kind = request.POST.get("kind")
        if kind not in adders:
            raise InvalidInput(_("This item does not exist. Reload the page and try again."))
        services.consultant_item_remove(
            consultant=consultant, actor=request.user, kind=kind, pk=posted_pk(request)
        )
        return done

    outcome = post_action(request, {**{kind: adder(kind) for kind in adders}, "delete": delete}, forms=forms)
    if outcome.response:
        return outcome.response
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
        status=outcome.status,
    )

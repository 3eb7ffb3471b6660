"""The consultant's weekly hours and exceptions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.core.pages import post_action, posted_pk

from .. import selectors, services
from ..forms import (
    AvailabilityExceptionForm,
    AvailabilityRuleForm,
)
from .common import consultant_or_redirect


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    consultant = consultant_or_redirect(request)
    if consultant is None:
        return redirect("consultants:profile_edit")
    action = request.POST.get("form")
    rule_form = AvailabilityRuleForm(request.POST if action == "rule" else None, prefix="rule")
    exception_form = AvailabilityExceptionForm(request.POST if action == "exception" else None, prefix="exc")
    done = redirect("consultants:availability")

    def add_rule():
        if not rule_form.is_valid():
            return None
        services.availability_rule_add(consultant=consultant, actor=request.user, **rule_form.cleaned_data)
        messages.success(request, _("Weekly hours added."))
        return done

    def add_exception():
        if not exception_form.is_valid():
            return None
        services.availability_exception_add(
            consultant=consultant, actor=request.user, **exception_form.cleaned_data
        )
        messages.success(request, _("Exception added."))
        return done

    def delete_rule():
        services.availability_rule_remove(consultant=consultant, actor=request.user, pk=posted_pk(request))
        return done

    def delete_exception():
        services.availability_exception_remove(
            consultant=consultant, actor=request.user, pk=posted_pk(request)
        )
        return done

    outcome = post_action(
        request,
        {
            "rule": add_rule,
            "exception": add_exception,
            "delete_rule": delete_rule,
            "delete_exception": delete_exception,
        },
        forms={"rule": rule_form, "exception": exception_form},
    )
    if outcome.response:
        return outcome.response
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
        status=outcome.status,
    )

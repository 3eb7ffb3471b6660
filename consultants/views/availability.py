"""The consultant's weekly hours and exceptions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.core.pages import form_action, post_action, posted_pk

from .. import services
from ..bookings import selectors as booking_selectors
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
            "rule": form_action(
                request,
                rule_form,
                lambda data: services.availability_rule_add(
                    consultant=consultant, actor=request.user, **data
                ),
                then=done,
                success=_("Weekly hours added."),
            ),
            "exception": form_action(
                request,
                exception_form,
                lambda data: services.availability_exception_add(
                    consultant=consultant, actor=request.user, **data
                ),
                then=done,
                success=_("Exception added."),
            ),
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
            "slots": booking_selectors.next_slots(consultant),
        },
        status=outcome.status,
    )

"""Facility pages: the public list and one facility with its free sessions and the booking form, the
SME's bookings, one booking with its actions, the provider's facilities and calendar, the officer's
approval of providers. Views parse input and call one service or selector."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.decorators import officer_required
from marketplace.core.errors import DomainError
from marketplace.enterprises.selectors import enterprises_of

from . import ics, payables, selectors, services
from .errors import FacilityBookingNotFound, FacilityNotFound
from .models import (
    FacilityBookingStatus,
    FacilityKind,
    PriceUnit,
    Provider,
    ProviderKind,
    ProviderStatus,
)
from .pricing import booking_split

WEEKDAYS = range(7)


def _parse_instant(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return None if timezone.is_naive(parsed) else parsed


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def facility_list(request):
    facilities = list(selectors.facilities_public().order_by("name", "pk")[:100])
    free = selectors.next_free_slots_many(facilities)
    rows = [(f, free.get(f.pk, [])) for f in facilities]
    return render(request, "facilities/list.html", {"rows": rows})


def facility_detail(request, slug: str):
    try:
        facility = selectors.facility_get_public(slug)
    except FacilityNotFound as exc:
        raise Http404 from exc
    enterprises = list(enterprises_of(request.user))
    days = selectors.free_days(facility)
    chosen_day = None
    wanted = request.GET.get("day") or request.POST.get("day")
    if wanted:
        try:
            chosen_day = date.fromisoformat(wanted)
        except ValueError:
            chosen_day = None
    if chosen_day not in days:
        chosen_day = next(iter(days), None)
    form = {"purpose": "", "participants": "1", "start": "", "enterprise": ""}
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        form = {key: request.POST.get(key, "") for key in form}
        enterprise = next((e for e in enterprises if str(e.pk) == form["enterprise"]), None)
        if enterprise is None and len(enterprises) == 1:
            enterprise = enterprises[0]
        start = _parse_instant(form["start"])
        if enterprise is None:
            error = _("Choose the enterprise you book for.")
        elif start is None:
            error = _("Choose a time.")
        else:
            try:
                booking = services.booking_request(
                    facility=facility,
                    enterprise=enterprise,
                    requested_by=request.user,
                    start=start,
                    purpose=form["purpose"],
                    participants=_int(form["participants"], 0),
                )
            except DomainError as exc:
                error = exc.message
                if exc.fields:
                    error += " " + " ".join(
                        str(m) for msgs in exc.fields.values() for m in msgs if m != exc.message
                    )
                days = selectors.free_days(facility)
            else:
                messages.success(request, _("Booked. You can see it in your facility bookings."))
                return redirect(booking.get_absolute_url())
    estimate = None
    if enterprises:
        estimate = booking_split(
            price=facility.slot_price,
            size_class=enterprises[0].size_class,
            eligible=facility.support_eligible,
        )
    return render(
        request,
        "facilities/detail.html",
        {
            "facility": facility,
            "days": list(days),
            "chosen_day": chosen_day,
            "slots": days.get(chosen_day, []),
            "enterprises": enterprises,
            "form": form,
            "error": error,
            "estimate": estimate,
        },
        status=400 if error else 200,
    )


@login_required
def my_bookings(request):
    bookings = selectors.bookings_of_enterprises(request.user)[:200]
    return render(request, "facilities/mine.html", {"bookings": bookings})


def _actions(booking, party: str, now: datetime) -> list[str]:
    actions = []
    status = booking.status
    if party == selectors.PROVIDER and status == FacilityBookingStatus.REQUESTED:
        actions += ["confirm", "decline"]
    if (
        status in (FacilityBookingStatus.REQUESTED, FacilityBookingStatus.CONFIRMED)
        and booking.start_at > now
    ):
        actions.append("cancel")
    if status == FacilityBookingStatus.CONFIRMED and booking.start_at <= now:
        actions.append("outcome" if party == selectors.SME else "no_show")
    return actions


@login_required
def booking_detail(request, pk: int):
    try:
        booking = selectors.booking_get_for(user=request.user, pk=pk)
    except FacilityBookingNotFound as exc:
        raise Http404 from exc
    party = selectors.booking_party(booking, request.user)
    return render(
        request,
        "facilities/booking.html",
        {
            "booking": booking,
            "party": party,
            "actions": _actions(booking, party, timezone.now()),
            "payable": party == selectors.SME and payables.is_payable(booking),
        },
    )


@login_required
@require_POST
def booking_act(request, pk: int):
    try:
        booking = selectors.booking_get_for(user=request.user, pk=pk)
    except FacilityBookingNotFound as exc:
        raise Http404 from exc
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        if action == "confirm":
            services.booking_confirm(booking=booking, actor=request.user)
        elif action == "decline":
            services.booking_decline(booking=booking, actor=request.user, reason=reason)
        elif action == "cancel":
            services.booking_cancel(booking=booking, actor=request.user, reason=reason)
        elif action == "outcome":
            services.booking_record_outcome(
                booking=booking, actor=request.user, note=request.POST.get("note", "")
            )
        elif action == "no_show":
            services.booking_mark_no_show(booking=booking, actor=request.user)
        else:
            messages.error(request, _("Unknown action."))
            return redirect(booking.get_absolute_url())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(booking.get_absolute_url())


@login_required
def booking_ics(request, pk: int):
    try:
        booking = selectors.booking_get_for(user=request.user, pk=pk)
    except FacilityBookingNotFound as exc:
        raise Http404 from exc
    response = HttpResponse(ics.booking_invitation(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="facility-booking-{booking.pk}.ics"'
    return response


# ---- providers ----


@login_required
def provider_home(request):
    """The provider's facilities and its calendar (the next four weeks), or the form to register one."""
    providers = list(selectors.providers_of(request.user))
    error, form = "", {}
    if request.method == "POST" and not providers:
        form = {key: request.POST.get(key, "") for key in ("name", "kind", "address", "email", "phone")}
        try:
            services.provider_apply(user=request.user, **form)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Registered. An officer of the department will review it."))
            return redirect("facilities:provider")
    now = timezone.now()
    start = now - timedelta(days=7)
    calendar = selectors.provider_calendar(request.user, start=start, end=now + timedelta(days=28))
    return render(
        request,
        "facilities/provider.html",
        {
            "providers": providers,
            "facilities": selectors.facilities_managed_by(request.user),
            "calendar": calendar,
            "kinds": ProviderKind.choices,
            "form": form,
            "error": error,
        },
        status=400 if error else 200,
    )


def _facility_form_values(post) -> dict:
    def clock(name):
        try:
            return time.fromisoformat(post.get(name, ""))
        except ValueError:
            return None

    return {
        "name": post.get("name", ""),
        "kind": post.get("kind", ""),
        "description": post.get("description", ""),
        "rules": post.get("rules", ""),
        "capacity": _int(post.get("capacity")),
        "open_days": [d for d in (_int(v) for v in post.getlist("open_days")) if d is not None],
        "opens_at": clock("opens_at"),
        "closes_at": clock("closes_at"),
        "slot_minutes": _int(post.get("slot_minutes")),
        "price": _int(post.get("price")),
        "price_unit": post.get("price_unit", ""),
        "support_eligible": post.get("support_eligible") == "on",
        "auto_confirm": post.get("auto_confirm") == "on",
        "is_published": post.get("is_published") == "on",
    }


@login_required
def facility_edit(request, slug: str | None = None):
    """Create (no slug) or edit one of the provider's own facilities; another provider's is a 404."""
    facility = None
    if slug:
        try:
            facility = selectors.facility_get_managed(user=request.user, slug=slug)
        except FacilityNotFound as exc:
            raise Http404 from exc
    provider = facility.provider if facility else selectors.providers_of(request.user).first()
    if provider is None:
        return redirect("facilities:provider")
    errors: dict = {}
    values = {}
    if request.method == "POST":
        values = _facility_form_values(request.POST)
        try:
            if facility:
                facility = services.facility_update(facility=facility, actor=request.user, **values)
            else:
                facility = services.facility_create(provider=provider, actor=request.user, **values)
        except DomainError as exc:
            errors = exc.fields or {"__all__": [exc.message]}
        else:
            messages.success(request, _("Saved."))
            return redirect("facilities:provider")
    return render(
        request,
        "facilities/edit.html",
        {
            "facility": facility,
            "provider": provider,
            "values": values or (facility.__dict__ if facility else {"open_days": [0, 1, 2, 3, 4]}),
            "errors": errors,
            "kinds": FacilityKind.choices,
            "units": PriceUnit.choices,
            "weekdays": WEEKDAYS,
        },
        status=400 if errors else 200,
    )


@officer_required
def providers_review(request):
    if request.method == "POST":
        provider = get_object_or_404(Provider, pk=_int(request.POST.get("provider"), 0))
        try:
            services.provider_decide(
                provider=provider,
                officer=request.user,
                approve=request.POST.get("decision") == "approve",
                reason=request.POST.get("reason", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("facilities:providers_review")
    return render(
        request,
        "facilities/review.html",
        {
            "pending": selectors.providers_pending(),
            "approved": Provider.objects.filter(status=ProviderStatus.APPROVED),
        },
    )

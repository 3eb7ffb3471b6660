"""Booking pages for both sides: book a slot, my bookings, the consultant's queue and agenda, one
booking with its actions and messages, calendar feed settings. Views parse input and call one service."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultants import selectors as consultant_selectors
from consultants.models import Consultant, ServiceMode
from marketplace.core.errors import DomainError
from marketplace.enterprises.selectors import enterprises_of

from . import ics, selectors, services
from . import workflow as wf
from .errors import BookingNotFound
from .models import BookingStatus, Party

SHOWN_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
BOOKING_DAYS = 14


def _parse_local(value: str) -> datetime | None:
    """The slot radio carries an ISO-8601 instant with its offset; anything else is no choice."""
    try:
        parsed = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return None if timezone.is_naive(parsed) else parsed


def _days_with_slots(consultant: Consultant) -> dict[date, list[datetime]]:
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    slots = selectors.free_slots(
        consultant,
        start=start,
        end=start + timedelta(days=BOOKING_DAYS),
        slot_minutes=selectors.slot_minutes(),
    )
    days: dict[date, list[datetime]] = {}
    for slot in slots:
        days.setdefault(slot.astimezone(SHOWN_ZONE).date(), []).append(slot)
    return days


@login_required
def book(request, consultant_pk: int):
    consultant = get_object_or_404(Consultant.objects.select_related("user"), pk=consultant_pk)
    if not selectors.consultant_bookable(consultant):
        raise Http404
    enterprises = list(enterprises_of(request.user))
    days = _days_with_slots(consultant)
    chosen_day = None
    if request.GET.get("day"):
        try:
            chosen_day = date.fromisoformat(request.GET["day"])
        except ValueError:
            chosen_day = None
    if chosen_day not in days:
        chosen_day = next(iter(days), None)
    modes = [
        (code, ServiceMode(code).label) for code in consultant.service_modes if code in ServiceMode.values
    ]
    form = {
        "topic": request.GET.get("topic", "")[:200],
        "message": "",
        "service_mode": modes[0][0] if modes else "",
        "enterprise": str(enterprises[0].pk) if enterprises else "",
        "start": "",
    }
    error = None
    if request.method == "POST":
        form.update({key: request.POST.get(key, "") for key in form})
        enterprise = next((e for e in enterprises if str(e.pk) == form["enterprise"]), None)
        start = _parse_local(form["start"])
        if enterprise is None:
            error = _("Book on behalf of an enterprise you are a member of.")
        elif start is None:
            error = _("Choose one of the free times.")
        else:
            try:
                booking = services.booking_request(
                    consultant=consultant,
                    enterprise=enterprise,
                    requested_by=request.user,
                    start=start,
                    service_mode=form["service_mode"],
                    topic=form["topic"],
                    message=form["message"],
                )
            except DomainError as exc:
                error = exc.message
                days = _days_with_slots(consultant)
            else:
                messages.success(
                    request, _("Your request is sent. The time is held for you until the consultant answers.")
                )
                return redirect(booking.get_absolute_url())
        if start is not None:
            chosen_day = (
                start.astimezone(SHOWN_ZONE).date()
                if start.astimezone(SHOWN_ZONE).date() in days
                else chosen_day
            )
    return render(
        request,
        "bookings/book.html",
        {
            "consultant": consultant,
            "enterprises": enterprises,
            "days": list(days),
            "chosen_day": chosen_day,
            "slots": days.get(chosen_day, []),
            "modes": modes,
            "form": form,
            "error": error,
            "policy_hours": selectors.cancellation_policy_hours(),
        },
        status=400 if error else 200,
    )


def _booking_or_404(request, pk: int):
    try:
        return selectors.booking_get_for(user=request.user, pk=pk)
    except BookingNotFound as exc:
        raise Http404 from exc


def _actions_for(booking, party) -> list[str]:
    allowed = set(wf.BOOKING_WORKFLOW.actions_from(booking.status))
    by_party = {
        Party.CONSULTANT: [wf.CONFIRM, wf.DECLINE, wf.PROPOSE, wf.CANCEL, wf.MARK_HELD, wf.MARK_NO_SHOW],
        Party.SME: [wf.ACCEPT_PROPOSAL, wf.DECLINE_PROPOSAL, wf.CANCEL],
    }
    names = [action.split(".", 1)[1] for action in by_party.get(party, []) if action in allowed]
    if booking.status == BookingStatus.CONFIRMED:
        names.append("reschedule")
    return names


@login_required
def detail(request, pk: int):
    booking = _booking_or_404(request, pk)
    party = selectors.booking_party(booking, request.user)
    other_contact = None
    if selectors.contacts_visible(booking):
        if party == Party.SME:
            other_contact = {"email": booking.consultant.user.email, "phone": booking.consultant.user.phone}
        else:
            other_contact = {
                "email": booking.enterprise.contact_email,
                "phone": booking.enterprise.contact_phone,
            }
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "party": party,
            "actions": _actions_for(booking, party),
            "thread": booking.messages.select_related("author"),
            "history": selectors.booking_history(booking),
            "other_contact": other_contact,
            "policy_hours": selectors.cancellation_policy_hours(),
            "late_now": booking.status == BookingStatus.CONFIRMED
            and services.cancellation_is_late(booking, timezone.now()),
            "next_slots": selectors.next_slots(booking.consultant, count=6)
            if booking.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
            else [],
        },
    )


@login_required
@require_POST
def act(request, pk: int):
    booking = _booking_or_404(request, pk)
    action = request.POST.get("action", "")
    data = request.POST
    user = request.user
    calls = {
        "confirm": lambda: services.booking_confirm(
            booking=booking, actor=user, meeting_url=data.get("meeting_url", "").strip()
        ),
        "decline": lambda: services.booking_decline(
            booking=booking, actor=user, reason=data.get("reason", "")
        ),
        "propose": lambda: services.booking_propose(
            booking=booking, actor=user, start=_parse_local(data.get("start", "")) or _missing()
        ),
        "accept_proposal": lambda: services.booking_accept_proposal(booking=booking, actor=user),
        "decline_proposal": lambda: services.booking_decline_proposal(
            booking=booking, actor=user, reason=data.get("reason", "")
        ),
        "cancel": lambda: services.booking_cancel(booking=booking, actor=user, reason=data.get("reason", "")),
        "reschedule": lambda: services.booking_reschedule(
            booking=booking, actor=user, start=_parse_local(data.get("start", "")) or _missing()
        ),
        "mark_held": lambda: services.booking_mark_held(
            booking=booking, actor=user, note=data.get("note", ""), next_step=data.get("next_step", "")
        ),
        "mark_no_show": lambda: services.booking_mark_no_show(
            booking=booking, actor=user, party=data.get("party", ""), note=data.get("note", "")
        ),
        "message": lambda: services.booking_message_post(
            booking=booking, author=user, body=data.get("body", ""), uploaded_file=request.FILES.get("file")
        ),
    }
    if action not in calls:
        raise Http404
    try:
        result = calls[action]()
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(booking.get_absolute_url())
    if action != "message":
        messages.success(request, _("Done."))
    target = result if action == "reschedule" else booking
    return redirect(target.get_absolute_url())


def _missing():
    from .errors import NaiveTime

    raise NaiveTime(_("Choose one of the free times."))


@login_required
def invitation(request, pk: int):
    booking = _booking_or_404(request, pk)
    response = HttpResponse(ics.booking_invitation(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    return response


@login_required
def my_bookings(request):
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    return render(
        request,
        "bookings/mine.html",
        {
            "when": when,
            "bookings": selectors.bookings_of_user(request.user, when=when)[:100],
            "consultant": consultant_selectors.consultant_of(request.user),
        },
    )


def _own_consultant(request) -> Consultant:
    consultant = consultant_selectors.consultant_of(request.user)
    if consultant is None:
        raise Http404
    return consultant


@login_required
def queue(request):
    consultant = _own_consultant(request)
    return render(
        request,
        "bookings/queue.html",
        {"consultant": consultant, "bookings": selectors.consultant_queue(consultant)},
    )


@login_required
def agenda(request):
    consultant = _own_consultant(request)
    view = "day" if request.GET.get("view") == "day" else "week"
    try:
        first = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        first = timezone.now().astimezone(SHOWN_ZONE).date()
    if view == "week":
        first -= timedelta(days=first.weekday())
    length = 1 if view == "day" else 7
    start = datetime(first.year, first.month, first.day, tzinfo=SHOWN_ZONE)
    bookings = list(selectors.consultant_agenda(consultant, start=start, end=start + timedelta(days=length)))
    days = []
    for offset in range(length):
        day = first + timedelta(days=offset)
        days.append((day, [b for b in bookings if b.start_at.astimezone(SHOWN_ZONE).date() == day]))
    return render(
        request,
        "bookings/agenda.html",
        {
            "consultant": consultant,
            "view": view,
            "days": days,
            "previous": first - timedelta(days=length),
            "next": first + timedelta(days=length),
        },
    )


@login_required
def feed_settings(request):
    consultant = consultant_selectors.consultant_of(request.user)
    if request.method == "POST":
        if request.POST.get("form") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, _("A new private address was made; the old one no longer works."))
        elif request.POST.get("form") == "capacity" and consultant is not None:
            raw = request.POST.get("weekly_capacity_hours", "").strip()
            hours = int(raw) if raw.isdigit() and int(raw) <= 168 else None
            services.calendar_set_capacity(consultant=consultant, actor=request.user, hours=hours)
            messages.success(request, _("Saved."))
        return redirect("bookings:feed_settings")
    feed = services.calendar_feed_for(user=request.user)
    calendar = selectors.calendar_of(consultant) if consultant else None
    return render(
        request,
        "bookings/feed_settings.html",
        {
            "feed_url": request.build_absolute_uri(reverse("bookings:feed", args=[feed.token])),
            "consultant": consultant,
            "calendar": calendar,
            "policy_hours": selectors.cancellation_policy_hours(),
        },
    )


def feed(request, token: str):
    """The private calendar feed: the token is the only credential (calendar apps cannot log in)."""
    subscription = selectors.feed_by_token(token)
    if subscription is None:
        raise Http404
    body = ics.feed(selectors.feed_bookings(subscription.user), name=_("DX marketplace bookings"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response

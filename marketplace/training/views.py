"""Training pages: the public browses events and checks certificates; SME members register named
employees, cancel and transfer seats and show the QR code; organisers publish and check in;
attendees give feedback; officers approve organisers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from marketplace.accounts.roles import is_officer
from marketplace.core.errors import DomainError
from marketplace.core.pages import MAX_PK, form_errors, post_action
from marketplace.enterprises.selectors import enterprises_of

from . import fees, qr, selectors, services
from .errors import InvalidToken
from .forms import (
    CertificateLookupForm,
    DecisionForm,
    EventForm,
    FeedbackForm,
    OrganiserApplyForm,
    RegisterForm,
    SessionForm,
    TransferForm,
)
from .models import PILLAR_CODES, PILLARS, Audience, EventStatus, Organiser, OrganiserStatus, SeatStatus


def _pk(value) -> int:
    text = str(value or "")
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_PK:
        raise Http404
    return int(text)


def home(request):
    pillar = request.GET.get("pillar") or ""
    audience = request.GET.get("audience") or ""
    events = list(selectors.events_upcoming())
    if pillar in PILLAR_CODES:
        events = [e for e in events if pillar in e.pillars]
    if audience in Audience.values:
        events = [e for e in events if e.audience == audience]
    return render(
        request,
        "training/home.html",
        {
            "events": events,
            "pillars": PILLARS,
            "audiences": Audience.choices,
            "pillar": pillar,
            "audience": audience,
            "can_publish": selectors.can_publish(request.user),
            "is_sme": request.user.is_authenticated and enterprises_of(request.user).exists(),
        },
    )


def event(request, pk: int):
    try:
        item = selectors.event_get_public(pk)
    except DomainError:
        item = selectors.events_managed_by(request.user).filter(pk=pk).first()
        if item is None:
            raise Http404 from None
    enterprises = list(enterprises_of(request.user)) if request.user.is_authenticated else []
    now = timezone.now()
    open_sessions = [s for s in item.sessions.all() if s.starts_at > now]
    form = RegisterForm(request.POST or None, enterprises=enterprises) if enterprises else None
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated or form is None:
            raise Http404
        session_id = _pk(request.POST.get("session"))
        session = next((s for s in open_sessions if s.pk == session_id), None)
        if session is None:
            messages.error(request, _("Registration for this session is not open."))
            status = 409
        elif form.is_valid():
            enterprise = next(e for e in enterprises if str(e.pk) == form.cleaned_data["enterprise"])
            try:
                seats = services.seats_register(
                    session=session,
                    enterprise=enterprise,
                    user=request.user,
                    attendees=form.cleaned_data["attendees"],
                )
            except DomainError as error:
                form_errors(form, error, request=request)
                status = 400 if error.fields else error.status
            else:
                waiting = sum(1 for s in seats if s.status == SeatStatus.WAITING)
                if waiting:
                    messages.warning(
                        request,
                        _(
                            "%(n)s registered; %(w)s on the waiting list (they move up in order when a seat frees)."
                        )
                        % {"n": len(seats), "w": waiting},
                    )
                else:
                    messages.success(request, _("%(n)s seats confirmed.") % {"n": len(seats)})
                return redirect("training:mine")
        else:
            status = 400
    rule = fees.rules().get(item.support_rule)
    shares = [(e, selectors.split_for(item, e)) for e in enterprises]
    return render(
        request,
        "training/event.html",
        {
            "event": item,
            "rule": rule,
            "shares": shares,
            "open_sessions": open_sessions,
            "form": form,
            "can_manage": selectors.can_manage(request.user, item)
            if request.user.is_authenticated
            else False,
        },
        status=status,
    )


@login_required
def mine(request):
    seats = list(selectors.seats_of(request.user))
    now = timezone.now()
    for seat in seats:
        seat.position = selectors.waiting_position(seat)
        seat.feedback_open = (
            seat.checked_in_at is not None and seat.session.ends_at <= now and not hasattr(seat, "feedback")
        )
        seat.feedback_token = selectors.feedback_token(seat) if seat.feedback_open else ""
    return render(request, "training/mine.html", {"seats": seats})


@login_required
def seat(request, pk: int):
    try:
        item = selectors.seat_get_for_member(request.user, pk)
    except DomainError:
        raise Http404 from None
    transfer_form = TransferForm(request.POST if request.POST.get("form") == "transfer" else None)

    def cancel():
        services.seat_cancel(seat=item, user=request.user)
        messages.success(request, _("The seat is cancelled."))
        return redirect("training:mine")

    def transfer():
        if not transfer_form.is_valid():
            return None
        services.seat_transfer(seat=item, user=request.user, **transfer_form.cleaned_data)
        messages.success(
            request, _("The seat now belongs to %(name)s.") % {"name": transfer_form.cleaned_data["name"]}
        )
        return redirect("training:seat", item.pk)

    outcome = post_action(
        request, {"cancel": cancel, "transfer": transfer}, forms={"transfer": transfer_form}
    )
    if outcome.response:
        return outcome.response
    item.refresh_from_db()
    token = selectors.check_in_token(item)
    check_in_url = request.build_absolute_uri(reverse("training:check_in", args=[token]))
    return render(
        request,
        "training/seat.html",
        {
            "seat": item,
            "position": selectors.waiting_position(item),
            "qr_svg": mark_safe(qr.svg(check_in_url)) if item.status == SeatStatus.CONFIRMED else "",  # noqa: S308 - segno output
            "check_in_url": check_in_url,
            "transfer_form": transfer_form,
            "ended": item.session.ends_at <= timezone.now(),
        },
        status=outcome.status,
    )


@login_required
def organise(request):
    form = OrganiserApplyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.organiser_apply(user=request.user, **form.cleaned_data)
            except DomainError as error:
                form_errors(form, error, request=request)
            else:
                messages.success(request, _("Thank you: an officer will review your application."))
                return redirect("training:organise")
        return render(request, "training/organise.html", _organise_context(request, form), status=400)
    return render(request, "training/organise.html", _organise_context(request, form))


def _organise_context(request, form):
    return {
        "form": form,
        "organisers": selectors.organisers_of(request.user),
        "events": selectors.events_managed_by(request.user),
        "can_publish": selectors.can_publish(request.user),
        "is_officer": is_officer(request.user),
    }


def _event_form(request, *, data=None, initial=None, with_organiser=True):
    organisers = None
    if with_organiser:
        organisers = (
            list(selectors.approved_organisers_of(request.user))
            if not is_officer(request.user)
            else list(Organiser.objects.filter(status=OrganiserStatus.APPROVED))
        )
    form = EventForm(data, initial=initial, organisers=organisers)
    if with_organiser and is_officer(request.user):
        form.fields["organiser"].choices = [("", _("The department")), *form.fields["organiser"].choices]
        form.fields["organiser"].required = False
    return form


@login_required
def event_new(request):
    if not selectors.can_publish(request.user):
        raise Http404
    form = _event_form(
        request, data=request.POST or None, initial={"fee": 0, "support_rule": "none", "language": "vi"}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            organiser_id = data.pop("organiser", "")
            organiser = Organiser.objects.filter(pk=organiser_id).first() if organiser_id else None
            try:
                created = services.event_create(user=request.user, organiser=organiser, **data)
            except DomainError as error:
                form_errors(form, error, request=request)
                status = 400 if error.fields else error.status
            else:
                messages.success(request, _("Draft saved. Add a session, then publish."))
                return redirect("training:manage", created.pk)
        else:
            status = 400
    return render(request, "training/event_form.html", {"form": form}, status=status)


@login_required
def manage(request, pk: int):
    try:
        item = selectors.event_get_managed(request.user, pk)
    except DomainError:
        raise Http404 from None
    posted = request.POST.get("form")
    initial = {
        f: getattr(item, f)
        for f in (
            "kind",
            "title",
            "summary",
            "audience",
            "pillars",
            "mode",
            "fee",
            "support_rule",
            "language",
        )
    }
    edit_form = _event_form(
        request, data=request.POST if posted == "edit" else None, initial=initial, with_organiser=False
    )
    session_form = SessionForm(
        request.POST if posted == "session" else None, initial={"time_zone": "Asia/Ho_Chi_Minh"}
    )

    def edit():
        if not edit_form.is_valid():
            return None
        services.event_update(event=item, user=request.user, **edit_form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("training:manage", item.pk)

    def add_session():
        if not session_form.is_valid():
            return None
        data = session_form.cleaned_data
        services.session_add(
            event=item,
            user=request.user,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            capacity=data["capacity"],
            time_zone=data["time_zone"],
            venue=data["venue"],
            online_url=data["online_url"] or "",
        )
        messages.success(request, _("Session added."))
        return redirect("training:manage", item.pk)

    def publish():
        services.event_publish(event=item, user=request.user)
        messages.success(request, _("Published: SMEs can register now."))
        return redirect("training:manage", item.pk)

    def cancel():
        services.event_cancel(event=item, user=request.user)
        messages.success(request, _("The event is cancelled; seats not checked in are cancelled."))
        return redirect("training:manage", item.pk)

    def check_in():
        seat = (
            selectors.seats_managed_by(request.user)
            .filter(pk=_pk(request.POST.get("seat")), session__event=item)
            .first()
        )
        if seat is None:
            raise Http404
        services.seat_check_in(seat=seat, user=request.user)
        messages.success(request, _("%(name)s is checked in.") % {"name": seat.attendee_name})
        return redirect(f"{reverse('training:manage', args=[item.pk])}#session-{seat.session_id}")

    outcome = post_action(
        request,
        {"edit": edit, "session": add_session, "publish": publish, "cancel": cancel, "check_in": check_in},
        forms={"edit": edit_form, "session": session_form},
    )
    if outcome.response:
        return outcome.response
    sessions = [(s, list(selectors.session_attendees(s))) for s in item.sessions.all()]
    return render(
        request,
        "training/manage.html",
        {
            "event": item,
            "edit_form": edit_form,
            "session_form": session_form,
            "sessions": sessions,
            "is_draft": item.status == EventStatus.DRAFT,
            "is_cancelled": item.status == EventStatus.CANCELLED,
        },
        status=outcome.status,
    )


@login_required
def check_in(request, token: str):
    """The page the attendee's QR code opens: the organiser confirms the check-in."""
    try:
        item = selectors.seat_from_check_in_token(token)
    except InvalidToken:
        raise Http404 from None
    if not selectors.seats_managed_by(request.user).filter(pk=item.pk).exists():
        raise Http404
    status = 200
    if request.method == "POST":
        try:
            item = services.seat_check_in(seat=item, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": item.attendee_name})
            return redirect("training:check_in", token)
    return render(request, "training/check_in.html", {"seat": item}, status=status)


def certificate_lookup(request):
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("training:certificate", form.cleaned_data["code"].strip())
    return render(request, "training/certificate_lookup.html", {"form": form})


def certificate(request, code: str):
    item = selectors.certificate_lookup(code)
    if item is None:
        form = CertificateLookupForm(initial={"code": code[:60]})
        return render(
            request, "training/certificate_lookup.html", {"form": form, "not_found": True}, status=404
        )
    return render(request, "training/certificate.html", {"seat": item})


def feedback(request, token: str):
    try:
        item = selectors.seat_from_feedback_token(token)
    except InvalidToken:
        raise Http404 from None
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.feedback_submit(seat=item, **form.cleaned_data)
            except DomainError as error:
                form_errors(form, error, request=request)
                status = error.status
            else:
                return render(request, "training/feedback.html", {"seat": item, "done": True})
        else:
            status = 400
    return render(request, "training/feedback.html", {"seat": item, "form": form}, status=status)


@login_required
def officer_organisers(request):
    if not is_officer(request.user):
        raise Http404
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        organiser = Organiser.objects.filter(pk=_pk(request.POST.get("organiser"))).first()
        decision = request.POST.get("decision")
        if organiser is None or decision not in ("approve", "reject"):
            raise Http404
        if form.is_valid():
            try:
                services.organiser_decide(
                    organiser=organiser,
                    officer=request.user,
                    approve=decision == "approve",
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                messages.error(request, error.message)
                status = 400 if error.fields else error.status
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("training:officer_organisers")
        else:
            status = 400
    return render(
        request,
        "training/officer_organisers.html",
        {
            "pending": Organiser.objects.filter(status=OrganiserStatus.PENDING).order_by("created_at", "pk"),
            "decided": Organiser.objects.exclude(status=OrganiserStatus.PENDING).order_by("name", "pk"),
            "form": form,
        },
        status=status,
    )

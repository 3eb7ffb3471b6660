"""Training test data, made through the services (as production makes it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from marketplace.training import services
from marketplace.training.models import Audience, EventKind, Mode, OrganiserKind, Session
from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner


def at(hours: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def organiser(*, approved: bool = True, officer=None):
    """(organiser, its member)."""
    member = UserFactory()
    made = services.organiser_apply(
        user=member, name="Trung tâm ĐMST Thử nghiệm", kind=OrganiserKind.INNOVATION_CENTRE
    )
    if approved:
        services.organiser_decide(organiser=made, officer=officer or OfficerFactory(), approve=True)
    return made, member


def event(
    *, user=None, organiser_obj=None, publish=True, capacity=10, starts_in=48.0, fee=0, rule="none", **fields
):
    """A venue workshop with one session; created by `user` (an organiser's member) or an officer."""
    if user is None:
        organiser_obj, user = organiser()
    values = {
        "kind": EventKind.WORKSHOP,
        "title": "Hội thảo chuyển đổi số",
        "audience": Audience.CORE_STAFF,
        "mode": Mode.VENUE,
        "pillars": ["data", "customer"],
        "fee": fee,
        "support_rule": rule,
        **fields,
    }
    made = services.event_create(user=user, organiser=organiser_obj, **values)
    session = services.session_add(
        event=made,
        user=user,
        starts_at=at(starts_in),
        ends_at=at(starts_in + 3),
        capacity=capacity,
        venue="Trung tâm ĐMST, phường Trấn Biên",
    )
    if publish:
        services.event_publish(event=made, user=user)
    made.refresh_from_db()
    return made, session, user


def sme(**kwargs):
    """(enterprise, its owner)."""
    enterprise = EnterpriseFactory(**kwargs)
    return enterprise, enterprise_owner(enterprise)


def micro_sme():
    return sme(employees=5, annual_revenue=2_000_000_000, total_capital=1_000_000_000)


def people(count: int, start: int = 0, domain: str = "dn.vn") -> list[tuple[str, str]]:
    return [(f"Nhân viên {i}", f"nv{i}@{domain}") for i in range(start, start + count)]


def register(session: Session, enterprise, user, count: int = 1, start: int = 0, domain: str | None = None):
    return services.seats_register(
        session=session,
        enterprise=enterprise,
        user=user,
        attendees=people(count, start, domain or f"e{enterprise.pk}.vn"),
    )


def make_started(session: Session) -> None:
    """Move a session so it started an hour ago (check-in is open)."""
    Session.objects.filter(pk=session.pk).update(starts_at=at(-1), ends_at=at(2))
    session.refresh_from_db()


def make_past(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(starts_at=at(-5), ends_at=at(-2))
    session.refresh_from_db()

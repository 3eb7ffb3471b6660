"""People trained feed the programme indicators: each attendee checked in, on the session's day, by
the event's audience, with the enterprise's sector, ward and size for the cuts."""

from __future__ import annotations

import pytest

from marketplace.programme import registry
from marketplace.training import indicators, services
from marketplace.training.models import Audience

from .factories import event, make_started, register, sme

pytestmark = pytest.mark.django_db


def test_only_attendees_checked_in_count_grouped_by_audience():
    _event, session, organiser_user = event(audience=Audience.EXECUTIVES)
    enterprise, owner = sme()
    attended, _absent = register(session, enterprise, owner, count=2)
    make_started(session)
    services.seat_check_in(seat=attended, user=organiser_user)
    facts = list(indicators.people_trained())
    assert [(f.unit, f.group, f.enterprise_id) for f in facts] == [
        (f"seat:{attended.pk}", "executives", enterprise.pk)
    ]
    assert facts[0].on == registry.local_day(session.starts_at)
    assert list(indicators.people_trained(enterprise_ids=[enterprise.pk + 1000])) == []


def test_the_source_is_registered_and_scoped():
    infos = registry.source_infos("people_trained")
    assert [info.name for info in infos] == ["training.checked_in"]
    assert infos[0].scoped
    assert registry.definitions()["people_trained"].available


def test_people_trained_reach_the_programme_tables_through_the_triggers_by_audience_and_ward():
    from marketplace.programme import aggregates, selectors

    aggregates.ensure_current()
    _event, session, organiser_user = event(audience=Audience.WORKERS)
    enterprise, owner = sme()
    seats = register(session, enterprise, owner, count=3)
    make_started(session)
    for seat in seats[:2]:
        services.seat_check_in(seat=seat, user=organiser_user)
    by_ward = selectors.indicator_table("people_trained", cut="ward")
    assert by_ward.total == 2
    assert sum(row.total for row in by_ward.rows) == 2
    assert {g for row in by_ward.rows for g, n in row.groups.items() if n} == {"workers"}
    assert selectors.indicator_table("people_trained", cut="section").total == 2

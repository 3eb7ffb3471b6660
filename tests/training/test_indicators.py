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

"""The training demo holds events in every state, through the services, and seeds once."""

from __future__ import annotations

import io

import pytest

from marketplace.core.demo import DemoContext
from marketplace.training import demo
from marketplace.training.models import Event, Feedback, Organiser, Seat
from tests.factories import OfficerFactory

from .factories import micro_sme, sme

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_runs_once():
    OfficerFactory()
    micro_sme(), sme(), sme()
    ctx = DemoContext(seed=1, scale=1, stdout=io.StringIO())
    demo.seed(ctx)
    assert set(Event.objects.values_list("status", flat=True)) == {"draft", "published", "cancelled"}
    assert set(Organiser.objects.values_list("status", flat=True)) == {"pending", "approved", "rejected"}
    assert Seat.objects.filter(status="waiting").exists()
    full = Event.objects.get(title__startswith="Thực hành hóa đơn")
    session = full.sessions.get()
    assert session.seats.filter(status="confirmed").count() == session.capacity
    assert Seat.objects.exclude(certificate_code=None).count() >= 3
    assert Feedback.objects.count() >= 3
    assert ("organiser", demo.ORGANISER_EMAIL, ctx.password) in ctx.logins
    counts = (Event.objects.count(), Seat.objects.count())
    demo.seed(ctx)
    assert (Event.objects.count(), Seat.objects.count()) == counts

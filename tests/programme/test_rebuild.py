"""The full rebuild: the set-based form (PostgreSQL, one INSERT ... SELECT per indicator) gives the same
facts and cells as the row-by-row Python form on the same hand-built records, and readers keep seeing
the old aggregates, without waiting, until a rebuild commits."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from marketplace.core.deals import payable_key
from marketplace.enterprises.models import Enterprise
from marketplace.facilities import services as facility_services
from marketplace.orders.models import Order, OrderStatus
from marketplace.programme import aggregates, registry
from marketplace.programme.models import IndicatorCell, IndicatorFact
from marketplace.programme.registry import Fact, register_source
from marketplace.training import services as training_services
from marketplace.training.models import Audience
from marketplace.vouchers import services as voucher_services
from matching.models import Assessment
from tests.engagements.factories import active, proposed
from tests.facilities.factories import book, facility
from tests.facilities.factories import slot as facility_slot
from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner
from tests.training.factories import event, make_started, register
from tests.vouchers.factories import open_call, voucher

from .helpers import assessed, held_consultation

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the set-based rebuild is PostgreSQL's"
)

FACT_COLUMNS = aggregates._FactWriter.COLUMNS


def stored_facts() -> Counter:
    return Counter(
        (*row[:-2], tuple(sorted(row[-2].items())), row[-1])
        for row in IndicatorFact.objects.values_list(*FACT_COLUMNS)
    )


def stored_cells() -> dict:
    return {
        (c.indicator, c.cut, c.value, c.month, c.group_key): (c.facts, c.amount)
        for c in IndicatorCell.objects.all()
    }


@pytest.fixture
def records():
    """At least one record behind every source that has a SQL form, with its edge cases: several
    assessments of one SME (first and latest differ), a draft, a consultation held and one not, an
    engagement accepted and one only proposed, an order in use and one cancelled, vouchers whose
    reservations were partly released, redeemed and disbursed, seats checked in and not, facility
    bookings in two states, a visible review, a designation standing and one withdrawn, and an enterprise filed under a section rather than a division."""
    firms = [EnterpriseFactory(employees=n) for n in (5, 60, 150)]
    assessed(firms[0], "2026-01-05", choose="min")
    assessed(firms[0], "2026-03-10", choose="max")
    assessed(firms[1], "2026-02-01")
    draft = assessed(firms[2], "2026-02-02")
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.DRAFT)
    held_consultation(firms[1])
    held_consultation(firms[2])
    from consultants.bookings.models import Booking, BookingStatus

    Booking.objects.filter(enterprise=firms[2]).update(status=BookingStatus.CANCELLED)
    call = open_call(code="DOT-R", title="Đợt R")
    granted = voucher(call, amount=100_000_000)
    other = voucher(open_call(code="DOT-S", title="Đợt S"), amount=40_000_000, size="medium")
    engagement = active(enterprise=granted.enterprise, amounts=(20_000_000, 30_000_000))
    active(enterprise=other.enterprise, amounts=(10_000_000,))
    proposed(enterprise=firms[0], amounts=(5_000_000,))
    officer = OfficerFactory()
    first = payable_key(engagement.milestones.get(position=1))
    voucher_services.redeem(key=first, by=officer, evidence="C26TAA-9")
    voucher_services.disburse(key=first, by=officer, bank_reference="VCB-9")
    voucher_services.release(
        keys=[payable_key(engagement.milestones.get(position=2))], actor=None, reason="Hủy"
    )
    from tests.orders.factories import confirmed_order

    in_use = confirmed_order(billing="one_off", price=5_000_000)
    Order.objects.filter(pk=in_use.pk).update(status=OrderStatus.IN_USE, in_use_at=timezone.now())
    confirmed_order(contract="HĐ-2026/002", billing="one_off", price=7_000_000)
    _event, session, organiser = event(audience=Audience.EXECUTIVES)
    owner = enterprise_owner(granted.enterprise)
    seats = register(session, granted.enterprise, owner, count=2)
    make_started(session)
    training_services.seat_check_in(seat=seats[0], user=organiser)
    bench = facility()
    used = book(bench, now=timezone.now() - timedelta(days=5), start=facility_slot(days=-2))
    facility_services.booking_confirm(booking=used, actor=bench.manager)
    book(bench)
    from marketplace.taxonomy.models import Sector

    section = Sector.objects.filter(parent__isnull=True).order_by("code").first()
    Enterprise.objects.filter(pk=firms[1].pk).update(primary_sector=section)  # a section, no division
    from marketplace.impact.models import Designation, DesignationStatus
    from tests.reviews.factories import completed_engagement, review_engagement

    review_engagement(completed_engagement())
    Designation.objects.create(enterprise=firms[0], designated_at=timezone.now(), designated_by=officer)
    Designation.objects.create(
        enterprise=firms[2],
        designated_at=timezone.now(),
        designated_by=officer,
        status=DesignationStatus.WITHDRAWN,
    )
    aggregates.ensure_current()


def test_every_scoped_source_of_the_project_offers_a_sql_form():
    assert [i.name for i in registry.source_infos() if i.scoped and i.sql is None] == []


@postgresql_only
def test_the_set_based_rebuild_gives_the_same_facts_and_cells_as_the_python_one(records):
    aggregates.rebuild(set_based=False)
    facts, cells = stored_facts(), stored_cells()
    assert {key[0] for key in facts} >= {
        "smes_supported",
        "assessments_submitted",
        "readiness_levels",
        "readiness_change",
        "consultations",
        "engagements",
        "orders",
        "smes_applying_solutions",
        "support_budget",
        "people_trained",
        "facility_bookings",
        "review_scores",
        "exemplary_smes",
    }

    counts = aggregates.rebuild(set_based=True)

    assert stored_facts() == facts
    assert stored_cells() == cells
    assert counts["facts"] == sum(facts.values())
    aggregates.rebuild(set_based=True)  # again, in the same transaction: the same result
    assert stored_cells() == cells


@postgresql_only
def test_sources_without_a_sql_form_are_staged_and_counted_once_with_the_others(records):
    firm = Enterprise.objects.order_by("pk").first()
    saved = registry.sources_of("smes_supported")

    def early(enterprise_ids=None):  # earlier than every other fact of the firm: it must count instead
        yield Fact(unit=f"enterprise:{firm.pk}", record="zz:1", on=date(2025, 1, 2), enterprise_id=firm.pk)

    def legacy():
        yield Fact(unit="enterprise:none", record="legacy:1", on=date(2026, 4, 1))

    try:
        register_source("smes_supported", "test.python_only", early, watch=[Assessment])
        register_source("smes_supported", "test.legacy", legacy)
        aggregates.rebuild(set_based=False)
        facts, cells = stored_facts(), stored_cells()
        aggregates.rebuild(set_based=True)
        assert stored_facts() == facts
        assert stored_cells() == cells
        counted = IndicatorFact.objects.get(
            indicator="smes_supported", unit=f"enterprise:{firm.pk}", counted=True
        )
        assert counted.record == "zz:1"
    finally:
        registry._SOURCES["smes_supported"] = saved


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_readers_keep_seeing_the_old_aggregates_without_waiting_until_the_rebuild_commits():
    firm = EnterpriseFactory(employees=5)
    assessed(firm, "2026-02-01")
    aggregates.ensure_current()
    before = stored_cells()
    total = IndicatorCell.objects.filter(indicator="assessments_submitted", cut="").count()
    assert total == 1
    seen: dict = {}

    def read_meanwhile(_done: int) -> None:
        if seen:
            return

        def reader():
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '2s'")
                seen["cells"] = stored_cells()
            finally:
                connection.close()

        thread = threading.Thread(target=reader)
        thread.start()
        thread.join(10)

    aggregates.rebuild(progress=read_meanwhile)

    assert seen["cells"] == before  # the old rows, read while the rebuild held its transaction open
    assert stored_cells() == before

"""The pre-aggregated indicators (marketplace/programme/aggregates.py) against a full recomputation.

The property: whatever sequence of record changes happens (assessments created, submitted or taken
back, re-dated, re-levelled, deleted; orders put in use or cancelled; consultations held or not;
enterprises moved to another ward, sector or size class), the aggregates applied incrementally equal
the cells computed from scratch from the sources, and so does a full rebuild.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from consultants.bookings.models import Booking, BookingStatus
from marketplace.enterprises.models import Enterprise
from marketplace.orders.models import Order, OrderStatus
from marketplace.programme import aggregates, registry, selectors
from marketplace.programme.models import DirtyEnterprise, IndicatorCell, IndicatorFact
from marketplace.programme.registry import ENTERPRISE_CUTS, Fact, definitions, register_source
from marketplace.programme.tasks import aggregates_apply
from marketplace.taxonomy.models import AdminUnit, Sector
from matching.models import Assessment
from tests.factories import EnterpriseFactory

from .helpers import assessed, at, held_consultation

pytestmark = pytest.mark.django_db

START = date(2025, 12, 1)


def expected_cells() -> Counter:
    """Every cell computed from scratch: the sources' facts, one per unit, cut by today's enterprise."""
    cells: Counter = Counter()
    for indicator in definitions().values():
        if indicator.kind != "flow" or not indicator.available:
            continue
        facts = selectors.flow_facts(indicator)
        firms = aggregates.enterprise_facts(f.enterprise_id for f in facts)
        for fact in facts:
            firm = firms.get(fact.enterprise_id)
            month = fact.on.replace(day=1)
            cuts = [("", "")] + [(c, getattr(firm, c) if firm else "") for c in ENTERPRISE_CUTS]
            cuts += sorted((fact.dimensions or {}).items())
            for cut, value in cuts:
                cells[(indicator.key, cut, value, month, fact.group, "facts")] += 1
                cells[(indicator.key, cut, value, month, fact.group, "amount")] += fact.amount
    return +cells


def stored_cells() -> Counter:
    cells: Counter = Counter()
    for c in IndicatorCell.objects.all():
        cells[(c.indicator, c.cut, c.value, c.month, c.group_key, "facts")] += c.facts
        cells[(c.indicator, c.cut, c.value, c.month, c.group_key, "amount")] += c.amount
    return +cells


def counted_records() -> set:
    return set(
        IndicatorFact.objects.filter(counted=True).values_list("indicator", "record", "on", "group_key")
    )


def expected_records() -> set:
    result = set()
    for indicator in definitions().values():
        if indicator.kind == "flow" and indicator.available:
            result |= {(indicator.key, f.record, f.on, f.group) for f in selectors.flow_facts(indicator)}
    return result


@pytest.fixture
def world():
    from tests.orders.factories import confirmed_order

    wards = list(
        AdminUnit.objects.filter(level=AdminUnit.COMMUNE).order_by("code").values_list("pk", flat=True)[:3]
    )
    sectors = list(Sector.objects.filter(code__in=["62", "10", "52"]).values_list("pk", flat=True))
    firms = [EnterpriseFactory(employees=n) for n in (5, 60, 150)]
    templates = [assessed(firm, "2026-01-05") for firm in firms]
    order = confirmed_order(billing="one_off", price=5_000_000)
    booking = held_consultation(firms[0])
    aggregates.ensure_current()
    return {
        "firms": [f.pk for f in [*firms, order.enterprise]],
        "wards": wards,
        "sectors": sectors,
        "template": {
            f.attname: getattr(templates[0], f.attname)
            for f in Assessment._meta.concrete_fields
            if not f.primary_key
        },
        "order": order.pk,
        "booking": booking.pk,
    }


def _apply(world, step) -> None:
    kind, a, b, c = step
    firms, day = world["firms"], at((START + timedelta(days=b * 7)).isoformat())
    assessments = list(Assessment.objects.order_by("pk").values_list("pk", flat=True))
    if kind == "create":
        copy = Assessment(**world["template"])
        copy.enterprise_id = firms[a % len(firms)]
        copy.level, copy.submitted_at, copy.status = c, day, Assessment.SUBMITTED
        copy.save()
    elif kind == "resubmit" and assessments:
        Assessment.objects.filter(pk=assessments[a % len(assessments)]).update(
            submitted_at=day, level=c, status=Assessment.SUBMITTED
        )
    elif kind == "withdraw" and assessments:
        row = Assessment.objects.get(pk=assessments[a % len(assessments)])
        drafts = Assessment.objects.filter(
            enterprise_id=row.enterprise_id, criteria_set_id=row.criteria_set_id, status=Assessment.DRAFT
        )
        if not drafts.exists():  # the schema allows one assessment in progress per enterprise and set
            Assessment.objects.filter(pk=row.pk).update(status=Assessment.DRAFT)
    elif kind == "delete" and assessments:
        Assessment.objects.filter(pk=assessments[a % len(assessments)]).delete()
    elif kind == "move":
        Enterprise.objects.filter(pk=firms[a % len(firms)]).update(
            ward_id=world["wards"][(b + c) % 3],
            primary_sector_id=world["sectors"][b % len(world["sectors"])],
            size_class=("micro", "small", "medium")[c % 3],
        )
    elif kind == "order":
        rows = Order.objects.filter(pk=world["order"])
        if c % 2:
            rows.update(status=OrderStatus.IN_USE, in_use_at=day)
        else:
            rows.update(status=OrderStatus.CANCELLED)
    elif kind == "booking":
        Booking.objects.filter(pk=world["booking"]).update(
            status=BookingStatus.HELD if c % 2 else BookingStatus.CANCELLED,
            enterprise_id=firms[a % len(firms)],
        )
    elif kind == "read":
        selectors.indicator_table("smes_supported", cut="ward")  # applies what is pending so far


STEPS = st.tuples(
    st.sampled_from(["create", "resubmit", "withdraw", "delete", "move", "order", "booking", "read"]),
    st.integers(0, 20),
    st.integers(0, 40),
    st.integers(0, 5),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEPS, min_size=1, max_size=12))
@example(steps=[("create", 0, 0, 2), ("withdraw", 0, 0, 0), ("withdraw", 3, 0, 0)])  # two drafts, one firm
def test_incremental_aggregates_equal_a_full_recomputation(world, steps):
    with transaction.atomic():
        for step in steps:
            _apply(world, step)
        assert (
            DirtyEnterprise.objects.exists()
            or steps[-1][0] == "read"
            or not any(s[0] != "read" for s in steps)
        )
        aggregates.ensure_current()
        assert not DirtyEnterprise.objects.exists()
        assert stored_cells() == expected_cells()
        assert counted_records() == expected_records()
        transaction.set_rollback(True)


def test_a_full_rebuild_gives_the_same_cells_and_the_command_shows_progress(world):
    Assessment.objects.filter(enterprise_id=world["firms"][1]).update(level=1)
    aggregates.ensure_current()
    incremental = stored_cells()
    out, err = io.StringIO(), io.StringIO()

    call_command("indicators_rebuild", stdout=out, stderr=err)

    assert stored_cells() == incremental == expected_cells()
    assert "enterprises" in out.getvalue() and "%" in err.getvalue()  # tqdm writes to stderr


def test_queryset_updates_and_deletes_mark_the_enterprise_dirty(world):
    firm = world["firms"][2]
    DirtyEnterprise.objects.all().delete()

    Assessment.objects.filter(enterprise_id=firm).update(level=0)
    Enterprise.objects.filter(pk=world["firms"][1]).update(size_class="medium")

    assert set(DirtyEnterprise.objects.values_list("enterprise_id", flat=True)) == {firm, world["firms"][1]}
    assert aggregates_apply() >= 2
    assert not DirtyEnterprise.objects.exists()
    assert stored_cells() == expected_cells()


def test_a_page_view_reads_cells_not_records(world, django_assert_max_num_queries):
    aggregates.ensure_current()
    with django_assert_max_num_queries(8):
        table = selectors.indicator_table("assessments_submitted", cut="ward", filters={"period": "2026"})
    assert table.total == 3


def test_an_old_style_source_is_current_at_every_read(world):
    saved = selectors.sources_of("orders")
    counter = {"n": 1}

    def legacy():
        return [
            Fact(unit=f"order:x{i}", record=f"order:x{i}", on=date(2026, 7, 1)) for i in range(counter["n"])
        ]

    try:
        register_source("orders", "test.legacy", legacy)
        before = selectors.indicator_value(definitions()["orders"])
        counter["n"] = 3
        assert selectors.indicator_value(definitions()["orders"]) == before + 2
    finally:
        registry._SOURCES["orders"] = saved
    assert selectors.indicator_value(definitions()["orders"]) == before - 1  # its facts are gone


def test_a_source_declares_extra_dimensions_to_cut_by(world):
    firm = world["firms"][0]
    saved = selectors.sources_of("support_budget")

    def vouchers(enterprise_ids=None):
        rows = [
            (1, "A", 3_000_000, "reserved"),
            (2, "B", 5_000_000, "redeemed"),
            (3, "A", 2_000_000, "disbursed"),
        ]
        for pk, scheme, amount, state in rows:
            if enterprise_ids is None or firm in enterprise_ids:
                yield Fact(
                    unit=f"voucher:{pk}",
                    record=f"voucher:{pk}",
                    on=date(2026, 3, pk),
                    enterprise_id=firm,
                    group=state,
                    amount=amount,
                    dimensions={"scheme": scheme},
                )

    try:
        register_source(
            "support_budget", "test.vouchers", vouchers, watch=[Assessment], dimensions=["scheme"]
        )
        registry.register_dimension("scheme", "Scheme", {"A": "Scheme A"})
        assert "scheme" in definitions()["support_budget"].cuts
        table = selectors.indicator_table("support_budget", cut="scheme")
        assert {r.label: r.total for r in table.rows} == {"Scheme A": 5_000_000, "B": 5_000_000}
        by_ward = selectors.indicator_table("support_budget", cut="size", filters={"scheme": "A"})
        assert by_ward.total == 5_000_000
        records = selectors.indicator_records("support_budget", filters={"scheme": "B"})
        assert [r.record for r in records] == ["voucher:2"]
        assert stored_cells() == expected_cells()
    finally:
        registry._SOURCES.pop("support_budget", None)
        registry._SOURCES.update({"support_budget": saved} if saved else {})


def test_a_watching_source_must_take_enterprise_ids():
    with pytest.raises(TypeError):
        register_source("orders", "test.bad", lambda: [], watch=[Order])


def test_triggers_are_installed_on_every_watched_table():
    if connection.vendor == "postgresql":
        query = "SELECT DISTINCT event_object_table FROM information_schema.triggers"
    else:
        query = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'"
    with connection.cursor() as cursor:
        cursor.execute(query)
        tables = {row[0] for row in cursor.fetchall()}
    assert set(aggregates.watched_tables()) <= tables


@pytest.mark.django_db(transaction=True)
def test_concurrent_appliers_apply_each_change_once():
    """Beat runs and page reads applying at the same moment: the cells still equal a recomputation."""
    import threading

    firms = [EnterpriseFactory(employees=n) for n in (5, 60)]
    for firm in firms:
        assessed(firm, "2026-02-01")
    aggregates.ensure_current()
    Assessment.objects.update(level=2)
    Enterprise.objects.filter(pk=firms[0].pk).update(size_class="medium")
    barrier, errors = threading.Barrier(4), []

    def run(index):
        try:
            barrier.wait()
            if index % 2:
                aggregates_apply()
            else:
                selectors.indicator_table("readiness_levels", cut="size")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    aggregates.ensure_current()

    assert errors == []
    assert not DirtyEnterprise.objects.exists()
    assert stored_cells() == expected_cells()

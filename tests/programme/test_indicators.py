"""Each indicator's definition on hand-built records."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from consultants.models import Certificate
from marketplace.programme import selectors
from marketplace.programme.registry import definitions, register_source, sources_of
from tests.consultants.factories import certificate_of, certified_consultant
from tests.factories import EnterpriseFactory

from .helpers import assessed, held_consultation, without_sources

pytestmark = pytest.mark.django_db


def test_every_defined_indicator_has_both_languages_and_valid_cuts():
    for indicator in definitions().values():
        assert (
            indicator.name_vi and indicator.name_en and indicator.description_vi and indicator.description_en
        )
        assert "period" in indicator.cuts


def test_the_2030_targets_come_from_the_city_plan():
    targets = {k: i.target["value"] for k, i in definitions().items() if i.target}
    assert targets == {
        "smes_supported": 10000,
        "smes_applying_solutions": 5000,
        "exemplary_smes": 30,
        "certified_consultants": 100,
    }


def test_an_sme_supported_several_ways_counts_once_on_its_first_day():
    enterprise = EnterpriseFactory()
    held_consultation(enterprise)
    assessed(enterprise, "2026-03-05")
    assessed(enterprise, "2026-05-05")
    other = EnterpriseFactory()
    assessed(other, "2026-04-01")

    table = selectors.indicator_table("smes_supported", cut="period", granularity="quarter")

    assert table.total == 2
    cells = {r.key: r.total for r in table.rows}
    assert cells["2026-Q1"] == 1  # the first SME, on its first assessment (before the consultation)
    assert cells["2026-Q2"] == 1
    assert sum(cells.values()) == 2


def test_a_held_consultation_alone_makes_an_sme_supported():
    enterprise = EnterpriseFactory()
    booking = held_consultation(enterprise)

    records = selectors.indicator_records("smes_supported")

    assert [r.record for r in records] == [f"booking:{booking.pk}"]
    assert records[0].enterprise_name == enterprise.name


def test_a_consultation_not_held_does_not_count_as_support():
    from tests.consultants.bookings.factories import bookable_consultant, request

    request(bookable_consultant())

    assert selectors.indicator_value(definitions()["smes_supported"]) == 0
    consultations = selectors.indicator_table("consultations", cut="period")
    assert consultations.total == 1
    assert sum(r.groups["requested"] for r in consultations.rows) == 1


def test_indicators_without_a_source_are_not_yet_available_rather_than_zero(client, officer):
    # every indicator has a source today (vouchers feed the budget): take it away to see the rule
    with without_sources("support_budget"):
        indicator = definitions()["support_budget"]
        assert not indicator.available
        assert selectors.indicator_value(indicator) is None
        assert selectors.indicator_table("support_budget").available is False
        client.force_login(officer)
        page = client.get("/programme/indicators/support_budget/").content.decode()
        assert 'data-testid="not-available"' in page


def test_a_source_registered_by_another_app_makes_the_indicator_available():
    from marketplace.programme.registry import Fact

    saved = sources_of("orders")
    try:
        register_source(
            "orders", "test.orders", lambda: [Fact(unit="order:1", record="order:1", on=date(2026, 7, 1))]
        )
        assert selectors.indicator_value(definitions()["orders"]) == 1
    finally:
        from marketplace.programme import registry

        registry._SOURCES.pop("orders", None)
        registry._SOURCES.update({"orders": saved} if saved else {})


def test_registering_a_source_for_an_undefined_indicator_fails():
    with pytest.raises(KeyError):
        register_source("not_defined", "x", lambda: [])


def test_a_certificate_ending_mid_month_counts_before_but_not_at_the_end_of_that_month():
    consultant = certified_consultant()
    certificate = certificate_of(consultant)
    today = timezone.localdate()
    first_of_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    ends = timezone.make_aware(
        timezone.datetime.combine(first_of_next + timedelta(days=14), timezone.datetime.min.time())
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_from=ends - timedelta(days=730), valid_until=ends
    )
    indicator = definitions()["certified_consultants"]

    assert len(selectors.stock_facts(indicator, day=today)) == 1
    assert len(selectors.stock_facts(indicator, day=first_of_next + timedelta(days=13))) == 1
    assert len(selectors.stock_facts(indicator, day=first_of_next + timedelta(days=14))) == 0
    month = selectors.period_key(first_of_next, "month")
    table = selectors.indicator_table("certified_consultants", filters={"period": month})
    assert table.total == 1  # the month ending in the future is measured today


def test_suspended_certificates_do_not_count():
    consultant = certified_consultant()
    Certificate.objects.filter(pk=certificate_of(consultant).pk).update(status="suspended")

    assert selectors.indicator_value(definitions()["certified_consultants"]) == 0


def test_readiness_distribution_uses_each_smes_latest_assessment():
    enterprise = EnterpriseFactory()
    first = assessed(enterprise, "2026-02-01", choose="min")
    latest = assessed(enterprise, "2026-06-01", choose="max")

    table = selectors.indicator_table("readiness_levels", cut="period", granularity="year")

    assert table.total == 1
    row = next(r for r in table.rows if r.key == "2026")
    assert row.groups[str(latest.level)] == 1
    assert first.level != latest.level


def test_readiness_change_compares_first_and_latest_assessment():
    improved, unchanged, once = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()
    assessed(improved, "2026-02-01", choose="min")
    assessed(improved, "2026-03-01", choose="min")
    assessed(improved, "2026-06-01", choose="max")
    assessed(unchanged, "2026-02-01")
    assessed(unchanged, "2026-04-01")
    assessed(once, "2026-02-01")

    table = selectors.indicator_table("readiness_change", cut="size")

    assert table.total == 2
    totals = {g: sum(r.groups.get(g, 0) for r in table.rows) for g, _l in table.groups}
    assert totals == {"improved": 1, "unchanged": 1, "declined": 0}


def test_drill_down_lists_exactly_the_records_of_a_cell():
    north, south = EnterpriseFactory(ward_code=None), EnterpriseFactory()
    assessed(north, "2026-01-10")
    assessed(south, "2026-08-10")

    table = selectors.indicator_table("assessments_submitted", cut="period", granularity="quarter")
    for row in table.rows:
        records = selectors.indicator_records("assessments_submitted", filters={"period": row.key})
        assert len(records) == row.total


def test_invalid_cut_or_period_is_refused():
    with pytest.raises(ValueError):
        selectors.indicator_table("certified_consultants", cut="ward")
    with pytest.raises(ValueError):
        selectors.indicator_table("smes_supported", filters={"period": "2026-Q5"})
    with pytest.raises(ValueError):
        selectors.indicator_table("smes_supported", granularity="week")

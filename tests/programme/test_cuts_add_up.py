"""Property: whatever the records, every cut of every indicator adds up to its total, the parts of a
row add up to the row, and a period's cut adds up to that period's cell."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.programme import selectors
from marketplace.taxonomy.models import AdminUnit
from matching.models import Assessment
from tests.factories import EnterpriseFactory

from .helpers import assessed, at

pytestmark = pytest.mark.django_db

INDICATORS = ("smes_supported", "assessments_submitted", "readiness_levels", "readiness_change")
START = date(2025, 11, 1)


@pytest.fixture
def pool():
    wards = list(
        AdminUnit.objects.filter(level=AdminUnit.COMMUNE).order_by("code").values_list("code", flat=True)[:3]
    )
    firms = [
        EnterpriseFactory(sector_code=sector, ward_code=ward, employees=employees)
        for sector, ward, employees in [
            ("62", wards[0], 5),
            ("10", wards[1], 60),
            ("52", wards[2], 150),
            ("62", wards[1], 20),
            ("10", wards[0], 8),
        ]
    ]
    return [assessed(firm, "2026-01-01").pk for firm in firms for _ in range(2)]


def _check_table(key: str, cut: str, granularity: str, filters=None):
    table = selectors.indicator_table(key, cut=cut, granularity=granularity, filters=filters)
    assert sum(r.total for r in table.rows) == table.total
    for row in table.rows:
        if table.groups:
            assert sum(row.groups.values()) == row.total
    return table


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 540), st.integers(0, 5), st.booleans()),
        min_size=1,
        max_size=10,
    )
)
def test_cells_of_every_cut_add_up_to_the_total(pool, changes):
    with transaction.atomic():
        for index, days, level, delete in changes:
            rows = Assessment.objects.filter(pk=pool[index])
            if delete:
                rows.delete()
            else:
                rows.update(submitted_at=at((START + timedelta(days=days)).isoformat()), level=level)
        for key in INDICATORS:
            totals = set()
            for cut in ("section", "ward", "size"):
                totals.add(_check_table(key, cut, "year").total)
            by_quarter = _check_table(key, "period", "quarter")
            by_month = _check_table(key, "period", "month")
            by_year = _check_table(key, "period", "year")
            totals |= {by_quarter.total, by_month.total, by_year.total}
            assert len(totals) == 1
            for row in by_year.rows:
                for cut in ("ward", "section"):
                    assert _check_table(key, cut, "year", {"period": row.key}).total == row.total
                records = selectors.indicator_records(key, filters={"period": row.key})
                assert len(records) == row.total
        transaction.set_rollback(True)

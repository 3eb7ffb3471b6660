"""Who sees what: officers everything, everyone else the public subset without records or cuts."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import EnterpriseFactory

from .helpers import assessed

pytestmark = pytest.mark.django_db


@pytest.fixture
def supported():
    enterprise = EnterpriseFactory(name="Công ty TNHH Gốm Biên Hòa")
    assessed(enterprise, "2026-02-03")
    return enterprise


def test_officer_dashboard_shows_targets_charts_and_drill_down_links(client, officer, supported):
    client.force_login(officer)
    page = client.get("/programme/").content.decode()
    assert "<svg" in page and "10.000" in page  # the target, localised in Vietnamese
    assert "/programme/indicators/smes_supported/records/?period=2026-Q1" in page
    # exemplary SMEs are fed by the impact app's designations since issue 17 (0 here, not "not available")
    assert "/programme/indicators/exemplary_smes/" in page


def test_numbers_inside_svg_are_not_localised(client, officer, supported):
    client.force_login(officer)
    page = client.get("/programme/").content.decode()
    for svg in page.split("<svg")[1:]:
        markup = svg.split("</svg>")[0]
        for attribute in ("width", "height", "x", "y"):
            for chunk in markup.split(f' {attribute}="')[1:]:
                value = chunk.split('"')[0]
                assert "," not in value, markup


def test_dashboard_is_for_officers_only(client, user):
    assert client.get("/programme/").status_code == 302  # to the log-in page
    client.force_login(user)
    assert client.get("/programme/").status_code == 403
    assert client.get("/programme/indicators/smes_supported/records/").status_code == 403
    assert client.get("/programme/indicators/smes_supported/records.csv").status_code == 403


def test_drill_down_names_the_enterprises_behind_a_number(client, officer, supported):
    client.force_login(officer)
    page = client.get("/programme/indicators/smes_supported/records/?period=2026-Q1").content.decode()
    assert supported.name in page
    empty = client.get("/programme/indicators/smes_supported/records/?period=2026-Q2").content.decode()
    assert supported.name not in empty


def test_table_exports_as_csv_and_xlsx(client, officer, supported):
    client.force_login(officer)
    response = client.get("/programme/indicators/smes_supported/export.csv?cut=ward&granularity=year")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[-1][1] == "1" and len(rows) == 3  # header, the ward, total
    xlsx = client.get("/programme/indicators/smes_supported/records.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert supported.name in values and supported.tax_code in values


def test_bad_parameters_are_a_400(client, officer):
    client.force_login(officer)
    assert client.get("/programme/indicators/smes_supported/?period=2026-13").status_code == 400
    assert client.get("/programme/indicators/nope/").status_code == 404


def test_public_page_shows_headlines_without_any_enterprise(client, supported):
    page = client.get("/programme/public/").content.decode()
    assert "10.000" in page
    assert supported.name not in page and supported.tax_code not in page
    assert "/records/" not in page


def test_api_public_subset_for_everyone(api_client, supported):
    listing = api_client.get("/api/v1/programme/indicators/").json()["results"]
    keys = {i["key"] for i in listing}
    assert "smes_supported" in keys and "consultations" not in keys
    supported_row = next(i for i in listing if i["key"] == "smes_supported")
    assert supported_row["value"] == 1 and supported_row["target"] == 10000
    applying = next(i for i in listing if i["key"] == "smes_applying_solutions")
    assert applying["available"] is True and applying["value"] == 0  # orders feed it; none in use here
    exemplary = next(i for i in listing if i["key"] == "exemplary_smes")
    assert exemplary["available"] is True and exemplary["value"] == 0  # designations feed it; none here
    budget = next(i for i in listing if i["key"] == "support_budget")
    assert budget["available"] is True and budget["value"] == 0  # the vouchers' ledger feeds it; none here

    hidden = api_client.get("/api/v1/programme/indicators/consultations/")
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"
    by_ward = api_client.get("/api/v1/programme/indicators/smes_supported/?cut=ward")
    assert by_ward.status_code == 400 and by_ward.json()["code"] == "cut_not_public"
    filtered = api_client.get("/api/v1/programme/indicators/smes_supported/?ward=26734")
    assert filtered.status_code == 400


def test_api_officers_get_every_cut(api_client, officer, supported):
    api_client.force_authenticate(officer)
    body = api_client.get("/api/v1/programme/indicators/smes_supported/?cut=ward").json()
    assert body["total"] == 1 and sum(r["total"] for r in body["rows"]) == 1
    assert api_client.get("/api/v1/programme/indicators/consultations/").status_code == 200
    bad = api_client.get("/api/v1/programme/indicators/smes_supported/?cut=colour")
    assert bad.status_code == 400 and set(bad.json()) == {"code", "message", "fields"}


def test_open_data_has_counts_and_no_enterprise(client, supported):
    body = client.get("/api/v1/programme/open-data.json").content.decode()
    assert supported.name not in body and supported.tax_code not in body
    rows = list(
        csv.reader(io.StringIO(client.get("/api/v1/programme/open-data.csv").content.decode("utf-8-sig")))
    )
    assert ["smes_supported", "2026-Q1", "", "1"] in rows


def test_officers_reach_the_dashboard_from_their_account_page(client, officer):
    client.force_login(officer)
    assert 'href="/programme/"' in client.get("/dashboard/").content.decode()


def test_an_order_confirmed_in_use_counts_its_sme_as_applying_a_digital_solution(db):
    from marketplace.orders import services as order_services
    from marketplace.programme import selectors as programme_selectors
    from tests.orders.factories import confirmed_order, sme

    indicator = programme_selectors.indicator_get("smes_applying_solutions")
    assert indicator.available
    before = programme_selectors.indicator_value_until(indicator, timezone.localdate())
    order = confirmed_order(billing="one_off", price=5_000_000)
    assert programme_selectors.indicator_value_until(indicator, timezone.localdate()) == before
    order_services.order_confirm_in_use(order=order, actor=sme(order))
    assert programme_selectors.indicator_value_until(indicator, timezone.localdate()) == before + 1
    rows = programme_selectors.indicator_records("smes_applying_solutions")
    assert [r.record for r in rows if r.enterprise_id == order.enterprise_id] == [f"order:{order.pk}"]

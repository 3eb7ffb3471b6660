"""Open-data feed: only published data, stable identifiers, same content in JSON and CSV."""

import csv
import io

import pytest
from django.urls import reverse

from catalogue import services

from .factories import SolutionFactory

pytestmark = pytest.mark.django_db

JSON = reverse("api:catalogue-feed-json")
CSV = reverse("api:catalogue-feed-csv")


def feed(client):
    response = client.get(JSON)
    assert response.status_code == 200
    return response.json()


def csv_rows(client):
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_feed_holds_only_published_solutions(client, vendor, published):
    for state in ("draft", "submitted", "suspended", "withdrawn", "rejected"):
        SolutionFactory(vendor=vendor, status=state)
    document = feed(client)
    assert document["count"] == 1
    assert [row["id"] for row in document["solutions"]] == [str(published.public_id)]
    assert [row["id"] for row in csv_rows(client)] == [str(published.public_id)]


def test_feed_record_content(client, published):
    record = feed(client)["solutions"][0]
    assert record["vendor"]["id"] == str(published.vendor.public_id)
    assert record["category"] == {"code": "e-invoice", "name": "Hóa đơn điện tử và chứng từ số"}
    assert record["sectors"] == ["46", "47"]
    assert record["pricing"] == {
        "model": "subscription_yearly",
        "price_vnd": 1_200_000,
        "billing_unit": "năm / 300 hóa đơn",
    }
    assert record["readiness"] == {"min": 0, "max": 3}
    assert record["url"].endswith(f"/solutions/{published.pk}/")


def test_csv_and_json_carry_the_same_values(client, published):
    record = feed(client)["solutions"][0]
    row = csv_rows(client)[0]
    assert row["name"] == record["name"]
    assert row["price_vnd"] == "1200000"
    assert row["sector_codes"] == "46;47"
    assert row["vendor_id"] == record["vendor"]["id"]


def test_pending_change_never_reaches_the_feed(client, owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": 1, "name": "Chưa duyệt"})
    record = feed(client)["solutions"][0]
    assert (record["name"], record["pricing"]["price_vnd"]) == (published.name, 1_200_000)
    assert csv_rows(client)[0]["price_vnd"] == "1200000"


def test_identifiers_survive_edits_approval_suspension_and_republication(client, owner, officer, published):
    before = feed(client)["solutions"][0]["id"]
    services.solution_update(solution=published, actor=owner, data={"name": "Tên mới"})
    services.revision_approve(solution=published, officer=officer)
    services.solution_suspend(solution=published, officer=officer, reason="Kiểm tra")
    assert feed(client)["count"] == 0
    services.solution_republish(solution=published, officer=officer)
    after = feed(client)["solutions"][0]
    assert after["id"] == before
    assert after["name"] == "Tên mới"


def test_two_exports_of_an_unchanged_catalogue_are_identical(client, vendor):
    for _index in range(5):
        SolutionFactory(vendor=vendor, status="published")
    assert client.get(JSON).content == client.get(JSON).content
    assert csv_rows(client) == csv_rows(client)


def test_feed_is_public(client, published):
    assert client.get(JSON).status_code == 200

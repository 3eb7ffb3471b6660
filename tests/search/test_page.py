"""The search page: one URL for the full page and the htmx fragment, and what each result shows."""

import pytest

from search.backends import database_backend
from search.registry import registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(db):
    solution = registry.get("solution")
    docs = [
        solution.prepare(
            {
                "id": 1,
                "title": "Hóa đơn An Tâm",
                "url": "/solutions/1/",
                "text": {"short_description": "Hóa đơn điện tử"},
                "facets": {"category": "e-invoice", "pricing_model": "subscription_monthly"},
                "price": 150_000,
                "extra": {
                    "subtitle": "Công ty Hạ Nguồn",
                    "category": "Hóa đơn điện tử",
                    "pricing_model": "subscription_monthly",
                },
            }
        ),
        solution.prepare(
            {
                "id": 2,
                "title": "Hóa đơn Sao Việt",
                "url": "/solutions/2/",
                "text": {"short_description": "Hóa đơn điện tử"},
                "facets": {"category": "e-invoice", "pricing_model": "subscription_yearly"},
                "price": 990_000,
                "extra": {
                    "subtitle": "Sao Việt",
                    "billing_unit": "năm",
                    "pricing_model": "subscription_yearly",
                },
            }
        ),
    ]
    database_backend().index(docs)


def test_fragment_and_page_share_the_url_so_the_answer_varies_on_hx_request(client, indexed):
    page = client.get("/search/", {"q": "hoa don"})
    fragment = client.get("/search/", {"q": "hoa don"}, headers={"HX-Request": "true"})
    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]
    assert "<html" in page.content.decode() and "<html" not in fragment.content.decode()


def test_a_history_restore_gets_the_full_page_with_the_filters(client, indexed):
    response = client.get(
        "/search/",
        {"q": "hoa don", "category": "e-invoice"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" in body and 'value="e-invoice" checked' in body


def test_results_separate_vendor_and_category_and_give_prices_a_unit(client, indexed):
    client.cookies["django_language"] = "vi"
    body = client.get("/search/", {"q": "hoa don"}).content.decode()
    assert "Công ty Hạ Nguồn · Hóa đơn điện tử" in body
    assert "990.000 ₫ / năm" in body
    assert "150.000 ₫" in body and "Thuê bao theo tháng" in body


def test_solution_results_can_be_added_to_the_comparison_in_place(client, indexed):
    from tests.catalogue.factories import SolutionFactory

    solution = SolutionFactory(status="published")
    body = client.get("/search/", {"q": "hoa don"}).content.decode()
    assert 'data-testid="compare-add-1"' in body
    answer = client.post("/solutions/compare/add/", {"solution": solution.pk}, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert 'data-testid="compare-added"' in answer.content.decode()
    assert client.session["catalogue_compare"] == [solution.pk]


def test_the_service_mode_facet_names_the_consultants_office_in_vietnamese(client):
    consultant = registry.get("consultant")
    doc = {
        "id": 7,
        "title": "Ngô Thị Hạnh",
        "url": "/consultants/7/",
        "text": {"headline": "Tư vấn số hóa"},
        "facets": {"service_mode": ["office"]},
    }
    database_backend().index([consultant.prepare(doc)])
    body = client.get("/search/", {"kind": "consultant"}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tại văn phòng của chuyên gia tư vấn" in body

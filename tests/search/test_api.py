"""GET /api/v1/search/ and /api/v1/search/suggest/, and the search page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.throttling import ScopedRateThrottle

from search.backends import database_backend
from search.registry import registry

URL = "/api/v1/search/"


def raw_solution(n: int, **extra) -> dict:
    doc = {
        "id": n,
        "title": f"Hóa đơn điện tử số {n}",
        "url": f"/solutions/{n}/",
        "text": {"short_description": "Phát hành hóa đơn cho doanh nghiệp tại Đồng Nai"},
        "facets": {
            "category": "e-invoice" if n % 2 else "accounting",
            "deployment": "saas",
            "ai": n % 3 == 0,
        },
        "price": 100_000 * n,
    }
    doc.update(extra)
    return doc


@pytest.fixture
def indexed(db):
    docs = [registry.get("solution").prepare(raw_solution(n)) for n in range(1, 26)]
    docs.append(
        registry.get("consultant").prepare(
            {
                "id": 1,
                "title": "Nguyễn Văn Đông",
                "text": {"headline": "Tư vấn kế toán"},
                "facets": {"certified": True},
            }
        )
    )
    database_backend().index(docs)
    return docs


def test_search_answers_the_documented_shape(api_client, indexed):
    body = api_client.get(URL, {"q": "hoa don", "page_size": 5}).json()
    assert body["count"] == 25 and body["degraded"] is False
    hit = body["results"][0]
    assert {"kind", "id", "title", "url", "snippet"} <= set(hit)
    assert "<mark>" in hit["snippet"]
    assert {"value", "label", "count", "selected"} == set(body["facets"]["category"][0])


def test_repeated_facet_parameter_selects_several_values(api_client, indexed):
    one = api_client.get(URL, {"category": "e-invoice"}).json()["count"]
    both = api_client.get(f"{URL}?category=e-invoice&category=accounting").json()
    assert one == 13 and both["count"] == 25
    assert {v["value"] for v in both["facets"]["category"] if v["selected"]} == {"e-invoice", "accounting"}


def test_kind_is_a_facet(api_client, indexed):
    body = api_client.get(URL, {"kind": "consultant"}).json()
    assert body["count"] == 1
    assert {v["value"]: v["count"] for v in body["facets"]["kind"]} == {"solution": 25, "consultant": 1}


@pytest.mark.parametrize(
    "params, code",
    [
        ({"colour": "red"}, "unknown_facet"),
        ({"sort": "cheapest"}, "unknown_sort"),
        ({"page": "x"}, "invalid_page"),
        ({"page": "0"}, "invalid_page"),
        ({"page": "99"}, "invalid_page"),
        ({"certified": "maybe"}, "invalid_facet_value"),
        ({"price": "cheap"}, "invalid_facet_value"),
        ({"page_size": "-3"}, "invalid_search"),
    ],
)
def test_bad_requests_are_400_in_the_standard_error_shape(api_client, indexed, params, code):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["code"] == code


def test_page_size_is_capped_at_100(api_client, db):
    docs = [registry.get("solution").prepare(raw_solution(n)) for n in range(1, 131)]
    database_backend().index(docs)
    body = api_client.get(URL, {"page_size": 500}).json()
    assert body["page_size"] == 100 and len(body["results"]) == 100 and body["count"] == 130


@pytest.mark.parametrize("q", ['"', "((", "a:b", "' OR 1=1 --", "\\", "*" * 300])
def test_malformed_query_text_never_fails(api_client, indexed, q):
    assert api_client.get(URL, {"q": q}).status_code == 200


def test_query_text_with_a_nul_is_refused_by_the_request_guard(api_client, indexed):
    # every request with a NUL is a 400 (marketplace.core.hygiene), search text included
    response = api_client.get(URL, {"q": "hóa\x00đơn"})
    assert response.status_code == 400 and response.json()["code"] == "null_character"


def test_pagination_is_stable_and_complete(api_client, indexed):
    seen = []
    for page in (1, 2, 3):
        body = api_client.get(
            URL, {"kind": "solution", "sort": "price_asc", "page": page, "page_size": 10}
        ).json()
        seen += [r["id"] for r in body["results"]]
    assert len(seen) == len(set(seen)) == 25


def test_search_runs_a_constant_number_of_queries(api_client, indexed, django_assert_max_num_queries):
    for size in (2, 20):
        with django_assert_max_num_queries(8):
            assert (
                api_client.get(URL, {"q": "hoa don", "category": "e-invoice", "page_size": size}).status_code
                == 200
            )


def test_search_is_throttled_with_the_search_scope(api_client, indexed, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"search": "2/min"})
    codes = [api_client.get(URL).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert api_client.get(URL).json()["code"] == "throttled"


def test_unreachable_engine_falls_back_to_the_database_marked_degraded(api_client, indexed, settings):
    from tests.search.conftest import free_port

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    body = api_client.get(URL, {"q": "hoa don", "page_size": 3}).json()
    assert body["degraded"] is True and body["count"] == 25
    suggest = api_client.get("/api/v1/search/suggest/", {"q": "hoa"}).json()
    assert suggest["degraded"] is True and suggest["results"]


@pytest.mark.search_engine
def test_reachable_engine_answers_not_degraded(api_client, es_settings, indexed):
    from search.backends import get_backend

    engine = get_backend()
    engine.index(indexed)
    engine.refresh()
    body = api_client.get(URL, {"q": "hoa don", "ai": "true"}).json()
    assert body["degraded"] is False and body["count"] == 8


def test_suggest_returns_titles_for_a_folded_prefix(api_client, indexed):
    body = api_client.get("/api/v1/search/suggest/", {"q": "nguyen van d"}).json()
    assert [r["title"] for r in body["results"]] == ["Nguyễn Văn Đông"]


def test_suggest_with_empty_text_is_empty(api_client, indexed):
    assert api_client.get("/api/v1/search/suggest/", {"q": " "}).json()["results"] == []


def test_schema_has_no_warnings_for_search(tmp_path, db):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/search/suggest/" in target.read_text()


# ------------------------------------------------------------------ web page
def test_search_page_renders_facets_and_highlighted_results(client, indexed):
    response = client.get(reverse("search:page"), {"q": "hoa don", "category": "e-invoice"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>" in html and 'name="category" value="e-invoice" checked' in html
    assert "<html" in html


def test_htmx_request_gets_only_the_results_fragment(client, indexed):
    response = client.get(reverse("search:page"), {"q": "hoa don"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "result-card" in html


def test_no_results_page_suggests_removing_filters(client, indexed):
    html = client.get(
        reverse("search:page"), {"q": "không tồn tại", "category": "e-invoice"}
    ).content.decode()
    assert 'data-testid="no-results"' in html
    assert "?q=kh%C3%B4ng+t%E1%BB%93n+t%E1%BA%A1i" in html  # the link that removes the filter


def test_page_shows_a_discreet_notice_when_degraded(client, indexed, settings):
    from tests.search.conftest import free_port

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    html = client.get(reverse("search:page"), {"q": "hoa don"}).content.decode()
    assert 'data-testid="degraded"' in html and "result-card" in html


def test_page_with_unknown_filter_explains_instead_of_failing(client, indexed):
    response = client.get(reverse("search:page"), {"colour": "red"})
    assert response.status_code == 400 and "colour" in response.content.decode()


def test_suggestion_options_fragment(client, indexed):
    html = client.get(reverse("search:suggest"), {"q": "hoa d"}).content.decode()
    assert "<option" in html and "Hóa đơn điện tử số 1" in html


def test_fast_response_payload_equals_the_documented_serializer(indexed):
    from django.utils import timezone

    from search.api.serializers import SearchResponseSerializer, search_response_data
    from search.query import SearchQuery
    from search.selectors import search_run

    results = search_run(SearchQuery(text="hoa don", filters={"category": ["e-invoice"]}, page_size=5))
    results.hits[0].published_at = timezone.now()
    assert search_response_data(results) == SearchResponseSerializer(results).data

"""NUL characters never reach the database: every request carrying one is a 400 (PostgreSQL text
cannot hold NUL, so these were 500s there), in the API's error shape under /api/ and as a page
elsewhere."""

import json

import pytest

from tests.factories import EnterpriseFactory, UserFactory, enterprise_owner

pytestmark = pytest.mark.django_db


def assert_api_400(response):
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "null_character"
    return body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/search/?kind=%00",
        "/api/v1/solutions/?category=%00",
        "/api/v1/criteria-sets/%00/",
        "/api/v1/certificates/AB%00CD/",
    ],
)
def test_nul_in_api_url_is_a_400_in_the_error_shape(api_client, url):
    assert_api_400(api_client.get(url))


def test_nul_query_parameter_is_named_in_fields(api_client):
    body = assert_api_400(api_client.get("/api/v1/search/?q=ok&kind=a%00b"))
    assert set(body["fields"]) == {"kind"}


@pytest.mark.parametrize("url", ["/search/?kind=%00", "/consultants/certificates/%00/"])
def test_nul_in_page_url_is_a_translated_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_json_body_with_escaped_nul_is_a_400(api_client):
    enterprise = EnterpriseFactory()
    api_client.force_authenticate(enterprise_owner(enterprise))
    body = assert_api_400(
        api_client.patch(
            f"/api/v1/enterprises/{enterprise.pk}/",
            json.dumps({"ward": "\u0000", "name": "ok"}),
            content_type="application/json",
        )
    )
    assert set(body["fields"]) == {"ward"}


def test_json_nested_nul_names_the_item(api_client):
    api_client.force_authenticate(UserFactory())
    body = assert_api_400(
        api_client.post(
            "/api/v1/enterprises/",
            '{"primary_sector": "62", "sectors": ["a", "b\\u0000"]}',
            content_type="application/json",
        )
    )
    assert set(body["fields"]) == {"sectors.1"}


def test_escaped_backslash_before_u0000_is_not_a_nul(api_client):
    api_client.force_authenticate(UserFactory())
    response = api_client.post(
        "/api/v1/enterprises/", '{"name": "a\\\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"  # the ordinary validation, not the NUL guard


def test_form_body_with_nul_is_a_400(client):
    client.force_login(UserFactory())
    response = client.post("/enterprises/new/", {"name": "x\x00y", "tax_code": "0101234567"})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_form_api_body_with_nul_is_a_400(api_client):
    api_client.force_authenticate(UserFactory())
    assert_api_400(api_client.post("/api/v1/enterprises/", {"name": "x\x00y"}))


def test_ordinary_requests_pass(api_client):
    assert api_client.get("/api/v1/search/?q=hoa+don").status_code == 200

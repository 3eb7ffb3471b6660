"""Everything under /api/ answers JSON in the one error shape, even where no DRF view runs
(unknown route, disallowed Host, a crash), while the web pages keep their HTML pages."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def assert_json_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    return body


@pytest.mark.parametrize(
    "url", ["/api/v1/no-such-thing/", "/api/v2/solutions/", "/api/v1/certificates/has space/"]
)
def test_unknown_api_route_is_a_json_404(client, url):
    body = assert_json_error(client.get(url), 404, "not_found")
    assert body["message"] == "Không tìm thấy."


def test_unknown_page_is_still_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_disallowed_host_under_api_is_json(client):
    assert_json_error(client.get("/api/v1/solutions/", HTTP_HOST="evil.example"), 400, "bad_request")


@pytest.mark.urls("tests.core.crash_urls")
def test_crash_under_api_is_a_json_500():
    client = Client(raise_request_exception=False)
    body = assert_json_error(client.get("/api/v1/crash/"), 500, "server_error")
    assert "boom" not in body["message"]


@pytest.mark.urls("tests.core.crash_urls")
def test_crash_of_a_page_is_the_html_500():
    response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")

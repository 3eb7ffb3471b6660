"""A facet value nobody can hold is a 400 field error, never silently echoed as a selected facet."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.mark.parametrize(
    "param,value",
    [("readiness_level", "9"), ("sector", "ZZ"), ("category", "no-such"), ("kind", "spaceship")],
)
def test_unknown_facet_value_is_a_400_field_error(api_client, param, value):
    response = api_client.get(URL, {param: value})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_facet_value"
    assert set(body["fields"]) == {param}


@pytest.mark.parametrize("param,value", [("readiness_level", "3"), ("kind", "solution"), ("sector", "62")])
def test_known_facet_value_is_accepted(api_client, param, value):
    assert api_client.get(URL, {param: value}).status_code == 200


def test_search_page_says_the_value_is_unknown(client):
    response = client.get("/search/", {"readiness_level": "9"})
    assert response.status_code == 400
    assert "“9”" in response.content.decode()

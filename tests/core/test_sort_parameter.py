"""Every list sorts with one parameter, `sort`; an unknown value is a 400 field error everywhere."""

import pytest

from tests.factories import EnterpriseFactory, enterprise_owner

pytestmark = pytest.mark.django_db


def assert_sort_error(response, param="sort"):
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {param}


@pytest.fixture
def member_client(api_client):
    enterprise = EnterpriseFactory()
    EnterpriseFactory(owner=enterprise_owner(enterprise), name="Công ty A")
    api_client.force_authenticate(enterprise_owner(enterprise))
    return api_client


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/solutions/",
        "/api/v1/vendors/",
        "/api/v1/enterprises/",
        "/api/v1/assessments/",
        "/api/v1/consultants/",
        "/api/v1/consulting-firms/",
    ],
)
def test_unknown_sort_value_is_a_400_field_error(member_client, url):
    assert_sort_error(member_client.get(url, {"sort": "no_such_field"}))


def test_enterprises_sort_by_a_declared_field(member_client):
    names = [
        row["name"] for row in member_client.get("/api/v1/enterprises/", {"sort": "-name"}).json()["results"]
    ]
    assert names == sorted(names, reverse=True) and len(names) == 2


def test_deprecated_ordering_alias_still_sorts_and_is_checked(member_client):
    names = [
        row["name"]
        for row in member_client.get("/api/v1/enterprises/", {"ordering": "-name"}).json()["results"]
    ]
    assert names == sorted(names, reverse=True)
    assert_sort_error(member_client.get("/api/v1/enterprises/", {"ordering": "secret"}), param="ordering")


def test_schema_documents_sort_and_marks_ordering_deprecated(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/solutions/"]["get"]["parameters"]}
    assert "sort" in parameters and "-price" in parameters["sort"]["description"]
    assert parameters["ordering"]["deprecated"] is True

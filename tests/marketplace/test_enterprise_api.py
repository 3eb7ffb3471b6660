import pytest

from marketplace.enterprises.models import Enterprise
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Công ty TNHH Gốm Sứ Biên Hòa",
    "tax_code": "3601234567",
    "primary_sector": "23",
    "sectors": ["46"],
    "ward": "26068",
    "address": "12 Nguyễn Ái Quốc",
    "contact_name": "Lê Thị Mai",
    "contact_email": "mai@gomsu.vn",
    "contact_phone": "0912000111",
    "employees": 8,
    "annual_revenue": 2_000_000_000,
    "total_capital": 5_000_000_000,
}


def test_create_computes_size_class_and_makes_creator_owner(api_client):
    user = UserFactory()
    api_client.force_authenticate(user)
    response = api_client.post("/api/v1/enterprises/", VALID, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["size_class"] == "micro"  # manufacturing: ≤10 staff and revenue ≤3 bn
    enterprise = Enterprise.objects.get(pk=body["id"])
    assert enterprise.memberships.get().user == user


def test_size_class_follows_updated_figures(api_client):
    api_client.force_authenticate(UserFactory())
    created = api_client.post("/api/v1/enterprises/", VALID, format="json").json()
    response = api_client.patch(f"/api/v1/enterprises/{created['id']}/", {"employees": 250}, format="json")
    assert response.json()["size_class"] == "not_sme"


@pytest.mark.parametrize("tax_code", ["123", "3601234567-1", "abcdefghij", "3601234567-0012"])
def test_bad_tax_code_gives_field_error_and_saves_nothing(api_client, tax_code):
    api_client.force_authenticate(UserFactory())
    response = api_client.post("/api/v1/enterprises/", {**VALID, "tax_code": tax_code}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "tax_code" in body["fields"]
    assert not Enterprise.objects.exists()


def test_duplicate_tax_code_is_refused(api_client):
    EnterpriseFactory(tax_code="3601234567")
    api_client.force_authenticate(UserFactory())
    response = api_client.post("/api/v1/enterprises/", VALID, format="json")
    assert response.status_code == 400
    assert "tax_code" in response.json()["fields"]


@pytest.mark.parametrize(
    "field,value",
    [
        ("employees", -1),
        ("annual_revenue", -5),
        ("total_capital", "nhiều"),
        ("primary_sector", "ZZ"),
        ("ward", "99999"),
        ("annual_revenue", 1.5),
    ],
)
def test_bad_figures_and_unknown_codes_are_field_errors(api_client, field, value):
    api_client.force_authenticate(UserFactory())
    response = api_client.post("/api/v1/enterprises/", {**VALID, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Enterprise.objects.exists()


def test_me_lists_roles_and_enterprises(api_client, enterprise):
    owner = enterprise.memberships.get().user
    api_client.force_authenticate(owner)
    body = api_client.get("/api/v1/me/").json()
    assert body["email"] == owner.email
    assert "sme" in body["roles"]
    assert body["enterprises"] == [enterprise.pk]


def test_page_size_is_capped(api_client, officer):
    for _ in range(3):
        EnterpriseFactory()
    api_client.force_authenticate(officer)
    body = api_client.get("/api/v1/enterprises/?page_size=1000").json()
    assert body["count"] == 3
    assert len(body["results"]) == 3
    assert len(api_client.get("/api/v1/enterprises/?page_size=2").json()["results"]) == 2


def test_list_runs_constant_queries(api_client, officer, django_assert_max_num_queries):
    for _ in range(6):
        EnterpriseFactory()
    api_client.force_authenticate(officer)
    with django_assert_max_num_queries(6):
        api_client.get("/api/v1/enterprises/?page_size=2")
    with django_assert_max_num_queries(6):
        api_client.get("/api/v1/enterprises/?page_size=50")

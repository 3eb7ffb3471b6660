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


def test_a_farm_states_its_main_activity_within_its_sector(api_client):
    api_client.force_authenticate(UserFactory())
    farm = {**VALID, "primary_sector": "01", "main_activity": "014"}
    response = api_client.post("/api/v1/enterprises/", farm, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["main_activity"] == "014"
    enterprise = Enterprise.objects.get(pk=response.json()["id"])
    assert enterprise.main_activity.parent.code == "01"
    assert enterprise.main_activity.section.code == "A"


@pytest.mark.parametrize(
    "sector, activity",
    [("23", "014"), ("03", "012"), ("01", "01"), ("01", "A"), ("01", "999")],
)
def test_an_activity_outside_the_main_sector_or_not_a_group_is_refused(api_client, sector, activity):
    api_client.force_authenticate(UserFactory())
    response = api_client.post(
        "/api/v1/enterprises/", {**VALID, "primary_sector": sector, "main_activity": activity}, format="json"
    )
    assert response.status_code == 400
    assert "main_activity" in response.json()["fields"]
    assert not Enterprise.objects.exists()


def test_changing_the_main_sector_drops_an_activity_of_the_old_one(api_client):
    api_client.force_authenticate(UserFactory())
    created = api_client.post(
        "/api/v1/enterprises/", {**VALID, "primary_sector": "01", "main_activity": "012"}, format="json"
    ).json()
    response = api_client.patch(
        f"/api/v1/enterprises/{created['id']}/", {"primary_sector": "10"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["main_activity"] is None
    # restating an activity of the old sector with the new one is an error, not a silent drop
    response = api_client.patch(
        f"/api/v1/enterprises/{created['id']}/",
        {"primary_sector": "03", "main_activity": "012"},
        format="json",
    )
    assert response.status_code == 400
    assert Enterprise.objects.get(pk=created["id"]).primary_sector.code == "10"

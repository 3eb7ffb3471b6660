import pytest

from marketplace.enterprises.models import Enterprise
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Công ty TNHH Vận Tải Long Thành",
    "tax_code": "3609876543-002",
    "primary_sector": "",
    "ward": "",
    "address": "5 Quốc lộ 51",
    "contact_name": "Võ Văn Tài",
    "contact_email": "tai@vantai.vn",
    "contact_phone": "0987000111",
    "employees": "60",
    "annual_revenue": "120000000000",
    "total_capital": "40000000000",
}


@pytest.fixture
def form_data():
    from marketplace.taxonomy.models import AdminUnit, Sector

    return {
        **FORM,
        "primary_sector": Sector.objects.get(code="49").pk,
        "ward": AdminUnit.objects.get(code="26068").pk,
    }


def test_registering_shows_computed_size(client, form_data):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/enterprises/new/", form_data, follow=True)
    assert response.status_code == 200
    enterprise = Enterprise.objects.get()
    # trade/services: 60 staff > 50 so not small; ≤100 and revenue ≤300 bn → medium
    assert enterprise.size_class == "medium"
    assert enterprise.tax_code == "3609876543-002"
    assert 'data-testid="size-class"' in response.content.decode()


def test_bad_tax_code_keeps_the_typed_values(client, form_data):
    client.force_login(UserFactory())
    response = client.post("/enterprises/new/", {**form_data, "tax_code": "12345"})
    assert response.status_code == 400
    assert "tax_code" in response.context["form"].errors
    assert "Công ty TNHH Vận Tải Long Thành" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_size_class_is_not_a_form_field(client, form_data):
    client.force_login(UserFactory())
    client.post("/enterprises/new/", {**form_data, "size_class": "micro"})
    assert Enterprise.objects.get().size_class == "medium"


def test_home_page_has_search_and_role_entry_points(client):
    body = client.get("/").content.decode()
    assert 'role="search"' in body
    for role in ("sme", "consultant", "vendor"):
        assert f"role={role}" in body


def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_default_language_is_vietnamese(client):
    body = client.get("/").content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng ký" in body


def test_every_aria_describedby_points_to_an_element_on_the_form(client, form_data):
    import re

    client.force_login(UserFactory())
    pages = [
        client.get("/enterprises/new/").content.decode(),
        client.post("/enterprises/new/", {**form_data, "tax_code": "12ab"}).content.decode(),
    ]
    for page in pages:
        described = re.findall(r'aria-describedby="([^"]+)"', page)
        assert described
        ids = set(re.findall(r'\bid="([^"]+)"', page))
        for value in described:
            assert set(value.split()) <= ids, value


def test_money_typed_with_vietnamese_separators_or_words_is_saved(client, form_data):
    client.force_login(UserFactory())
    data = {**form_data, "annual_revenue": "120.000.000.000", "total_capital": "40 tỷ"}
    assert client.post("/enterprises/new/", data).status_code == 302
    enterprise = Enterprise.objects.get()
    assert (enterprise.annual_revenue, enterprise.total_capital) == (120_000_000_000, 40_000_000_000)


def test_the_contact_given_at_sign_up_prefills_the_enterprise_form(client):
    user = UserFactory(full_name="Trần Thị Ngọc", email="ngoc@taphoa.vn", phone="0913555777")
    client.force_login(user)
    page = client.get("/enterprises/new/").content.decode()
    assert 'value="Trần Thị Ngọc"' in page
    assert 'value="ngoc@taphoa.vn"' in page
    assert 'value="0913555777"' in page


def test_a_farm_names_its_main_activity_on_the_form_and_sees_it_on_its_page(client, form_data):
    from marketplace.taxonomy.models import Sector

    client.force_login(UserFactory())
    farm = {**form_data, "primary_sector": Sector.objects.get(code="01").pk}
    wrong = client.post("/enterprises/new/", {**farm, "main_activity": Sector.objects.get(code="032").pk})
    assert wrong.status_code == 400
    assert "main_activity" in wrong.context["form"].errors
    assert not Enterprise.objects.exists()
    response = client.post(
        "/enterprises/new/", {**farm, "main_activity": Sector.objects.get(code="014").pk}, follow=True
    )
    assert Enterprise.objects.get().main_activity.code == "014"
    assert "Chăn nuôi" in response.content.decode()

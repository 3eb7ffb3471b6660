"""Decree 13/2023/NĐ-CP: a vendor's contact person is private; the public sees the organisation's
own contact. A household business's tax code is its owner's, so it is not published either."""

import pytest
from django.utils import translation

from catalogue.forms import VendorForm
from catalogue.models import Solution
from tests.factories import OfficerFactory, UserFactory

from .factories import SolutionFactory, VendorFactory, vendor_owner

pytestmark = pytest.mark.django_db

PERSON = "Lê Thị Hoa"
PERSON_PHONE = "0912 345 678"


@pytest.fixture
def listed():
    vendor = VendorFactory(
        contact_name=PERSON,
        contact_email="hoa.le@gmail.example.com",
        contact_phone=PERSON_PHONE,
        public_email="lienhe@phanmem.example.vn",
        public_phone="0251 3888 999",
    )
    SolutionFactory(vendor=vendor, status=Solution.PUBLISHED)
    return vendor


@pytest.fixture
def household():
    vendor = VendorFactory(tax_code="8012345678", is_household_business=True, name="Hộ kinh doanh Minh Phát")
    SolutionFactory(vendor=vendor, status=Solution.PUBLISHED)
    return vendor


def test_anonymous_vendor_list_shows_only_the_organisation_contact(api_client, listed):
    row = api_client.get("/api/v1/vendors/").json()["results"][0]
    assert row["public_email"] == "lienhe@phanmem.example.vn"
    assert row["public_phone"] == "0251 3888 999"
    assert row["contact_name"] is None and row["contact_email"] is None and row["contact_phone"] is None
    assert row["tax_code"] == listed.tax_code  # a company's tax code is public registry data


def test_another_vendor_does_not_see_the_contact_person(api_client, listed):
    api_client.force_authenticate(vendor_owner(VendorFactory()))
    assert api_client.get(f"/api/v1/vendors/{listed.pk}/").json()["contact_name"] is None


@pytest.mark.parametrize("who", ["owner", "officer"])
def test_members_and_officers_see_the_contact_person(api_client, listed, who):
    api_client.force_authenticate(vendor_owner(listed) if who == "owner" else OfficerFactory())
    body = api_client.get(f"/api/v1/vendors/{listed.pk}/").json()
    assert body["contact_name"] == PERSON and body["contact_phone"] == PERSON_PHONE


def test_household_business_tax_code_is_not_published(api_client, household):
    assert api_client.get(f"/api/v1/vendors/{household.pk}/").json()["tax_code"] is None
    api_client.force_authenticate(vendor_owner(household))
    assert api_client.get(f"/api/v1/vendors/{household.pk}/").json()["tax_code"] == "8012345678"


def test_member_cannot_null_a_private_field(api_client, listed):
    api_client.force_authenticate(vendor_owner(listed))
    response = api_client.patch(f"/api/v1/vendors/{listed.pk}/", {"contact_name": None}, format="json")
    assert response.status_code == 400 and "contact_name" in response.json()["fields"]


def test_vendor_page_hides_the_contact_person_from_the_public(client, listed, household):
    page = client.get(listed.get_absolute_url()).content.decode()
    assert "lienhe@phanmem.example.vn" in page
    assert PERSON not in page and "hoa.le@gmail.example.com" not in page and PERSON_PHONE not in page
    assert "8012345678" not in client.get(household.get_absolute_url()).content.decode()


def test_vendor_page_shows_the_contact_person_to_its_members(client, listed):
    client.force_login(vendor_owner(listed))
    assert PERSON in client.get(listed.get_absolute_url()).content.decode()


def test_open_data_feed_holds_no_personal_data(client, listed, household):
    json_feed = client.get("/api/v1/catalogue/feed.json").content.decode()
    csv_feed = b"".join(client.get("/api/v1/catalogue/feed.csv").streaming_content).decode()
    for text in (json_feed, csv_feed):
        assert PERSON not in text and "hoa.le@gmail.example.com" not in text and PERSON_PHONE not in text
        assert "8012345678" not in text
        assert listed.tax_code in text and "lienhe@phanmem.example.vn" in json_feed


def test_vendor_form_says_what_is_published():
    with translation.override("en"):
        form = VendorForm()
        assert "open-data feed" in str(form.fields["public_email"].help_text)
        assert "Not published" in str(form.fields["contact_name"].help_text)
    assert "is_household_business" in form.fields


def test_vendor_page_form_in_vietnamese_says_what_is_published(client):
    client.force_login(UserFactory())
    page = client.get("/solutions/vendor/new/").content.decode()
    assert "Không công bố" in page


def test_the_solution_form_says_the_support_contact_is_published(client, listed):
    from django.urls import reverse

    client.force_login(vendor_owner(listed))
    page = client.get(reverse("catalogue:solution_create", args=[listed.pk]))
    assert page.status_code == 200
    field = page.context["form"]["support_contact"]
    help_id = f"{field.auto_id}_helptext"
    assert "Được công bố" in str(field.help_text) and "tệp dữ liệu mở" in str(field.help_text)
    assert help_id in page.content.decode()  # read out with the field (aria-describedby)

"""A household business's tax code is its owner's personal tax code (Decree 13/2023/NĐ-CP): the
firm's public API leaves it out; its members and officers still see it. The form says what is published."""

import pytest
from django.utils import translation

from consultants import services
from consultants.forms import FirmForm
from tests.factories import OfficerFactory

from .factories import make_consultant, make_firm

pytestmark = pytest.mark.django_db


@pytest.fixture
def household_firm():
    firm = make_firm(name="Hộ kinh doanh Tư vấn An Bình")
    admin = firm.memberships.get().consultant
    return services.firm_update(
        firm=firm, actor=admin.user, tax_code="8012345678", is_household_business=True
    )


def test_household_firm_tax_code_is_not_published(api_client, household_firm):
    assert api_client.get(f"/api/v1/consulting-firms/{household_firm.pk}/").json()["tax_code"] is None
    api_client.force_authenticate(make_consultant().user)
    listed = api_client.get("/api/v1/consulting-firms/").json()["results"]
    assert [row["tax_code"] for row in listed] == [None]


def test_firm_members_and_officers_see_the_household_tax_code(api_client, household_firm):
    for user in (household_firm.memberships.get().consultant.user, OfficerFactory()):
        api_client.force_authenticate(user)
        assert (
            api_client.get(f"/api/v1/consulting-firms/{household_firm.pk}/").json()["tax_code"]
            == "8012345678"
        )


def test_company_tax_code_stays_public(api_client):
    firm = make_firm()
    admin = firm.memberships.get().consultant
    services.firm_update(firm=firm, actor=admin.user, tax_code="3601234567")
    assert api_client.get(f"/api/v1/consulting-firms/{firm.pk}/").json()["tax_code"] == "3601234567"


def test_firm_form_says_what_is_published():
    with translation.override("en"):
        form = FirmForm()
        assert "Published" in str(form.fields["email"].help_text)
        assert "not published" in str(form.fields["is_household_business"].help_text)

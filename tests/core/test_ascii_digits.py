"""One rule for numbers: ASCII digits only, in API serializers, filters and web forms alike
(the tax code already refused full-width digits while integer fields read "１０" as 10)."""

import pytest

from marketplace.enterprises.forms import EnterpriseForm
from tests.factories import EnterpriseFactory, enterprise_owner

pytestmark = pytest.mark.django_db

FULL_WIDTH_TEN = "１０"
ARABIC_INDIC_TEN = "١٠"


@pytest.mark.parametrize("value", [FULL_WIDTH_TEN, ARABIC_INDIC_TEN])
def test_api_integer_field_refuses_non_ascii_digits(api_client, value):
    enterprise = EnterpriseFactory()
    api_client.force_authenticate(enterprise_owner(enterprise))
    response = api_client.patch(f"/api/v1/enterprises/{enterprise.pk}/", {"employees": value}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"employees"}
    enterprise.refresh_from_db()
    assert enterprise.employees == 20


def test_api_integer_field_still_takes_ascii_digits(api_client):
    enterprise = EnterpriseFactory()
    api_client.force_authenticate(enterprise_owner(enterprise))
    response = api_client.patch(f"/api/v1/enterprises/{enterprise.pk}/", {"employees": "10"}, format="json")
    assert response.status_code == 200 and response.json()["employees"] == 10


@pytest.mark.parametrize(
    "url",
    [f"/api/v1/solutions/?price_min={FULL_WIDTH_TEN}", f"/api/v1/consultants/?rate_min={FULL_WIDTH_TEN}"],
)
def test_number_filters_refuse_non_ascii_digits(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_web_form_refuses_non_ascii_digits():
    form = EnterpriseForm(data={"employees": FULL_WIDTH_TEN, "annual_revenue": FULL_WIDTH_TEN})
    assert not form.is_valid()
    assert {"employees", "annual_revenue"} <= set(form.errors)


# Raw ids and amounts read by hand (not through a framework field) follow the same rule; "²" passes
# str.isdigit() but int() refuses it, which was a 500.
@pytest.mark.parametrize("raw", [FULL_WIDTH_TEN, "²", "1²"])
def test_compare_ignores_ids_that_are_not_ascii_numbers(client, raw):
    from catalogue.compare import parse_ids

    assert parse_ids(f"{raw},7") == ([7], False)
    response = client.post("/solutions/compare/remove/", {"solution": raw})
    assert response.status_code == 302


@pytest.mark.parametrize("raw", [FULL_WIDTH_TEN, "²"])
def test_recommendations_page_ignores_an_enterprise_id_that_is_not_an_ascii_number(client, raw):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise_owner(enterprise))
    assert client.get("/assessments/recommendations/", {"enterprise": raw}).status_code == 200


@pytest.mark.parametrize("raw", [FULL_WIDTH_TEN, "１.２００.０００"])
def test_typed_amounts_refuse_non_ascii_digits(raw):
    from marketplace.core.forms import AmountError, parse_vnd

    with pytest.raises(AmountError):
        parse_vnd(raw)

"""Attacker's side: a member of one enterprise can never read or change another's data."""

import pytest

from tests.factories import EnterpriseFactory, UserFactory, enterprise_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine():
    return EnterpriseFactory(name="Công ty Của Tôi")


@pytest.fixture
def theirs():
    return EnterpriseFactory(name="Công ty Đối Thủ Bí Mật")


def test_member_sees_own_enterprise_page(client, mine):
    client.force_login(enterprise_owner(mine))
    response = client.get(f"/enterprises/{mine.pk}/")
    assert response.status_code == 200
    assert "Công ty Của Tôi" in response.content.decode()


def test_other_enterprise_page_is_404_without_data(client, mine, theirs):
    client.force_login(enterprise_owner(mine))
    response = client.get(f"/enterprises/{theirs.pk}/")
    assert response.status_code == 404
    assert "Đối Thủ" not in response.content.decode()


def test_other_enterprise_edit_page_is_404(client, mine, theirs):
    client.force_login(enterprise_owner(mine))
    assert client.get(f"/enterprises/{theirs.pk}/edit/").status_code == 404
    response = client.post(f"/enterprises/{theirs.pk}/edit/", {"name": "Hacked"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Công ty Đối Thủ Bí Mật"


def test_anonymous_is_sent_to_login(client, theirs):
    response = client.get(f"/enterprises/{theirs.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_api_list_shows_only_own_enterprises(api_client, mine, theirs):
    api_client.force_authenticate(enterprise_owner(mine))
    response = api_client.get("/api/v1/enterprises/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_api_detail_of_other_enterprise_is_404_in_error_shape(api_client, mine, theirs):
    api_client.force_authenticate(enterprise_owner(mine))
    response = api_client.get(f"/api/v1/enterprises/{theirs.pk}/")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert "Đối Thủ" not in response.content.decode()


def test_api_update_of_other_enterprise_is_refused_and_changes_nothing(api_client, mine, theirs):
    api_client.force_authenticate(enterprise_owner(mine))
    response = api_client.patch(f"/api/v1/enterprises/{theirs.pk}/", {"name": "Hacked"}, format="json")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Công ty Đối Thủ Bí Mật"


def test_size_class_cannot_be_forged_through_the_api(api_client, mine):
    api_client.force_authenticate(enterprise_owner(mine))
    response = api_client.patch(
        f"/api/v1/enterprises/{mine.pk}/", {"size_class": "micro", "is_exemplary": True}, format="json"
    )
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.size_class == "small"
    assert mine.is_exemplary is False


def test_officer_reads_every_enterprise_but_cannot_edit(api_client, officer, mine, theirs):
    api_client.force_authenticate(officer)
    response = api_client.get("/api/v1/enterprises/")
    assert {row["id"] for row in response.json()["results"]} == {mine.pk, theirs.pk}
    response = api_client.patch(f"/api/v1/enterprises/{mine.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_user_without_membership_sees_nothing(api_client, mine):
    api_client.force_authenticate(UserFactory())
    assert api_client.get("/api/v1/enterprises/").json()["count"] == 0
    assert api_client.get(f"/api/v1/enterprises/{mine.pk}/").status_code == 404


def test_the_plain_list_of_a_users_enterprises_is_theirs_only(mine, theirs):
    from marketplace.enterprises.models import EnterpriseMembership
    from marketplace.enterprises.selectors import enterprises_of, enterprises_of_plain

    owner = enterprise_owner(mine)
    second = EnterpriseFactory(name="Công ty Thứ Hai")
    EnterpriseMembership.objects.create(enterprise=second, user=owner, role=EnterpriseMembership.MEMBER)
    plain = enterprises_of_plain(owner)
    assert [e.pk for e in plain] == sorted([mine.pk, second.pk])
    assert {e.pk for e in plain} == set(enterprises_of(owner).values_list("pk", flat=True))
    assert plain[0].name == mine.name  # ordinary instances, fields converted
    assert enterprises_of_plain(UserFactory()) == []

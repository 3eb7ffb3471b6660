import pytest

from marketplace.accounts.officers import officer_grant
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_granted_officer_can_open_the_admin_and_review_enterprises(client, enterprise):
    user = UserFactory()
    officer_grant(user=user, title="Chuyên viên")
    client.force_login(user)
    assert user.is_officer
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/enterprises/enterprise/").status_code == 200
    # officers do not manage accounts
    assert client.get("/admin/accounts/user/").status_code == 403


def test_plain_user_cannot_open_the_admin(client, user):
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_token_is_issued_for_email_and_password(api_client):
    user = UserFactory(email="api@dn.vn")
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "api@dn.vn", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api_client.get("/api/v1/me/").json()["id"] == user.pk


def test_token_refused_for_wrong_password(api_client):
    UserFactory(email="api@dn.vn")
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "api@dn.vn", "password": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"

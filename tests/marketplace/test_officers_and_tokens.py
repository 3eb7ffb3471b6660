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


# ---- the token's authentication (one plain statement: marketplace/core/api/authentication.py) ----


def _me(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client.get("/api/v1/me/")


def test_a_token_signs_in_its_own_user_and_no_one_else(api_client):
    from rest_framework.authtoken.models import Token

    alice, bob = UserFactory(), UserFactory()
    key = Token.objects.create(user=alice).key
    Token.objects.create(user=bob)
    answer = _me(api_client, key)
    assert answer.status_code == 200 and answer.json()["id"] == alice.pk


@pytest.mark.parametrize(
    "key",
    ["0" * 40, "x" * 41, "bad\x00key", "' OR '1'='1", "%", "ê" * 10],
    ids=["unknown", "too long", "nul byte", "sql", "wildcard", "non-ascii"],
)
def test_a_forged_token_is_a_401_never_a_500(api_client, key):
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=UserFactory())
    answer = _me(api_client, key)
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Token"


def test_the_token_of_a_deactivated_user_no_longer_works(api_client):
    from rest_framework.authtoken.models import Token

    user = UserFactory()
    key = Token.objects.create(user=user).key
    assert _me(api_client, key).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    answer = _me(api_client, key)
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"
    assert answer.json()["message"] != _me(api_client, "0" * 40).json()["message"]  # says why


def test_a_deleted_token_no_longer_works(api_client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=UserFactory())
    token.delete()
    assert _me(api_client, token.key).status_code == 401

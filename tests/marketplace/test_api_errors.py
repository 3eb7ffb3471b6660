"""Every API error has the same shape: {"code", "message", "fields"}."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_shape(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


def test_400_has_field_errors(api_client):
    api_client.force_authenticate(UserFactory())
    body = assert_shape(api_client.post("/api/v1/enterprises/", {}, format="json"), 400, "invalid")
    assert "tax_code" in body["fields"]
    assert "name" in body["fields"]


def test_400_on_malformed_json(api_client):
    api_client.force_authenticate(UserFactory())
    response = api_client.post("/api/v1/enterprises/", "{not json", content_type="application/json")
    assert_shape(response, 400, "parse_error")


def test_401_when_not_logged_in(api_client):
    assert_shape(api_client.get("/api/v1/me/"), 401, "not_authenticated")


def test_401_with_a_bad_token(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token nope")
    assert_shape(api_client.get("/api/v1/me/"), 401, "not_authenticated")


def test_403_when_not_allowed(api_client, officer, enterprise):
    api_client.force_authenticate(officer)
    assert_shape(
        api_client.put(f"/api/v1/enterprises/{enterprise.pk}/", {}, format="json"), 403, "permission_denied"
    )


def test_404_for_unknown_object(api_client):
    api_client.force_authenticate(UserFactory())
    assert_shape(api_client.get("/api/v1/enterprises/999999/"), 404, "not_found")


def test_405_for_wrong_method(api_client):
    api_client.force_authenticate(UserFactory())
    assert_shape(api_client.delete("/api/v1/me/"), 405, "method_not_allowed")


def test_token_authentication_works(api_client):
    from rest_framework.authtoken.models import Token

    user = UserFactory()
    token = Token.objects.create(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get("/api/v1/me/").json()["email"] == user.email

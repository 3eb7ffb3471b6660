import pytest
from django.core import mail

from marketplace.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "Phạm Thị Lan",
    "email": "lan@congty.vn",
    "phone": "0901234567",
    "role": "sme",
    "password1": "Mat-khau-rat-manh-2026",
    "password2": "Mat-khau-rat-manh-2026",
}


def test_sign_up_logs_in_and_continues_to_enterprise_form(client):
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/enterprises/new/"
    user = User.objects.get(email="lan@congty.vn")
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"full_name": "   "}, "full_name"),
        ({"password2": "something-else-2026"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password1"),
        ({"password1": "password", "password2": "password"}, "password1"),
        ({"role": "officer"}, "role"),
    ],
)
def test_sign_up_with_bad_input_shows_field_error_and_creates_nothing(client, changes, field):
    response = client.post("/accounts/signup/", {**GOOD, **changes})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not User.objects.filter(email=GOOD["email"]).exists()


def test_sign_up_refuses_existing_email_case_insensitively(client):
    UserFactory(email="lan@congty.vn")
    response = client.post("/accounts/signup/", {**GOOD, "email": "LAN@CongTy.vn"})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert User.objects.count() == 1


def test_sign_up_cannot_forge_staff_or_officer(client):
    client.post("/accounts/signup/", {**GOOD, "is_staff": "on", "is_superuser": "on"})
    user = User.objects.get(email="lan@congty.vn")
    assert not user.is_staff and not user.is_superuser and not user.is_officer


def test_log_in_with_email_is_case_insensitive(client):
    UserFactory(email="hoa@dn.vn")
    response = client.post("/accounts/login/", {"username": "HOA@dn.vn", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_shows_error(client):
    UserFactory(email="hoa@dn.vn")
    response = client.post("/accounts/login/", {"username": "hoa@dn.vn", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_log_out_requires_post_and_ends_session(client, user):
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client):
    UserFactory(email="hoa@dn.vn")
    response = client.post("/accounts/password-reset/", {"email": "hoa@dn.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver")[-1].strip()
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Moi-Mat-Khau-2026!", "new_password2": "Moi-Mat-Khau-2026!"}
    )
    assert response.status_code == 302
    assert client.login(username="hoa@dn.vn", password="Moi-Mat-Khau-2026!")


def test_password_reset_for_unknown_email_reveals_nothing(client):
    response = client.post("/accounts/password-reset/", {"email": "ghost@dn.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0

"""Every password rule speaks Vietnamese on a Vietnamese page: its error and its help text."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.accounts.models import User

ENGLISH_WORDS = ("password", "This ", "Your ", "character", "similar", "common", "numeric")


def errors_for(password: str) -> list[str]:
    user = User(email="nguyen.van.an@example.vn", full_name="Nguyễn Văn An")
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize("password", ["abc", "12345678912", "password123", "nguyen.van.an"])
def test_password_errors_are_vietnamese(password):
    with translation.override("vi"):
        messages = errors_for(password)
    assert messages
    for message in messages:
        assert not any(word in message for word in ENGLISH_WORDS), message


def test_too_short_says_how_many_characters_in_vietnamese():
    with translation.override("vi"):
        assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in errors_for("abc")


def test_password_help_texts_are_vietnamese():
    with translation.override("vi"):
        for text in password_validation.password_validators_help_texts():
            assert not any(word in text for word in ENGLISH_WORDS), text


def test_signup_page_shows_the_short_password_error_in_vietnamese(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "mai@example.vn", "full_name": "Trần Mai", "password1": "abc", "password2": "abc"},
    )
    page = response.content.decode()
    assert "Mật khẩu quá ngắn" in page
    assert "too short" not in page

"""API token authentication in one plain statement.

DRF's TokenAuthentication reads the token with its user through the ORM (`select_related().get()`),
whose statement compilation cost about as much CPU as the rest of a small API request's reads (see
benchmarks/README.md, booking). The same join written once as SQL gives the same answers: the user
(an ordinary model instance, with field converters applied) and its token, or the same two 401s.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

KEY_LENGTH = Token._meta.get_field("key").max_length


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        # a key that cannot be stored cannot match (and a NUL byte would not even reach PostgreSQL)
        if not key or len(key) > KEY_LENGTH or "\x00" in key:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user_model = get_user_model()
        sql = (
            f"SELECT u.* FROM {user_model._meta.db_table} u JOIN {Token._meta.db_table} t"
            f" ON t.user_id = u.{user_model._meta.pk.column} WHERE t.key = %s"
        )
        user = next(iter(user_model.objects.raw(sql, [key])), None)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token(key=key, user_id=user.pk)
        token.user = user
        return user, token

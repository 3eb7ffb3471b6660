"""Django's password validator messages, listed so our Vietnamese catalogue carries them all.

Django's own Vietnamese catalogue lacks some (the "too short" error reached users in English), and
our catalogue (LOCALE_PATHS) takes precedence over Django's. The msgids must match Django's exactly;
tests/marketplace/test_password_messages.py checks every validator's message and help text in
Vietnamese. Nothing imports these names: they exist for makemessages.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]

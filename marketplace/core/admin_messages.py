"""Django admin interface strings that Django's Vietnamese catalogue lacks (Django 5.2).

Officers work in the admin in Vietnamese; these reached them in English ("Skip to main content",
"Show counts", the theme switch). Listed here so makemessages keeps them in our catalogue, which
takes precedence over Django's. The msgids must match Django's templates exactly.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Add link"),
    gettext_noop("Added:"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Change or view list link"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Model name"),
    gettext_noop("Set password"),
    gettext_noop("Sidebar"),
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Toggle theme (current theme: light)"),
]

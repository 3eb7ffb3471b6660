"""Shared fixtures. Factories live in tests/factories.py; browser fixtures at the bottom."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard must allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests explore new examples on every local run (that is how the certificate codes' prefix
# edge was found); CI sets HYPOTHESIS_PROFILE=ci and replays the same examples every time, so that a
# merge is judged on a reproducible run. A failure found locally is pinned with @example.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    from django.conf import settings

    from marketplace.core.translations import compile_all

    compile_all()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="dxm-media-")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not database.get("TEST", {}).get("NAME"):
        # A file, not Django's shared-cache in-memory database: in shared-cache mode a second writer
        # fails at once with "database table is locked", while a file database in WAL mode waits for
        # the busy timeout, as production does; concurrency tests then test the real behaviour.
        database["TEST"] = {
            **database.get("TEST", {}),
            "NAME": str(Path(settings.MEDIA_ROOT) / "test.sqlite3"),
        }


def pytest_unconfigure(config):
    from django.conf import settings

    shutil.rmtree(str(settings.MEDIA_ROOT), ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_facet_labels():
    """Facet labels are cached per process for a minute; each test reads its own database's."""
    from search.registry import clear_label_cache

    clear_label_cache()
    yield
    clear_label_cache()


@pytest.fixture(autouse=True)
def _transactional_db_hygiene(request, django_db_setup, django_db_blocker):
    """See tests/transactional.py: reload reference data before, empty the audit table before the flush."""
    from tests.transactional import empty_audit_table, ensure_reference_data

    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional:
        with django_db_blocker.unblock():
            ensure_reference_data()
    yield
    if transactional:
        with django_db_blocker.unblock():
            empty_audit_table()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def officer(db):
    from tests.factories import OfficerFactory

    return OfficerFactory()


@pytest.fixture
def enterprise(db):
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory()


@pytest.fixture
def tasks_run():
    """Names of the tasks the task runner (Celery, inline in tests) starts during the test."""
    from celery.signals import task_prerun

    names: list[str] = []

    def record(sender=None, **kwargs):
        names.append(sender.name)

    task_prerun.connect(record, weak=False)
    yield names
    task_prerun.disconnect(record)


# ---- real headless Chromium (Debian package), never a downloaded browser ----


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not installed at {CHROMIUM} (apt-get install chromium); browser journeys need it"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def phone_context(browser):
    """A phone-sized page: journeys must work on a phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    yield context
    context.close()


@pytest.fixture
def desktop_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    yield context
    context.close()


@pytest.fixture
def checks():
    """checks(page) → tests.browser.checks.PageChecks attached to the page; console errors fail at the end."""
    from tests.browser.checks import PageChecks

    attached = []

    def attach(page, **kwargs):
        attached.append(PageChecks(page, **kwargs))
        return attached[-1]

    yield attach
    for item in attached:
        item.finish()


# localstripe (the Stripe emulator), started only by the tests that ask for it: tests/stripe_fixtures.py
from tests.stripe_fixtures import localstripe_url, stripe_keys  # noqa: E402, F401

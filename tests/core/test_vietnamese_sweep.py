"""Every message a user can reach is Vietnamese under the Vietnamese locale.

A sweep over every API operation of the OpenAPI schema, anonymously and as each role, with bad
input (no credentials, a bad token, broken JSON, a list instead of an object, wrong types in every
field, missing fields, unknown paging and sort values, a wrong method, unknown objects), and over
the web forms with bad input. DRF's and Django's own catalogues lack or mistranslate many of these
strings; the project's catalogue (LOCALE_PATHS) provides them. A message is flagged as English
when it is ASCII-only and reads as words (Vietnamese without diacritics is not how we write).
"""

from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from catalogue.models import Solution
from tests.catalogue.factories import SolutionFactory, VendorFactory, vendor_owner
from tests.consultants.factories import make_consultant
from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner

pytestmark = pytest.mark.django_db

WORDS = re.compile(r"[A-Za-z]{2,}")
WRONG_TYPE = {"integer": "abc", "number": "abc", "string": {"a": 1}, "array": "x", "boolean": "maybe"}


ENGLISH_WORDS = re.compile(
    r"\b(the|is|are|was|were|be|not|must|may|this|that|expected|available|invalid|valid|required|"
    r"enter|please|provided|allowed|found|seconds?)\b",
    re.I,
)


def looks_english(message: str) -> bool:
    """ASCII-only words, or English function words inside an otherwise Vietnamese sentence."""
    return (message.isascii() and len(WORDS.findall(message)) >= 2) or bool(ENGLISH_WORDS.search(message))


def messages_of(body) -> list[str]:
    found = [body.get("message", "")]
    for values in (body.get("fields") or {}).values():
        found += [str(v) for v in (values if isinstance(values, list) else [values])]
    return [m for m in found if m]


@pytest.fixture
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def actors():
    enterprise = EnterpriseFactory()
    vendor = VendorFactory()
    solution = SolutionFactory(vendor=vendor, status=Solution.DRAFT)
    consultant = make_consultant(user=UserFactory())
    ids = {"enterprises": enterprise.pk, "vendors": vendor.pk, "vendor": solution.pk}
    users = {
        "anonymous": None,
        "sme": enterprise_owner(enterprise),
        "vendor": vendor_owner(vendor),
        "consultant": consultant.user,
        "officer": OfficerFactory(),
    }
    return users, ids


def concrete(path: str, ids: dict[str, int]) -> str:
    first = path.split("/")[3]
    path = re.sub(r"\{id\}", str(ids.get(first, 999999)), path)
    path = re.sub(r"\{code\}", "XX-0000", path)
    return re.sub(r"\{\w+\}", "999999", path)


def request_properties(operation: dict, schema: dict) -> dict:
    content = (operation.get("requestBody") or {}).get("content") or {}
    ref = (content.get("application/json") or {}).get("schema", {}).get("$ref", "")
    if not ref:
        return {}
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return component.get("properties", {})


def bad_requests(path: str, operations: dict, schema: dict):
    methods = [m for m in operations if m in ("get", "post", "put", "patch", "delete")]
    for method in methods:
        if method == "get":
            yield method, {"data": {"page": "abc", "page_size": "abc", "sort": "zz"}}
            continue
        yield method, {"data": "{broken", "content_type": "application/json"}
        yield method, {"data": "[]", "content_type": "application/json"}
        yield method, {"data": {}, "format": "json"}
        properties = request_properties(operations[method], schema)
        wrong = {name: WRONG_TYPE.get(spec.get("type"), {"a": 1}) for name, spec in properties.items()}
        if wrong:
            yield method, {"data": wrong, "format": "json"}
    if "put" not in methods:
        yield "put", {"data": {}, "format": "json"}


def test_every_api_error_message_is_vietnamese(api_client, schema, actors):
    users, ids = actors
    english: set[tuple[str, str, str, str]] = set()
    seen = 0
    for role, user in users.items():
        api_client.force_authenticate(user)
        for path, operations in schema["paths"].items():
            url = concrete(path, ids)
            for method, kwargs in bad_requests(path, operations, schema):
                response = getattr(api_client, method)(url, **kwargs)
                assert response.status_code < 500, (role, method, url, response.content[:300])
                if response.status_code < 400 or "json" not in response.get("Content-Type", ""):
                    continue
                for message in messages_of(response.json()):
                    seen += 1
                    if looks_english(message):
                        english.add((role, method, path, message))
    api_client.force_authenticate(None)
    api_client.credentials(HTTP_AUTHORIZATION="Token nope")
    for message in messages_of(api_client.get("/api/v1/me/").json()):
        seen += 1
        if looks_english(message):
            english.add(("bad token", "get", "/api/v1/me/", message))
    assert seen > 500
    assert not english, "\n".join(" ".join(row) for row in sorted(english))


ERROR = re.compile(r'<(?:p class="error"[^>]*|li)>(.*?)</(?:p|li)>', re.S)


@pytest.mark.parametrize(
    "url,data",
    [
        ("/accounts/login/", {"username": "nobody@example.com", "password": "x"}),
        ("/accounts/signup/", {"email": "not-an-email", "password1": "1", "password2": "2"}),
        (
            "/enterprises/new/",
            {"tax_code": "１２３", "employees": "abc", "annual_revenue": "-1", "ward": "zz"},
        ),
    ],
)
def test_form_errors_are_vietnamese(client, url, data):
    if url != "/accounts/login/" and url != "/accounts/signup/":
        client.force_login(UserFactory())
    response = client.post(url, data)
    assert_vietnamese_errors(response)


def assert_vietnamese_errors(response):
    assert response.status_code in (200, 400)
    errors = [re.sub(r"<[^>]+>", "", e).strip() for e in ERROR.findall(response.content.decode())]
    assert errors
    assert not [e for e in errors if looks_english(e)], errors


def test_csrf_failure_is_explained_in_vietnamese_on_api_and_pages():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    api = client.post("/api/v1/enterprises/", {}, content_type="application/json")
    assert api.status_code == 403 and api.json()["code"] == "csrf_failed"
    assert not looks_english(api.json()["message"])
    page = client.post("/enterprises/new/", {})
    assert page.status_code == 403
    assert "CSRF" in page.content.decode() and "tải lại trang" in page.content.decode()


def test_throttled_message_is_vietnamese(api_client, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"search": "1/min"})
    api_client.get("/api/v1/search/")
    response = api_client.get("/api/v1/search/")
    assert response.status_code == 429
    message = response.json()["message"]
    assert not looks_english(message) and "giây" in message


def test_solution_editor_errors_are_vietnamese(client):
    vendor = VendorFactory()
    client.force_login(vendor_owner(vendor))
    response = client.post(
        f"/solutions/vendor/{vendor.pk}/solutions/new/",
        {"name": "", "price": "１０", "readiness_min": "9", "category": "zz", "website": "nope"},
    )
    assert_vietnamese_errors(response)

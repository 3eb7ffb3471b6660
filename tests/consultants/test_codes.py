"""Readable certificate codes: the check letter, reading what people type, issuing under concurrency."""

from __future__ import annotations

import string
import threading
import time

import pytest
from django.db import OperationalError, connection
from hypothesis import given
from hypothesis import strategies as st

from consultants import codes, selectors, services
from consultants.errors import CertificateNotFound
from consultants.models import Certificate
from tests.consultants.factories import certificate_of, certified_consultant, under_review_application
from tests.factories import OfficerFactory

PREFIX_LETTERS = codes.CHECK_ALPHABET
TYPABLE = string.digits + string.ascii_uppercase

valid_codes = st.builds(
    codes.format_code,
    prefix=st.text(PREFIX_LETTERS, min_size=1, max_size=4),
    year=st.integers(1000, 9999),
    number=st.integers(1, 10**10 - 1),
)


def accepted(text: str, prefix: str) -> bool:
    """Read with `prefix` as the one prefix issued (the department's own set in the product)."""
    try:
        codes.parse(text, prefixes={prefix})
    except codes.InvalidCode:
        return False
    return True


def test_a_code_reads_prefix_year_number_and_check_letter():
    code = codes.format_code("DN", 2026, 42)
    assert code[:-1] == "DN-2026-00042-"
    assert code[-1] in codes.CHECK_ALPHABET
    assert codes.parse(code) == codes.CertificateCode(prefix="DN", year=2026, number=42)


@given(valid_codes)
def test_every_issued_code_is_accepted(code):
    assert accepted(code, code.split("-")[0])


@given(valid_codes, st.data())
def test_every_single_substitution_is_rejected(code, data):
    significant = codes.compact(code)
    position = data.draw(st.integers(0, len(significant) - 1))
    replacement = data.draw(st.sampled_from(TYPABLE).filter(lambda c: c != significant[position]))
    typo = significant[:position] + replacement + significant[position + 1 :]
    assert not accepted(typo, code.split("-")[0])


@given(valid_codes, st.data())
def test_every_adjacent_transposition_is_rejected(code, data):
    significant = codes.compact(code)
    position = data.draw(st.integers(0, len(significant) - 2))
    a, b = significant[position], significant[position + 1]
    if a == b:
        return  # swapping equal characters changes nothing
    swapped = significant[:position] + b + a + significant[position + 2 :]
    assert not accepted(swapped, code.split("-")[0])


def test_a_typo_that_moves_the_end_of_the_prefix_is_rejected():
    # A–K share their values with the digits 0–9: these typos keep the sum and a valid shape
    long_number = codes.format_code("A", 1000, 100000)  # found by Hypothesis: 1 read as B
    assert not accepted("AB" + codes.compact(long_number)[2:], "A")
    short_prefix = codes.format_code("AB", 2026, 42)  # B read as 1: the prefix shrinks to A
    assert not accepted("A1" + codes.compact(short_prefix)[2:], "AB")


def test_the_department_issues_three_prefixes(settings):
    settings.CERTIFICATE_CODE_PREFIX = "DN"
    assert codes.issuing_prefixes() == {"DN", "DNT", "DNV"}
    for prefix in ("DN", "DNT", "DNV"):
        code = codes.format_code(prefix, 2026, 7)
        assert codes.canonical(code.lower()) == code
    with pytest.raises(codes.InvalidCode):
        codes.parse(codes.format_code("XY", 2026, 7))


@pytest.mark.parametrize(
    "typed", ["dn-2026-00042-{}", " DN 2026 00042 {} ", "dn2026 00042{}", "DN–2026–00042–{}"]
)
def test_case_spaces_and_dashes_do_not_matter(typed):
    code = codes.format_code("DN", 2026, 42)
    assert codes.canonical(typed.format(code[-1].lower())) == code


def test_a_wrong_check_letter_is_recognised_as_a_typo_not_as_an_old_code():
    code = codes.format_code("DN", 2026, 42)
    wrong = code[:-1] + next(c for c in codes.CHECK_ALPHABET if c != code[-1])
    assert codes.looks_like_code(wrong) and not accepted(wrong, "DN")
    assert not codes.looks_like_code("z8FKjcwbyJaihLcC9MIsFQ")


# ---- issuing ----


@pytest.mark.django_db
def test_certification_issues_readable_codes_numbered_within_the_year(settings):
    settings.CERTIFICATE_CODE_PREFIX = "DN"
    first = certificate_of(certified_consultant())
    second = certificate_of(certified_consultant())
    a, b = codes.parse(first.code), codes.parse(second.code)
    assert (a.prefix, a.year) == ("DN", first.issued_at.astimezone(codes_tz()).year)
    assert b.number == a.number + 1
    assert first.code == str(a)


def codes_tz():
    from django.utils import timezone

    return timezone.get_current_timezone()


@pytest.mark.django_db
def test_the_check_page_and_api_find_a_code_however_it_is_typed(client):
    certificate = certificate_of(certified_consultant())
    typed = certificate.code.lower().replace("-", " ")
    assert selectors.certificate_get_by_code(typed) == certificate
    response = client.get(f"/api/v1/certificates/{typed.replace(' ', '')}/")
    assert response.status_code == 200 and response.json()["code"] == certificate.code
    page = client.get(f"/consultants/certificates/{certificate.code.lower()}/")
    assert page.status_code == 200


@pytest.mark.django_db
def test_a_mistyped_code_says_so(client):
    certificate = certificate_of(certified_consultant())
    parsed = codes.parse(certificate.code)
    wrong = codes.format_code(parsed.prefix, parsed.year, parsed.number)[:-1] + next(
        c for c in codes.CHECK_ALPHABET if c != certificate.code[-1]
    )
    with pytest.raises(CertificateNotFound) as caught:
        selectors.certificate_get_by_code(wrong)
    assert caught.value.code == "certificate_code_mistyped"
    response = client.get(f"/api/v1/certificates/{wrong}/")
    assert response.status_code == 404 and response.json()["code"] == "certificate_code_mistyped"


@pytest.mark.django_db
def test_the_certificate_page_says_a_mistyped_code_is_mistyped(client):
    certificate = certificate_of(certified_consultant())
    wrong = certificate.code[:-1] + next(c for c in codes.CHECK_ALPHABET if c != certificate.code[-1])
    page = client.get(f"/consultants/certificates/{wrong}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 404
    assert b'data-testid="certificate-mistyped"' in page.content
    assert b'data-testid="certificate-not-found"' not in page.content
    unknown = client.get("/consultants/certificates/khong-ton-tai/")
    assert b'data-testid="certificate-not-found"' in unknown.content


@pytest.mark.django_db
def test_codes_issued_before_stay_valid_exactly_as_written(client):
    certificate = certificate_of(certified_consultant())
    Certificate.objects.filter(pk=certificate.pk).update(code="z8FKjcwbyJaihLcC9MIsFQ")
    assert selectors.certificate_get_by_code(" z8FKjcwbyJaihLcC9MIsFQ ").pk == certificate.pk
    with pytest.raises(CertificateNotFound):
        selectors.certificate_get_by_code("Z8FKJCWBYJAIHLCC9MISFQ")  # old codes are case-sensitive
    assert client.get("/consultants/certificates/z8FKjcwbyJaihLcC9MIsFQ/").status_code == 200
    assert client.get("/api/v1/certificates/z8FKjcwbyJaihLcC9MIsFQ/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_concurrent_certifications_get_distinct_consecutive_numbers():
    officer = OfficerFactory()
    applications = [under_review_application(officer=officer) for _ in range(4)]
    barrier = threading.Barrier(len(applications))
    errors: list[BaseException] = []

    def certify(application):
        try:
            barrier.wait(timeout=5)
            for _attempt in range(500):
                try:
                    services.application_decide(application=application, officer=officer, decision="certify")
                    return
                except OperationalError as exc:
                    # In-memory SQLite reports "locked" at once where a file database would wait.
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
            raise AssertionError("never got the lock")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=certify, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(codes.parse(c).number for c in Certificate.objects.values_list("code", flat=True))
    assert len(numbers) == 4 and numbers == list(range(numbers[0], numbers[0] + 4))


@pytest.mark.django_db
def test_a_well_formed_code_nobody_holds_is_simply_not_found():
    with pytest.raises(CertificateNotFound) as caught:
        selectors.certificate_get_by_code(codes.format_code("DN", 2026, 99999))
    assert caught.value.code == "certificate_not_found"

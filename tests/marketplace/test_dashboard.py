"""The account page shows each role its own status and next action."""

import pytest

from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner

pytestmark = pytest.mark.django_db


def test_an_sme_sees_its_enterprise_and_the_assessment_not_a_registration_call(client):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise_owner(enterprise))
    from django.urls import reverse

    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="role-sme"' in page and enterprise.name in page
    assert reverse("enterprises:create") not in page
    assert f"/assessments/?enterprise={enterprise.pk}" in page


def test_an_officer_sees_the_queues_and_no_enterprise_card(client):
    from django.urls import reverse

    client.force_login(OfficerFactory())
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="role-officer"' in page and 'data-testid="role-sme"' not in page


def test_a_new_user_without_a_role_is_offered_to_register_an_enterprise(client):
    from django.urls import reverse

    client.force_login(UserFactory())
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("enterprises:create") in page


def test_an_sme_without_an_assessment_is_sent_to_take_it(client):
    from django.urls import reverse

    enterprise = EnterpriseFactory()
    client.force_login(enterprise_owner(enterprise))
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "chưa làm" in page
    assert f'data-testid="next-action" href="/assessments/?enterprise={enterprise.pk}"' in page


def test_an_sme_sees_its_readiness_level_and_its_booking_waiting_for_an_answer(client):
    from django.urls import reverse

    from tests.consultants.bookings.factories import bookable_consultant, request
    from tests.matching.factories import submitted_assessment

    assessment = submitted_assessment()
    enterprise = assessment.enterprise
    owner = enterprise_owner(enterprise)
    booking = request(bookable_consultant(), enterprise=enterprise, user=owner)
    client.force_login(owner)
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"Mức {assessment.level}" in page
    assert "1 đang chờ trả lời" in page
    assert f'data-testid="next-action" href="{booking.get_absolute_url()}"' in page


def test_a_consultant_sees_the_requests_waiting_and_is_sent_to_the_queue(client):
    from django.urls import reverse

    from tests.consultants.bookings.factories import bookable_consultant, request

    consultant = bookable_consultant()
    request(consultant)
    client.force_login(consultant.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="consultant-requests">1<' in page
    assert f'data-testid="next-action" href="{reverse("bookings:queue")}"' in page


def test_a_vendor_sees_its_listing_counts_and_what_to_do_with_drafts(client):
    from django.urls import reverse

    from tests.catalogue.factories import SolutionFactory, VendorFactory, vendor_owner

    vendor = VendorFactory()
    SolutionFactory(vendor=vendor, status="draft")
    SolutionFactory(vendor=vendor, status="published")
    SolutionFactory(vendor=vendor, status="published")
    client.force_login(vendor_owner(vendor))
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    listings = page.split('data-testid="vendor-listings"')[1].split("</dl>")[0]
    assert "<dt>Bản nháp</dt><dd>1</dd>" in listings and "<dd>2</dd>" in listings
    assert "Hoàn thiện bản nháp" in page

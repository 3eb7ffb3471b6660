"""The account page shows each role its own status and next action."""

import pytest

from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner

pytestmark = pytest.mark.django_db


def test_an_sme_sees_its_enterprise_and_the_assessment_not_a_registration_call(client):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise_owner(enterprise))
    from django.urls import reverse

    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="role-sme"' in page and enterprise.name in page
    assert reverse("enterprises:create") not in page
    assert f"/assessments/?enterprise={enterprise.pk}" in page


def test_an_officer_sees_the_queues_and_no_enterprise_card(client):
    from django.urls import reverse

    client.force_login(OfficerFactory())
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="role-officer"' in page and 'data-testid="role-sme"' not in page


def test_a_new_user_without_a_role_is_offered_to_register_an_enterprise(client):
    from django.urls import reverse

    client.force_login(UserFactory())
    page = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("enterprises:create") in page

"""Exemplary SMEs: criteria as data, candidates, designate/withdraw with a reason, consent, showcase."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from marketplace.core.audit import audit_history
from marketplace.impact import exemplary, services
from marketplace.impact.errors import DesignationNotFound, NotACandidate, NotAnOfficer
from marketplace.impact.models import DesignationStatus
from marketplace.orders import services as order_services
from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner
from tests.matching.factories import submitted_assessment
from tests.orders.factories import confirmed_order, placed_order, sme

from .test_impact import backdate

pytestmark = pytest.mark.django_db

STORY = "Từ sổ tay sang phần mềm bán hàng và hoá đơn điện tử trong sáu tháng."


def exemplary_candidate():
    """Level 5 now, up from 0 (a verified gain of 5 levels), one solution in use."""
    order = confirmed_order()
    order_services.order_confirm_in_use(order=order, actor=sme(order))
    enterprise = order.enterprise
    backdate(submitted_assessment(enterprise, choose="min"), 30)
    submitted_assessment(enterprise, choose="max")
    services.measurements_record_new()
    return enterprise


def test_criteria_are_data_and_only_enterprises_meeting_all_are_candidates():
    assert exemplary.criteria() == {
        "min_level": 4,
        "min_verified_gain_levels": 2,
        "min_solutions_in_use": 1,
        "no_open_dispute": True,
    }
    candidate = exemplary_candidate()
    high_but_unmeasured = EnterpriseFactory()
    submitted_assessment(high_but_unmeasured, choose="max")  # level 5, but no verified gain
    no_solution = EnterpriseFactory()
    backdate(submitted_assessment(no_solution, choose="min"), 30)
    submitted_assessment(no_solution, choose="max")
    placed_order(enterprise=no_solution)  # ordered, not in use
    services.measurements_record_new()
    assert [e.pk for e in exemplary.candidates()] == [candidate.pk]


def test_officers_designate_and_withdraw_with_reasons_and_the_enterprise_consents_to_publish():
    enterprise = exemplary_candidate()
    officer = OfficerFactory()
    with pytest.raises(NotAnOfficer):
        services.exemplary_designate(
            enterprise=enterprise, officer=enterprise_owner(enterprise), reason="Tự nhận"
        )
    with pytest.raises(NotACandidate):
        services.exemplary_designate(
            enterprise=EnterpriseFactory(), officer=officer, reason="Không đủ tiêu chí"
        )
    designation = services.exemplary_designate(enterprise=enterprise, officer=officer, reason="Tăng 5 mức")
    assert not exemplary.candidates().filter(pk=enterprise.pk).exists()
    assert list(exemplary.showcase()) == []  # no consent yet: not public
    with pytest.raises(DesignationNotFound):
        services.exemplary_consent(designation=designation, user=UserFactory(), consent=True, story=STORY)
    services.exemplary_consent(
        designation=designation, user=enterprise_owner(enterprise), consent=True, story=STORY
    )
    assert list(exemplary.showcase()) == [designation]
    services.exemplary_withdraw(designation=designation, officer=officer, reason="Có tranh chấp mới")
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.WITHDRAWN and list(exemplary.showcase()) == []
    assert [r.action for r in audit_history(designation)] == [
        "exemplary.designate",
        "exemplary.consent",
        "exemplary.withdraw",
    ]


def test_the_api_and_the_public_page():
    enterprise = exemplary_candidate()
    officer = APIClient()
    officer.force_authenticate(OfficerFactory())
    stranger = APIClient()
    stranger.force_authenticate(UserFactory())
    assert stranger.get("/api/v1/exemplary-smes/candidates/").status_code == 403
    assert (
        stranger.post("/api/v1/exemplary-smes/", {"enterprise": enterprise.pk, "reason": "x"}).status_code
        == 403
    )
    candidates = officer.get("/api/v1/exemplary-smes/candidates/").json()["results"]
    assert [c["id"] for c in candidates] == [enterprise.pk]
    created = officer.post("/api/v1/exemplary-smes/", {"enterprise": enterprise.pk, "reason": "Tăng 5 mức"})
    assert created.status_code == 201
    pk = created.json()["id"]
    assert APIClient().get(f"/api/v1/exemplary-smes/{pk}/").status_code == 404  # no consent yet
    owner = APIClient()
    owner.force_authenticate(enterprise_owner(enterprise))
    assert (
        owner.post(f"/api/v1/exemplary-smes/{pk}/consent/", {"consent": True, "story": "ngắn"}).status_code
        == 400
    )
    assert (
        owner.post(f"/api/v1/exemplary-smes/{pk}/consent/", {"consent": True, "story": STORY}).status_code
        == 200
    )
    public = APIClient().get("/api/v1/exemplary-smes/").json()["results"]
    assert [d["id"] for d in public] == [pk] and "status_reason" not in public[0]
    assert stranger.post(f"/api/v1/exemplary-smes/{pk}/consent/", {"consent": False}).status_code == 404
    page = Client().get(f"/impact/exemplary/{pk}/")
    assert page.status_code == 200 and STORY in page.content.decode()
    assert Client().get("/impact/exemplary/").status_code == 200
    assert APIClient().get("/api/v1/impact/summaries/consultant-999/").status_code == 404

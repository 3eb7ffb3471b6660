"""Service rules of the catalogue: content checks, every transition, illegal ones, audit, indexing."""

import pytest

from catalogue import services
from catalogue.errors import (
    InvalidSolution,
    NotVendorMember,
    ReasonRequired,
    SolutionTransitionRefused,
    VendorTaxCodeTaken,
)
from catalogue.models import Solution, Vendor
from marketplace.core.audit import audit_history
from marketplace.core.errors import PermissionDenied
from tests.factories import UserFactory

from .factories import SolutionFactory, VendorFactory, drive, solution_data

pytestmark = pytest.mark.django_db


# ---- vendors


def test_vendor_creator_becomes_owner_member(owner, vendor):
    assert vendor.memberships.get().user == owner
    assert owner.vendor_memberships.get().role == "owner"


def test_vendor_tax_code_is_validated_like_enterprises():
    with pytest.raises(InvalidSolution) as error:
        VendorFactory(tax_code="12345")
    assert "tax_code" in error.value.fields
    assert not Vendor.objects.exists()


def test_vendor_tax_code_is_unique(vendor):
    with pytest.raises(VendorTaxCodeTaken):
        VendorFactory(tax_code=vendor.tax_code)


def test_vendor_profile_edit_by_outsider_is_refused(vendor):
    with pytest.raises(NotVendorMember):
        services.vendor_update(vendor=vendor, actor=UserFactory(), data={"name": "Chiếm quyền"})
    vendor.refresh_from_db()
    assert vendor.name != "Chiếm quyền"


# ---- content rules


@pytest.mark.parametrize("price", [-1, "abc", 12.5, "1.5", True, None])
def test_negative_or_non_integer_price_is_refused(vendor, owner, price):
    with pytest.raises(InvalidSolution) as error:
        services.solution_create(vendor=vendor, actor=owner, data=solution_data(price=price))
    assert "price" in error.value.fields
    assert not Solution.objects.exists()


def test_zero_price_is_accepted_for_free_tier(vendor, owner):
    solution = services.solution_create(
        vendor=vendor, actor=owner, data=solution_data(price=0, pricing_model="free_tier")
    )
    assert solution.price == 0


def test_min_readiness_above_max_is_refused(vendor, owner):
    with pytest.raises(InvalidSolution) as error:
        services.solution_create(
            vendor=vendor, actor=owner, data=solution_data(readiness_min=4, readiness_max=2)
        )
    assert "readiness_min" in error.value.fields


def test_readiness_outside_zero_to_five_is_refused(vendor, owner):
    with pytest.raises(InvalidSolution) as error:
        services.solution_create(vendor=vendor, actor=owner, data=solution_data(readiness_max=6))
    assert "readiness_max" in error.value.fields


def test_unknown_category_is_refused(vendor, owner):
    with pytest.raises(InvalidSolution) as error:
        services.solution_create(vendor=vendor, actor=owner, data=solution_data(category="blockchain"))
    assert "blockchain" in error.value.fields["category"][0]


def test_unknown_sector_is_refused_and_nothing_saved(vendor, owner):
    with pytest.raises(InvalidSolution) as error:
        services.solution_create(vendor=vendor, actor=owner, data=solution_data(sectors=["47", "ZZ9"]))
    assert "ZZ9" in error.value.fields["sectors"][0]
    assert not Solution.objects.exists()


def test_high_ai_risk_without_explanation_is_refused(vendor, owner):
    with pytest.raises(InvalidSolution) as error:
        services.solution_create(
            vendor=vendor,
            actor=owner,
            data=solution_data(is_ai=True, ai_risk_class="high", ai_risk_explanation=" "),
        )
    assert "ai_risk_explanation" in error.value.fields


def test_ai_solution_must_declare_a_risk_class(vendor, owner):
    with pytest.raises(InvalidSolution) as error:
        services.solution_create(vendor=vendor, actor=owner, data=solution_data(is_ai=True))
    assert "ai_risk_class" in error.value.fields


def test_high_ai_risk_with_explanation_is_accepted(vendor, owner):
    solution = services.solution_create(
        vendor=vendor,
        actor=owner,
        data=solution_data(
            is_ai=True, ai_risk_class="high", ai_risk_explanation="Chấm điểm tín dụng; có người duyệt."
        ),
    )
    assert solution.ai_risk_class == "high"


def test_non_ai_solution_carries_no_risk_class(vendor, owner):
    solution = services.solution_create(
        vendor=vendor, actor=owner, data=solution_data(is_ai=False, ai_risk_class="medium")
    )
    assert solution.ai_risk_class == ""


def test_outsider_cannot_create_a_solution_for_a_vendor(vendor):
    with pytest.raises(NotVendorMember):
        services.solution_create(vendor=vendor, actor=UserFactory(), data=solution_data())


def test_outsider_cannot_edit_another_vendors_solution(vendor):
    solution = SolutionFactory(vendor=vendor)
    other_owner = VendorFactory().memberships.get().user
    with pytest.raises(NotVendorMember):
        services.solution_update(solution=solution, actor=other_owner, data={"price": 1})
    solution.refresh_from_db()
    assert solution.price == 1_200_000


# ---- transitions


def test_submit_moves_draft_to_submitted_and_audits(vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    services.solution_submit(solution=solution, actor=owner)
    solution.refresh_from_db()
    assert solution.status == "submitted"
    assert solution.submitted_at is not None
    record = audit_history(solution).get(action="solution.submit")
    assert (record.from_state, record.to_state, record.actor) == ("draft", "submitted", owner)


def test_officer_publishes_a_submission(vendor, officer):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    services.solution_publish(solution=solution, officer=officer)
    solution.refresh_from_db()
    assert solution.status == "published"
    assert solution.published_at and solution.first_published_at
    assert audit_history(solution).filter(action="solution.publish", actor=officer).exists()


def test_reject_needs_a_reason(vendor, officer):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    with pytest.raises(ReasonRequired):
        services.solution_reject(solution=solution, officer=officer, reason="  ")
    solution.refresh_from_db()
    assert solution.status == "submitted"


def test_reject_records_the_reason(vendor, officer):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    services.solution_reject(solution=solution, officer=officer, reason="Không phải giải pháp số")
    solution.refresh_from_db()
    assert (solution.status, solution.status_reason) == ("rejected", "Không phải giải pháp số")
    assert audit_history(solution).get(action="solution.reject").reason == "Không phải giải pháp số"


def test_changes_requested_lets_the_vendor_edit_and_resubmit(vendor, owner):
    solution = SolutionFactory(vendor=vendor, status="changes_requested")
    services.solution_update(solution=solution, actor=owner, data={"price": 990_000})
    services.solution_submit(solution=solution, actor=owner)
    solution.refresh_from_db()
    assert (solution.status, solution.price) == ("submitted", 990_000)


def test_suspend_hides_and_republish_restores(vendor, officer, published):
    services.solution_suspend(solution=published, officer=officer, reason="Khiếu nại của khách hàng")
    published.refresh_from_db()
    assert published.status == "suspended"
    services.solution_republish(solution=published, officer=officer)
    published.refresh_from_db()
    assert published.status == "published"


def test_vendor_withdraws_a_published_solution(owner, published):
    services.solution_withdraw(solution=published, actor=owner)
    published.refresh_from_db()
    assert published.status == "withdrawn"


def test_withdrawn_solution_can_be_reopened_as_draft(owner, vendor):
    solution = SolutionFactory(vendor=vendor, status="withdrawn")
    services.solution_reopen(solution=solution, actor=owner)
    solution.refresh_from_db()
    assert solution.status == "draft"


@pytest.mark.parametrize(
    ("status", "call"),
    [
        ("draft", lambda s, o, v: services.solution_publish(solution=s, officer=o)),
        ("published", lambda s, o, v: services.solution_publish(solution=s, officer=o)),
        ("rejected", lambda s, o, v: services.solution_submit(solution=s, actor=v)),
        ("withdrawn", lambda s, o, v: services.solution_submit(solution=s, actor=v)),
        ("submitted", lambda s, o, v: services.solution_suspend(solution=s, officer=o, reason="x")),
        ("draft", lambda s, o, v: services.solution_republish(solution=s, officer=o)),
        ("published", lambda s, o, v: services.solution_reject(solution=s, officer=o, reason="x")),
        ("suspended", lambda s, o, v: services.solution_request_changes(solution=s, officer=o, reason="x")),
        ("rejected", lambda s, o, v: services.solution_withdraw(solution=s, actor=v)),
        ("published", lambda s, o, v: services.solution_reopen(solution=s, actor=v)),
    ],
)
def test_illegal_transition_is_refused_and_changes_nothing(vendor, owner, officer, status, call):
    solution = SolutionFactory(vendor=vendor, status=status)
    history = audit_history(solution).count()
    with pytest.raises(SolutionTransitionRefused):
        call(solution, officer, owner)
    solution.refresh_from_db()
    assert solution.status == status
    assert audit_history(solution).count() == history


@pytest.mark.parametrize("status", ["submitted", "rejected", "withdrawn"])
def test_editing_outside_an_editable_state_is_refused(vendor, owner, status):
    solution = SolutionFactory(vendor=vendor, status=status)
    with pytest.raises(SolutionTransitionRefused):
        services.solution_update(solution=solution, actor=owner, data={"price": 5})


def test_a_vendor_cannot_decide_on_its_own_submission(vendor, owner):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    with pytest.raises(PermissionDenied):
        services.solution_publish(solution=solution, officer=owner)
    solution.refresh_from_db()
    assert solution.status == "submitted"


def test_unknown_decision_is_refused(vendor, officer):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    with pytest.raises(SolutionTransitionRefused):
        services.solution_decide(solution=solution, officer=officer, decision="approve_everything")


# ---- search outbox


def test_publish_suspend_republish_withdraw_queue_the_solution_for_search(
    vendor, owner, officer, django_capture_on_commit_callbacks, outbox_rows
):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    steps = [
        lambda: services.solution_publish(solution=solution, officer=officer),
        lambda: services.solution_suspend(solution=solution, officer=officer, reason="Kiểm tra"),
        lambda: services.solution_republish(solution=solution, officer=officer),
        lambda: services.solution_withdraw(solution=solution, actor=owner),
    ]
    for step in steps:
        # one commit each, as in production (one transaction queues a row once however often it asks)
        with django_capture_on_commit_callbacks(execute=True):
            step()
    assert outbox_rows(solution).count() == 4


def test_a_rejected_decision_does_not_touch_search(
    vendor, officer, django_capture_on_commit_callbacks, outbox_rows
):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.solution_reject(solution=solution, officer=officer, reason="Sai danh mục")
    assert not outbox_rows(solution).exists()


def test_drive_helper_reaches_every_state(vendor):
    for status in (
        "draft",
        "submitted",
        "rejected",
        "changes_requested",
        "published",
        "suspended",
        "withdrawn",
    ):
        solution = SolutionFactory(vendor=vendor, status=status)
        assert solution.status == status
    assert drive  # the factory helper is part of the tests' vocabulary

"""A change to a published solution waits for review; the published version stays what the public sees."""

import pytest

from catalogue import selectors, services
from catalogue.errors import SolutionChanged, SolutionTransitionRefused
from catalogue.models import SolutionRevision
from marketplace.core.audit import audit_history

pytestmark = pytest.mark.django_db


def test_price_change_of_published_solution_goes_to_review(owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": 9_900_000})
    public = selectors.solution_public_get(pk=published.pk)
    assert public.price == 1_200_000
    revision = SolutionRevision.objects.get(solution=published)
    assert revision.state == "pending"
    assert revision.data["price"] == 9_900_000
    assert revision.changed_fields == ["price"]


@pytest.mark.parametrize(
    "change",
    [
        {"category": "accounting"},
        {"is_ai": True, "ai_risk_class": "medium"},
        {"name": "Tên mới"},
        {"sectors": ["10"]},
    ],
)
def test_no_pending_change_reaches_the_published_row(owner, published, change):
    services.solution_update(solution=published, actor=owner, data=change)
    published.refresh_from_db()
    assert published.status == "published"
    assert published.category.code == "e-invoice"
    assert published.name.startswith("Giải pháp số")
    assert not published.is_ai
    assert sorted(published.sectors.values_list("code", flat=True)) == ["46", "47"]


def test_further_edits_update_the_same_pending_revision(owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": 1})
    services.solution_update(solution=published, actor=owner, data={"billing_unit": "tháng"})
    revision = SolutionRevision.objects.get(solution=published)
    assert (revision.data["price"], revision.data["billing_unit"]) == (1, "tháng")
    assert set(revision.changed_fields) == {"price", "billing_unit"}


def test_edit_that_changes_nothing_opens_no_revision(owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": published.price})
    assert not SolutionRevision.objects.exists()


def test_approving_a_change_publishes_it(
    owner, officer, published, django_capture_on_commit_callbacks, outbox_rows
):
    services.solution_update(solution=published, actor=owner, data={"price": 2_000_000, "sectors": ["10"]})
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_approve(solution=published, officer=officer)
    public = selectors.solution_public_get(pk=published.pk)
    assert public.price == 2_000_000
    assert [sector.code for sector in public.sectors.all()] == ["10"]
    assert SolutionRevision.objects.get().state == "approved"
    assert audit_history(published).filter(action="revision.approve", actor=officer).exists()
    assert outbox_rows(published).exists()


def test_rejecting_a_change_keeps_the_published_version(owner, officer, published):
    services.solution_update(solution=published, actor=owner, data={"price": 1})
    services.revision_reject(solution=published, officer=officer, reason="Giá không hợp lý")
    published.refresh_from_db()
    assert published.price == 1_200_000
    revision = SolutionRevision.objects.get()
    assert (revision.state, revision.reason) == ("rejected", "Giá không hợp lý")


def test_changes_requested_on_a_revision_then_vendor_edit_resubmits(owner, officer, published):
    services.solution_update(solution=published, actor=owner, data={"price": 1})
    services.revision_request_changes(solution=published, officer=officer, reason="Ghi rõ đơn vị tính")
    assert SolutionRevision.objects.get().state == "changes_requested"
    with pytest.raises(SolutionTransitionRefused):
        services.revision_approve(solution=published, officer=officer)
    services.solution_update(solution=published, actor=owner, data={"billing_unit": "tháng / người"})
    assert SolutionRevision.objects.get().state == "pending"
    assert audit_history(published).filter(action="revision.resubmit").exists()


def test_vendor_discards_its_pending_change(owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": 1})
    services.revision_discard(solution=published, actor=owner)
    assert SolutionRevision.objects.get().state == "discarded"
    assert selectors.solution_public_get(pk=published.pk).price == 1_200_000


def test_approving_a_revision_that_was_replaced_is_a_conflict(owner, officer, published):
    services.solution_update(solution=published, actor=owner, data={"price": 1})
    stale = SolutionRevision.objects.get().pk
    services.revision_discard(solution=published, actor=owner)
    services.solution_update(solution=published, actor=owner, data={"price": 2})
    with pytest.raises(SolutionChanged):
        services.revision_approve(solution=published, officer=officer, revision_id=stale)
    published.refresh_from_db()
    assert published.price == 1_200_000


def test_suspended_solution_edits_also_wait_for_review(owner, officer, published):
    services.solution_suspend(solution=published, officer=officer, reason="Kiểm tra")
    services.solution_update(solution=published, actor=owner, data={"price": 5})
    published.refresh_from_db()
    assert published.price == 1_200_000
    assert SolutionRevision.objects.get().state == "pending"


def test_withdrawing_discards_the_pending_change(owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": 1})
    services.solution_withdraw(solution=published, actor=owner)
    assert SolutionRevision.objects.get().state == "discarded"


def test_only_published_solutions_are_public(vendor):
    from .factories import SolutionFactory

    states = ["draft", "submitted", "rejected", "changes_requested", "published", "suspended", "withdrawn"]
    made = {state: SolutionFactory(vendor=vendor, status=state) for state in states}
    assert list(selectors.solutions_public().values_list("pk", flat=True)) == [made["published"].pk]

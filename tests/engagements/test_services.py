"""Engagement services: proposal versions, the recorded acceptance, delivery, review, disputes, ending."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.core.audit import audit_history
from marketplace.core.errors import DomainError
from marketplace.engagements import errors, services
from marketplace.engagements.models import EngagementStatus, MilestoneStatus, Party
from tests.consultants.factories import make_consultant, make_firm
from tests.core.imagefiles import minimal_pdf, upload
from tests.engagements.factories import active, delivered, met, proposal_data, proposed
from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner

pytestmark = pytest.mark.django_db


def owner(engagement):
    return enterprise_owner(engagement.enterprise)


def test_a_proposal_is_refused_to_an_enterprise_the_consultant_has_not_met():
    consultant = make_consultant()
    with pytest.raises(errors.NotMet):
        services.engagement_propose(
            consultant=consultant,
            enterprise=EnterpriseFactory(),
            proposed_by=consultant.user,
            title="Chuyển đổi số",
            **proposal_data(),
        )


def test_a_total_that_is_not_the_sum_of_the_milestones_is_refused():
    data = proposal_data(10_000_000, 5_000_000) | {"total": 16_000_000}
    consultant = make_consultant()
    enterprise = EnterpriseFactory()

    met(consultant, enterprise)
    with pytest.raises(errors.InvalidProposal) as caught:
        services.engagement_propose(
            consultant=consultant, enterprise=enterprise, proposed_by=consultant.user, title="X", **data
        )
    assert "total" in caught.value.fields


@pytest.mark.parametrize("amount", [0, -1, 1.5, "1000000", True])
def test_a_milestone_amount_that_is_not_whole_positive_dong_is_refused(amount):
    consultant = make_consultant()
    enterprise = EnterpriseFactory()

    met(consultant, enterprise)
    data = proposal_data(10_000_000)
    data["milestones"][0]["amount"] = amount
    with pytest.raises(errors.InvalidProposal):
        services.engagement_propose(
            consultant=consultant, enterprise=enterprise, proposed_by=consultant.user, title="X", **data
        )


def test_a_firm_administrator_may_propose_for_a_member_but_a_plain_member_may_not():
    member, other_member = make_consultant(), make_consultant()
    firm = make_firm(members=[member, other_member])
    admin = firm.memberships.get(role="admin").consultant
    enterprise = EnterpriseFactory()
    engagement = proposed(consultant=member, enterprise=enterprise)  # proposed by the member themselves
    assert (
        services.engagement_withdraw(engagement=engagement, by=admin.user).status
        == EngagementStatus.WITHDRAWN
    )
    with pytest.raises(errors.NotTheProvider):
        services.engagement_propose(
            consultant=member,
            enterprise=enterprise,
            proposed_by=other_member.user,
            title="X",
            **proposal_data(),
        )


def test_the_sme_asks_for_changes_and_the_revision_is_a_new_version_leaving_the_first_untouched():
    engagement = proposed(amounts=(10_000_000,))
    services.engagement_request_changes(engagement=engagement, by=owner(engagement), reason="Giảm giá")
    first = engagement.versions.get(number=1)
    version = services.engagement_revise(
        engagement=engagement, by=engagement.consultant.user, **proposal_data(8_000_000)
    )
    engagement.refresh_from_db()
    assert (version.number, version.total, engagement.status) == (2, 8_000_000, EngagementStatus.PROPOSED)
    first.refresh_from_db()
    assert first.total == 10_000_000


def test_accepting_records_who_when_and_the_exact_version_and_creates_its_milestones():
    engagement = proposed(amounts=(10_000_000, 15_000_000))
    services.engagement_revise(
        engagement=engagement, by=engagement.consultant.user, **proposal_data(9_000_000, 15_000_000)
    )
    services.engagement_accept(engagement=engagement, by=owner(engagement), version_number=2)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACTIVE
    assert engagement.accepted_version.number == 2
    assert engagement.accepted_by == owner(engagement)
    assert engagement.accepted_at is not None
    assert list(engagement.milestones.values_list("position", "amount")) == [(1, 9_000_000), (2, 15_000_000)]
    accept = audit_history(engagement).get(action="engagement.accept")
    assert accept.data["version"] == 2


def test_accepting_a_version_that_is_no_longer_the_latest_is_refused():
    engagement = proposed()
    services.engagement_revise(
        engagement=engagement, by=engagement.consultant.user, **proposal_data(1_000_000)
    )
    with pytest.raises(errors.StaleVersion):
        services.engagement_accept(engagement=engagement, by=owner(engagement), version_number=1)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.PROPOSED and engagement.accepted_version is None


def test_an_accepted_proposal_cannot_be_revised():
    engagement = active()
    with pytest.raises(errors.EngagementTransitionError):
        services.engagement_revise(
            engagement=engagement, by=engagement.consultant.user, **proposal_data(1_000_000)
        )
    assert engagement.versions.count() == 1


def test_delivery_with_evidence_starts_the_review_period():
    engagement = active()
    milestone = engagement.milestones.get(position=1)
    services.milestone_deliver(
        milestone=milestone,
        by=engagement.consultant.user,
        note="Báo cáo",
        files=[upload(minimal_pdf(), "bao-cao.pdf")],
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DELIVERED
    assert milestone.review_due_at - milestone.delivered_at == timedelta(days=7)
    assert milestone.evidence.get().original_name == "bao-cao.pdf"


def test_a_bad_evidence_file_changes_nothing():
    engagement = active()
    milestone = engagement.milestones.get(position=1)
    with pytest.raises(DomainError):
        services.milestone_deliver(
            milestone=milestone, by=engagement.consultant.user, files=[upload(b"MZ not a pdf", "virus.exe")]
        )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


def test_accepting_every_milestone_completes_the_engagement():
    engagement = active(amounts=(1_000_000, 2_000_000))
    for position in (1, 2):
        services.milestone_accept(milestone=delivered(engagement, position), by=owner(engagement))
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED
    assert sorted(engagement.milestones.values_list("settled_amount", flat=True)) == [1_000_000, 2_000_000]


def test_silence_accepts_after_the_review_period_and_only_once():
    engagement = active(amounts=(1_000_000, 2_000_000))
    milestone = delivered(engagement)
    later = timezone.now() + timedelta(days=7, minutes=1)
    assert services.milestones_auto_accept(now=timezone.now()) == 0
    assert services.milestones_auto_accept(now=later) == 1
    assert services.milestones_auto_accept(now=later) == 0
    milestone.refresh_from_db()
    assert (milestone.status, milestone.settled_amount) == (MilestoneStatus.ACCEPTED, 1_000_000)
    assert audit_history(engagement).filter(action="milestone.auto_accept", actor=None).count() == 1


def test_a_dispute_after_the_review_period_is_refused():
    engagement = active()
    milestone = delivered(engagement)
    type(milestone).objects.filter(pk=milestone.pk).update(
        review_due_at=timezone.now() - timedelta(seconds=1)
    )
    milestone.refresh_from_db()
    with pytest.raises(errors.ReviewPeriodOver):
        services.milestone_dispute(milestone=milestone, by=owner(engagement), reason="Thiếu báo cáo")


def test_a_dispute_needs_a_reason():
    engagement = active()
    with pytest.raises(errors.ReasonRequired):
        services.milestone_dispute(milestone=delivered(engagement), by=owner(engagement), reason="  ")


@pytest.mark.parametrize(
    ("outcome", "amount", "status", "settled"),
    [
        ("accept", None, MilestoneStatus.ACCEPTED, 20_000_000),
        ("partial", 12_000_000, MilestoneStatus.PARTIAL, 12_000_000),
        ("reject", None, MilestoneStatus.REJECTED, 0),
    ],
)
def test_an_officer_resolves_a_dispute(outcome, amount, status, settled):
    engagement = active(amounts=(20_000_000,))
    milestone = delivered(engagement)
    services.milestone_dispute(milestone=milestone, by=owner(engagement), reason="Chưa đạt yêu cầu")
    services.milestone_resolve(
        milestone=milestone,
        officer=OfficerFactory(),
        outcome=outcome,
        amount=amount,
        reason="Đã xem bằng chứng",
    )
    milestone.refresh_from_db()
    engagement.refresh_from_db()
    assert (milestone.status, milestone.settled_amount) == (status, settled)
    assert engagement.status == EngagementStatus.COMPLETED


@pytest.mark.parametrize("amount", [0, 20_000_000, 25_000_000, None, 1.5])
def test_a_partial_amount_must_lie_strictly_between_nothing_and_the_amount(amount):
    engagement = active(amounts=(20_000_000,))
    milestone = delivered(engagement)
    services.milestone_dispute(milestone=milestone, by=owner(engagement), reason="Chưa đạt")
    with pytest.raises(errors.InvalidPartialAmount):
        services.milestone_resolve(
            milestone=milestone, officer=OfficerFactory(), outcome="partial", amount=amount, reason="x"
        )


def test_only_an_officer_resolves_a_dispute():
    engagement = active()
    milestone = delivered(engagement)
    services.milestone_dispute(milestone=milestone, by=owner(engagement), reason="Chưa đạt")
    for user in (owner(engagement), engagement.consultant.user):
        with pytest.raises(errors.NotAnOfficer):
            services.milestone_resolve(milestone=milestone, officer=user, outcome="accept", reason="x")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DISPUTED


def test_ending_early_cancels_undelivered_milestones_and_keeps_the_delivered_one_under_review():
    engagement = active(amounts=(1_000_000, 2_000_000, 3_000_000))
    first = delivered(engagement, 1)
    services.engagement_end_early(engagement=engagement, by=owner(engagement), reason="Đổi kế hoạch")
    engagement.refresh_from_db()
    assert (engagement.status, engagement.ended_by) == (EngagementStatus.ENDED, Party.SME)
    statuses = dict(engagement.milestones.values_list("position", "status"))
    assert statuses == {
        1: MilestoneStatus.DELIVERED,
        2: MilestoneStatus.CANCELLED,
        3: MilestoneStatus.CANCELLED,
    }
    services.milestone_accept(milestone=first, by=owner(engagement))
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ENDED  # ended stays ended, the delivered part is owed
    first.refresh_from_db()
    assert first.settled_amount == 1_000_000


def test_the_e_invoice_is_recorded_only_against_an_amount_owed():
    engagement = active(amounts=(1_000_000, 2_000_000))
    first = delivered(engagement, 1)
    with pytest.raises(errors.InvoiceNotDue):
        services.milestone_record_invoice(
            milestone=first, by=engagement.consultant.user, number="C26TAA-0001"
        )
    services.milestone_accept(milestone=first, by=owner(engagement))
    services.milestone_record_invoice(milestone=first, by=engagement.consultant.user, number="C26TAA-0001")
    first.refresh_from_db()
    assert first.e_invoice_number == "C26TAA-0001"


# attackers: another SME, another provider, a stranger: refused, nothing changed


def test_another_enterprise_cannot_accept_or_dispute():
    engagement = proposed()
    stranger = enterprise_owner(EnterpriseFactory())
    with pytest.raises(errors.NotTheEnterprise):
        services.engagement_accept(engagement=engagement, by=stranger, version_number=1)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.PROPOSED


def test_another_consultant_cannot_deliver_or_the_sme_deliver_for_the_provider():
    engagement = active()
    milestone = engagement.milestones.get(position=1)
    for user in (make_consultant().user, owner(engagement), UserFactory()):
        with pytest.raises(errors.NotTheProvider):
            services.milestone_deliver(milestone=milestone, by=user)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


def test_the_provider_cannot_accept_its_own_delivery():
    engagement = active()
    milestone = delivered(engagement)
    with pytest.raises(errors.NotTheEnterprise):
        services.milestone_accept(milestone=milestone, by=engagement.consultant.user)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DELIVERED


def test_a_stranger_cannot_end_an_engagement():
    engagement = active()
    with pytest.raises(errors.NotTheEnterprise):
        services.engagement_end_early(engagement=engagement, by=UserFactory(), reason="x")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACTIVE

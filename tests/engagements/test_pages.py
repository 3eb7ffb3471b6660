"""Engagement pages: propose with a milestones formset (Vietnamese amounts), revise and read the
changes, accept (the recorded acceptance shows), deliver with evidence, review, dispute, resolve, end,
record the e-invoice, pay. Attackers (another SME, another consultant, forged amounts) get 404/403 or
a refusal, and nothing changes."""

import pytest

from marketplace.engagements.models import Engagement, EngagementStatus, Evidence, MilestoneStatus
from marketplace.payments.models import Payment, PaymentStatus
from tests.consultants.factories import make_consultant
from tests.core.imagefiles import minimal_pdf, upload
from tests.engagements.factories import END, START, active, delivered, met, proposed
from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner

pytestmark = pytest.mark.django_db


def proposal_post(enterprise, *rows, title="Số hoá kho hàng", **extra):
    data = {
        "enterprise": enterprise.pk,
        "title": title,
        "scope": "Khảo sát và số hoá quy trình kho",
        "pillars": "Vận hành\nDữ liệu",
        "deliverables": "Báo cáo; phần mềm kho",
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
        "milestones-TOTAL_FORMS": str(len(rows)),
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "1",
        "milestones-MAX_NUM_FORMS": "20",
    }
    for index, (row_title, due, amount) in enumerate(rows):
        data[f"milestones-{index}-title"] = row_title
        data[f"milestones-{index}-due_date"] = due
        data[f"milestones-{index}-amount"] = amount
    return data | extra


@pytest.fixture
def pair():
    consultant, enterprise = make_consultant(), EnterpriseFactory()
    met(consultant, enterprise)
    return consultant, enterprise


def test_a_consultant_proposes_with_amounts_typed_the_vietnamese_way(client, pair):
    consultant, enterprise = pair
    client.force_login(consultant.user)
    form = client.get("/engagements/new/")
    assert form.status_code == 200 and "Đề xuất hợp đồng tư vấn" in form.content.decode()
    answer = client.post(
        "/engagements/new/",
        proposal_post(
            enterprise, ("Khảo sát", "2026-03-20", "15.000.000"), ("Triển khai", "2026-05-10", "25 triệu")
        ),
    )
    engagement = Engagement.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/engagements/{engagement.pk}/"
    version = engagement.versions.get()
    assert [m["amount"] for m in version.milestones] == [15_000_000, 25_000_000]
    assert version.total == 40_000_000 and version.pillars == ["Vận hành", "Dữ liệu"]
    page = client.get(answer["Location"]).content.decode()
    assert "40.000.000 ₫" in page and "Đề xuất, phiên bản 1" in page


@pytest.mark.parametrize("amount", ["abc", "-5.000.000", "0", "1.2345", "999.999.999.999.999"])
def test_bad_or_forged_amounts_are_refused_and_nothing_is_created(client, pair, amount):
    consultant, enterprise = pair
    client.force_login(consultant.user)
    answer = client.post("/engagements/new/", proposal_post(enterprise, ("Khảo sát", "2026-03-20", amount)))
    assert answer.status_code == 400
    assert not Engagement.objects.exists()


def test_a_forged_total_field_is_ignored_the_total_is_the_milestones_sum(client, pair):
    consultant, enterprise = pair
    client.force_login(consultant.user)
    client.post("/engagements/new/", proposal_post(enterprise, ("A", "2026-03-20", "1.000.000"), total="1"))
    assert Engagement.objects.get().versions.get().total == 1_000_000


def test_a_milestone_outside_the_dates_is_shown_on_the_form_and_nothing_is_created(client, pair):
    consultant, enterprise = pair
    client.force_login(consultant.user)
    answer = client.post("/engagements/new/", proposal_post(enterprise, ("A", "2027-01-01", "1.000.000")))
    assert answer.status_code == 400
    assert "Mỗi giai đoạn" in answer.content.decode() or "giữa ngày bắt đầu" in answer.content.decode()
    assert not Engagement.objects.exists()


def test_an_enterprise_never_met_cannot_be_chosen(client, pair):
    consultant, _enterprise = pair
    stranger = EnterpriseFactory()
    client.force_login(consultant.user)
    answer = client.post("/engagements/new/", proposal_post(stranger, ("A", "2026-03-20", "1.000.000")))
    assert answer.status_code == 400 and not Engagement.objects.exists()


def test_someone_who_is_not_a_consultant_gets_404_on_the_proposal_form(client):
    client.force_login(enterprise_owner(EnterpriseFactory()))
    assert client.get("/engagements/new/").status_code == 404


def test_a_revision_shows_the_sme_what_changed_and_it_accepts_the_version_it_read(client):
    engagement = proposed(amounts=(20_000_000, 30_000_000))
    provider, owner = engagement.consultant.user, enterprise_owner(engagement.enterprise)
    client.force_login(provider)
    form = client.get(f"/engagements/{engagement.pk}/revise/")
    assert form.status_code == 200 and "20.000.000" in form.content.decode()
    data = proposal_post(
        engagement.enterprise,
        ("Giai đoạn 1", "2026-03-21", "20.000.000"),
        ("Giai đoạn 2", "2026-04-10", "25.000.000"),
    )
    data["note"] = "Giảm giá giai đoạn 2"
    answer = client.post(f"/engagements/{engagement.pk}/revise/", data)
    assert answer.status_code == 302
    assert engagement.versions.count() == 2

    client.force_login(owner)
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-testid="version-diff"' in page
    assert "50.000.000 ₫" in page and "45.000.000 ₫" in page  # the totals of versions 1 and 2
    # accepting version 1 after version 2 was sent is refused, nothing is accepted
    client.post(f"/engagements/{engagement.pk}/action/", {"action": "accept", "version": "1"})
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.PROPOSED
    client.post(f"/engagements/{engagement.pk}/action/", {"action": "accept", "version": "2"})
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACTIVE and engagement.accepted_version.number == 2
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Phiên bản 2" in page and owner.full_name in page  # who accepted which version
    assert [m.amount for m in engagement.milestones.order_by("position")] == [20_000_000, 25_000_000]


def test_the_sme_asks_for_changes_with_a_reason(client):
    engagement = proposed()
    client.force_login(enterprise_owner(engagement.enterprise))
    client.post(f"/engagements/{engagement.pk}/action/", {"action": "request_changes", "reason": ""})
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.PROPOSED  # a reason is required
    client.post(f"/engagements/{engagement.pk}/action/", {"action": "request_changes", "reason": "Giảm giá"})
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CHANGES_REQUESTED


def test_delivery_with_evidence_review_deadline_and_acceptance(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    engagement = active(amounts=(5_000_000, 7_000_000))
    milestone = engagement.milestones.get(position=1)
    client.force_login(engagement.consultant.user)
    client.post(
        f"/engagements/{engagement.pk}/action/",
        {
            "action": "deliver",
            "milestone": milestone.pk,
            "note": "Báo cáo khảo sát",
            "evidence": upload(minimal_pdf(), "bao-cao.pdf", "application/pdf"),
        },
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DELIVERED
    evidence = Evidence.objects.get()
    assert client.get(f"/engagements/evidence/{evidence.pk}/").status_code == 200

    owner = enterprise_owner(engagement.enterprise)
    client.force_login(owner)
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-testid="review-due"' in page and "7 ngày" in page
    assert "bao-cao.pdf" in page
    client.post(
        f"/engagements/{engagement.pk}/action/", {"action": "accept_delivery", "milestone": milestone.pk}
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.ACCEPTED and milestone.settled_amount == 5_000_000

    # an outsider cannot read the evidence
    client.force_login(enterprise_owner(EnterpriseFactory()))
    assert client.get(f"/engagements/evidence/{evidence.pk}/").status_code == 404


def test_a_dispute_is_resolved_by_an_officer_with_a_partial_amount_typed_in_vietnamese(client):
    engagement = active(amounts=(10_000_000,))
    milestone = delivered(engagement)
    client.force_login(enterprise_owner(engagement.enterprise))
    client.post(
        f"/engagements/{engagement.pk}/action/",
        {"action": "dispute", "milestone": milestone.pk, "reason": "Thiếu phần ngân sách"},
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DISPUTED

    officer = OfficerFactory()
    client.force_login(officer)
    queue = client.get("/engagements/disputes/").content.decode()
    assert "Thiếu phần ngân sách" in queue
    # a forged partial amount above the milestone's is refused, nothing changes
    client.post(
        f"/engagements/{engagement.pk}/action/",
        {
            "action": "resolve",
            "milestone": milestone.pk,
            "outcome": "partial",
            "amount": "20.000.000",
            "reason": "x",
        },
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DISPUTED and milestone.settled_amount is None
    client.post(
        f"/engagements/{engagement.pk}/action/",
        {
            "action": "resolve",
            "milestone": milestone.pk,
            "outcome": "partial",
            "amount": "6 triệu",
            "reason": "Thiếu một phần",
        },
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PARTIAL and milestone.settled_amount == 6_000_000


def test_only_officers_see_the_dispute_queue(client):
    client.force_login(enterprise_owner(EnterpriseFactory()))
    assert client.get("/engagements/disputes/").status_code == 403


def test_the_sme_cannot_resolve_its_own_dispute(client):
    engagement = active(amounts=(10_000_000,))
    milestone = delivered(engagement)
    owner = enterprise_owner(engagement.enterprise)
    client.force_login(owner)
    client.post(
        f"/engagements/{engagement.pk}/action/",
        {"action": "dispute", "milestone": milestone.pk, "reason": "Thiếu"},
    )
    client.post(
        f"/engagements/{engagement.pk}/action/",
        {"action": "resolve", "milestone": milestone.pk, "outcome": "reject", "reason": "tự xử"},
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DISPUTED


def test_ending_early_cancels_what_was_not_delivered(client):
    engagement = active(amounts=(5_000_000, 7_000_000))
    client.force_login(enterprise_owner(engagement.enterprise))
    client.post(f"/engagements/{engagement.pk}/action/", {"action": "end", "reason": "Tạm dừng dự án"})
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ENDED
    assert set(engagement.milestones.values_list("status", flat=True)) == {MilestoneStatus.CANCELLED}
    assert "Tạm dừng dự án" in client.get(f"/engagements/{engagement.pk}/").content.decode()


def test_the_provider_records_the_e_invoice_of_an_accepted_milestone(client):
    engagement = active(amounts=(5_000_000,))
    milestone = delivered(engagement)
    client.force_login(enterprise_owner(engagement.enterprise))
    client.post(
        f"/engagements/{engagement.pk}/action/", {"action": "accept_delivery", "milestone": milestone.pk}
    )
    client.force_login(engagement.consultant.user)
    client.post(
        f"/engagements/{engagement.pk}/action/",
        {"action": "invoice", "milestone": milestone.pk, "e_invoice_number": "1C26TAA-00000123"},
    )
    milestone.refresh_from_db()
    assert milestone.e_invoice_number == "1C26TAA-00000123"
    assert "1C26TAA-00000123" in client.get(f"/engagements/{engagement.pk}/").content.decode()


def test_the_sme_pays_a_milestone_from_the_page_and_a_double_click_pays_once(client):
    engagement = active(amounts=(5_000_000,))
    milestone = engagement.milestones.get()
    client.force_login(enterprise_owner(engagement.enterprise))
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-testid="pay-milestone"' in page
    body = {"idempotency_key": "page-key-1", "method": "bank_transfer"}
    first = client.post(f"/payments/pay/milestone/{milestone.pk}/", body)
    second = client.post(f"/payments/pay/milestone/{milestone.pk}/", body)
    payment = Payment.objects.get()
    assert first["Location"] == second["Location"] == f"/payments/{payment.pk}/"
    assert payment.sme_share == 5_000_000 and payment.method == "bank_transfer"
    # a reload of the engagement page (a new key) leads to the same open payment
    third = client.post(f"/payments/pay/milestone/{milestone.pk}/", {"idempotency_key": "page-key-2"})
    assert third["Location"] == f"/payments/{payment.pk}/" and Payment.objects.count() == 1
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-testid="pay-milestone"' not in page and payment.reference in page


def test_a_forged_amount_in_the_pay_form_changes_nothing(client):
    engagement = active(amounts=(5_000_000,))
    milestone = engagement.milestones.get()
    client.force_login(enterprise_owner(engagement.enterprise))
    client.post(
        f"/payments/pay/milestone/{milestone.pk}/",
        {"idempotency_key": "k", "amount": "1", "sme_share": "1", "price": "1"},
    )
    payment = Payment.objects.get()
    assert (payment.price, payment.sme_share) == (5_000_000, 5_000_000)


def test_another_sme_gets_404_on_the_page_and_the_pay_button(client):
    engagement = active(amounts=(5_000_000,))
    milestone = engagement.milestones.get()
    client.force_login(enterprise_owner(EnterpriseFactory()))
    assert client.get(f"/engagements/{engagement.pk}/").status_code == 404
    assert (
        client.post(f"/payments/pay/milestone/{milestone.pk}/", {"idempotency_key": "k"}).status_code == 404
    )
    assert (
        client.post(f"/engagements/{engagement.pk}/action/", {"action": "end", "reason": "x"}).status_code
        == 404
    )
    assert not Payment.objects.exists()
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACTIVE


def test_the_consultant_cannot_pay_for_the_sme(client):
    engagement = active(amounts=(5_000_000,))
    milestone = engagement.milestones.get()
    client.force_login(engagement.consultant.user)
    assert (
        client.post(f"/payments/pay/milestone/{milestone.pk}/", {"idempotency_key": "k"}).status_code == 403
    )
    assert not Payment.objects.exists()


def test_a_consultant_cannot_act_on_someone_elses_milestone(client):
    engagement = active(amounts=(5_000_000,))
    milestone = engagement.milestones.get()
    other = active(amounts=(1_000_000,))
    client.force_login(other.consultant.user)
    # on the other engagement's page: 404
    answer = client.post(
        f"/engagements/{engagement.pk}/action/", {"action": "deliver", "milestone": milestone.pk, "note": "x"}
    )
    assert answer.status_code == 404
    # smuggled into the consultant's own engagement's form: 404 as well
    answer = client.post(
        f"/engagements/{other.pk}/action/", {"action": "deliver", "milestone": milestone.pk, "note": "x"}
    )
    assert answer.status_code == 404
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


def test_the_sme_cannot_deliver_or_accept_a_proposal_as_the_consultant(client):
    engagement = active(amounts=(5_000_000,))
    milestone = engagement.milestones.get()
    client.force_login(enterprise_owner(engagement.enterprise))
    client.post(f"/engagements/{engagement.pk}/action/", {"action": "deliver", "milestone": milestone.pk})
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


def test_lists_for_the_sme_and_the_consultant(client):
    engagement = proposed()
    client.force_login(enterprise_owner(engagement.enterprise))
    page = client.get("/engagements/").content.decode()
    assert engagement.title in page and "Hợp đồng tư vấn của tôi" in page
    client.force_login(engagement.consultant.user)
    page = client.get("/engagements/").content.decode()
    assert engagement.title in page and "/engagements/new/" in page
    client.force_login(enterprise_owner(EnterpriseFactory()))
    assert engagement.title not in client.get("/engagements/").content.decode()


def test_the_account_page_links_the_engagement_pages(client):
    engagement = proposed()
    client.force_login(enterprise_owner(engagement.enterprise))
    assert 'href="/engagements/"' in client.get("/dashboard/").content.decode()
    client.force_login(OfficerFactory())
    assert 'href="/engagements/disputes/"' in client.get("/dashboard/").content.decode()


def test_an_officer_marks_a_transfer_received_on_the_payment_page_others_cannot(client):
    engagement = active(amounts=(5_000_000,))
    milestone = engagement.milestones.get()
    owner = enterprise_owner(engagement.enterprise)
    client.force_login(owner)
    client.post(f"/payments/pay/milestone/{milestone.pk}/", {"idempotency_key": "k"})
    payment = Payment.objects.get()
    assert 'data-testid="mark-received"' not in client.get(f"/payments/{payment.pk}/").content.decode()
    assert client.post(f"/payments/{payment.pk}/received/", {"bank_reference": "FT1"}).status_code == 403
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING

    client.force_login(OfficerFactory())
    assert 'data-testid="mark-received"' in client.get(f"/payments/{payment.pk}/").content.decode()
    client.post(f"/payments/{payment.pk}/received/", {"bank_reference": ""})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING  # the bank reference is required
    client.post(f"/payments/{payment.pk}/received/", {"bank_reference": "FT26123456"})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.bank_reference == "FT26123456"


def test_the_consultant_sees_a_milestones_payment_state_without_the_payers_page(client):
    engagement = active(amounts=(5_000_000,))
    milestone = engagement.milestones.get()
    client.force_login(enterprise_owner(engagement.enterprise))
    client.post(f"/payments/pay/milestone/{milestone.pk}/", {"idempotency_key": "k"})
    payment = Payment.objects.get()
    client.force_login(engagement.consultant.user)
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-testid="milestone-payment-state"' in page and f"/payments/{payment.pk}/" not in page


def test_without_stripe_keys_the_page_offers_bank_transfer_only(client):
    engagement = active(amounts=(5_000_000,))
    client.force_login(enterprise_owner(engagement.enterprise))
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-testid="pay-milestone"' in page and 'data-testid="pay-milestone-card"' not in page


def test_with_stripe_keys_the_sme_chooses_card_and_lands_on_the_card_form(client, stripe_keys):
    engagement = active(amounts=(5_000_000,))
    milestone = engagement.milestones.get()
    client.force_login(enterprise_owner(engagement.enterprise))
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-testid="pay-milestone-card"' in page
    answer = client.post(
        f"/payments/pay/milestone/{milestone.pk}/", {"idempotency_key": "card-key-1", "method": "card"}
    )
    payment = Payment.objects.get()
    assert answer["Location"] == f"/payments/{payment.pk}/"
    assert payment.method == "card" and payment.status == PaymentStatus.PENDING
    assert payment.stripe_payment_intent.startswith("pi_")
    assert 'id="card-payment"' in client.get(answer["Location"]).content.decode()

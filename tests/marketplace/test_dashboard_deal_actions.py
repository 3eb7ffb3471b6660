"""The account page lists each role's next actions in the deals, counted from the user's own items
only, each with a link (to the item when there is one, to the list otherwise)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.engagements import services as engagements
from marketplace.payments import services as payments
from marketplace.payments.models import PaymentMethod
from tests.consultants.factories import make_consultant
from tests.engagements.factories import active, delivered, proposed
from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner
from tests.orders.factories import placed_order, vendor_user
from tests.vouchers.factories import applied, open_call

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return response


def actions(response, role):
    return {a.key: a for a in response.context["overview"].deal_actions.get(role, [])}


def pay_by_transfer(milestone, key):
    owner = enterprise_owner(milestone.engagement.enterprise)
    return payments.payment_create(
        payable=milestone, by=owner, method=PaymentMethod.BANK_TRANSFER, idempotency_key=key
    )


def test_an_sme_member_sees_proposals_deliveries_with_the_deadline_and_payments_waiting(client):
    enterprise = EnterpriseFactory()
    owner = enterprise_owner(enterprise)
    waiting = proposed(enterprise=enterprise)
    running = active(enterprise=enterprise, amounts=(1_000_000, 2_000_000))
    to_review = delivered(running, 1)
    payment = pay_by_transfer(running.milestones.get(position=2), "second")
    # another enterprise's proposal, delivery and payment never count
    other = active(amounts=(5_000_000,))
    delivered(other, 1)
    pay_by_transfer(other.milestones.get(), "other")
    proposed()

    response = dashboard(client, owner)
    found = actions(response, "sme")
    assert found["engagements.proposals_to_answer"].count == 1
    assert found["engagements.proposals_to_answer"].url == reverse("engagements:detail", args=[waiting.pk])
    review = found["engagements.deliveries_to_review"]
    assert review.count == 1 and review.due_at == to_review.review_due_at
    assert review.url == reverse("engagements:detail", args=[running.pk]) + f"#milestone-{to_review.pk}"
    # the delivered milestone is not paid yet; the second one has its payment started
    assert found["engagements.milestones_to_pay"].count == 1
    assert found["payments.waiting"].count == 1
    assert found["payments.waiting"].url == reverse("payments:detail", args=[payment.pk])
    page = response.content.decode()
    assert 'data-testid="deal-actions-sme"' in page
    assert "Đề xuất đang chờ bạn trả lời" in page
    assert "Bàn giao cần xem xét" in page
    due = timezone.localtime(to_review.review_due_at).strftime("%d/%m/%Y %H:%M")
    assert f"(hạn đầu tiên {due})" in page
    assert not actions(response, "officer") and not actions(response, "consultant")


def test_the_other_enterprises_member_sees_none_of_them(client):
    engagement = active(amounts=(1_000_000,))
    delivered(engagement, 1)
    proposed(enterprise=engagement.enterprise)
    stranger = enterprise_owner(EnterpriseFactory())
    response = dashboard(client, stranger)
    assert actions(response, "sme") == {}
    assert 'data-testid="deal-actions-sme"' not in response.content.decode()


def test_a_consultant_sees_changes_asked_milestones_to_deliver_and_invoices_to_record(client):
    consultant = make_consultant()
    asked = proposed(consultant=consultant)
    engagements.engagement_request_changes(
        engagement=asked, by=enterprise_owner(asked.enterprise), reason="Giảm giá giai đoạn 2"
    )
    running = active(consultant=consultant, amounts=(1_000_000, 2_000_000))
    first = delivered(running, 1)
    engagements.milestone_accept(milestone=first, by=enterprise_owner(running.enterprise))
    # another consultant's engagement in the same states
    other = active(amounts=(3_000_000, 4_000_000))
    engagements.milestone_accept(milestone=delivered(other, 1), by=enterprise_owner(other.enterprise))

    response = dashboard(client, consultant.user)
    found = actions(response, "consultant")
    assert found["engagements.proposals_to_change"].count == 1
    assert found["engagements.proposals_to_change"].url == reverse("engagements:detail", args=[asked.pk])
    second = running.milestones.get(position=2)
    assert found["engagements.milestones_to_deliver"].count == 1
    assert found["engagements.milestones_to_deliver"].url.endswith(f"#milestone-{second.pk}")
    assert found["engagements.invoices_to_record"].count == 1
    page = response.content.decode()
    assert 'data-testid="deal-actions-consultant"' in page and "Hoá đơn điện tử cần ghi" in page

    engagements.milestone_record_invoice(milestone=first, by=consultant.user, number="AA/26E-0001234")
    assert "engagements.invoices_to_record" not in actions(dashboard(client, consultant.user), "consultant")


def test_a_vendor_sees_only_its_own_orders_to_confirm(client):
    order = placed_order()
    placed_order()  # another vendor's
    response = dashboard(client, vendor_user(order))
    found = actions(response, "vendor")
    assert found["orders.to_confirm"].count == 1
    assert found["orders.to_confirm"].url == reverse("orders:detail", args=[order.pk])
    assert "Đơn đặt mua cần xác nhận" in response.content.decode()
    # the ordering SME is not asked to confirm
    assert actions(dashboard(client, enterprise_owner(order.enterprise)), "vendor") == {}


def test_an_officer_sees_disputes_transfers_and_voucher_applications(client):
    engagement = active(amounts=(1_000_000, 2_000_000))
    owner = enterprise_owner(engagement.enterprise)
    engagements.milestone_dispute(milestone=delivered(engagement, 1), by=owner, reason="Thiếu báo cáo")
    pay_by_transfer(engagement.milestones.get(position=2), "transfer")
    applied(open_call())

    response = dashboard(client, OfficerFactory())
    found = actions(response, "officer")
    assert found["engagements.disputes"].count == 1
    assert found["engagements.disputes"].url == reverse("engagements:disputes")
    assert found["payments.transfers_to_mark"].count == 1
    assert found["vouchers.applications_to_decide"].count == 1
    assert found["vouchers.applications_to_decide"].url == reverse("vouchers:officer")
    assert 'data-testid="deal-actions-officer"' in response.content.decode()
    # none of the officer's queues show to the SME
    assert actions(dashboard(client, owner), "officer") == {}


def test_nothing_due_shows_no_list(client):
    response = dashboard(client, enterprise_owner(EnterpriseFactory()))
    assert "deal-actions" not in response.content.decode()


def test_an_sme_sees_a_solution_amount_due_until_it_starts_paying(client):
    from tests.orders.factories import confirmed_order, sme

    order = confirmed_order(price=1_000_000, billing="monthly")
    confirmed_order(price=2_000_000, billing="monthly")  # another enterprise's amount
    amount = order.amounts.get()
    owner = sme(order)
    found = actions(dashboard(client, owner), "sme")
    assert found["orders.amounts_to_pay"].count == 1
    assert found["orders.amounts_to_pay"].url == reverse("orders:detail", args=[order.pk])

    payments.payment_create(
        payable=amount, by=owner, method=PaymentMethod.BANK_TRANSFER, idempotency_key="order"
    )
    found = actions(dashboard(client, owner), "sme")
    assert "orders.amounts_to_pay" not in found and found["payments.waiting"].count == 1


def test_several_items_link_to_the_list(client):
    consultant = make_consultant()
    active(consultant=consultant, amounts=(1_000_000,))
    active(consultant=consultant, amounts=(2_000_000,))
    found = actions(dashboard(client, consultant.user), "consultant")
    assert found["engagements.milestones_to_deliver"].count == 2
    assert found["engagements.milestones_to_deliver"].url == reverse("engagements:mine")

"""Demo engagements in every state, and their milestone payments by bank transfer.

Built through the services between consultants and enterprises that had a consultation in the
bookings demo, so each row has its audit trail. Idempotent: nothing is added when engagements exist.
Payments are bank transfers in every state: waiting for the transfer, received, refunded after an
early end (card payments are the Stripe work's).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from consultants.bookings.models import Booking
from marketplace.accounts.models import User
from marketplace.core.demo import DemoContext
from marketplace.core.locks import lock_row
from marketplace.payments import cards, gateway
from marketplace.payments import services as payment_services
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus

from . import services
from .models import Engagement
from .selectors import MET_STATUSES

TITLES = [
    "Số hoá quy trình bán hàng",
    "Triển khai hoá đơn điện tử và kế toán",
    "Lộ trình chuyển đổi số 2026–2027",
    "Quản trị dữ liệu khách hàng",
    "Chọn và triển khai ERP cho xưởng",
    "An toàn thông tin cơ bản",
]


def _proposal(start, amounts):
    milestones = [
        {
            "title": f"Giai đoạn {i}",
            "due_date": (start + timedelta(days=21 * i)).isoformat(),
            "amount": amount,
        }
        for i, amount in enumerate(amounts, start=1)
    ]
    return {
        "scope": "Khảo sát hiện trạng, đề xuất giải pháp và hỗ trợ triển khai",
        "pillars": ["Vận hành", "Khách hàng"],
        "deliverables": "Báo cáo khảo sát; lộ trình; hướng dẫn vận hành",
        "milestones": milestones,
        "total": sum(amounts),
        "start_date": start,
        "end_date": start + timedelta(days=21 * len(amounts) + 7),
    }


def seed(ctx: DemoContext) -> None:
    if Engagement.objects.exists():
        return
    pairs = []
    for booking in Booking.objects.filter(status__in=MET_STATUSES).select_related(
        "consultant__user", "enterprise"
    ):
        pair = (booking.consultant, booking.enterprise)
        if pair not in pairs:
            pairs.append(pair)
    officer = User.objects.filter(officer_memberships__is_active=True).order_by("pk").first()
    if len(pairs) < 2 or officer is None:
        ctx.log("  engagements: no consultations held in the demo (or no officer); skipped")
        return
    start = timezone.localdate() - timedelta(days=30)
    made = 0
    for index, (consultant, enterprise) in enumerate(pairs[: len(STAGES)]):
        owner = enterprise.memberships.order_by("pk").first().user
        engagement = services.engagement_propose(
            consultant=consultant,
            enterprise=enterprise,
            proposed_by=consultant.user,
            title=TITLES[index % len(TITLES)],
            **_proposal(start, (15_000_000, 25_000_000, 10_000_000)),
        )
        _advance(engagement, STAGES[index], owner=owner, officer=officer, start=start)
        made += 1
    ctx.log(f"  engagements: {made}")


# the states shown first are the ones a visitor most needs to see
STAGES = [
    "delivered",
    "completed",
    "proposed",
    "disputed",
    "ended",
    "changes_requested",
    "awaiting_transfer",
    "withdrawn",
]


def _pay_by_card(milestone, *, owner):
    """With Stripe keys set (e.g. against localstripe), the demo's completed engagement is paid by
    card as an SME would: a card token, the server-side confirmation, then what the webhook records
    (recorded here too, so a demo without a webhook endpoint still shows it paid; the webhook later
    finds it paid and changes nothing). Without keys the demo pays by bank transfer only."""
    payment = payment_services.payment_create(
        payable=milestone, by=owner, method=PaymentMethod.CARD, idempotency_key=f"demo-card-{milestone.pk}"
    )
    cards.card_confirm(payment=payment, by=owner, token=gateway.demo_card_token())
    with transaction.atomic():
        locked = lock_row(Payment.objects, payment.pk)
        intent = gateway.retrieve_intent(locked.stripe_payment_intent)
        if locked.status == PaymentStatus.PENDING and intent.status == "succeeded":
            payment_services.record_card_paid(locked, intent_id=intent.id)
    return payment


def _pay(milestone, *, owner, officer=None, card=False):
    if card:
        return _pay_by_card(milestone, owner=owner)
    payment = payment_services.payment_create(
        payable=milestone,
        by=owner,
        method=PaymentMethod.BANK_TRANSFER,
        idempotency_key=f"demo-milestone-{milestone.pk}",
    )
    if officer is not None:
        payment_services.payment_mark_received(
            payment=payment, by=officer, bank_reference=f"FT26{payment.pk:06d}"
        )
    return payment


def _advance(engagement, stage: str, *, owner, officer, start) -> None:
    provider = engagement.consultant.user
    by_card = stage == "completed" and gateway.enabled()  # with Stripe keys: one engagement paid by card
    if stage == "proposed":
        return
    if stage == "withdrawn":
        services.engagement_withdraw(
            engagement=engagement, by=provider, reason="Chuyên gia chưa sắp xếp được lịch"
        )
        return
    if stage == "changes_requested":
        services.engagement_request_changes(engagement=engagement, by=owner, reason="Xin giảm giai đoạn 2")
        return
    services.engagement_revise(
        engagement=engagement, by=provider, **_proposal(start, (15_000_000, 20_000_000, 10_000_000))
    )
    services.engagement_accept(engagement=engagement, by=owner, version_number=2)
    milestones = list(engagement.milestones.order_by("position"))
    first, second = milestones[0], milestones[1]
    _pay(first, owner=owner, officer=officer, card=by_card)
    services.milestone_deliver(milestone=first, by=provider, note="Báo cáo khảo sát hiện trạng")
    if stage == "delivered":
        return
    services.milestone_accept(milestone=first, by=owner)
    services.milestone_record_invoice(milestone=first, by=provider, number=f"1C26TDX-{first.pk:08d}")
    if stage == "awaiting_transfer":
        _pay(second, owner=owner)
        return
    if stage == "ended":
        # the second milestone was paid ahead; ending early cancels it, so the officer refunds it
        paid_ahead = _pay(second, owner=owner, officer=officer)
        services.engagement_end_early(engagement=engagement, by=owner, reason="Doanh nghiệp tạm dừng dự án")
        payment_services.payment_refund(
            payment=paid_ahead,
            by=officer,
            amount=paid_ahead.sme_share,
            reason="Giai đoạn 2 bị huỷ khi kết thúc sớm",
            bank_reference=f"FT26R{paid_ahead.pk:06d}",
        )
        return
    _pay(second, owner=owner, officer=officer, card=by_card)
    services.milestone_deliver(milestone=second, by=provider, note="Lộ trình chuyển đổi số")
    if stage == "disputed":
        services.milestone_dispute(milestone=second, by=owner, reason="Lộ trình thiếu phần ngân sách")
        return
    for milestone in milestones[1:]:
        if milestone.status == "pending":
            _pay(milestone, owner=owner, officer=officer, card=by_card)
            services.milestone_deliver(milestone=milestone, by=provider, note="Bàn giao")
        services.milestone_accept(milestone=type(milestone).objects.get(pk=milestone.pk), by=owner)

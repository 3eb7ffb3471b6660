"""Demo reviews: verified clients review their deals; one review is reported, one hidden by an officer.

Idempotent: nothing is added when reviews exist. Written through the services. Demo solution orders
confirmed in use long ago (their start date is in the past) get their `in_use_at` moved back to that
start first, as the orders demo does for `created_at`, so they are old enough to be reviewed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from marketplace.accounts.models import OfficerMembership
from marketplace.core.demo import DemoContext
from marketplace.enterprises.models import Enterprise
from marketplace.orders.models import Order, OrderStatus

from . import selectors, services
from .models import CRITERIA, Review

TEXTS = {
    "consultant": [
        "Chuyên gia nắm rõ quy trình bán hàng của chúng tôi, đề xuất lộ trình thực tế, chi phí hợp lý.",
        "Tư vấn tận tình, giải thích dễ hiểu cho nhân viên lớn tuổi; bàn giao tài liệu đầy đủ.",
        "Buổi tư vấn hữu ích, giúp doanh nghiệp xác định ưu tiên số hoá kho và kế toán trước.",
        "Chuyên môn tốt nhưng phản hồi đôi lúc chậm; kết quả cuối cùng đạt yêu cầu.",
    ],
    "solution": [
        "Phần mềm dễ dùng, nhân viên bán hàng làm quen trong một tuần; hỗ trợ kỹ thuật nhanh.",
        "Hoá đơn điện tử xuất nhanh, kết nối được với phần mềm kế toán đang dùng.",
        "Giá hợp lý cho hộ kinh doanh; cần thêm hướng dẫn bằng video.",
    ],
}


def _backdate_orders_in_use() -> None:
    for order in Order.objects.filter(
        status__in=(OrderStatus.IN_USE, OrderStatus.ENDED), start_date__isnull=False
    ):
        start = timezone.make_aware(dt.datetime.combine(order.start_date, dt.time(9, 0)))
        if order.in_use_at and start < order.in_use_at:
            Order.objects.filter(pk=order.pk).update(in_use_at=start)


def seed(ctx: DemoContext) -> None:
    if Review.objects.exists():
        return
    _backdate_orders_in_use()
    rng = ctx.rng("reviews")
    written: list[Review] = []
    for enterprise in Enterprise.objects.order_by("tax_code"):
        member = enterprise.memberships.order_by("pk").first()
        if member is None:
            continue
        for deal in selectors.deals_to_review(member.user):
            if rng.random() < 0.15:
                continue  # not every client reviews
            generous = rng.random() < 0.8
            scores = {
                code: rng.choice((4, 5, 5) if generous else (2, 3, 3))
                for code, _label in CRITERIA[deal.subject_kind]
            }
            review = services.review_create(
                user=member.user,
                deal_kind=deal.kind,
                deal_id=deal.pk,
                scores=scores,
                text=rng.choice(TEXTS[deal.subject_kind]),
            )
            written.append(review)
    officer = OfficerMembership.objects.select_related("user").order_by("pk").first()
    if written:
        first = written[0]
        provider = first.consultant.user if first.consultant_id else None
        if provider is not None:
            services.review_reply(
                review=first, user=provider, text="Cảm ơn quý doanh nghiệp, chúng tôi sẽ tiếp tục đồng hành."
            )
    if len(written) >= 3 and officer is not None:
        reporter = written[0].author
        services.review_report(
            review=written[1], user=reporter, reason="Nội dung có vẻ không đúng với buổi tư vấn thực tế."
        )
        services.review_report(review=written[2], user=reporter, reason="Đánh giá có thông tin cá nhân.")
        services.review_hide(
            review=written[2],
            officer=officer.user,
            reason="Có số điện thoại cá nhân (Nghị định 13/2023/NĐ-CP); doanh nghiệp có thể viết lại.",
        )
    ctx.log(f"  reviews: {len(written)} verified reviews (edit window {settings.REVIEWS_EDIT_HOURS} h)")

"""Demo AI risk classifications in every state, written through the services.

A certified demo consultant (the "consultant (certified)" log-in) gets AI expertise through the
consultants' profile service, so owners can ask them to review. The first demo SME classifies a customer
chatbot (review requested), a stock forecast (provisional) and starts a face-recognition time clock
(draft); the second SME's CV screening is reviewed (high risk). A vendor classifies its catalogue
chatbot (reviewed: the solution page shows who classified it and when) and a forecast (self-declared).
Idempotent: nothing is added when classifications exist.
"""

from __future__ import annotations

from catalogue.models import Solution
from consultants.models import Consultant
from consultants.services import consultant_update
from marketplace.core.demo import DemoContext
from marketplace.enterprises.models import Enterprise
from marketplace.taxonomy.models import ExpertiseArea

from . import selectors, services
from .models import Classification

REVIEWER_EMAIL = "tuvan011@demo.dongnai.vn"

CHATBOT = {
    "purpose": "chatbot",
    "users": "public",
    "decisions": ["none"],
    "oversight": "can_intervene",
    "manipulation": "no",
    "personal_data": "basic",
    "generated_content": ["text"],
    "discloses_ai": "told",
    "sector": "commerce",
}
FORECAST = {
    "purpose": "analytics",
    "users": "staff",
    "decisions": ["none"],
    "oversight": "review_each",
    "manipulation": "no",
    "personal_data": "none",
    "generated_content": ["none"],
    "discloses_ai": "no_conversation",
    "sector": "commerce",
}
CV_SCREENING = {
    "purpose": "scoring",
    "users": "business",
    "decisions": ["employment"],
    "oversight": "review_each",
    "manipulation": "no",
    "personal_data": "basic",
    "generated_content": ["text"],
    "discloses_ai": "no_conversation",
    "sector": "manufacturing",
}


def _reviewer() -> Consultant | None:
    consultant = Consultant.objects.filter(user__email=REVIEWER_EMAIL).first()
    if consultant is None:
        return None
    ai = ExpertiseArea.objects.filter(code=selectors.REVIEWER_EXPERTISE).first()
    if ai is not None and not consultant.expertise.filter(pk=ai.pk).exists():
        consultant_update(
            consultant=consultant, actor=consultant.user, expertise=[*consultant.expertise.all(), ai]
        )
    return selectors.reviewer_get(consultant.pk)


def _classified(*, user, answers: dict, **start) -> Classification:
    classification = services.classification_start(user=user, **start)
    services.classification_answer(classification=classification, user=user, answers=answers)
    return services.classification_classify(classification=classification, user=user)


def seed(ctx: DemoContext) -> None:
    if Classification.objects.exists():
        return
    reviewer = _reviewer()
    enterprises = list(
        Enterprise.objects.filter(memberships__isnull=False).distinct().order_by("tax_code")[:2]
    )
    made = 0
    if enterprises:
        first = enterprises[0]
        owner = first.memberships.order_by("pk").first().user
        chatbot = _classified(
            user=owner,
            enterprise=first,
            name="Trợ lý ảo chăm sóc khách hàng trên Zalo",
            description="Chatbot trả lời câu hỏi về giá, tồn kho và giờ mở cửa; chuyển cho nhân viên khi khách cần.",
            answers=CHATBOT,
        )
        if reviewer is not None:
            services.review_request(
                classification=chatbot,
                user=owner,
                consultant_id=reviewer.pk,
                message="Nhờ anh/chị xem giúp chatbot này có phải thông báo qua cổng một cửa không.",
            )
        _classified(user=owner, enterprise=first, name="Dự báo tồn kho theo mùa vụ", answers=FORECAST)
        draft = services.classification_start(
            user=owner, enterprise=first, name="Chấm công bằng nhận diện khuôn mặt"
        )
        services.classification_answer(
            classification=draft, user=owner, answers={"purpose": "biometric", "users": "staff"}
        )
        made += 3
    if len(enterprises) > 1 and reviewer is not None:
        second = enterprises[1]
        owner = second.memberships.order_by("pk").first().user
        screening = _classified(
            user=owner, enterprise=second, name="Sàng lọc hồ sơ ứng viên tự động", answers=CV_SCREENING
        )
        review = services.review_request(classification=screening, user=owner, consultant_id=reviewer.pk)
        services.review_decide(
            review=review,
            user=reviewer.user,
            risk_class="high",
            note="Ảnh hưởng đến quyết định tuyển dụng: rủi ro cao. Cần hồ sơ kỹ thuật, nhật ký và người duyệt cuối.",
        )
        made += 1
    solutions = {
        s.name: s
        for s in Solution.objects.filter(
            is_ai=True, status=Solution.PUBLISHED, name__in=["Sông Nai AI Chatbot", "Dự Báo Bán Hàng AI"]
        ).select_related("vendor")
    }
    for name, solution in solutions.items():
        member = solution.vendor.memberships.order_by("pk").first()
        if member is None:
            continue
        answers = CHATBOT if "Chatbot" in name else {**FORECAST, "users": "business"}
        classification = _classified(user=member.user, solution=solution, name=name, answers=answers)
        made += 1
        if "Chatbot" in name and reviewer is not None:
            review = services.review_request(
                classification=classification, user=member.user, consultant_id=reviewer.pk
            )
            services.review_decide(
                review=review,
                user=reviewer.user,
                risk_class=classification.provisional_class,
                note="Chatbot trò chuyện với khách hàng: rủi ro trung bình, cần thông báo và báo rõ là AI.",
            )
    ctx.log(f"  AI risk classifications: {made} (reviewer: {reviewer.display_name if reviewer else 'none'})")

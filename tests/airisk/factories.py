"""AI risk factories: built through the services, so rows look as they do in production."""

from __future__ import annotations

from catalogue.models import Solution
from marketplace.airisk import services
from marketplace.airisk.models import Classification
from tests.catalogue.factories import SolutionFactory, VendorFactory, vendor_owner
from tests.factories import EnterpriseFactory, enterprise_owner
from tests.matching.factories import certified_consultant

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

# a system no rule catches: internal forecasting with a person checking each output
LOW = {
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


def ai_reviewer(name: str = "Trần Thị Minh AI"):
    return certified_consultant(name=name, expertise=("ai", "data"))


def sme():
    enterprise = EnterpriseFactory()
    return enterprise, enterprise_owner(enterprise)


def classification(
    *, enterprise=None, user=None, name="Chatbot chăm sóc khách hàng", answers=None, classify=True
):
    if enterprise is None:
        enterprise, user = sme()
    user = user or enterprise_owner(enterprise)
    made = services.classification_start(user=user, enterprise=enterprise, name=name)
    if answers is not None:
        made = services.classification_answer(classification=made, user=user, answers=answers)
        if classify:
            made = services.classification_classify(classification=made, user=user)
    return made


def requested(reviewer=None, **kwargs) -> tuple[Classification, object]:
    reviewer = reviewer or ai_reviewer()
    made = classification(answers=kwargs.pop("answers", CHATBOT), **kwargs)
    owner = enterprise_owner(made.enterprise)
    review = services.review_request(classification=made, user=owner, consultant_id=reviewer.pk)
    return made, review


def ai_solution(status=Solution.PUBLISHED, risk="medium"):
    vendor = VendorFactory()
    solution = SolutionFactory(
        vendor=vendor, status=status, overrides={"is_ai": True, "ai_risk_class": risk, "category": "ai"}
    )
    return solution, vendor_owner(vendor)

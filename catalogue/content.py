"""The editable content of a solution: one dict shape shared by forms, the API, revisions and the diff.

Category and sectors travel as taxonomy codes and screenshots as ordered ids, so a revision's JSON
never points at Python objects and reads the same in the officer's diff as in the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.digits import is_ascii_number
from marketplace.taxonomy.models import Sector, SolutionCategory
from marketplace.taxonomy.selectors import language_codes

from .errors import InvalidSolution
from .models import (
    READINESS_MAX,
    READINESS_MIN,
    AiRiskClass,
    Billing,
    CoInvestor,
    Deployment,
    Integration,
    PlanPricing,
    PricingModel,
    Solution,
)

MAX_PRICE = 10**15
TEXT_LIMITS = {
    "name": 200,
    "short_description": 300,
    "description": 20_000,
    "billing_unit": 80,
    "demo_offer": 300,
    "support_contact": 200,
    "ai_risk_explanation": 5_000,
}
REQUIRED_TEXT = ("name", "short_description", "description", "support_contact")
SCALAR_FIELDS = (
    "name",
    "short_description",
    "description",
    "readiness_min",
    "readiness_max",
    "pricing_model",
    "price",
    "billing_unit",
    "deployment",
    "languages",
    "integrations",
    "standards",
    "is_ai",
    "ai_risk_class",
    "ai_risk_explanation",
    "demo_offer",
    "demo_url",
    "support_contact",
    "website",
)
CONTENT_FIELDS = (*SCALAR_FIELDS, "category", "sectors")
# changes the issue names explicitly as needing review; the diff flags them
MATERIAL_FIELDS = ("price", "pricing_model", "billing_unit", "category", "is_ai", "ai_risk_class", "plans")
# Plans travel inside the content (like screenshots, outside CONTENT_FIELDS: the editor and the
# content API keep their own fields), so a published solution's plan change is reviewed with it.
PLAN_FIELDS = (
    "id",
    "name",
    "price",
    "billing",
    "trial_days",
    "pricing",
    "co_investment",
    "co_investor",
    "sponsor_name",
    "revenue_share_basis_points",
)
MAX_PLANS = 10
# how a plan's fields are named in messages (the same labels as the vendor's plans form)
PLAN_LABELS = {
    "plan": gettext_lazy("Plans"),
    "name": gettext_lazy("Plan name"),
    "price": gettext_lazy("Price per billing period (VND)"),
    "billing": gettext_lazy("Billing"),
    "trial_days": gettext_lazy("Trial days"),
    "pricing": gettext_lazy("Pricing model"),
    "co_investment": gettext_lazy("Co-invested part per period (VND)"),
    "co_investor": gettext_lazy("Co-investor"),
    "sponsor_name": gettext_lazy("Sponsor"),
    "revenue_share_basis_points": gettext_lazy("Revenue share (hundredths of a percent, 250 = 2,5%)"),
}
MAX_TRIAL_DAYS = 365


def solution_content(solution: Solution) -> dict[str, Any]:
    """The published (or, before publication, the working) content held in the solution's columns."""
    data = {field: getattr(solution, field) for field in SCALAR_FIELDS}
    data["category"] = solution.category.code if solution.category_id else None
    data["sectors"] = sorted(sector.code for sector in solution.sectors.all())
    data["screenshots"] = [shot.pk for shot in solution.screenshots.all() if shot.revision_id is None]
    data["plans"] = [plan_content(plan) for plan in solution.plans.all() if plan.is_active]
    return data


def plan_content(plan) -> dict[str, Any]:
    return {field: getattr(plan, field if field != "id" else "pk") for field in PLAN_FIELDS}


def normalise_plans(value: Any, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Check the list of plans; errors go under `plans` as "Plan N: ..." so one message names the row."""
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple):
        errors.setdefault("plans", []).append(_("Send a list of plans."))
        return []
    if len(value) > MAX_PLANS:
        errors.setdefault("plans", []).append(_("Offer at most %(count)s plans.") % {"count": MAX_PLANS})
        return []
    plans = []
    for number, raw in enumerate(value, start=1):
        row: dict[str, list[str]] = {}
        if not isinstance(raw, Mapping):
            raw = {}
            row.setdefault("plan", []).append(_("Send each plan as an object."))
        plan: dict[str, Any] = {}
        plan_id = raw.get("id")
        plan["id"] = plan_id if isinstance(plan_id, int) and not isinstance(plan_id, bool) else None
        name = raw.get("name") or ""
        name = name.strip() if isinstance(name, str) else ""
        if not name or len(name) > 120:
            row.setdefault("name", []).append(_("Name the plan (at most 120 characters)."))
        plan["name"] = name
        plan["price"] = _int(raw.get("price"), "price", row, low=0, high=MAX_PRICE)
        plan["trial_days"] = _int(raw.get("trial_days", 0), "trial_days", row, low=0, high=MAX_TRIAL_DAYS)
        for field, choices in (("billing", Billing), ("pricing", PlanPricing)):
            if raw.get(field) not in choices.values:
                row.setdefault(field, []).append(_("Choose one of the listed options."))
            plan[field] = raw.get(field)
        pricing = plan["pricing"]
        co_investment = _int(raw.get("co_investment") or 0, "co_investment", row, low=0, high=MAX_PRICE)
        co_investor = raw.get("co_investor") or ""
        sponsor = raw.get("sponsor_name") or ""
        sponsor = sponsor.strip()[:200] if isinstance(sponsor, str) else ""
        share = _int(
            raw.get("revenue_share_basis_points") or 0, "revenue_share_basis_points", row, low=0, high=10_000
        )
        if pricing == PlanPricing.CO_INVESTMENT:
            if co_investor not in CoInvestor.values:
                row.setdefault("co_investor", []).append(_("Say who co-invests: the vendor or a sponsor."))
            if co_investor == CoInvestor.SPONSOR and not sponsor:
                row.setdefault("sponsor_name", []).append(_("Name the sponsor."))
            if (
                co_investment is not None
                and plan["price"] is not None
                and not 0 < co_investment <= plan["price"]
            ):
                row.setdefault("co_investment", []).append(
                    _("The co-invested part must be more than 0 and at most the price.")
                )
        else:
            # only a co-investment plan has a co-invested part; anything sent for another is dropped
            co_investment, co_investor, sponsor = 0, "", ""
        if pricing == PlanPricing.REVENUE_SHARING:
            if not share:
                row.setdefault("revenue_share_basis_points", []).append(
                    _("Give the share of revenue, in hundredths of a percent (250 = 2,5%).")
                )
        else:
            share = 0
        if pricing == PlanPricing.PAY_AFTER_USE and not plan["trial_days"]:
            row.setdefault("trial_days", []).append(
                _("Pay after use needs trial days: the first payment falls due after them.")
            )
        plan.update(
            co_investment=co_investment,
            co_investor=co_investor if co_investor in CoInvestor.values else "",
            sponsor_name=sponsor if co_investor == CoInvestor.SPONSOR else "",
            revenue_share_basis_points=share,
        )
        for field, messages in row.items():
            errors.setdefault("plans", []).extend(
                _("Plan %(number)s, %(field)s: %(message)s")
                % {"number": number, "field": PLAN_LABELS[field], "message": m}
                for m in messages
            )
        plans.append(plan)
    return plans


def _int(value: Any, field: str, errors: dict[str, list[str]], *, low: int, high: int) -> int | None:
    if isinstance(value, bool) or value is None or value == "":
        errors.setdefault(field, []).append(_("Enter a whole number."))
        return None
    if isinstance(value, float) and not value.is_integer():
        errors.setdefault(field, []).append(_("Enter a whole number."))
        return None
    if isinstance(value, str):
        value = value.strip()
        if not is_ascii_number(value.removeprefix("-")):
            errors.setdefault(field, []).append(_("Enter a whole number."))
            return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_("Enter a whole number."))
        return None
    if number < low or number > high:
        errors.setdefault(field, []).append(
            _("Enter a number between %(low)s and %(high)s.") % {"low": low, "high": high}
        )
        return None
    return number


def _code_list(value: Any, allowed: set[str], field: str, errors: dict[str, list[str]]) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple | set):
        errors.setdefault(field, []).append(_("Send a list of codes."))
        return []
    codes = [str(item) for item in value]
    unknown = sorted(set(codes) - allowed)
    if unknown:
        errors.setdefault(field, []).append(_("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    return sorted(set(codes) & allowed)


def normalise_content(data: Mapping[str, Any]) -> dict[str, Any]:
    """Check a whole content dict and return it in canonical form, or raise InvalidSolution with fields."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    for field, limit in TEXT_LIMITS.items():
        value = data.get(field) or ""
        if not isinstance(value, str):
            errors.setdefault(field, []).append(_("Enter text."))
            continue
        value = value.strip()
        if field in REQUIRED_TEXT and not value:
            errors.setdefault(field, []).append(_("This field is required."))
        elif len(value) > limit:
            errors.setdefault(field, []).append(_("Keep this under %(limit)s characters.") % {"limit": limit})
        out[field] = value

    for field in ("demo_url", "website"):
        value = (data.get(field) or "").strip() if isinstance(data.get(field) or "", str) else None
        if value is None:
            errors.setdefault(field, []).append(_("Enter a valid web address."))
            continue
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                errors.setdefault(field, []).append(_("Enter a valid web address."))
        out[field] = value

    out["price"] = _int(data.get("price"), "price", errors, low=0, high=MAX_PRICE)
    out["readiness_min"] = _int(
        data.get("readiness_min"), "readiness_min", errors, low=READINESS_MIN, high=READINESS_MAX
    )
    out["readiness_max"] = _int(
        data.get("readiness_max"), "readiness_max", errors, low=READINESS_MIN, high=READINESS_MAX
    )
    if (
        out["readiness_min"] is not None
        and out["readiness_max"] is not None
        and out["readiness_min"] > out["readiness_max"]
    ):
        errors.setdefault("readiness_min", []).append(
            _("The lowest readiness level cannot be above the highest.")
        )

    for field, choices in (("pricing_model", PricingModel), ("deployment", Deployment)):
        value = data.get(field)
        if value not in choices.values:
            errors.setdefault(field, []).append(_("Choose one of the listed options."))
        out[field] = value

    out["languages"] = _code_list(data.get("languages"), language_codes(), "languages", errors)
    out["integrations"] = _code_list(
        data.get("integrations"), set(Integration.values), "integrations", errors
    )

    standards = data.get("standards") or []
    if isinstance(standards, str):
        standards = standards.splitlines()
    if not isinstance(standards, list | tuple):
        errors.setdefault("standards", []).append(_("Send a list of texts."))
        standards = []
    standards = [str(item).strip() for item in standards if str(item).strip()]
    if len(standards) > 20 or any(len(item) > 150 for item in standards):
        errors.setdefault("standards", []).append(_("List at most 20 standards of 150 characters each."))
    out["standards"] = standards

    is_ai = data.get("is_ai", False)
    if not isinstance(is_ai, bool):
        errors.setdefault("is_ai", []).append(_("Answer yes or no."))
        is_ai = False
    out["is_ai"] = is_ai
    risk = data.get("ai_risk_class") or ""
    if is_ai:
        if risk not in AiRiskClass.values:
            errors.setdefault("ai_risk_class", []).append(
                _("An AI solution must declare its risk class (low, medium or high).")
            )
        elif risk == AiRiskClass.HIGH and not out.get("ai_risk_explanation"):
            errors.setdefault("ai_risk_explanation", []).append(
                _("A high-risk AI solution must explain its risk and how it is controlled.")
            )
        out["ai_risk_class"] = risk
    else:
        # a solution without AI has no AI risk to declare
        out["ai_risk_class"] = ""
        out["ai_risk_explanation"] = ""

    category = data.get("category")
    if isinstance(category, str):
        category_obj = SolutionCategory.objects.filter(code=category).first()
    elif isinstance(category, SolutionCategory):
        category_obj = category
    else:
        category_obj = None
    if category_obj is None:
        errors.setdefault("category", []).append(
            _("Unknown category: %(code)s.") % {"code": category or "—"}
            if category
            else _("Choose a category.")
        )
    out["category"] = category_obj.code if category_obj else None

    sectors = data.get("sectors") or []
    if isinstance(sectors, str) or not isinstance(sectors, list | tuple | set):
        errors.setdefault("sectors", []).append(_("Send a list of sector codes."))
        sectors = []
    codes = sorted({s.code if isinstance(s, Sector) else str(s) for s in sectors})
    known = set(Sector.objects.filter(code__in=codes).values_list("code", flat=True)) if codes else set()
    unknown = [code for code in codes if code not in known]
    if unknown:
        errors.setdefault("sectors", []).append(
            _("Unknown sector codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    out["sectors"] = codes

    # absent means "unchanged" (content stored before plans existed has none)
    if "plans" in data:
        out["plans"] = normalise_plans(data.get("plans"), errors)

    if errors:
        raise InvalidSolution(_("Some fields are not valid."), fields=errors)
    return out


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    keys = (*CONTENT_FIELDS, "screenshots", "plans")
    # content without "plans" leaves the plans as they are
    return [key for key in keys if old.get(key) != new.get(key) and (key != "plans" or key in new)]

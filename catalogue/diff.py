"""Side-by-side comparison of a solution's submitted content against its published version."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from marketplace.taxonomy.models import Sector, SolutionCategory
from marketplace.taxonomy.selectors import language_labels

from .content import CONTENT_FIELDS, MATERIAL_FIELDS, solution_content
from .models import (
    AiRiskClass,
    Billing,
    Deployment,
    Integration,
    PlanPricing,
    PricingModel,
    Solution,
    SolutionRevision,
)

LABELS = {
    "name": _("Name"),
    "short_description": _("Short description"),
    "description": _("Full description"),
    "category": _("Category"),
    "sectors": _("Sectors served"),
    "readiness_min": _("Lowest readiness level"),
    "readiness_max": _("Highest readiness level"),
    "pricing_model": _("Pricing model"),
    "price": _("List price (VND)"),
    "billing_unit": _("Billing unit"),
    "deployment": _("Deployment"),
    "languages": _("Languages"),
    "integrations": _("Integrations"),
    "standards": _("Standards and certifications"),
    "is_ai": _("Uses AI"),
    "ai_risk_class": _("AI risk class"),
    "ai_risk_explanation": _("AI risk explanation"),
    "demo_offer": _("Demo or trial"),
    "demo_url": _("Demo link"),
    "support_contact": _("Support contact"),
    "website": _("Website"),
    "screenshots": _("Screenshots"),
    "plans": _("Plans"),
}


def display_value(field: str, value: Any) -> Any:
    """A human-readable value for the diff (codes become names)."""
    if value in (None, "", []):
        return value
    if field == "category":
        category = SolutionCategory.objects.filter(code=value).first()
        return category.name if category else value
    if field == "sectors":
        names = dict(Sector.objects.filter(code__in=value).values_list("code", "name_vi"))
        return [f"{code} – {names.get(code, '?')}" for code in value]
    if field == "pricing_model":
        return str(PricingModel(value).label) if value in PricingModel.values else value
    if field == "deployment":
        return str(Deployment(value).label) if value in Deployment.values else value
    if field == "ai_risk_class":
        return str(AiRiskClass(value).label) if value in AiRiskClass.values else value
    if field == "languages":
        labels = language_labels()
        return [labels.get(code, code) for code in value]
    if field == "integrations":
        return [str(Integration(code).label) if code in Integration.values else code for code in value]
    if field == "is_ai":
        return str(_("Yes")) if value else str(_("No"))
    if field == "price":
        return f"{value:,}".replace(",", ".")
    if field == "screenshots":
        return len(value)
    if field == "plans":
        return [plan_summary(plan) for plan in value]
    return value


def plan_summary(plan: dict[str, Any]) -> str:
    """One line per plan, with every term that changes what the SME pays."""
    parts = [
        plan["name"],
        f"{_vnd(plan['price'])} ₫ / {Billing(plan['billing']).label if plan['billing'] in Billing.values else plan['billing']}",
        str(PlanPricing(plan["pricing"]).label) if plan["pricing"] in PlanPricing.values else plan["pricing"],
    ]
    if plan.get("trial_days"):
        parts.append(str(_("%(days)s trial days")) % {"days": plan["trial_days"]})
    if plan.get("co_investment"):
        parts.append(str(_("co-investment %(amount)s ₫")) % {"amount": _vnd(plan["co_investment"])})
    if plan.get("revenue_share_basis_points"):
        parts.append(str(_("revenue share %(bp)s bp")) % {"bp": plan["revenue_share_basis_points"]})
    return " · ".join(str(part) for part in parts)


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def solution_diff(solution: Solution) -> list[dict[str, Any]]:
    """Rows of (field, published, proposed). A first submission has no published side."""
    columns = solution_content(solution)
    revision = solution.revisions.filter(state__in=SolutionRevision.OPEN_STATES).first()
    if solution.status in Solution.HAS_PUBLISHED_VERSION:
        published, proposed = columns, (revision.data if revision else columns)
    else:
        published, proposed = None, columns
    rows = []
    for field in (*CONTENT_FIELDS, "screenshots", "plans"):
        old = published.get(field) if published is not None else None
        # a change stored before plans existed leaves them as published
        new = proposed.get(field, old) if field == "plans" else proposed.get(field)
        rows.append(
            {
                "field": field,
                "label": str(LABELS[field]),
                "published": display_value(field, old) if published is not None else None,
                "proposed": display_value(field, new),
                "changed": published is not None and old != new,
                "material": field in MATERIAL_FIELDS,
            }
        )
    return rows

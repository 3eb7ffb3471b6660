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

from marketplace.core.digits import is_ascii_number
from marketplace.taxonomy.models import Sector, SolutionCategory
from marketplace.taxonomy.selectors import language_codes

from .errors import InvalidSolution
from .models import (
    READINESS_MAX,
    READINESS_MIN,
    AiRiskClass,
    Deployment,
    Integration,
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
MATERIAL_FIELDS = ("price", "pricing_model", "billing_unit", "category", "is_ai", "ai_risk_class")


def solution_content(solution: Solution) -> dict[str, Any]:
    """The published (or, before publication, the working) content held in the solution's columns."""
    data = {field: getattr(solution, field) for field in SCALAR_FIELDS}
    data["category"] = solution.category.code if solution.category_id else None
    data["sectors"] = sorted(sector.code for sector in solution.sectors.all())
    data["screenshots"] = [shot.pk for shot in solution.screenshots.all() if shot.revision_id is None]
    return data


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

    if errors:
        raise InvalidSolution(_("Some fields are not valid."), fields=errors)
    return out


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    keys = (*CONTENT_FIELDS, "screenshots")
    return [key for key in keys if old.get(key) != new.get(key)]

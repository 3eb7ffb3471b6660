"""What search indexes of the catalogue: only published solutions, in their approved version.

Discovered by search's SearchConfig.ready(); search itself imports no domain app.
"""

from django.utils.translation import gettext_lazy as _

from marketplace.taxonomy.models import ReadinessLevel, Sector, SolutionCategory
from marketplace.taxonomy.selectors import language_labels
from search.registry import BOOLEAN, FacetField, IndexDefinition, SearchField, registry

from .models import Deployment, PricingModel, Solution
from .selectors import solutions_public

registry.register_facet(
    FacetField(
        "sector",
        _("Sector"),
        value_labels=lambda codes: {s.code: s.name for s in Sector.objects.filter(code__in=codes)},
    )
)
registry.register_facet(
    FacetField(
        "category",
        _("Solution category"),
        value_labels=lambda codes: {c.code: c.name for c in SolutionCategory.objects.filter(code__in=codes)},
    )
)
registry.register_facet(
    FacetField(
        "readiness_level",
        _("Readiness level"),
        value_labels=lambda values: {str(r.level): str(r) for r in ReadinessLevel.objects.all()},
    )
)
registry.register_facet(
    FacetField("pricing_model", _("Pricing model"), value_labels=lambda v: dict(PricingModel.choices))
)
registry.register_facet(
    FacetField("deployment", _("Deployment"), value_labels=lambda v: dict(Deployment.choices))
)
registry.register_facet(FacetField("language", _("Language"), value_labels=lambda v: language_labels()))
registry.register_facet(FacetField("ai", _("Artificial intelligence"), type=BOOLEAN))


def solution_document(solution: Solution) -> dict:
    sectors = list(solution.sectors.all())
    return {
        "id": solution.pk,
        "title": solution.name,
        "url": solution.get_absolute_url(),
        "text": {
            "short_description": solution.short_description,
            "vendor": solution.vendor.name,
            "category": solution.category.name_vi,
            "description": solution.description,
            "sectors": " ".join(s.name_vi for s in sectors),
            "demo_offer": solution.demo_offer,
        },
        "facets": {
            "sector": sorted({s.section.code for s in sectors}),
            "category": solution.category.code,
            "readiness_level": [
                str(level) for level in range(solution.readiness_min, solution.readiness_max + 1)
            ],
            "pricing_model": solution.pricing_model,
            "deployment": solution.deployment,
            "language": solution.languages or [],
            "ai": solution.is_ai,
        },
        "price": solution.price,
        "rating": float(solution.rating_average) if solution.rating_average is not None else None,
        "published_at": solution.first_published_at or solution.published_at,
        "extra": {
            "subtitle": solution.vendor.name,
            "category": solution.category.name_vi,
            "pricing_model": solution.pricing_model,
            "billing_unit": solution.billing_unit,
        },
    }


def _vendor_solutions(vendor_pks):
    return Solution.objects.filter(vendor_id__in=vendor_pks).values_list("pk", flat=True)


registry.register(
    IndexDefinition(
        kind="solution",
        label=_("Solutions"),
        model="catalogue.solution",
        get_queryset=solutions_public,
        build_document=solution_document,
        search_fields=[
            SearchField("short_description", boost=2),
            SearchField("vendor", boost=2),
            SearchField("category", boost=2),
            SearchField("description"),
            SearchField("sectors"),
            SearchField("demo_offer"),
        ],
        facets=[
            "sector",
            "category",
            "readiness_level",
            "pricing_model",
            "deployment",
            "language",
            "ai",
            "price",
            "rating",
        ],
        related={"catalogue.vendor": _vendor_solutions},
    )
)

"""What search indexes of the consultant network: only visible consultants holding a valid certificate.

Discovered by search's SearchConfig.ready(); search itself imports no domain app.
"""

from django.utils.translation import gettext_lazy as _

from marketplace.core import reputation
from marketplace.taxonomy.models import AdminUnit, Sector, SolutionCategory
from marketplace.taxonomy.selectors import language_labels
from search.registry import BOOLEAN, FacetField, IndexDefinition, SearchField, registry

from .models import CertificateStatus, FirmMembership, ServiceMode
from .selectors import consultants_public, with_public_relations


def _sector_labels(codes):
    return {s.code: s.name for s in Sector.objects.filter(code__in=codes)}


def _category_labels(codes):
    return {c.code: c.name for c in SolutionCategory.objects.filter(code__in=codes)}


def _unit_labels(codes):
    return {u.code: str(u) for u in AdminUnit.objects.filter(code__in=codes)}


registry.register_facet(FacetField("sector", _("Sector"), value_labels=_sector_labels))
registry.register_facet(FacetField("category", _("Solution category"), value_labels=_category_labels))
registry.register_facet(FacetField("location", _("Location"), value_labels=_unit_labels))
registry.register_facet(
    FacetField("service_mode", _("Service mode"), value_labels=lambda codes: dict(ServiceMode.choices))
)
registry.register_facet(FacetField("language", _("Language"), value_labels=lambda codes: language_labels()))
registry.register_facet(FacetField("certified", _("Certified by the network"), type=BOOLEAN))
registry.register_facet(FacetField("ai", _("Artificial intelligence"), type=BOOLEAN))


def _certified_until(consultant):
    """When the consultant stops being certified unless something changes: the latest end date of
    an active certificate (the same rule as selectors.valid_certificates)."""
    live = getattr(consultant, "live_certificates", None)
    if live is None:
        live = list(consultant.certificates.filter(status=CertificateStatus.ACTIVE))
    ends = [c.valid_until for c in live if c.status == CertificateStatus.ACTIVE]
    return max(ends) if ends else None


def consultant_document(consultant) -> dict:
    sectors = list(consultant.sectors.all())
    expertise = list(consultant.expertise.all())
    membership = getattr(consultant, "firm_membership", None)
    firm = membership.firm.name if membership else ""
    return {
        "id": consultant.pk,
        "title": consultant.display_name,
        "url": consultant.get_absolute_url(),
        "text": {
            "headline": consultant.headline,
            "firm": firm,
            "expertise": " ".join(e.name_vi for e in expertise),
            "biography": consultant.biography,
            "sectors": " ".join(s.name_vi for s in sectors),
            "packages": " ".join(p.title for p in consultant.packages.all()),
            "coverage": " ".join(u.name for u in consultant.coverage.all()),
        },
        "facets": {
            # sections (VSIC letters) keep the facet short; a division counts for its section
            "sector": sorted({s.section.code for s in sectors}),
            "category": [c.code for c in consultant.categories.all()],
            "location": [u.code for u in consultant.coverage.all()],
            "service_mode": consultant.service_modes,
            "language": consultant.languages,
            "certified": True,  # only certified consultants are indexed at all
            "ai": any(e.code == "ai" for e in expertise),
        },
        "price": consultant.hourly_rate,
        # kept by the reviews app in its summary table (read through the core registry, no import up)
        "rating": reputation.facts_for("consultant", consultant.pk).get("rating"),
        "published_at": consultant.created_at,
        # found only while a certificate is valid, even before certificates_maintain expires it
        "visible_until": _certified_until(consultant),
        "extra": {"subtitle": consultant.headline or firm, "firm": firm},
    }


def _indexed():
    return with_public_relations(consultants_public()).prefetch_related("sectors__parent")


registry.register(
    IndexDefinition(
        kind="consultant",
        label=_("Consultants"),
        model="consultants.consultant",
        get_queryset=_indexed,
        build_document=consultant_document,
        search_fields=[
            SearchField("headline", boost=2),
            SearchField("firm", boost=2),
            SearchField("expertise", boost=2),
            SearchField("biography"),
            SearchField("sectors"),
            SearchField("packages"),
            SearchField("coverage"),
        ],
        facets=[
            "sector",
            "category",
            "location",
            "service_mode",
            "language",
            "certified",
            "ai",
            "price",
            "rating",
        ],
        related={
            "consultants.consultingfirm": lambda pks: _firm_members(pks),
        },
    )
)


def _firm_members(firm_pks):
    return FirmMembership.objects.filter(firm_id__in=firm_pks).values_list("consultant_id", flat=True)

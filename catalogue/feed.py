"""The open-data feed of the published catalogue, for the National SME Support Portal.

Identifiers are the solutions' and vendors' `public_id` UUIDs: set once at creation, never reused or
changed by edits, reviews or re-publication. Rows are ordered by first publication then identifier, so
two exports of an unchanged catalogue are identical. Only published data is exported: the approved
columns, never a pending revision.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from .selectors import solutions_public

FEED_VERSION = "1.0"
CSV_COLUMNS = [
    "id",
    "name",
    "vendor_id",
    "vendor_name",
    "vendor_tax_code",
    "category_code",
    "category_name",
    "sector_codes",
    "readiness_min",
    "readiness_max",
    "pricing_model",
    "price_vnd",
    "billing_unit",
    "deployment",
    "languages",
    "integrations",
    "standards",
    "is_ai",
    "ai_risk_class",
    "short_description",
    "demo_offer",
    "support_contact",
    "website",
    "url",
    "first_published_at",
    "last_published_at",
]


def feed_queryset():
    return solutions_public().order_by("first_published_at", "public_id")


def feed_record(solution, *, base_url: str = "") -> dict[str, Any]:
    return {
        "id": str(solution.public_id),
        "name": solution.name,
        "vendor": {
            "id": str(solution.vendor.public_id),
            "name": solution.vendor.name,
            # a household business's tax code is its owner's (personal data): left out, as are
            # the contact person's details; the feed carries the organisation's public contact only
            "tax_code": solution.vendor.public_tax_code or None,
            "email": solution.vendor.public_email,
            "phone": solution.vendor.public_phone,
            "website": solution.vendor.website,
        },
        "category": {"code": solution.category.code, "name": solution.category.name_vi},
        "sectors": [sector.code for sector in solution.sectors.all()],
        "readiness": {"min": solution.readiness_min, "max": solution.readiness_max},
        "pricing": {
            "model": solution.pricing_model,
            "price_vnd": solution.price,
            "billing_unit": solution.billing_unit,
        },
        "deployment": solution.deployment,
        "languages": solution.languages,
        "integrations": solution.integrations,
        "standards": solution.standards,
        "ai": {"is_ai": solution.is_ai, "risk_class": solution.ai_risk_class or None},
        "short_description": solution.short_description,
        "description": solution.description,
        "demo_offer": solution.demo_offer,
        "support_contact": solution.support_contact,
        "website": solution.website,
        "url": f"{base_url}{solution.get_absolute_url()}",
        "first_published_at": solution.first_published_at.isoformat()
        if solution.first_published_at
        else None,
        "last_published_at": solution.published_at.isoformat() if solution.published_at else None,
    }


def feed_document(*, base_url: str = "") -> dict[str, Any]:
    records = [feed_record(solution, base_url=base_url) for solution in feed_queryset()]
    return {
        "feed_version": FEED_VERSION,
        "publisher": settings.JURISDICTION["department_name"],
        "jurisdiction": settings.JURISDICTION["name"],
        "licence": "CC-BY-4.0",
        "count": len(records),
        "solutions": records,
    }


def _csv_row(record: dict[str, Any]) -> list[Any]:
    return [
        record["id"],
        record["name"],
        record["vendor"]["id"],
        record["vendor"]["name"],
        record["vendor"]["tax_code"] or "",
        record["category"]["code"],
        record["category"]["name"],
        ";".join(record["sectors"]),
        record["readiness"]["min"],
        record["readiness"]["max"],
        record["pricing"]["model"],
        record["pricing"]["price_vnd"],
        record["pricing"]["billing_unit"],
        record["deployment"],
        ";".join(record["languages"]),
        ";".join(record["integrations"]),
        ";".join(record["standards"]),
        "true" if record["ai"]["is_ai"] else "false",
        record["ai"]["risk_class"] or "",
        record["short_description"],
        record["demo_offer"],
        record["support_contact"],
        record["website"],
        record["url"],
        record["first_published_at"] or "",
        record["last_published_at"] or "",
    ]


def feed_csv_lines(*, base_url: str = "") -> Iterator[str]:
    """CSV (UTF-8 with BOM so spreadsheet programs read Vietnamese correctly), one line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for solution in feed_queryset().iterator(chunk_size=500):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(_csv_row(feed_record(solution, base_url=base_url)))
        yield buffer.getvalue()

"""Support schemes as data: `data/schemes.json` is the one source (with the legal source beside each
figure). `load_schemes` writes it to the database (idempotent: `manage.py load_schemes`, seed_demo);
`default_shares` gives `marketplace.core.support` the default scheme's rules, so matching's
"after support" figures and the vouchers' reservations read the same data.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from marketplace.core.support import CONSULTING, SOLUTION, Share

from .models import Scheme, SchemeRule

DATA_FILE = Path(__file__).resolve().parent / "data" / "schemes.json"


@lru_cache(maxsize=1)
def scheme_data() -> tuple[dict, ...]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return tuple(json.load(handle)["schemes"])


def _cap(rule: dict) -> int | None:
    caps = [c for c in (rule.get("cap_per_contract_year"), rule.get("cap_per_year")) if c is not None]
    return min(caps) if caps else None


@lru_cache(maxsize=1)
def default_shares() -> dict[str, dict[str, Share]]:
    """{kind: {size_class: Share}} of the default scheme, for `marketplace.core.support`."""
    scheme = next(s for s in scheme_data() if s.get("default"))
    shares: dict[str, dict[str, Share]] = {CONSULTING: {}, SOLUTION: {}}
    for rule in scheme["rules"]:
        shares[rule["kind"]][rule["size_class"]] = Share(rule["rate_bp"] / 10_000, _cap(rule))
    return shares


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@transaction.atomic
def load_schemes() -> int:
    """Write every scheme of the data file (create or update by code); return how many."""
    for item in scheme_data():
        rules = item["rules"]
        eligibility = item["eligibility"]
        if item.get("default"):
            Scheme.objects.filter(is_default=True).exclude(code=item["code"]).update(is_default=False)
        scheme, _ = Scheme.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "name_en": item.get("name_en", ""),
                "legal_basis": item["legal_basis"],
                "sources": item.get("sources", []),
                "is_default": bool(item.get("default")),
                "valid_from": _date(item["valid_from"]),
                "valid_until": _date(item.get("valid_until")),
                "size_classes": eligibility.get("size_classes", []),
                "sections": eligibility.get("sections", []),
                "wards": eligibility.get("wards", []),
                "requires_assessment": bool(eligibility.get("assessment_submitted")),
                "requires_complete_profile": bool(eligibility.get("profile_complete")),
            },
        )
        keep = []
        for rule in rules:
            row, _ = SchemeRule.objects.update_or_create(
                scheme=scheme,
                kind=rule["kind"],
                size_class=rule["size_class"],
                defaults={
                    "rate_bp": rule["rate_bp"],
                    "cap_per_contract_year": rule.get("cap_per_contract_year"),
                    "cap_per_year": rule.get("cap_per_year"),
                    "source": rule.get("source", ""),
                },
            )
            keep.append(row.pk)
        scheme.rules.exclude(pk__in=keep).delete()
    return len(scheme_data())

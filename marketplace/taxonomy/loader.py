"""Load taxonomies from CSV files (upsert by code). Used by a data migration and `load_taxonomies`.

Functions take the model classes so the migration can pass its historical models.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings


def _rows(name: str, data_dir: Path | None = None) -> list[dict[str, str]]:
    path = Path(data_dir or settings.TAXONOMY_DATA_DIR) / name
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def load_sectors(Sector, data_dir=None) -> int:
    sections = {}
    for row in _rows("vsic2025_sections.csv", data_dir):
        sections[row["code"]], _ = Sector.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "level": 1,
                "parent": None,
                "decree80_group": row["decree80_group"],
                "is_priority": row["priority"] == "1",
            },
        )
    divisions = _load_children(Sector, "vsic2025_divisions.csv", "section", sections, 2, data_dir)
    groups = _load_children(Sector, "vsic2025_groups.csv", "division", divisions, 3, data_dir)
    return len(sections) + len(divisions) + len(groups)


def _load_children(Sector, name: str, parent_column: str, parents: dict, level: int, data_dir) -> dict:
    """Upsert the rows of `name` under their parent (column `parent_column`), which they take the
    Decree 80 group and priority of; returns them by code."""
    children = {}
    for row in _rows(name, data_dir):
        parent = parents[row[parent_column]]
        children[row["code"]], _ = Sector.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row.get("name_en", ""),
                "level": level,
                "parent": parent,
                "decree80_group": parent.decree80_group,
                "is_priority": parent.is_priority,
            },
        )
    return children


def load_admin_units(AdminUnit, data_dir=None) -> int:
    jurisdiction = settings.JURISDICTION
    provinces = {}
    for row in _rows("provinces_2026.csv", data_dir):
        provinces[row["code"]], _ = AdminUnit.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "kind": row["type"], "level": 1, "parent": None}
        )
    home = provinces[jurisdiction["province_code"]]
    count = len(provinces)
    for row in _rows(jurisdiction["communes_file"].split("/")[-1], data_dir):
        AdminUnit.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "kind": row["type"], "level": 2, "parent": home}
        )
        count += 1
    return count


def load_solution_categories(SolutionCategory, data_dir=None) -> int:
    rows = _rows("solution_categories.csv", data_dir)
    for row in rows:
        SolutionCategory.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "pillars": [p for p in row["pillars"].split(";") if p],
                "position": int(row["position"] or 0),
            },
        )
    return len(rows)


def load_expertise_areas(ExpertiseArea, data_dir=None) -> int:
    rows = _rows("expertise_areas.csv", data_dir)
    for row in rows:
        ExpertiseArea.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "position": int(row["position"] or 0),
            },
        )
    return len(rows)


def load_readiness_levels(ReadinessLevel, data_dir=None) -> int:
    rows = _rows("readiness_levels.csv", data_dir)
    for row in rows:
        ReadinessLevel.objects.update_or_create(
            level=int(row["level"]),
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "description_vi": row["description_vi"],
                "description_en": row["description_en"],
            },
        )
    return len(rows)


def load_languages(Language, data_dir=None) -> int:
    rows = _rows("languages.csv", data_dir)
    for row in rows:
        Language.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "native_name": row["native_name"],
                "position": int(row["position"] or 0),
            },
        )
    return len(rows)


def load_all(models_by_name: dict, data_dir=None) -> dict[str, int]:
    return {
        "sectors": load_sectors(models_by_name["Sector"], data_dir),
        "admin_units": load_admin_units(models_by_name["AdminUnit"], data_dir),
        "solution_categories": load_solution_categories(models_by_name["SolutionCategory"], data_dir),
        "expertise_areas": load_expertise_areas(models_by_name["ExpertiseArea"], data_dir),
        "readiness_levels": load_readiness_levels(models_by_name["ReadinessLevel"], data_dir),
        "languages": load_languages(models_by_name["Language"], data_dir),
    }

"""Load criteria sets from JSON files (upsert by code). Used by a data migration and `load_criteria`.

Functions take the model classes so the migration can pass its historical models. Rows that are no
longer in a file are deleted: assessments never reference these rows (they reference a frozen
CriteriaSetVersion), so deleting a question cannot change any result.
"""

from __future__ import annotations

import json
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent / "data" / "criteria"


class CriteriaFileError(ValueError):
    pass


def read_files(data_dir: Path | str | None = None) -> list[dict]:
    folder = Path(data_dir or DEFAULT_DIR)
    documents = []
    for path in sorted(folder.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            document = json.load(handle)
        document["_file"] = path.name
        documents.append(document)
    return documents


def validate(document: dict, pillar_codes: set[str]) -> None:
    name = document.get("_file", document.get("code"))
    pillars = [p["code"] for p in document["pillars"]]
    unknown = sorted(set(pillars) - pillar_codes)
    if unknown:
        raise CriteriaFileError(f"{name}: pillar codes {unknown} are not taxonomy expertise areas")
    if len(set(pillars)) != len(pillars):
        raise CriteriaFileError(f"{name}: a pillar is listed twice")
    seen = set()
    for question in document["questions"]:
        if question["pillar"] not in pillars:
            raise CriteriaFileError(f"{name}: question {question['code']} uses an undeclared pillar")
        if question["code"] in seen:
            raise CriteriaFileError(f"{name}: question code {question['code']} is repeated")
        seen.add(question["code"])
        codes = [o["code"] for o in question["options"]]
        if len(codes) < 2 or len(set(codes)) != len(codes):
            raise CriteriaFileError(f"{name}: question {question['code']} needs two or more distinct options")
        if max(o["points"] for o in question["options"]) <= 0:
            raise CriteriaFileError(f"{name}: question {question['code']} has no option worth points")
    levels = sorted(document["levels"], key=lambda row: row["level"])
    if not levels or levels[0]["level"] != 0 or levels[0]["min_score"] != 0:
        raise CriteriaFileError(f"{name}: level 0 must start at score 0")
    scores = [row["min_score"] for row in levels]
    if scores != sorted(scores) or len(set(scores)) != len(scores):
        raise CriteriaFileError(f"{name}: level thresholds must increase with the level")


def load_document(models: dict, document: dict) -> None:
    CriteriaSet, Pillar, Question, Option, LevelThreshold = (
        models[n] for n in ("CriteriaSet", "Pillar", "Question", "Option", "LevelThreshold")
    )
    criteria_set, _ = CriteriaSet.objects.update_or_create(
        code=document["code"],
        defaults={
            "kind": document.get("kind", "basic"),
            "name_vi": document["name_vi"],
            "name_en": document.get("name_en", ""),
            "description_vi": document.get("description_vi", ""),
            "description_en": document.get("description_en", ""),
            "sector_sections": document.get("sector_sections", []),
            "edition": document.get("edition", ""),
            "position": document.get("position", 0),
        },
    )
    pillars = {}
    for position, row in enumerate(document["pillars"]):
        pillars[row["code"]], _ = Pillar.objects.update_or_create(
            criteria_set=criteria_set,
            code=row["code"],
            defaults={
                "weight": row.get("weight", 1),
                "phase": row.get("phase", 2),
                "actions": row.get("actions", []),
                "position": position,
            },
        )
    Pillar.objects.filter(criteria_set=criteria_set).exclude(code__in=pillars).delete()
    question_codes = []
    for position, row in enumerate(document["questions"]):
        question, _ = Question.objects.update_or_create(
            criteria_set=criteria_set,
            code=row["code"],
            defaults={
                "pillar": pillars[row["pillar"]],
                "text_vi": row["text_vi"],
                "text_en": row.get("text_en", ""),
                "help_vi": row.get("help_vi", ""),
                "help_en": row.get("help_en", ""),
                "position": position,
            },
        )
        question_codes.append(row["code"])
        option_codes = []
        for option_position, option in enumerate(row["options"]):
            Option.objects.update_or_create(
                question=question,
                code=option["code"],
                defaults={
                    "text_vi": option["text_vi"],
                    "text_en": option.get("text_en", ""),
                    "points": option["points"],
                    "position": option_position,
                },
            )
            option_codes.append(option["code"])
        Option.objects.filter(question=question).exclude(code__in=option_codes).delete()
    Question.objects.filter(criteria_set=criteria_set).exclude(code__in=question_codes).delete()
    levels = []
    for row in document["levels"]:
        LevelThreshold.objects.update_or_create(
            criteria_set=criteria_set, level=row["level"], defaults={"min_score": row["min_score"]}
        )
        levels.append(row["level"])
    LevelThreshold.objects.filter(criteria_set=criteria_set).exclude(level__in=levels).delete()


def load_all(models: dict, data_dir: Path | str | None = None) -> list[str]:
    pillar_codes = set(models["ExpertiseArea"].objects.values_list("code", flat=True))
    documents = read_files(data_dir)
    for document in documents:
        validate(document, pillar_codes)
    for document in documents:
        load_document(models, document)
    return [document["code"] for document in documents]

"""Basic capabilities every business needs (matching/data/foundations.json) and which an SME lacks.

Pure: reads the data file once and the SME's answers; no database.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .models import localised

DATA_FILE = Path(__file__).resolve().parent / "data" / "foundations.json"


@cache
def foundations() -> tuple[dict, ...]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return tuple(json.load(handle)["foundations"])


def by_code(code: str) -> dict | None:
    return next((f for f in foundations() if f["code"] == code), None)


def missing(answers: dict[str, str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """((code, categories), ...) of the foundations the answers show missing, by priority.

    A foundation is missing when any of its `missing_when` questions was answered with one of the
    listed options; questions the assessment did not ask say nothing.
    """
    found = []
    for foundation in foundations():
        if any(answers.get(question) in options for question, options in foundation["missing_when"].items()):
            found.append((foundation["code"], tuple(foundation["categories"])))
    return tuple(found)


def name(code: str) -> str:
    foundation = by_code(code)
    return localised(foundation, "name") if foundation else code


def why(code: str) -> str:
    foundation = by_code(code)
    return localised(foundation, "why") if foundation else ""

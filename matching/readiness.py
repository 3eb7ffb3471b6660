"""Readiness scoring on a frozen criteria-set snapshot (a plain dict), so results depend only on it.

pillar score  = 100 × points earned / points possible over the pillar's questions
overall score = mean of pillar scores weighted by the pillars' weights
level         = the highest level whose threshold is ≤ the overall score
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from marketplace.core import versions

Content = dict[str, Any]


def round1(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


content_checksum = versions.content_checksum  # one canonical form for every frozen content


def question_index(content: Content) -> dict[str, dict]:
    return {question["code"]: question for question in content["questions"]}


def questions_of_pillar(content: Content, pillar_code: str) -> list[dict]:
    return [q for q in content["questions"] if q["pillar"] == pillar_code]


def scored_pillars(content: Content) -> list[dict]:
    """Pillars that have at least one question (a pillar without questions cannot be scored)."""
    used = {q["pillar"] for q in content["questions"]}
    return [p for p in content["pillars"] if p["code"] in used]


def unanswered(content: Content, answers: dict[str, str]) -> list[str]:
    return [q["code"] for q in content["questions"] if q["code"] not in answers]


def pillar_scores(content: Content, answers: dict[str, str]) -> dict[str, Decimal]:
    earned: dict[str, int] = {}
    possible: dict[str, int] = {}
    for question in content["questions"]:
        points = {o["code"]: o["points"] for o in question["options"]}
        pillar = question["pillar"]
        possible[pillar] = possible.get(pillar, 0) + max(points.values())
        earned[pillar] = earned.get(pillar, 0) + points.get(answers.get(question["code"], ""), 0)
    return {
        pillar["code"]: round1(100 * earned[pillar["code"]] / possible[pillar["code"]])
        for pillar in scored_pillars(content)
        if possible.get(pillar["code"])
    }


def overall_score(content: Content, scores: dict[str, Decimal]) -> Decimal:
    weights = {p["code"]: Decimal(str(p["weight"])) for p in scored_pillars(content)}
    total = sum(weights[code] for code in scores)
    if not total:
        return round1(sum(scores.values()) / len(scores)) if scores else Decimal("0.0")
    return round1(sum(scores[code] * weights[code] for code in scores) / total)


def level_for(content: Content, score: Decimal | float) -> int:
    level = 0
    for row in sorted(content["levels"], key=lambda r: r["min_score"]):
        if Decimal(str(score)) >= Decimal(str(row["min_score"])):
            level = row["level"]
    return level


def pillar_progress(content: Content, answers: dict[str, str]) -> list[dict]:
    """Per pillar: how many of its questions are answered (for the progress bar and the pager)."""
    rows = []
    for pillar in scored_pillars(content):
        questions = questions_of_pillar(content, pillar["code"])
        done = sum(1 for q in questions if q["code"] in answers)
        rows.append({"code": pillar["code"], "answered": done, "total": len(questions)})
    return rows


def action_fits(action: dict, facts: dict | None) -> bool:
    """An action may say `"when": {"sites": "one"|"several", "online": true|false, "size": [...]}`;
    it fits only when every fact it names is known and agrees (unknown facts fall through to the
    unconditioned action listed with the same bound)."""
    when = action.get("when") or {}
    facts = facts or {}
    for key, wanted in when.items():
        value = facts.get(key)
        if value is None:
            return False
        if isinstance(wanted, list) and value not in wanted:
            return False
        if not isinstance(wanted, list) and value != wanted:
            return False
    return True


def roadmap_action(pillar: dict, score: Decimal | float, facts: dict | None = None) -> dict | None:
    """The pillar's first action whose `below` bound is above the score and whose conditions fit the
    SME's facts (one site or several, selling online or not, size); conditioned actions come first."""
    actions = sorted(pillar.get("actions", []), key=lambda a: (a["below"], not a.get("when")))
    for action in actions:
        if float(score) < action["below"] and action_fits(action, facts):
            return action
    return None

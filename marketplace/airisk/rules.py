"""The questionnaire's rules as pure functions over a frozen content (no database, no request).

`content` is the questionnaire document (data/questionnaire.json, frozen in a `QuestionnaireVersion`);
`answers` maps a question code to an option code (single choice) or a list of option codes (multiple
choice). `evaluate` gives the provisional class, the reasons (each rule that matched, with the answers
that led to it and its source) and the obligations that follow. The highest class any rule reaches
wins; when no rule matches the class is the content's `default_class`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marketplace.core import versions

DATA_FILE = Path(__file__).resolve().parent / "data" / "questionnaire.json"

Content = dict[str, Any]
Answers = dict[str, Any]


class QuestionnaireFileError(ValueError):
    pass


def read_file(path: Path | str | None = None) -> Content:
    with Path(path or DATA_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)


content_checksum = versions.content_checksum  # one canonical form for every frozen content


def question_index(content: Content) -> dict[str, dict]:
    return {question["code"]: question for question in content["questions"]}


def class_rank(content: Content) -> dict[str, int]:
    return {row["code"]: row["rank"] for row in content["classes"]}


def _check_conditions(name: str, conditions: list, questions: dict[str, dict]) -> None:
    for condition in conditions:
        question = questions.get(condition.get("question"))
        if question is None:
            raise QuestionnaireFileError(f"{name}: unknown question {condition.get('question')!r}")
        options = {o["code"] for o in question["options"]}
        unknown = set(condition.get("any_of", [])) - options
        if not condition.get("any_of") or unknown:
            raise QuestionnaireFileError(f"{name}: options {sorted(unknown)} not in {question['code']}")


def validate(content: Content) -> None:
    """Refuse a document the rules cannot run on (checked by the loader and the tests)."""
    questions = question_index(content)
    if len(questions) != len(content["questions"]):
        raise QuestionnaireFileError("a question code is repeated")
    ranks = class_rank(content)
    if content.get("default_class") not in ranks:
        raise QuestionnaireFileError("default_class is not a declared class")
    stepped = [code for step in content["steps"] for code in step["questions"]]
    if sorted(stepped) != sorted(questions):
        raise QuestionnaireFileError("every question must appear in exactly one step")
    for question in content["questions"]:
        codes = [o["code"] for o in question["options"]]
        if question.get("kind") not in ("single", "multi"):
            raise QuestionnaireFileError(f"{question['code']}: kind must be single or multi")
        if len(codes) < 2 or len(set(codes)) != len(codes):
            raise QuestionnaireFileError(f"{question['code']}: needs two or more distinct options")
        if question.get("exclusive") and question["exclusive"] not in codes:
            raise QuestionnaireFileError(f"{question['code']}: exclusive option is not an option")
    for kind in ("rules", "obligations"):
        seen = set()
        for row in content[kind]:
            if row["code"] in seen:
                raise QuestionnaireFileError(f"{kind}: code {row['code']} is repeated")
            seen.add(row["code"])
            if not row.get("source"):
                raise QuestionnaireFileError(f"{kind} {row['code']}: every row names its source")
            _check_conditions(f"{kind} {row['code']}", row.get("when", []), questions)
            classes = [row["class"]] if kind == "rules" else row["classes"]
            if not classes or set(classes) - set(ranks):
                raise QuestionnaireFileError(f"{kind} {row['code']}: unknown class")


class AnswerError(ValueError):
    """Answers that do not fit the questionnaire: `fields` maps a question code to a message key."""

    def __init__(self, fields: dict[str, str]):
        self.fields = fields
        super().__init__(fields)


def clean_answers(content: Content, answers: Any) -> Answers:
    """Answers reduced to known questions and options, in the questionnaire's shapes.

    A multiple-choice answer is a list (duplicates dropped, kept in the options' order); its
    `exclusive` option ("none of these") cannot be combined with another. Raises `AnswerError`."""
    if not isinstance(answers, dict):
        raise AnswerError({"answers": "not_a_mapping"})
    questions = question_index(content)
    errors: dict[str, str] = {}
    clean: Answers = {}
    for code, value in answers.items():
        question = questions.get(code)
        if question is None:
            errors[str(code)] = "unknown_question"
            continue
        options = [o["code"] for o in question["options"]]
        if question["kind"] == "single":
            if not isinstance(value, str) or value not in options:
                errors[code] = "unknown_option"
            else:
                clean[code] = value
            continue
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            errors[code] = "choose_one_or_more"
            continue
        if set(value) - set(options):
            errors[code] = "unknown_option"
            continue
        chosen = [option for option in options if option in value]
        exclusive = question.get("exclusive")
        if exclusive in chosen and len(chosen) > 1:
            errors[code] = "exclusive_combined"
            continue
        clean[code] = chosen
    if errors:
        raise AnswerError(errors)
    return clean


def unanswered(content: Content, answers: Answers) -> list[str]:
    return [q["code"] for q in content["questions"] if not answers.get(q["code"])]


def _chosen(answers: Answers, code: str) -> set[str]:
    value = answers.get(code)
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


def _matches(conditions: list, answers: Answers) -> list[dict]:
    """The answers that satisfy every condition ([] when one fails)."""
    evidence = []
    for condition in conditions:
        hit = sorted(_chosen(answers, condition["question"]) & set(condition["any_of"]))
        if not hit:
            return []
        evidence.append({"question": condition["question"], "options": hit})
    return evidence


@dataclass
class Outcome:
    risk_class: str
    reasons: list[dict] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    obligations: list[dict] = field(default_factory=list)


def evaluate(content: Content, answers: Answers) -> Outcome:
    """The provisional class with its reasons and obligations (answers must be complete and clean)."""
    ranks = class_rank(content)
    matched = []
    for rule in content["rules"]:
        evidence = _matches(rule["when"], answers)
        if evidence:
            matched.append((rule, evidence))
    if matched:
        risk_class = max((rule["class"] for rule, _e in matched), key=ranks.__getitem__)
    else:
        risk_class = content["default_class"]
    # the reasons that decided the class first, then the others (they still explain obligations)
    matched.sort(key=lambda pair: -ranks[pair[0]["class"]])
    reasons = [
        {
            "rule": rule["code"],
            "class": rule["class"],
            "decisive": rule["class"] == risk_class,
            "text_vi": rule["reason_vi"],
            "text_en": rule["reason_en"],
            "answers": evidence,
            "article": rule.get("article", ""),
            "source": rule["source"],
        }
        for rule, evidence in matched
    ]
    if not reasons:
        default = content["default_reason"]
        reasons = [
            {
                "rule": "default",
                "class": risk_class,
                "decisive": True,
                "text_vi": default["reason_vi"],
                "text_en": default["reason_en"],
                "answers": [],
                "article": "",
                "source": "",
            }
        ]
    flags = sorted({rule["flag"] for rule, _e in matched if rule.get("flag")})
    obligations = [
        {
            "code": row["code"],
            "text_vi": row["text_vi"],
            "text_en": row["text_en"],
            "article": row.get("article", ""),
            "source": row["source"],
            "done": False,
        }
        for row in content["obligations"]
        if risk_class in row["classes"] and (not row.get("when") or _matches(row["when"], answers))
    ]
    return Outcome(risk_class=risk_class, reasons=reasons, flags=flags, obligations=obligations)


def option_label(content: Content, question_code: str, option_code: str, lang: str = "vi") -> str:
    question = question_index(content).get(question_code) or {}
    for option in question.get("options", []):
        if option["code"] == option_code:
            return option.get(f"text_{lang}") or option["text_vi"]
    return option_code

"""The questionnaire's rules on the data file: each path to each class, answers cleaning, the file's shape."""

import copy

import pytest

from marketplace.airisk import rules
from tests.airisk.factories import CHATBOT, LOW

CONTENT = rules.read_file()


def answers(**changes):
    return {**LOW, **changes}


def test_the_data_file_is_valid_and_names_a_source_for_every_rule_and_obligation():
    rules.validate(CONTENT)
    assert all(row["source"] for row in CONTENT["rules"] + CONTENT["obligations"])
    assert CONTENT["verification"]["status"] == "unverified"
    assert CONTENT["law"]["number"] == "134/2025/QH15"


def test_no_rule_matched_gives_low_risk_with_the_default_reason():
    outcome = rules.evaluate(CONTENT, LOW)
    assert outcome.risk_class == "low"
    assert [r["rule"] for r in outcome.reasons] == ["default"]
    assert {o["code"] for o in outcome.obligations} == {"self-classify", "ask-most"}


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"decisions": ["credit"]}, "high-decisions"),
        ({"decisions": ["employment", "education"]}, "high-decisions"),
        ({"decisions": ["health"]}, "high-decisions"),
        ({"decisions": ["essential_services"]}, "high-decisions"),
        ({"decisions": ["safety"]}, "high-decisions"),
        ({"purpose": "biometric"}, "high-biometric"),
        ({"purpose": "scoring"}, "high-scoring"),
        ({"purpose": "control"}, "high-control"),
        ({"sector": "health", "oversight": "automatic"}, "high-critical-sector-automatic"),
        ({"sector": "finance", "oversight": "automatic"}, "high-critical-sector-automatic"),
        ({"sector": "infrastructure", "oversight": "automatic"}, "high-critical-sector-automatic"),
        ({"manipulation": "yes"}, "high-prohibited"),
    ],
)
def test_each_path_to_high_risk(changes, rule):
    outcome = rules.evaluate(CONTENT, answers(**changes))
    assert outcome.risk_class == "high"
    decisive = [r["rule"] for r in outcome.reasons if r["decisive"]]
    assert rule in decisive
    codes = {o["code"] for o in outcome.obligations}
    assert {"conformity-assessment", "technical-documentation", "operation-logs", "human-oversight"} <= codes
    assert "notify-portal" in codes


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"discloses_ai": "told"}, "medium-conversation"),
        ({"discloses_ai": "not_told"}, "medium-conversation"),
        ({"purpose": "chatbot"}, "medium-chatbot"),
        ({"generated_content": ["images"]}, "medium-synthetic-media"),
        ({"generated_content": ["audio"]}, "medium-synthetic-media"),
        ({"generated_content": ["video", "text"]}, "medium-synthetic-media"),
        ({"generated_content": ["text"], "users": "public"}, "medium-public-text"),
        ({"personal_data": "sensitive"}, "medium-sensitive-data"),
        ({"users": "vulnerable"}, "medium-vulnerable"),
    ],
)
def test_each_path_to_medium_risk(changes, rule):
    outcome = rules.evaluate(CONTENT, answers(**changes))
    assert outcome.risk_class == "medium"
    assert rule in [r["rule"] for r in outcome.reasons if r["decisive"]]
    codes = {o["code"] for o in outcome.obligations}
    assert "notify-portal" in codes
    assert "conformity-assessment" not in codes


@pytest.mark.parametrize(
    "changes",
    [
        {"sector": "health"},  # a critical sector with a person checking each output
        {"oversight": "automatic"},  # automatic outside a critical sector
        {"generated_content": ["text"], "users": "business"},  # text for business customers
        {"personal_data": "basic"},
        {"users": "public"},
    ],
)
def test_answers_near_a_rule_but_outside_it_stay_low(changes):
    assert rules.evaluate(CONTENT, answers(**changes)).risk_class == "low"


def test_a_customer_chatbot_is_medium_with_its_reasons_and_the_portal_notification():
    outcome = rules.evaluate(CONTENT, CHATBOT)
    assert outcome.risk_class == "medium"
    reasons = {r["rule"]: r for r in outcome.reasons}
    assert set(reasons) == {"medium-conversation", "medium-chatbot", "medium-public-text"}
    assert reasons["medium-chatbot"]["answers"] == [{"question": "purpose", "options": ["chatbot"]}]
    codes = [o["code"] for o in outcome.obligations]
    assert codes == ["self-classify", "ask-most", "notify-portal", "may-be-reassessed", "tell-people-ai"]
    assert all(o["done"] is False for o in outcome.obligations)


def test_the_highest_class_wins_and_lower_reasons_are_kept_but_not_decisive():
    outcome = rules.evaluate(CONTENT, {**CHATBOT, "decisions": ["credit"]})
    assert outcome.risk_class == "high"
    assert outcome.reasons[0]["rule"] == "high-decisions"
    assert {r["rule"] for r in outcome.reasons if not r["decisive"]} == {
        "medium-conversation",
        "medium-chatbot",
        "medium-public-text",
    }


def test_a_prohibited_practice_is_flagged_and_told_not_to_deploy():
    outcome = rules.evaluate(CONTENT, answers(manipulation="yes"))
    assert outcome.flags == ["prohibited"]
    assert "do-not-deploy" in {o["code"] for o in outcome.obligations}


def test_generated_media_must_be_labelled_whatever_the_class():
    outcome = rules.evaluate(CONTENT, answers(generated_content=["images"], decisions=["credit"]))
    assert "label-content" in {o["code"] for o in outcome.obligations}


@pytest.mark.parametrize(
    ("raw", "field", "key"),
    [
        ({"nope": "x"}, "nope", "unknown_question"),
        ({"purpose": "teleport"}, "purpose", "unknown_option"),
        ({"purpose": ["chatbot"]}, "purpose", "unknown_option"),
        ({"purpose": 3}, "purpose", "unknown_option"),
        ({"decisions": []}, "decisions", "choose_one_or_more"),
        ({"decisions": [1]}, "decisions", "choose_one_or_more"),
        ({"decisions": {"a": 1}}, "decisions", "choose_one_or_more"),
        ({"decisions": ["credit", "moon"]}, "decisions", "unknown_option"),
        ({"decisions": ["none", "credit"]}, "decisions", "exclusive_combined"),
    ],
)
def test_answers_that_do_not_fit_are_refused_with_the_question_named(raw, field, key):
    with pytest.raises(rules.AnswerError) as error:
        rules.clean_answers(CONTENT, raw)
    assert error.value.fields == {field: key}


def test_multiple_choices_are_kept_once_in_the_options_order():
    clean = rules.clean_answers(
        CONTENT, {"decisions": ["safety", "credit", "credit"], "generated_content": "text"}
    )
    assert clean == {"decisions": ["credit", "safety"], "generated_content": ["text"]}


def test_unanswered_lists_the_questions_left():
    assert rules.unanswered(CONTENT, {"purpose": "chatbot"}) == [
        q["code"] for q in CONTENT["questions"] if q["code"] != "purpose"
    ]


@pytest.mark.parametrize(
    "break_it",
    [
        lambda c: c["rules"].append({**c["rules"][0]}),  # a repeated rule code
        lambda c: c["rules"][0].update(source=""),  # a rule without its source
        lambda c: c["rules"][0]["when"][0].update(any_of=["moon"]),  # an option that does not exist
        lambda c: c["obligations"][0].update(classes=["extreme"]),  # an unknown class
        lambda c: c["steps"][0]["questions"].pop(),  # a question in no step
        lambda c: c.update(default_class="none"),
    ],
)
def test_a_broken_questionnaire_is_refused(break_it):
    content = copy.deepcopy(CONTENT)
    break_it(content)
    with pytest.raises(rules.QuestionnaireFileError):
        rules.validate(content)

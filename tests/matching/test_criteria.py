import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marketplace.taxonomy.models import ExpertiseArea
from matching import readiness, selectors, services
from matching.models import CriteriaSet, CriteriaSetVersion, Option, Question

pytestmark = pytest.mark.django_db


def test_migration_loads_basic_and_five_sector_sets():
    codes = set(CriteriaSet.objects.values_list("code", flat=True))
    assert {"basic", "manufacturing", "agriculture", "commerce", "logistics", "tourism"} <= codes


def test_basic_set_has_about_thirty_questions_over_seven_pillars_including_green():
    basic = CriteriaSet.objects.get(code="basic")
    assert 28 <= basic.questions.count() <= 32
    assert set(basic.pillars.values_list("code", flat=True)) == {
        "strategy",
        "customer",
        "operations",
        "infrastructure",
        "data",
        "culture",
        "green",
    }


def test_sector_sets_have_eight_to_twelve_questions_and_a_vsic_section():
    for criteria_set in CriteriaSet.objects.filter(kind=CriteriaSet.SECTOR):
        assert 8 <= criteria_set.questions.count() <= 12, criteria_set.code
        assert criteria_set.sector_sections, criteria_set.code


def test_every_pillar_code_is_a_taxonomy_expertise_area():
    areas = set(ExpertiseArea.objects.values_list("code", flat=True))
    for criteria_set in CriteriaSet.objects.all():
        assert set(criteria_set.pillars.values_list("code", flat=True)) <= areas


def test_every_question_and_option_has_vietnamese_and_english_text():
    assert not Question.objects.filter(text_vi="").exists()
    assert not Question.objects.filter(text_en="").exists()
    assert not Option.objects.filter(text_en="").exists()


def test_load_criteria_is_idempotent():
    before = Question.objects.count(), Option.objects.count()
    call_command("load_criteria")
    assert (Question.objects.count(), Option.objects.count()) == before


def test_load_criteria_refuses_an_unknown_pillar(tmp_path):
    document = {
        "code": "broken",
        "name_vi": "Hỏng",
        "levels": [{"level": 0, "min_score": 0}],
        "pillars": [{"code": "astrology"}],
        "questions": [
            {
                "code": "q",
                "pillar": "astrology",
                "text_vi": "?",
                "options": [
                    {"code": "a", "points": 0, "text_vi": "a"},
                    {"code": "b", "points": 1, "text_vi": "b"},
                ],
            }
        ],
    }
    (tmp_path / "broken.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="astrology"):
        call_command("load_criteria", data_dir=str(tmp_path))
    assert not CriteriaSet.objects.filter(code="broken").exists()


def test_version_is_reused_while_the_set_is_unchanged():
    basic = CriteriaSet.objects.get(code="basic")
    first = services.criteria_version_current(criteria_set=basic)
    assert services.criteria_version_current(criteria_set=basic) == first


def test_editing_the_set_creates_a_new_version_and_keeps_the_old_one_intact():
    basic = CriteriaSet.objects.get(code="basic")
    first = services.criteria_version_current(criteria_set=basic)
    frozen = json.dumps(first.content, sort_keys=True)
    question = basic.questions.get(code="operations-invoices")
    question.text_vi = "Doanh nghiệp lập hóa đơn ra sao?"
    question.save()
    second = services.criteria_version_current(criteria_set=basic)
    assert second.number == first.number + 1
    first.refresh_from_db()
    assert json.dumps(first.content, sort_keys=True) == frozen
    assert CriteriaSetVersion.objects.filter(criteria_set=basic).count() == 2


def test_level_comes_from_the_thresholds():
    content = selectors.criteria_set_content(criteria_set=CriteriaSet.objects.get(code="basic"))
    assert readiness.level_for(content, Decimal("0")) == 0
    assert readiness.level_for(content, Decimal("9.9")) == 0
    assert readiness.level_for(content, Decimal("10")) == 1
    assert readiness.level_for(content, Decimal("50")) == 3
    assert readiness.level_for(content, Decimal("100")) == 5


def test_overall_is_the_weighted_mean_of_pillars():
    content = {
        "pillars": [{"code": "a", "weight": 3}, {"code": "b", "weight": 1}],
        "questions": [
            {
                "code": "qa",
                "pillar": "a",
                "options": [{"code": "x", "points": 0}, {"code": "y", "points": 4}],
            },
            {
                "code": "qb",
                "pillar": "b",
                "options": [{"code": "x", "points": 0}, {"code": "y", "points": 2}],
            },
        ],
        "levels": [{"level": 0, "min_score": 0}],
    }
    scores = readiness.pillar_scores(content, {"qa": "y", "qb": "x"})
    assert scores == {"a": Decimal("100.0"), "b": Decimal("0.0")}
    assert readiness.overall_score(content, scores) == Decimal("75.0")

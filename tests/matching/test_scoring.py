"""Hand-made cases whose right order a person can see. Pure scoring: no database."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from matching import scoring
from matching.scoring import ConsultantCandidate, SmeProfile, SolutionCandidate

NOW = datetime(2026, 3, 2, 8, tzinfo=UTC)
SOON = NOW + timedelta(days=1)


def logistics_sme(level=1, weakest=("operations", "data", "customer"), size="small"):
    return SmeProfile(
        enterprise_id=1,
        section="H",
        division="52",
        ward_code="26041",
        province_code="75",
        size_class=size,
        level=level,
        weakest=weakest,
    )


def consultant(id, **kw):
    base = {
        "name": f"c{id}",
        "sections": frozenset(),
        "divisions": frozenset(),
        "pillars": frozenset({"operations"}),
        "cost": 8_000_000,
        "online": True,
        "free_hours": 64,
        "earliest_slot": SOON,
    }
    base.update(kw)
    return ConsultantCandidate(id=id, **base)


def ids(ranked):
    return [s.candidate.id for s in ranked]


def test_a_logistics_sme_gets_the_logistics_consultant_and_never_the_tourism_one():
    logistics = consultant(1, sections=frozenset({"H"}), divisions=frozenset({"52"}))
    tourism = consultant(2, sections=frozenset({"I"}), divisions=frozenset({"55"}))
    generalist = consultant(3)
    assert ids(scoring.rank_consultants(logistics_sme(), [tourism, generalist, logistics], now=NOW)) == [1, 3]


def test_track_record_at_the_sme_level_ranks_higher():
    seasoned = consultant(1, sections=frozenset({"H"}), engagements_by_level={1: 4})
    newcomer = consultant(2, sections=frozenset({"H"}), engagements_by_level={4: 4})
    assert ids(scoring.rank_consultants(logistics_sme(level=1), [newcomer, seasoned], now=NOW)) == [1, 2]


def test_covering_the_weakest_pillar_beats_covering_a_strong_one():
    weak_area = consultant(1, pillars=frozenset({"operations"}))
    strong_area = consultant(2, pillars=frozenset({"green"}))
    assert ids(scoring.rank_consultants(logistics_sme(), [strong_area, weak_area], now=NOW)) == [1, 2]


def test_a_consultant_in_the_same_ward_beats_an_online_only_one():
    local = consultant(1, ward_codes=frozenset({"26041"}), online=False)
    remote = consultant(2, online=True)
    assert ids(scoring.rank_consultants(logistics_sme(), [remote, local], now=NOW)) == [1, 2]


def test_an_affordable_consultant_beats_an_expensive_one_for_a_micro_business():
    cheap = consultant(1, cost=4_000_000)
    dear = consultant(2, cost=400_000_000)
    assert ids(scoring.rank_consultants(logistics_sme(size="micro"), [dear, cheap], now=NOW)) == [1, 2]


def test_a_consultant_free_tomorrow_beats_one_free_in_three_weeks():
    soon = consultant(1, earliest_slot=NOW + timedelta(days=1))
    later = consultant(2, earliest_slot=NOW + timedelta(days=21))
    assert ids(scoring.rank_consultants(logistics_sme(), [later, soon], now=NOW)) == [1, 2]


def test_a_consultant_at_capacity_is_not_recommended():
    full = consultant(1, sections=frozenset({"H"}), free_hours=16, load=2)
    assert scoring.capacity(full) == 2
    assert ids(scoring.rank_consultants(logistics_sme(), [full, consultant(2)], now=NOW)) == [2]


def test_a_dismissed_consultant_is_left_out():
    assert ids(
        scoring.rank_consultants(logistics_sme(), [consultant(1), consultant(2)], now=NOW, dismissed={1})
    ) == [2]


def solution(id, **kw):
    base = {
        "name": f"s{id}",
        "category": "e-invoice",
        "pillars": frozenset({"operations", "data"}),
        "cost": 1_200_000,
    }
    base.update(kw)
    return SolutionCandidate(id=id, **base)


def test_a_solution_whose_range_contains_the_level_ranks_before_one_a_level_above():
    beginner = solution(1, readiness_min=0, readiness_max=2)
    next_step = solution(2, readiness_min=3, readiness_max=5)
    ranked = scoring.rank_solutions(logistics_sme(level=2), [next_step, beginner])
    assert ids(ranked) == [1, 2]
    assert any(r.code == "readiness_fit.range" and r.effect == "-" for r in ranked[1].reasons)


def test_a_well_rated_solution_beats_an_unrated_twin():
    rated = solution(1, rating=4.8, rating_count=40)
    unrated = solution(2)
    assert ids(scoring.rank_solutions(logistics_sme(), [unrated, rated])) == [1, 2]


def test_every_recommendation_explains_itself_with_raised_reasons_first():
    sme = replace(logistics_sme(), budget=50_000_000)
    ranked = scoring.rank_consultants(sme, [consultant(1, cost=900_000_000, online=False)], now=NOW)
    reasons = ranked[0].reasons
    assert reasons, "a recommendation without reasons"
    effects = [r.effect for r in reasons]
    assert effects == sorted(effects, key={"+": 0, "i": 1, "-": 2}.get)
    assert {"budget_fit", "proximity.far"} <= {r.code for r in reasons if r.effect == "-"}


def test_weights_of_each_kind_sum_to_one():
    assert round(sum(scoring.CONSULTANT_WEIGHTS.values()), 6) == 1
    assert round(sum(scoring.SOLUTION_WEIGHTS.values()), 6) == 1


def test_without_an_assessment_readiness_and_gaps_are_neutral():
    profile = logistics_sme(level=None, weakest=())
    scored = scoring.score_consultant(profile, consultant(1), now=NOW)
    assert scored.features["readiness_fit"] == 0.5
    assert scored.features["gap_coverage"] == 0.5

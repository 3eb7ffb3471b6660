"""The rules an adviser would sign: hard constraints before scores, foundations first, honest budget
reasons and a label. Pure scoring: no database."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from django.utils import translation

from matching import foundations, scoring
from matching.reasons import Names, reason_text
from matching.scoring import ConsultantCandidate, SmeProfile, SolutionCandidate

NOW = datetime(2026, 3, 2, 8, tzinfo=UTC)


def retail_sme(**kw):
    base = {
        "enterprise_id": 1,
        "section": "G",
        "division": "47",
        "ward_code": "26041",
        "province_code": "75",
        "size_class": "small",
        "level": 2,
        "weakest": ("operations", "customer", "data"),
    }
    base.update(kw)
    return SmeProfile(**base)


def solution(id, **kw):
    base = {"name": f"s{id}", "category": "crm-sales", "pillars": frozenset({"customer"}), "cost": 6_000_000}
    base.update(kw)
    return SolutionCandidate(id=id, **base)


def ids(ranked):
    return [s.candidate.id for s in ranked]


# ---- hard constraints


def test_a_product_for_other_trades_is_never_recommended():
    barn = solution(1, sections=frozenset({"A", "H", "I"}), divisions=frozenset({"01", "49", "56"}))
    assert ids(scoring.rank_solutions(retail_sme(), [barn])) == []


def test_a_product_for_another_division_of_the_same_section_is_not_recommended():
    wholesale_only = solution(1, sections=frozenset({"G"}), divisions=frozenset({"46"}))
    assert ids(scoring.rank_solutions(retail_sme(), [wholesale_only])) == []


def test_a_product_for_the_whole_section_or_every_sector_is_recommended_and_says_so():
    whole = solution(1, sections=frozenset({"G"}), whole_sections=frozenset({"G"}))
    everyone = solution(2)
    ranked = scoring.rank_solutions(retail_sme(), [everyone, whole])
    assert ids(ranked) == [1, 2]
    assert any(r.code == "sector_fit.cross" for r in ranked[1].reasons)


def test_a_solution_two_levels_away_from_the_sme_is_not_recommended():
    advanced = solution(1, readiness_min=4, readiness_max=5)
    near = solution(2, readiness_min=3, readiness_max=5)
    assert ids(scoring.rank_solutions(retail_sme(level=2), [advanced, near])) == [2]


def test_a_consultant_of_another_section_is_never_recommended():
    farming = ConsultantCandidate(id=1, name="a", sections=frozenset({"A"}), divisions=frozenset({"01"}))
    trade = ConsultantCandidate(
        id=2, name="b", sections=frozenset({"G"}), divisions=frozenset({"46"}), free_hours=40
    )
    farming.free_hours = 40
    assert ids(scoring.rank_consultants(retail_sme(), [farming, trade], now=NOW)) == [2]


# ---- foundations first


def test_answers_showing_no_e_invoices_make_e_invoicing_a_missing_foundation():
    missing = dict(foundations.missing({"operations-invoices": "a", "operations-documents": "d"}))
    assert "e-invoice" in missing and "e-invoice" in missing["e-invoice"]
    assert "digital-signature" not in missing
    assert foundations.missing({"operations-invoices": "b"}) == ()


def test_a_missing_foundation_is_recommended_first_with_that_reason():
    sme = retail_sme(missing_foundations=foundations.missing({"operations-invoices": "a"}))
    crm = solution(1, rating=5.0, rating_count=100)
    invoice = solution(2, category="e-invoice", pillars=frozenset({"operations", "data"}), cost=990_000)
    invoice_twin = solution(
        3, category="e-invoice", pillars=frozenset({"operations", "data"}), cost=3_000_000
    )
    ranked = scoring.rank_solutions(sme, [crm, invoice_twin, invoice])
    assert ids(ranked)[0] == 2
    assert ranked[0].reasons[0].code == "foundation"
    assert ranked[0].foundation == "e-invoice"
    assert ranked[0].label in ("strong", "good")
    # one solution per missing foundation is promoted; the next provider of it follows, to compare
    assert ids(ranked) == [2, 3, 1]
    assert ranked[1].foundation == ""
    assert ranked[1].reasons[0].code == "foundation"


def test_a_provider_promoted_for_a_later_foundation_is_listed_once():
    # e-filing and "a sales or accounting tool" are both provided by accounting software: the second
    # accounting product is e-filing's peer *and* the best left for the next basic
    missing = foundations.missing({"operations-documents": "a", "operations-accounting": "a"})
    assert [code for code, _ in missing][:2] == ["digital-signature", "e-filing"]
    sme = retail_sme(missing_foundations=missing)
    books = [solution(i, category="accounting", pillars=frozenset({"operations"}), cost=c) for i, c in
             ((1, 1_000_000), (2, 2_000_000), (3, 3_000_000))]  # fmt: skip
    ranked = scoring.rank_solutions(sme, books)
    assert sorted(ids(ranked)) == [1, 2, 3]
    assert [s.foundation for s in ranked[:2]] == ["e-filing", "sales-accounting"]


def test_without_missing_foundations_the_order_is_by_score():
    crm = solution(1, rating=5.0, rating_count=100)
    invoice = solution(2, category="e-invoice", pillars=frozenset({"green"}))
    assert ids(scoring.rank_solutions(retail_sme(), [invoice, crm])) == [1, 2]


# ---- budget


def test_without_a_stated_budget_the_reason_says_no_budget_given():
    scored = scoring.score_solution(retail_sme(), solution(1, cost=12_000_000))
    reason = next(r for r in scored.reasons if r.code.startswith("budget_fit"))
    assert reason.code == "budget_fit.no_budget" and reason.effect == "i"
    with translation.override("en"):
        text = reason_text(reason.as_dict(), Names())
    assert "No budget given" in text and "your yearly budget" not in text.replace(
        "add your yearly budget", ""
    )


def test_a_stated_budget_is_used_with_the_decree_80_support():
    sme = retail_sme(size_class="medium", budget=10_000_000)
    scored = scoring.score_solution(sme, solution(1, cost=18_000_000))
    reason = next(r for r in scored.reasons if r.code == "budget_fit")
    # medium enterprises get up to 50 % (Decree 80), so 9 million is within a 10 million budget
    assert (
        reason.effect == "+" and reason.params["net"] == 9_000_000 and reason.params["support"] == 9_000_000
    )
    over = scoring.score_solution(replace(sme, budget=5_000_000), solution(1, cost=18_000_000))
    assert next(r for r in over.reasons if r.code == "budget_fit").effect == "-"


def test_a_free_product_is_not_called_about_zero_dong():
    scored = scoring.score_solution(retail_sme(), solution(1, cost=0))
    reason = next(r for r in scored.reasons if r.code.startswith("budget_fit"))
    assert reason.code == "budget_fit.free"
    with translation.override("vi"):
        assert "0 ₫" not in reason_text(reason.as_dict(), Names())


# ---- label and breakdown


def test_the_label_follows_the_score():
    assert scoring.match_label(82) == "strong"
    assert scoring.match_label(60) == "good"
    assert scoring.match_label(40) == "possible"
    assert scoring.match_label(40, foundation=True) == "good"


def test_the_breakdown_adds_up_to_the_score():
    scored = scoring.score_solution(retail_sme(), solution(1, sections=frozenset({"G"})))
    rows = scored.breakdown(scoring.SOLUTION_WEIGHTS)
    assert abs(sum(r["points"] for r in rows.values()) - scored.score) < 0.5


def test_the_ranking_counts_fitting_consultants_hidden_by_the_capacity_bound():
    def consultant(id, load):
        return ConsultantCandidate(
            id=id,
            name=str(id),
            sections=frozenset({"G"}),
            free_hours=16,
            load=load,
            earliest_slot=NOW + timedelta(days=1),
        )

    ranking = scoring.rank_consultants(
        retail_sme(), [consultant(1, 2), consultant(2, 0), consultant(3, 5)], now=NOW
    )
    assert ids(ranking) == [2]
    assert ranking.hidden_at_capacity == 2


# ---- roadmap conditioned on the SME's facts


def _commerce_infrastructure() -> dict:
    import json
    from pathlib import Path

    import matching

    path = Path(matching.__file__).parent / "data" / "criteria" / "commerce.json"
    content = json.loads(path.read_text(encoding="utf-8"))
    return next(p for p in content["pillars"] if p["code"] == "infrastructure")


def test_a_single_shop_is_never_told_to_bring_its_branches_onto_one_system():
    from matching.readiness import roadmap_action

    pillar = _commerce_infrastructure()
    one = roadmap_action(pillar, 80, {"sites": "one", "online": False, "size": "micro"})
    several = roadmap_action(pillar, 80, {"sites": "several", "online": True, "size": "small"})
    unknown = roadmap_action(pillar, 80, {"sites": None, "online": None, "size": "small"})
    assert "branches" not in one["text_en"]
    assert "branches" in several["text_en"]
    assert "branches" not in unknown["text_en"]


# ---- readiness and demo data coherence (issue 13, judged set)


def test_a_product_one_level_outside_the_sme_s_range_keeps_little_of_its_readiness_fit():
    # still eligible (READINESS_TOLERANCE), but an in-range product of the same trade comes first
    ahead = solution(
        1, divisions=frozenset({"47"}), sections=frozenset({"G"}), readiness_min=3, readiness_max=5
    )
    now = solution(
        2, divisions=frozenset({"47"}), sections=frozenset({"G"}), readiness_min=1, readiness_max=3
    )
    ranked = scoring.rank_solutions(retail_sme(level=2), [ahead, now])
    assert ids(ranked) == [2, 1]
    assert ranked[1].features["readiness_fit"] == 0.2


def _demo_products():
    from catalogue.demo import CATALOGUE

    return {p["name"]: p for _category, (_n, products) in CATALOGUE.items() for p in products}


def test_demo_till_and_counter_products_serve_shops_hotels_and_restaurants_not_wholesalers():
    products = _demo_products()
    for name in ("Bán Hàng Tại Quầy POS", "Hóa Đơn Nhanh 123", "Sông Nai AI Chatbot"):
        assert set(products[name]["sectors"]) == {"47", "55", "56"}, name
    for name in ("Chợ Phố Online", "Lan Tỏa Social", "Bán Hàng Trên Sàn Từ A Đến Z"):
        sectors = set(products[name]["sectors"])
        assert "47" in sectors and not sectors & {"G", "46"}, name


def test_demo_mes_fits_a_level_two_factory_and_machine_monitoring_does_not():
    products = _demo_products()
    assert products["Xưởng Số MES"]["readiness"][0] == 2
    assert products["Giám Sát Máy Móc OEE"]["readiness"][0] == 3


def test_a_product_made_for_another_activity_of_the_sme_s_division_is_not_recommended():
    # division 01 holds crops and livestock: a barn monitor (group 014) is not for a fruit farm (012)
    barn = solution(1, sections=frozenset({"A"}), groups=frozenset({"014"}))
    field = solution(2, sections=frozenset({"A"}), groups=frozenset({"011", "012", "013"}))
    fruit_farm = retail_sme(section="A", division="01", group="012")
    ranked = scoring.rank_solutions(fruit_farm, [barn, field])
    assert ids(ranked) == [2]
    assert ranked[0].features["sector_fit"] == 1.0
    assert ranked[0].reasons[0].params == {"sector": "012"}
    assert ids(scoring.rank_solutions(replace(fruit_farm, group="014"), [barn, field])) == [1]


def test_without_a_stated_activity_products_for_some_activities_stay_below_those_for_the_division():
    barn = solution(1, sections=frozenset({"A"}), groups=frozenset({"014"}))
    farm_book = solution(2, sections=frozenset({"A"}), divisions=frozenset({"01"}))
    ranked = scoring.rank_solutions(retail_sme(section="A", division="01"), [barn, farm_book])
    assert ids(ranked) == [2, 1]
    assert ranked[1].features["sector_fit"] == 0.7
    # a product naming groups only is not "for every sector", and not for other divisions
    assert not barn.cross_sector
    assert ids(scoring.rank_solutions(retail_sme(section="A", division="03"), [barn])) == []


def test_made_for_the_trade_counts_only_at_the_sme_s_readiness_level():
    oee = solution(
        1, divisions=frozenset({"14"}), sections=frozenset({"C"}), readiness_min=3, readiness_max=5
    )
    mes = solution(
        2, divisions=frozenset({"14"}), sections=frozenset({"C"}), readiness_min=2, readiness_max=4
    )
    garment = retail_sme(section="C", division="14", level=2)
    ranked = {s.candidate.id: s for s in scoring.rank_solutions(garment, [oee, mes])}
    assert ranked[2].features["trade"] == 1.0
    assert ranked[1].features["trade"] == 0.0
    hrm = solution(3, pillars=frozenset({"operations", "customer", "data"}))
    # the cross-sector tool covering every weak pillar does not pass the trade's in-range product
    assert ids(scoring.rank_solutions(garment, [hrm, mes, oee]))[0] == 2


def test_demo_farm_products_name_the_activities_they_are_made_for():
    products = _demo_products()
    assert set(products["Chuồng Trại Số"]["sectors"]) == {"014"}
    assert set(products["Cánh Đồng Thông Minh"]["sectors"]) == {"011", "012", "013"}
    assert set(products["Ao Nuôi Thông Minh"]["sectors"]) == {"032"}

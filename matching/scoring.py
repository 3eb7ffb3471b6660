"""Scoring of recommendation candidates: every feature, weight and constant lives HERE.

Recommendation is two steps, as an adviser would do it:

1. Hard constraints decide what may be recommended at all (`eligible_solution`,
   `eligible_consultant`): a candidate that lists specific sectors, none of them the SME's, is never
   recommended (one that lists none serves every sector and says so); a solution made for readiness
   levels two or more away from the SME's is not either; suspended or unpublished candidates never
   reach scoring (the public selectors leave them out).
2. Scores rank what is eligible: 100 × Σ weight × feature, each feature a number in [0, 1]:

| feature         | consultant                                              | solution                                    |
| --------------- | ------------------------------------------------------- | ------------------------------------------- |
| sector_fit      | serves the SME's activity or division (1), its whole    | same, but a solution that names divisions   |
|                 | section (0.8), a neighbouring division of its section   | must name the SME's (products are built for |
|                 | (0.7), every sector, i.e. lists none (0.4)              | a trade; know-how transfers within a section)|
|                 |                                                         | and one naming activities (VSIC groups) of  |
|                 |                                                         | its division the SME's, when it stated one; |
|                 |                                                         | activity not stated: 0.7                    |
| trade           | (not used)                                              | names the SME's division or activity and its|
|                 |                                                         | range holds the SME's level (1), else 0     |
| readiness_fit   | past engagements with clients at the SME's level:        | the solution's min–max range contains the   |
|                 | 3 or more = 1, fewer = 0.4 + 0.2 each; only at a         | SME's level (1); one level outside 0.2      |
|                 | neighbouring level = 0.4; none = 0.2                     |                                             |
| gap_coverage    | share of the SME's weakest pillars (weighted 3/2/1,      | same, through the category's pillars        |
|                 | weakest first) in the consultant's expertise             |                                             |
| budget_fit      | a typical engagement (hourly rate × hours) after the     | a year of the list price after the Decree 80|
|                 | Decree 80 consulting support, against the SME's stated   | solution support, against the same budget   |
|                 | yearly budget, or the typical budget of its size class   |                                             |
|                 | when it gave none (the reason then says so)              |                                             |
| proximity       | covers the SME's ward (1) or province (0.8); online      | cloud/SaaS (1); installed on site (0.7)     |
|                 | service (0.7); otherwise 0.1                             |                                             |
| rating          | Bayesian mean of reviews (prior 3.5★ worth 5 reviews)/5  | same                                        |
| impact          | measured readiness gain of the SMEs it served (T0→T1,    | same                                        |
|                 | `marketplace.impact`): 0.5 + mean level gain on the      |                                             |
|                 | pillars addressed / 2, clamped; 0.5 when too few measured |                                             |
| availability    | earliest free slot: within 3 days = 1, falling to 0 at   | (not used)                                  |
|                 | 28 days; no free time = 0                                |                                             |

Foundations first: the criteria data (matching/data/foundations.json) names the basic capabilities
every business needs; when the SME's answers show one missing, the best eligible solution for it
is put first, with that reason, and the next best provider of it (FOUNDATION_PEERS) right after, so
the SME can compare two, before the ranking by score.

Capacity is a bound, not a feature: a consultant is recommended to at most
free hours in the next CAPACITY_WEEKS weeks ÷ HOURS_PER_RECOMMENDATION enterprises at a time
(stored Recommendation rows within the visible ranks count as load), so one popular consultant
is not shown to every SME while others sit idle. The ranking reports how many it hid.

Reasons: each feature at or above RAISE_AT is a "+" reason, at or below LOWER_AT a "−" reason;
"i" reasons inform without judging (e.g. "no budget given"). Reasons are stored as codes with
parameters and rendered in the reader's language (reasons.py). A label (`match_label`) sums the
score up in words; the per-feature breakdown is stored with each recommendation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from marketplace.core.support import CONSULTING, SOLUTION, support_share

CONSULTANT_WEIGHTS: dict[str, float] = {
    "sector_fit": 0.30,
    "readiness_fit": 0.15,
    "gap_coverage": 0.20,
    "budget_fit": 0.10,
    "proximity": 0.10,
    "rating": 0.06,
    "impact": 0.04,
    "availability": 0.05,
}
SOLUTION_WEIGHTS: dict[str, float] = {
    "sector_fit": 0.30,
    "trade": 0.05,
    "readiness_fit": 0.20,
    "gap_coverage": 0.25,
    "budget_fit": 0.10,
    "proximity": 0.05,
    "rating": 0.03,
    "impact": 0.02,
}

RAISE_AT, LOWER_AT = 0.7, 0.3
WEAKEST_PILLARS = 3  # how many weak pillars gap coverage looks at
WEAKEST_WEIGHTS = (3, 2, 1)
RATING_PRIOR, RATING_PRIOR_WEIGHT = 3.5, 5
HOURS_PER_ENGAGEMENT = 16  # a typical first consulting engagement, to price a consultant
# What SMEs of a size class typically spend on DX in a year (VND, before support): a programme
# assumption used to rank by cost only when the SME stated no budget; reasons then say so.
TYPICAL_BUDGET = {"micro": 30_000_000, "small": 80_000_000, "medium": 200_000_000, "": 80_000_000}
READINESS_TOLERANCE = 1  # levels a solution's range may miss the SME's level by and stay eligible
CAPACITY_WEEKS = 4
HOURS_PER_RECOMMENDATION = 8  # free hours reserved per enterprise a consultant is recommended to
# after the promoted provider of each missing basic, up to this many other providers of it follow
# (best first), before the ranking by score: an SME choosing its first e-invoice service compares two
FOUNDATION_PEERS = 1
VISIBLE_RANKS = 5  # the recommendations an SME sees first; these count as load
AVAILABILITY_SOON_DAYS, AVAILABILITY_HORIZON_DAYS = 3, 28
# score → label: the words on the card; the breakdown by feature is one tap away
LABELS = ((70.0, "strong"), (55.0, "good"), (0.0, "possible"))
# yearly cost from a price by pricing model; None: the price says nothing about a year's cost
YEARLY_FACTOR = {
    "subscription_monthly": 12,
    "subscription_yearly": 1,
    "one_time_licence": 1,
    "use_first_pay_later": 1,
    "co_investment": 1,
    "free_tier": 1,
}


@dataclass(frozen=True)
class SmeProfile:
    enterprise_id: int
    section: str
    division: str
    ward_code: str
    province_code: str
    size_class: str
    level: int | None = None
    group: str = ""  # its main activity (a VSIC group of its division), "" when not given
    weakest: tuple[str, ...] = ()  # pillar codes, weakest first
    budget: int | None = None  # the SME's stated yearly DX budget (VND), None when not given
    # basic capabilities the answers show missing, by priority: ((code, (category, ...)), ...)
    missing_foundations: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass
class Candidate:
    id: int
    name: str
    sections: frozenset[str] = frozenset()  # listed sections and the sections of listed divisions
    divisions: frozenset[str] = frozenset()
    # VSIC groups listed (a group's code starts with its division's): made for some trades of a division
    groups: frozenset[str] = frozenset()
    # sections listed as a whole (every division); None: those of `sections` not implied by a division
    whole_sections: frozenset[str] | None = None
    pillars: frozenset[str] = frozenset()  # consultant expertise, or the solution category's pillars
    rating: float | None = None
    rating_count: int = 0
    cost: int | None = None  # VND before support (a year of a solution; a typical engagement)
    url: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def cross_sector(self) -> bool:
        return not self.sections and not self.divisions and not self.groups

    def serves_section_whole(self, section: str) -> bool:
        whole = (
            self.whole_sections
            if self.whole_sections is not None
            else (self.sections if not self.divisions and not self.groups else frozenset())
        )
        return section in whole


@dataclass
class ConsultantCandidate(Candidate):
    ward_codes: frozenset[str] = frozenset()
    province_codes: frozenset[str] = frozenset()
    online: bool = False
    engagements_by_level: dict[int, int] = field(default_factory=dict)
    free_hours: float = 0.0
    earliest_slot: datetime | None = None
    load: int = 0  # enterprises it is currently recommended to (visible ranks), other than this one


@dataclass
class SolutionCandidate(Candidate):
    category: str = ""
    readiness_min: int = 0
    readiness_max: int = 5
    cloud: bool = True


@dataclass(frozen=True)
class Reason:
    code: str  # feature name, or a feature name with a variant: "proximity.online"
    effect: str  # "+", "-", or "i" (information)
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def as_dict(self) -> dict:
        return {"code": self.code, "effect": self.effect, "params": self.params}


@dataclass
class Scored:
    candidate: Candidate
    score: float
    features: dict[str, float]
    reasons: list[Reason]
    foundation: str = ""  # the missing basic capability this recommendation provides, if promoted

    @property
    def label(self) -> str:
        return match_label(self.score, foundation=bool(self.foundation))

    def breakdown(self, weights: dict[str, float]) -> dict[str, dict[str, float]]:
        """Per feature: its value (0–1), weight and points contributed to the score."""
        total = sum(weights.values())
        return {
            name: {
                "value": self.features[name],
                "weight": weights[name],
                "points": round(100 * weights[name] * self.features[name] / total, 1),
            }
            for name in weights
        }


class Ranking(list):
    """Ranked `Scored` items, best first; `hidden_at_capacity` counts eligible consultants left out
    because they are fully booked (and would otherwise have been in the list)."""

    hidden_at_capacity: int = 0


def match_label(score: float, *, foundation: bool = False) -> str:
    """ "strong" / "good" / "possible". A foundation missing from the business is at least "good":
    it is recommended first because every business needs it, whatever its other features."""
    for threshold, label in LABELS:
        if score >= threshold:
            if foundation and label == "possible":
                return "good"
            return label
    return "possible"


# ---- hard constraints ---------------------------------------------------------------------------


def groups_in_division(c: Candidate, division: str) -> frozenset[str]:
    """The groups of `division` the candidate names (VSIC codes nest: group 014 is in division 01)."""
    return frozenset(code for code in c.groups if code[:2] == division) if division else frozenset()


def serves_activity(profile: SmeProfile, c: Candidate) -> bool:
    """False only when the candidate names activities of the SME's division and the SME stated another
    one: a barn monitor (livestock, 014) is not for a fruit farm (perennial crops, 012). Unknown
    activity: it may be, and sector fit ranks it below what is made for the whole division."""
    named = groups_in_division(c, profile.division)
    return not named or not profile.group or profile.group in named


def eligible_solution(profile: SmeProfile, c: SolutionCandidate) -> bool:
    """A product built for other trades or activities, or for readiness levels far from the SME's,
    is not shown."""
    if not c.cross_sector and not (
        profile.division in c.divisions
        or c.serves_section_whole(profile.section)
        or (groups_in_division(c, profile.division) and serves_activity(profile, c))
    ):
        return False
    if profile.level is not None:
        distance = max(c.readiness_min - profile.level, profile.level - c.readiness_max, 0)
        if distance > READINESS_TOLERANCE:
            return False
    return True


def eligible_consultant(profile: SmeProfile, c: ConsultantCandidate) -> bool:
    """A consultant who names sectors must name the SME's section (know-how transfers within it)."""
    return c.cross_sector or profile.section in c.sections or profile.division in c.divisions


# ---- features -----------------------------------------------------------------------------------


def sector_fit(profile: SmeProfile, c: Candidate) -> tuple[float, Reason | None]:
    if profile.group and profile.group in c.groups:
        return 1.0, Reason("sector_fit", "+", {"sector": profile.group})
    if profile.division and profile.division in c.divisions:
        return 1.0, Reason("sector_fit", "+", {"sector": profile.division})
    if groups_in_division(c, profile.division) and serves_activity(profile, c):
        # made for some activities of the SME's division; which one the SME does is not known
        return 0.7, Reason("sector_fit.section", "+", {"sector": profile.division})
    if profile.section and c.serves_section_whole(profile.section):
        return 0.8, Reason("sector_fit", "+", {"sector": profile.section})
    if profile.section and profile.section in c.sections:
        return 0.7, Reason("sector_fit.section", "+", {"sector": profile.section})
    if c.cross_sector:
        # made for every business: useful, but below what is made for the SME's own trade
        return 0.4, Reason("sector_fit.cross", "i")
    return 0.0, Reason("sector_fit", "-", {"sector": profile.section})


def trade(profile: SmeProfile, c: SolutionCandidate) -> tuple[float, Reason | None]:
    """Made for the SME's own trade *and* its readiness level: the product names its division (or its
    activity within it) and its range holds the SME's level. Sector fit already ranks a trade product
    above a cross-sector one; this small extra weight lifts it above the many alike cross-sector tools
    that cover the same weak pillars, but not when it is made for another level (machine monitoring
    for a factory that does not collect machine data yet). Its reason is sector fit's."""
    own = (profile.division and profile.division in c.divisions) or (
        profile.group and profile.group in c.groups
    )
    fits = profile.level is None or c.readiness_min <= profile.level <= c.readiness_max
    return (1.0 if own and fits else 0.0), None


def readiness_fit_consultant(profile: SmeProfile, c: ConsultantCandidate) -> tuple[float, Reason | None]:
    if profile.level is None:
        return 0.5, None
    here = c.engagements_by_level.get(profile.level, 0)
    if here >= 3:
        return 1.0, Reason("readiness_fit.track_record", "+", {"count": here, "level": profile.level})
    if here:
        value = 0.4 + 0.2 * here
        reason = Reason("readiness_fit.track_record", "+", {"count": here, "level": profile.level})
        return value, reason if value >= RAISE_AT else None
    near = c.engagements_by_level.get(profile.level - 1, 0) + c.engagements_by_level.get(profile.level + 1, 0)
    if near:
        return 0.4, None
    return 0.2, Reason("readiness_fit.track_record", "-", {"level": profile.level})


def readiness_fit_solution(profile: SmeProfile, c: SolutionCandidate) -> tuple[float, Reason | None]:
    if profile.level is None:
        return 0.5, None
    params = {"level": profile.level, "min": c.readiness_min, "max": c.readiness_max}
    if c.readiness_min <= profile.level <= c.readiness_max:
        return 1.0, Reason("readiness_fit.range", "+", params)
    distance = (
        c.readiness_min - profile.level
        if profile.level < c.readiness_min
        else profile.level - c.readiness_max
    )
    return max(0.0, 1.0 - 0.8 * distance), Reason("readiness_fit.range", "-", params)


def gap_coverage(profile: SmeProfile, c: Candidate) -> tuple[float, Reason | None]:
    weakest = profile.weakest[:WEAKEST_PILLARS]
    if not weakest:
        return 0.5, None
    weights = dict(zip(weakest, WEAKEST_WEIGHTS, strict=False))
    covered = [code for code in weakest if code in c.pillars]
    value = sum(weights[code] for code in covered) / sum(weights.values())
    if covered:
        return value, Reason("gap_coverage", "+", {"pillars": covered}) if value >= LOWER_AT else None
    return 0.0, Reason("gap_coverage", "-", {"pillars": list(weakest)})


def after_support(profile: SmeProfile, cost: int, kind: str) -> tuple[int, int]:
    """(support, what the SME pays) for `cost`, from the one support function (Decree 80)."""
    support = support_share(profile.size_class, kind).amount(cost)
    return support, cost - support


def budget_fit(profile: SmeProfile, c: Candidate, kind: str) -> tuple[float, Reason | None]:
    if c.cost is None:
        return 0.5, None
    if c.cost == 0:
        return 1.0, Reason("budget_fit.free", "+")
    support, net = after_support(profile, c.cost, kind)
    params = {"cost": c.cost, "net": net, "support": support, "kind": kind}
    if profile.budget is None:
        # ranked against what SMEs of this size typically spend, but never called "your budget"
        budget = TYPICAL_BUDGET.get(profile.size_class, TYPICAL_BUDGET[""])
        value = 1.0 if net <= budget else budget / net
        return value, Reason("budget_fit.no_budget", "i", params)
    params["budget"] = profile.budget
    if net <= profile.budget:
        return 1.0, Reason("budget_fit", "+", params)
    return (profile.budget / net if net else 0.0), Reason("budget_fit", "-", params)


def proximity_consultant(profile: SmeProfile, c: ConsultantCandidate) -> tuple[float, Reason | None]:
    if profile.ward_code and profile.ward_code in c.ward_codes:
        return 1.0, Reason("proximity.ward", "+")
    if profile.province_code and profile.province_code in c.province_codes:
        return 0.8, Reason("proximity.province", "+")
    if c.online:
        return 0.7, Reason("proximity.online", "+")
    return 0.1, Reason("proximity.far", "-")


def proximity_solution(profile: SmeProfile, c: SolutionCandidate) -> tuple[float, Reason | None]:
    return (1.0, Reason("proximity.cloud", "+")) if c.cloud else (0.7, None)


def rating(profile: SmeProfile, c: Candidate) -> tuple[float, Reason | None]:
    count = c.rating_count or 0
    mean = c.rating if c.rating is not None and count else RATING_PRIOR
    value = (mean * count + RATING_PRIOR * RATING_PRIOR_WEIGHT) / (count + RATING_PRIOR_WEIGHT) / 5
    if count and value >= 0.8:
        return value, Reason("rating", "+", {"rating": round(mean, 1), "count": count})
    if count and value <= 0.6:
        return value, Reason("rating", "-", {"rating": round(mean, 1), "count": count})
    return value, None


def impact(profile: SmeProfile, c: Candidate) -> tuple[float, Reason | None]:
    """Measured impact (issue 17): the readiness gain, in levels on the pillars addressed, of the SMEs
    this provider served and that re-assessed. The summary is kept by `marketplace.impact` and reaches
    the candidate through `candidates._add_provider_facts` (`extra["impact"]`); below the minimum
    number of SMEs measured it is "too few to say": neutral, no reason. A reason is given only when
    the whole interval is above (or below) zero, so chance alone never earns one."""
    facts = c.extra.get("impact") or {}
    if not facts.get("enough"):
        return 0.5, None
    change = float(facts["mean_addressed_level_change"])
    value = min(1.0, max(0.0, 0.5 + change / 2))
    params = {"n": facts["n"], "change": round(change, 1)}
    if float(facts["low"]) > 0:
        return value, Reason("impact", "+", params)
    if float(facts["high"]) < 0:
        return value, Reason("impact", "-", params)
    return value, None


def availability(profile: SmeProfile, c: ConsultantCandidate, now: datetime) -> tuple[float, Reason | None]:
    if c.earliest_slot is None:
        return 0.0, Reason("availability", "-", {"weeks": CAPACITY_WEEKS})
    days = max(0.0, (c.earliest_slot - now).total_seconds() / 86400)
    if days <= AVAILABILITY_SOON_DAYS:
        value = 1.0
    else:
        span = AVAILABILITY_HORIZON_DAYS - AVAILABILITY_SOON_DAYS
        value = max(0.0, 1.0 - (days - AVAILABILITY_SOON_DAYS) / span)
    if value >= RAISE_AT:
        return value, Reason("availability", "+", {"slot": c.earliest_slot.isoformat()})
    return value, None


# ---- ranking ------------------------------------------------------------------------------------


def capacity(c: ConsultantCandidate) -> int:
    """How many enterprises the consultant may be recommended to at a time."""
    return int(c.free_hours // HOURS_PER_RECOMMENDATION)


def has_capacity(c: ConsultantCandidate) -> bool:
    return c.load < capacity(c)


_EFFECT_ORDER = {"+": 0, "i": 1, "-": 2}


def _combine(weights: dict[str, float], values: dict[str, tuple[float, Reason | None]]) -> tuple[float, list]:
    total = sum(weights.values())
    score = 100 * sum(weights[name] * values[name][0] for name in weights) / total
    reasons = [reason for name in weights if (reason := values[name][1]) is not None]
    # strongest influence first: raised reasons by weight, then information, then lowered ones
    order = {name: -w for name, w in weights.items()}
    reasons.sort(key=lambda r: (_EFFECT_ORDER.get(r.effect, 1), order.get(r.code.split(".")[0], 0)))
    return round(score, 1), reasons


def score_consultant(profile: SmeProfile, c: ConsultantCandidate, *, now: datetime) -> Scored:
    values = {
        "sector_fit": sector_fit(profile, c),
        "readiness_fit": readiness_fit_consultant(profile, c),
        "gap_coverage": gap_coverage(profile, c),
        "budget_fit": budget_fit(profile, c, CONSULTING),
        "proximity": proximity_consultant(profile, c),
        "rating": rating(profile, c),
        "impact": impact(profile, c),
        "availability": availability(profile, c, now),
    }
    score, reasons = _combine(CONSULTANT_WEIGHTS, values)
    return Scored(c, score, {k: round(v[0], 3) for k, v in values.items()}, reasons)


def score_solution(profile: SmeProfile, c: SolutionCandidate) -> Scored:
    values = {
        "sector_fit": sector_fit(profile, c),
        "trade": trade(profile, c),
        "readiness_fit": readiness_fit_solution(profile, c),
        "gap_coverage": gap_coverage(profile, c),
        "budget_fit": budget_fit(profile, c, SOLUTION),
        "proximity": proximity_solution(profile, c),
        "rating": rating(profile, c),
        "impact": impact(profile, c),
    }
    score, reasons = _combine(SOLUTION_WEIGHTS, values)
    return Scored(c, score, {k: round(v[0], 3) for k, v in values.items()}, reasons)


def rank_consultants(
    profile: SmeProfile,
    candidates: list[ConsultantCandidate],
    *,
    now: datetime,
    dismissed: set[int] = frozenset(),
    limit: int = 10,
) -> Ranking:
    """Best first; ineligible and dismissed consultants and those at capacity are left out."""
    eligible = [c for c in candidates if c.id not in dismissed and eligible_consultant(profile, c)]
    scored = [score_consultant(profile, c, now=now) for c in eligible if has_capacity(c)]
    scored.sort(key=lambda s: (-s.score, s.candidate.load, s.candidate.id))
    ranking = Ranking(scored[:limit])
    if eligible:
        # how many fully booked consultants would have made the list: scored only for this count
        floor = ranking[-1].score if len(ranking) >= limit else -1.0
        ranking.hidden_at_capacity = sum(
            1 for c in eligible if not has_capacity(c) and score_consultant(profile, c, now=now).score > floor
        )
    return ranking


def rank_solutions(
    profile: SmeProfile,
    candidates: list[SolutionCandidate],
    *,
    dismissed: set[int] = frozenset(),
    limit: int = 10,
) -> Ranking:
    """Eligible solutions: for each missing foundation, its best solution first (in the foundations'
    order, with that reason); then the rest by score."""
    scored = [
        score_solution(profile, c)
        for c in candidates
        if c.id not in dismissed and eligible_solution(profile, c)
    ]
    scored.sort(key=lambda s: (-s.score, s.candidate.id))
    first: list[Scored] = []
    peers: list[Scored] = []  # the other providers of a missing basic, so the SME can compare
    for code, categories in profile.missing_foundations:
        reason = Reason("foundation", "+", {"foundation": code})
        providers = [s for s in scored if s.candidate.category in categories]
        for item in providers:
            if reason not in item.reasons:
                item.reasons.insert(0, reason)
        best = next((s for s in providers if not s.foundation), None)
        if best is not None:
            best.foundation = code
            first.append(best)
        others = [s for s in providers if not s.foundation and s not in peers]
        peers += others[:FOUNDATION_PEERS]
    peers = [s for s in peers if not s.foundation]  # promoted for a later basic in the meantime
    rest = [s for s in scored if not s.foundation and s not in peers]
    return Ranking((first + peers + rest)[:limit])

"""Scoring of recommendation candidates: every feature, weight and constant lives HERE.

A recommendation's score is 100 × Σ weight × feature, each feature a number in [0, 1]:

| feature         | consultant                                              | solution                                    |
| --------------- | ------------------------------------------------------- | ------------------------------------------- |
| sector_fit      | serves the SME's division (1) or section (0.8); serves   | same                                        |
|                 | every sector, i.e. lists none (0.4); otherwise 0         |                                             |
| readiness_fit   | past engagements with clients at the SME's level:        | the solution's min–max range contains the   |
|                 | 3 or more = 1, fewer = 0.4 + 0.2 each; only at a         | SME's level (1); −0.4 per level outside     |
|                 | neighbouring level = 0.4; none = 0.2                     |                                             |
| gap_coverage    | share of the SME's weakest pillars (weighted 3/2/1,      | same, through the category's pillars        |
|                 | weakest first) in the consultant's expertise             |                                             |
| budget_fit      | cost of a typical engagement (hourly rate × hours)       | list price after support, against the same  |
|                 | after support, against the SME's indicative budget:      | budget                                      |
|                 | within = 1, else budget / cost                           |                                             |
| proximity       | covers the SME's ward (1) or province (0.8); online      | cloud/SaaS (1); installed on site (0.7)     |
|                 | service (0.7); otherwise 0.1                             |                                             |
| rating          | Bayesian mean of reviews (prior 3.5★ worth 5 reviews)/5  | same                                        |
| availability    | earliest free slot: within 3 days = 1, falling to 0 at   | (not used)                                  |
|                 | 28 days; no free time = 0                                |                                             |

Capacity is a bound, not a feature: a consultant is recommended to at most
free hours in the next CAPACITY_WEEKS weeks ÷ HOURS_PER_RECOMMENDATION enterprises at a time
(stored Recommendation rows within the visible ranks count as load), so one popular consultant
is not shown to every SME while others sit idle.

Reasons: each feature at or above RAISE_AT is a "+" reason, at or below LOWER_AT a "−" reason.
Reasons are stored as codes with parameters and rendered in the reader's language (reasons.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

CONSULTANT_WEIGHTS: dict[str, float] = {
    "sector_fit": 0.25,
    "readiness_fit": 0.15,
    "gap_coverage": 0.25,
    "budget_fit": 0.10,
    "proximity": 0.10,
    "rating": 0.10,
    "availability": 0.05,
}
SOLUTION_WEIGHTS: dict[str, float] = {
    "sector_fit": 0.20,
    "readiness_fit": 0.25,
    "gap_coverage": 0.25,
    "budget_fit": 0.15,
    "proximity": 0.05,
    "rating": 0.10,
}

RAISE_AT, LOWER_AT = 0.7, 0.3
WEAKEST_PILLARS = 3  # how many weak pillars gap coverage looks at
WEAKEST_WEIGHTS = (3, 2, 1)
RATING_PRIOR, RATING_PRIOR_WEIGHT = 3.5, 5
HOURS_PER_ENGAGEMENT = 16  # a typical first consulting engagement, to price a consultant
# Indicative yearly DX budget of an SME by size class (VND), before support; a programme assumption.
INDICATIVE_BUDGET = {"micro": 30_000_000, "small": 80_000_000, "medium": 200_000_000, "": 80_000_000}
# Consulting-fee support the programme may pay (share of the cost, capped), by size class.
SUPPORT = {"micro": (0.5, 20_000_000), "small": (0.5, 50_000_000), "medium": (0.3, 100_000_000)}
CAPACITY_WEEKS = 4
HOURS_PER_RECOMMENDATION = 8  # free hours reserved per enterprise a consultant is recommended to
VISIBLE_RANKS = 5  # the recommendations an SME sees first; these count as load
AVAILABILITY_SOON_DAYS, AVAILABILITY_HORIZON_DAYS = 3, 28


@dataclass(frozen=True)
class SmeProfile:
    enterprise_id: int
    section: str
    division: str
    ward_code: str
    province_code: str
    size_class: str
    level: int | None = None
    weakest: tuple[str, ...] = ()  # pillar codes, weakest first


@dataclass
class Candidate:
    id: int
    name: str
    sections: frozenset[str] = frozenset()
    divisions: frozenset[str] = frozenset()
    pillars: frozenset[str] = frozenset()  # consultant expertise, or the solution category's pillars
    rating: float | None = None
    rating_count: int = 0
    cost: int | None = None  # VND before support
    url: str = ""
    extra: dict = field(default_factory=dict)


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
    effect: str  # "+" or "-"
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def as_dict(self) -> dict:
        return {"code": self.code, "effect": self.effect, "params": self.params}


@dataclass
class Scored:
    candidate: Candidate
    score: float
    features: dict[str, float]
    reasons: list[Reason]


# ---- features -----------------------------------------------------------------------------------


def sector_fit(profile: SmeProfile, c: Candidate) -> tuple[float, Reason | None]:
    if profile.division and profile.division in c.divisions:
        return 1.0, Reason("sector_fit", "+", {"sector": profile.division})
    if profile.section and profile.section in c.sections:
        return 0.8, Reason("sector_fit", "+", {"sector": profile.section})
    if not c.sections and not c.divisions:
        return 0.4, None
    return 0.0, Reason("sector_fit", "-", {"sector": profile.section})


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
    return max(0.0, 1.0 - 0.4 * distance), Reason("readiness_fit.range", "-", params)


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


def net_cost(profile: SmeProfile, cost: int) -> int:
    share, cap = SUPPORT.get(profile.size_class, (0.0, 0))
    return int(cost - min(cost * share, cap))


def budget_fit(profile: SmeProfile, c: Candidate) -> tuple[float, Reason | None]:
    if c.cost is None:
        return 0.5, None
    budget = INDICATIVE_BUDGET.get(profile.size_class, INDICATIVE_BUDGET[""])
    cost = net_cost(profile, c.cost)
    if cost <= budget:
        return 1.0, Reason("budget_fit", "+", {"net": cost})
    value = budget / cost
    return value, Reason("budget_fit", "-", {"net": cost}) if value <= LOWER_AT else None


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


def _combine(weights: dict[str, float], values: dict[str, tuple[float, Reason | None]]) -> tuple[float, list]:
    total = sum(weights.values())
    score = 100 * sum(weights[name] * values[name][0] for name in weights) / total
    reasons = [reason for name in weights if (reason := values[name][1]) is not None]
    # strongest influence first: raised reasons by weight, then lowered ones
    order = {name: -w for name, w in weights.items()}
    reasons.sort(key=lambda r: (r.effect != "+", order.get(r.code.split(".")[0], 0)))
    return round(score, 1), reasons


def score_consultant(profile: SmeProfile, c: ConsultantCandidate, *, now: datetime) -> Scored:
    values = {
        "sector_fit": sector_fit(profile, c),
        "readiness_fit": readiness_fit_consultant(profile, c),
        "gap_coverage": gap_coverage(profile, c),
        "budget_fit": budget_fit(profile, c),
        "proximity": proximity_consultant(profile, c),
        "rating": rating(profile, c),
        "availability": availability(profile, c, now),
    }
    score, reasons = _combine(CONSULTANT_WEIGHTS, values)
    return Scored(c, score, {k: round(v[0], 3) for k, v in values.items()}, reasons)


def score_solution(profile: SmeProfile, c: SolutionCandidate) -> Scored:
    values = {
        "sector_fit": sector_fit(profile, c),
        "readiness_fit": readiness_fit_solution(profile, c),
        "gap_coverage": gap_coverage(profile, c),
        "budget_fit": budget_fit(profile, c),
        "proximity": proximity_solution(profile, c),
        "rating": rating(profile, c),
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
) -> list[Scored]:
    """Best first; dismissed consultants and those at capacity are left out."""
    scored = [
        score_consultant(profile, c, now=now) for c in candidates if c.id not in dismissed and has_capacity(c)
    ]
    scored.sort(key=lambda s: (-s.score, s.candidate.load, s.candidate.id))
    return scored[:limit]


def rank_solutions(
    profile: SmeProfile,
    candidates: list[SolutionCandidate],
    *,
    dismissed: set[int] = frozenset(),
    limit: int = 10,
) -> list[Scored]:
    scored = [score_solution(profile, c) for c in candidates if c.id not in dismissed]
    scored.sort(key=lambda s: (-s.score, s.candidate.id))
    return scored[:limit]

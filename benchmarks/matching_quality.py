"""Relevance of recommendations on the judged set (not a test; never run by the test suite).

    .venv/bin/python benchmarks/matching_quality.py            # temporary SQLite file, demo data
    .venv/bin/python benchmarks/matching_quality.py --verbose  # also every persona's top 5
    .venv/bin/python benchmarks/matching_quality.py --explain wood-small-l2  # its top 10, feature by feature

Seeds the demo catalogue and consultant network (scale 1) into a throwaway database, creates each
persona of benchmarks/data/judged/judged.json as an enterprise with a submitted basic assessment,
ranks solutions and consultants with the product's own matching (no stored load, so the capacity
bound does not blur relevance), and compares the rankings with the judge's grades (RUBRIC.md):
- nDCG@5 and nDCG@10 (gain 2^grade − 1; the ideal order is every published candidate by grade),
- the share of top-5 items judged irrelevant (grade 0), and the personas that have any,
for solutions and consultants, overall and per sector. Targets: nDCG@10 ≥ 0.85 for both kinds and
no persona with an irrelevant item in its top 5.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "benchmarks" / "data" / "judged" / "judged.json"
TARGET_NDCG10 = 0.85


def dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg(ranked: list[int], pool: list[int], k: int) -> float:
    ideal = dcg(sorted(pool, reverse=True)[:k])
    return dcg(ranked[:k]) / ideal if ideal else 1.0


def setup(env: dict) -> None:
    for args in (
        ["migrate", "-v0"],
        [
            "seed_demo",
            "--only",
            "marketplace.taxonomy.demo",
            "marketplace.accounts.demo",
            "consultants.demo",
            "catalogue.demo",
        ],
        ["search_index", "--rebuild"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )


def personas_create(judged: dict):
    """Each persona as an enterprise with its submitted basic assessment (bulk, like the demo)."""
    from django.utils import timezone

    from marketplace.enterprises.models import Enterprise
    from marketplace.enterprises.services import enterprise_size_class
    from marketplace.taxonomy.models import AdminUnit, Sector
    from matching import readiness, selectors, services
    from matching.models import Assessment, PillarScore

    sys.path.insert(0, str(JUDGED.parent))
    from worksheet import answers_for

    basic = selectors.criteria_set_basic()
    version = services.criteria_version_current(criteria_set=basic)
    ward = AdminUnit.objects.filter(level=AdminUnit.COMMUNE).order_by("code").first()
    figures = {
        "micro": (6, 2_500_000_000, 1_500_000_000),
        "small": (35, 40_000_000_000, 15_000_000_000),
        "medium": (150, 180_000_000_000, 90_000_000_000),
    }
    # what a farm answers to "main activity" (VSIC groups): the personas' trade notes, read as the
    # profile form would be filled in (fruit farms grow perennial crops; fish and shrimp farms are ponds)
    activity_codes = {("01", "crops"): "012", ("01", "livestock"): "014", ("03", ""): "032"}
    out = []
    for index, persona in enumerate(judged["personas"]):
        sector = Sector.objects.get(code=persona["division"])
        activity_code = activity_codes.get((persona["division"], persona["trade"]))
        employees, revenue, capital = figures[persona["size"]]
        enterprise = Enterprise.objects.create(
            name=persona["key"],
            tax_code=f"39{index + 1:08d}",
            primary_sector=sector,
            main_activity=Sector.objects.get(code=activity_code) if activity_code else None,
            ward=ward,
            address="1 đường số 1",
            contact_name="Người đánh giá",
            contact_email=f"p{index}@example.vn",
            contact_phone="0900000000",
            employees=employees,
            annual_revenue=revenue,
            total_capital=capital,
            sites=persona["sites"],
            size_class=enterprise_size_class(
                primary_sector=sector, employees=employees, annual_revenue=revenue, total_capital=capital
            ),
        )
        answers = answers_for(persona["skill"], persona["facts"], version.content)
        scores = readiness.pillar_scores(version.content, answers)
        overall = readiness.overall_score(version.content, scores)
        assessment = Assessment.objects.create(
            enterprise=enterprise,
            criteria_set=basic,
            version=version,
            status=Assessment.SUBMITTED,
            answers=answers,
            overall_score=overall,
            level=readiness.level_for(version.content, overall),
            submitted_at=timezone.now(),
        )
        PillarScore.objects.bulk_create(
            [PillarScore(assessment=assessment, pillar_code=c, score=s) for c, s in scores.items()]
        )
        out.append((persona, enterprise))
    return out


def measure(judged: dict, verbose: bool, explain: str = "") -> dict:
    from catalogue.selectors import solutions_public
    from consultants.selectors import consultants_public
    from matching import candidates, scoring

    solution_names = dict(solutions_public().values_list("pk", "name"))
    consultant_heads = dict(consultants_public().values_list("pk", "headline"))
    rows = []
    for persona, enterprise in personas_create(judged):
        run = candidates.MatchingRun()
        profile = candidates.profile_for(enterprise)
        ranked = {
            "solution": scoring.rank_solutions(profile, candidates.solution_candidates(profile, run=run)),
            "consultant": scoring.rank_consultants(
                profile,
                [replace_load(c) for c in candidates.consultant_candidates(profile, run=run)],
                now=run.now,
            ),
        }
        row = {"key": persona["key"], "division": persona["division"], "level": profile.level}
        for kind, names, grades in (
            ("solution", solution_names, persona["solutions"]),
            ("consultant", consultant_heads, persona["consultants"]),
        ):
            got = [grades.get(names.get(s.candidate.id, ""), 0) for s in ranked[kind]]
            pool = [grades.get(name, 0) for name in names.values()]
            top5 = [names.get(s.candidate.id, "?") for s in ranked[kind][:5]]
            row[kind] = {
                "ndcg5": ndcg(got, pool, 5),
                "ndcg10": ndcg(got, pool, 10),
                "irrelevant5": sum(1 for g in got[:5] if g == 0),
                "shown5": len(got[:5]),
                "top5": list(zip(top5, got[:5], strict=False)),
            }
        rows.append(row)
        if persona["key"] == explain:
            for kind, names, grades in (
                ("solution", solution_names, persona["solutions"]),
                ("consultant", consultant_heads, persona["consultants"]),
            ):
                print(f"\n{persona['key']}: {kind}s, weakest pillars {', '.join(profile.weakest)}")
                for item in ranked[kind][:10]:
                    name = names.get(item.candidate.id, "?")
                    features = " ".join(f"{k}={v:g}" for k, v in item.features.items())
                    print(f"  {item.score:5.1f} [{grades.get(name, 0)}] {name}: {features}")
        if verbose:
            print(f"\n{row['key']} (level {row['level']})")
            for kind in ("solution", "consultant"):
                print(f"  {kind}: " + "; ".join(f"{n} [{g}]" for n, g in row[kind]["top5"]))
    return report(rows)


def replace_load(candidate):
    """Relevance is measured without the capacity bound: no other SME holds any consultant here."""
    candidate.load = 0
    return candidate


SECTOR_GROUPS = {
    "retail/wholesale (46–47)": {"46", "47"},
    "food (10)": {"10"},
    "garments, textiles, footwear, plastics (13–15, 22)": {"13", "14", "15", "22"},
    "wood, furniture (16, 31)": {"16", "31"},
    "logistics (49, 52, 53)": {"49", "52", "53"},
    "construction (41, 43)": {"41", "43"},
    "agriculture, aquaculture (01, 03)": {"01", "03"},
    "restaurants, hotels (55–56)": {"55", "56"},
}


def report(rows: list[dict]) -> dict:
    def summary(subset: list[dict], kind: str) -> tuple[float, float, float, int]:
        n5 = sum(r[kind]["ndcg5"] for r in subset) / len(subset)
        n10 = sum(r[kind]["ndcg10"] for r in subset) / len(subset)
        shown = sum(r[kind]["shown5"] for r in subset) or 1
        irrelevant = sum(r[kind]["irrelevant5"] for r in subset)
        personas = sum(1 for r in subset if r[kind]["irrelevant5"])
        return n5, n10, irrelevant / shown, personas

    print(f"\n{len(rows)} personas")
    print("| kind | nDCG@5 | nDCG@10 | irrelevant in top 5 | personas with one |")
    print("| --- | --- | --- | --- | --- |")
    result = {}
    for kind in ("solution", "consultant"):
        n5, n10, share, personas = summary(rows, kind)
        result[kind] = {"ndcg5": n5, "ndcg10": n10, "irrelevant5": share, "personas": personas}
        print(f"| {kind}s | {n5:.3f} | {n10:.3f} | {share:.1%} | {personas} |")
    print("\n| sector | personas | solutions nDCG@10 | consultants nDCG@10 | irrelevant in top 5 (s / c) |")
    print("| --- | --- | --- | --- | --- |")
    for name, divisions in SECTOR_GROUPS.items():
        subset = [r for r in rows if r["division"] in divisions]
        if not subset:
            continue
        s, c = summary(subset, "solution"), summary(subset, "consultant")
        print(f"| {name} | {len(subset)} | {s[1]:.3f} | {c[1]:.3f} | {s[2]:.0%} / {c[2]:.0%} |")
    bad = defaultdict(list)
    for r in rows:
        for kind in ("solution", "consultant"):
            for name, grade in r[kind]["top5"]:
                if grade == 0:
                    bad[r["key"]].append(f"{kind} {name}")
    if bad:
        print("\nirrelevant items in a top 5:")
        for key, items in bad.items():
            print(f"  {key}: {', '.join(items)}")
    ok = all(result[k]["ndcg10"] >= TARGET_NDCG10 and not result[k]["personas"] for k in result)
    print(
        f"\ntargets (nDCG@10 ≥ {TARGET_NDCG10}, no irrelevant item in any top 5): {'met' if ok else 'NOT met'}"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--explain", default="", metavar="KEY", help="one persona's top 10 with every feature"
    )
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-quality-")
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{folder}/quality.sqlite3",
            "SEARCH_BACKEND": "database",
            "ELASTICSEARCH_URL": "",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        }
    )
    env.pop("REDIS_URL", None)
    setup(env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    measure(judged, options.verbose, options.explain)


if __name__ == "__main__":
    main()

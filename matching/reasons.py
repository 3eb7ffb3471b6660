"""Plain-language text of recommendation reasons, in the reader's language (Vietnamese by default)."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from marketplace.core.money import group_thousands
from marketplace.taxonomy.models import ExpertiseArea, Sector

from . import foundations


class Names:
    """Looks sector and pillar names up once per rendering."""

    def __init__(self) -> None:
        self._sectors: dict[str, str] | None = None
        self._pillars: dict[str, str] | None = None

    def sector(self, code: str) -> str:
        if self._sectors is None:
            self._sectors = {s.code: s.name for s in Sector.objects.filter(level=Sector.SECTION)}
        if code not in self._sectors:
            sector = Sector.objects.filter(code=code).first()
            self._sectors[code] = sector.name if sector else code
        return self._sectors[code].capitalize() if self._sectors[code].isupper() else self._sectors[code]

    def pillars(self, codes: list[str]) -> str:
        if self._pillars is None:
            self._pillars = {a.code: a.name for a in ExpertiseArea.objects.all()}
        return ", ".join(self._pillars.get(code, code).lower() for code in codes)


def _slot(value: str) -> str:
    moment = datetime.fromisoformat(value)
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def reason_text(reason: dict, names: Names | None = None) -> str:
    names = names or Names()
    code, effect, p = reason["code"], reason["effect"], reason.get("params", {})
    positive = effect == "+"
    if code == "foundation":
        return _(
            "A basic capability every business needs, and your answers show it missing: %(name)s (%(why)s)."
        ) % {
            "name": foundations.name(p.get("foundation", "")),
            "why": foundations.why(p.get("foundation", "")),
        }
    if code == "sector_fit.section":
        return _("Works with businesses in your sector group (%(sector)s).") % {
            "sector": names.sector(p.get("sector", ""))
        }
    if code == "sector_fit.cross":
        return _("Made for businesses of every sector.")
    if code == "sector_fit":
        sector = names.sector(p.get("sector", ""))
        if positive:
            return _("Works with businesses in your sector (%(sector)s).") % {"sector": sector}
        return _("Has not worked in your sector (%(sector)s) yet.") % {"sector": sector}
    if code == "readiness_fit.track_record":
        if positive:
            return _("%(count)d past engagements with clients at your readiness level (%(level)d).") % p
        return _("No track record yet with clients at your readiness level (%(level)d).") % p
    if code == "readiness_fit.range":
        if positive:
            return _("Made for businesses at your readiness level (%(level)d; suits %(min)d–%(max)d).") % p
        return _("Made for readiness levels %(min)d–%(max)d; you are at level %(level)d.") % p
    if code == "gap_coverage":
        pillars = names.pillars(p.get("pillars", []))
        if positive:
            return _("Strengthens your weakest areas: %(pillars)s.") % {"pillars": pillars}
        return _("Does not address your weakest areas (%(pillars)s).") % {"pillars": pillars}
    if code == "budget_fit.free":
        return _("Free to start.")
    if code in ("budget_fit", "budget_fit.no_budget"):
        values = {
            "net": group_thousands(p.get("net", 0)),
            "cost": group_thousands(p.get("cost", 0)),
            "budget": group_thousands(p.get("budget", 0)),
        }
        if p.get("kind") == "consulting":
            cost = _("A typical engagement costs about %(cost)s ₫") % values
        else:
            cost = _("A year costs about %(cost)s ₫") % values
        if p.get("support"):
            cost += _("; about %(net)s ₫ if the Decree 80 support is granted") % values
        if code == "budget_fit.no_budget":
            return cost + ". " + _("No budget given: add your yearly budget to your profile to compare.")
        if positive:
            return cost + ". " + _("Within your yearly budget of %(budget)s ₫.") % values
        return cost + ". " + _("Above your yearly budget of %(budget)s ₫.") % values
    if code == "proximity.ward":
        return _("Works in your commune or ward.")
    if code == "proximity.province":
        return _("Works in your province.")
    if code == "proximity.online":
        return _("Offers online consulting.")
    if code == "proximity.cloud":
        return _("A cloud service: nothing to install, usable anywhere.")
    if code == "proximity.far":
        return _("Works far from you and offers no online consulting.")
    if code == "rating":
        values = {"rating": p.get("rating"), "count": p.get("count")}
        if positive:
            return _("Well rated: %(rating)s/5 from %(count)s reviews.") % values
        return _("Modest rating: %(rating)s/5 from %(count)s reviews.") % values
    if code == "impact":
        values = {"n": p.get("n"), "change": p.get("change")}
        if positive:
            return (
                _(
                    "%(n)s SMEs measured after working with them: %(change)+.1f levels on average on the pillars addressed."
                )
                % values
            )
        return (
            _(
                "%(n)s SMEs measured after working with them: %(change)+.1f levels on average on the pillars addressed (a decline)."
            )
            % values
        )
    if code == "availability":
        if positive:
            return _("Free soon: %(slot)s.") % {"slot": _slot(p["slot"])}
        return _("No free time in the next %(weeks)d weeks.") % p
    return code


def reasons_text(reasons: list[dict], names: Names | None = None) -> list[dict]:
    names = names or Names()
    return [{**r, "text": reason_text(r, names)} for r in reasons]


def label_text(label: str) -> str:
    """The match label in words."""
    return {
        "strong": _("Very good match"),
        "good": _("Good match"),
        "possible": _("Possible match"),
    }.get(label, "")


def feature_name(name: str) -> str:
    return {
        "sector_fit": _("Sector"),
        "readiness_fit": _("Readiness level"),
        "gap_coverage": _("Your weakest areas"),
        "budget_fit": _("Cost and budget"),
        "proximity": _("Location and delivery"),
        "rating": _("Reviews"),
        "impact": _("Measured impact"),
        "availability": _("Availability"),
    }.get(name, name)


def breakdown_rows(breakdown: dict) -> list[dict]:
    """The stored breakdown as rows for the card: feature, points earned out of points possible."""
    total = sum(row["weight"] for row in breakdown.values()) or 1
    return [
        {
            "name": feature_name(name),
            "points": row["points"],
            "possible": round(100 * row["weight"] / total, 1),
        }
        for name, row in breakdown.items()
    ]

"""Plain-language text of recommendation reasons, in the reader's language (Vietnamese by default)."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from marketplace.core.money import group_thousands
from marketplace.taxonomy.models import ExpertiseArea, Sector


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
    if code == "budget_fit":
        amount = group_thousands(p.get("net", 0))
        if positive:
            return _("Fits your indicative budget: about %(amount)s ₫ after support.") % {"amount": amount}
        return _("Above your indicative budget: about %(amount)s ₫ after support.") % {"amount": amount}
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
    if code == "availability":
        if positive:
            return _("Free soon: %(slot)s.") % {"slot": _slot(p["slot"])}
        return _("No free time in the next %(weeks)d weeks.") % p
    return code


def reasons_text(reasons: list[dict], names: Names | None = None) -> list[dict]:
    names = names or Names()
    return [{**r, "text": reason_text(r, names)} for r in reasons]

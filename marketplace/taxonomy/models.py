"""Shared taxonomies. Rows come from files under data/taxonomy (see load_taxonomies), never from code."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LocalisedName(models.Model):
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name_vi


class Sector(LocalisedName):
    """A VSIC 2025 section (level 1, letter), division (level 2, two digits) or group (level 3, three
    digits). Groups are loaded only where a division holds trades too different for one product to
    serve them all (division 01 holds crops *and* livestock): an enterprise may name its main activity
    and a product the activities it is made for."""

    SECTION, DIVISION, GROUP = 1, 2, 3
    GROUP_AGRI_INDUSTRY = "agri_industry"
    GROUP_TRADE_SERVICES = "trade_services"
    GROUP_CHOICES = [
        (GROUP_AGRI_INDUSTRY, _("Agriculture, forestry, fishery; industry and construction")),
        (GROUP_TRADE_SERVICES, _("Trade and services")),
    ]

    code = models.CharField(_("code"), max_length=8, unique=True)
    level = models.PositiveSmallIntegerField(
        choices=[(SECTION, _("section")), (DIVISION, _("division")), (GROUP, _("group"))],
        verbose_name=_("level in VSIC"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent section"),
    )
    decree80_group = models.CharField(
        max_length=20, choices=GROUP_CHOICES, verbose_name=_("Decree 80 sector group")
    )
    is_priority = models.BooleanField(_("priority sector"), default=False)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def name(self) -> str:
        # The official VSIC list prints section names in capitals ("KHAI KHOÁNG"); shown in lists
        # and filters they read as shouting, so they are shown in sentence case ("Khai khoáng").
        name = super().name
        return name[:1] + name[1:].lower() if name.isupper() else name

    @property
    def section(self) -> "Sector":
        sector = self
        while sector.level > self.SECTION and sector.parent_id:
            sector = sector.parent
        return sector

    @property
    def division(self) -> "Sector | None":
        """The division of a division or group; None for a section."""
        if self.level == self.GROUP and self.parent_id:
            return self.parent
        return self if self.level == self.DIVISION else None


class AdminUnit(models.Model):
    """Province-level unit (34 since 1 July 2025) or commune-level unit (xã/phường) of the jurisdiction."""

    PROVINCE, COMMUNE = 1, 2
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=60)  # tỉnh / thành phố trực thuộc trung ương / xã / phường
    level = models.PositiveSmallIntegerField(
        choices=[(PROVINCE, _("province")), (COMMUNE, _("commune or ward"))],
        verbose_name=_("administrative level"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        if self.level == self.COMMUNE:
            return f"{self.kind.capitalize()} {self.name}"
        return self.name


class SolutionCategory(LocalisedName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    pillars = models.JSONField(_("readiness pillars improved"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("solution category")
        verbose_name_plural = _("solution categories")


class ExpertiseArea(LocalisedName):
    """A readiness pillar a consultant improves; codes are shared with criteria-set pillars."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("expertise area")
        verbose_name_plural = _("expertise areas")


class ReadinessLevel(LocalisedName):
    level = models.PositiveSmallIntegerField(_("level"), unique=True)
    description_vi = models.TextField(blank=True, verbose_name=_("description (Vietnamese)"))
    description_en = models.TextField(blank=True, verbose_name=_("description (English)"))

    class Meta:
        ordering = ["level"]
        verbose_name = _("readiness level")
        verbose_name_plural = _("readiness levels")

    def __str__(self) -> str:
        return f"{self.level} – {self.name}"


class Language(LocalisedName):
    """A language consultants work in and solutions support (ISO 639-1 code)."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    native_name = models.CharField(_("native name"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.core.tax_codes import validate_tax_code
from marketplace.taxonomy.models import AdminUnit, Sector

from . import sizing


class Enterprise(models.Model):
    SIZE_CHOICES = [
        (sizing.MICRO, _("Micro enterprise")),
        (sizing.SMALL, _("Small enterprise")),
        (sizing.MEDIUM, _("Medium enterprise")),
        (sizing.NOT_SME, _("Not an SME")),
    ]

    name = models.CharField(_("enterprise name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True, validators=[validate_tax_code])
    primary_sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("main sector"),
        help_text=_("The VSIC 2025 division of your main business line."),
    )
    # Optional, and asked only where the division is split into groups (farming: crops or livestock),
    # so matching does not offer a barn monitor to a fruit farm
    main_activity = models.ForeignKey(
        Sector,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Sector.GROUP},
        verbose_name=_("main activity"),
        help_text=_("Optional, for farming, forestry and fishing: what you mainly do within your sector."),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="enterprises", verbose_name=_("other sectors")
    )
    ward = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("commune / ward"),
        limit_choices_to={"level": AdminUnit.COMMUNE},
    )
    address = models.CharField(_("address"), max_length=255)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    website = models.URLField(_("website"), blank=True)
    employees = models.PositiveIntegerField(
        _("employees with social insurance"),
        validators=[MinValueValidator(0)],
        help_text=_("Average number of employees paying social insurance over the last year."),
    )
    annual_revenue = models.PositiveBigIntegerField(_("total yearly revenue (VND)"))
    total_capital = models.PositiveBigIntegerField(_("total capital (VND)"))
    # Optional facts matching uses: the SME's own yearly budget for digital transformation (budget fit
    # says "no budget given" without it) and how many sites it runs (the roadmap does not propose
    # joining branches to a single-site business)
    dx_budget_yearly = models.PositiveBigIntegerField(
        _("yearly budget for digital transformation (VND)"),
        null=True,
        blank=True,
        help_text=_("Optional. What you can spend on software and consulting in a year, before support."),
    )
    sites = models.PositiveSmallIntegerField(
        _("number of sites"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Optional. Shops, workshops, offices or warehouses the business runs."),
    )
    # computed by the service from the figures above; never typed
    size_class = models.CharField(_("size class"), max_length=10, choices=SIZE_CHOICES, editable=False)
    is_exemplary = models.BooleanField(_("exemplary DX enterprise"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tax_code__regex=r"^[0-9]{10}(-[0-9]{3})?$"),
                name="enterprise_tax_code_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprises:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.main_activity_id and self.primary_sector_id:
            activity = self.main_activity
            if activity.level != Sector.GROUP or activity.parent_id != self.primary_sector_id:
                raise ValidationError(
                    {"main_activity": _("Choose an activity within your main sector, or leave it empty.")},
                    code="activity_outside_sector",
                )

    @property
    def is_sme(self) -> bool:
        return self.size_class != sizing.NOT_SME


class EnterpriseMembership(models.Model):
    OWNER, MEMBER = "owner", "member"
    ROLE_CHOICES = [(OWNER, _("owner")), (MEMBER, _("member"))]

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("enterprise")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enterprise_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(max_length=10, choices=ROLE_CHOICES, default=MEMBER, verbose_name=_("role"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("enterprise membership")
        verbose_name_plural = _("enterprise memberships")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "user"], name="enterprise_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise}"

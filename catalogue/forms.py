from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import MoneyField
from marketplace.core.images import ImageFileValidator
from marketplace.core.tax_codes import normalise_tax_code, validate_tax_code
from marketplace.core.widgets import checkbox_list
from marketplace.taxonomy.models import ReadinessLevel, Sector, SolutionCategory
from marketplace.taxonomy.selectors import language_choices

from .models import (
    AiRiskClass,
    Billing,
    CoInvestor,
    Deployment,
    Integration,
    PlanPricing,
    PricingModel,
    Vendor,
)
from .services import VENDOR_FIELDS


class VendorForm(forms.ModelForm):
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        help_text=_("10 digits, or 10 digits + '-' + 3 digits for a branch."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        validators=[ImageFileValidator(max_bytes=2 * 1024 * 1024)],
        help_text=_("JPEG, PNG or WebP, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Vendor
        fields = list(VENDOR_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        # Say on the form what is published (Decree 13/2023/NĐ-CP: a person's contacts need consent).
        help_texts = {
            "is_household_business": _(
                "A household business's tax code is its owner's personal tax code: it is then not published."
            ),
            "public_email": _(
                "Published on your vendor page, in the API and in the open-data feed. Use the "
                "organisation's shared mailbox, not a person's own address."
            ),
            "public_phone": _("Published like the e-mail above: a switchboard or hotline."),
            "contact_name": _(
                "Not published: only your organisation's members and the department see the contact person."
            ),
            "contact_email": _("Not published."),
            "contact_phone": _("Not published."),
        }

    def clean_tax_code(self) -> str:
        value = normalise_tax_code(self.cleaned_data["tax_code"])
        validate_tax_code(value)
        return value


def _readiness_choices():
    return [(level.level, str(level)) for level in ReadinessLevel.objects.order_by("level")]


class SolutionForm(forms.Form):
    """The vendor's editor. The status is not a field: it changes only through submit and review.
    Its fields are content.CONTENT_FIELDS (a test holds them equal), declared here for their widgets."""

    name = forms.CharField(label=_("Solution name"), max_length=200)
    short_description = forms.CharField(label=_("Short description"), max_length=300)
    description = forms.CharField(label=_("Full description"), widget=forms.Textarea(attrs={"rows": 6}))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=SolutionCategory.objects.order_by("position"), to_field_name="code"
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors served"),
        # divisions, and the activities (VSIC groups) of the divisions that have them, each after its
        # division: "01", "011", …, "014", "02"
        queryset=Sector.objects.filter(level__in=[Sector.DIVISION, Sector.GROUP]).order_by("code"),
        to_field_name="code",
        required=False,
        help_text=_(
            "Leave empty if the solution suits every sector. For farming, forestry and fishing, tick the "
            "activities it is made for (e.g. 014 livestock) rather than the whole sector."
        ),
        widget=checkbox_list(searchable=True),
    )
    readiness_min = forms.TypedChoiceField(label=_("Lowest readiness level"), coerce=int)
    readiness_max = forms.TypedChoiceField(label=_("Highest readiness level"), coerce=int)
    pricing_model = forms.ChoiceField(label=_("Pricing model"), choices=PricingModel.choices)
    price = MoneyField(
        label=_("List price (VND)"),
        max_value=10**15,
        help_text=_("In đồng, e.g. 1.200.000 or 1,2 triệu. Use 0 for a free tier."),
    )
    billing_unit = forms.CharField(
        label=_("Billing unit"), max_length=80, required=False, help_text=_("e.g. per user per month")
    )
    deployment = forms.ChoiceField(
        label=_("Deployment"), choices=Deployment.choices, widget=forms.RadioSelect
    )
    languages = forms.MultipleChoiceField(
        label=_("Supported languages"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    integrations = forms.MultipleChoiceField(
        label=_("Integrations"),
        choices=Integration.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    standards = forms.CharField(
        label=_("Standards and certifications claimed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. ISO/IEC 27001:2022."),
    )
    is_ai = forms.BooleanField(label=_("The solution uses artificial intelligence"), required=False)
    ai_risk_class = forms.ChoiceField(
        label=_("Declared AI risk class"), choices=[("", "—"), *AiRiskClass.choices], required=False
    )
    ai_risk_explanation = forms.CharField(
        label=_("AI risk explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for high risk: what could go wrong and how it is controlled."),
    )
    demo_offer = forms.CharField(label=_("Demo or trial offer"), max_length=300, required=False)
    demo_url = forms.URLField(label=_("Demo or trial link"), required=False, assume_scheme="https")
    support_contact = forms.CharField(
        label=_("Support contact"),
        max_length=200,
        # Decree 13/2023/NĐ-CP: say what is published; a person's own contacts need their consent
        help_text=_(
            "Published on the solution page, in the API and in the open-data feed: give a support desk "
            "or hotline, not a person's own phone or e-mail."
        ),
    )
    website = forms.URLField(label=_("Product website"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _readiness_choices()
        self.fields["readiness_min"].choices = choices
        self.fields["readiness_max"].choices = choices

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("readiness_min"), cleaned.get("readiness_max")
        if low is not None and high is not None and low > high:
            self.add_error("readiness_min", _("The lowest readiness level cannot be above the highest."))
        return cleaned

    def content(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["category"] = data["category"].code
        data["sectors"] = [sector.code for sector in data["sectors"]]
        data["standards"] = [line.strip() for line in data["standards"].splitlines() if line.strip()]
        return data

    @staticmethod
    def initial_from(content: dict[str, Any]) -> dict[str, Any]:
        initial = dict(content)
        initial["standards"] = "\n".join(content.get("standards") or [])
        return initial


class ScreenshotForm(forms.Form):
    image = forms.FileField(
        label=_("Screenshot"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB; up to 8 screenshots."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class DecisionForm(forms.Form):
    decision = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (shown to the vendor)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    revision_id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CatalogueFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=SolutionCategory.objects.order_by("position"),
        to_field_name="code",
        required=False,
        empty_label=_("All categories"),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.filter(level=Sector.SECTION).order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("All sectors"),
    )
    readiness = forms.TypedChoiceField(
        label=_("My readiness level"), coerce=int, required=False, empty_value=None
    )
    pricing_model = forms.ChoiceField(
        label=_("Pricing model"), choices=[("", _("Any pricing")), *PricingModel.choices], required=False
    )
    deployment = forms.ChoiceField(
        label=_("Deployment"), choices=[("", _("Any deployment")), *Deployment.choices], required=False
    )
    price_max = MoneyField(label=_("Maximum price (VND)"), max_value=10**15, required=False)
    ai = forms.BooleanField(label=_("AI solutions only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["readiness"].choices = [("", _("Any level")), *_readiness_choices()]


class PlanForm(forms.Form):
    """One plan added on the vendor's plans page (the service checks the rules per pricing model)."""

    name = forms.CharField(label=_("Plan name"), max_length=120)
    price = MoneyField(label=_("Price per billing period (VND)"))
    billing = forms.ChoiceField(label=_("Billing"), choices=Billing.choices)
    pricing = forms.ChoiceField(label=_("Pricing model"), choices=PlanPricing.choices)
    trial_days = forms.IntegerField(label=_("Trial days"), min_value=0, max_value=365, initial=0)
    co_investment = MoneyField(label=_("Co-invested part per period (VND)"), required=False)
    co_investor = forms.ChoiceField(
        label=_("Co-investor"), choices=[("", "—"), *CoInvestor.choices], required=False
    )
    sponsor_name = forms.CharField(label=_("Sponsor"), max_length=200, required=False)
    revenue_share_basis_points = forms.IntegerField(
        label=_("Revenue share (hundredths of a percent, 250 = 2,5%)"),
        min_value=0,
        max_value=10_000,
        required=False,
    )

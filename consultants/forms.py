from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.documents import validate_document_file
from marketplace.core.forms import MoneyField
from marketplace.core.images import validate_image_file
from marketplace.core.tax_codes import normalise_tax_code, validate_tax_code
from marketplace.core.widgets import checkbox_list
from marketplace.taxonomy.models import AdminUnit, ExpertiseArea, Sector, SolutionCategory
from marketplace.taxonomy.selectors import language_choices

from .models import AvailabilityException, AvailabilityRule, FirmMembership, ServiceMode
from .services import MAX_RATE
from .timezones import DEFAULT_TIME_ZONE, is_valid_time_zone, time_zone_choices


class TimeZoneField(forms.ChoiceField):
    """Offers the short list; still accepts any valid IANA zone (one set through the API stays valid)."""

    def valid_value(self, value) -> bool:
        return super().valid_value(value) or is_valid_time_zone(value)


class ConsultantProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=150)
    headline = forms.CharField(label=_("Headline"), max_length=200, required=False)
    biography = forms.CharField(
        label=_("Biography"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    years_experience = forms.IntegerField(
        label=_("Years of experience"), min_value=0, max_value=70, initial=0
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Expertise areas (readiness pillars you improve)"),
        queryset=ExpertiseArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors served"),
        queryset=Sector.objects.filter(level=Sector.DIVISION),
        widget=checkbox_list(searchable=True),
        required=False,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Solution categories you implement"),
        queryset=SolutionCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    coverage = forms.ModelMultipleChoiceField(
        label=_("Provinces and wards you cover in person"),
        queryset=AdminUnit.objects.all(),
        widget=checkbox_list(searchable=True),
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=language_choices, widget=forms.CheckboxSelectMultiple, initial=["vi"]
    )
    service_modes = forms.MultipleChoiceField(
        label=_("Service modes"),
        choices=ServiceMode.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["online"],
    )
    hourly_rate = MoneyField(
        label=_("Rate per hour (VND)"),
        max_value=MAX_RATE,
        required=False,
        help_text=_("In đồng, e.g. 500.000 or 500 nghìn."),
    )
    time_zone = TimeZoneField(
        label=_("Time zone"),
        choices=time_zone_choices,
        initial=DEFAULT_TIME_ZONE,
        help_text=_("Your weekly hours and free slots are read in this time zone."),
    )
    is_visible = forms.BooleanField(
        label=_("Show my profile in the public registry"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a zone chosen through the API stays selectable (and selected) on the form
        current = self.data.get("time_zone") if self.is_bound else self.initial.get("time_zone")
        self.fields["time_zone"].choices = time_zone_choices(current or "")


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        validators=[validate_image_file],
        help_text=_("JPEG, PNG or WebP, at most 5 MB and 25 megapixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class AvailabilityRuleForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=AvailabilityRule.WEEKDAY_CHOICES, coerce=int)
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))


class AvailabilityExceptionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=AvailabilityException.KIND_CHOICES)
    start_time = forms.TimeField(
        label=_("From"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Leave both times empty for a whole day off."),
    )
    end_time = forms.TimeField(
        label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )


class EngagementForm(forms.Form):
    title = forms.CharField(label=_("Engagement"), max_length=200)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.filter(level=Sector.DIVISION), required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1980, max_value=2100)
    client_readiness_level = forms.TypedChoiceField(
        label=_("Client's readiness level at the start"),
        choices=[("", "—")] + [(str(level), str(level)) for level in range(6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class QualificationForm(forms.Form):
    title = forms.CharField(label=_("Qualification"), max_length=200)
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100, required=False)


class PackageForm(forms.Form):
    title = forms.CharField(label=_("Package"), max_length=200)
    price = MoneyField(label=_("Fixed price (VND)"), max_value=MAX_RATE)
    duration_hours = forms.IntegerField(label=_("Hours included"), min_value=1, max_value=1000, initial=8)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ApplicationForm(forms.Form):
    statement = forms.CharField(
        label=_("Motivation and summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_items = criteria.localised_items() if criteria else []
        for item in self.criteria_items:
            self.fields[f"answer_{item['code']}"] = forms.CharField(
                label=item["title"],
                help_text=item["description"],
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def answers(self) -> dict[str, str]:
        return {
            item["code"]: self.cleaned_data.get(f"answer_{item['code']}", "") for item in self.criteria_items
        }


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence document"),
        validators=[validate_document_file],
        help_text=_("PDF, JPEG, PNG or WebP, at most 10 MB."),
    )
    criterion = forms.ChoiceField(label=_("For criterion"), required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = criteria.localised_items() if criteria else []
        self.fields["criterion"].choices = [("", "—")] + [(i["code"], i["title"]) for i in items]


class ReferenceForm(forms.Form):
    name = forms.CharField(label=_("Reference's name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    relationship = forms.CharField(label=_("How they know your work"), max_length=200, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("certify", _("Certify")),
            ("request_changes", _("Request changes")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when rejecting or requesting changes."),
    )


class CertificateActionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CertificateLookupForm(forms.Form):
    code = forms.CharField(label=_("Certificate code"), max_length=64)


class FirmForm(forms.Form):
    """The firm's own profile. Membership and roles are not fields here: they have their own forms."""

    name = forms.CharField(label=_("Firm name"), max_length=200)
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=14,
        required=False,
        help_text=_("10 digits, or 10 digits, a hyphen and 3 digits for a branch."),
    )
    is_household_business = forms.BooleanField(
        label=_("Household business (hộ kinh doanh)"),
        required=False,
        help_text=_(
            "A household business's tax code is its owner's personal tax code: it is then not published."
        ),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    # Decree 13/2023/NĐ-CP: the form says what is published; a person's own contacts need consent.
    email = forms.EmailField(
        label=_("Public e-mail of the firm"),
        required=False,
        help_text=_(
            "Published on the firm's page and in the API. Use the firm's shared mailbox, not a person's "
            "own address."
        ),
    )
    phone = forms.CharField(
        label=_("Public phone of the firm"),
        max_length=20,
        required=False,
        help_text=_("Published like the e-mail above: a switchboard or hotline."),
    )
    ward = forms.ModelChoiceField(
        label=_("Ward or commune"),
        queryset=AdminUnit.objects.filter(level=AdminUnit.COMMUNE),
        required=False,
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_tax_code(self) -> str:
        value = normalise_tax_code(self.cleaned_data["tax_code"])
        if value:
            validate_tax_code(value)
        return value


ROLE_CHOICES = [(FirmMembership.MEMBER, _("member")), (FirmMembership.ADMIN, _("administrator"))]


class FirmMemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Consultant's e-mail"),
        help_text=_("The e-mail the consultant signs in with; they need a consultant profile."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=FirmMembership.MEMBER)


class FirmRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

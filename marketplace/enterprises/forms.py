from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.taxonomy.models import AdminUnit, Sector

from .models import Enterprise
from .validators import normalise_tax_code, validate_tax_code


class EnterpriseForm(forms.ModelForm):
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        help_text=_("10 digits, or 10 digits + '-' + 3 digits for a branch."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "tax_code",
            "primary_sector",
            "sectors",
            "ward",
            "address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "employees",
            "annual_revenue",
            "total_capital",
            "dx_budget_yearly",
            "sites",
        ]
        widgets = {"sectors": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        divisions = Sector.objects.filter(level=Sector.DIVISION).order_by("code")
        self.fields["primary_sector"].queryset = divisions
        self.fields["sectors"].queryset = divisions
        self.fields["sectors"].required = False
        self.fields["ward"].queryset = AdminUnit.objects.filter(level=AdminUnit.COMMUNE).order_by("name")
        for name in ("annual_revenue", "total_capital", "dx_budget_yearly"):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1, "inputmode": "numeric"})
            if name != "dx_budget_yearly":
                self.fields[name].help_text = _("In VND, whole number, e.g. 5000000000 for 5 billion.")

    def clean_tax_code(self) -> str:
        value = normalise_tax_code(self.cleaned_data["tax_code"])
        validate_tax_code(value)
        taken = Enterprise.objects.filter(tax_code=value)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("An enterprise with this tax code is already registered."), code="taken"
            )
        return value

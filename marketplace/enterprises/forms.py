from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import MoneyField
from marketplace.core.tax_codes import normalise_tax_code, validate_tax_code
from marketplace.core.widgets import checkbox_list
from marketplace.taxonomy.models import AdminUnit, Sector

from .models import Enterprise
from .services import PROFILE_FIELDS


class EnterpriseForm(forms.ModelForm):
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        help_text=_("10 digits, or 10 digits + '-' + 3 digits for a branch."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    # PositiveBigIntegerField's ceiling; typed with Vietnamese separators or as "1,2 tỷ"
    annual_revenue = MoneyField(max_value=9_223_372_036_854_775_807)
    total_capital = MoneyField(max_value=9_223_372_036_854_775_807)
    dx_budget_yearly = MoneyField(max_value=9_223_372_036_854_775_807, required=False)

    class Meta:
        model = Enterprise
        fields = list(PROFILE_FIELDS)
        widgets = {"sectors": checkbox_list(searchable=True)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        divisions = Sector.objects.filter(level=Sector.DIVISION).order_by("code")
        self.fields["primary_sector"].queryset = divisions
        self.fields["sectors"].queryset = divisions
        self.fields["main_activity"].queryset = Sector.objects.filter(level=Sector.GROUP).order_by("code")
        self.fields["sectors"].required = False
        self.fields["ward"].queryset = AdminUnit.objects.filter(level=AdminUnit.COMMUNE).order_by("name")
        for name in ("annual_revenue", "total_capital", "dx_budget_yearly"):
            self.fields[name].label = capfirst(Enterprise._meta.get_field(name).verbose_name)
            self.fields[name].help_text = _("In đồng, e.g. 5.000.000.000 or 5 tỷ.")
        self.fields["dx_budget_yearly"].help_text = _(
            "Optional. What you can spend on software and consulting in a year, before support; "
            "in đồng, e.g. 200 triệu."
        )

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

"""Forms of the officer's voucher pages: open a call, and the money movements on an amount due.

Amounts are typed the Vietnamese way (`MoneyField`: "2.000.000.000", "2 tỷ", "500 triệu"). A quota is
one line per ward or VSIC section: its code, then the amount ("26734: 200 triệu").
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import MoneyField

from .services import MAX_AMOUNT

_QUOTA_LINE = re.compile(r"^\s*([A-Za-z0-9]{1,10})\s*[:=]\s*(.+?)\s*$")


def _parse_quotas(text: str) -> dict[str, int]:
    """ "26734: 200 triệu" per line → {"26734": 200000000}; every bad line named in the error."""
    quotas: dict[str, int] = {}
    errors = []
    amount = MoneyField(max_value=MAX_AMOUNT)
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _QUOTA_LINE.match(line)
        if match is None:
            errors.append(
                _("Line %(line)s: write the code, a colon, then the amount (e.g. 26734: 200 triệu).")
                % {"line": number}
            )
            continue
        code, typed = match.group(1).upper(), match.group(2)
        try:
            value = amount.clean(typed)
        except ValidationError as exc:
            errors.append(_("Line %(line)s: %(error)s") % {"line": number, "error": exc.messages[0]})
            continue
        if not value:
            errors.append(_("Line %(line)s: a quota is greater than zero.") % {"line": number})
            continue
        if code in quotas:
            errors.append(_("Line %(line)s: %(code)s is given twice.") % {"line": number, "code": code})
            continue
        quotas[code] = value
    if errors:
        raise ValidationError(errors)
    return quotas


class CallForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Support scheme"), queryset=None, empty_label=None)
    code = forms.CharField(label=_("Code of the call"), max_length=40, help_text=_("For example HT-2026-01."))
    title = forms.CharField(label=_("Title of the call"), max_length=255)
    budget = MoneyField(
        label=_("Budget (VND)"),
        max_value=MAX_AMOUNT,
        help_text=_("For example 2.000.000.000 or 2 tỷ. Published on the public page."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))
    voucher_valid_until = forms.DateField(
        label=_("Vouchers valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    auto_approve_up_to = MoneyField(
        label=_("Approve automatically up to (VND)"),
        max_value=MAX_AMOUNT,
        required=False,
        help_text=_(
            "An application asking for at most this much is approved by rule. Empty: decide each one."
        ),
    )
    ward_quotas = forms.CharField(
        label=_("Quota per ward (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per ward: its code, a colon, the amount (e.g. 26734: 200 triệu)."),
    )
    section_quotas = forms.CharField(
        label=_("Quota per VSIC section (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per section: its letter, a colon, the amount (e.g. C: 300 triệu)."),
    )

    def __init__(self, *args, schemes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes

    def clean_budget(self):
        budget = self.cleaned_data["budget"]
        if not budget:
            raise ValidationError(_("The budget is greater than zero."))
        return budget

    def clean_auto_approve_up_to(self):
        return self.cleaned_data.get("auto_approve_up_to") or 0

    def clean_ward_quotas(self):
        return _parse_quotas(self.cleaned_data["ward_quotas"])

    def clean_section_quotas(self):
        return _parse_quotas(self.cleaned_data["section_quotas"])

    def quotas(self) -> dict:
        quotas = {}
        if self.cleaned_data.get("ward_quotas"):
            quotas["wards"] = self.cleaned_data["ward_quotas"]
        if self.cleaned_data.get("section_quotas"):
            quotas["sections"] = self.cleaned_data["section_quotas"]
        return quotas

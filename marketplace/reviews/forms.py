from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CRITERIA

STARS = [(n, "★" * n) for n in range(5, 0, -1)]


class ReviewForm(forms.Form):
    """Stars on each named criterion of the subject, and the text (published with the enterprise's name)."""

    text = forms.CharField(
        label=_("Your review"),
        min_length=20,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Published with your enterprise's name. Do not write personal data (names, phone numbers) "
            "of anyone: reviews are public."
        ),
    )

    def __init__(self, *args, subject_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = {}
        for code, label in CRITERIA[subject_kind]:
            criteria[f"score_{code}"] = forms.TypedChoiceField(
                label=label, choices=STARS, coerce=int, widget=forms.RadioSelect
            )
        self.fields = {**criteria, "text": self.fields["text"]}
        self.criteria_codes = [code for code, _label in CRITERIA[subject_kind]]

    def scores(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"score_{code}"] for code in self.criteria_codes}


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Your public reply"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), min_length=5, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

"""Forms of the engagement pages: the proposal with its milestones (a formset), and the small answers.

Amounts are typed the Vietnamese way (`MoneyField`: "15.000.000", "15 triệu"). The total is never a
field: it is the sum of the milestones, so no form can send a total that disagrees with them.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import MoneyField

from .services import MAX_MILESTONES

# the largest amount a milestone may carry (100 billion đồng): above is a typing error
MAX_MILESTONE_AMOUNT = 100_000_000_000


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    scope = forms.CharField(label=_("Scope of the work"), widget=forms.Textarea(attrs={"rows": 4}))
    pillars = forms.CharField(
        label=_("Pillars and roadmap items addressed"),
        help_text=_("One per line, e.g. a readiness pillar or an item of the enterprise's roadmap."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    deliverables = forms.CharField(label=_("Deliverables"), widget=forms.Textarea(attrs={"rows": 3}))
    start_date = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, enterprises=None, consultants=None, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if revising:
            del self.fields["title"]
            self.fields["note"] = forms.CharField(
                label=_("What changed (shown to the enterprise)"), max_length=500, required=False
            )
            return
        if consultants is not None and len(consultants) > 1:
            self.fields["consultant"] = forms.ModelChoiceField(
                label=_("Consultant doing the work"), queryset=consultants, empty_label=None
            )
            self.order_fields(["consultant"])
        self.fields["enterprise"] = forms.ModelChoiceField(
            label=_("Enterprise"),
            queryset=enterprises,
            help_text=_("Only enterprises you have had a consultation with."),
            empty_label=None,
        )
        self.order_fields(["consultant", "enterprise"])

    def clean_pillars(self) -> list[str]:
        return [line.strip()[:120] for line in self.cleaned_data["pillars"].splitlines() if line.strip()][:20]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end comes after the start."))
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = MoneyField(label=_("Amount (VND)"), max_value=MAX_MILESTONE_AMOUNT)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None or amount <= 0:
            raise forms.ValidationError(_("Each milestone's amount is a whole number of đồng above 0."))
        return amount


class BaseMilestoneFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        items = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not items:
            raise forms.ValidationError(_("Add at least one milestone."))

    def milestones(self) -> list[dict]:
        return [
            {
                "title": f.cleaned_data["title"],
                "due_date": f.cleaned_data["due_date"],
                "amount": f.cleaned_data["amount"],
            }
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


MilestoneFormSet = forms.formset_factory(
    MilestoneForm,
    formset=BaseMilestoneFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=MAX_MILESTONES,
    validate_max=True,
    absolute_max=MAX_MILESTONES,
    can_delete=True,
)


class ResolveForm(forms.Form):
    OUTCOMES = [
        ("accept", _("Accept: the full amount is owed")),
        ("partial", _("Partly accept: a smaller amount is owed")),
        ("reject", _("Reject: nothing is owed")),
    ]
    outcome = forms.ChoiceField(label=_("Decision"), choices=OUTCOMES, widget=forms.RadioSelect)
    amount = MoneyField(label=_("Amount owed, if partly accepted (VND)"), required=False)
    reason = forms.CharField(
        label=_("Reason (shown to both sides)"), widget=forms.Textarea(attrs={"rows": 3})
    )

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import RiskClass


def localised(row: dict, key: str) -> str:
    """`row[key_vi]` or `row[key_en]` for the active language (Vietnamese when English is missing)."""
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    return row.get(f"{key}_{lang}") or row.get(f"{key}_vi", "")


class StartForm(forms.Form):
    name = forms.CharField(label=_("Name of the AI system"), max_length=200)
    description = forms.CharField(
        label=_("What does it do? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.ChoiceField(
        label=_("Whose system is it?"),
        help_text=_(
            "Only your organisation's members and the consultant you ask to review it see the answers. "
            "For a catalogue solution, its class, who classified it and when are shown on the solution's public page."
        ),
    )

    def __init__(self, *args, owners: dict, solutions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"enterprise:{e.pk}", e.name) for e in owners["enterprises"]]
        choices += [(f"vendor:{v.pk}", v.name) for v in owners["vendors"]]
        choices += [(f"solution:{s.pk}", f"{s.vendor.name} · {s.name}") for s in solutions]
        self.fields["owner"].choices = choices
        if len(choices) == 1:
            self.fields["owner"].initial = choices[0][0]


class StepForm(forms.Form):
    """The questions of one step of the questionnaire, built from the frozen version's content."""

    def __init__(self, *args, content: dict, step: dict, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {q["code"]: q for q in content["questions"]}
        self.question_codes = list(step["questions"])
        for code in self.question_codes:
            question = questions[code]
            choices = [(o["code"], localised(o, "text")) for o in question["options"]]
            if question["kind"] == "multi":
                field = forms.MultipleChoiceField(
                    label=localised(question, "text"), choices=choices, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.ChoiceField(
                    label=localised(question, "text"), choices=choices, widget=forms.RadioSelect
                )
            if code in answers:
                field.initial = answers[code]
            self.fields[code] = field

    def answers(self) -> dict:
        return {code: self.cleaned_data[code] for code in self.question_codes}


class ChecklistForm(forms.Form):
    done = forms.MultipleChoiceField(
        label=_("Obligations you have met"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, obligations: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done"].choices = [(row["code"], localised(row, "text")) for row in obligations]
        self.fields["done"].initial = [row["code"] for row in obligations if row.get("done")]


class ReviewAskForm(forms.Form):
    consultant = forms.ChoiceField(label=_("Certified consultant with AI expertise"))
    message = forms.CharField(
        label=_("Message to the consultant (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The consultant sees your answers, the provisional class and this message; nothing becomes public."
        ),
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].choices = [
            (str(c.pk), f"{c.display_name} · {c.headline}" if c.headline else c.display_name)
            for c in reviewers
        ]


class DecideForm(forms.Form):
    risk_class = forms.ChoiceField(
        label=_("Class after your review"), choices=RiskClass.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for the owner"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Recorded with your name and the date. For a catalogue solution, your name, the class and the date "
            "are shown on its public page; the note is not."
        ),
    )


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Why you decline"), min_length=10, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import localised


class PillarAnswersForm(forms.Form):
    """One radio group per question of a pillar; built from the assessment's frozen content."""

    def __init__(self, *args, questions: list[dict], initial_answers: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question["code"]] = forms.ChoiceField(
                label=localised(question, "text"),
                help_text=localised(question, "help"),
                choices=[(o["code"], localised(o, "text")) for o in question["options"]],
                widget=forms.RadioSelect,
                required=False,
                initial=initial_answers.get(question["code"]),
            )

    def answers(self) -> dict[str, str]:
        return {code: value for code, value in self.cleaned_data.items() if value}


class DismissForm(forms.Form):
    kind = forms.ChoiceField(choices=[("consultant", _("consultant")), ("solution", _("solution"))])
    object_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why does it not suit you?"), max_length=500)

from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("We agree to publish our showcase page"),
        required=False,
        help_text=_(
            "Made public on the department's site: your enterprise's name, this story, the pillars that "
            "improved and the providers who helped. No personal data: do not name employees. You can take "
            "your consent back at any time."
        ),
    )
    story = forms.CharField(
        label=_("Our story"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

"""Forms of the training pages. Each says what becomes public (Decree 13/2023/NĐ-CP)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import MoneyField
from marketplace.core.widgets import checkbox_list

from . import fees
from .models import PILLARS, Audience, EventKind, Mode, OrganiserKind
from .services import MAX_CAPACITY, MAX_FEE

ATTENDEE_ROWS = 5
TIME_ZONES = [
    ("Asia/Ho_Chi_Minh", _("Vietnam (UTC+7)")),
    ("Asia/Bangkok", _("Bangkok (UTC+7)")),
    ("Asia/Singapore", _("Singapore (UTC+8)")),
    ("Asia/Tokyo", _("Tokyo (UTC+9)")),
    ("Europe/Berlin", _("Berlin (UTC+1, summer UTC+2)")),
]
LANGUAGE_CHOICES = [("vi", _("Vietnamese")), ("en", _("English"))]


class OrganiserApplyForm(forms.Form):
    name = forms.CharField(label=_("Organisation's name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganiserKind.choices)
    about = forms.CharField(
        label=_("About"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Public once approved: the name and this text appear on your events."),
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason (required to reject)"), required=False, max_length=2000)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    pillars = forms.MultipleChoiceField(
        label=_("Readiness pillars it helps with"), choices=PILLARS, required=False, widget=checkbox_list()
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    fee = MoneyField(label=_("Fee per seat (đồng)"), max_value=MAX_FEE, help_text=_("0 for a free event."))
    support_rule = forms.ChoiceField(label=_("Support that applies"), choices=())
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_rule"].choices = fees.rule_choices()
        if organisers is not None:
            choices = [(str(o.pk), o.name) for o in organisers]
            self.fields["organiser"] = forms.ChoiceField(
                label=_("Organiser"),
                choices=choices,
                help_text=_("Everything on this form is public once the event is published."),
            )
            self.order_fields(["organiser"])


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONES)
    venue = forms.CharField(label=_("Venue (address)"), required=False, max_length=255)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Capacity (seats)"), min_value=1, max_value=MAX_CAPACITY)

    def clean(self):
        data = super().clean()
        if {"day", "start", "end", "time_zone"} <= data.keys():
            zone = zoneinfo.ZoneInfo(data["time_zone"])
            data["starts_at"] = dt.datetime.combine(data["day"], data["start"], tzinfo=zone)
            data["ends_at"] = dt.datetime.combine(data["day"], data["end"], tzinfo=zone)
        return data


class RegisterForm(forms.Form):
    """Named employees: a name and an e-mail per row, empty rows ignored."""

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = forms.ChoiceField(
            label=_("Enterprise"), choices=[(str(e.pk), e.name) for e in enterprises]
        )
        for row in range(1, ATTENDEE_ROWS + 1):
            self.fields[f"name_{row}"] = forms.CharField(
                label=_("Attendee %(n)s: full name") % {"n": row}, required=row == 1, max_length=120
            )
            self.fields[f"email_{row}"] = forms.EmailField(
                label=_("Attendee %(n)s: e-mail") % {"n": row}, required=row == 1
            )

    def clean(self):
        data = super().clean()
        people = []
        for row in range(1, ATTENDEE_ROWS + 1):
            name, email = data.get(f"name_{row}"), data.get(f"email_{row}")
            if name and email:
                people.append((name, email))
            elif name or email:
                self.add_error(
                    f"email_{row}" if name else f"name_{row}", _("Give both the name and the e-mail.")
                )
        data["attendees"] = people
        return data


class TransferForm(forms.Form):
    name = forms.CharField(label=_("New attendee's full name"), max_length=120)
    email = forms.EmailField(label=_("New attendee's e-mail"))


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the organiser and the department read it; it is never published."),
    )


class CertificateLookupForm(forms.Form):
    code = forms.CharField(label=_("Certificate code"), max_length=60)

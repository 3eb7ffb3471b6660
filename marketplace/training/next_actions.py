"""The training items on the account page (registered in `TrainingConfig.ready`): officers see the
organiser applications waiting; SME members the sessions their employees attended and can still rate."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.roles import is_officer
from marketplace.core.next_actions import NextAction

from .models import Organiser, OrganiserStatus
from .selectors import seats_of


def organisers_to_decide(user) -> NextAction | None:
    if not is_officer(user):
        return None
    count = Organiser.objects.filter(status=OrganiserStatus.PENDING).count()
    if not count:
        return None
    return NextAction(
        "training.organisers_to_decide",
        _("Training organiser applications to decide"),
        count,
        reverse("training:officer_organisers"),
    )


def feedback_to_give(user) -> NextAction | None:
    count = (
        seats_of(user)
        .filter(checked_in_at__isnull=False, session__ends_at__lte=timezone.now(), feedback__isnull=True)
        .count()
    )
    if not count:
        return None
    return NextAction(
        "training.feedback_to_give", _("Sessions attended to rate"), count, reverse("training:mine")
    )


def register() -> None:
    from marketplace.core import next_actions

    next_actions.register("officer", organisers_to_decide)
    next_actions.register("sme", feedback_to_give)

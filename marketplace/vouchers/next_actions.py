"""The vouchers' item on the account page (registered in `VouchersConfig.ready`): for officers, the
support applications waiting for a decision."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.roles import is_officer
from marketplace.core.next_actions import NextAction

from .selectors import application_queue


def applications_to_decide(user) -> NextAction | None:
    if not is_officer(user):
        return None
    count = application_queue().count()
    if not count:
        return None
    return NextAction(
        "vouchers.applications_to_decide",
        _("Voucher applications to decide"),
        count,
        reverse("vouchers:officer"),
    )


def register() -> None:
    from marketplace.core import next_actions

    next_actions.register("officer", applications_to_decide)

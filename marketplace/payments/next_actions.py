"""The payments' items on the account page (registered in `PaymentsConfig.ready`): the enterprise's
payments started and not yet paid; for officers, bank transfers waiting to be marked received."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.roles import is_officer
from marketplace.core.next_actions import NextAction

from .models import Payment, PaymentMethod, PaymentStatus


def _action(key, label, payments) -> NextAction | None:
    ids = list(payments.order_by("created_at", "pk").values_list("pk", flat=True)[:2])
    if not ids:
        return None
    count = payments.count()
    url = reverse("payments:detail", args=[ids[0]]) if count == 1 else reverse("payments:mine")
    return NextAction(key, label, count, url)


def payments_waiting(user) -> NextAction | None:
    if not getattr(user, "is_authenticated", False):
        return None
    payments = Payment.objects.filter(
        status=PaymentStatus.PENDING, enterprise__in=user.enterprise_memberships.values("enterprise")
    )
    return _action("payments.waiting", _("Payments waiting for you"), payments)


def transfers_to_mark(user) -> NextAction | None:
    if not is_officer(user):
        return None
    payments = Payment.objects.filter(status=PaymentStatus.PENDING, method=PaymentMethod.BANK_TRANSFER)
    return _action("payments.transfers_to_mark", _("Bank transfers to mark received"), payments)


def register() -> None:
    from marketplace.core import next_actions

    next_actions.register("sme", payments_waiting)
    next_actions.register("officer", transfers_to_mark)

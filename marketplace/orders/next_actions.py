"""The solution orders' items on the account page (registered in `OrdersConfig.ready`): orders the
vendor has to confirm, amounts due the enterprise has not started paying. Only the user's own."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.next_actions import NextAction
from marketplace.payments.models import LIVE_STATUSES, Payment

from .models import AmountDue, AmountStatus, OrderStatus
from .selectors import orders_of_enterprise_member, orders_of_vendor_member


def orders_to_confirm(user) -> NextAction | None:
    orders = orders_of_vendor_member(user).filter(status=OrderStatus.REQUESTED)
    ids = list(orders.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return None
    url = reverse("orders:detail", args=[ids[0]]) if len(ids) == 1 else reverse("orders:vendor")
    return NextAction("orders.to_confirm", _("Orders to confirm"), len(ids), url)


def amounts_to_pay(user) -> NextAction | None:
    paid_or_open = Payment.objects.filter(
        payable_type=ContentType.objects.get_for_model(AmountDue), status__in=LIVE_STATUSES
    ).values("payable_id")
    amounts = (
        AmountDue.objects.filter(
            status=AmountStatus.DUE,
            sme_share__gt=0,
            due_date__lte=timezone.localdate(),
            order__in=orders_of_enterprise_member(user).values("pk"),
        )
        .exclude(pk__in=paid_or_open)
        .order_by("due_date", "pk")
    )
    first = amounts.values_list("order_id", flat=True).first()
    if first is None:
        return None
    count = amounts.count()
    url = reverse("orders:detail", args=[first]) if count == 1 else reverse("orders:mine")
    return NextAction("orders.amounts_to_pay", _("Solution amounts due to pay"), count, url)


def register() -> None:
    from marketplace.core import next_actions

    next_actions.register("vendor", orders_to_confirm)
    next_actions.register("sme", amounts_to_pay)

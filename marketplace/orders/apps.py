from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "marketplace.orders"
    label = "orders"
    verbose_name = _("Solution orders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.core import audit_labels
        from marketplace.payments import registry

        from . import indicators, next_actions, payables
        from .models import AmountDue, OrderStatus

        indicators.register()
        next_actions.register()

        registry.register(
            AmountDue,
            kind="order_amount",
            get_for=payables.amount_get_for,
            describe=payables.amount_due,
            on_paid=payables.amount_paid,
            on_refunded=payables.amount_refunded,
        )

        audit_labels.register(
            "orders.Order",
            states=OrderStatus.choices,
            actions={
                "order.place": _("Order placed"),
                "order.confirm": _("Confirmed by the vendor"),
                "order.decline": _("Declined by the vendor"),
                "order.withdraw": _("Withdrawn by the enterprise"),
                "order.confirm_in_use": _("Confirmed in use"),
                "order.cancel": _("Cancelled by the enterprise"),
                "order.renew": _("Next period recorded"),
                "order.end": _("Ended"),
                "order.report_revenue": _("Revenue reported"),
                "amount.pay": _("Amount paid"),
                "amount.paid_after_cancel": _("Paid after the amount was cancelled"),
                "amount.refunded": _("Payment refunded"),
            },
        )

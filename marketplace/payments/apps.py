from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "marketplace.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self):
        from marketplace.core import audit_labels

        from . import next_actions
        from .models import PaymentStatus
        from .workflow import PAYMENT_WORKFLOW

        audit_labels.register(
            "payments.Payment",
            states=PaymentStatus.choices,
            actions={t.action: t.label for t in PAYMENT_WORKFLOW.transitions},
        )
        next_actions.register()

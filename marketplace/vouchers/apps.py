from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "marketplace.vouchers"
    label = "vouchers"
    verbose_name = _("Support vouchers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.core import audit_labels
        from marketplace.core import support as core_support
        from marketplace.payments import support as payments_support

        from . import indicators, next_actions, receivers, schemes, selectors
        from .models import ApplicationStatus, VoucherStatus
        from .workflow import APPLICATION_WORKFLOW, VOUCHER_WORKFLOW

        core_support.register_rules_source(schemes.default_shares)
        payments_support.register(selectors.support_held_for)
        receivers.connect()
        indicators.register()
        next_actions.register()

        audit_labels.register(
            "vouchers.Application",
            states=ApplicationStatus.choices,
            actions={t.action: t.label for t in APPLICATION_WORKFLOW.transitions},
        )
        audit_labels.register(
            "vouchers.Voucher",
            states=VoucherStatus.choices,
            actions={t.action: t.label for t in VOUCHER_WORKFLOW.transitions},
        )

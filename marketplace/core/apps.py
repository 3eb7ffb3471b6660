from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "core"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from marketplace.core import digits

        digits.install()  # ASCII digits only in every number field (see marketplace.core.digits)

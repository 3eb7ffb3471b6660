from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "marketplace.impact"
    label = "impact"
    verbose_name = _("Measured impact")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.core import audit_labels, reputation

        from . import selectors

        reputation.register("impact", selectors.impact_facts)
        audit_labels.register(
            "impact.Measurement",
            states=[],
            actions={"impact.measure": _("Readiness change measured (T0→T1)")},
        )

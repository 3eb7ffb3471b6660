from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "marketplace.impact"
    label = "impact"
    verbose_name = _("Measured impact")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.core import audit_labels, reputation

        from . import indicators, selectors
        from .models import DesignationStatus

        reputation.register("impact", selectors.impact_facts)
        indicators.register()
        audit_labels.register(
            "impact.Measurement",
            states=[],
            actions={"impact.measure": _("Readiness change measured (T0→T1)")},
        )
        audit_labels.register(
            "impact.Designation",
            states=DesignationStatus.choices,
            actions={
                "exemplary.designate": _("Designated exemplary"),
                "exemplary.redesignate": _("Designated exemplary again"),
                "exemplary.withdraw": _("Designation withdrawn"),
                "exemplary.consent": _("Consent to publish given"),
                "exemplary.consent_withdrawn": _("Consent to publish taken back"),
            },
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AiRiskConfig(AppConfig):
    name = "marketplace.airisk"
    label = "airisk"
    verbose_name = _("AI risk classification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from catalogue import ai_classification
        from marketplace.core import audit_labels

        from . import selectors
        from .models import ClassificationStatus

        ai_classification.register("airisk", selectors.solution_facts)
        audit_labels.register(
            "airisk.Classification",
            states=ClassificationStatus.choices,
            actions={
                "classification.start": _("Classification started"),
                "classification.classify": _("Provisional class computed"),
                "classification.reopen": _("Answers changed"),
                "classification.request_review": _("Review requested"),
                "classification.withdraw_review": _("Review request withdrawn"),
                "classification.review_decline": _("Review declined by the consultant"),
                "classification.review_decide": _("Class decided by the consultant"),
            },
        )

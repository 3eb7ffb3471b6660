from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = _("Consultant network")

    def ready(self) -> None:
        from marketplace.core import audit_labels

        from .models import ApplicationStatus, CertificateStatus

        audit_labels.register(
            "consultants.CertificationApplication",
            states=ApplicationStatus.choices,
            actions={
                "create": _("Application started"),
                "submit": _("Application submitted"),
                "start_review": _("Review started"),
                "certify": _("Certified"),
                "reject": _("Rejected"),
                "request_changes": _("Changes requested"),
            },
        )
        audit_labels.register(
            "consultants.Certificate",
            states=CertificateStatus.choices,
            actions={
                "issue": _("Certificate issued"),
                "renew": _("Certificate renewed"),
                "suspend": _("Certificate suspended"),
                "reinstate": _("Certificate reinstated"),
                "revoke": _("Certificate revoked"),
                "expire": _("Certificate expired"),
            },
        )

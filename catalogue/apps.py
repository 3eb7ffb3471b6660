from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Solution catalogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.core import audit_labels

        from .models import Solution, SolutionRevision

        audit_labels.register(
            "catalogue.Solution",
            states=Solution.STATUS_CHOICES,
            # a published solution's pending change is recorded on the solution with its own states
            states_by_action_prefix={"revision.": SolutionRevision.STATE_CHOICES},
            actions={
                "solution.create": _("Listing created"),
                "solution.submit": _("Submitted for review"),
                "solution.withdraw": _("Withdrawn by the vendor"),
                "solution.reopen": _("Reopened for editing"),
                "solution.publish": _("Published"),
                "solution.reject": _("Rejected"),
                "solution.request_changes": _("Sent back for changes"),
                "solution.suspend": _("Suspended"),
                "solution.republish": _("Republished"),
                "revision.submit": _("Change submitted"),
                "revision.resubmit": _("Change resubmitted"),
                "revision.discard": _("Change discarded"),
                "revision.approve": _("Change approved"),
                "revision.reject": _("Change rejected"),
                "revision.request_changes": _("Change sent back for changes"),
            },
        )
        audit_labels.register(
            "catalogue.Vendor",
            states=[("active", _("Active"))],
            actions={"vendor.create": _("Vendor registered")},
        )

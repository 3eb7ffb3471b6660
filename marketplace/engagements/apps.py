from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "marketplace.engagements"
    label = "engagements"
    verbose_name = _("Engagements")

    def ready(self):
        from marketplace.core import audit_labels
        from marketplace.payments import registry

        from . import indicators, next_actions, payables, selectors
        from .models import EngagementStatus, Milestone, MilestoneStatus
        from .workflow import ENGAGEMENT_WORKFLOW, MILESTONE_WORKFLOW

        indicators.register()
        next_actions.register()

        registry.register(
            Milestone,
            kind="milestone",
            get_for=selectors.milestone_get_for,
            describe=payables.milestone_due,
            on_paid=payables.milestone_paid,
            on_refunded=payables.milestone_refunded,
        )

        audit_labels.register(
            "engagements.Engagement",
            states=EngagementStatus.choices,
            actions={
                **{t.action: t.label for t in ENGAGEMENT_WORKFLOW.transitions},
                # milestone moves are filed in the engagement's history
                **{t.action: t.label for t in MILESTONE_WORKFLOW.transitions},
                "engagement.propose": _("proposed"),
                "milestone.record_invoice": _("e-invoice recorded"),
                "milestone.paid": _("paid"),
                "milestone.refunded": _("refunded"),
            },
        )
        audit_labels.register(
            "engagements.Milestone",
            states=MilestoneStatus.choices,
            actions={t.action: t.label for t in MILESTONE_WORKFLOW.transitions},
        )

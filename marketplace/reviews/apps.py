from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "marketplace.reviews"
    label = "reviews"
    verbose_name = _("Reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.core import audit_labels, reputation

        from . import indicators, selectors
        from .models import ReviewStatus

        reputation.register("reviews", selectors.rating_facts)
        indicators.register()
        audit_labels.register(
            "reviews.Review",
            states=ReviewStatus.choices,
            actions={
                "review.publish": _("Review published"),
                "review.edit": _("Review edited"),
                "review.reply": _("Provider replied"),
                "review.report": _("Review reported"),
                "review.hide": _("Hidden by the department"),
                "review.restore": _("Restored by the department"),
                "review.reports_dismiss": _("Reports dismissed by the department"),
            },
        )
        audit_labels.register(
            "reviews.RatingSummary",
            states=[("flagged", _("Low rating"))],
            actions={
                "rating.flag": _("Flagged for a low rating"),
                "rating.unflag": _("Low-rating flag lifted"),
            },
        )

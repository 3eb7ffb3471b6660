from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Readiness assessment and matching")

    def ready(self) -> None:
        # Imported here, not at the top: models may be imported only once the app registry is ready.
        from catalogue.models import Solution
        from consultants.models import AvailabilityException, AvailabilityRule, Consultant, Engagement

        from .candidates import candidates_changed

        # rows that change a candidate's features without touching its updated_at: forget the
        # cached summaries at once in this process (other processes: through the change stamp)
        for model in (AvailabilityRule, AvailabilityException, Engagement):
            label = model._meta.label
            post_save.connect(candidates_changed, sender=model, dispatch_uid=f"matching-{label}-save")
            post_delete.connect(candidates_changed, sender=model, dispatch_uid=f"matching-{label}-delete")
        for model, fields in ((Consultant, ("sectors", "expertise", "coverage")), (Solution, ("sectors",))):
            label = model._meta.label
            for name in fields:
                m2m_changed.connect(
                    candidates_changed,
                    sender=getattr(model, name).through,
                    dispatch_uid=f"matching-{label}-{name}",
                )
        # a booking held or freed changes a consultant's free hours and earliest slot
        from consultants.bookings.services import holds_changed

        holds_changed.connect(candidates_changed, dispatch_uid="matching-booking-holds")

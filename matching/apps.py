from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"

    def ready(self) -> None:
        # rows that change a candidate's features without touching its updated_at: forget the
        # cached summaries at once in this process (other processes: through the change stamp)
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .candidates import candidates_changed

        for label in (
            "consultants.AvailabilityRule",
            "consultants.AvailabilityException",
            "consultants.Engagement",
        ):
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            post_save.connect(candidates_changed, sender=model, dispatch_uid=f"matching-{label}-save")
            post_delete.connect(candidates_changed, sender=model, dispatch_uid=f"matching-{label}-delete")
        for label, fields in (
            ("consultants.Consultant", ("sectors", "expertise", "coverage")),
            ("catalogue.Solution", ("sectors",)),
        ):
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            for name in fields:
                through = getattr(model, name).through
                m2m_changed.connect(
                    candidates_changed, sender=through, dispatch_uid=f"matching-{label}-{name}"
                )
        # a booking held or freed changes a consultant's free hours and earliest slot
        from consultants.bookings.services import holds_changed

        holds_changed.connect(candidates_changed, dispatch_uid="matching-booking-holds")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "marketplace.training"
    label = "training"
    verbose_name = _("Training and events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.core import pillar_offers

        from . import indicators, next_actions, selectors

        indicators.register()
        next_actions.register()
        pillar_offers.register("training", selectors.offers_for_pillars)

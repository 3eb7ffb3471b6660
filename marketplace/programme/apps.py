from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "marketplace.programme"
    label = "programme"
    verbose_name = _("Programme monitoring")

    def ready(self) -> None:
        # The sources of the apps below this floor are registered here; the other top-floor apps
        # (engagements, orders, support, reviews) register theirs from their own ready().
        from . import sources

        sources.register_builtin_sources()

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_triggers(sender, using="default", **kwargs) -> None:
    from .aggregates import install_triggers

    install_triggers(using)


class ProgrammeConfig(AppConfig):
    name = "marketplace.programme"
    label = "programme"
    verbose_name = _("Programme monitoring")

    def ready(self) -> None:
        # The sources of the apps below this floor are registered here; the other top-floor apps
        # (engagements, orders, support, reviews) register theirs from their own ready().
        from . import sources

        sources.register_builtin_sources()
        # after every migrate (and test database flush): the dirty-marking triggers of aggregates.py
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="programme_triggers")

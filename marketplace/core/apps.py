from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "core"

    def ready(self) -> None:
        from marketplace.core import digits

        digits.install()  # ASCII digits only in every number field (see marketplace.core.digits)

from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "marketplace.enterprises"
    label = "enterprises"

from django.apps import AppConfig


class ConsultantsConfig(AppConfig):
    name = "consultants"

from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "marketplace.taxonomy"
    label = "taxonomy"

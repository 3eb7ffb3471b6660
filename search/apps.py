from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"

    def ready(self) -> None:
        # domain apps declare what they index in <app>/search_indexes.py (search imports none of them)
        autodiscover_modules("search_indexes")

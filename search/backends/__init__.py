"""Backend selection by settings. The database backend always exists (and is the fallback)."""

from __future__ import annotations

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from elasticsearch import Elasticsearch

from ..registry import registry
from .base import SearchBackend
from .database import DatabaseBackend
from .elasticsearch import ElasticsearchBackend

_backends: dict[str, SearchBackend] = {}


def database_backend() -> DatabaseBackend:
    if "database" not in _backends:
        _backends["database"] = DatabaseBackend(registry)
    return _backends["database"]  # type: ignore[return-value]


def elasticsearch_client():
    options = {
        "request_timeout": settings.SEARCH_TIMEOUT_SECONDS,
        "max_retries": 0,
        "retry_on_timeout": False,
    }
    options.update(settings.SEARCH_ELASTICSEARCH_OPTIONS)
    return Elasticsearch(settings.ELASTICSEARCH_URL, **options)


def get_backend(name: str | None = None) -> SearchBackend:
    """The configured backend (`SEARCH_BACKEND`), built once per process."""
    name = name or settings.SEARCH_BACKEND
    if name == "database":
        return database_backend()
    if name == "elasticsearch":
        if name not in _backends:
            _backends[name] = ElasticsearchBackend(
                registry, client=elasticsearch_client(), index_prefix=settings.SEARCH_INDEX_PREFIX
            )
        return _backends[name]
    raise ValueError(f"Unknown SEARCH_BACKEND {name!r} (use 'database' or 'elasticsearch').")


def uses_external_engine() -> bool:
    return settings.SEARCH_BACKEND != "database"


@receiver(setting_changed)
def _reset(sender, setting, **kwargs):
    if setting.startswith("SEARCH_") or setting == "ELASTICSEARCH_URL":
        _backends.clear()

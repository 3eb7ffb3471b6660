"""Search test fixtures: a throwaway engine (osmem-server, or ELASTICSEARCH_URL if set) and helpers."""

from __future__ import annotations

import contextlib
import os
import socket
import uuid

import pytest

from tests.search.transport import OsmemCompatibleNode


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Engine:
    """A search engine for tests: osmem-server on loopback (restartable on the same port), or the
    real Elasticsearch named by ELASTICSEARCH_URL."""

    def __init__(self) -> None:
        self.external = os.environ.get("ELASTICSEARCH_URL", "")
        self.server = None
        self.port = free_port()
        self.url = self.external or f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if self.external:
            return
        from osmem_server import OsmemServer

        self.server = OsmemServer.start(addr=f"127.0.0.1:{self.port}", japanese=False)

    def stop(self) -> None:
        if self.external:
            pytest.fail("stopping the engine is only possible with osmem-server")
        if self.server:
            self.server.close(grace=0.5)
            self.server = None

    def client_options(self) -> dict:
        # a real Elasticsearch needs no media-type rewriting
        return {} if self.external else {"node_class": OsmemCompatibleNode}

    def client(self, **options):
        from elasticsearch import Elasticsearch

        return Elasticsearch(self.url, max_retries=0, request_timeout=5, **self.client_options(), **options)


@pytest.fixture(scope="session")
def engine():
    engine = Engine()
    engine.start()
    yield engine
    if engine.server:
        engine.server.close()


@pytest.fixture
def index_prefix(engine):
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    yield prefix
    if engine.server is None and not engine.external:
        return
    with contextlib.suppress(Exception):  # the engine may have been stopped by the test
        engine.client().options(ignore_status=404).indices.delete(index=f"{prefix}-*")


@pytest.fixture(autouse=True)
def _fresh_search_state(settings):
    """Throttle counters and the engine circuit breaker live in the cache: start each test clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def es_settings(settings, engine, index_prefix):
    """Configure the project to use the test engine as its Elasticsearch backend."""
    settings.ELASTICSEARCH_URL = engine.url
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.SEARCH_INDEX_PREFIX = index_prefix
    settings.SEARCH_ELASTICSEARCH_OPTIONS = engine.client_options()
    return settings

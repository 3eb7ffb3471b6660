"""The contract on the Elasticsearch backend, served by osmem-server (or ELASTICSEARCH_URL)."""

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from tests.search.contract import BackendContract

pytestmark = pytest.mark.search_engine


class TestElasticsearchBackend(BackendContract):
    @pytest.fixture
    def backend(self, registry, engine, index_prefix):
        backend = ElasticsearchBackend(registry, client=engine.client(), index_prefix=index_prefix)
        backend.ensure_index()
        return backend

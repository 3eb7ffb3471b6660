import pytest

from tests.factories import OfficerFactory

from .factories import SolutionFactory, VendorFactory, vendor_owner


@pytest.fixture
def vendor(db):
    return VendorFactory()


@pytest.fixture
def owner(vendor):
    return vendor_owner(vendor)


@pytest.fixture
def officer(db):
    return OfficerFactory()


@pytest.fixture
def published(vendor):
    return SolutionFactory(vendor=vendor, status="published")


@pytest.fixture
def outbox_rows(settings):
    """With an external engine configured, every change a service queues for search is an outbox row."""
    from search.models import OutboxEntry

    settings.SEARCH_BACKEND = "elasticsearch"
    return lambda solution: OutboxEntry.objects.filter(
        model_label="catalogue.solution", object_pk=str(solution.pk)
    )

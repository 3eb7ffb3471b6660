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


from .audit_flush import _audit_table_flushable  # noqa: E402,F401

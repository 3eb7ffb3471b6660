import pytest

from tests.consultants.dbutils import clear_audit_rows_for_flush


@pytest.fixture
def flushable_audit():
    yield
    clear_audit_rows_for_flush()

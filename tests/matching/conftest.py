"""Matching test helpers. Reference data and the audit flush for transactional tests are handled
for the whole suite in tests/conftest.py (see tests/transactional.py)."""

import time

from django.db import OperationalError


def busy_retry(call):
    """The in-memory SQLite test database reports a shared-cache lock at once where the file database
    (WAL + busy timeout) waits; wait and retry the same way here."""
    for _attempt in range(300):
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")

"""Run calls at the same instant on real threads (each with its own database connection), for the
concurrency guarantees every booking engine must keep (consultants, facilities)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection

from marketplace.core.errors import DomainError


def race(calls: list[Callable[[], object]]) -> list[str]:
    """Start every call together (a barrier); each outcome is "ok", a domain error's code, or the
    repr of any other exception (so the assertion shows it)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes

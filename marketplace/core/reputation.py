"""What lower floors may know about a provider's reputation, without importing the top floor.

Reviews and measured impact live on the top floor (`marketplace.reviews`, `marketplace.impact`), but
consultant profiles, solution pages, search documents and matching sit below it and may not import
it. The top-floor apps keep their aggregates in their own summary tables, maintained when a review
or a measurement is written (never computed when a profile or a search result is read), and register
a *reader* here from `AppConfig.ready`. Lower floors ask `facts(kind, ids)`: every reader answers
with one indexed query over its summary table, so a profile or a matching run costs a constant
number of queries whatever the number of reviews or assessments behind them.

`kind` is "consultant", "firm" or "solution"; a reader returns `{object_id: {name: value}}` and the
answers are merged per id (the reviews reader fills `rating`, the impact reader `impact`).

Why a registry rather than columns on the consultant and solution rows: the consultants app would
need a migration for every aggregate the top floor adds (and solutions already have their own
`rating_average`/`rating_count`, which the reviews app keeps in step through catalogue's service so
the existing search sort and facet read them unchanged).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Reader = Callable[[str, list[int]], dict[int, dict]]

_readers: dict[str, Reader] = {}


def register(name: str, reader: Reader) -> None:
    """Register (or replace) the reader called `name`."""
    _readers[name] = reader


def facts(kind: str, ids: Iterable[int]) -> dict[int, dict]:
    """`{id: {fact name: value}}` for the ids with any fact; ids without any are absent."""
    ids = [int(pk) for pk in ids]
    merged: dict[int, dict] = {}
    if not ids:
        return merged
    for reader in _readers.values():
        for pk, values in reader(kind, ids).items():
            merged.setdefault(pk, {}).update(values)
    return merged


def facts_for(kind: str, pk: int) -> dict:
    return facts(kind, [pk]).get(int(pk), {})

"""Who classified a solution's AI risk, and when: facts the top floor keeps, read without importing it.

The AI risk-classification questionnaire and its reviews live on the top floor (`marketplace.airisk`),
which catalogue may not import. That app registers a *reader* here from its `AppConfig.ready`; the
solution page asks `facts_for(pk)` and shows, next to the declared AI risk class, the class the
questionnaire gave, who classified it (the vendor itself, or the certified consultant who reviewed it)
and when. The reader answers with a constant number of queries whatever the number of solutions.

A reader returns `{solution_id: {"risk_class", "reviewed", "by", "by_url", "at"}}`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Reader = Callable[[list[int]], dict[int, dict]]

_readers: dict[str, Reader] = {}


def register(name: str, reader: Reader) -> None:
    """Register (or replace) the reader called `name`."""
    _readers[name] = reader


def facts(ids: Iterable[int]) -> dict[int, dict]:
    ids = [int(pk) for pk in ids]
    merged: dict[int, dict] = {}
    if not ids:
        return merged
    for reader in _readers.values():
        for pk, values in reader(ids).items():
            merged.setdefault(pk, {}).update(values)
    return merged


def facts_for(pk) -> dict:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return {}
    return facts([pk]).get(pk, {})

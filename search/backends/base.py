"""The backend interface: index operations and one `search(query)` call."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..query import SearchQuery, SearchResults

Key = tuple[str, str]  # (kind, id)
Progress = Callable[[int], None]


class SearchBackend:
    name = "base"

    def __init__(self, registry) -> None:
        self.registry = registry

    # ---- writing ----
    def apply(self, upserts: Iterable[dict], deletes: Iterable[Key] = ()) -> None:
        """Index/replace these documents and remove these keys, acknowledged as one unit of work."""
        raise NotImplementedError

    def index(self, documents: Iterable[dict]) -> None:
        self.apply(list(documents), ())

    def delete(self, keys: Iterable[Key]) -> None:
        self.apply((), list(keys))

    def rebuild(self, documents: Iterable[dict], *, progress: Progress | None = None, after_swap=None) -> int:
        """Replace the whole index with these documents; searches keep working meanwhile.

        `after_swap()` runs once the new contents are live (the outbox catch-up)."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def ensure_index(self) -> None:
        """Create the index structures if they are missing (no-op where migrations did it)."""

    def refresh(self) -> None:
        """Make the writes so far visible to searches (near-real-time engines)."""

    # ---- reading ----
    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def suggest(self, text: str, *, kinds: list[str] | None = None, limit: int = 8) -> list[dict]:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

"""The compare selection: up to 4 published solutions, kept in the user's session (shared storage, so
any web process sees it)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.core.digits import is_ascii_number

from .errors import CompareFull, SolutionNotFound
from .selectors import solution_public_get, solutions_by_ids_public

MAX_COMPARED = 4
SESSION_KEY = "catalogue_compare"


def compare_ids(session) -> list[int]:
    return [int(pk) for pk in session.get(SESSION_KEY, [])][:MAX_COMPARED]


def compare_add(session, *, solution_id: int) -> list[int]:
    ids = compare_ids(session)
    if solution_id in ids:
        return ids
    if solution_public_get(pk=solution_id) is None:
        raise SolutionNotFound(_("This solution is not in the published catalogue."))
    if len(ids) >= MAX_COMPARED:
        raise CompareFull(
            _("You can compare at most %(max)s solutions. Remove one first.") % {"max": MAX_COMPARED}
        )
    ids.append(solution_id)
    session[SESSION_KEY] = ids
    return ids


def compare_remove(session, *, solution_id: int) -> list[int]:
    ids = [pk for pk in compare_ids(session) if pk != solution_id]
    session[SESSION_KEY] = ids
    return ids


def compare_clear(session) -> None:
    session[SESSION_KEY] = []


def parse_ids(raw: str) -> tuple[list[int], bool]:
    """`?ids=3,7,9` → ([3, 7, 9], too_many). Anything that is not a number is dropped."""
    ids: list[int] = []
    for part in (raw or "").split(","):
        part = part.strip()
        if is_ascii_number(part) and int(part) not in ids:
            ids.append(int(part))
    return ids[:MAX_COMPARED], len(ids) > MAX_COMPARED


def compared_solutions(ids: list[int]):
    return solutions_by_ids_public(ids)

"""What each role has to do next in the deals, for the account page.

The account page (matching) sits below the deal apps and may not import them, so each deal app
registers, from its `AppConfig.ready`, one function per kind of item ("proposals waiting for your
answer", "milestones to deliver"...) under the role that acts on it. A function takes the user and
returns a `NextAction` with the count of that user's own items (never anyone else's), or None when
there is nothing to do. `for_user` asks only the roles the user holds and keeps what is due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROLES = ("sme", "consultant", "vendor", "officer")


@dataclass(frozen=True)
class NextAction:
    key: str  # stable name, e.g. "engagements.proposals_to_answer" (tests and data-testid use it)
    label: Any  # may be a lazy translation
    count: int
    url: str
    due_at: dt.datetime | None = None  # the earliest deadline among the items, when they have one


Provider = Callable[[Any], "NextAction | None"]

_providers: dict[str, list[Provider]] = {role: [] for role in ROLES}


def register(role: str, provider: Provider) -> None:
    if role not in _providers:
        raise ValueError(f"unknown role {role!r}")
    if provider not in _providers[role]:
        _providers[role].append(provider)


def for_role(user, role: str) -> list[NextAction]:
    found = (provider(user) for provider in _providers.get(role, ()))
    return [action for action in found if action is not None and action.count > 0]


def for_user(user, roles) -> dict[str, list[NextAction]]:
    """The due items of each role the user holds; an absent role is not asked."""
    return {role: for_role(user, role) for role in ROLES if role in roles}

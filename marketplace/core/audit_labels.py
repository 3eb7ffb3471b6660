"""What people read in a history instead of the raw codes an audit record stores.

Each app registers, for each model it audits, the names of its states (usually the status field's
choices) and a label for every action it records (`register`, from the app's `AppConfig.ready`).
Where one subject records the states of something else (a solution's history also holds its pending
revisions' states), `states_by_action_prefix` names those. The history templates show
`action_label(record)` and `state_label(record, value)`; an unregistered code is shown as it is
rather than hidden, and the history page tests fail on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

_actions: dict[str, dict[str, Any]] = {}
_states: dict[str, dict[str, Any]] = {}
_states_by_prefix: dict[str, dict[str, dict[str, Any]]] = {}


def register(
    model_label: str,
    *,
    states: Iterable[tuple[str, Any]],
    actions: dict[str, Any],
    states_by_action_prefix: dict[str, Iterable[tuple[str, Any]]] | None = None,
) -> None:
    """`model_label` is "app_label.ModelName"; labels may be lazy translations."""
    key = model_label.lower()
    _states[key] = dict(states)
    _actions.setdefault(key, {}).update(actions)
    _states_by_prefix[key] = {prefix: dict(c) for prefix, c in (states_by_action_prefix or {}).items()}


def _key(record) -> str:
    content_type = record.content_type
    return f"{content_type.app_label}.{content_type.model}"


def action_label(record) -> str:
    return str(_actions.get(_key(record), {}).get(record.action, record.action))


def state_label(record, value: str) -> str:
    if not value:
        return ""
    key = _key(record)
    names = _states.get(key, {})
    for prefix, prefixed in _states_by_prefix.get(key, {}).items():
        if record.action.startswith(prefix):
            names = prefixed
            break
    return str(names.get(value, value))

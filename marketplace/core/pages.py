"""Helpers for the web pages' views (the API has its own exception handler).

- `form_errors` shows a domain error on a form: the one way every page does it.
- `post_action` runs the action a multi-action page's POST names (`form=rule`, `form=delete_rule`...)
  and says how to answer when it did not succeed.
- `posted_pk` reads a row id from a POST: a garbled one is a 400 with a message, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .errors import DomainError, InvalidInput

# the largest primary key the databases store (bigint); a larger number would overflow the query
MAX_PK = 2**63 - 1


def form_errors(form: django_forms.BaseForm | None, error: DomainError, *, request: HttpRequest) -> None:
    """Put each of the error's field messages on its field (on top when the form has no such field),
    and its message on top when no field explains it. An action without a form of its own (start,
    submit, delete) has nothing to show it on: the message goes to the top of the page."""
    if form is None or not form.is_bound:
        messages.error(request, error.message)
        return
    if not error.fields:
        form.add_error(None, error.message)
    for field, errors in error.fields.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def error_status(error: DomainError) -> int:
    """The status of a page shown again after `error`: 400 when the user can correct a field, else
    the error's own (403, 404, 409: the object's state or someone else's change refused it)."""
    return 400 if error.fields else error.status


@dataclass(frozen=True)
class PostOutcome:
    """`response` when the action succeeded (usually a redirect); else the page is shown again with
    `status` (200 for a GET, when nothing ran)."""

    response: HttpResponse | None = None
    status: int = 200


def post_action(
    request: HttpRequest,
    actions: Mapping[str, Callable[[], HttpResponse | None]],
    *,
    forms: Mapping[str, django_forms.BaseForm] | None = None,
    key: str = "form",
) -> PostOutcome:
    """Run `actions[request.POST[key]]`. An action returns a response when it succeeded or None when
    its form is not valid (the form shows why). A domain error is shown on that action's form in
    `forms` (see `form_errors`); an unknown action is a 400 with a message."""
    if request.method != "POST":
        return PostOutcome()
    name = request.POST.get(key, "")
    action = actions.get(name)
    if action is None:
        messages.error(request, _("This action is not available here. Reload the page and try again."))
        return PostOutcome(status=400)
    try:
        response = action()
    except DomainError as error:
        form_errors((forms or {}).get(name), error, request=request)
        return PostOutcome(status=error_status(error))
    return PostOutcome(response=response) if response is not None else PostOutcome(status=400)


def form_action(
    request: HttpRequest,
    form: django_forms.BaseForm,
    save: Callable[[dict], object],
    *,
    then: HttpResponse,
    success: str = "",
) -> Callable[[], HttpResponse | None]:
    """The usual action of a multi-action page: validate `form`, `save(cleaned_data)`, say `success`
    and answer `then` (for `post_action`)."""

    def action() -> HttpResponse | None:
        if not form.is_valid():
            return None
        save(form.cleaned_data)
        if success:
            messages.success(request, success)
        return then

    return action


def posted_pk(request: HttpRequest, name: str = "pk") -> int:
    """The row id posted in `name`; anything but a whole number in the id range is refused."""
    raw = request.POST.get(name, "")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if not 0 < value <= MAX_PK:
        message = _("This item does not exist. Reload the page and try again.")
        raise InvalidInput(message, fields={name: [message]})
    return value

"""Domain errors: services raise these; the API handler and views turn them into responses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """An error a user can act on. `code` is stable (clients match on it); `message` is translated."""

    code = "domain_error"
    status = 400
    default_message = ""

    def __init__(
        self, message: Any = None, *, fields: dict[str, list[str]] | None = None, code: str | None = None
    ):
        self.message = str(message or self.default_message or self.code)
        self.fields = fields or {}
        if code:
            self.code = code
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class Conflict(DomainError):
    """Someone else changed the object first (compare-and-swap lost) or a uniqueness rule was hit."""

    code = "conflict"
    status = 409


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409


class InvalidInput(DomainError):
    """A request value no form could produce (a forged or garbled field): a 400, never a crash."""

    code = "invalid_input"

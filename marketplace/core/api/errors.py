"""One error shape for the whole API: {"code", "message", "fields"}."""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.core.errors import DomainError
from marketplace.core.handlers import csrf_message

DEFAULT_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
}


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _flatten(value).items():
                    out[f"{key}.{sub}"] = msgs
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for index, item in enumerate(value):
                    for sub, msgs in _flatten(item).items():
                        out[f"{key}.{index}.{sub}"] = msgs
            else:
                out[str(key)] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, IntegrityError):
        return Response(
            error_body("conflict", _("The change conflicts with existing data. Reload and try again.")),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, exceptions.ParseError):
        # DRF's parsers put the parser's own English text ("JSON parse error - Expecting value...")
        # in the detail, untranslatable; the code says what happened, the message says it in Vietnamese.
        exc = exceptions.ParseError(
            _("The request body could not be read: it is not valid JSON or form data.")
        )
    elif isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        # DRF formats the wait into the text before translating it, so no catalogue can match it
        wait = math.ceil(exc.wait)
        message = ngettext(
            "Too many requests. Try again in %(wait)s second.",
            "Too many requests. Try again in %(wait)s seconds.",
            wait,
        ) % {"wait": wait}
        exc = exceptions.Throttled(wait=exc.wait)  # keeps the Retry-After header
        exc.detail = exceptions.ErrorDetail(message, code="throttled")
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        return Response(error_body("csrf_failed", csrf_message()), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(detail)
        message = _("Some fields are not valid.")
        if set(fields) == {"non_field_errors"}:
            message = fields["non_field_errors"][0]
        response.data = error_body("invalid", message, fields)
    else:
        message = detail.get("detail", "") if isinstance(detail, dict) else str(detail)
        code = getattr(getattr(detail, "get", lambda k: None)("detail"), "code", None) or DEFAULT_CODES.get(
            response.status_code, "error"
        )
        if response.status_code in (401, 403) and code in ("not_authenticated", "authentication_failed"):
            code = "not_authenticated"
        response.data = error_body(str(code), str(message))
    return response

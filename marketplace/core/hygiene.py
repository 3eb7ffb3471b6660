"""Requests carrying a NUL character are refused before any view runs.

PostgreSQL text cannot hold NUL: a NUL in a filter, slug, code or choice reached the database and
answered 500 there (SQLite accepted it, hiding the defect). No field of this product has a use for
NUL, so one middleware that every request passes rejects it in the path, the query string, a form
body and a JSON body (raw byte or `\\u0000` escape), instead of each view and serializer guarding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from django.http import HttpRequest
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError

NUL = "\x00"
# an odd run of backslashes before u0000 is a NUL escape; an even run is an escaped backslash
_JSON_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class NulCharacter(DomainError):
    code = "null_character"
    status = 400


def _nul_keys_in_query(raw: str) -> list[str]:
    if "%00" not in raw and NUL not in raw:
        return []
    found = []
    for key, value in parse_qsl(raw, keep_blank_values=True, errors="replace"):
        if NUL in key or NUL in value:
            found.append(key.replace(NUL, "") or "non_field_errors")
    return found or ["non_field_errors"]


def _nul_paths(value: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if NUL in value:
            yield prefix or "non_field_errors"
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if NUL in str(key):
                yield name.replace(NUL, "")
            else:
                yield from _nul_paths(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{prefix}.{index}" if prefix else str(index))


def _nul_fields_in_json(body: bytes) -> list[str]:
    if b"\x00" not in body and not _JSON_NUL_ESCAPE.search(body):
        return []
    try:
        parsed = json.loads(body)
    except ValueError:
        return ["non_field_errors"]  # a raw NUL byte, or broken JSON that also holds an escape
    return list(dict.fromkeys(_nul_paths(parsed))) or ["non_field_errors"]


def _nul_fields_in_multipart(request: HttpRequest) -> list[str]:
    # File contents may hold NUL bytes (images); only the ordinary fields and file names are text.
    found = [key for key, values in request.POST.lists() if NUL in key or any(NUL in v for v in values)]
    found += [key for key, upload in request.FILES.items() if NUL in (upload.name or "")]
    return found


def nul_fields(request: HttpRequest) -> list[str] | None:
    """The fields holding a NUL (`non_field_errors` when it is elsewhere), or None when there is none."""
    if NUL in request.path_info:  # already percent-decoded: `%00` is here as NUL
        return []
    fields = _nul_keys_in_query(request.META.get("QUERY_STRING", ""))
    if request.method not in ("GET", "HEAD", "OPTIONS", "DELETE") or request.META.get("CONTENT_LENGTH"):
        content_type = request.content_type or ""
        if content_type == "application/x-www-form-urlencoded":
            fields += _nul_keys_in_query(request.body.decode("latin-1"))
        elif content_type == "multipart/form-data":
            fields += _nul_fields_in_multipart(request)
        elif content_type == "application/json" or content_type.endswith("+json"):
            fields += _nul_fields_in_json(request.body)
    return list(dict.fromkeys(fields)) if fields else None


def nul_error(fields: list[str]) -> NulCharacter:
    message = _("The request contains a null character (NUL), which no field accepts.")
    return NulCharacter(message, fields={name: [_("Null characters are not allowed.")] for name in fields})

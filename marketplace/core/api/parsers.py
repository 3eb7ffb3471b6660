"""Request parsers that refuse a body the API cannot mean, instead of reading it as an empty form.

Every request body of this API is an object (the OpenAPI schema says so for each operation). DRF's
parsers accept more: a JSON array or number reaches the view (where `request.data.get` crashes or a
serializer answers in English), and a multipart body whose parts carry no field name parses as an
empty form, which a PATCH applies as a silent no-op with 200. These parsers answer 400 `parse_error`
in the one error shape for both, for every endpoint that uses the project's defaults
(`REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]`) or names these classes.

A view that really takes a top-level JSON array sets `json_body_may_be_list = True`.

A form cannot carry an object-valued field (a DictField, a JSONField, a nested serializer): DRF reads
such a field from a form as `{}` whatever was sent, so a form PATCH would silently empty it. The create
and update actions of a view whose serializer has one refuse form bodies with 415, and the schema
(marketplace.core.api.schema) offers only JSON for every operation whose request body has one.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, serializers

from marketplace.core.errors import DomainError

# "--" boundary "--" CRLF, plus a blank preamble line some clients send: an empty form is no longer
EMPTY_MULTIPART_SLACK = 8


class UnreadableBody(DomainError):
    code = "parse_error"
    status = 400


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        view = (parser_context or {}).get("view")
        if isinstance(data, dict) or (
            isinstance(data, list) and getattr(view, "json_body_may_be_list", False)
        ):
            return data
        raise UnreadableBody(
            _("The request body must be a JSON object (named fields), not a list or a single value.")
        )


def needs_json(serializer) -> bool:
    """True when a writable field of the serializer holds an object, which a form cannot carry."""
    if isinstance(serializer, type):
        serializer = serializer()
    if not isinstance(serializer, serializers.Serializer):
        return False
    for field in serializer.fields.values():
        if field.read_only:
            continue
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.ListField):
            field = field.child
        if isinstance(field, (serializers.DictField, serializers.JSONField, serializers.Serializer)):
            return True
    return False


def _refuse_forms_for_objects(media_type, parser_context) -> None:
    view = (parser_context or {}).get("view")
    if getattr(view, "action", None) not in ("create", "update", "partial_update"):
        return
    get_serializer = getattr(view, "get_serializer", None)
    if get_serializer is not None and needs_json(get_serializer()):
        raise exceptions.UnsupportedMediaType(media_type)


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_forms_for_objects(media_type, parser_context)
        return super().parse(stream, media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_forms_for_objects(media_type, parser_context)
        result = super().parse(stream, media_type, parser_context)
        if result.data or result.files:
            return result
        request = (parser_context or {}).get("request")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        except ValueError:
            length = 0
        boundary = _boundary(media_type)
        if length > len(boundary) + EMPTY_MULTIPART_SLACK:
            # there were parts, but none named a field: not a form
            raise UnreadableBody(
                _(
                    "The form data could not be read: every part needs a name (Content-Disposition: form-data; name=...)."
                )
            )
        return result


def _boundary(media_type: str | None) -> str:
    for parameter in (media_type or "").split(";")[1:]:
        key, _sep, value = parameter.strip().partition("=")
        if key.lower() == "boundary":
            return value.strip('"')
    return ""

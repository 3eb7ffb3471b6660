"""The OpenAPI schema tells a generated client the truth, for every endpoint, without per-view work.

`AutoSchema` (the project's DEFAULT_SCHEMA_CLASS) adds to what drf-spectacular infers:
- the error responses every operation can give, each with the one error shape (`Error`) and the
  `code` values it carries; an operation's own `extend_schema(responses=...)` wins for a status;
- tags that group operations by what a user does (`TAGS`, first match on the path), so a generated
  client reads "bookings", "assessment", "catalogue" rather than URL fragments;
- `nullable` on file and image URLs, which DRF renders as null when no file is stored.
operationIds stay drf-spectacular's, derived from path and method (`bookings_accept_create`): they
change only when the URL does, which is a breaking change anyway.
"""

from __future__ import annotations

import re

from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from rest_framework import permissions, serializers

from marketplace.core.api.fields import NullForOthersMixin
from marketplace.core.api.parsers import needs_json

# Path (below /api/v1/) -> tag, first match wins. A new app falls back to its first path segment.
TAGS: list[tuple[str, str]] = [
    (r"^/auth/|^/me/", "account"),
    (r"^/enterprises/[^/]+/recommendations/", "recommendations"),
    (r"^/enterprises/", "enterprise"),
    (r"^/assessments/|^/criteria-sets/", "assessment"),
    (r"^/search/", "search"),
    (r"^/consultants/me/", "consultant-profile"),
    (r"^/certification-applications/", "certification"),
    (r"^/consulting-firms/", "consultant-profile"),
    (r"^/consultants/|^/certificates/", "consultant-registry"),
    (r"^/bookings/", "bookings"),
    (r"^/vendor/", "vendor-listings"),
    (r"^/review/", "listing-review"),
    (r"^/solutions/|^/vendors/|^/catalogue/", "catalogue"),
    (r"^/voucher", "support-vouchers"),
]

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
TAXONOMY_ENUM_LIMIT = 500

# What each error status means here and the codes it may carry (domain codes come from the services).
ERROR_DESCRIPTIONS = {
    "400": _(
        "The request is not valid: `invalid` (see `fields`), `null_character`, `invalid_input`, "
        "`parse_error` or a domain code."
    ),
    "401": _("`not_authenticated`: no or a wrong token."),
    "403": _("`permission_denied` (the role may not do this) or `csrf_failed`."),
    "404": _("`not_found`: no such object, one outside your memberships, or a page past the end."),
    "409": _(
        "`conflict`, `invalid_transition` or a domain code: the object changed or is in a state "
        "that does not allow this."
    ),
    "415": _("`unsupported_media_type`: send JSON (or multipart for files)."),
    "429": _("`throttled`: too many requests; wait for the seconds in `Retry-After`."),
}


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    code = serializers.CharField(help_text=_("Stable machine-readable code, e.g. `invalid`, `slot_taken`."))
    message = serializers.CharField(help_text=_("What went wrong, in the reader's language."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per request field (dotted paths for nested fields); empty when none."),
    )

    class Meta:
        ref_name = "Error"


def _only_reads_are_public(view, method: str) -> bool:
    """True when no permission of the view can refuse this method (so a 403 cannot happen)."""
    classes = getattr(view, "permission_classes", [])
    if method in UNSAFE:
        return all(cls is permissions.AllowAny for cls in classes)
    return all(cls in (permissions.AllowAny, permissions.IsAuthenticatedOrReadOnly) for cls in classes)


class AutoSchema(openapi.AutoSchema):
    def get_tags(self) -> list[str]:
        path = re.sub(r"^/api/v[0-9]+", "", self.path)
        for pattern, tag in TAGS:
            if re.search(pattern, path):
                return [tag]
        return super().get_tags()

    def map_parsers(self):
        # One request encoding per operation, so a generated client sends one thing: JSON, or
        # multipart where a file is uploaded. The parsers still read forms (the browsable API, tests),
        # but a form cannot carry an object-valued field (see marketplace.core.api.parsers).
        media_types = super().map_parsers()
        serializer = self.get_request_serializer()
        if isinstance(serializer, type) and issubclass(serializer, serializers.BaseSerializer):
            serializer = serializer()
        if _uploads_files(serializer):
            return [media for media in media_types if media.startswith("multipart/")] or media_types
        if "application/json" in media_types and (
            needs_json(serializer) or isinstance(serializer, serializers.BaseSerializer)
        ):
            return ["application/json"]
        return media_types

    def _error_statuses(self) -> list[str]:
        # 400: any request may hold a NUL character or a bad parameter; 401: a wrong token header is
        # refused on every endpoint; 404: unknown objects and pages past the end.
        statuses = ["400", "401", "404"]
        if not _only_reads_are_public(self.view, self.method):
            statuses.append("403")
        if self.method in UNSAFE:
            statuses += ["409", "415"]
        # a view's own rules on top of its permissions, per action (e.g. officers-only filters)
        extra = getattr(self.view, "error_statuses", {}).get(getattr(self.view, "action", None), [])
        statuses += [status for status in extra if status not in statuses]
        if getattr(self.view, "throttle_classes", None) and getattr(self.view, "throttle_scope", None):
            statuses.append("429")
        return sorted(statuses)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for status in self._error_statuses():
            responses.setdefault(
                status,
                {
                    "description": str(ERROR_DESCRIPTIONS[status]),
                    "content": {"application/json": {"schema": error}},
                },
            )
        return responses

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = getattr(filterset_class, "base_filters", {}) if filterset_class else {}
        for parameter in parameters:
            django_filter = filters.get(parameter["name"])
            if django_filter is not None:
                _constrain(parameter["schema"], django_filter)
        return parameters

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # DRF renders a FileField/ImageField with no file as null
        if isinstance(field, serializers.TimeField):
            # OpenAPI's "time" format is RFC 3339's, which needs an offset; these are wall-clock times
            # in the owner's time zone ("09:00", "17:30:00"), so say that instead
            schema.pop("format", None)
            schema["pattern"] = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$"
        if direction == "request" and schema:  # None for a field left out of the schema
            _state_emptiness(schema, field)
            _state_not_blank(schema, field)
            if isinstance(field, NullForOthersMixin):
                schema.pop("nullable", None)
        if direction == "response" and isinstance(field, serializers.FileField):
            schema["nullable"] = True
        if (
            direction == "response"
            and isinstance(field, serializers.ChoiceField)
            and _blank_model_field(field)
        ):
            # a read-only model field loses DRF's allow_blank, but an empty choice is still answered
            # as "": the enum must say so or clients reject real data
            if "enum" in schema and "" not in schema["enum"]:
                schema["enum"] = [*schema["enum"], ""]
            elif "$ref" in schema:
                schema = {"oneOf": [schema, {"type": "string", "enum": [""]}]}
        return schema


def _state_emptiness(schema: dict, field) -> None:
    """`allow_empty=False` (or `min_length`) on a list or a dict refuses `[]` / `{}`; drf-spectacular
    leaves it out for nested serializers."""
    if schema.get("readOnly"):
        return
    min_length = getattr(field, "min_length", None) if isinstance(field, serializers.ListSerializer) else None
    if getattr(field, "allow_empty", True) and not min_length:
        return
    if schema.get("type") == "array":
        schema["minItems"] = max(schema.get("minItems", 0), min_length or 1)
        max_length = getattr(field, "max_length", None)
        if max_length is not None and "maxItems" not in schema:
            schema["maxItems"] = max_length
    elif schema.get("type") == "object" and isinstance(field, serializers.DictField):
        schema["minProperties"] = max(schema.get("minProperties", 0), 1)


def _state_not_blank(schema: dict, field) -> None:
    """DRF trims a CharField's spaces before refusing a blank one: "  " is refused like ""."""
    if isinstance(field, serializers.SlugField) and "pattern" not in schema:
        schema["pattern"] = r"^[-a-zA-Z0-9_]+$" if not field.allow_unicode else r"^[-\w]+$"
    if (
        isinstance(field, serializers.CharField)
        and field.trim_whitespace
        and not field.allow_blank
        and schema.get("type") == "string"
        and not {"pattern", "format", "enum"} & schema.keys()
    ):
        schema["pattern"] = r"\S"


def _uploads_files(serializer) -> bool:
    if isinstance(serializer, type):
        serializer = serializer()
    if not isinstance(serializer, serializers.Serializer):
        return False
    for field in serializer.fields.values():
        child = getattr(field, "child", None)
        if not field.read_only and (
            isinstance(field, serializers.FileField) or isinstance(child, serializers.FileField)
        ):
            return True
    return False


def _blank_model_field(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except Exception:  # noqa: BLE001 - a serializer-only name: nothing to learn from the model
        return False
    return bool(getattr(model_field, "blank", False)) and not getattr(field, "allow_blank", False)


def _constrain(schema: dict, django_filter) -> None:
    """State in the schema what the filter's form field enforces, so a client knows before sending."""
    target = schema.get("items", schema)
    enum = target.get("enum")
    if enum and all(isinstance(value, str) for value in enum) and target.get("type") != "string":
        target["type"] = "string"  # a choice of the strings "true"/"false" is not a JSON boolean
    extra = django_filter.extra
    if extra.get("min_value") is not None:
        target["minimum"] = extra["min_value"]
    if extra.get("max_value") is not None:
        target["maximum"] = extra["max_value"]
    if "enum" not in target:
        _set_codes(target, extra.get("queryset"), extra.get("to_field_name"))
    if "enum" not in target and callable(extra.get("choices")):
        _set_choices(target, extra["choices"])


def _set_choices(target: dict, choices) -> None:
    # a ChoiceFilter whose choices come from the taxonomy tables (a callable): list them like codes
    try:
        values = [value for value, _label in choices()]
    except DatabaseError:  # schema generated without a migrated database: no list, still valid
        return
    if values and len(values) <= TAXONOMY_ENUM_LIMIT:
        target["enum"] = values


def _set_codes(target: dict, queryset, to_field: str | None) -> None:
    # taxonomy codes (sectors, categories, units) are loaded from the repository's data files: list
    # them, so "a valid choice" is something a client can read; long or absent lists are left out
    if not to_field or queryset is None:
        return
    try:
        values = list(queryset.order_by(to_field).values_list(to_field, flat=True)[: TAXONOMY_ENUM_LIMIT + 1])
    except DatabaseError:  # schema generated without a migrated database: no list, still valid
        return
    if values and len(values) <= TAXONOMY_ENUM_LIMIT:
        target["enum"] = values

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultants.bookings.api.serializers import OffsetDateTimeField

from .. import fees
from ..models import PILLARS, Audience, Event, EventKind, Mode, Organiser, OrganiserKind, Seat, Session
from ..services import LANGUAGES, MAX_ATTENDEES_PER_REQUEST, MAX_CAPACITY, MAX_FEE


class SessionSerializer(serializers.ModelSerializer):
    # a plain string: empty for a session at a venue (a "uri" format would refuse the empty value)
    online_url = serializers.CharField(read_only=True, help_text="The online link; empty at a venue.")
    confirmed = serializers.SerializerMethodField()
    waiting = serializers.SerializerMethodField()
    seats_left = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "starts_at",
            "ends_at",
            "timezone",
            "venue",
            "online_url",
            "capacity",
            "confirmed",
            "waiting",
            "seats_left",
        ]
        read_only_fields = fields

    def get_confirmed(self, session) -> int:
        return getattr(session, "confirmed_count", 0)

    def get_waiting(self, session) -> int:
        return getattr(session, "waiting_count", 0)

    def get_seats_left(self, session) -> int:
        return max(0, session.capacity - getattr(session, "confirmed_count", 0))


class SupportRuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    rates_bp = serializers.DictField(
        child=serializers.IntegerField(), help_text="Basis points per size class."
    )
    source = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    organiser_name = serializers.SerializerMethodField()
    sessions = SessionSerializer(many=True, read_only=True)
    support = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "organiser",
            "organiser_name",
            "kind",
            "title",
            "summary",
            "audience",
            "pillars",
            "mode",
            "fee",
            "support_rule",
            "support",
            "language",
            "status",
            "published_at",
            "sessions",
        ]
        read_only_fields = fields

    def get_organiser_name(self, event) -> str | None:
        return event.organiser.name if event.organiser_id else None

    @extend_schema_field(SupportRuleSerializer)
    def get_support(self, event) -> dict:
        rule = fees.rules().get(event.support_rule)
        if rule is None:
            return {"code": event.support_rule, "name": "", "rates_bp": {}, "source": ""}
        return {"code": rule.code, "name": rule.name, "rates_bp": rule.rates_bp, "source": rule.source}


class EventWriteSerializer(serializers.Serializer):
    organiser = serializers.IntegerField(
        min_value=1,
        max_value=2**62,
        required=False,
        allow_null=True,
        help_text="Empty: the department (officers only).",
    )
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    audience = serializers.ChoiceField(choices=Audience.choices)
    pillars = serializers.ListField(
        child=serializers.ChoiceField(choices=PILLARS), required=False, max_length=7
    )
    mode = serializers.ChoiceField(choices=Mode.choices)
    fee = serializers.IntegerField(min_value=0, max_value=MAX_FEE, required=False, help_text="VND per seat.")
    support_rule = serializers.ChoiceField(choices=[], required=False)
    language = serializers.ChoiceField(choices=[(code, code) for code in LANGUAGES], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_rule"].choices = [(code, code) for code in fees.rules()]


class EventUpdateSerializer(EventWriteSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("organiser")
        for field in self.fields.values():
            field.required = False


class SessionWriteSerializer(serializers.Serializer):
    starts_at = OffsetDateTimeField(help_text="ISO 8601 with its offset.")
    ends_at = OffsetDateTimeField(help_text="ISO 8601 with its offset.")
    timezone = serializers.CharField(max_length=64, required=False, default="Asia/Ho_Chi_Minh")
    venue = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    online_url = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_CAPACITY)


class SeatSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="session.event_id", read_only=True)
    event_title = serializers.CharField(source="session.event.title", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    checked_in = serializers.SerializerMethodField()

    class Meta:
        model = Seat
        fields = [
            "id",
            "session",
            "event",
            "event_title",
            "starts_at",
            "enterprise",
            "enterprise_name",
            "attendee_name",
            "attendee_email",
            "status",
            "queued_at",
            "fee",
            "support",
            "sme_share",
            "checked_in",
            "checked_in_at",
            "certificate_code",
        ]
        read_only_fields = fields

    def get_checked_in(self, seat) -> bool:
        return seat.checked_in_at is not None


class AttendeeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField()


class SeatCreateSerializer(serializers.Serializer):
    session = serializers.IntegerField(min_value=1, max_value=2**62)
    enterprise = serializers.IntegerField(min_value=1, max_value=2**62)
    attendees = AttendeeSerializer(many=True, max_length=MAX_ATTENDEES_PER_REQUEST, min_length=1)


class TransferSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)


class FeedbackSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OrganiserSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organiser
        fields = ["id", "name", "kind", "about", "status", "decided_at", "reason", "created_at"]
        read_only_fields = fields


class OrganiserApplySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OrganiserKind.choices)
    about = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class OrganiserDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AttendanceCertificateSerializer(serializers.Serializer):
    code = serializers.CharField()
    attendee_name = serializers.CharField()
    enterprise_name = serializers.CharField()
    event_title = serializers.CharField()
    organiser_name = serializers.CharField(allow_null=True)
    session_starts_at = serializers.DateTimeField()
    checked_in_at = serializers.DateTimeField()

"""Training API: the public reads published events and checks certificates; organisers publish and
check in; SME members register, cancel and transfer seats; attendees give feedback by token."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts.roles import is_officer
from marketplace.enterprises.selectors import enterprises_of

from .. import selectors, services
from ..errors import EventNotFound, InvalidToken, OrganiserNotFound, SeatNotFound
from ..models import PILLAR_CODES, Audience, EventKind, Mode, Organiser, OrganiserStatus, Session
from .serializers import (
    AttendanceCertificateSerializer,
    EventSerializer,
    EventUpdateSerializer,
    EventWriteSerializer,
    FeedbackSerializer,
    OrganiserApplySerializer,
    OrganiserDecisionSerializer,
    OrganiserSerializer,
    SeatCreateSerializer,
    SeatSerializer,
    SessionSerializer,
    SessionWriteSerializer,
    TokenSerializer,
    TransferSerializer,
)


def _choice_param(params, name: str, allowed) -> str | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if value not in set(allowed):
        raise ValidationError({name: [_("Unknown value.")]})
    return value


class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Courses, workshops, conferences and competitions. Everyone reads the published ones;
    `?managed=1` lists the events you may edit (drafts included)."""

    serializer_class = EventSerializer
    filter_backends = []

    def _managed(self) -> bool:
        return self.request.query_params.get("managed") == "1" or self.action not in ("list", "retrieve")

    def get_queryset(self):
        params = self.request.query_params
        if self._managed():
            queryset = selectors.events_managed_by(self.request.user)
        elif params.get("upcoming") == "1":
            queryset = selectors.events_upcoming()
        else:
            queryset = selectors.events_public()
        if self.action == "list":
            if params.get("managed") not in (None, "", "1"):
                raise ValidationError({"managed": [_("Use 1 or leave it out.")]})
            if params.get("upcoming") not in (None, "", "1"):
                raise ValidationError({"upcoming": [_("Use 1 or leave it out.")]})
            for name, choices in (("kind", EventKind), ("audience", Audience), ("mode", Mode)):
                value = _choice_param(params, name, choices.values)
                if value:
                    queryset = queryset.filter(**{name: value})
            pillar = _choice_param(params, "pillar", PILLAR_CODES)
            if pillar:
                ids = [pk for pk, codes in queryset.values_list("pk", "pillars") if pillar in (codes or [])]
                queryset = queryset.filter(pk__in=ids)
        return queryset.order_by("-pk")

    def get_object(self):
        event = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if event is None and self.action == "retrieve":
            event = selectors.events_managed_by(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if event is None:
            raise EventNotFound()
        return event

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    @extend_schema(
        parameters=[
            OpenApiParameter("managed", str, enum=["1"], required=False, description="Events you may edit."),
            OpenApiParameter(
                "upcoming", str, enum=["1"], required=False, description="With a session to come."
            ),
            OpenApiParameter("kind", str, enum=list(EventKind.values), required=False),
            OpenApiParameter("audience", str, enum=list(Audience.values), required=False),
            OpenApiParameter("mode", str, enum=list(Mode.values), required=False),
            OpenApiParameter("pillar", str, enum=list(PILLAR_CODES), required=False),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _answer(self, event, code=status.HTTP_200_OK):
        event = selectors.events_managed_by(self.request.user).get(pk=event.pk)
        return Response(EventSerializer(event).data, status=code)

    @extend_schema(request=EventWriteSerializer, responses={201: EventSerializer})
    def create(self, request):
        """A draft event: officers for the department or any approved organiser; an organiser's
        members for that organiser only. Publish it once it has a session."""
        data = EventWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        organiser_id = fields.pop("organiser", None)
        organiser = None
        if organiser_id is not None:
            organiser = Organiser.objects.filter(pk=organiser_id).first()
            if organiser is None:
                raise OrganiserNotFound()
        event = services.event_create(user=request.user, organiser=organiser, **fields)
        return self._answer(event, status.HTTP_201_CREATED)

    @extend_schema(request=EventUpdateSerializer, responses=EventSerializer)
    def partial_update(self, request, pk=None):
        """Edit an event you organise (anyone else's is a 404)."""
        event = self.get_object()
        data = EventUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.event_update(event=event, user=request.user, **data.validated_data)
        return self._answer(event)

    @extend_schema(request=None, responses=EventSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        event = services.event_publish(event=self.get_object(), user=request.user)
        return self._answer(event)

    @extend_schema(request=None, responses=EventSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the event: every seat not checked in is cancelled."""
        event = services.event_cancel(event=self.get_object(), user=request.user)
        return self._answer(event)

    @extend_schema(request=SessionWriteSerializer, responses={201: SessionSerializer})
    @action(detail=True, methods=["post"])
    def sessions(self, request, pk=None):
        """Add a session (date, start and end with their offset, time zone, venue, capacity)."""
        event = self.get_object()
        data = SessionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["time_zone"] = fields.pop("timezone")
        session = services.session_add(event=event, user=request.user, **fields)
        session = selectors.sessions_with_counts().get(pk=session.pk)
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


class SeatViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Seats of your enterprises' employees; `?role=organiser` lists the attendees of the events
    you organise (`&session=` for one session)."""

    serializer_class = SeatSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        role = _choice_param(params, "role", ["organiser"])
        queryset = (
            selectors.seats_managed_by(self.request.user)
            if role and self.action == "list"
            else selectors.seats_of(self.request.user)
        )
        if self.action == "list":
            session = params.get("session")
            if session not in (None, ""):
                if not session.isascii() or not session.isdigit() or not 0 < int(session) < 2**62:
                    raise ValidationError({"session": [_("A whole positive number.")]})
                queryset = queryset.filter(session_id=int(session))
        return queryset.order_by("-session__starts_at", "queued_at", "pk")

    def get_object(self):
        return selectors.seat_get_for_member(self.request.user, self.kwargs["pk"])

    @extend_schema(
        parameters=[
            OpenApiParameter("role", str, enum=["organiser"], required=False),
            OpenApiParameter(
                "session", {"type": "integer", "minimum": 1, "maximum": 2**62 - 1}, required=False
            ),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=SeatCreateSerializer, responses={201: SeatSerializer(many=True)})
    def create(self, request):
        """Register named employees of your enterprise for a session: seats while there is room,
        then places on the waiting list, in order. The fee split follows the event's support rule."""
        data = SeatCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        enterprise = enterprises_of(request.user).filter(pk=values["enterprise"]).first()
        if enterprise is None:
            raise SeatNotFound(_("No such enterprise among yours."))
        session = get_object_or_404(Session.objects.all(), pk=values["session"])
        seats = services.seats_register(
            session=session,
            enterprise=enterprise,
            user=request.user,
            attendees=[(a["name"], a["email"]) for a in values["attendees"]],
        )
        seats = selectors.seats_of(request.user).filter(pk__in=[s.pk for s in seats]).order_by("pk")
        return Response(SeatSerializer(seats, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SeatSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Give the seat back (or leave the waiting list); the first one waiting moves up."""
        seat = services.seat_cancel(seat=self.get_object(), user=request.user)
        return Response(SeatSerializer(selectors.seat_get_for_member(request.user, seat.pk)).data)

    @extend_schema(request=TransferSerializer, responses=SeatSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        """Give the seat to another employee of the same enterprise."""
        seat = self.get_object()
        data = TransferSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        seat = services.seat_transfer(
            seat=seat, user=request.user, name=data.validated_data["name"], email=data.validated_data["email"]
        )
        return Response(SeatSerializer(selectors.seat_get_for_member(request.user, seat.pk)).data)

    @extend_schema(request=None, responses=SeatSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        """The organiser ticks an attendee present (from the attendee list); the certificate is issued."""
        seat = selectors.seats_managed_by(request.user).filter(pk=pk).first()
        if seat is None:
            raise SeatNotFound()
        seat = services.seat_check_in(seat=seat, user=request.user)
        return Response(SeatSerializer(seat).data)

    @extend_schema(request=FeedbackSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        """The attendee's rating of the session (1–5) and a comment, once, after the session, for a
        seat checked in. Attendees without an account use the feedback link instead."""
        seat = self.get_object()
        data = FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.feedback_submit(seat=seat, **data.validated_data)
        return Response(status=status.HTTP_201_CREATED)


class CheckInView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=TokenSerializer, responses=SeatSerializer, tags=["training"])
    def post(self, request):
        """Check in the attendee whose QR code was scanned (its token)."""
        data = TokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        seat = selectors.seat_from_check_in_token(data.validated_data["token"])
        seat = services.seat_check_in(seat=seat, user=request.user)
        return Response(SeatSerializer(seat).data)


class CertificateView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=AttendanceCertificateSerializer, tags=["training"])
    def get(self, request, code: str):
        """Check a certificate of attendance by its code (public)."""
        seat = selectors.certificate_lookup(code)
        if seat is None:
            raise InvalidToken(_("No certificate of attendance has this code."))
        event = seat.session.event
        return Response(
            AttendanceCertificateSerializer(
                {
                    "code": seat.certificate_code,
                    "attendee_name": seat.attendee_name,
                    "enterprise_name": seat.enterprise.name,
                    "event_title": event.title,
                    "organiser_name": event.organiser.name if event.organiser_id else None,
                    "session_starts_at": seat.session.starts_at,
                    "checked_in_at": seat.checked_in_at,
                }
            ).data
        )


class OrganiserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Organisers you belong to (officers: all, `?status=pending` for the queue)."""

    serializer_class = OrganiserSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        user = self.request.user
        queryset = Organiser.objects.all() if is_officer(user) else selectors.organisers_of(user)
        if self.action == "list":
            wanted = _choice_param(self.request.query_params, "status", OrganiserStatus.values)
            if wanted:
                queryset = queryset.filter(status=wanted)
        return queryset.order_by("name", "pk")

    def get_object(self):
        organiser = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if organiser is None:
            raise OrganiserNotFound()
        return organiser

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=list(OrganiserStatus.values), required=False)]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=OrganiserApplySerializer, responses={201: OrganiserSerializer})
    def create(self, request):
        """Ask to publish events as an organiser (an innovation centre, a certified consultant, a
        vendor for its product trainings); an officer decides."""
        data = OrganiserApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organiser = services.organiser_apply(user=request.user, **data.validated_data)
        return Response(OrganiserSerializer(organiser).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OrganiserDecisionSerializer, responses=OrganiserSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Officers approve or reject (with a reason) an organiser's application."""
        organiser = self.get_object()
        data = OrganiserDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organiser = services.organiser_decide(
            organiser=organiser, officer=request.user, **data.validated_data
        )
        return Response(OrganiserSerializer(organiser).data)

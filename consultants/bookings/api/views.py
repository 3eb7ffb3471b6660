"""Booking API: create, list mine, one booking, its actions and messages. Parties only; others get 404."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from marketplace.core.api.throttles import WriteThrottle
from marketplace.enterprises.selectors import enterprises_of_plain

from .. import selectors, services
from ..errors import ConsultantNotBookable, NotAnEnterpriseMember
from .serializers import (
    BookingCreateSerializer,
    BookingSerializer,
    ConfirmSerializer,
    HeldSerializer,
    MessageCreateSerializer,
    MessageSerializer,
    NoShowSerializer,
    OptionalReasonSerializer,
    ReasonSerializer,
    TimeSerializer,
)


class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Bookings the signed-in user is a party to (as a member of the enterprise or as the consultant).

    Times are ISO-8601 with an offset; stored and returned in UTC. `?role=consultant|sme` narrows the
    list, `?when=upcoming|past` splits it.
    """

    serializer_class = BookingSerializer
    permission_classes = [permissions.IsAuthenticated]
    # ids are numbers: anything else is an unknown route (404), not a lookup that crashes the actions
    lookup_value_regex = r"[0-9]+"
    throttle_classes = [WriteThrottle]
    throttle_scope = "booking"
    filter_backends = []

    def get_queryset(self):
        queryset = selectors.bookings_visible_to(self.request.user)
        if self.action == "list":
            when = self.request.query_params.get("when")
            if when in ("upcoming", "past"):
                queryset = selectors.bookings_of_user(self.request.user, when=when)
            role = self.request.query_params.get("role")
            if role == "consultant":
                queryset = queryset.filter(consultant__user=self.request.user)
            elif role == "sme":
                queryset = queryset.filter(enterprise__memberships__user=self.request.user)
        return (
            queryset.order_by("start_at", "pk")
            if self.action != "list" or "when" not in self.request.query_params
            else queryset
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("role", str, enum=["consultant", "sme"], required=False),
            OpenApiParameter("when", str, enum=["upcoming", "past"], required=False),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _booking(self):
        return selectors.booking_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, booking, code=status.HTTP_200_OK):
        booking = selectors.booking_get_for(user=self.request.user, pk=booking.pk)
        return Response(BookingSerializer(booking, context={"request": self.request}).data, status=code)

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request):
        """Request a slot: it is held until the consultant answers (409 `slot_taken` with
        `fields.next_slots` when someone else holds it)."""
        data = BookingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        enterprises = enterprises_of_plain(request.user)  # sector and ward are not shown
        if "enterprise" in values:
            enterprise = next((e for e in enterprises if e.pk == values["enterprise"]), None)
        else:
            enterprise = enterprises[0] if len(enterprises) == 1 else None
        # the consultant with everything the service checks about it, in one statement
        consultant = selectors.consultant_for_booking(
            values["consultant"], enterprise=enterprise, user=request.user
        )
        if consultant is None:
            raise ConsultantNotBookable()
        if "enterprise" not in values and len(enterprises) > 1:
            raise ValidationError({"enterprise": [_("Choose the enterprise you book for.")]})
        if enterprise is None:
            raise NotAnEnterpriseMember()
        booking = services.booking_request(
            consultant=consultant,
            enterprise=enterprise,
            requested_by=request.user,
            start=values["start"],
            service_mode=values["service_mode"],
            topic=values["topic"],
            message=values.get("message", ""),
        )
        # The service returns the row it just inserted for a member it checked: reading it back through
        # the visibility join (a DISTINCT over memberships) cost the most expensive statement of the request.
        return Response(
            BookingSerializer(booking, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ConfirmSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        booking = self._booking()
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_confirm(
            booking=booking, actor=request.user, meeting_url=data.validated_data.get("meeting_url", "")
        )
        return self._answer(booking)

    @extend_schema(request=ReasonSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        booking = self._booking()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_decline(booking=booking, actor=request.user, reason=data.validated_data["reason"])
        return self._answer(booking)

    @extend_schema(request=TimeSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        booking = self._booking()
        data = TimeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_propose(
            booking=booking,
            actor=request.user,
            start=data.validated_data["start"],
            reason=data.validated_data.get("reason", ""),
        )
        return self._answer(booking)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"], url_path="accept-proposal")
    def accept_proposal(self, request, pk=None):
        booking = self._booking()
        services.booking_accept_proposal(booking=booking, actor=request.user)
        return self._answer(booking)

    @extend_schema(request=OptionalReasonSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"], url_path="decline-proposal")
    def decline_proposal(self, request, pk=None):
        booking = self._booking()
        data = OptionalReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_decline_proposal(
            booking=booking, actor=request.user, reason=data.validated_data.get("reason", "")
        )
        return self._answer(booking)

    @extend_schema(request=ReasonSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = self._booking()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_cancel(booking=booking, actor=request.user, reason=data.validated_data["reason"])
        return self._answer(booking)

    @extend_schema(request=TimeSerializer, responses={201: BookingSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        """Ask for a new time: answers the new booking (which holds the new time); the old one keeps
        its slot until the new one is confirmed."""
        booking = self._booking()
        data = TimeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.booking_reschedule(
            booking=booking, actor=request.user, start=data.validated_data["start"]
        )
        return self._answer(new, status.HTTP_201_CREATED)

    @extend_schema(request=HeldSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"], url_path="mark-held")
    def mark_held(self, request, pk=None):
        booking = self._booking()
        data = HeldSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_mark_held(
            booking=booking,
            actor=request.user,
            note=data.validated_data["note"],
            next_step=data.validated_data.get("next_step", ""),
        )
        return self._answer(booking)

    @extend_schema(request=NoShowSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"], url_path="mark-no-show")
    def mark_no_show(self, request, pk=None):
        booking = self._booking()
        data = NoShowSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_mark_no_show(
            booking=booking,
            actor=request.user,
            party=data.validated_data["party"],
            note=data.validated_data.get("note", ""),
        )
        return self._answer(booking)

    @extend_schema(methods=["get"], request=None, responses=MessageSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": MessageCreateSerializer, "application/json": MessageCreateSerializer},
        responses={201: MessageSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def messages(self, request, pk=None):
        booking = self._booking()
        if request.method == "GET":
            return Response(MessageSerializer(booking.messages.select_related("author"), many=True).data)
        data = MessageCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.booking_message_post(
            booking=booking,
            author=request.user,
            body=data.validated_data.get("body", ""),
            uploaded_file=data.validated_data.get("file"),
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)

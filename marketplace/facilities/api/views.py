"""Facility API: the public list with free sessions, a provider's own facilities, bookings and
their actions. A booking is seen by its parties only; others get 404."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from marketplace.core.api.throttles import WriteThrottle
from marketplace.enterprises.selectors import enterprises_of

from .. import ics, selectors, services
from ..errors import NotAnEnterpriseMember, ProviderNotFound
from ..models import FacilityKind
from .serializers import (
    FacilityBookingCreateSerializer,
    FacilityBookingSerializer,
    FacilityOutcomeSerializer,
    FacilityReasonSerializer,
    FacilitySerializer,
    FacilityWriteSerializer,
)


class FacilityViewSet(viewsets.ReadOnlyModelViewSet):
    """Published facilities of approved innovation centres and laboratories, each with its next free
    sessions (times in UTC; sessions are Vietnam-time opening hours cut into `slot_minutes`)."""

    serializer_class = FacilitySerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends = []

    def get_queryset(self):
        queryset = selectors.facilities_public().order_by("name", "pk")
        kind = self.request.query_params.get("kind")
        if kind:
            if kind not in FacilityKind.values:
                raise ValidationError({"kind": [_("Choose a kind.")]})
            queryset = queryset.filter(kind=kind)
        return queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "free_slots": getattr(self, "_free", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        self._free = selectors.next_free_slots_many(list(rows))
        return page

    @extend_schema(parameters=[OpenApiParameter("kind", str, enum=FacilityKind.values, required=False)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        facility = selectors.facility_get_public(kwargs["slug"])
        self._free = selectors.next_free_slots_many([facility], count=12)
        return Response(self.get_serializer(facility).data)


class ProviderFacilityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The facilities of the signed-in user's providers; only their members edit them (others: 404)."""

    serializer_class = FacilitySerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.facilities_managed_by(self.request.user).order_by("name", "pk")

    @extend_schema(request=FacilityWriteSerializer, responses={201: FacilitySerializer})
    def create(self, request, *args, **kwargs):
        data = FacilityWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        provider = selectors.providers_of(request.user).first()
        if provider is None:
            raise ProviderNotFound()
        facility = services.facility_create(provider=provider, actor=request.user, **data.validated_data)
        return Response(FacilitySerializer(facility).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FacilityWriteSerializer, responses=FacilitySerializer)
    def partial_update(self, request, *args, **kwargs):
        facility = selectors.facility_get_managed(user=request.user, slug=kwargs["slug"])
        data = FacilityWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        facility = services.facility_update(facility=facility, actor=request.user, **data.validated_data)
        return Response(FacilitySerializer(facility).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class FacilityBookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Facility bookings the signed-in user is a party to (the enterprise's members, the provider's
    members). `?role=sme|provider` narrows the list."""

    serializer_class = FacilityBookingSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]+"
    throttle_classes = [WriteThrottle]
    throttle_scope = "booking"
    filter_backends = []

    def get_queryset(self):
        queryset = selectors.bookings_visible_to(self.request.user)
        role = self.request.query_params.get("role")
        if role == "sme":
            queryset = queryset.filter(
                enterprise__in=self.request.user.enterprise_memberships.values("enterprise")
            )
        elif role == "provider":
            queryset = queryset.filter(
                facility__provider__in=selectors.providers_of(self.request.user).values("pk")
            )
        return queryset.order_by("start_at", "pk")

    @extend_schema(parameters=[OpenApiParameter("role", str, enum=["sme", "provider"], required=False)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _booking(self):
        return selectors.booking_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, booking, code=status.HTTP_200_OK):
        return Response(FacilityBookingSerializer(booking).data, status=code)

    @extend_schema(request=FacilityBookingCreateSerializer, responses={201: FacilityBookingSerializer})
    def create(self, request):
        """Book a session: held until the provider confirms, or confirmed at once when the facility
        confirms automatically (409 `slot_taken` with `fields.next_slots` when it is taken)."""
        data = FacilityBookingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        enterprises = list(enterprises_of(request.user))
        if "enterprise" in values:
            enterprise = next((e for e in enterprises if e.pk == values["enterprise"]), None)
        elif len(enterprises) > 1:
            raise ValidationError({"enterprise": [_("Choose the enterprise you book for.")]})
        else:
            enterprise = enterprises[0] if enterprises else None
        if enterprise is None:
            raise NotAnEnterpriseMember()
        facility = selectors.facility_get_public(values["facility"])
        booking = services.booking_request(
            facility=facility,
            enterprise=enterprise,
            requested_by=request.user,
            start=values["start"],
            purpose=values["purpose"],
            participants=values["participants"],
        )
        return self._answer(booking, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=FacilityBookingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        booking = self._booking()
        services.booking_confirm(booking=booking, actor=request.user)
        return self._answer(booking)

    @extend_schema(request=FacilityReasonSerializer, responses=FacilityBookingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        booking = self._booking()
        data = FacilityReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_decline(booking=booking, actor=request.user, reason=data.validated_data["reason"])
        return self._answer(booking)

    @extend_schema(request=FacilityReasonSerializer, responses=FacilityBookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = self._booking()
        data = FacilityReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_cancel(booking=booking, actor=request.user, reason=data.validated_data["reason"])
        return self._answer(booking)

    @extend_schema(request=FacilityOutcomeSerializer, responses=FacilityBookingSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        booking = self._booking()
        data = FacilityOutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_record_outcome(booking=booking, actor=request.user, note=data.validated_data["note"])
        return self._answer(booking)

    @extend_schema(
        request=None, responses=FacilityBookingSerializer, operation_id="facility_bookings_no_show"
    )
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request, pk=None):
        booking = self._booking()
        services.booking_mark_no_show(booking=booking, actor=request.user)
        return self._answer(booking)

    @extend_schema(responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def ics(self, request, pk=None):
        booking = self._booking()
        response = HttpResponse(ics.booking_invitation(booking), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="facility-booking-{booking.pk}.ics"'
        return response

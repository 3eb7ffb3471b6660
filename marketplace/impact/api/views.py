"""Impact API: summaries (public), an enterprise's measurements, exemplary SMEs (showcase, officers)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from marketplace.accounts.roles import is_officer
from marketplace.enterprises.models import Enterprise
from marketplace.enterprises.selectors import enterprises_of

from .. import exemplary, selectors, services
from ..errors import DesignationNotFound, NotACandidate, NotAnOfficer, SummaryNotFound
from ..models import Designation, Measurement, SummaryKind
from .serializers import (
    CandidateSerializer,
    ConsentSerializer,
    DesignateSerializer,
    DesignationOfficerSerializer,
    DesignationReasonSerializer,
    DesignationSerializer,
    ImpactSummarySerializer,
    MeasurementSerializer,
)


class ImpactSummaryViewSet(viewsets.GenericViewSet):
    """Measured impact of a consultant, firm or solution: SMEs measured, mean change, 95% interval."""

    serializer_class = ImpactSummarySerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = []
    lookup_value_regex = r"(consultant|firm|solution)-[0-9]{1,18}"

    def get_queryset(self):
        return selectors.summaries_all()

    def retrieve(self, request, pk=None):
        kind, _sep, number = pk.partition("-")
        found = selectors.summary(kind, int(number)) if kind in SummaryKind.values else None
        if found is None:
            raise SummaryNotFound()
        return Response(ImpactSummarySerializer(found).data)


class MeasurementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your enterprises' readiness measurements (T0→T1) and the deals credited with each."""

    serializer_class = MeasurementSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return (
            Measurement.objects.filter(enterprise__in=enterprises_of(self.request.user))
            .prefetch_related("attributions")
            .order_by("-measured_at", "-pk")
        )


class DesignationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Exemplary SMEs: the public showcase (designated, with consent); officers see and decide all."""

    filter_backends = []

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_serializer_class(self):
        return DesignationOfficerSerializer if is_officer(self.request.user) else DesignationSerializer

    def get_queryset(self):
        if is_officer(self.request.user):
            return Designation.objects.select_related("enterprise").order_by("-designated_at", "-pk")
        return exemplary.showcase().order_by("-designated_at", "-pk")

    def get_object(self):
        found = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise DesignationNotFound()
        return found

    def _officer(self):
        if not is_officer(self.request.user):
            raise NotAnOfficer()

    @extend_schema(responses=CandidateSerializer(many=True))
    # officers only (checked in the body): declared here so the schema documents the 403
    @action(detail=False, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def candidates(self, request):
        """Officers: enterprises meeting the exemplary criteria (data) and not designated now."""
        self._officer()
        page = self.paginate_queryset(exemplary.candidates())
        return self.get_paginated_response(CandidateSerializer(page, many=True).data)

    @extend_schema(request=DesignateSerializer, responses={201: DesignationOfficerSerializer})
    def create(self, request):
        """Officers: designate a candidate (or designate again), with a reason."""
        self._officer()
        data = DesignateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enterprise = Enterprise.objects.filter(pk=data.validated_data["enterprise"]).first()
        if enterprise is None:
            raise NotACandidate()
        designation = services.exemplary_designate(
            enterprise=enterprise, officer=request.user, reason=data.validated_data["reason"]
        )
        return Response(DesignationOfficerSerializer(designation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DesignationReasonSerializer, responses=DesignationOfficerSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        self._officer()
        designation = self.get_object()
        data = DesignationReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.exemplary_withdraw(
            designation=designation, officer=request.user, reason=data.validated_data["reason"]
        )
        return Response(DesignationOfficerSerializer(designation).data)

    @extend_schema(request=ConsentSerializer, responses=DesignationSerializer)
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        """The designated enterprise gives (with its story) or takes back its consent to publish."""
        designation = Designation.objects.filter(
            pk=pk if str(pk).isdigit() else 0, enterprise__in=enterprises_of(request.user)
        ).first()
        if designation is None:
            raise DesignationNotFound()
        data = ConsentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.exemplary_consent(
            designation=designation,
            user=request.user,
            consent=data.validated_data["consent"],
            story=data.validated_data.get("story", ""),
        )
        designation.refresh_from_db()
        return Response(DesignationSerializer(designation).data)

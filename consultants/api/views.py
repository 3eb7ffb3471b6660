from __future__ import annotations

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api.parsers import FormParser, MultiPartParser
from marketplace.core.api.permissions import IsOfficer
from marketplace.core.errors import NotFound

from .. import selectors, services
from ..bookings import selectors as booking_selectors
from ..filters import ConsultantFilter
from ..models import (
    AvailabilityException,
    AvailabilityRule,
    Certificate,
    CertificationApplication,
    Consultant,
    ConsultingFirm,
)
from .serializers import (
    ApplicationSerializer,
    AvailabilityExceptionSerializer,
    AvailabilityRuleSerializer,
    CertificateReasonSerializer,
    CertificateRequiredReasonSerializer,
    CertificateSerializer,
    CertificationDecisionSerializer,
    CertificationEvidenceSerializer,
    CertificationReferenceSerializer,
    ConsultantProfileSerializer,
    ConsultantPublicSerializer,
    ConsultantSlotsQuerySerializer,
    ConsultantSlotsSerializer,
    EvidenceUploadSerializer,
    FirmMemberSerializer,
    FirmSerializer,
    PhotoUploadSerializer,
)


def _own_consultant(request) -> Consultant:
    consultant = selectors.consultant_of(request.user)
    if consultant is None:
        raise NotFound(_("You have no consultant profile yet."))
    return consultant


class ConsultantViewSet(viewsets.ReadOnlyModelViewSet):
    """The public registry: certified, visible consultants only (filters: sector, expertise, service
    mode, language, province/ward, rate range; `sort`)."""

    serializer_class = ConsultantPublicSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ConsultantFilter

    def get_queryset(self):
        return selectors.with_public_relations(selectors.consultants_public())

    @extend_schema(parameters=[ConsultantSlotsQuerySerializer], responses=ConsultantSlotsSerializer)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def slots(self, request, pk=None):
        """Free slots (UTC instants) of a public consultant."""
        consultant = self.get_object()
        query = ConsultantSlotsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = query.validated_data.get("start") or timezone.now()
        slots = booking_selectors.free_slots(
            consultant,
            start=start,
            end=start + timedelta(days=query.validated_data["days"]),
            slot_minutes=query.validated_data["slot_minutes"],
        )
        return Response(
            {
                "time_zone": consultant.time_zone,
                "slot_minutes": query.validated_data["slot_minutes"],
                "slots": slots,
            }
        )


class ConsultantMeView(APIView):
    """The signed-in user's own consultant profile: read, create (POST), edit (PATCH)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ConsultantProfileSerializer

    @extend_schema(responses=ConsultantProfileSerializer)
    def get(self, request):
        return Response(ConsultantProfileSerializer(_own_consultant(request)).data)

    @extend_schema(request=ConsultantProfileSerializer, responses={201: ConsultantProfileSerializer})
    def post(self, request):
        serializer = ConsultantProfileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultant = services.consultant_create(user=request.user, **serializer.validated_data)
        return Response(ConsultantProfileSerializer(consultant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsultantProfileSerializer, responses=ConsultantProfileSerializer)
    def patch(self, request):
        consultant = _own_consultant(request)
        serializer = ConsultantProfileSerializer(consultant, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        consultant = services.consultant_update(
            consultant=consultant, actor=request.user, **serializer.validated_data
        )
        return Response(ConsultantProfileSerializer(consultant).data)


class ConsultantPhotoView(APIView):
    """Upload (multipart `photo`) or remove the signed-in consultant's photo."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = PhotoUploadSerializer

    @extend_schema(
        request={"multipart/form-data": PhotoUploadSerializer}, responses=ConsultantProfileSerializer
    )
    def post(self, request):
        consultant = _own_consultant(request)
        serializer = PhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultant = services.consultant_set_photo(
            consultant=consultant, actor=request.user, uploaded_file=serializer.validated_data["photo"]
        )
        return Response(ConsultantProfileSerializer(consultant).data)

    @extend_schema(responses={204: None})
    def delete(self, request):
        services.consultant_remove_photo(consultant=_own_consultant(request), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class _OwnAvailabilityViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    def perform_destroy(self, instance):
        self.remove(consultant=instance.consultant, actor=self.request.user, pk=instance.pk)


class AvailabilityRuleViewSet(_OwnAvailabilityViewSet):
    """The signed-in consultant's weekly hours (local time in the profile's time zone)."""

    serializer_class = AvailabilityRuleSerializer
    remove = staticmethod(services.availability_rule_remove)

    queryset = AvailabilityRule.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AvailabilityRule.objects.none()
        return AvailabilityRule.objects.filter(consultant__user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.availability_rule_add(
            consultant=_own_consultant(self.request), actor=self.request.user, **serializer.validated_data
        )


class AvailabilityExceptionViewSet(_OwnAvailabilityViewSet):
    """The signed-in consultant's dated exceptions (time off, extra hours)."""

    serializer_class = AvailabilityExceptionSerializer
    remove = staticmethod(services.availability_exception_remove)

    queryset = AvailabilityException.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AvailabilityException.objects.none()
        return AvailabilityException.objects.filter(consultant__user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.availability_exception_add(
            consultant=_own_consultant(self.request), actor=self.request.user, **serializer.validated_data
        )


class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Certification applications: consultants see and edit their own; officers see all and decide."""

    serializer_class = ApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = CertificationApplication.objects.select_related("consultant", "criteria").prefetch_related(
            "evidence", "references"
        )
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        if not self.request.user.is_officer:
            queryset = queryset.filter(consultant__user=self.request.user)
        return queryset.order_by("submitted_at", "pk")

    def perform_create(self, serializer):
        consultant = _own_consultant(self.request)
        application = services.application_create(consultant=consultant, actor=self.request.user)
        data = serializer.validated_data
        if data.get("statement") or data.get("criteria_answers"):
            application = services.application_update(
                application=application,
                actor=self.request.user,
                statement=data.get("statement"),
                criteria_answers=data.get("criteria_answers"),
            )
        serializer.instance = application

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.application_update(
            application=serializer.instance,
            actor=self.request.user,
            statement=data.get("statement"),
            criteria_answers=data.get("criteria_answers"),
        )

    def _fresh(self, application):
        return self.get_queryset().get(pk=application.pk)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = services.application_submit(application=self.get_object(), actor=request.user)
        return Response(ApplicationSerializer(self._fresh(application)).data)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: CertificationEvidenceSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        serializer = EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        evidence = services.application_add_evidence(
            application=self.get_object(),
            actor=request.user,
            uploaded_file=data["file"],
            criterion=data.get("criterion", ""),
            description=data.get("description", ""),
        )
        return Response(CertificationEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CertificationReferenceSerializer, responses={201: CertificationReferenceSerializer}
    )
    @action(detail=True, methods=["post"])
    def references(self, request, pk=None):
        serializer = CertificationReferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reference = services.application_add_reference(
            application=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return Response(CertificationReferenceSerializer(reference).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="start-review", permission_classes=[IsOfficer])
    def start_review(self, request, pk=None):
        application = services.application_start_review(application=self.get_object(), officer=request.user)
        return Response(ApplicationSerializer(self._fresh(application)).data)

    @extend_schema(request=CertificationDecisionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficer])
    def decide(self, request, pk=None):
        serializer = CertificationDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_decide(
            application=self.get_object(), officer=request.user, **serializer.validated_data
        )
        return Response(ApplicationSerializer(self._fresh(application)).data)


class CertificateViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Verify a certificate by its public code; officers suspend, reinstate, revoke and renew."""

    serializer_class = CertificateSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_-]{1,64}"
    queryset = Certificate.objects.select_related("consultant", "consultant__firm_membership__firm")

    def get_object(self):
        return selectors.certificate_get_by_code(self.kwargs["code"])

    def _officer_action(self, request, service, serializer_class=None):
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        certificate = service(certificate=self.get_object(), officer=request.user, **data)
        return Response(CertificateSerializer(selectors.certificate_get_by_code(certificate.code)).data)

    @extend_schema(request=CertificateRequiredReasonSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficer])
    def suspend(self, request, code=None):
        return self._officer_action(
            request, services.certificate_suspend, CertificateRequiredReasonSerializer
        )

    @extend_schema(request=CertificateReasonSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficer])
    def reinstate(self, request, code=None):
        return self._officer_action(request, services.certificate_reinstate, CertificateReasonSerializer)

    @extend_schema(request=CertificateRequiredReasonSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficer])
    def revoke(self, request, code=None):
        return self._officer_action(request, services.certificate_revoke, CertificateRequiredReasonSerializer)

    @extend_schema(request=None, responses=CertificateSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficer])
    def renew(self, request, code=None):
        return self._officer_action(request, services.certificate_renew)


class FirmViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Consulting firms: anyone reads; a consultant creates one; its administrators edit it and its members."""

    serializer_class = FirmSerializer
    queryset = ConsultingFirm.objects.select_related("ward").order_by("name", "pk")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def perform_create(self, serializer):
        serializer.instance = services.firm_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.firm_update(
            firm=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=FirmMemberSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        serializer = FirmMemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultant = get_object_or_404(Consultant, pk=serializer.validated_data["consultant"])
        services.firm_member_add(
            firm=self.get_object(),
            actor=request.user,
            consultant=consultant,
            role=serializer.validated_data["role"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<consultant_id>\d+)")
    def remove_member(self, request, pk=None, consultant_id=None):
        consultant = get_object_or_404(Consultant, pk=consultant_id)
        services.firm_member_remove(firm=self.get_object(), actor=request.user, consultant=consultant)
        return Response(status=status.HTTP_204_NO_CONTENT)

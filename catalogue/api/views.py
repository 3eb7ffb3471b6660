from __future__ import annotations

from django.db.models import Count, Q
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api.parsers import FormParser, MultiPartParser
from marketplace.core.api.permissions import IsOfficer

from .. import feed, selectors, services
from ..errors import NotVendorMember
from ..models import Screenshot, Solution, Vendor
from .filters import SolutionFilter, SolutionStatusFilter, StrictOrderingFilter, VendorFilter
from .serializers import (
    DecisionSerializer,
    LogoUploadSerializer,
    PlansInputSerializer,
    ReviewSolutionSerializer,
    ScreenshotSerializer,
    ScreenshotUploadSerializer,
    SolutionInputSerializer,
    SolutionPublicSerializer,
    VendorSerializer,
    VendorSolutionSerializer,
)


def _content(validated: dict) -> dict:
    data = dict(validated)
    data.pop("vendor", None)
    return data


class SolutionViewSet(viewsets.ReadOnlyModelViewSet):
    """The published catalogue. Only the approved version of each solution appears here."""

    serializer_class = SolutionPublicSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = SolutionFilter
    ordering_fields = ["name", "price", "published_at", "readiness_min", "readiness_max", "rating_average"]
    ordering = ["-published_at"]

    def get_queryset(self):
        return selectors.solutions_public()

    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]


class VendorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Vendors. The public sees vendors with published solutions; members also see and edit their own."""

    serializer_class = VendorSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_class = VendorFilter
    ordering_fields = ["name", "published_count", "created_at"]
    ordering = ["name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]

    def get_queryset(self):
        user = self.request.user
        published = Count("solutions", filter=Q(solutions__status=Solution.PUBLISHED))
        queryset = Vendor.objects.annotate(published_count=published)
        if self.action == "list":
            return queryset.filter(published_count__gt=0)
        visible = Q(published_count__gt=0)
        if user.is_authenticated:
            visible |= Q(pk__in=selectors.vendors_of(user).values("pk"))
        return queryset.filter(visible)

    def perform_create(self, serializer):
        serializer.instance = services.vendor_create(
            created_by=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.vendor_update(
            vendor=serializer.instance, actor=self.request.user, data=serializer.validated_data
        )

    def get_object(self):
        vendor = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS and not selectors.vendor_is_member(
            vendor=vendor, user=self.request.user
        ):
            raise NotVendorMember(_("Only members of this vendor may change its profile."))
        return vendor

    @extend_schema(request={"multipart/form-data": LogoUploadSerializer}, responses=VendorSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def logo(self, request, pk=None):
        vendor = self.get_object()
        upload = LogoUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        vendor = services.vendor_set_logo(
            vendor=vendor, actor=request.user, uploaded_file=upload.validated_data["image"]
        )
        vendor.published_count = vendor.solutions.filter(status=Solution.PUBLISHED).count()
        return Response(VendorSerializer(vendor).data)


class VendorSolutionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A vendor member's own solutions in every state. Status changes only through the actions."""

    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    ordering_fields = ["name", "updated_at", "status"]
    ordering = ["-updated_at"]
    filterset_class = SolutionStatusFilter

    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]

    def get_queryset(self):
        # 404 for other vendors' solutions: their existence is not revealed
        return selectors.solutions_of(self.request.user).prefetch_related("screenshots").distinct()

    def get_serializer_class(self):
        if self.action in ("create", "partial_update", "update"):
            return SolutionInputSerializer
        return VendorSolutionSerializer

    @extend_schema(request=SolutionInputSerializer, responses={201: VendorSolutionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = SolutionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vendor = serializer.validated_data.get("vendor")
        if vendor is None:
            vendors = list(selectors.vendors_of(request.user)[:2])
            if len(vendors) != 1:
                raise NotVendorMember(
                    _("Say which vendor this solution belongs to (you must be its member).")
                )
            vendor = vendors[0]
        solution = services.solution_create(
            vendor=vendor, actor=request.user, data=_content(serializer.validated_data)
        )
        return Response(self._read(solution), status=status.HTTP_201_CREATED)

    @extend_schema(request=SolutionInputSerializer, responses=VendorSolutionSerializer)
    def partial_update(self, request, *args, **kwargs):
        solution = self.get_object()
        serializer = SolutionInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "vendor" in serializer.validated_data and serializer.validated_data["vendor"] != solution.vendor:
            raise NotVendorMember(_("A solution cannot move to another vendor."))
        services.solution_update(
            solution=solution, actor=request.user, data=_content(serializer.validated_data)
        )
        return Response(self._read(solution))

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _read(self, solution: Solution) -> dict:
        return VendorSolutionSerializer(self.get_queryset().get(pk=solution.pk)).data

    @extend_schema(request=None, responses=VendorSolutionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        solution = services.solution_submit(solution=self.get_object(), actor=request.user)
        return Response(self._read(solution))

    @extend_schema(request=None, responses=VendorSolutionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        solution = services.solution_withdraw(solution=self.get_object(), actor=request.user)
        return Response(self._read(solution))

    @extend_schema(request=None, responses=VendorSolutionSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        solution = services.solution_reopen(solution=self.get_object(), actor=request.user)
        return Response(self._read(solution))

    @extend_schema(request=None, responses=VendorSolutionSerializer)
    @action(detail=True, methods=["post"], url_path="discard-change")
    def discard_change(self, request, pk=None):
        solution = self.get_object()
        services.revision_discard(solution=solution, actor=request.user)
        return Response(self._read(solution))

    @extend_schema(request=PlansInputSerializer, responses=VendorSolutionSerializer)
    @action(detail=True, methods=["post"])
    def plans(self, request, pk=None):
        """Replace the solution's plans (send every plan; `id` keeps an existing one). Before publication
        they change at once; on a published solution they wait in the pending change for review."""
        solution = self.get_object()
        data = PlansInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plans = [dict(plan) for plan in data.validated_data["plans"]]
        solution = services.solution_plans_set(solution=solution, actor=request.user, plans=plans)
        return Response(self._read(solution))

    @extend_schema(
        request={"multipart/form-data": ScreenshotUploadSerializer}, responses={201: ScreenshotSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def screenshots(self, request, pk=None):
        solution = self.get_object()
        upload = ScreenshotUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        shot = services.screenshot_add(
            solution=solution,
            actor=request.user,
            uploaded_file=upload.validated_data["image"],
            caption=upload.validated_data["caption"],
        )
        return Response(ScreenshotSerializer(shot).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"screenshots/(?P<screenshot_id>\d+)")
    def screenshot_delete(self, request, pk=None, screenshot_id=None):
        solution = self.get_object()
        shot = get_object_or_404(Screenshot, pk=screenshot_id, solution=solution)
        services.screenshot_remove(screenshot=shot, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Officers' review: submissions and pending changes, with the diff against the published version."""

    serializer_class = ReviewSolutionSerializer
    permission_classes = [IsOfficer]
    filterset_class = SolutionStatusFilter
    ordering_fields = ["updated_at", "submitted_at", "name"]
    ordering = ["updated_at"]

    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]

    def get_queryset(self):
        return (
            Solution.objects.select_related("vendor", "category")
            .prefetch_related("sectors", "screenshots")
            .exclude(status=Solution.DRAFT)
        )

    @extend_schema(responses=VendorSolutionSerializer(many=True))
    def list(self, request, *args, **kwargs):
        # the list carries no diff (it would cost queries per row); open one solution for it
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(VendorSolutionSerializer(page, many=True).data)

    @extend_schema(request=DecisionSerializer, responses=ReviewSolutionSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        solution = self.get_object()
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        services.solution_decide(
            solution=solution,
            officer=request.user,
            decision=decision.validated_data["decision"],
            reason=decision.validated_data["reason"],
            revision_id=decision.validated_data.get("revision_id"),
        )
        return Response(ReviewSolutionSerializer(self.get_queryset().get(pk=solution.pk)).data)


class FeedJsonView(APIView):
    """Open-data feed (JSON) of the published catalogue, with stable UUID identifiers."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT)})
    def get(self, request):
        document = feed.feed_document(base_url=request.build_absolute_uri("/").rstrip("/"))
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
        response["Cache-Control"] = "public, max-age=300"
        return response


class FeedCsvView(APIView):
    """Open-data feed (CSV, UTF-8) of the published catalogue; same identifiers as the JSON feed."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request):
        lines = feed.feed_csv_lines(base_url=request.build_absolute_uri("/").rstrip("/"))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="danh-muc-giai-phap.csv"'
        response["Cache-Control"] = "public, max-age=300"
        return response

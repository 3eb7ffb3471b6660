from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.errors import DomainError
from marketplace.enterprises.models import Enterprise
from marketplace.enterprises.selectors import enterprises_visible_to

from .. import readiness, selectors, services
from ..models import Assessment, CriteriaSetVersion
from .serializers import (
    AnswersSerializer,
    AssessmentCreateSerializer,
    AssessmentDetailSerializer,
    AssessmentSerializer,
    CriteriaSetDetailSerializer,
    CriteriaSetSerializer,
    DismissSerializer,
    RecommendationListSerializer,
)


class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    """Readiness criteria sets open for assessments; the detail holds the current questions."""

    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    filter_backends = []

    def get_queryset(self):
        return selectors.criteria_sets_active().annotate(question_count=Count("questions"))

    def get_serializer_class(self):
        return CriteriaSetDetailSerializer if self.action == "retrieve" else CriteriaSetSerializer

    def retrieve(self, request, *args, **kwargs):
        criteria_set = self.get_object()
        content = selectors.criteria_set_content(criteria_set=criteria_set)
        frozen = CriteriaSetVersion.objects.filter(
            criteria_set=criteria_set, checksum=readiness.content_checksum(content)
        ).first()
        criteria_set.content = content
        criteria_set.version = frozen.number if frozen else None
        return Response(self.get_serializer(criteria_set).data)


class AssessmentFilter(filters.FilterSet):
    # a whole number within the id column's range (an out-of-range number crashed the query)
    enterprise = filters.NumberFilter(
        field_name="enterprise_id", min_value=1, max_value=2**63 - 1, decimal_places=0
    )
    status = filters.ChoiceFilter(choices=Assessment.STATUS_CHOICES)
    criteria_set = filters.CharFilter(field_name="criteria_set__code")

    class Meta:
        model = Assessment
        fields = ["enterprise", "status", "criteria_set"]


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Readiness assessments. Members of the enterprise start, answer and submit; officers read all.

    A submitted assessment is immutable: answering or submitting it again answers 409.
    """

    permission_classes = [permissions.IsAuthenticated]
    filterset_class = AssessmentFilter
    ordering_fields = ["created_at", "submitted_at"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return selectors.assessments_visible_to(self.request.user).order_by("-created_at", "-pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AssessmentDetailSerializer
        if self.action == "create":
            return AssessmentCreateSerializer
        if self.action == "answer":
            return AnswersSerializer
        if self.action == "submit":
            return serializers.Serializer
        return AssessmentSerializer

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentDetailSerializer})
    def create(self, request):
        """Start an assessment, or resume the enterprise's assessment in progress for that set."""
        data = AssessmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enterprise = get_object_or_404(
            enterprises_visible_to(request.user), pk=data.validated_data["enterprise"]
        )
        criteria_set = get_object_or_404(
            selectors.criteria_sets_active(), code=data.validated_data["criteria_set"]
        )
        assessment = services.assessment_start(
            enterprise=enterprise, user=request.user, criteria_set=criteria_set
        )
        assessment = self.get_queryset().get(pk=assessment.pk)
        return Response(AssessmentDetailSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswersSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Save answers ({question code: option code}); other answers are kept."""
        assessment = self.get_object()
        data = AnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_answer(
            assessment=assessment, user=request.user, answers=data.validated_data["answers"]
        )
        return Response(AssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data)

    @extend_schema(request=None, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Score and freeze the assessment; refused with the unanswered questions when incomplete."""
        assessment = self.get_object()
        services.assessment_submit(assessment=assessment, user=request.user)
        return Response(AssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data)


KIND_PARAMETER = OpenApiParameter(
    "kind", str, enum=["consultant", "solution"], default="consultant", description="what to recommend"
)


def _enterprise_for(request, pk: int) -> Enterprise:
    # 404 rather than 403: outsiders cannot learn that an enterprise exists
    return get_object_or_404(enterprises_visible_to(request.user), pk=pk)


class RecommendationsView(APIView):
    """Ranked consultants or solutions for an enterprise, each with a score (0–100) and its reasons."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[KIND_PARAMETER], responses=RecommendationListSerializer)
    def get(self, request, pk: int):
        kind = request.query_params.get("kind", "consultant")
        if kind not in ("consultant", "solution"):
            raise DomainError(
                _("Choose kind=consultant or kind=solution."),
                code="invalid",
                fields={"kind": [_("Choose consultant or solution.")]},
            )
        enterprise = _enterprise_for(request, pk)
        services.recommendations_ensure_fresh(enterprise=enterprise)
        items = selectors.recommendations_list(enterprise=enterprise, kind=kind)
        has_assessment = selectors.assessment_latest_submitted(enterprise=enterprise) is not None
        message = (
            "" if items else selectors.recommendations_empty_message(kind=kind, has_assessment=has_assessment)
        )
        hidden = (
            selectors.recommendations_hidden_at_capacity(enterprise=enterprise) if kind == "consultant" else 0
        )
        payload = {
            "enterprise": enterprise.pk,
            "kind": kind,
            "count": len(items),
            "message": message,
            "hidden_at_capacity": hidden,
            "results": [
                {
                    "rank": item.rank,
                    "kind": item.kind,
                    "object_id": item.object_id,
                    "title": item.title,
                    "url": item.url,
                    "score": item.score,
                    "label": item.label,
                    "label_text": item.label_text,
                    "breakdown": item.breakdown,
                    "reasons": [
                        {"code": r["code"], "effect": r["effect"], "text": r["text"]} for r in item.reasons
                    ],
                }
                for item in items
            ],
        }
        return Response(RecommendationListSerializer(payload).data)


class RecommendationDismissView(APIView):
    """Dismiss a recommendation with a reason; the ranking leaves it out from then on."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=DismissSerializer, responses={204: None})
    def post(self, request, pk: int):
        enterprise = _enterprise_for(request, pk)
        data = DismissSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.recommendation_dismiss(enterprise=enterprise, user=request.user, **data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)

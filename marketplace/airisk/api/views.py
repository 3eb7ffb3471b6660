"""AI risk-classification API: owners (SME or vendor members) classify and ask for review, the
consultant asked decides, officers read; the questionnaire and solutions' classes are public."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from catalogue.selectors import vendors_of
from marketplace.core.pages import MAX_PK
from marketplace.enterprises.selectors import enterprises_of

from .. import selectors, services
from ..errors import ClassificationNotFound, InvalidClassification
from ..models import ClassificationStatus, ReviewRequest
from .serializers import (
    AnswersSerializer,
    ChecklistSerializer,
    ClassificationCreateSerializer,
    ClassificationSerializer,
    QuestionnaireSerializer,
    ReviewAskSerializer,
    ReviewDecideSerializer,
    ReviewDeclineSerializer,
    ReviewerSerializer,
    ReviewRequestSerializer,
    SolutionClassificationSerializer,
)


class QuestionnaireView(GenericAPIView):
    """The current questionnaire (questions, rules, obligations and their sources), frozen as a version."""

    permission_classes = [permissions.AllowAny]
    serializer_class = QuestionnaireSerializer

    def get(self, request):
        return Response(QuestionnaireSerializer(services.questionnaire_version_current()).data)


class ReviewerListView(ListAPIView):
    """Certified consultants with AI expertise an owner may ask to review a classification."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ReviewerSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.reviewers()


class SolutionClassificationView(GenericAPIView):
    """Who classified a catalogue solution's AI risk with the questionnaire, and when (public)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = SolutionClassificationSerializer

    def get(self, request, solution_id: int):
        # the int converter lets any length through; a larger id than a bigint holds exists nowhere
        facts = (
            selectors.solution_facts([solution_id]).get(solution_id) if 0 < solution_id <= MAX_PK else None
        )
        if not facts:
            raise ClassificationNotFound(_("This solution has no classification from the questionnaire."))
        return Response(SolutionClassificationSerializer({"solution": solution_id, **facts}).data)


def _one_of(queryset, pk, field: str, message: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise InvalidClassification(message, fields={field: [message]})
    return found


class ClassificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """AI system classifications: the owner's (members of the enterprise or vendor), those a consultant
    was asked to review, or every one for officers. The class is guidance, not a legal ruling."""

    serializer_class = ClassificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        queryset = selectors.classifications_visible_to(self.request.user).prefetch_related(
            Prefetch("review_requests", queryset=ReviewRequest.objects.select_related("consultant"))
        )
        if self.action == "list":
            wanted = self.request.query_params.get("status")
            if wanted not in (None, "", *ClassificationStatus.values):
                raise ValidationError({"status": [_("Unknown status.")]})
            if wanted:
                queryset = queryset.filter(status=wanted)
        return queryset.order_by("-updated_at", "-pk")

    def get_object(self):
        return selectors.classification_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def _owned(self):
        return selectors.classification_owned_get(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, classification, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=classification.pk)
        return Response(ClassificationSerializer(fresh).data, status=code)

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=list(ClassificationStatus.values), required=False)]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ClassificationCreateSerializer, responses={201: ClassificationSerializer})
    def create(self, request):
        """Start a classification for one of your enterprises, or for your vendor (optionally one of
        its AI solutions). Nothing of it is public, except a solution's class, who classified it and when."""
        data = ClassificationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        enterprise = _one_of(
            enterprises_of(user), values.get("enterprise"), "enterprise", _("Choose one of your enterprises.")
        )
        vendor = _one_of(vendors_of(user), values.get("vendor"), "vendor", _("Choose one of your vendors."))
        solution = _one_of(
            selectors.ai_solutions_of(user),
            values.get("solution"),
            "solution",
            _("Choose one of your own solutions marked as using AI in the catalogue."),
        )
        classification = services.classification_start(
            user=user,
            name=values["name"],
            description=values.get("description", ""),
            enterprise=enterprise,
            vendor=vendor,
            solution=solution,
        )
        return self._answer(classification, status.HTTP_201_CREATED)

    @extend_schema(request=AnswersSerializer, responses=ClassificationSerializer)
    def partial_update(self, request, pk=None):
        """Save answers (some or all). Answering after the result moves it back to draft."""
        classification = self._owned()
        data = AnswersSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "answers" in data.validated_data:  # a PATCH without answers changes nothing
            services.classification_answer(
                classification=classification, user=request.user, answers=data.validated_data["answers"]
            )
        return self._answer(classification)

    @extend_schema(request=None, responses=ClassificationSerializer)
    @action(detail=True, methods=["post"])
    def classify(self, request, pk=None):
        """Compute the provisional class with its reasons and obligations (every question answered)."""
        classification = services.classification_classify(classification=self._owned(), user=request.user)
        return self._answer(classification)

    @extend_schema(request=ChecklistSerializer, responses=ClassificationSerializer)
    @action(detail=True, methods=["post"])
    def checklist(self, request, pk=None):
        """Tick the obligations met (codes in `done`; the others are unticked)."""
        data = ChecklistSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        classification = services.classification_check(
            classification=self._owned(), user=request.user, done=data.validated_data["done"]
        )
        return self._answer(classification)

    @extend_schema(request=ReviewAskSerializer, responses={201: ReviewRequestSerializer})
    @action(detail=True, methods=["post"], url_path="request-review")
    def request_review(self, request, pk=None):
        """Ask a certified consultant with AI expertise (see /ai-risk/reviewers/) to review the class.
        The consultant sees the answers and your message."""
        data = ReviewAskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_request(
            classification=self._owned(),
            user=request.user,
            consultant_id=data.validated_data["consultant"],
            message=data.validated_data.get("message", ""),
        )
        return Response(ReviewRequestSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReviewRequestSerializer)
    @action(detail=True, methods=["post"], url_path="withdraw-review")
    def withdraw_review(self, request, pk=None):
        """Take back the waiting review request."""
        review = services.review_withdraw(classification=self._owned(), user=request.user)
        return Response(ReviewRequestSerializer(review).data)


class ReviewRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Review requests addressed to the signed-in consultant."""

    serializer_class = ReviewRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return (
            selectors.review_requests_for(self.request.user)
            .select_related("consultant")
            .order_by("-requested_at", "-pk")
        )

    def get_object(self):
        return selectors.review_request_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=ReviewDecideSerializer, responses=ReviewRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Confirm the provisional class or change it, with a note for the owner. Recorded with your name."""
        data = ReviewDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_decide(review=self.get_object(), user=request.user, **data.validated_data)
        return Response(ReviewRequestSerializer(review).data)

    @extend_schema(request=ReviewDeclineSerializer, responses=ReviewRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline the request with a note; the owner may ask another consultant."""
        data = ReviewDeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_decline(review=self.get_object(), user=request.user, **data.validated_data)
        return Response(ReviewRequestSerializer(review).data)

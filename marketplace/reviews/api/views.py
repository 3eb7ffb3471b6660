"""Reviews API: public reading, verified clients write, providers reply once, officers moderate."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from marketplace.accounts.roles import is_officer

from .. import selectors, services
from ..errors import NotAllowed, ReviewNotFound
from ..models import Review, ReviewStatus, SummaryKind
from .serializers import (
    DealSerializer,
    RatingSummarySerializer,
    ReplySerializer,
    ReviewCreateSerializer,
    ReviewEditSerializer,
    ReviewReasonSerializer,
    ReviewSerializer,
)


def _positive_int(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    if not value.isascii() or not value.isdigit() or not 0 < int(value) < 2**62:
        raise ValidationError({name: [_("A whole positive number.")]})
    return int(value)


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reviews of consultants and solutions by their verified clients (visible ones only, except
    for officers with `?status=hidden` and the reviewing enterprise for its own)."""

    serializer_class = ReviewSerializer
    filter_backends = []
    error_statuses = {"list": ["403"]}  # `?status=hidden` and `?reported=1` are officers' only

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self):
        params = self.request.query_params
        queryset = selectors.reviews_public()
        if self.action == "list":
            wanted = params.get("status")
            if wanted not in (None, "", *ReviewStatus.values):
                raise ValidationError({"status": [_("Unknown status.")]})
            if wanted == ReviewStatus.HIDDEN:
                if not is_officer(self.request.user):
                    # a permission, not a malformed request: 403, as for any officers' view
                    raise NotAllowed(_("Only the department's officers see hidden reviews."))
                queryset = Review.objects.filter(status=ReviewStatus.HIDDEN)
            if params.get("reported") == "1":
                if not is_officer(self.request.user):
                    raise NotAllowed(_("Only the department's officers see reports."))
                queryset = selectors.reviews_reported()
            consultant = _positive_int(params.get("consultant"), "consultant")
            solution = _positive_int(params.get("solution"), "solution")
            if consultant:
                queryset = queryset.filter(consultant_id=consultant)
            if solution:
                queryset = queryset.filter(solution_id=solution)
        return queryset.order_by("-created_at", "-pk")

    def get_object(self):
        return selectors.review_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "consultant", {"type": "integer", "minimum": 1, "maximum": 2**62 - 1}, required=False
            ),
            OpenApiParameter(
                "solution", {"type": "integer", "minimum": 1, "maximum": 2**62 - 1}, required=False
            ),
            OpenApiParameter(
                "status",
                str,
                enum=list(ReviewStatus.values),
                required=False,
                description="`hidden`: officers only (others: 403).",
            ),
            OpenApiParameter(
                "reported", str, enum=["1"], required=False, description="Officers only (others: 403)."
            ),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _answer(self, review, code=status.HTTP_200_OK):
        review = selectors.review_get_for(user=self.request.user, pk=review.pk)
        return Response(ReviewSerializer(review).data, status=code)

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer})
    def create(self, request):
        """Review a deal of your enterprise: a completed engagement, a held consultation or a solution
        in use long enough. Once per deal."""
        data = ReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_create(user=request.user, **data.validated_data)
        return self._answer(review, status.HTTP_201_CREATED)

    @extend_schema(request=ReviewEditSerializer, responses=ReviewSerializer)
    def partial_update(self, request, pk=None):
        """Edit your review while it can still be edited (`editable_until`)."""
        review = self.get_object()
        data = ReviewEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_edit(review=review, user=request.user, **data.validated_data)
        return self._answer(review)

    @extend_schema(request=ReplySerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """The reviewed provider replies, once, publicly."""
        review = self.get_object()
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_reply(review=review, user=request.user, text=data.validated_data["text"])
        return self._answer(review)

    @extend_schema(request=ReviewReasonSerializer, responses={201: ReviewSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Anyone signed in reports a review to the department."""
        review = self.get_object()
        data = ReviewReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_report(review=review, user=request.user, reason=data.validated_data["reason"])
        return self._answer(review, status.HTTP_201_CREATED)

    @extend_schema(request=ReviewReasonSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        """Officers: hide a review, with a reason (audited; a hidden review counts nowhere)."""
        review = self.get_object()
        data = ReviewReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_hide(review=review, officer=request.user, reason=data.validated_data["reason"])
        return self._answer(review)

    @extend_schema(request=ReviewReasonSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Officers: show a hidden review again, with a reason."""
        review = self.get_object()
        data = ReviewReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_restore(review=review, officer=request.user, reason=data.validated_data["reason"])
        return self._answer(review)

    @extend_schema(responses=DealSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="to-write", pagination_class=None)
    def to_write(self, request):
        """Your enterprises' deals that may be reviewed and are not yet."""
        deals = selectors.deals_to_review(request.user)
        return Response(DealSerializer(deals, many=True).data)


class RatingSummaryViewSet(viewsets.GenericViewSet):
    """Rating summaries (mean per criterion, count, recent trend) of consultants, firms, solutions."""

    serializer_class = RatingSummarySerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = []
    lookup_value_regex = r"(consultant|firm|solution)-[0-9]{1,18}"

    def get_queryset(self):
        return selectors.summaries_flagged()

    @extend_schema(responses=RatingSummarySerializer)
    def retrieve(self, request, pk=None):
        kind, _sep, number = pk.partition("-")
        found = selectors.summary(kind, int(number)) if kind in SummaryKind.values else None
        if found is None:
            raise ReviewNotFound(_("No reviews yet."))
        return Response(RatingSummarySerializer(found).data)

    @extend_schema(responses=RatingSummarySerializer(many=True))
    @action(detail=False, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def flagged(self, request):
        """Officers: consultants, firms and solutions rated under the threshold over enough reviews."""
        if not is_officer(request.user):
            raise NotAllowed()
        page = self.paginate_queryset(selectors.summaries_flagged())
        return self.get_paginated_response(RatingSummarySerializer(page, many=True).data)

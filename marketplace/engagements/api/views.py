"""Engagement API: parties only (officers too, for disputes); anyone else gets 404.

Amounts and splits are never taken from a request beyond the proposal the provider writes: the
total must equal its milestones, and what is owed comes from the settled milestones.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from consultants.models import Consultant
from marketplace.core.api.parsers import FormParser, JSONParser, MultiPartParser
from marketplace.enterprises.models import Enterprise

from .. import selectors, services
from ..errors import EngagementNotFound, NotTheProvider
from ..models import Milestone
from .serializers import (
    AcceptSerializer,
    DeliverSerializer,
    EngagementCreateSerializer,
    EngagementDetailSerializer,
    EngagementOptionalReasonSerializer,
    EngagementReasonSerializer,
    EngagementSerializer,
    InvoiceSerializer,
    MilestoneSerializer,
    ResolveSerializer,
    ReviseSerializer,
)

PROPOSAL_FIELDS = ("scope", "pillars", "deliverables", "milestones", "total", "start_date", "end_date")


def _proposal(values: dict) -> dict:
    data = {name: values[name] for name in PROPOSAL_FIELDS if name in values}
    data["milestones"] = [dict(m) for m in data["milestones"]]
    return data


class EngagementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Consulting engagements the signed-in user is a party to (enterprise member or provider)."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        queryset = selectors.engagements_visible_to(self.request.user).order_by("-created_at", "-pk")
        if self.action != "list":
            queryset = queryset.prefetch_related("versions", "milestones__evidence")
        return queryset

    def get_serializer_class(self):
        return EngagementSerializer if self.action == "list" else EngagementDetailSerializer

    def _engagement(self):
        return selectors.engagement_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, engagement, code=status.HTTP_200_OK):
        fresh = self.get_queryset().filter(pk=engagement.pk).first() or selectors.engagement_get_for(
            user=self.request.user, pk=engagement.pk
        )
        return Response(EngagementDetailSerializer(fresh).data, status=code)

    @extend_schema(request=EngagementCreateSerializer, responses={201: EngagementDetailSerializer})
    def create(self, request):
        """A consultant (or firm administrator) proposes an engagement to an enterprise it has met."""
        data = EngagementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "consultant" in values:
            consultant = Consultant.objects.filter(pk=values["consultant"]).first()
        else:
            consultant = Consultant.objects.filter(user=request.user).first()
        if consultant is None:
            raise NotTheProvider()
        enterprise = Enterprise.objects.filter(pk=values["enterprise"]).first()
        if enterprise is None:
            raise EngagementNotFound()
        engagement = services.engagement_propose(
            consultant=consultant,
            enterprise=enterprise,
            proposed_by=request.user,
            title=values["title"],
            **_proposal(values),
        )
        return self._answer(engagement, status.HTTP_201_CREATED)

    @extend_schema(request=ReviseSerializer, responses=EngagementDetailSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        engagement = self._engagement()
        data = ReviseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.engagement_revise(
            engagement=engagement,
            by=request.user,
            note=data.validated_data.get("note", ""),
            **_proposal(data.validated_data),
        )
        return self._answer(engagement)

    @extend_schema(request=EngagementReasonSerializer, responses=EngagementDetailSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        engagement = self._engagement()
        data = EngagementReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.engagement_request_changes(
            engagement=engagement, by=request.user, reason=data.validated_data["reason"]
        )
        return self._answer(engagement)

    @extend_schema(request=AcceptSerializer, responses=EngagementDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept exactly the version read (409 `proposal_version_changed` when a newer one exists)."""
        engagement = self._engagement()
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.engagement_accept(
            engagement=engagement, by=request.user, version_number=data.validated_data["version"]
        )
        return self._answer(engagement)

    @extend_schema(request=EngagementOptionalReasonSerializer, responses=EngagementDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        engagement = self._engagement()
        data = EngagementOptionalReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.engagement_withdraw(
            engagement=engagement, by=request.user, reason=data.validated_data.get("reason", "")
        )
        return self._answer(engagement)

    @extend_schema(request=EngagementReasonSerializer, responses=EngagementDetailSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """Either side ends the work early, with a reason."""
        engagement = self._engagement()
        data = EngagementReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.engagement_end_early(
            engagement=engagement, by=request.user, reason=data.validated_data["reason"]
        )
        return self._answer(engagement)


class MilestoneViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A milestone of an engagement the user may see; its delivery, review, dispute and e-invoice."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MilestoneSerializer
    filter_backends = []

    def get_queryset(self):
        visible = selectors.engagements_visible_to(self.request.user).values("pk")
        return Milestone.objects.filter(engagement__in=visible).prefetch_related("evidence")

    def _milestone(self):
        return selectors.milestone_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, milestone):
        return Response(MilestoneSerializer(self.get_queryset().get(pk=milestone.pk)).data)

    @extend_schema(request={"multipart/form-data": DeliverSerializer}, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def deliver(self, request, pk=None):
        milestone = self._milestone()
        data = DeliverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.milestone_deliver(
            milestone=milestone,
            by=request.user,
            note=data.validated_data.get("note", ""),
            files=request.FILES.getlist("files"),
        )
        return self._answer(milestone)

    @extend_schema(request=None, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        milestone = self._milestone()
        services.milestone_accept(milestone=milestone, by=request.user)
        return self._answer(milestone)

    @extend_schema(request=EngagementReasonSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        milestone = self._milestone()
        data = EngagementReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.milestone_dispute(milestone=milestone, by=request.user, reason=data.validated_data["reason"])
        return self._answer(milestone)

    @extend_schema(request=ResolveSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """A department officer settles a dispute: accept, partial (with `amount`) or reject."""
        milestone = self._milestone()
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.milestone_resolve(
            milestone=milestone,
            officer=request.user,
            outcome=values["outcome"],
            amount=values.get("amount"),
            reason=values["reason"],
        )
        return self._answer(milestone)

    @extend_schema(request=InvoiceSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def invoice(self, request, pk=None):
        """The provider records the e-invoice number it issued for the amount paid."""
        milestone = self._milestone()
        data = InvoiceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.milestone_record_invoice(
            milestone=milestone, by=request.user, number=data.validated_data["e_invoice_number"]
        )
        return self._answer(milestone)

"""Payment API: create (Idempotency-Key header required), list and read one's own, the VietQR image,
and the officer's actions (mark a transfer received, refund, import a bank statement)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts.roles import is_officer
from marketplace.core.api.parsers import MultiPartParser

from .. import cards, registry, selectors, services, stripe_events, vietqr
from ..errors import InvalidRefund, NotPayable, NoTransferDue, OfficerOnly
from .serializers import (
    CardConfirmSerializer,
    CardResultSerializer,
    MarkReceivedSerializer,
    PaymentCreateSerializer,
    PaymentSerializer,
    RefundSerializer,
    StatementSerializer,
    WebhookResultSerializer,
)

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    # what payment_start accepts: 1-255 characters, not only spaces
    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"\S"},
    location=OpenApiParameter.HEADER,
    required=True,
    description="A new random value per payment; a retried request with the same key returns the same payment.",
)


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Payments of the enterprises the user belongs to (officers: all)."""

    serializer_class = PaymentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return selectors.payments_visible_to(self.request.user).order_by("-created_at", "-pk")

    def _payment(self):
        return selectors.payment_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        request=PaymentCreateSerializer, parameters=[IDEMPOTENCY_HEADER], responses={201: PaymentSerializer}
    )
    def create(self, request):
        data = PaymentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = registry.entry_by_kind(data.validated_data["payable_kind"])
        if entry is None:
            raise NotPayable(fields={"payable_kind": [_("Nothing of this kind can be paid.")]})
        # the payer's app answers 404 for what the user may not see (another SME's milestone)
        payable = entry.get_for(user=request.user, pk=data.validated_data["payable_id"])
        payment = services.payment_create(
            payable=payable,
            by=request.user,
            method=data.validated_data["method"],
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.STR)})
    @action(detail=True, methods=["get"], url_path="vietqr")
    def vietqr_svg(self, request, pk=None):
        """The VietQR code of a pending transfer, as SVG."""
        transfer = selectors.transfer_of(self._payment())
        if transfer is None:
            raise NoTransferDue()
        return HttpResponse(vietqr.svg(vietqr.encode(transfer)), content_type="image/svg+xml")

    @extend_schema(request=CardConfirmSerializer, responses=CardResultSerializer)
    @action(detail=True, methods=["post"], url_path="card-confirm")
    def card_confirm(self, request, pk=None):
        """The payer's card (a Stripe.js token) is attached and confirmed; paid when Stripe's webhook says so."""
        payment = self._payment()
        data = CardConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = cards.card_confirm(payment=payment, by=request.user, token=data.validated_data["token"])
        return Response(
            {
                "status": result.status,
                "message": result.message,
                "code": result.code,
                "client_secret": result.client_secret,
            }
        )

    @extend_schema(request=MarkReceivedSerializer, responses=PaymentSerializer)
    @action(detail=True, methods=["post"], url_path="mark-received")
    def mark_received(self, request, pk=None):
        payment = self._payment()
        data = MarkReceivedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.payment_mark_received(
            payment=payment,
            by=request.user,
            bank_reference=data.validated_data["bank_reference"],
            note=data.validated_data.get("note", ""),
        )
        return Response(PaymentSerializer(payment).data)

    @extend_schema(request=RefundSerializer, responses=PaymentSerializer)
    @action(detail=True, methods=["post"])
    def refund(self, request, pk=None):
        """Officers refund part or all of what the enterprise paid."""
        payment = self._payment()
        data = RefundSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["amount"] <= 0:
            raise InvalidRefund()
        services.payment_refund(
            payment=payment,
            by=request.user,
            amount=values["amount"],
            reason=values["reason"],
            bank_reference=values.get("bank_reference", ""),
        )
        return Response(PaymentSerializer(payment).data)

    @extend_schema(request={"multipart/form-data": StatementSerializer}, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"], url_path="bank-statement", parser_classes=[MultiPartParser])
    def bank_statement(self, request):
        """Officers import a bank statement (CSV, UTF-8): matched lines mark transfers received."""
        if not is_officer(request.user):
            raise OfficerOnly()
        data = StatementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        raw = data.validated_data["file"].read(5 * 1024 * 1024)
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotPayable(_("The statement must be a UTF-8 CSV file."), code="statement_encoding") from exc
        report = services.bank_statement_import(by=request.user, content=content)
        return Response(
            {
                "matched": report.matched,
                "already_received": report.already_received,
                "amount_mismatch": report.amount_mismatch,
                "unmatched": report.unmatched,
            }
        )


class StripeWebhookView(APIView):
    """Stripe's signed events (outside the API's log-in: the Stripe-Signature header is the proof)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = []

    @extend_schema(
        operation_id="payments_stripe_webhook",
        request={"application/json": OpenApiTypes.OBJECT},
        parameters=[
            OpenApiParameter(
                "Stripe-Signature",
                str,
                location=OpenApiParameter.HEADER,
                required=True,
                description="Stripe's signature of the body (t=...,v1=...).",
            )
        ],
        responses={200: WebhookResultSerializer},
    )
    def post(self, request):
        # the signature covers the exact bytes: read them before anything parses the body
        payload = request._request.body
        event, duplicate = stripe_events.receive(payload, request.headers.get("Stripe-Signature", ""))
        return Response({"received": event.event_id, "duplicate": duplicate, "outcome": event.outcome})

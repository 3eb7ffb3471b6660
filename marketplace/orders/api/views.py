"""Orders API: the enterprise's and the vendor's orders; parties only, everyone else gets 404."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from marketplace.enterprises.selectors import enterprises_of

from .. import selectors, services
from ..errors import NotAnEnterpriseMember
from ..models import OrderStatus
from .serializers import (
    OrderConfirmSerializer,
    OrderCreateSerializer,
    OrderInvoiceSerializer,
    OrderOptionalReasonSerializer,
    OrderReasonSerializer,
    OrderRevenueSerializer,
    OrderSerializer,
)


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Solution orders the signed-in user is a party to (enterprise member or vendor member).

    `?role=sme|vendor` narrows the list, `?status=` filters by state. Amounts are whole VND and come
    from the plan as ordered.
    """

    serializer_class = OrderSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        user = self.request.user
        role = self.request.query_params.get("role")
        if role == "sme":
            queryset = selectors.orders_of_enterprise_member(user)
        elif role == "vendor":
            queryset = selectors.orders_of_vendor_member(user)
        else:
            queryset = selectors.orders_visible_to(user)
        wanted = self.request.query_params.get("status")
        if self.action == "list" and wanted:
            if wanted not in OrderStatus.values:
                raise ValidationError({"status": [_("Unknown status.")]})
            queryset = queryset.filter(status=wanted)
        return queryset.prefetch_related("amounts").order_by("-created_at", "-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("role", str, enum=["sme", "vendor"], required=False),
            OpenApiParameter("status", str, enum=list(OrderStatus.values), required=False),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _order(self):
        return selectors.order_get_for(self.request.user, self.kwargs["pk"])

    def _answer(self, order, code=status.HTTP_200_OK):
        order = selectors.order_get_for(self.request.user, order.pk)
        return Response(OrderSerializer(order, context={"request": self.request}).data, status=code)

    @extend_schema(request=OrderCreateSerializer, responses={201: OrderSerializer})
    def create(self, request):
        """Order a plan of a published solution for your enterprise (the vendor then confirms or declines)."""
        data = OrderCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        enterprises = list(enterprises_of(request.user))
        if "enterprise" in values:
            enterprise = next((e for e in enterprises if e.pk == values["enterprise"]), None)
        else:
            if len(enterprises) > 1:
                raise ValidationError({"enterprise": [_("Choose the enterprise you order for.")]})
            enterprise = enterprises[0] if enterprises else None
        if enterprise is None:
            raise NotAnEnterpriseMember()
        order = services.order_place(
            plan=values["plan"], enterprise=enterprise, actor=request.user, note=values.get("note", "")
        )
        return self._answer(order, status.HTTP_201_CREATED)

    @extend_schema(request=OrderConfirmSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The vendor confirms with the start date and the contract number."""
        order = self._order()
        data = OrderConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_confirm(order=order, actor=request.user, **data.validated_data)
        return self._answer(order)

    @extend_schema(request=OrderReasonSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        order = self._order()
        data = OrderReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_decline(order=order, actor=request.user, reason=data.validated_data["reason"])
        return self._answer(order)

    @extend_schema(request=OrderOptionalReasonSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        order = self._order()
        data = OrderOptionalReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_withdraw(order=order, actor=request.user, reason=data.validated_data.get("reason", ""))
        return self._answer(order)

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-in-use")
    def confirm_in_use(self, request, pk=None):
        """The enterprise confirms the solution is in use (counted by the programme's indicators)."""
        order = self._order()
        services.order_confirm_in_use(order=order, actor=request.user)
        return self._answer(order)

    @extend_schema(request=OrderReasonSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self._order()
        data = OrderReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_cancel(order=order, actor=request.user, reason=data.validated_data["reason"])
        return self._answer(order)

    @extend_schema(request=OrderReasonSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        order = self._order()
        data = OrderReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_end(order=order, actor=request.user, reason=data.validated_data["reason"])
        return self._answer(order)

    @extend_schema(request=OrderRevenueSerializer, responses={201: OrderSerializer})
    @action(detail=True, methods=["post"])
    def revenue(self, request, pk=None):
        """A revenue-sharing order: report a finished month's revenue; the instalment is computed."""
        order = self._order()
        data = OrderRevenueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_report_revenue(order=order, actor=request.user, **data.validated_data)
        return self._answer(order, status.HTTP_201_CREATED)

    @extend_schema(request=OrderInvoiceSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def invoice(self, request, pk=None):
        """The vendor records the e-invoice number it issued for a paid amount; support a voucher
        reserved on that amount is redeemed against it."""
        order = self._order()
        data = OrderInvoiceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        amount = order.amounts.filter(pk=data.validated_data["amount"]).first()
        if amount is None:
            raise ValidationError({"amount": [_("No such amount on this order.")]})
        services.amount_record_invoice(
            amount=amount, actor=request.user, number=data.validated_data["e_invoice_number"]
        )
        return self._answer(order)

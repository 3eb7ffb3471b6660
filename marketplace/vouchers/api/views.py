"""Vouchers API: schemes and calls read-only for everyone; applications for their enterprise's members
and officers (decisions: officers only); vouchers for their holders and officers; the budget ledger
and its money movements for officers; public verification of a voucher by its code."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api.permissions import IsOfficer
from marketplace.core.pages import MAX_PK
from marketplace.enterprises.selectors import enterprises_of

from .. import selectors, services
from ..errors import ApplicationNotFound, CallNotFound, NotAnEnterpriseMember, VoucherNotFound
from ..models import Application, Voucher
from .serializers import (
    BudgetEntrySerializer,
    CallCreateSerializer,
    CallSerializer,
    ClawBackSerializer,
    DisburseSerializer,
    RedeemSerializer,
    SchemeSerializer,
    VerificationSerializer,
    VoucherApplicationCreateSerializer,
    VoucherApplicationSerializer,
    VoucherApproveSerializer,
    VoucherReasonSerializer,
    VoucherSerializer,
)


class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """Support schemes (legal basis, eligibility, rules per kind and size class), public."""

    serializer_class = SchemeSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = []
    queryset = selectors.schemes().order_by("-is_default", "code")


class CallViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Calls for applications (đợt hỗ trợ) with their budget and what is left of it, public; an
    officer opens one (its budget enters the ledger)."""

    serializer_class = CallSerializer
    filter_backends = []
    queryset = selectors.calls().order_by("-opens_on", "code")

    def get_permissions(self):
        return [IsOfficer()] if self.action == "create" else [permissions.AllowAny()]

    @extend_schema(request=CallCreateSerializer, responses={201: CallSerializer})
    def create(self, request, *args, **kwargs):
        data = CallCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        scheme = selectors.schemes().filter(pk=values.pop("scheme")).first()
        if scheme is None:
            raise ValidationError({"scheme": [_("No such scheme.")]})
        call = services.call_open(scheme=scheme, by=request.user, **values)
        return Response(CallSerializer(call).data, status=status.HTTP_201_CREATED)


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications: an enterprise's members see theirs, officers see all and decide."""

    serializer_class = VoucherApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Application.objects.none()
        return selectors.applications_for(self.request.user).order_by("-created_at", "-pk")

    def _application(self) -> Application:
        pk = str(self.kwargs["pk"])
        if not (pk.isascii() and pk.isdigit()) or int(pk) > MAX_PK:
            raise ApplicationNotFound()
        application = self.get_queryset().filter(pk=int(pk)).first()
        if application is None:
            raise ApplicationNotFound()
        return application

    def _answer(self, application, code=status.HTTP_200_OK):
        application = self.get_queryset().get(pk=application.pk)
        return Response(VoucherApplicationSerializer(application).data, status=code)

    @extend_schema(request=VoucherApplicationCreateSerializer, responses={201: VoucherApplicationSerializer})
    def create(self, request):
        """Apply under an open call for your enterprise; eligibility is checked first and every gap is
        listed in `fields.eligibility`."""
        data = VoucherApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        enterprises = list(enterprises_of(request.user))
        if "enterprise" in values:
            enterprise = next((e for e in enterprises if e.pk == values["enterprise"]), None)
        else:
            if len(enterprises) > 1:
                raise ValidationError({"enterprise": [_("Choose the enterprise you apply for.")]})
            enterprise = enterprises[0] if enterprises else None
        if enterprise is None:
            raise NotAnEnterpriseMember()
        call = selectors.calls().filter(pk=values["call"]).first()
        if call is None:
            raise CallNotFound()
        application = services.application_submit(
            call=call,
            enterprise=enterprise,
            by=request.user,
            amount_requested=values["amount_requested"],
            purpose=values["purpose"],
        )
        return self._answer(application, status.HTTP_201_CREATED)

    @extend_schema(request=VoucherApproveSerializer, responses=VoucherApplicationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficer])
    def approve(self, request, pk=None):
        """An officer approves: `ceiling` at most the amount asked (default: that amount), `valid_until`."""
        application = self._application()
        data = VoucherApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_approve(application=application, by=request.user, **data.validated_data)
        return self._answer(application)

    @extend_schema(request=VoucherReasonSerializer, responses=VoucherApplicationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsOfficer])
    def reject(self, request, pk=None):
        application = self._application()
        data = VoucherReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_reject(
            application=application, by=request.user, reason=data.validated_data["reason"]
        )
        return self._answer(application)

    @extend_schema(request=None, responses=VoucherApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self._application()
        services.application_withdraw(application=application, by=request.user)
        return self._answer(application)


class VoucherViewSet(viewsets.ReadOnlyModelViewSet):
    """Vouchers with their balances (sums over the ledger); holders see theirs, officers all. Read-only:
    a voucher's amount changes only by an officer's decision."""

    serializer_class = VoucherSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Voucher.objects.none()
        return selectors.vouchers_for(self.request.user).order_by("-issued_at", "-pk")


class LedgerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The budget ledger (officers): every movement with who and why, oldest first; and the officer's
    money movements on an amount due: redeem (e-invoice number), disburse (bank reference), claw back."""

    serializer_class = BudgetEntrySerializer
    permission_classes = [IsOfficer]
    filter_backends = []

    def get_queryset(self):
        return selectors.ledger_entries()

    def _entries(self, key: str, code=status.HTTP_201_CREATED):
        rows = selectors.entries_for_payable(key).order_by("pk")
        return Response(BudgetEntrySerializer(rows, many=True).data, status=code)

    @extend_schema(request=RedeemSerializer, responses={201: BudgetEntrySerializer(many=True)})
    @action(detail=False, methods=["post"])
    def redeem(self, request):
        data = RedeemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = data.validated_data["payable_key"]
        services.redeem(key=key, by=request.user, evidence=data.validated_data["e_invoice_number"])
        return self._entries(key)

    @extend_schema(request=DisburseSerializer, responses={201: BudgetEntrySerializer(many=True)})
    @action(detail=False, methods=["post"])
    def disburse(self, request):
        data = DisburseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = data.validated_data["payable_key"]
        services.disburse(key=key, by=request.user, bank_reference=data.validated_data["bank_reference"])
        return self._entries(key)

    @extend_schema(request=ClawBackSerializer, responses={201: BudgetEntrySerializer(many=True)})
    @action(detail=False, methods=["post"], url_path="claw-back")
    def claw_back(self, request):
        data = ClawBackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = data.validated_data["payable_key"]
        services.claw_back(key=key, by=request.user, reason=data.validated_data["reason"])
        return self._entries(key)


class VerificationView(APIView):
    """Check a voucher by its public code (spaces, dashes and case do not matter)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=VerificationSerializer, operation_id="voucher_verification_retrieve")
    def get(self, request, code: str):
        voucher = selectors.voucher_by_code(code)
        if voucher is None:
            raise VoucherNotFound()
        return Response(
            VerificationSerializer(
                {
                    "code": voucher.code,
                    "status": voucher.status,
                    "enterprise_name": voucher.enterprise.name,
                    "call_code": voucher.call.code,
                    "call_title": voucher.call.title,
                    "scheme_code": voucher.call.scheme.code,
                    "ceiling": voucher.ceiling,
                    "valid_until": voucher.valid_until,
                }
            ).data
        )

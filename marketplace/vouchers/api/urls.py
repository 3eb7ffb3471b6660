from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    ApplicationViewSet,
    CallViewSet,
    LedgerViewSet,
    SchemeViewSet,
    VerificationView,
    VoucherViewSet,
)

router = SimpleRouter()
router.register("voucher-schemes", SchemeViewSet, basename="voucher-scheme")
router.register("voucher-calls", CallViewSet, basename="voucher-call")
router.register("voucher-applications", ApplicationViewSet, basename="voucher-application")
router.register("vouchers", VoucherViewSet, basename="voucher")
router.register("voucher-ledger", LedgerViewSet, basename="voucher-ledger")

urlpatterns = [
    path("voucher-verification/<str:code>/", VerificationView.as_view(), name="voucher-verification"),
    *router.urls,
]

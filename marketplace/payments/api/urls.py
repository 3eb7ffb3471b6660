from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import PaymentViewSet, StripeWebhookView

router = SimpleRouter()
router.register("payments", PaymentViewSet, basename="payment")

urlpatterns = [
    path("stripe/webhook/", StripeWebhookView.as_view(), name="stripe-webhook"),
    *router.urls,
]

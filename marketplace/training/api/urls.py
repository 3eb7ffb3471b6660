from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import CertificateView, CheckInView, EventViewSet, OrganiserViewSet, SeatViewSet

router = SimpleRouter()
router.register("training/events", EventViewSet, basename="training-event")
router.register("training/seats", SeatViewSet, basename="training-seat")
router.register("training/organisers", OrganiserViewSet, basename="training-organiser")

urlpatterns = [
    path("training/check-in/", CheckInView.as_view(), name="training-check-in"),
    path("training/certificates/<str:code>/", CertificateView.as_view(), name="training-certificate"),
    *router.urls,
]

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    ApplicationViewSet,
    AvailabilityExceptionViewSet,
    AvailabilityRuleViewSet,
    CertificateViewSet,
    ConsultantMeView,
    ConsultantPhotoView,
    ConsultantViewSet,
    FirmViewSet,
)

router = SimpleRouter()
router.register("consultants/me/availability-rules", AvailabilityRuleViewSet, basename="availability-rule")
router.register(
    "consultants/me/availability-exceptions", AvailabilityExceptionViewSet, basename="availability-exception"
)
router.register("consultants", ConsultantViewSet, basename="consultant")
router.register("certification-applications", ApplicationViewSet, basename="certification-application")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("consulting-firms", FirmViewSet, basename="consulting-firm")

urlpatterns = [
    path("consultants/me/", ConsultantMeView.as_view(), name="consultant-me"),
    path("consultants/me/photo/", ConsultantPhotoView.as_view(), name="consultant-photo"),
    *router.urls,
]

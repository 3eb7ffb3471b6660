from rest_framework.routers import SimpleRouter

from .views import DesignationViewSet, ImpactSummaryViewSet, MeasurementViewSet

router = SimpleRouter()
router.register("impact/summaries", ImpactSummaryViewSet, basename="impact-summary")
router.register("impact/measurements", MeasurementViewSet, basename="impact-measurement")
router.register("exemplary-smes", DesignationViewSet, basename="exemplary-sme")

urlpatterns = router.urls

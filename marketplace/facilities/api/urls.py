from rest_framework.routers import SimpleRouter

from .views import FacilityBookingViewSet, FacilityViewSet, ProviderFacilityViewSet

router = SimpleRouter()
router.register("facilities", FacilityViewSet, basename="facility")
router.register("provider-facilities", ProviderFacilityViewSet, basename="provider-facility")
router.register("facility-bookings", FacilityBookingViewSet, basename="facility-booking")

urlpatterns = router.urls

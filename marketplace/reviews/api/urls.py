from rest_framework.routers import SimpleRouter

from .views import RatingSummaryViewSet, ReviewViewSet

router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="review")
router.register("ratings", RatingSummaryViewSet, basename="rating")

urlpatterns = router.urls

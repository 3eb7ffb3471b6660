from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    FeedCsvView,
    FeedJsonView,
    ReviewViewSet,
    SolutionViewSet,
    VendorSolutionViewSet,
    VendorViewSet,
)

router = SimpleRouter()
router.register("solutions", SolutionViewSet, basename="solution")
router.register("vendors", VendorViewSet, basename="vendor")
router.register("vendor/solutions", VendorSolutionViewSet, basename="vendor-solution")
router.register("review/solutions", ReviewViewSet, basename="review-solution")

urlpatterns = [
    path("catalogue/feed.json", FeedJsonView.as_view(), name="catalogue-feed-json"),
    path("catalogue/feed.csv", FeedCsvView.as_view(), name="catalogue-feed-csv"),
    *router.urls,
]

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import AssessmentViewSet, CriteriaSetViewSet, RecommendationDismissView, RecommendationsView

router = SimpleRouter()
router.register("criteria-sets", CriteriaSetViewSet, basename="criteria-set")
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = [
    *router.urls,
    path(
        "enterprises/<int:pk>/recommendations/",
        RecommendationsView.as_view(),
        name="enterprise-recommendations",
    ),
    path(
        "enterprises/<int:pk>/recommendations/dismiss/",
        RecommendationDismissView.as_view(),
        name="enterprise-recommendations-dismiss",
    ),
]

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    ClassificationViewSet,
    QuestionnaireView,
    ReviewerListView,
    ReviewRequestViewSet,
    SolutionClassificationView,
)

router = SimpleRouter()
router.register("ai-risk/classifications", ClassificationViewSet, basename="ai-classification")
router.register("ai-risk/reviews", ReviewRequestViewSet, basename="ai-review")

urlpatterns = [
    path("ai-risk/questionnaire/", QuestionnaireView.as_view(), name="ai-questionnaire"),
    path("ai-risk/reviewers/", ReviewerListView.as_view(), name="ai-reviewers"),
    path(
        "ai-risk/solutions/<int:solution_id>/",
        SolutionClassificationView.as_view(),
        name="ai-solution-classification",
    ),
    *router.urls,
]

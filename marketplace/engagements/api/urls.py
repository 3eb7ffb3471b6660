from rest_framework.routers import SimpleRouter

from .views import EngagementViewSet, MilestoneViewSet

router = SimpleRouter()
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("milestones", MilestoneViewSet, basename="milestone")

urlpatterns = router.urls

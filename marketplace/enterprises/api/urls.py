from rest_framework.routers import SimpleRouter

from .views import EnterpriseViewSet

router = SimpleRouter()
router.register("enterprises", EnterpriseViewSet, basename="enterprise")

urlpatterns = router.urls

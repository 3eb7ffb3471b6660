from rest_framework import mixins, permissions, viewsets

from marketplace.core.errors import PermissionDenied

from .. import selectors, services
from .serializers import EnterpriseSerializer


class EnterpriseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Enterprise (SME) profiles. Members see and edit their own; officers read all; others get 404."""

    serializer_class = EnterpriseSerializer
    permission_classes = [permissions.IsAuthenticated]
    ordering_fields = ["name", "created_at", "employees"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        return selectors.enterprises_visible_to(self.request.user).order_by("name", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        sectors = data.pop("sectors", None)
        serializer.instance = services.enterprise_create(
            created_by=self.request.user, sectors=sectors, **data
        )

    def perform_update(self, serializer):
        if not selectors.enterprise_is_member(enterprise=serializer.instance, user=self.request.user):
            raise PermissionDenied("Only members of this enterprise may change its profile.")
        data = dict(serializer.validated_data)
        sectors = data.pop("sectors", None)
        serializer.instance = services.enterprise_update(
            enterprise=serializer.instance, sectors=sectors, **data
        )

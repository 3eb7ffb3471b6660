from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, viewsets

from .. import selectors, services
from .serializers import EnterpriseSerializer


class IsMemberOrReadOnly(permissions.BasePermission):
    """Reads are limited by the queryset; writes need a membership of this enterprise."""

    message = _("Only members of this enterprise may change its profile.")

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return selectors.enterprise_is_member(enterprise=obj, user=request.user)


class EnterpriseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Enterprise (SME) profiles. Members see and edit their own; officers read all; others get 404."""

    serializer_class = EnterpriseSerializer
    permission_classes = [permissions.IsAuthenticated, IsMemberOrReadOnly]
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
        data = dict(serializer.validated_data)
        sectors = data.pop("sectors", None)
        serializer.instance = services.enterprise_update(
            enterprise=serializer.instance, sectors=sectors, **data
        )

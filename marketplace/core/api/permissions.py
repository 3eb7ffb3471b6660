from django.utils.translation import gettext_lazy as _
from rest_framework import permissions


class IsOfficer(permissions.BasePermission):
    """Department officers only (an active OfficerMembership, granted by an admin)."""

    message = _("Only department officers may do this.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_officer)

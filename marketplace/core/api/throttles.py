"""Throttles shared by the apps."""

from __future__ import annotations

from rest_framework import permissions
from rest_framework.throttling import ScopedRateThrottle


class WriteThrottle(ScopedRateThrottle):
    """A scoped limit on writes only: reading one's own bookings is not what the limit protects
    (every booking engine: consultants, facilities)."""

    def allow_request(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().allow_request(request, view)

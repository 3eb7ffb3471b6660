from __future__ import annotations

from django.db.models import QuerySet

from .models import Enterprise


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """Officers see every enterprise; anyone else only the enterprises they are a member of."""
    base = Enterprise.objects.select_related("primary_sector", "ward").prefetch_related("sectors")
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if user.is_officer or user.is_superuser:
        return base
    return base.filter(memberships__user=user)


def enterprise_is_member(*, enterprise: Enterprise, user) -> bool:
    return bool(user.is_authenticated) and enterprise.memberships.filter(user=user).exists()


def enterprises_of(user) -> QuerySet[Enterprise]:
    if not getattr(user, "is_authenticated", False):
        return Enterprise.objects.none()
    return Enterprise.objects.filter(memberships__user=user).select_related("primary_sector", "ward")

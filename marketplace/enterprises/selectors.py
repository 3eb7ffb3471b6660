from __future__ import annotations

from django.db.models import QuerySet

from .models import Enterprise, EnterpriseMembership


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


_ENTERPRISES_OF_SQL = (
    f"SELECT e.* FROM {Enterprise._meta.db_table} e WHERE EXISTS (SELECT 1 FROM"
    f" {EnterpriseMembership._meta.db_table} m WHERE m.enterprise_id = e.id AND m.user_id = %s) ORDER BY e.id"
)


def enterprises_of_plain(user) -> list[Enterprise]:
    """The user's enterprises, without their relations, in one plain statement: for hot API paths
    (a booking request) where compiling the ORM query cost more than running it."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Enterprise.objects.raw(_ENTERPRISES_OF_SQL, [user.pk]))

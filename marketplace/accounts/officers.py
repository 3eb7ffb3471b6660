"""The officers' admin group: department officers work in the Django admin with these permissions."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from .models import OfficerMembership

OFFICER_GROUP = "Department officers"
# officers review and publish; they do not manage user accounts or permissions (admins do)
OFFICER_APPS = ["enterprises", "taxonomy", "consultants", "catalogue", "matching", "core"]


def officer_group() -> Group:
    group, _ = Group.objects.get_or_create(name=OFFICER_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=OFFICER_APPS).exclude(
        codename__startswith="delete_"
    )
    group.permissions.set(perms)
    return group


def officer_grant(*, user, title: str = "") -> None:
    """Make a user a department officer: membership + admin access through the officers' group."""
    OfficerMembership.objects.get_or_create(
        user=user, department=settings.JURISDICTION["department_name"], defaults={"title": title}
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(officer_group())

"""Role checks used by views, API permissions and templates.

Other apps add their own memberships (enterprise member, consultant, vendor member); this module only
answers questions through those relations' reverse names, so it imports no domain app.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist


def is_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_officer)


def role_names(user: Any) -> list[str]:
    """The roles a user holds, for navigation; cheap checks through reverse relations."""
    if not getattr(user, "is_authenticated", False):
        return []
    roles = []
    if user.enterprise_memberships.exists():
        roles.append("sme")
    try:
        user.consultant_profile  # noqa: B018 - raises when absent
        roles.append("consultant")
    except ObjectDoesNotExist:
        pass
    if user.vendor_memberships.exists():
        roles.append("vendor")
    if user.is_officer:
        roles.append("officer")
    if user.is_staff:
        roles.append("staff")
    return roles

"""Consulting firms: a consultant creates one and administers its members; the last administrator
stays one."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import NotFound
from marketplace.core.locks import lock_rows

from .. import selectors
from ..errors import (
    InvalidProfile,
    NotYourProfile,
)
from ..models import (
    Consultant,
    ConsultingFirm,
    FirmMembership,
)
from .common import (
    _full_clean,
    _reindex,
    _require_firm_admin,
)


@transaction.atomic
def firm_create(*, actor, name: str, **data: Any) -> ConsultingFirm:
    """A consultant creates a firm and becomes its first administrator."""
    consultant = selectors.consultant_of(actor)
    if consultant is None:
        raise NotYourProfile(_("Create your consultant profile before creating a firm."))
    if FirmMembership.objects.filter(consultant=consultant).exists():
        raise InvalidProfile(_("You already belong to a consulting firm."))
    if not (name or "").strip():
        raise InvalidProfile(_("Enter the firm's name."), fields={"name": [_("Enter the firm's name.")]})
    firm = ConsultingFirm(name=" ".join(name.split()), **data)
    _full_clean(firm)
    firm.save()
    FirmMembership.objects.create(firm=firm, consultant=consultant, role=FirmMembership.ADMIN)
    _reindex(consultant)
    return firm


FIRM_FIELDS = (
    "name",
    "tax_code",
    "is_household_business",
    "description",
    "website",
    "email",
    "phone",
    "ward",
)


@transaction.atomic
def firm_update(*, firm: ConsultingFirm, actor, **data: Any) -> ConsultingFirm:
    _require_firm_admin(firm, actor)
    firm = ConsultingFirm.objects.select_for_update().get(pk=firm.pk)
    for field in FIRM_FIELDS:
        if field in data:
            setattr(firm, field, data[field])
    _full_clean(firm)
    firm.save()
    for membership in firm.memberships.select_related("consultant"):
        _reindex(membership.consultant)  # the firm's name shows on members' public profiles
    return firm


def _firm_memberships_locked(firm: ConsultingFirm, *, admin=None) -> list[FirmMembership]:
    """Lock the firm's memberships (primary-key order) so two admins cannot both step down at once;
    with `admin`, check again under the lock that they still are one."""
    memberships = lock_rows(FirmMembership.objects.filter(firm=firm))
    if admin is not None:
        _require_firm_admin(firm, admin)
    return memberships


def _member_of(memberships: list[FirmMembership], consultant: Consultant) -> FirmMembership:
    target = next((m for m in memberships if m.consultant_id == consultant.pk), None)
    if target is None:
        raise NotFound(_("This consultant is not a member of the firm."))
    return target


def _refuse_last_admin(memberships: list[FirmMembership], target: FirmMembership) -> None:
    """Called before `target` stops being an administrator (demoted, removed or leaving)."""
    admins = [m for m in memberships if m.role == FirmMembership.ADMIN]
    if target.role == FirmMembership.ADMIN and len(admins) == 1:
        raise InvalidProfile(_("A firm needs at least one administrator."), code="last_firm_admin")


def _check_role(role: str) -> str:
    if role not in (FirmMembership.ADMIN, FirmMembership.MEMBER):
        raise InvalidProfile(_("Unknown role."), fields={"role": [_("Unknown role.")]})
    return role


@transaction.atomic
def firm_member_add(
    *, firm: ConsultingFirm, actor, consultant: Consultant, role: str = FirmMembership.MEMBER
) -> FirmMembership:
    _require_firm_admin(firm, actor)
    _check_role(role)
    memberships = _firm_memberships_locked(firm, admin=actor)
    existing = next((m for m in memberships if m.consultant_id == consultant.pk), None)
    if existing is not None:
        if existing.role != role:
            _refuse_last_admin(memberships, existing)
            existing.role = role
            existing.save(update_fields=["role"])
        return existing
    if FirmMembership.objects.filter(consultant=consultant).exists():
        raise InvalidProfile(_("This consultant already belongs to another firm."))
    try:
        with transaction.atomic():
            membership = FirmMembership.objects.create(firm=firm, consultant=consultant, role=role)
    except IntegrityError as exc:  # joined another firm a moment ago
        raise InvalidProfile(_("This consultant already belongs to another firm.")) from exc
    _reindex(consultant)
    return membership


@transaction.atomic
def firm_member_set_role(*, firm: ConsultingFirm, actor, consultant: Consultant, role: str) -> FirmMembership:
    """An administrator makes a member an administrator or back; the last administrator stays one."""
    _require_firm_admin(firm, actor)
    _check_role(role)
    memberships = _firm_memberships_locked(firm, admin=actor)
    target = _member_of(memberships, consultant)
    if target.role != role:
        _refuse_last_admin(memberships, target)
        target.role = role
        target.save(update_fields=["role"])
    return target


@transaction.atomic
def firm_member_remove(*, firm: ConsultingFirm, actor, consultant: Consultant) -> None:
    _require_firm_admin(firm, actor)
    memberships = _firm_memberships_locked(firm, admin=actor)
    target = _member_of(memberships, consultant)
    _refuse_last_admin(memberships, target)
    target.delete()
    _reindex(consultant)


@transaction.atomic
def firm_leave(*, firm: ConsultingFirm, actor) -> None:
    """A member leaves the firm on their own; the last administrator must hand over first."""
    consultant = selectors.consultant_of(actor)
    if consultant is None:
        raise NotYourProfile()
    memberships = _firm_memberships_locked(firm)
    target = _member_of(memberships, consultant)
    _refuse_last_admin(memberships, target)
    target.delete()
    _reindex(consultant)

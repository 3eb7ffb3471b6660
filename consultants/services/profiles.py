"""A consultant's own profile: details, visibility, photo, packages, past engagements, qualifications."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.errors import NotFound
from marketplace.core.images import delete_stored_image, process_image, save_processed_image
from marketplace.taxonomy.selectors import language_codes

from ..errors import (
    InvalidProfile,
    ProfileExists,
)
from ..models import (
    Consultant,
    Engagement,
    Package,
    Qualification,
    ServiceMode,
)
from .common import (
    _check_codes,
    _check_integer,
    _check_time_zone,
    _full_clean,
    _lock_consultant,
    _reindex,
    _require_owner,
)

PROFILE_FIELDS = (
    "display_name",
    "headline",
    "biography",
    "years_experience",
    "hourly_rate",
    "time_zone",
    "is_visible",
)
M2M_FIELDS = ("sectors", "expertise", "categories", "coverage")


def _apply_profile(consultant: Consultant, data: dict[str, Any]) -> None:
    if "hourly_rate" in data and data["hourly_rate"] is not None:
        _check_integer(data["hourly_rate"], field="hourly_rate")
    if "time_zone" in data:
        _check_time_zone(data["time_zone"])
    if "display_name" in data and not str(data["display_name"] or "").strip():
        message = _("Enter the name clients will see.")
        raise InvalidProfile(message, fields={"display_name": [message]})
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field]
            if isinstance(value, str):
                value = " ".join(value.split()) if field in ("display_name", "headline") else value.strip()
            setattr(consultant, field, value)
    if "languages" in data:
        consultant.languages = _check_codes(data["languages"], allowed=language_codes(), field="languages")
    if "service_modes" in data:
        consultant.service_modes = _check_codes(
            data["service_modes"], allowed=set(ServiceMode.values), field="service_modes"
        )


def _save_profile(consultant: Consultant, data: dict[str, Any]) -> None:
    try:
        consultant.full_clean(exclude=["user", "photo"], validate_unique=False)
    except ValidationError as exc:
        raise InvalidProfile(_("Some fields are not valid."), fields=exc.message_dict) from exc
    consultant.save()
    for field in M2M_FIELDS:
        if field in data and data[field] is not None:
            getattr(consultant, field).set(data[field])


@transaction.atomic
def consultant_create(*, user, display_name: str = "", **data: Any) -> Consultant:
    """Create the signed-in user's consultant profile. Certification is never set here."""
    if Consultant.objects.filter(user=user).exists():
        raise ProfileExists()
    consultant = Consultant(user=user)
    data["display_name"] = display_name or user.full_name or user.email.split("@")[0]
    _apply_profile(consultant, data)
    try:
        with transaction.atomic():
            _save_profile(consultant, data)
    except IntegrityError as exc:
        raise ProfileExists() from exc
    _reindex(consultant)
    return consultant


@transaction.atomic
def consultant_update(*, consultant: Consultant, actor, **data: Any) -> Consultant:
    _require_owner(consultant, actor)
    consultant = _lock_consultant(consultant)
    _apply_profile(consultant, data)
    _save_profile(consultant, data)
    _reindex(consultant)
    return consultant


@transaction.atomic
def consultant_set_visibility(*, consultant: Consultant, actor, visible: bool) -> Consultant:
    _require_owner(consultant, actor)
    Consultant.objects.filter(pk=consultant.pk).update(is_visible=bool(visible), updated_at=timezone.now())
    consultant.is_visible = bool(visible)
    _reindex(consultant)
    return consultant


def consultant_set_photo(*, consultant: Consultant, actor, uploaded_file) -> Consultant:
    """Decode and normalise the photo first (outside the transaction), then swap the stored names."""
    _require_owner(consultant, actor)
    processed = process_image(uploaded_file)
    names = save_processed_image(processed, prefix=f"consultants/{consultant.pk}/photo")
    try:
        with transaction.atomic():
            locked = _lock_consultant(consultant)
            old = dict(locked.photo or {})
            locked.photo = names
            locked.save(update_fields=["photo", "updated_at"])
            _reindex(locked)
            transaction.on_commit(lambda: delete_stored_image(old))
    except Exception:
        delete_stored_image(names)  # nothing half-saved: the new files go if the row did not change
        raise
    consultant.photo = names
    return locked


@transaction.atomic
def consultant_remove_photo(*, consultant: Consultant, actor) -> Consultant:
    _require_owner(consultant, actor)
    locked = _lock_consultant(consultant)
    old = dict(locked.photo or {})
    locked.photo = {}
    locked.save(update_fields=["photo", "updated_at"])
    _reindex(locked)
    transaction.on_commit(lambda: delete_stored_image(old))
    return locked


@transaction.atomic
def consultant_package_add(
    *, consultant: Consultant, actor, title: str, price: int, description: str = "", duration_hours: int = 1
) -> Package:
    _require_owner(consultant, actor)
    _check_integer(price, field="price")
    package = Package(
        consultant=consultant,
        title=title,
        price=price,
        description=description,
        duration_hours=duration_hours,
    )
    _full_clean(package)
    package.save()
    _reindex(consultant)
    return package


@transaction.atomic
def consultant_engagement_add(
    *,
    consultant: Consultant,
    actor,
    title: str,
    year: int,
    sector=None,
    outcome: str = "",
    client_readiness_level: int | None = None,
) -> Engagement:
    _require_owner(consultant, actor)
    engagement = Engagement(
        consultant=consultant,
        title=title,
        year=year,
        sector=sector,
        outcome=outcome,
        client_readiness_level=client_readiness_level,
    )
    _full_clean(engagement)
    engagement.save()
    _reindex(consultant)
    return engagement


@transaction.atomic
def consultant_qualification_add(
    *, consultant: Consultant, actor, title: str, issuer: str = "", year: int | None = None
) -> Qualification:
    _require_owner(consultant, actor)
    qualification = Qualification(consultant=consultant, title=title, issuer=issuer, year=year)
    _full_clean(qualification)
    qualification.save()
    _reindex(consultant)
    return qualification


@transaction.atomic
def consultant_item_remove(*, consultant: Consultant, actor, kind: str, pk: int) -> None:
    """Remove one of the consultant's own packages, engagements or qualifications."""
    _require_owner(consultant, actor)
    model = {"package": Package, "engagement": Engagement, "qualification": Qualification}[kind]
    deleted, _rows = model.objects.filter(consultant=consultant, pk=pk).delete()
    if not deleted:
        raise NotFound()
    _reindex(consultant)

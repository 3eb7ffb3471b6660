"""Writes for the consultant network. Every public-facing change enqueues the consultant for search.

Permission rules live here, not only in views: a consultant changes only their own profile; only
officers decide, never on themselves; a firm's admins manage the firm. Certification transitions are
compare-and-swap on `status`, audited in the same transaction.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.core.audit import audit_record
from marketplace.core.documents import process_document, save_processed_document
from marketplace.core.errors import NotFound
from marketplace.core.images import delete_stored_image, process_image, save_processed_image
from search.outbox import enqueue, enqueue_instance

from . import selectors
from .codes import certificate_code_allocate
from .errors import (
    ApplicationIncomplete,
    ApplicationOpen,
    ApplicationTransitionError,
    AvailabilityOverlap,
    DecisionConflict,
    InvalidAvailability,
    InvalidProfile,
    NoCurrentCriteria,
    NotFirmAdmin,
    NotYourProfile,
    OfficerOnly,
    ProfileExists,
    ReasonRequired,
    SelfDecision,
)
from .models import (
    LANGUAGE_CODES,
    ApplicationStatus,
    AvailabilityException,
    AvailabilityRule,
    Certificate,
    CertificateStatus,
    CertificationApplication,
    Consultant,
    ConsultingFirm,
    Engagement,
    Evidence,
    FirmMembership,
    Package,
    Qualification,
    Reference,
    ServiceMode,
)

CERTIFICATE_VALIDITY = timedelta(days=getattr(settings, "CONSULTANT_CERTIFICATE_VALIDITY_DAYS", 730))
REMINDER_DAYS: tuple[int, ...] = tuple(getattr(settings, "CONSULTANT_CERTIFICATE_REMINDER_DAYS", (60, 14)))
MAX_RATE = 10**12
MAX_EVIDENCE_FILES = 20
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


# ---- batching for seeders and imports ----

_batch = threading.local()


@contextmanager
def batched_side_effects():
    """Collect search updates and mute e-mails (seed_demo, imports): one enqueue per model at the end."""
    _batch.pending = set()
    _batch.muted = True
    try:
        yield
        pending = _batch.pending
    finally:
        _batch.pending = None
        _batch.muted = False
    labels: dict[str, list] = {}
    for label, pk in pending:
        labels.setdefault(label, []).append(pk)
    for label, pks in labels.items():
        enqueue(label, sorted(pks))


def _reindex(instance) -> None:
    pending = getattr(_batch, "pending", None)
    if pending is not None:
        pending.add((instance._meta.label_lower, instance.pk))
        return
    enqueue_instance(instance)


def _send_after_commit(send) -> None:
    if not getattr(_batch, "muted", False):
        transaction.on_commit(send)


# ---- guards ----


def _require_owner(consultant: Consultant, actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or consultant.user_id != actor.pk:
        raise NotYourProfile()


def _require_officer(officer, consultant: Consultant) -> None:
    if officer is None or not getattr(officer, "is_officer", False):
        raise OfficerOnly()
    if consultant.user_id == officer.pk:
        raise SelfDecision()


def _require_firm_admin(firm: ConsultingFirm, actor) -> None:
    if not getattr(actor, "is_authenticated", False) or not selectors.firm_is_admin(firm=firm, user=actor):
        raise NotFirmAdmin()


def _check_integer(value: Any, *, field: str, minimum: int = 0, maximum: int = MAX_RATE) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidProfile(
            _("Enter a whole number of đồng."), fields={field: [_("Enter a whole number of đồng.")]}
        )
    if value < minimum or value > maximum:
        message = _("Enter an amount between %(low)s and %(high)s đồng.") % {"low": minimum, "high": maximum}
        raise InvalidProfile(message, fields={field: [message]})
    return value


def _check_time_zone(value: str) -> str:
    try:
        if not value or value not in available_timezones():
            raise ZoneInfoNotFoundError(value)
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        message = _("Choose a time zone from the list, for example Asia/Ho_Chi_Minh.")
        raise InvalidProfile(message, fields={"time_zone": [message]}) from exc
    return value


def _check_codes(values, *, allowed: set[str], field: str) -> list[str]:
    values = list(values or [])
    unknown = [v for v in values if v not in allowed]
    if unknown:
        message = _("Unknown choice: %(values)s.") % {"values": ", ".join(map(str, unknown))}
        raise InvalidProfile(message, fields={field: [message]})
    return values


def _lock_consultant(consultant: Consultant) -> Consultant:
    return Consultant.objects.select_for_update().get(pk=consultant.pk)


# ---- profile ----


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
        consultant.languages = _check_codes(data["languages"], allowed=LANGUAGE_CODES, field="languages")
    if "service_modes" in data:
        consultant.service_modes = _check_codes(
            data["service_modes"], allowed=set(ServiceMode.values), field="service_modes"
        )


def _save_profile(consultant: Consultant, data: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

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


def _full_clean(obj, field_map: dict[str, str] | None = None) -> None:
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(exclude=["consultant", "application"])
    except ValidationError as exc:
        raise InvalidProfile(_("Some fields are not valid."), fields=exc.message_dict) from exc


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


# ---- firms ----


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


FIRM_FIELDS = ("name", "tax_code", "description", "website", "email", "phone", "ward")


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
    memberships = list(FirmMembership.objects.select_for_update().filter(firm=firm).order_by("pk"))
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


# ---- availability ----


def _check_times(start_time: time | None, end_time: time | None) -> None:
    if start_time is None or end_time is None or end_time <= start_time:
        message = _("The end time must be after the start time.")
        raise InvalidAvailability(message, fields={"end_time": [message]})


@transaction.atomic
def availability_rule_add(
    *, consultant: Consultant, actor, weekday: int, start_time: time, end_time: time
) -> AvailabilityRule:
    _require_owner(consultant, actor)
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise InvalidAvailability(_("Choose a weekday."), fields={"weekday": [_("Choose a weekday.")]})
    _check_times(start_time, end_time)
    _lock_consultant(consultant)  # serialises concurrent edits of one consultant's rules
    overlapping = AvailabilityRule.objects.filter(
        consultant=consultant, weekday=weekday, start_time__lt=end_time, end_time__gt=start_time
    ).first()
    if overlapping is not None:
        raise AvailabilityOverlap(
            _("These hours overlap %(rule)s, which you already offer.") % {"rule": overlapping},
            fields={"start_time": [_("These hours overlap hours you already offer on that day.")]},
        )
    rule = AvailabilityRule.objects.create(
        consultant=consultant, weekday=weekday, start_time=start_time, end_time=end_time
    )
    _reindex(consultant)
    return rule


@transaction.atomic
def availability_rule_remove(*, consultant: Consultant, actor, pk: int) -> None:
    _require_owner(consultant, actor)
    AvailabilityRule.objects.filter(consultant=consultant, pk=pk).delete()
    _reindex(consultant)


@transaction.atomic
def availability_exception_add(
    *,
    consultant: Consultant,
    actor,
    date: date,
    kind: str,
    start_time: time | None = None,
    end_time: time | None = None,
) -> AvailabilityException:
    _require_owner(consultant, actor)
    if kind not in (AvailabilityException.DAY_OFF, AvailabilityException.EXTRA):
        raise InvalidAvailability(_("Unknown kind."), fields={"kind": [_("Unknown kind.")]})
    if kind == AvailabilityException.EXTRA or start_time is not None or end_time is not None:
        _check_times(start_time, end_time)
    _lock_consultant(consultant)
    same_day = AvailabilityException.objects.filter(consultant=consultant, date=date, kind=kind)
    if start_time is None:
        clash = same_day.exists()
    else:
        clash = (
            same_day.filter(start_time__isnull=True).exists()
            or same_day.filter(start_time__lt=end_time, end_time__gt=start_time).exists()
        )
    if clash:
        raise AvailabilityOverlap(_("This overlaps an exception you already entered for that date."))
    exception = AvailabilityException.objects.create(
        consultant=consultant, date=date, kind=kind, start_time=start_time, end_time=end_time
    )
    _reindex(consultant)
    return exception


@transaction.atomic
def availability_exception_remove(*, consultant: Consultant, actor, pk: int) -> None:
    _require_owner(consultant, actor)
    AvailabilityException.objects.filter(consultant=consultant, pk=pk).delete()
    _reindex(consultant)


# ---- certification applications ----


def _lock_application(application: CertificationApplication) -> CertificationApplication:
    return (
        CertificationApplication.objects.select_for_update()
        .select_related("consultant")
        .get(pk=application.pk)
    )


def _illegal(application: CertificationApplication, action: str) -> ApplicationTransitionError:
    return ApplicationTransitionError(
        _("This application is %(status)s, so it cannot be %(action)s now. Reload to see its current state.")
        % {"status": application.get_status_display().lower(), "action": action}
    )


def _cas(application: CertificationApplication, *, to: str, **changes: Any) -> None:
    """Compare-and-swap on status: exactly one of two concurrent deciders wins."""
    updated = CertificationApplication.objects.filter(pk=application.pk, status=application.status).update(
        status=to, **changes
    )
    if updated != 1:
        raise DecisionConflict()
    for field, value in changes.items():
        setattr(application, field, value)


@transaction.atomic
def application_create(*, consultant: Consultant, actor) -> CertificationApplication:
    _require_owner(consultant, actor)
    criteria = selectors.criteria_current()
    if criteria is None:
        raise NoCurrentCriteria()
    live = selectors.consultant_live_certificate(consultant)
    if live is not None and live.status == CertificateStatus.SUSPENDED:
        raise ApplicationTransitionError(
            _("Your certificate is suspended; the department must reinstate it before you can apply again.")
        )
    if selectors.consultant_open_application(consultant) is not None:
        raise ApplicationOpen()
    try:
        with transaction.atomic():
            application = CertificationApplication.objects.create(consultant=consultant, criteria=criteria)
    except IntegrityError as exc:
        raise ApplicationOpen() from exc
    audit_record(subject=application, actor=actor, action="create", to_state=application.status)
    return application


@transaction.atomic
def application_update(
    *,
    application: CertificationApplication,
    actor,
    statement: str | None = None,
    criteria_answers: dict[str, str] | None = None,
) -> CertificationApplication:
    application = _lock_application(application)
    _require_owner(application.consultant, actor)
    if not application.is_editable:
        raise _illegal(application, _("edited"))
    if statement is not None:
        application.statement = statement.strip()
    if criteria_answers is not None:
        codes = {item["code"] for item in application.criteria.items}
        unknown = set(criteria_answers) - codes
        if unknown:
            raise ApplicationIncomplete(
                _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
                fields={"criteria_answers": [_("Unknown criteria.")]},
            )
        application.criteria_answers = {code: str(text).strip() for code, text in criteria_answers.items()}
    application.save(update_fields=["statement", "criteria_answers"])
    return application


@transaction.atomic
def application_add_evidence(
    *, application: CertificationApplication, actor, uploaded_file, criterion: str = "", description: str = ""
) -> Evidence:
    application = _lock_application(application)
    _require_owner(application.consultant, actor)
    if not application.is_editable:
        raise _illegal(application, _("edited"))
    if criterion and criterion not in {item["code"] for item in application.criteria.items}:
        raise ApplicationIncomplete(_("Unknown criterion."), fields={"criterion": [_("Unknown criterion.")]})
    if application.evidence.count() >= MAX_EVIDENCE_FILES:
        raise ApplicationIncomplete(
            _("An application can hold at most %(count)s documents.") % {"count": MAX_EVIDENCE_FILES}
        )
    document = process_document(uploaded_file)
    # Evidence is private: stored under a prefix served only through the permission-checked view.
    name = save_processed_document(document, prefix=f"private/evidence/{application.pk}")
    try:
        evidence = Evidence.objects.create(
            application=application,
            criterion=criterion,
            description=(description or "")[:200],
            file_name=name,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
        )
    except Exception:
        default_storage.delete(name)
        raise
    return evidence


@transaction.atomic
def application_remove_evidence(*, application: CertificationApplication, actor, pk: int) -> None:
    application = _lock_application(application)
    _require_owner(application.consultant, actor)
    if not application.is_editable:
        raise _illegal(application, _("edited"))
    evidence = application.evidence.filter(pk=pk).first()
    if evidence is not None:
        name = evidence.file_name
        evidence.delete()
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def application_add_reference(
    *,
    application: CertificationApplication,
    actor,
    name: str,
    organisation: str = "",
    email: str = "",
    phone: str = "",
    relationship: str = "",
) -> Reference:
    application = _lock_application(application)
    _require_owner(application.consultant, actor)
    if not application.is_editable:
        raise _illegal(application, _("edited"))
    reference = Reference(
        application=application,
        name=" ".join((name or "").split()),
        organisation=organisation,
        email=email,
        phone=phone,
        relationship=relationship,
    )
    if not email and not phone:
        message = _("Give an e-mail address or a phone number so the department can contact the reference.")
        raise ApplicationIncomplete(message, fields={"email": [message]})
    _full_clean(reference)
    reference.save()
    return reference


@transaction.atomic
def application_remove_reference(*, application: CertificationApplication, actor, pk: int) -> None:
    application = _lock_application(application)
    _require_owner(application.consultant, actor)
    if not application.is_editable:
        raise _illegal(application, _("edited"))
    application.references.filter(pk=pk).delete()


def application_missing(application: CertificationApplication) -> dict[str, list[str]]:
    """What still blocks submission, by field."""
    missing: dict[str, list[str]] = {}
    if not application.statement:
        missing["statement"] = [_("Write a short summary of your motivation and experience.")]
    unanswered = [
        item["code"]
        for item in application.criteria.items
        if not application.criteria_answers.get(item["code"])
    ]
    if unanswered:
        missing["criteria_answers"] = [_("Explain how you meet every criterion.")]
    if not application.evidence.exists():
        missing["evidence"] = [_("Attach at least one evidence document.")]
    if not application.references.exists():
        missing["references"] = [_("Add at least one reference.")]
    return missing


@transaction.atomic
def application_submit(*, application: CertificationApplication, actor) -> CertificationApplication:
    """draft → submitted; changes requested → resubmitted."""
    application = _lock_application(application)
    _require_owner(application.consultant, actor)
    targets = {
        ApplicationStatus.DRAFT: ApplicationStatus.SUBMITTED,
        ApplicationStatus.CHANGES_REQUESTED: ApplicationStatus.RESUBMITTED,
    }
    if application.status not in targets:
        raise _illegal(application, _("submitted"))
    missing = application_missing(application)
    if missing:
        raise ApplicationIncomplete(_("The application is not complete yet."), fields=missing)
    from_state, to_state = application.status, targets[application.status]
    _cas(application, to=to_state, submitted_at=timezone.now())
    application.status = to_state
    audit_record(subject=application, actor=actor, action="submit", from_state=from_state, to_state=to_state)
    return application


@transaction.atomic
def application_start_review(*, application: CertificationApplication, officer) -> CertificationApplication:
    """submitted / resubmitted → under review, with this officer as reviewer."""
    application = CertificationApplication.objects.select_related("consultant").get(pk=application.pk)
    _require_officer(officer, application.consultant)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.RESUBMITTED):
        raise _illegal(application, _("taken into review"))
    from_state = application.status
    _cas(application, to=ApplicationStatus.UNDER_REVIEW, reviewer=officer)
    application.status = ApplicationStatus.UNDER_REVIEW
    audit_record(
        subject=application,
        actor=officer,
        action="start_review",
        from_state=from_state,
        to_state=application.status,
    )
    return application


DECISIONS = {
    "certify": ApplicationStatus.CERTIFIED,
    "reject": ApplicationStatus.REJECTED,
    "request_changes": ApplicationStatus.CHANGES_REQUESTED,
}


@transaction.atomic
def application_decide(
    *,
    application: CertificationApplication,
    officer,
    decision: str,
    reason: str = "",
    checklist: dict[str, bool] | None = None,
) -> CertificationApplication:
    """under review → certified (issues or renews the certificate) / rejected / changes requested.

    Reads the row without a lock and swaps the status only if it is still what we read: of two
    officers deciding at once, one wins and the other gets DecisionConflict.
    """
    application = CertificationApplication.objects.select_related("consultant", "criteria").get(
        pk=application.pk
    )
    _require_officer(officer, application.consultant)
    if decision not in DECISIONS:
        raise ApplicationTransitionError(
            _("Unknown decision."), fields={"decision": [_("Unknown decision.")]}
        )
    reason = (reason or "").strip()
    if decision in ("reject", "request_changes") and not reason:
        raise ReasonRequired(fields={"reason": [_("A reason is required for this decision.")]})
    if application.status != ApplicationStatus.UNDER_REVIEW:
        raise _illegal(application, _("decided"))
    codes = {item["code"] for item in application.criteria.items}
    clean_checklist = {code: bool(value) for code, value in (checklist or {}).items() if code in codes}
    if decision == "certify" and checklist is not None and not all(clean_checklist.get(c) for c in codes):
        message = _("Tick every criterion as met before certifying.")
        raise ApplicationIncomplete(message, fields={"checklist": [message]})
    from_state, to_state = application.status, DECISIONS[decision]
    now = timezone.now()
    _cas(
        application,
        to=to_state,
        decision_reason=reason,
        decided_at=now,
        reviewer=officer,
        checklist=clean_checklist or application.checklist,
    )
    application.status = to_state
    audit_record(
        subject=application,
        actor=officer,
        action=decision,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data={"checklist": clean_checklist},
    )
    if to_state == ApplicationStatus.CERTIFIED:
        _issue_or_renew(application=application, officer=officer, now=now)
    _notify_applicant(application)
    return application


def _issue_or_renew(*, application: CertificationApplication, officer, now: datetime) -> Certificate:
    consultant = application.consultant
    live = (
        Certificate.objects.select_for_update()
        .filter(consultant=consultant, status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED])
        .first()
    )
    if live is not None and live.status == CertificateStatus.ACTIVE and live.valid_until > now:
        return _renew(certificate=live, officer=officer, now=now, application=application)
    if live is not None:
        # A live row past its end date that the maintenance job has not expired yet.
        Certificate.objects.filter(pk=live.pk).update(status=CertificateStatus.EXPIRED)
        audit_record(
            subject=live,
            actor=None,
            action="expire",
            from_state=live.status,
            to_state=CertificateStatus.EXPIRED,
        )
    certificate = Certificate.objects.create(
        code=certificate_code_allocate(issued_at=now),
        consultant=consultant,
        application=application,
        criteria_version=application.criteria.version,
        valid_from=now,
        valid_until=now + CERTIFICATE_VALIDITY,
        issued_at=now,
    )
    audit_record(
        subject=certificate,
        actor=officer,
        action="issue",
        to_state=certificate.status,
        data={"valid_until": certificate.valid_until.isoformat(), "application": application.pk},
    )
    _reindex(consultant)
    return certificate


def _renew(
    *, certificate: Certificate, officer, now: datetime, application: CertificationApplication | None = None
) -> Certificate:
    new_until = max(now, certificate.valid_until) + CERTIFICATE_VALIDITY
    changes: dict[str, Any] = {"valid_until": new_until, "renewed_at": now, "reminders_sent": 0}
    if application is not None:
        changes.update(application=application, criteria_version=application.criteria.version)
    updated = Certificate.objects.filter(
        pk=certificate.pk, status=CertificateStatus.ACTIVE, valid_until=certificate.valid_until
    ).update(**changes)
    if updated != 1:
        raise DecisionConflict()
    audit_record(
        subject=certificate,
        actor=officer,
        action="renew",
        from_state=certificate.status,
        to_state=certificate.status,
        data={"valid_until": new_until.isoformat()},
    )
    for field, value in changes.items():
        setattr(certificate, field, value)
    _reindex(certificate.consultant)
    return certificate


def _notify_applicant(application: CertificationApplication) -> None:
    user = application.consultant.user
    status = application.status
    reason = application.decision_reason

    def send() -> None:
        with translation.override(user.preferred_language or "vi"):
            label = ApplicationStatus(status).label
            body = _("The decision on your network application: %(status)s.") % {"status": label}
            if reason:
                body += "\n\n" + _("Reason: %(reason)s") % {"reason": reason}
            send_mail(
                _("Consultant network application: %(status)s") % {"status": label},
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                fail_silently=True,
            )

    _send_after_commit(send)


# ---- certificates ----


def _certificate_transition(
    *, certificate: Certificate, officer, allowed_from: set[str], to: str, action: str, reason: str = ""
) -> Certificate:
    certificate = Certificate.objects.select_related("consultant").get(pk=certificate.pk)
    _require_officer(officer, certificate.consultant)
    now = timezone.now()
    if certificate.status not in allowed_from or (
        to == CertificateStatus.ACTIVE and certificate.valid_until <= now
    ):
        raise ApplicationTransitionError(
            _("This certificate is %(status)s, so it cannot be %(action)s.")
            % {
                "status": str(CertificateStatus(certificate.public_status(now)).label).lower(),
                "action": action,
            }
        )
    updated = Certificate.objects.filter(pk=certificate.pk, status=certificate.status).update(
        status=to, status_reason=reason
    )
    if updated != 1:
        raise DecisionConflict()
    from_state = certificate.status
    certificate.status, certificate.status_reason = to, reason
    audit_record(
        subject=certificate, actor=officer, action=action, from_state=from_state, to_state=to, reason=reason
    )
    _reindex(certificate.consultant)
    return certificate


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [_("A reason is required for this decision.")]})
    return reason


@transaction.atomic
def certificate_suspend(*, certificate: Certificate, officer, reason: str) -> Certificate:
    return _certificate_transition(
        certificate=certificate,
        officer=officer,
        allowed_from={CertificateStatus.ACTIVE},
        to=CertificateStatus.SUSPENDED,
        action="suspend",
        reason=_reason(reason),
    )


@transaction.atomic
def certificate_reinstate(*, certificate: Certificate, officer, reason: str = "") -> Certificate:
    return _certificate_transition(
        certificate=certificate,
        officer=officer,
        allowed_from={CertificateStatus.SUSPENDED},
        to=CertificateStatus.ACTIVE,
        action="reinstate",
        reason=(reason or "").strip(),
    )


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, officer, reason: str) -> Certificate:
    return _certificate_transition(
        certificate=certificate,
        officer=officer,
        allowed_from={CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED},
        to=CertificateStatus.REVOKED,
        action="revoke",
        reason=_reason(reason),
    )


@transaction.atomic
def certificate_renew(*, certificate: Certificate, officer) -> Certificate:
    """Extend a valid certificate by the validity period, counted from its current end date."""
    certificate = Certificate.objects.select_related("consultant").get(pk=certificate.pk)
    _require_officer(officer, certificate.consultant)
    now = timezone.now()
    if certificate.status != CertificateStatus.ACTIVE or certificate.valid_until <= now:
        raise ApplicationTransitionError(
            _("Only a valid certificate can be renewed; an expired one needs a new application.")
        )
    return _renew(certificate=certificate, officer=officer, now=now)


def certificates_maintain(*, now: datetime | None = None) -> dict[str, int]:
    """Expire certificates past their end date and send renewal reminders. Safe to run repeatedly."""
    now = now or timezone.now()
    expired = 0
    overdue = Certificate.objects.filter(
        status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED], valid_until__lte=now
    ).select_related("consultant")
    for certificate in overdue.iterator(chunk_size=500):
        with transaction.atomic():
            if Certificate.objects.filter(pk=certificate.pk, status=certificate.status).update(
                status=CertificateStatus.EXPIRED
            ):
                audit_record(
                    subject=certificate,
                    actor=None,
                    action="expire",
                    from_state=certificate.status,
                    to_state=CertificateStatus.EXPIRED,
                )
                _reindex(certificate.consultant)
                expired += 1
    reminded = 0
    thresholds = sorted(REMINDER_DAYS, reverse=True)  # e.g. [60, 14]: one e-mail as each is crossed
    if thresholds:
        due = Certificate.objects.filter(
            status=CertificateStatus.ACTIVE,
            valid_until__gt=now,
            valid_until__lte=now + timedelta(days=thresholds[0]),
            reminders_sent__lt=len(thresholds),
        ).select_related("consultant__user")
        for certificate in due.iterator(chunk_size=500):
            crossed = sum(1 for days in thresholds if certificate.valid_until <= now + timedelta(days=days))
            if crossed <= certificate.reminders_sent:
                continue
            with transaction.atomic():
                if Certificate.objects.filter(
                    pk=certificate.pk, reminders_sent=certificate.reminders_sent
                ).update(reminders_sent=crossed):
                    _send_reminder(certificate)
                    reminded += 1
    return {"expired": expired, "reminded": reminded}


def _send_reminder(certificate: Certificate) -> None:
    user = certificate.consultant.user

    def send() -> None:
        with translation.override(user.preferred_language or "vi"):
            until = timezone.localtime(certificate.valid_until).date().isoformat()
            send_mail(
                _("Your consultant network certificate expires on %(date)s") % {"date": until},
                _(
                    "Your certificate %(code)s is valid until %(date)s. Apply for renewal before then to keep "
                    "your badge and your place in the public registry."
                )
                % {"code": certificate.code, "date": until},
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                fail_silently=True,
            )

    _send_after_commit(send)

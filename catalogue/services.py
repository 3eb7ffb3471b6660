"""Writes of the catalogue: vendors, solutions, screenshots, the publication review.

State changes follow the tables in models.py (`SOLUTION_WORKFLOW`, `REVISION_WORKFLOW`) through
`marketplace.core.transitions.transition`: compare-and-swap, so two officers deciding at once end with
exactly one decision (the loser gets `SolutionChanged`, HTTP 409), audited in the same transaction. Anything that changes what the public sees queues the
solution for search re-indexing on commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.audit import audit_record
from marketplace.core.errors import PermissionDenied
from marketplace.core.images import delete_stored_image, process_image, save_processed_image
from marketplace.core.tax_codes import normalise_tax_code, validate_tax_code
from marketplace.core.transitions import transition
from marketplace.taxonomy.models import Sector, SolutionCategory
from search import outbox

from .content import PLAN_FIELDS, SCALAR_FIELDS, changed_fields, normalise_content, solution_content
from .errors import (
    InvalidSolution,
    NotVendorMember,
    ReasonRequired,
    SolutionChanged,
    SolutionTransitionRefused,
    TooManyScreenshots,
    VendorTaxCodeTaken,
)
from .models import (
    MAX_SCREENSHOTS,
    REVISION_WORKFLOW,
    SOLUTION_WORKFLOW,
    Screenshot,
    Solution,
    SolutionPlan,
    SolutionRevision,
    Vendor,
    VendorMembership,
)

VENDOR_FIELDS = (
    "name",
    "tax_code",
    "website",
    "is_household_business",
    "public_email",
    "public_phone",
    "contact_name",
    "contact_email",
    "contact_phone",
    "description",
)
SCREENSHOT_MAX_BYTES = 5 * 1024 * 1024
SCREENSHOT_MAX_PIXELS = 25_000_000
LOGO_MAX_BYTES = 2 * 1024 * 1024


# ---------------------------------------------------------------- permissions


def _is_member(*, vendor_id: int, user) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and VendorMembership.objects.filter(vendor_id=vendor_id, user=user).exists()
    )


def _require_member(*, vendor_id: int, user) -> None:
    if not _is_member(vendor_id=vendor_id, user=user):
        raise NotVendorMember(_("Only members of this vendor may manage its solutions."))


def _require_officer(user) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_officer):
        raise PermissionDenied(_("Only department officers may review solutions."))


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Give a reason: the vendor sees it."), fields={"reason": [_("Required.")]})
    return reason


# ---------------------------------------------------------------- vendors


def _vendor_data(data: Mapping[str, Any]) -> dict[str, Any]:
    clean = {field: data[field] for field in VENDOR_FIELDS if field in data}
    if "tax_code" in clean:
        clean["tax_code"] = normalise_tax_code(clean["tax_code"])
        try:
            validate_tax_code(clean["tax_code"])
        except Exception as exc:
            message = _(
                "A tax code has 10 digits, or 10 digits, a hyphen and 3 digits for a branch "
                "(e.g. 3600123456 or 3600123456-001)."
            )
            raise InvalidSolution(message, fields={"tax_code": [message]}, code="invalid_tax_code") from exc
    return clean


def _save_vendor(vendor: Vendor) -> None:
    taken = _("A vendor with this tax code is already registered.")
    if Vendor.objects.filter(tax_code=vendor.tax_code).exclude(pk=vendor.pk).exists():
        raise VendorTaxCodeTaken(taken, fields={"tax_code": [taken]})
    try:
        with transaction.atomic():
            vendor.full_clean(validate_unique=False)
            vendor.save()
    except IntegrityError as exc:
        raise VendorTaxCodeTaken(taken, fields={"tax_code": [taken]}) from exc


@transaction.atomic
def vendor_create(*, created_by, data: Mapping[str, Any]) -> Vendor:
    vendor = Vendor(**_vendor_data(data))
    _save_vendor(vendor)
    VendorMembership.objects.create(vendor=vendor, user=created_by, role=VendorMembership.OWNER)
    audit_record(subject=vendor, actor=created_by, action="vendor.create", to_state="active")
    return vendor


@transaction.atomic
def vendor_update(*, vendor: Vendor, actor, data: Mapping[str, Any]) -> Vendor:
    _require_member(vendor_id=vendor.pk, user=actor)
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    for field, value in _vendor_data(data).items():
        setattr(vendor, field, value)
    _save_vendor(vendor)
    # the vendor's name is shown (and searched) with its published solutions
    outbox.enqueue(
        "catalogue.solution",
        vendor.solutions.filter(status=Solution.PUBLISHED).values_list("pk", flat=True),
    )
    return vendor


def vendor_set_logo(*, vendor: Vendor, actor, uploaded_file) -> Vendor:
    _require_member(vendor_id=vendor.pk, user=actor)
    processed = process_image(uploaded_file, max_bytes=LOGO_MAX_BYTES, thumb_sizes=(96, 320))
    names = save_processed_image(processed, prefix=f"catalogue/vendors/{vendor.public_id}")
    try:
        with transaction.atomic():
            locked = Vendor.objects.select_for_update().get(pk=vendor.pk)
            old = locked.logo
            locked.logo = names
            locked.save(update_fields=["logo", "updated_at"])
            transaction.on_commit(lambda: delete_stored_image(old))
    except Exception:
        delete_stored_image(names)
        raise
    return locked


# ---------------------------------------------------------------- solutions: content


def _apply_content(solution: Solution, content: Mapping[str, Any]) -> None:
    for field in SCALAR_FIELDS:
        setattr(solution, field, content[field])
    solution.category = SolutionCategory.objects.get(code=content["category"])


def _save_solution(solution: Solution, content: Mapping[str, Any]) -> None:
    try:
        with transaction.atomic():
            solution.save()
    except IntegrityError as exc:  # the database constraints back up normalise_content
        raise InvalidSolution(_("Some fields are not valid.")) from exc
    solution.sectors.set(Sector.objects.filter(code__in=content["sectors"]))
    if "plans" in content:
        _sync_plans(solution, content["plans"])


def _sync_plans(solution: Solution, plans: list[Mapping[str, Any]]) -> None:
    """Make the solution's offered plans exactly `plans`: known ids are updated in place, new ones
    created, the rest retired (orders keep pointing at them, with the terms they snapshotted)."""
    existing = {plan.pk: plan for plan in SolutionPlan.objects.select_for_update().filter(solution=solution)}
    kept = set()
    for position, data in enumerate(plans, start=1):
        values = {field: data[field] for field in PLAN_FIELDS if field != "id"}
        plan = existing.get(data.get("id")) if data.get("id") not in kept else None
        if plan is None:
            plan = SolutionPlan(solution=solution)
        for field, value in values.items():
            setattr(plan, field, value)
        plan.position = position
        plan.is_active = True
        plan.save()
        kept.add(plan.pk)
    SolutionPlan.objects.filter(solution=solution, is_active=True).exclude(pk__in=kept).update(
        is_active=False, updated_at=timezone.now()
    )


@transaction.atomic
def solution_create(*, vendor: Vendor, actor, data: Mapping[str, Any]) -> Solution:
    _require_member(vendor_id=vendor.pk, user=actor)
    content = normalise_content(data)
    solution = Solution(vendor=vendor, status=Solution.DRAFT)
    _apply_content(solution, content)
    _save_solution(solution, content)
    audit_record(subject=solution, actor=actor, action="solution.create", to_state=Solution.DRAFT)
    return solution


def _lock_solution(solution: Solution | int) -> Solution:
    pk = solution.pk if isinstance(solution, Solution) else solution
    return Solution.objects.select_for_update().get(pk=pk)


def _open_revision(solution: Solution) -> SolutionRevision | None:
    return (
        SolutionRevision.objects.select_for_update()
        .filter(solution=solution, state__in=SolutionRevision.OPEN_STATES)
        .first()
    )


def solution_working_content(solution: Solution) -> dict[str, Any]:
    """What the vendor is editing: the open revision's data if there is one, else the columns."""
    revision = solution.revisions.filter(state__in=SolutionRevision.OPEN_STATES).first()
    return dict(revision.data) if revision else solution_content(solution)


@transaction.atomic
def solution_update(*, solution: Solution, actor, data: Mapping[str, Any]) -> Solution:
    """Edit a solution. Unpublished: the columns change. Published or suspended: a revision holds the
    change for review, and the published version stays exactly as it was (see models.py).

    `data` may be partial (PATCH): missing fields keep their current working value.
    """
    _require_member(vendor_id=solution.vendor_id, user=actor)
    solution = _lock_solution(solution)
    if solution.status in Solution.EDITABLE_DIRECTLY:
        current = solution_content(solution)
        content = normalise_content({**current, **data})
        _apply_content(solution, content)
        _save_solution(solution, content)
        return solution
    if solution.status in Solution.HAS_PUBLISHED_VERSION:
        published = solution_content(solution)
        revision = _open_revision(solution)
        base = dict(revision.data) if revision else published
        content = normalise_content({**base, **data})
        content["screenshots"] = base.get("screenshots", published["screenshots"])
        changes = changed_fields(published, content)
        if not changes and revision is None:
            return solution
        _store_revision(solution=solution, revision=revision, actor=actor, content=content, changes=changes)
        return solution
    raise SolutionTransitionRefused(_refusal_message(solution.status))


def solution_plans_set(*, solution: Solution, actor, plans: list[Mapping[str, Any]]) -> Solution:
    """Replace the solution's plans: directly before publication, through the review after it."""
    return solution_update(solution=solution, actor=actor, data={"plans": plans})


def _refusal_message(status: str) -> str:
    if status == Solution.SUBMITTED:
        return _("The solution is being reviewed; wait for the officer's decision before editing.")
    if status == Solution.REJECTED:
        return _("A rejected solution cannot be edited; create a new listing instead.")
    if status == Solution.WITHDRAWN:
        return _("The solution was withdrawn; reopen it as a draft to edit it.")
    return _("This solution cannot be edited now.")


def _store_revision(
    *, solution: Solution, revision: SolutionRevision | None, actor, content: dict, changes: list[str]
) -> SolutionRevision:
    if revision is None:
        revision = SolutionRevision.objects.create(
            solution=solution, data=content, changed_fields=changes, created_by=actor
        )
        audit_record(
            subject=solution,
            actor=actor,
            action="revision.submit",
            from_state=solution.status,
            to_state=solution.status,
            data={"revision": revision.pk, "changed_fields": changes},
        )
        return revision
    revision.data = content
    revision.changed_fields = changes
    if revision.state == SolutionRevision.PENDING:
        revision.save(update_fields=["data", "changed_fields", "updated_at"])
        return revision
    # the vendor edited a change the officer sent back: it goes to review again
    transition(
        revision,
        workflow=REVISION_WORKFLOW,
        action="revision.resubmit",
        actor=actor,
        changes={"data": content, "changed_fields": changes},
        data={"revision": revision.pk, "changed_fields": changes},
        audit_subject=solution,
        invalid_error=SolutionTransitionRefused,
        conflict_error=SolutionChanged,
    )
    return revision


@transaction.atomic
def revision_discard(*, solution: Solution, actor) -> None:
    """The vendor drops its pending change; the published version was never touched."""
    _require_member(vendor_id=solution.vendor_id, user=actor)
    solution = _lock_solution(solution)
    revision = _open_revision(solution)
    if revision is None:
        raise SolutionTransitionRefused(_("There is no pending change to discard."))
    _close_revision(revision, solution=solution, action="revision.discard", actor=actor)


def _close_revision(
    revision: SolutionRevision,
    *,
    solution: Solution,
    action: str,
    actor,
    reason: str = "",
    data: Mapping[str, Any] | None = None,
) -> None:
    """Decide a pending change (REVISION_WORKFLOW), filed in its solution's history; a change that
    will never be applied takes its new screenshots with it."""
    transition(
        revision,
        workflow=REVISION_WORKFLOW,
        action=action,
        actor=actor,
        reason=reason,
        changes={
            # a vendor discarding their own change decides nothing as an officer
            "decided_by": None if action == "revision.discard" else actor,
            "decided_at": timezone.now(),
            "reason": reason,
        },
        data={"revision": revision.pk, **(data or {})},
        audit_subject=solution,
        invalid_error=SolutionTransitionRefused,
        conflict_error=SolutionChanged,
    )
    if revision.state in (SolutionRevision.DISCARDED, SolutionRevision.REJECTED):
        _delete_screenshots(Screenshot.objects.filter(revision=revision))


def _delete_screenshots(queryset) -> None:
    stored = [shot.images for shot in queryset]
    queryset.delete()
    transaction.on_commit(lambda: [delete_stored_image(names) for names in stored])


# ---------------------------------------------------------------- screenshots


def screenshot_add(*, solution: Solution, actor, uploaded_file, caption: str = "") -> Screenshot:
    """Add one screenshot (max 8 per solution). Checked by decoding; refused whole or saved whole."""
    _require_member(vendor_id=solution.vendor_id, user=actor)
    _screenshot_slots(solution)  # refuse a 9th before any decoding or file write
    processed = process_image(
        uploaded_file, max_bytes=SCREENSHOT_MAX_BYTES, max_pixels=SCREENSHOT_MAX_PIXELS, thumb_sizes=(96, 320)
    )
    names = save_processed_image(processed, prefix=f"catalogue/solutions/{solution.public_id}")
    try:
        with transaction.atomic():
            locked = _lock_solution(solution)
            revision, current = _screenshot_slots(locked, actor=actor, lock=True)
            position = (locked.screenshots.aggregate(top=Max("position"))["top"] or 0) + 1
            shot = Screenshot.objects.create(
                solution=locked,
                revision=revision,
                images=names,
                width=processed.width,
                height=processed.height,
                caption=(caption or "").strip()[:200],
                position=position,
            )
            if revision is not None:
                content = {**revision.data, "screenshots": [*current, shot.pk]}
                _store_revision(
                    solution=locked,
                    revision=revision,
                    actor=actor,
                    content=content,
                    changes=changed_fields(solution_content(locked), content),
                )
    except Exception:
        delete_stored_image(names)
        raise
    return shot


def _screenshot_slots(solution: Solution, *, actor=None, lock: bool = False):
    """Return (revision or None, current ordered ids); raise if the solution is full or not editable."""
    if solution.status in Solution.EDITABLE_DIRECTLY:
        current = list(
            solution.screenshots.filter(revision__isnull=True)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )
        revision = None
    elif solution.status in Solution.HAS_PUBLISHED_VERSION:
        revision = (
            _open_revision(solution)
            if lock
            else solution.revisions.filter(state__in=SolutionRevision.OPEN_STATES).first()
        )
        if revision is None:
            current = solution_content(solution)["screenshots"]
            if lock:
                content = solution_content(solution)
                revision = SolutionRevision.objects.create(
                    solution=solution, data=content, changed_fields=[], created_by=actor
                )
                audit_record(
                    subject=solution,
                    actor=actor,
                    action="revision.submit",
                    from_state=solution.status,
                    to_state=solution.status,
                    data={"revision": revision.pk, "changed_fields": ["screenshots"]},
                )
        else:
            current = list(revision.data.get("screenshots", []))
    else:
        raise SolutionTransitionRefused(_refusal_message(solution.status))
    if len(current) >= MAX_SCREENSHOTS:
        raise TooManyScreenshots(
            _("A solution can have at most %(max)s screenshots. Remove one before adding another.")
            % {"max": MAX_SCREENSHOTS},
            fields={"image": [_("At most %(max)s screenshots.") % {"max": MAX_SCREENSHOTS}]},
        )
    return revision, current


@transaction.atomic
def screenshot_remove(*, screenshot: Screenshot, actor) -> None:
    solution = _lock_solution(screenshot.solution_id)
    _require_member(vendor_id=solution.vendor_id, user=actor)
    if solution.status in Solution.EDITABLE_DIRECTLY:
        _delete_screenshots(Screenshot.objects.filter(pk=screenshot.pk))
        return
    if solution.status not in Solution.HAS_PUBLISHED_VERSION:
        raise SolutionTransitionRefused(_refusal_message(solution.status))
    # published: the removal is part of the pending change; the public still sees the screenshot
    published = solution_content(solution)
    revision = _open_revision(solution)
    base = dict(revision.data) if revision else published
    content = {**base, "screenshots": [pk for pk in base.get("screenshots", []) if pk != screenshot.pk]}
    if screenshot.revision_id is not None:
        _delete_screenshots(Screenshot.objects.filter(pk=screenshot.pk))
    _store_revision(
        solution=solution,
        revision=revision,
        actor=actor,
        content=content,
        changes=changed_fields(published, content),
    )


# ---------------------------------------------------------------- transitions


def _move(
    solution: Solution, *, actor, action: str, reason: str = "", changes: Mapping[str, Any] | None = None
) -> Solution:
    """One step of SOLUTION_WORKFLOW; the decision's reason (or none) replaces the previous one."""
    transition(
        solution,
        workflow=SOLUTION_WORKFLOW,
        action=action,
        actor=actor,
        reason=reason,
        changes={"status_reason": reason, **(changes or {})},
        invalid_error=SolutionTransitionRefused,
        conflict_error=SolutionChanged,
    )
    solution.refresh_from_db()
    return solution


@transaction.atomic
def solution_submit(*, solution: Solution, actor) -> Solution:
    _require_member(vendor_id=solution.vendor_id, user=actor)
    # re-check the stored content: a draft saved before a rule changed must still pass
    normalise_content(solution_content(Solution.objects.get(pk=solution.pk)))
    return _move(solution, actor=actor, action="solution.submit", changes={"submitted_at": timezone.now()})


@transaction.atomic
def solution_withdraw(*, solution: Solution, actor, reason: str = "") -> Solution:
    _require_member(vendor_id=solution.vendor_id, user=actor)
    locked = _lock_solution(solution)
    revision = _open_revision(locked)
    was_public = locked.status == Solution.PUBLISHED
    solution = _move(locked, actor=actor, action="solution.withdraw", reason=(reason or "").strip())
    if revision is not None:
        _close_revision(revision, solution=solution, action="revision.discard", actor=actor)
    if was_public:
        outbox.enqueue_instance(solution)
    return solution


@transaction.atomic
def solution_reopen(*, solution: Solution, actor) -> Solution:
    _require_member(vendor_id=solution.vendor_id, user=actor)
    return _move(solution, actor=actor, action="solution.reopen")


@transaction.atomic
def solution_publish(*, solution: Solution, officer) -> Solution:
    _require_officer(officer)
    now = timezone.now()
    first = Solution.objects.filter(pk=solution.pk).values_list("first_published_at", flat=True).first()
    solution = _move(
        solution,
        actor=officer,
        action="solution.publish",
        changes={"published_at": now, "first_published_at": first or now},
    )
    outbox.enqueue_instance(solution)
    return solution


@transaction.atomic
def solution_reject(*, solution: Solution, officer, reason: str) -> Solution:
    _require_officer(officer)
    return _move(solution, actor=officer, action="solution.reject", reason=_require_reason(reason))


@transaction.atomic
def solution_request_changes(*, solution: Solution, officer, reason: str) -> Solution:
    _require_officer(officer)
    return _move(solution, actor=officer, action="solution.request_changes", reason=_require_reason(reason))


@transaction.atomic
def solution_suspend(*, solution: Solution, officer, reason: str) -> Solution:
    _require_officer(officer)
    solution = _move(solution, actor=officer, action="solution.suspend", reason=_require_reason(reason))
    outbox.enqueue_instance(solution)
    return solution


@transaction.atomic
def solution_republish(*, solution: Solution, officer, reason: str = "") -> Solution:
    _require_officer(officer)
    solution = _move(
        solution,
        actor=officer,
        action="solution.republish",
        reason=(reason or "").strip(),
        changes={"published_at": timezone.now()},
    )
    outbox.enqueue_instance(solution)
    return solution


def _locked_open_revision(solution: Solution, revision_id: int | None) -> SolutionRevision:
    revision = _open_revision(solution)
    if revision is None or (revision_id is not None and revision.pk != revision_id):
        raise SolutionChanged(_("This change was already decided or replaced. Reload the page."))
    if revision.state != SolutionRevision.PENDING:
        raise SolutionTransitionRefused(_("This change is waiting for the vendor, not for a decision."))
    return revision


@transaction.atomic
def revision_approve(
    *, solution: Solution, officer, revision_id: int | None = None, reason: str = ""
) -> Solution:
    """Apply a pending change to the published version (columns, sectors, screenshots) in one go."""
    _require_officer(officer)
    solution = _lock_solution(solution)
    if solution.status not in Solution.HAS_PUBLISHED_VERSION:
        raise SolutionTransitionRefused(
            _("Only changes to a published or suspended solution are reviewed here.")
        )
    revision = _locked_open_revision(solution, revision_id)
    content = normalise_content(revision.data)
    keep = [int(pk) for pk in revision.data.get("screenshots", [])]
    _close_revision(
        revision,
        solution=solution,
        action="revision.approve",
        actor=officer,
        reason=(reason or "").strip(),
        data={"changed_fields": revision.changed_fields},
    )
    _apply_content(solution, content)
    solution.published_at = timezone.now()
    _save_solution(solution, content)
    _delete_screenshots(solution.screenshots.exclude(pk__in=keep))
    for position, pk in enumerate(keep, start=1):
        Screenshot.objects.filter(pk=pk, solution=solution).update(revision=None, position=position)
    outbox.enqueue_instance(solution)
    return solution


@transaction.atomic
def revision_reject(*, solution: Solution, officer, reason: str, revision_id: int | None = None) -> Solution:
    return _revision_close_by_officer(
        solution=solution,
        officer=officer,
        reason=reason,
        revision_id=revision_id,
        action="revision.reject",
    )


@transaction.atomic
def revision_request_changes(
    *, solution: Solution, officer, reason: str, revision_id: int | None = None
) -> Solution:
    return _revision_close_by_officer(
        solution=solution,
        officer=officer,
        reason=reason,
        revision_id=revision_id,
        action="revision.request_changes",
    )


def _revision_close_by_officer(*, solution, officer, reason, revision_id, action) -> Solution:
    _require_officer(officer)
    reason = _require_reason(reason)
    solution = _lock_solution(solution)
    revision = _locked_open_revision(solution, revision_id)
    _close_revision(revision, solution=solution, action=action, actor=officer, reason=reason)
    return solution


DECISIONS = {
    "publish": lambda s, o, r, rid: solution_publish(solution=s, officer=o),
    "reject": lambda s, o, r, rid: solution_reject(solution=s, officer=o, reason=r),
    "request_changes": lambda s, o, r, rid: solution_request_changes(solution=s, officer=o, reason=r),
    "suspend": lambda s, o, r, rid: solution_suspend(solution=s, officer=o, reason=r),
    "republish": lambda s, o, r, rid: solution_republish(solution=s, officer=o, reason=r),
    "approve_change": lambda s, o, r, rid: revision_approve(solution=s, officer=o, reason=r, revision_id=rid),
    "reject_change": lambda s, o, r, rid: revision_reject(solution=s, officer=o, reason=r, revision_id=rid),
    "request_change_edits": lambda s, o, r, rid: revision_request_changes(
        solution=s, officer=o, reason=r, revision_id=rid
    ),
}


def solution_decide(
    *, solution: Solution, officer, decision: str, reason: str = "", revision_id: int | None = None
) -> Solution:
    """One entry point for the officer's decisions (web form and API)."""
    if decision not in DECISIONS:
        raise SolutionTransitionRefused(_("Unknown decision."), fields={"decision": [_("Unknown decision.")]})
    return DECISIONS[decision](solution, officer, reason, revision_id)


def solution_rating_record(*, solution_id: int, average, count: int) -> None:
    """Record a solution's rating summary (written by the reviews app, which sums the reviews up).

    Only the two denormalised columns change (not `updated_at`: a rating is not an edit of the
    listing); the search document is refreshed so the rating facet and sort see it.
    """
    Solution.objects.filter(pk=solution_id).update(
        rating_average=average if count else None, rating_count=count or None
    )
    outbox.enqueue("catalogue.solution", [solution_id])

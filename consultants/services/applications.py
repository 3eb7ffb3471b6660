"""Certification applications: the consultant prepares and submits; officers review and decide.
State changes follow `APPLICATION_WORKFLOW` (models.py) through `transition()`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.core.audit import audit_record
from marketplace.core.documents import process_document, save_processed_document
from marketplace.core.locks import lock_row
from marketplace.core.transitions import transition

from .. import selectors
from ..errors import (
    ApplicationIncomplete,
    ApplicationOpen,
    ApplicationTransitionError,
    DecisionConflict,
    NoCurrentCriteria,
    ReasonRequired,
)
from ..models import (
    APPLICATION_WORKFLOW,
    ApplicationStatus,
    CertificateStatus,
    CertificationApplication,
    Consultant,
    Evidence,
    Reference,
)
from .certificates import _issue_or_renew
from .common import (
    _full_clean,
    _require_officer,
    _require_owner,
    _send_after_commit,
)

MAX_EVIDENCE_FILES = 20


def _lock_application(application: CertificationApplication) -> CertificationApplication:
    return lock_row(CertificationApplication.objects.select_related("consultant"), application.pk)


def _illegal(application: CertificationApplication, action: str) -> ApplicationTransitionError:
    return ApplicationTransitionError(
        _("This application is %(status)s, so it cannot be %(action)s now. Reload to see its current state.")
        % {"status": application.get_status_display().lower(), "action": action}
    )


def _move(application: CertificationApplication, *, action: str, actor, **options: Any) -> None:
    """One step of APPLICATION_WORKFLOW: of two concurrent deciders exactly one wins."""
    transition(
        application,
        workflow=APPLICATION_WORKFLOW,
        action=action,
        actor=actor,
        invalid_error=ApplicationTransitionError,
        conflict_error=DecisionConflict,
        **options,
    )


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
    """draft → submitted; changes requested → resubmitted. Refused while anything is missing."""
    application = _lock_application(application)
    _require_owner(application.consultant, actor)

    def complete(_state: str) -> None:
        missing = application_missing(application)
        if missing:
            raise ApplicationIncomplete(_("The application is not complete yet."), fields=missing)

    action = "resubmit" if application.status == ApplicationStatus.CHANGES_REQUESTED else "submit"
    _move(application, action=action, actor=actor, changes={"submitted_at": timezone.now()}, guard=complete)
    return application


@transaction.atomic
def application_start_review(*, application: CertificationApplication, officer) -> CertificationApplication:
    """submitted / resubmitted → under review, with this officer as reviewer."""
    application = CertificationApplication.objects.select_related("consultant").get(pk=application.pk)
    _require_officer(officer, application.consultant)
    _move(application, action="start_review", actor=officer, changes={"reviewer": officer})
    return application


DECISIONS = ("certify", "reject", "request_changes")  # APPLICATION_WORKFLOW's officer decisions


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
    codes = {item["code"] for item in application.criteria.items}
    clean_checklist = {code: bool(value) for code, value in (checklist or {}).items() if code in codes}

    def criteria_ticked(_state: str) -> None:
        if decision == "certify" and checklist is not None and not all(clean_checklist.get(c) for c in codes):
            message = _("Tick every criterion as met before certifying.")
            raise ApplicationIncomplete(message, fields={"checklist": [message]})

    now = timezone.now()
    _move(
        application,
        action=decision,
        actor=officer,
        reason=reason,
        changes={
            "decision_reason": reason,
            "decided_at": now,
            "reviewer": officer,
            "checklist": clean_checklist or application.checklist,
        },
        data={"checklist": clean_checklist},
        guard=criteria_ticked,
    )
    if application.status == ApplicationStatus.CERTIFIED:
        _issue_or_renew(application=application, officer=officer, now=now)
    _notify_applicant(application)
    return application


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

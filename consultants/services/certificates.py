"""Certificates: issued or renewed on certification; officers suspend, reinstate, revoke and renew.
State changes follow `CERTIFICATE_WORKFLOW` (models.py) through `transition()`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.audit import audit_record
from marketplace.core.locks import lock_rows
from marketplace.core.transitions import transition

from ..codes import certificate_code_allocate
from ..errors import (
    ApplicationTransitionError,
    DecisionConflict,
)
from ..models import (
    CERTIFICATE_WORKFLOW,
    Certificate,
    CertificateStatus,
    CertificationApplication,
)
from .common import (
    _reason,
    _reindex,
    _require_officer,
)


def certificate_validity() -> timedelta:
    """How long a certificate is valid (setting read at call time, so tests and deployments can change it)."""
    return timedelta(days=settings.CONSULTANT_CERTIFICATE_VALIDITY_DAYS)


def _expire(certificate: Certificate) -> None:
    """Past its end date (the caller checked): only if the end date did not move meanwhile."""
    transition(
        certificate,
        workflow=CERTIFICATE_WORKFLOW,
        action="expire",
        actor=None,
        expect={"valid_until": certificate.valid_until},
        invalid_error=ApplicationTransitionError,
        conflict_error=DecisionConflict,
    )


def _issue_or_renew(*, application: CertificationApplication, officer, now: datetime) -> Certificate:
    consultant = application.consultant
    live_rows = lock_rows(
        Certificate.objects.filter(
            consultant=consultant, status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED]
        )
    )
    live = live_rows[0] if live_rows else None  # at most one (a database constraint)
    if live is not None and live.status == CertificateStatus.ACTIVE and live.valid_until > now:
        return _renew(certificate=live, officer=officer, now=now, application=application)
    if live is not None:
        # A live row past its end date that the maintenance job has not expired yet.
        _expire(live)
    certificate = Certificate.objects.create(
        consultant=consultant,
        application=application,
        criteria_version=application.criteria.version,
        valid_from=now,
        valid_until=now + certificate_validity(),
        issued_at=now,
        code=certificate_code_allocate(issued_at=now),
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
    """Extend by the validity period from the current end date; of two renewals reading the same end
    date only one extends it (the other gets DecisionConflict)."""

    def still_valid(_state: str) -> None:
        if certificate.valid_until <= now:
            raise ApplicationTransitionError(
                _("Only a valid certificate can be renewed; an expired one needs a new application.")
            )

    new_until = certificate.valid_until + certificate_validity()
    changes: dict[str, Any] = {"valid_until": new_until, "renewed_at": now, "reminders_sent": 0}
    if application is not None:
        changes.update(application=application, criteria_version=application.criteria.version)
    _certificate_move(
        certificate,
        action="renew",
        officer=officer,
        changes=changes,
        expect={"valid_until": certificate.valid_until},
        data={"valid_until": new_until.isoformat()},
        guard=still_valid,
    )
    return certificate


def _certificate_move(
    certificate: Certificate, *, action: str, officer, changes: dict[str, Any], **options: Any
) -> Certificate:
    """One step of CERTIFICATE_WORKFLOW decided by an officer; the registry shows the result."""
    transition(
        certificate,
        workflow=CERTIFICATE_WORKFLOW,
        action=action,
        actor=officer,
        changes=changes,
        invalid_error=ApplicationTransitionError,
        conflict_error=DecisionConflict,
        **options,
    )
    _reindex(certificate.consultant)
    return certificate


def _officer_certificate(certificate: Certificate, officer) -> Certificate:
    certificate = Certificate.objects.select_related("consultant").get(pk=certificate.pk)
    _require_officer(officer, certificate.consultant)
    return certificate


def _decide(certificate: Certificate, *, officer, action: str, reason: str, **options: Any) -> Certificate:
    """A reasoned status change; the registry shows the reason with the certificate."""
    return _certificate_move(
        certificate,
        action=action,
        officer=officer,
        reason=reason,
        changes={"status_reason": reason},
        **options,
    )


@transaction.atomic
def certificate_suspend(*, certificate: Certificate, officer, reason: str) -> Certificate:
    certificate = _officer_certificate(certificate, officer)
    return _decide(certificate, officer=officer, action="suspend", reason=_reason(reason))


@transaction.atomic
def certificate_reinstate(*, certificate: Certificate, officer, reason: str = "") -> Certificate:
    certificate = _officer_certificate(certificate, officer)
    reason = (reason or "").strip()

    def not_expired(_state: str) -> None:
        if certificate.valid_until <= timezone.now():
            raise ApplicationTransitionError(
                _("This certificate has passed its end date, so it cannot be reinstated.")
            )

    return _decide(certificate, officer=officer, action="reinstate", reason=reason, guard=not_expired)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, officer, reason: str) -> Certificate:
    certificate = _officer_certificate(certificate, officer)
    return _decide(certificate, officer=officer, action="revoke", reason=_reason(reason))


@transaction.atomic
def certificate_renew(*, certificate: Certificate, officer) -> Certificate:
    """Extend a valid certificate by the validity period, counted from its current end date."""
    certificate = _officer_certificate(certificate, officer)
    return _renew(certificate=certificate, officer=officer, now=timezone.now())

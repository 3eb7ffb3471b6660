"""The daily job: expire overdue certificates and send renewal reminders. Safe to run repeatedly."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.core.errors import Conflict, InvalidTransition

from ..models import (
    Certificate,
    CertificateStatus,
)
from .certificates import _expire
from .common import (
    _reindex,
    _send_after_commit,
)


def certificates_maintain(*, now: datetime | None = None) -> dict[str, int]:
    """Expire certificates past their end date (as the system: no actor) and send renewal reminders."""
    now = now or timezone.now()
    expired = 0
    overdue = Certificate.objects.filter(
        status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED], valid_until__lte=now
    ).select_related("consultant")
    for certificate in overdue.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                _expire(certificate)
                _reindex(certificate.consultant)
        except (InvalidTransition, Conflict):
            continue  # revoked, renewed or expired by someone else since the query: nothing to do
        expired += 1
    reminded = 0
    thresholds = sorted(
        settings.CONSULTANT_CERTIFICATE_REMINDER_DAYS, reverse=True
    )  # e.g. [60, 14]: one e-mail as each is crossed
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

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditRecord


def audit_record(
    *,
    subject: models.Model,
    actor,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one audit row. Call inside the service's transaction so it commits with the change."""
    return AuditRecord.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        object_id=str(subject.pk),
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )


def audit_history(subject: models.Model):
    return AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        object_id=str(subject.pk),
    ).select_related("actor")

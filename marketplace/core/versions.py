"""Frozen versions of data-defined content (readiness criteria sets, the AI risk questionnaire).

A version is identified by a checksum of its content: editing the source yields a new version the
next time one is needed, and rows already answered against an old version never change. Two
requests freezing the same content at once end with one row: the loser of the insert race reads
the winner's.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, models, transaction


def content_checksum(content: Any) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def freeze_version(model: type[models.Model], *, scope: dict[str, Any], content: Any):
    """The row of `model` within `scope` holding this content, created with the next `number` on
    first use; None when three insert races in a row were lost (the caller says "try again")."""
    checksum = content_checksum(content)
    rows = model._default_manager.filter(**scope)
    existing = rows.filter(checksum=checksum).first()
    if existing:
        return existing
    for _attempt in range(3):
        number = (rows.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        try:
            with transaction.atomic():
                return model._default_manager.create(
                    **scope, number=number, checksum=checksum, content=content
                )
        except IntegrityError:
            # someone froze the same content (or took the number) at the same moment
            existing = rows.filter(checksum=checksum).first()
            if existing:
                return existing
    return None

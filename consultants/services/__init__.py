"""Writes for the consultant network, one module per concern. Every public-facing change enqueues the
consultant for search.

Permission rules live here, not only in views: a consultant changes only their own profile; only
officers decide, never on themselves; a firm's admins manage the firm. Certification state changes
follow the tables in models.py (`APPLICATION_WORKFLOW`, `CERTIFICATE_WORKFLOW`) through
`marketplace.core.transitions.transition`: compare-and-swap, audited in the same transaction.

Callers import this package (`from consultants import services; services.consultant_update(...)`);
the modules below are its implementation.
"""

from .applications import (
    DECISIONS,
    MAX_EVIDENCE_FILES,
    application_add_evidence,
    application_add_reference,
    application_create,
    application_decide,
    application_missing,
    application_remove_evidence,
    application_remove_reference,
    application_start_review,
    application_submit,
    application_update,
)
from .availability import (
    availability_exception_add,
    availability_exception_remove,
    availability_rule_add,
    availability_rule_remove,
)
from .certificates import (
    certificate_reinstate,
    certificate_renew,
    certificate_revoke,
    certificate_suspend,
    certificate_validity,
)
from .common import MAX_RATE, batched_side_effects
from .firms import (
    FIRM_FIELDS,
    firm_create,
    firm_leave,
    firm_member_add,
    firm_member_remove,
    firm_member_set_role,
    firm_update,
)
from .maintenance import certificates_maintain
from .profiles import (
    M2M_FIELDS,
    PROFILE_FIELDS,
    consultant_create,
    consultant_engagement_add,
    consultant_item_remove,
    consultant_package_add,
    consultant_qualification_add,
    consultant_remove_photo,
    consultant_set_photo,
    consultant_set_visibility,
    consultant_update,
)

__all__ = [
    "certificate_validity",
    "DECISIONS",
    "FIRM_FIELDS",
    "M2M_FIELDS",
    "MAX_EVIDENCE_FILES",
    "MAX_RATE",
    "PROFILE_FIELDS",
    "application_add_evidence",
    "application_add_reference",
    "application_create",
    "application_decide",
    "application_missing",
    "application_remove_evidence",
    "application_remove_reference",
    "application_start_review",
    "application_submit",
    "application_update",
    "availability_exception_add",
    "availability_exception_remove",
    "availability_rule_add",
    "availability_rule_remove",
    "batched_side_effects",
    "certificate_reinstate",
    "certificate_renew",
    "certificate_revoke",
    "certificate_suspend",
    "certificates_maintain",
    "consultant_create",
    "consultant_engagement_add",
    "consultant_item_remove",
    "consultant_package_add",
    "consultant_qualification_add",
    "consultant_remove_photo",
    "consultant_set_photo",
    "consultant_set_visibility",
    "consultant_update",
    "firm_create",
    "firm_leave",
    "firm_member_add",
    "firm_member_remove",
    "firm_member_set_role",
    "firm_update",
]

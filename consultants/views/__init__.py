"""The consultant network's web pages, one module per concern; urls.py refers to them through this
package (`views.availability`, ...)."""

from .application import application, evidence_download
from .availability import availability
from .firm import firm_create, firm_leave, firm_manage, my_firm
from .officer import officer_certificate_action, officer_queue, officer_review
from .profile import photo_upload, profile_edit, track_record
from .public import certificate_check, certificate_lookup, firm_detail, profile, registry

__all__ = [
    "application",
    "availability",
    "certificate_check",
    "certificate_lookup",
    "evidence_download",
    "firm_create",
    "firm_detail",
    "firm_leave",
    "firm_manage",
    "my_firm",
    "officer_certificate_action",
    "officer_queue",
    "officer_review",
    "photo_upload",
    "profile",
    "profile_edit",
    "registry",
    "track_record",
]

"""What the consultant's own pages share."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _

from .. import selectors
from ..models import (
    Consultant,
)


def own_consultant(request) -> Consultant | None:
    return selectors.consultant_of(request.user)


def consultant_or_redirect(request) -> Consultant | None:
    """The signed-in user's profile, or None with a message (the caller redirects to create it)."""
    consultant = own_consultant(request)
    if consultant is None:
        messages.info(request, _("Create your consultant profile first."))
    return consultant

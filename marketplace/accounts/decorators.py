from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def officer_required(view):
    """Web views for department officers; others get 403 (logged-out users go to the log-in page)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_officer:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped

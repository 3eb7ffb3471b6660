"""Error pages and, under /api/, the API's one error shape.

Django's own 400/403/404/500 handlers answer HTML; an API client must get the same JSON body as
every other API error, even for an unknown route, a disallowed Host or a crash outside DRF.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json(code: str, message: str, status: int, fields: dict | None = None) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "fields": fields or {}}, status=status)


def error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A domain error raised before any view ran (middleware): JSON under /api/, a page elsewhere."""
    if is_api_request(request):
        return _json(error.code, error.message, error.status, error.fields)
    return render(request, "400.html", {"message": error.message}, status=error.status)


def bad_request(request, exception=None):
    if is_api_request(request):
        return _json("bad_request", _("The request is not valid."), 400)
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return _json("permission_denied", _("You do not have permission to perform this action."), 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if is_api_request(request):
        return _json("not_found", _("Not found."), 404)
    return render(request, "404.html", status=404)


def server_error(request):
    if is_api_request(request):
        return _json("server_error", _("A server error occurred. Please try again later."), 500)
    return render(request, "500.html", status=500)


def csrf_message() -> str:
    return _(
        "The form's security check failed (the CSRF token is missing or expired). "
        "Reload the page and try again; cookies must be allowed for this site."
    )


def csrf_failure(request, reason=""):
    """Django's CSRF failure page is English and technical; this one says what to do."""
    if is_api_request(request):
        return _json("csrf_failed", csrf_message(), 403)
    return render(request, "403.html", {"message": csrf_message()}, status=403)

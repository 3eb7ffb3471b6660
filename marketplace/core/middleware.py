import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from marketplace.core.handlers import error_response, is_api_request, page_not_found
from marketplace.core.hygiene import nul_error, nul_fields


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user picked another language with the switch (the language cookie).

    Browsers often send English in Accept-Language even for Vietnamese users (an English OS), so the
    header is deliberately ignored: the product is Vietnamese first, English on request.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNulMiddleware:
    """A 400 for any request holding a NUL character (see marketplace.core.hygiene for why)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = nul_fields(request)
        if fields is not None:
            return error_response(request, nul_error(fields))
        return self.get_response(request)


class ApiPathIdMiddleware:
    """Under /api/, an object id in the path that is not a number is a 404 in the one error shape.

    The routers match any path segment as `pk` (`/orders/abc/end/`); a view that hands it to a
    selector would crash turning it into an integer. Refusing it here covers every endpoint, those
    added later included. Ids are positive integers that fit a 64-bit column (at most 18 digits here).
    """

    ID_PATTERN = re.compile(r"[0-9]{1,18}")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_api_request(request):
            return None
        # a viewset that declares its own `lookup_value_regex` (e.g. "consultant-12") has its ids
        # checked by the router's pattern already: its `pk` is not a number by design
        own_lookup = getattr(getattr(view_func, "cls", None), "lookup_value_regex", None) is not None
        for name, value in view_kwargs.items():
            if own_lookup and name == "pk" and not str(value).isdigit():
                continue  # digits are still held to the 64-bit bound below
            if _is_id_name(name) and not (isinstance(value, int) or self.ID_PATTERN.fullmatch(str(value))):
                return page_not_found(request)
        return None


def _is_id_name(name: str) -> bool:
    return name in ("pk", "id") or name.endswith(("_pk", "_id"))

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from marketplace.core.handlers import error_response
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

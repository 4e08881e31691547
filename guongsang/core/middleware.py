"""Language choice: Vietnamese unless the user picked another language in the footer.

Django's LocaleMiddleware follows the browser's Accept-Language, and many officials' browsers
send English; the platform should speak Vietnamese until someone asks otherwise.
"""

from django.conf import settings
from django.utils import translation

from guongsang.core.api import standard_error


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ApiMethodNotAllowedMiddleware:
    """A wrong HTTP method under /api/ answers in the API's JSON error format.

    django-ninja dispatches methods itself and answers a method it has no operation for with a
    bare ``HttpResponseNotAllowed`` (an empty text body) that its exception handlers never see;
    API clients are promised ``{"code", "message"}`` for every error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow")
            response = standard_error(405)
            if allowed:
                response["Allow"] = allowed
        return response

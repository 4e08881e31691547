"""The project's own middleware: the language, the API's JSON 405, and request body limits.

Language: Vietnamese unless the user picked another language in the footer. Django's
LocaleMiddleware follows the browser's Accept-Language, and many officials' browsers send English;
the platform should speak Vietnamese until someone asks otherwise.
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from guongsang.core.api import error_response, standard_error


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


class BodyTooLarge(Exception):
    """A streamed request body went past the limit of its route."""


class CappedInput:
    """A request body stream that raises :class:`BodyTooLarge` once more than ``limit`` bytes have
    been read from it, so that a body without ``Content-Length`` cannot be read without end."""

    def __init__(self, stream, limit: int):
        self.stream, self.limit, self.read_bytes = stream, limit, 0

    def read(self, size: int = -1) -> bytes:
        # Never more than one byte past the limit, whatever is asked: enough to know it is passed.
        room = self.limit + 1 - self.read_bytes
        chunk = self.stream.read(room if size is None or size < 0 else min(size, room))
        self.read_bytes += len(chunk)
        if self.read_bytes > self.limit:
            raise BodyTooLarge(self.limit)
        return chunk


def body_limit_for(path: str) -> int:
    """The largest request body, in bytes, that the page or API operation at ``path`` accepts.

    ``REQUEST_BODY_LIMITS`` names routes by URL name (``"nominations:add_evidence"``) or a whole
    namespace (``"admin:"``); any other route gets ``REQUEST_BODY_DEFAULT_LIMIT``.
    """
    limits: dict[str, int] = settings.REQUEST_BODY_LIMITS
    default: int = settings.REQUEST_BODY_DEFAULT_LIMIT
    try:
        name = resolve(path).view_name
    except Resolver404:
        return default
    if name in limits:
        return limits[name]
    for key, limit in limits.items():
        if key.endswith(":") and name.startswith(key):
            return limit
    return default


def body_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """413: JSON ``{"code", "message"}`` under /api/, a page in Vietnamese elsewhere."""
    limit_text = filesizeformat(limit)
    message = _("Dữ liệu gửi lên vượt quá giới hạn %(limit)s của trang này.") % {"limit": limit_text}
    if request.path.startswith("/api/"):
        return error_response(413, "payload_too_large", message)
    return render(request, "413.html", {"message": message}, status=413)


class RequestBodyLimitMiddleware:
    """Refuses a request body larger than its route accepts before anything reads it.

    With ``Content-Length`` the refusal comes from the header alone: not a byte of the body is
    read, and the server drops the rest. A body sent without it (``Transfer-Encoding: chunked``)
    is read through :class:`CappedInput` into a temporary file (in memory while small), at most
    one byte past the limit; within the limit it is handed on with its length, which Django needs
    to parse it at all. The per-route limits are data: ``REQUEST_BODY_LIMITS`` in the settings,
    mirrored by the proxy's ``client_max_body_size`` (docs/deployment.md).

    It sits before CsrfViewMiddleware, whose view check is the first thing to read a form body,
    and after the middleware that adds security headers and the user, which the 413 page uses.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Bodies no route refuses need no URL resolution.
        self.smallest = min([settings.REQUEST_BODY_DEFAULT_LIMIT, *settings.REQUEST_BODY_LIMITS.values()])

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        chunked = length is None and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if (length is not None and length <= self.smallest) or (length is None and not chunked):
            return self.get_response(request)
        limit = body_limit_for(request.path_info)
        if not chunked:
            if length > limit:
                return body_too_large(request, limit)
            return self.get_response(request)
        with tempfile.SpooledTemporaryFile(
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, dir=settings.FILE_UPLOAD_TEMP_DIR
        ) as spool:
            source = CappedInput(request.META["wsgi.input"], limit)
            try:
                while chunk := source.read(64 * 1024):
                    spool.write(chunk)
            except BodyTooLarge:
                return body_too_large(request, limit)
            size = spool.tell()
            spool.seek(0)
            request.META["CONTENT_LENGTH"] = str(size)
            # WSGIRequest made its stream from the missing length (0: an empty body); this one
            # reads the spooled body instead.
            request._stream = LimitedStream(spool, size)
            return self.get_response(request)


def _content_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None

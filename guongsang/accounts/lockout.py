"""What a locked-out client sees: the API's own JSON error, or the Vietnamese lockout page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None, credentials=None):
    """django-axes' ``AXES_LOCKOUT_CALLABLE``.

    Axes replaces the response of a locked-out attempt; for the API that would turn the token
    endpoint's ``{"code": "locked_out"}`` JSON into an HTML page, so API answers are kept.
    """
    if original_response is not None and request.path.startswith("/api/"):
        return original_response
    return render(request, "registration/locked_out.html", status=429)

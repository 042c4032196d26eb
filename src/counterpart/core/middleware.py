"""Requests refused before any view reads them: a body over its limit (413) and a query string holding a NUL
character (400, PostgreSQL cannot compare text with one). The API (`/api/`) is answered its one error body
`{"detail": ...}`, a page the translated `413.html` / `400.html`.

The limits (docs/architecture.md, "Input limits"): a body is at most `REQUEST_BODY_MAX_BYTES` (2.5 MB), the
paths of `REQUEST_BODY_LIMITS` take their own (the intake draft: its 2,000,000 characters as JSON), and a
file upload (multipart) at most `UPLOAD_REQUEST_MAX_BYTES` (the largest file a form takes, the forms check
their own). `DATA_UPLOAD_MAX_MEMORY_SIZE` is the largest of the non-file limits, so that Django's own check
on `request.body`, raised lazily inside a view, only fires past what this middleware lets through; should it
fire (`RequestDataTooBig`), it is a 413 too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"

DEFAULT_BODY_MAX_BYTES = 2_621_440  # Django's default DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB
DEFAULT_UPLOAD_MAX_BYTES = 97 << 20  # the largest upload (a registry workbook, 96 MB) and its form


def body_limit(path: str, content_type: str) -> int:
    """The largest body (bytes) a request to `path` may send."""
    if content_type.startswith("multipart/form-data"):
        return int(getattr(settings, "UPLOAD_REQUEST_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))
    limits: dict[str, int] = getattr(settings, "REQUEST_BODY_LIMITS", {})
    if path in limits:
        return int(limits[path])
    return int(getattr(settings, "REQUEST_BODY_MAX_BYTES", DEFAULT_BODY_MAX_BYTES))


def _content_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def too_large_response(request: HttpRequest) -> HttpResponse:
    message = _("The request is too large.")
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=413)
    return render(request, "413.html", {"message": message}, status=413)


def bad_request_response(request: HttpRequest) -> HttpResponse:
    message = _("The request cannot be read.")
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class RequestLimitsMiddleware:
    """After the locale and authentication middleware (the pages it renders are translated and show the
    user), before any view or `process_view` (the CSRF check reads the body) runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        if length is None or length < 0:
            return bad_request_response(request)
        if length > body_limit(request.path, request.META.get("CONTENT_TYPE", "")):
            return too_large_response(request)
        if "%00" in request.META.get("QUERY_STRING", ""):
            return bad_request_response(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return too_large_response(request)
        return None

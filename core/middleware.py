"""Refuse an oversized request body from its Content-Length, before a byte of it is read."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.uploads import MAX_UPLOAD_BYTES

# The largest file plus the rest of a multipart form (fields, boundaries, headers).
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024


class RequestSizeLimitMiddleware:
    """Answers 413 at once: without it a 190 MB upload is received in full, then refused.

    The reverse proxy's `client_max_body_size` should refuse it even earlier (README).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_REQUEST_BYTES:
            return self.too_large(request)
        return self.get_response(request)

    @staticmethod
    def too_large(request: HttpRequest) -> HttpResponse:
        message = _("Dữ liệu gửi lên quá lớn; mỗi tệp tối đa %(max)s MB.") % {
            "max": MAX_UPLOAD_BYTES // 1048576
        }
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=413)
        else:
            html = render_to_string("413.html", {"message": message}, request=request)
            response = HttpResponse(html, status=413)
        # The body stays unread: the client must not reuse this connection for the next request.
        response["Connection"] = "close"
        return response

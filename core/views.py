"""The user's exports (the page of one queued spreadsheet, the list, the download), and the
application's error pages."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET

from core import exports, selectors
from core.uploads import XLSX

logger = logging.getLogger(__name__)


@login_required
@require_GET
def export_list_view(request: HttpRequest) -> HttpResponse:
    exports = selectors.export_list(user=request.user)[:30]
    return render(request, "core/export_list.html", {"exports": exports})


@login_required
@require_GET
def export_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Refreshes itself (htmx) while the worker builds the file; the status block alone then."""
    export = selectors.export_get(user=request.user, pk=pk)
    template = "core/_export_status.html" if request.htmx else "core/export_detail.html"
    return render(request, template, {"export": export, "source_url": exports.source_url(export)})


@login_required
@require_GET
def export_download_view(request: HttpRequest, pk: int) -> FileResponse:
    export = selectors.export_get(user=request.user, pk=pk)
    if export.status != export.Status.DONE or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=XLSX.content_type,
    )


def server_error_view(request: HttpRequest) -> HttpResponse:
    """The 500 page with the menu, in the request's language; a plain page if that fails too.

    Django's own handler renders without the request (no menu, no language); the full page may
    itself fail (the database is down, the request is broken), so the bare page is the fallback.
    """
    language = translation.get_language_from_request(request)
    with translation.override(language):
        try:
            html = render_to_string("500.html", request=request)
        except Exception:
            logger.exception("The 500 page failed to render; serving the plain one.")
            html = render_to_string("500_plain.html", {"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)


def csrf_failure_view(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A rejected form (expired page, cookies off) explained in the application's page."""
    html = render_to_string("403_csrf.html", {"reason": reason}, request=request)
    return HttpResponseForbidden(html)

"""The user's exports: the page of one queued spreadsheet, the list, and the download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import exports, selectors
from core.uploads import XLSX


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

"""A session's results report (Báo cáo kết quả kỳ họp): a print page and the same as a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.views.decorators.http import require_GET

from core.documents import document_docx
from core.uploads import DOCX
from sessions.models import Session
from sessions.printing import has_results, session_results, session_results_pdf
from sessions.selectors import session_get


def _session(request: HttpRequest, pk: int) -> Session:
    """A session in scope that has opened; otherwise 404, as if there were no report."""
    try:
        session = session_get(user=request.user, pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None  # out of scope looks exactly like missing
    if not has_results(session):
        raise Http404
    return session


@login_required
@require_GET
def session_results_print_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a web page with a print stylesheet, for printing from the browser."""
    session = _session(request, pk)
    report = session_results(user=request.user, session=session)
    return render(request, "sessions/results_print.html", {"session": session, "report": report})


@login_required
@require_GET
def session_results_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as an A4 PDF in the official format, shown in the browser (inline).

    Built once per change of what this reader sees (core.pdf.cached_pdf), then served as stored;
    usually built already, in the background, when the results changed (sessions.tasks).
    """
    session = _session(request, pk)
    pdf = session_results_pdf(user=request.user, session=session)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ket-qua-ky-hop-{session.pk}.pdf"'
    return response


@login_required
@require_GET
def session_results_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The same report as a Word file for the clerk to edit: the same SessionResults and the same
    OfficialDocument as the PDF, laid out by python-docx (core.documents), downloaded."""
    session = _session(request, pk)
    report = session_results(user=request.user, session=session)
    with translation.override("vi"):  # an official document is Vietnamese whatever the UI
        docx = document_docx(report.document)
    response = HttpResponse(docx, content_type=DOCX.content_type)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-ky-hop-{session.pk}.docx"'
    return response


urlpatterns: list = [
    path("<int:pk>/results/print/", session_results_print_view, name="session_results_print"),
    path("<int:pk>/results.pdf", session_results_pdf_view, name="session_results_pdf"),
    path("<int:pk>/results.docx", session_results_docx_view, name="session_results_docx"),
]

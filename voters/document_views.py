"""The official documents of voters' work (issue 13) as files: the compiled report of a contact
round, the report on the answers, and a letter's transfer slip, each as a PDF (Decree 30/2020
layout) and an editable DOCX, from ONE `OfficialDocument` (voters/documents.py).

The reports are for whoever may see the council (the statistics page's reach); a council out of
scope is a 404. Their form queues them as generated files (voters.reports, core.exports) and sends
the user to the export's page. The small slip is built while the user waits; it names the sender: it
is for readers of the letter who hold the personal-data capability there (councils.scoping) — others
get a 403 — and each download is logged as an opening of the letter (core.viewlog).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from core.documents import FORMATS, document_response
from core.viewlog import record_view
from voters import documents, reports, selectors
from voters.forms import VoterReportForm
from voters.reports import REPORTS

# What the list and statistics pages' filters are called on the report form.
CARRIED = {
    "council": "council",
    "date_from": "date_from",
    "date_to": "date_to",
    "raised_from": "date_from",
    "raised_to": "date_to",
}


def report_links(query: dict[str, str]) -> list[tuple[str, str]]:
    """The report buttons of the statistics page and the petition list, carrying their council
    and period: (label, url of the report form)."""
    from django.utils.http import urlencode

    carried = {to: query[name] for name, to in CARRIED.items() if query.get(name)}
    suffix = f"?{urlencode(carried)}" if carried else ""
    return [
        (label, reverse("voters:report_form", args=[name]) + suffix)
        for name, (label, _file) in REPORTS.items()
    ]


def _render_form(request: HttpRequest, name: str, form: VoterReportForm, status: int = 200):
    return render(
        request,
        "voters/report_form.html",
        {"form": form, "name": name, "title": REPORTS[name][0], "formats": FORMATS},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_form_view(request: HttpRequest, name: str) -> HttpResponse:
    """The council and period of a report, filled from the page it was opened from; sent, the
    report is queued as a generated file and the user waits on its export page (a form with
    errors comes back with them, 400)."""
    if name not in REPORTS:
        raise Http404
    if request.method == "GET":
        form = reports.report_form(user=request.user, council=request.GET.get("council", ""))
        form.initial = {k: v for k, v in request.GET.items() if k in form.fields}
        form.initial.setdefault("subtree", True)
        return _render_form(request, name, form)
    fmt = request.POST.get("format", "pdf")
    if fmt not in FORMATS:
        raise Http404
    export, form = reports.report_queue(user=request.user, name=name, fmt=fmt, data=request.POST)
    if export is None:
        return _render_form(request, name, form, status=400)
    return redirect("core:export_detail", export.pk)


def slip_response(request: HttpRequest, letter, fmt: str) -> HttpResponse:
    """A letter's transfer slip (a letter read in scope): 404 before it was forwarded, 403
    without the personal-data capability; every download is logged (the page and the API)."""
    if fmt not in FORMATS or not documents.has_slip(letter):
        raise Http404
    if not letter.personal_visible:
        raise PermissionDenied
    record_view(request.user, letter, request, reason=str(_("Tải phiếu chuyển đơn")))
    with translation.override("vi"):
        doc = documents.letter_slip_document(letter, user=request.user)
    return document_response(
        doc, fmt, f"phieu-chuyen-don-{letter.pk}", f"reports/voters/letter-slip/{letter.pk}"
    )


@login_required
@require_GET
def letter_slip_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The transfer slip of a forwarded letter in scope (else 404)."""
    if fmt not in FORMATS:
        raise Http404
    try:
        letter = (
            selectors.letter_list(user=request.user, today=timezone.localdate())
            .select_related("council__unit")
            .get(pk=pk)
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    return slip_response(request, letter, fmt)

"""The official documents of voters' work (issue 13) as files: the compiled report of a contact
round, the report on the answers, and a letter's transfer slip, each as a PDF (Decree 30/2020
layout, shown inline) and an editable DOCX, from ONE `OfficialDocument` (voters/documents.py).

The reports are for whoever may see the council (the statistics page's reach); a council out of
scope is a 404. The slip names the sender: it is for readers of the letter who hold the
personal-data capability there (councils.scoping) — others get a 403 — and each download is
logged as an opening of the letter (core.viewlog).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.documents import FORMATS, OfficialDocument, document_response
from core.viewlog import record_view
from councils.selectors import council_list, term_on
from voters import documents, selectors
from voters.forms import VoterReportForm

# name: (title, file name)
REPORTS = {
    "petitions": (_("Báo cáo tổng hợp ý kiến, kiến nghị của cử tri"), "bao-cao-tong-hop-kien-nghi"),
    "answers": (
        _("Báo cáo kết quả giải quyết, trả lời kiến nghị của cử tri"),
        "bao-cao-ket-qua-tra-loi-kien-nghi",
    ),
}
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


def _form(request: HttpRequest, bound: bool) -> VoterReportForm:
    user = request.user
    councils = council_list(user=user)
    chosen = request.GET.get("council", "")
    if chosen.isdigit() and not councils.filter(pk=chosen).exists():
        raise Http404  # a council out of scope looks exactly like a missing one
    form = VoterReportForm(request.GET if bound else None, councils=councils, user=user)
    if not bound:
        form.initial = {k: v for k, v in request.GET.items() if k in form.fields}
        form.initial.setdefault("subtree", True)
    return form


def _render_form(request: HttpRequest, name: str, form: VoterReportForm, status: int = 200):
    return render(
        request,
        "voters/report_form.html",
        {"form": form, "name": name, "title": REPORTS[name][0], "formats": FORMATS},
        status=status,
    )


@login_required
@require_GET
def report_form_view(request: HttpRequest, name: str) -> HttpResponse:
    """The council and period of a report, filled from the page it was opened from."""
    if name not in REPORTS:
        raise Http404
    return _render_form(request, name, _form(request, bound=False))


def _period(request: HttpRequest, form: VoterReportForm, today: date):
    data = form.cleaned_data
    council, subtree, session = data["council"], data["subtree"], data["session"]
    if session is not None:
        span = selectors.session_contact_period(
            user=request.user, council=council, session_id=session.pk, subtree=subtree
        )
        if span is None:
            form.add_error(
                "session",
                _("HĐND đã chọn chưa có cuộc tiếp xúc cử tri nào gắn với kỳ họp này."),
            )
            return None
        start, end = span
    else:
        start, end = data["date_from"], data["date_to"]
    return documents.ReportPeriod(
        council=council,
        date_from=start,
        date_to=end,
        dated=today,
        subtree=subtree,
        session=session,
    )


def _build(name: str, period: documents.ReportPeriod, *, user, today: date) -> OfficialDocument:
    span = {
        "user": user,
        "council": period.council,
        "date_from": period.date_from,
        "date_to": period.date_to,
        "subtree": period.subtree,
    }
    items = selectors.petition_report_items(**span)
    if name == "petitions":
        levels = selectors.petition_statistics(by="competence", today=today, **span)
        report = documents.PetitionReport(
            period=period,
            round=selectors.contact_round(**span),
            items=items,
            levels=levels,
            total=_total(levels),
        )
        return documents.petition_report_document(report, user=user)
    # The backlog is carried from the start of the term the period begins in, as on the
    # statistics page.
    term = term_on(period.date_from)
    levels = selectors.petition_statistics(
        by="competence", today=today, since=term.start_on if term else None, **span
    )
    report = documents.AnswerReport(period=period, items=items, levels=levels, total=_total(levels))
    return documents.answer_report_document(report, user=user)


def _total(levels):
    if not levels:
        return None
    return selectors.stat_total(levels, str(_("Tổng cộng")), levels[0].decimals)


@login_required
@require_GET
def report_document_view(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """A report as a file; a form with errors comes back with them (400)."""
    if name not in REPORTS or fmt not in FORMATS:
        raise Http404
    form = _form(request, bound=True)
    today = timezone.localdate()
    period = _period(request, form, today) if form.is_valid() else None
    if period is None:
        return _render_form(request, name, form, status=400)
    with translation.override("vi"):  # an official document is Vietnamese whatever the UI
        doc = _build(name, period, user=request.user, today=today)
    council = period.council
    filename = f"{REPORTS[name][1]}-{council.pk}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}"
    return document_response(doc, fmt, filename, f"reports/voters/{name}/{council.pk}")


@login_required
@require_GET
def letter_slip_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The transfer slip of a forwarded letter: 404 out of scope or before it was forwarded,
    403 without the personal-data capability; every download is logged."""
    if fmt not in FORMATS:
        raise Http404
    user = request.user
    try:
        letter = (
            selectors.letter_list(user=user, today=timezone.localdate())
            .select_related("council__unit")
            .get(pk=pk)
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    if not documents.has_slip(letter):
        raise Http404
    if not letter.personal_visible:
        raise PermissionDenied
    record_view(user, letter, request, reason=str(_("Tải phiếu chuyển đơn")))
    with translation.override("vi"):
        doc = documents.letter_slip_document(letter, user=user)
    return document_response(
        doc, fmt, f"phieu-chuyen-don-{letter.pk}", f"reports/voters/letter-slip/{letter.pk}"
    )

"""The official reports of voters' work (issue 13) as generated files built in the background:
the compiled report of a contact round and the report on the answers, each a PDF (Decree 30/2020
layout) and an editable DOCX from ONE `OfficialDocument` (voters/documents.py).

The report form and the API validate the council and period with `VoterReportForm`, then queue
the file as a core.exports kind (`report_start`); the worker's builder binds the same form again
with the stored parameters and the *requesting user's* scope (councils, sessions, the petitions
read), so a council that left the user's scope meanwhile fails the build rather than leaking.
"""

from __future__ import annotations

import io
from datetime import date
from typing import IO, TYPE_CHECKING

from django.http import Http404, QueryDict
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.documents import FORMATS, OfficialDocument, document_docx, document_pdf
from core.exports import export_start
from councils.selectors import council_list, term_on
from voters import documents, selectors
from voters.forms import VoterReportForm

if TYPE_CHECKING:
    from core.models import Export, User

# name: (title, file name)
REPORTS = {
    "petitions": (_("Báo cáo tổng hợp ý kiến, kiến nghị của cử tri"), "bao-cao-tong-hop-kien-nghi"),
    "answers": (
        _("Báo cáo kết quả giải quyết, trả lời kiến nghị của cử tri"),
        "bao-cao-ket-qua-tra-loi-kien-nghi",
    ),
}
DAY = "%d/%m/%Y"  # the form's first input format: the stored parameters refill the form as typed


def report_kind(name: str, fmt: str) -> str:
    """The core.exports kind of one report in one format ("voters.report_answers_pdf")."""
    return f"voters.report_{name}_{fmt}"


def report_form(*, user: User, data=None, council: str = "") -> VoterReportForm:
    """The report form in the user's scope, bound to `data` if given; a council out of scope
    (`council`, else the data's) is a 404, exactly like a missing one (the pages, the API and
    the worker alike)."""
    councils = council_list(user=user)
    chosen = str(council or (data or {}).get("council", ""))
    if chosen.isdigit() and not councils.filter(pk=chosen).exists():
        raise Http404
    return VoterReportForm(data, councils=councils, user=user)


def report_period(form: VoterReportForm, *, user: User, today: date):
    """The period of a valid form: its dates, or the days of the chosen session's contact round
    (None, with the error on the form, when that session has no contact meeting)."""
    data = form.cleaned_data
    council, subtree, session = data["council"], data["subtree"], data["session"]
    if session is not None:
        span = selectors.session_contact_period(
            user=user, council=council, session_id=session.pk, subtree=subtree
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
        council=council, date_from=start, date_to=end, dated=today, subtree=subtree, session=session
    )


def report_document(
    name: str, period: documents.ReportPeriod, *, user: User, today: date
) -> OfficialDocument:
    """One report of the period, read in the user's scope."""
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


def report_start(
    *, user: User, name: str, fmt: str, form: VoterReportForm, period: documents.ReportPeriod
) -> Export:
    """Queue one report (a valid form, its period) as a generated file, built after the commit.

    The parameters are the form's own inputs (the session rather than the days it spans, so the
    worker reads the contact round again) and the report's date, fixed when it was asked for."""
    if name not in REPORTS or fmt not in FORMATS:
        raise ValueError(f"unknown report {name!r}.{fmt!r}")
    data = form.cleaned_data
    params = {
        "council": period.council.pk,
        "subtree": "on" if period.subtree else "",
        "session": data["session"].pk if data["session"] else "",
        "date_from": data["date_from"].strftime(DAY) if data["date_from"] else "",
        "date_to": data["date_to"].strftime(DAY) if data["date_to"] else "",
        "dated": period.dated.isoformat(),
    }
    title, stem = REPORTS[name]
    with translation.override("vi"):
        title = f"{title} — {period.council.name} ({period.date_from:{DAY}}-{period.date_to:{DAY}})"
    filename = f"{stem}-{period.council.pk}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}"
    return export_start(
        user=user,
        kind=report_kind(name, fmt),
        title=title[:200],
        params=urlencode({k: v for k, v in params.items() if v != ""}),
        filename=f"{filename}.{fmt}",
    )


def report_queue(*, user: User, name: str, fmt: str, data) -> tuple[Export | None, VoterReportForm]:
    """Validate a report's parameters (the page's form, the API's body) and queue its file:
    the export, or None and the form with its errors."""
    form = report_form(user=user, data=data)
    period = None
    if form.is_valid():
        period = report_period(form, user=user, today=timezone.localdate())
    if period is None:
        return None, form
    return report_start(user=user, name=name, fmt=fmt, form=form, period=period), form


def report_file(name: str, fmt: str, *, user: User, filters: QueryDict) -> bytes:
    """Build a queued report: the stored form bound again in the requesting user's scope."""
    form = report_form(user=user, data=filters)
    if not form.is_valid():
        raise ValueError(f"report parameters no longer valid: {form.errors.as_json()}")
    dated = filters.get("dated")
    today = date.fromisoformat(dated) if dated else timezone.localdate()
    period = report_period(form, user=user, today=today)
    if period is None:
        raise ValueError(f"no contact round: {form.errors.as_json()}")
    with translation.override("vi"):  # an official document is Vietnamese whatever the UI
        doc = report_document(name, period, user=user, today=today)
        return document_pdf(doc) if fmt == "pdf" else document_docx(doc)


# core.exports builders, one per kind (a worker finds them by dotted path).


def petitions_pdf(*, user: User, filters: QueryDict) -> tuple[IO[bytes], None]:
    return io.BytesIO(report_file("petitions", "pdf", user=user, filters=filters)), None


def petitions_docx(*, user: User, filters: QueryDict) -> tuple[IO[bytes], None]:
    return io.BytesIO(report_file("petitions", "docx", user=user, filters=filters)), None


def answers_pdf(*, user: User, filters: QueryDict) -> tuple[IO[bytes], None]:
    return io.BytesIO(report_file("answers", "pdf", user=user, filters=filters)), None


def answers_docx(*, user: User, filters: QueryDict) -> tuple[IO[bytes], None]:
    return io.BytesIO(report_file("answers", "docx", user=user, filters=filters)), None

"""The session results report (Báo cáo kết quả kỳ họp): print page, PDF, and what they say."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import subprocess
import threading
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from core import pdf as core_pdf
from core.pdf import html_to_pdf, local_url_fetcher
from councils.models import Body, BodyMembership, Delegate
from oversight import services as oversight_services
from resolutions import services as resolution_services
from resolutions.models import Field, Resolution
from sessions import services
from sessions.models import Attendance, Session, Vote
from sessions.printing import session_results
from tests.conftest import WHO
from tests.documents import PDFINFO, PDFTOTEXT, docx_text, pdf_page_count, pdf_text
from tests.factories import (
    AgendaItemFactory,
    DelegateFactory,
    DocumentFactory,
    ResolutionFactory,
    SessionFactory,
    body,
    body_member,
    seat,
    session_open,
    system_actor,
    vote,
)

PDFFONTS = shutil.which("pdffonts")
MORNING = date(2023, 7, 10)


@dataclass
class Report:
    """A district session: 45 delegates, one sitting with a roll, one without, three items."""

    session: Session
    delegates: list[Delegate]
    passed: Vote
    failed: Vote
    resolution: Resolution
    draft: Resolution


def _seated(council, term, n: int) -> list[Delegate]:
    delegates = [
        DelegateFactory(council=council, full_name=f"Trần Thị Đại Biểu {i:02d}") for i in range(n)
    ]
    for d in delegates:
        seat(d, term)
    return delegates


@pytest.fixture
def report(tree, term) -> Report:
    council = tree.council("district")
    delegates = _seated(council, term, 44)
    chair = DelegateFactory(council=council, full_name="Lê Văn Chủ Tịch")
    seat(chair, term)
    delegates.append(chair)
    standing = body(council, term, Body.Kind.STANDING, name="Thường trực HĐND huyện")
    body_member(standing, chair, BodyMembership.Role.CHAIR)
    session = session_open(
        SessionFactory(council=council, term=term, number="5", place="Hội trường HĐND huyện")
    )
    actor = system_actor()
    morning = services.sitting_create(actor=actor, session=session, on=MORNING, part="morning")
    services.sitting_create(actor=actor, session=session, on=MORNING, part="afternoon")
    statuses = {d.pk: Attendance.Status.PRESENT for d in delegates[:42]}
    statuses |= {delegates[42].pk: Attendance.Status.EXCUSED}
    statuses |= {delegates[43].pk: Attendance.Status.EXCUSED}
    statuses |= {delegates[44].pk: Attendance.Status.ABSENT}
    services.attendance_record(actor=actor, sitting=morning, statuses=statuses)
    budget = AgendaItemFactory(session=session, title="Dự thảo nghị quyết về đầu tư công năm 2024")
    fees = AgendaItemFactory(session=session, title="Dự thảo nghị quyết về mức thu phí chợ")
    AgendaItemFactory(session=session, title="Báo cáo kinh tế - xã hội", kind="report")
    passed = vote(budget, 42, total=45, present=43, votes_against=1)
    failed = vote(fees, 20, total=45, present=43, votes_against=23)
    resolution = ResolutionFactory(
        council=council,
        session=session,
        item=budget,
        vote=passed,
        title="Về kế hoạch đầu tư công năm 2024",
    )
    draft = resolution_services.resolution_create(
        actor=actor,
        council=council,
        kind=Resolution.Kind.INDIVIDUAL,
        title="Về mức thu phí chợ",
        field=Field.BUDGET,
        session=session,
        item=fees,
    )
    question = services.question_create(
        actor=actor,
        session=session,
        asked_by=delegates[0],
        respondent="Nguyễn Văn Trả Lời",
        respondent_title="Chủ tịch UBND huyện",
        content="Tiến độ giải ngân vốn đầu tư công?",
        answer="Sẽ hoàn thành trong quý III.",
        answered_on=MORNING,
    )
    oversight_services.commitment_create(
        actor=actor,
        question=question,
        content="Giải ngân đạt 100% kế hoạch vốn",
        responsible="UBND huyện",
        due_on=date(2023, 9, 30),
    )
    return Report(session, delegates, passed, failed, resolution, draft)


def _close(session: Session) -> Session:
    return services.session_transition(
        actor=system_actor(), session=session, to_status=Session.Status.CLOSED, on=date(2023, 7, 12)
    )


def _add_votes(session: Session, n: int) -> None:
    for i in range(n):
        item = AgendaItemFactory(session=session, title=f"Dự thảo nghị quyết số {i:02d}")
        vote(item, 42, total=45)


def _walk_to(session: Session, status: str) -> Session:
    """Move a new session forward to `status`, short of opening it, as a clerk would."""
    actor = system_actor()
    steps = [Session.Status.CONVENED, Session.Status.DOCUMENTS_SENT]
    if status == Session.Status.PLANNED:
        return session
    session = services.session_update(
        actor=actor,
        session=session,
        convening_number="15/QĐ-HĐND",
        convening_date=session.planned_start - timedelta(days=20),
    )
    DocumentFactory(session=session)
    for step in steps[: steps.index(status) + 1]:
        session = services.session_transition(
            actor=actor, session=session, to_status=step, on=session.planned_start - timedelta(10)
        )
    return session


# --- permission matrix -------------------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    "name", ["session_results_print", "session_results_pdf", "session_results_docx"]
)
def test_results_pages_are_scoped(client, tree, term, expect, who, name):
    """Whoever may read the district sees its session report; others get 404, never 403."""
    session = session_open(SessionFactory(council=tree.council("district"), term=term))
    if who != "anonymous":
        client.force_login(tree.users[who])
    response = client.get(reverse(f"sessions:{name}", args=[session.pk]))
    assert response.status_code == expect.page(who, "read", "district")


def test_results_pages_404_for_a_missing_session(client, tree):
    client.force_login(tree.users["admin"])
    assert client.get(reverse("sessions:session_results_print", args=[999999])).status_code == 404
    assert client.get(reverse("sessions:session_results_pdf", args=[999999])).status_code == 404
    assert client.get(reverse("sessions:session_results_docx", args=[999999])).status_code == 404


# --- the data ----------------------------------------------------------------------------------


def test_session_results_counts_against_total_delegates(report, tree):
    """Percentages are of all 45 delegates; the pass mark comes from the vote, not the present."""
    data = session_results(user=tree.users["district_office"], session=report.session)
    assert data.place == "Hiệp Đức"
    assert data.unit_caps == "HUYỆN HIỆP ĐỨC"
    assert data.parent_label == "tỉnh Quảng Nam"
    assert data.dated == date(2023, 7, 12)
    assert data.delegates == 45
    assert data.chair == "Lê Văn Chủ Tịch"
    assert data.item_count == 3
    rows = {row.vote.pk: row for row in data.votes}
    assert list(rows) == [report.passed.pk, report.failed.pk]
    assert rows[report.passed.pk].for_pct == "93,33%"
    assert rows[report.passed.pk].against_pct == "2,22%"
    assert rows[report.passed.pk].vote.passed
    assert rows[report.failed.pk].for_pct == "44,44%"
    assert not rows[report.failed.pk].vote.passed
    assert data.passed_count == 1


def test_session_results_attendance_and_quorum(report, tree):
    """Morning roll: 42 of 45 present, quorum (2/3 = 30) met; the afternoon has no roll."""
    data = session_results(user=tree.users["district_office"], session=report.session)
    morning, afternoon = data.sittings
    assert morning.sitting.part == "morning"
    assert (morning.present, morning.excused, morning.absent) == (42, 2, 1)
    assert morning.present_pct == "93,33%"
    assert morning.quorum.required == 30
    assert morning.quorum.met
    assert afternoon.present == 0
    assert afternoon.unrecorded == 45
    assert not afternoon.quorum.met


def test_session_results_lists_only_passed_resolutions_and_counts_questions(report, tree):
    data = session_results(user=tree.users["district_office"], session=report.session)
    assert data.resolutions == [report.resolution]
    assert data.questions == {
        "asked": 1,
        "answered": 1,
        "delegates": 1,
        "respondents": 1,
        "commitments": 1,
    }
    assert data.polls == []


def test_chair_is_blank_without_a_standing_committee(tree, term):
    session = SessionFactory(council=tree.council("commune"), term=term)
    data = session_results(user=tree.users["commune_office"], session=session)
    assert data.chair == ""
    assert data.votes == []
    assert data.sittings == []


def test_session_results_include_confidence_poll_results(report, tree):
    """A counted poll appears with its table rows; percentages from poll_rows."""
    actor = system_actor()
    poll = services.confidence_poll_create(
        actor=actor,
        session=report.session,
        kind="poll",
        held_on=date(2023, 7, 11),
        people=[("Lê Văn Chủ Tịch", "Chủ tịch HĐND huyện")],
    )
    services.confidence_entry_count(
        actor=actor,
        entry=poll.entries.get(),
        ballots_issued=45,
        ballots_returned=45,
        ballots_valid=45,
        high=40,
        confidence=4,
        low=1,
    )
    data = session_results(user=tree.users["district_office"], session=report.session)
    [result] = data.polls
    assert result.poll == poll
    assert result.rows[0]["high_pct"] == "88,89%"


# --- the PDF -----------------------------------------------------------------------------------

# What the report must say, in the PDF and in the DOCX alike.
KEY_LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "HUYỆN HIỆP ĐỨC",
    "BÁO CÁO",
    "Hiệp Đức, ngày 12 tháng 7 năm 2023",
    "93,33%",
    "Không thông qua",
    "TM. THƯỜNG TRỰC HĐND",
    "Lê Văn Chủ Tịch",
    "Về kế hoạch đầu tư công năm 2024",
)


def test_results_pdf_is_an_official_report(client, tree, report, tmp_path):
    """An inline A4 PDF whose text carries the national title, the unit and 42/45 = 93,33%."""
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_results_pdf", args=[report.session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="ket-qua-ky-hop-{report.session.pk}.pdf"'
    )
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    if PDFTOTEXT and PDFINFO:
        assert pdf_page_count(pdf, tmp_path) >= 1
        text = pdf_text(pdf, tmp_path, layout=False)
    else:  # no poppler: check the HTML the PDF is built from, and its layout's page count
        from weasyprint import HTML

        data = session_results(user=tree.users["district_office"], session=report.session)
        text = render_to_string(
            "sessions/pdf/results.html", {"session": report.session, "report": data}
        )
        assert len(HTML(string=text).render().pages) >= 1
    for expected in KEY_LINES:
        assert expected in text
    assert "Về mức thu phí chợ" not in text  # still a draft


@pytest.mark.skipif(PDFFONTS is None, reason="needs pdffonts (poppler-utils) to list fonts")
def test_results_pdf_embeds_the_projects_tinos_and_no_fallback_font(client, tree, report, tmp_path):
    """Ộ, Ủ, Ệ in the project's Tinos (@font-face from @fontsource/tinos), whatever the system
    has: a PDF is the same on every machine, never patched with DejaVu."""
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_results_pdf", args=[report.session.pk]))
    path = tmp_path / "fonts.pdf"
    path.write_bytes(response.content)
    listing = subprocess.run(  # noqa: S603
        [PDFFONTS, str(path)], capture_output=True, text=True, check=True
    ).stdout
    fonts = {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]}
    assert fonts >= {"Tinos", "Tinos-Bold"}
    assert all(font.startswith("Tinos") for font in fonts), fonts


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils) to read pages")
def test_results_pdf_numbers_pages_from_the_second(tree, report, tmp_path):
    """Decree 30/2020: page numbers top centre, none on the first page."""
    for i in range(25):
        item = AgendaItemFactory(session=report.session, title=f"Dự thảo nghị quyết số {i:02d}")
        vote(item, 42, total=45)
    data = session_results(user=tree.users["district_office"], session=report.session)
    html = render_to_string(
        "sessions/pdf/results.html", {"session": report.session, "report": data}
    )
    pdf = html_to_pdf(html)
    first, second = (
        [line for line in pdf_text(pdf, tmp_path, page=n).splitlines() if line.strip()]
        for n in (1, 2)
    )
    assert first[0].strip() == second[0].strip() == "DỰ THẢO"  # the session is not closed
    assert "HỘI ĐỒNG NHÂN DÂN" in first[1]
    assert second[1].strip() == "2"


def test_pdf_renderer_never_fetches_remote_resources(settings):
    """Images or styles pointing at a server are refused, not downloaded."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        html = (
            f'<link rel="stylesheet" href="{url}/style.css"><img src="{url}/logo.png">'
            '<img src="file:///etc/passwd"><p>Xin chào</p>'
        )
        pdf = html_to_pdf(html)
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF-")
    assert hits == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/a.css",
        "https://example.com/a.png",
        "ftp://example.com/x",
        "file:///etc/passwd",
    ],
)
def test_url_fetcher_refuses_what_is_not_static(url):
    with pytest.raises(ValueError, match="Refusing"):
        local_url_fetcher().fetch(url)


def test_url_fetcher_reads_static_files(settings):
    css = (settings.BASE_DIR / "static" / "css" / "hdnd.css").resolve()
    response = local_url_fetcher().fetch(css.as_uri())
    try:
        assert b".bg-hdnd" in response.read()
    finally:
        response.close()


# --- the DOCX ----------------------------------------------------------------------------------


def test_results_docx_says_what_the_pdf_says(client, tree, report):
    """A Word download with the same key lines as the PDF, built from the same document."""
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_results_docx", args=[report.session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="ket-qua-ky-hop-{report.session.pk}.docx"'
    )
    text = docx_text(response.content, header=True)
    for expected in KEY_LINES:
        assert expected in text, expected
    assert "Về mức thu phí chợ" not in text  # still a draft
    assert "DỰ THẢO" in text  # the session has not closed
    assert "Kỳ họp đã thông qua 1 nghị quyết:" in text


def test_results_docx_and_pdf_share_every_paragraph(client, tree, report):
    """No second copy of the content: each block of the document is a paragraph of the DOCX
    and a line of the HTML the PDF is laid out from."""
    from django.utils import translation

    data = session_results(user=tree.users["district_office"], session=report.session)
    with translation.override("vi"):
        doc = data.document
    html = " ".join(
        render_to_string("sessions/pdf/results.html", {"session": report.session, "report": data})
        .replace("&#x27;", "'")
        .split()
    )
    client.force_login(tree.users["district_office"])
    content = client.get(reverse("sessions:session_results_docx", args=[report.session.pk])).content
    text = docx_text(content, header=True)
    paragraphs = [b.text for b in [*doc.body, *doc.closing] if b.text]
    assert len(paragraphs) >= 9
    for line in paragraphs:
        assert line in text, line
        assert line in html, line


def test_results_docx_speaks_vietnamese_whatever_the_ui_language(client, tree, report):
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:session_results_docx", args=[report.session.pk])
    english = client.get(url, headers={"accept-language": "en"}).content
    text = docx_text(english, header=True)
    assert "I. TÌNH HÌNH ĐẠI BIỂU THAM DỰ KỲ HỌP" in text


def test_results_docx_query_count_is_fixed(client, tree, report, django_assert_max_num_queries):
    """The same reads as the print page, whatever the number of votes."""
    _add_votes(report.session, 10)
    client.force_login(tree.users["district_office"])
    with django_assert_max_num_queries(19):
        client.get(reverse("sessions:session_results_docx", args=[report.session.pk]))


# --- the print page ----------------------------------------------------------------------------


def test_results_print_page_shows_the_report_with_a_print_button(client, tree, report):
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_results_print", args=[report.session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-print" in html  # static/js/hdnd.js opens the print dialog: no inline script
    assert "css/document.css" in html
    assert "css/print-page.css" in html
    assert " onclick=" not in html
    assert "<style" not in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "93,33%" in html
    assert reverse("sessions:session_results_pdf", args=[report.session.pk]) in html
    assert reverse("sessions:session_results_docx", args=[report.session.pk]) in html


def test_results_print_query_count_is_fixed(client, tree, report, django_assert_num_queries):
    """25 more items with votes and resolutions cost no more queries (prefetched)."""
    for i in range(25):
        item = AgendaItemFactory(session=report.session, title=f"Dự thảo nghị quyết số {i:02d}")
        v = vote(item, 42, total=45)
        ResolutionFactory(council=report.session.council, session=report.session, item=item, vote=v)
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:session_results_print", args=[report.session.pk])
    with django_assert_num_queries(19):
        response = client.get(url)
    assert len(response.context["report"].votes) == 27
    assert len(response.context["report"].resolutions) == 26


@pytest.mark.parametrize("sittings", [1, 5])
def test_results_print_query_count_does_not_grow_with_sittings(
    client, tree, term, sittings, django_assert_num_queries
):
    """One sitting or five over three days, each with its roll: the same queries (the quorum of
    every sitting comes from one query of seats, not one per sitting)."""
    council = tree.council("district")
    delegates = _seated(council, term, 5)
    session = session_open(SessionFactory(council=council, term=term, number="6"))
    actor = system_actor()
    slots = [(day, part) for day in range(3) for part in ("morning", "afternoon")]
    for day, part in slots[:sittings]:
        sitting = services.sitting_create(
            actor=actor, session=session, on=MORNING + timedelta(days=day), part=part
        )
        services.attendance_record(
            actor=actor,
            sitting=sitting,
            statuses={d.pk: Attendance.Status.PRESENT for d in delegates},
        )
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:session_results_print", args=[session.pk])
    with django_assert_num_queries(17):
        response = client.get(url)
    rows = response.context["report"].sittings
    assert len(rows) == sittings
    assert {(row.present, row.quorum.total, row.quorum.met) for row in rows} == {(5, 5, True)}


# --- only once the session has opened ----------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [Session.Status.PLANNED, Session.Status.CONVENED, Session.Status.DOCUMENTS_SENT],
)
def test_no_results_report_before_the_session_opens(client, tree, term, status):
    """Nothing to report yet: both views answer 404 and the session page offers no link."""
    session = _walk_to(SessionFactory(council=tree.council("district"), term=term), status)
    assert session.status == status
    client.force_login(tree.users["district_office"])
    names = ("session_results_print", "session_results_pdf", "session_results_docx")
    for name in names:
        assert client.get(reverse(f"sessions:{name}", args=[session.pk])).status_code == 404
    page = client.get(reverse("sessions:session_detail", args=[session.pk])).content.decode()
    for name in names:
        assert reverse(f"sessions:{name}", args=[session.pk]) not in page


def test_session_page_offers_the_report_once_opened(client, tree, term):
    session = session_open(SessionFactory(council=tree.council("district"), term=term))
    client.force_login(tree.users["district_office"])
    page = client.get(reverse("sessions:session_detail", args=[session.pk])).content.decode()
    assert reverse("sessions:session_results_print", args=[session.pk]) in page
    assert reverse("sessions:session_results_pdf", args=[session.pk]) in page
    assert reverse("sessions:session_results_docx", args=[session.pk]) in page


# --- draft mark, signature ---------------------------------------------------------------------


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils) to read pages")
def test_draft_mark_on_every_page_until_the_session_closes(client, tree, report, tmp_path):
    """In session, every PDF page and the print page say DỰ THẢO; once closed, none does."""
    _add_votes(report.session, 25)
    client.force_login(tree.users["district_office"])
    pdf_url = reverse("sessions:session_results_pdf", args=[report.session.pk])
    print_url = reverse("sessions:session_results_print", args=[report.session.pk])
    pdf = client.get(pdf_url).content
    pages = pdf_page_count(pdf, tmp_path)
    assert pages >= 2
    for page in range(1, pages + 1):
        assert "DỰ THẢO" in pdf_text(pdf, tmp_path, page=page)
    assert 'class="draft-mark"' in client.get(print_url).content.decode()

    _close(report.session)
    closed = client.get(pdf_url).content
    assert closed != pdf
    assert "DỰ THẢO" not in pdf_text(closed, tmp_path, layout=False)
    assert "TM. THƯỜNG TRỰC HĐND" in pdf_text(closed, tmp_path, layout=False)
    assert "DỰ THẢO" not in client.get(print_url).content.decode()


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils) to read pages")
def test_signature_block_keeps_the_last_paragraph_with_it(tree, report, tmp_path):
    """Decree 30/2020: the signature never opens a page alone; the closing paragraph goes along."""
    _add_votes(report.session, 15)  # the signature no longer fits on page 2
    data = session_results(user=tree.users["district_office"], session=report.session)
    html = render_to_string(
        "sessions/pdf/results.html", {"session": report.session, "report": data}
    )

    def signature_page(html: str) -> str:
        pdf = html_to_pdf(html)
        pages = (
            pdf_text(pdf, tmp_path, page=n) for n in range(1, pdf_page_count(pdf, tmp_path) + 1)
        )
        return next(text for text in pages if "TM. THƯỜNG TRỰC HĐND" in text)

    # The layout this test is about: without the keeping block, the signature is alone on page 3.
    assert "Trên đây là báo cáo" not in signature_page(html.replace('class="doc-closing"', ""))
    assert "Trên đây là báo cáo" in signature_page(html)


# --- built once per change ---------------------------------------------------------------------


def _stored(settings, session: Session) -> list:
    folder = settings.MEDIA_ROOT / "reports" / "session-results" / str(session.pk)
    return sorted(folder.iterdir()) if folder.exists() else []


def test_results_pdf_is_built_once_and_served_from_storage(
    client, tree, report, monkeypatch, settings
):
    """The second request is the stored file, byte for byte, without running WeasyPrint again;
    a vote recorded in between is a new PDF."""
    calls = []
    real = core_pdf.html_to_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(core_pdf, "html_to_pdf", counting)
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:session_results_pdf", args=[report.session.pk])
    first = client.get(url).content
    second = client.get(url).content
    assert first.startswith(b"%PDF-")
    assert second == first
    assert len(calls) == 1
    [stored] = _stored(settings, report.session)
    assert stored.suffix == ".pdf"
    assert stored.read_bytes() == first

    vote(AgendaItemFactory(session=report.session, title="Nghị quyết bổ sung"), 40, total=45)
    third = client.get(url).content
    assert len(calls) == 2
    assert third != first
    assert client.get(url).content == third
    assert len(calls) == 2


def test_results_pdf_keeps_only_the_latest_versions(client, tree, report, monkeypatch, settings):
    """Each change leaves a new file; only the few most recently served are kept, none partial."""
    monkeypatch.setattr(
        core_pdf,
        "html_to_pdf",
        lambda html, **kwargs: b"%PDF-" + hashlib.sha256(html.encode()).digest(),
    )
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:session_results_pdf", args=[report.session.pk])
    served = []
    for i in range(core_pdf.CACHED_VARIANTS + 2):
        vote(AgendaItemFactory(session=report.session, title=f"Nội dung {i}"), 40, total=45)
        served.append(client.get(url).content)
    assert len(set(served)) == len(served)
    stored = _stored(settings, report.session)
    assert len(stored) == core_pdf.CACHED_VARIANTS
    assert all(path.suffix == ".pdf" for path in stored)
    kept = {path.read_bytes() for path in stored}
    assert kept == set(served[-core_pdf.CACHED_VARIANTS :])


def test_readers_who_see_the_same_report_share_one_build(client, tree, report, monkeypatch):
    """The stored file is named by the HTML, not the reader: what varies by reader varies the
    name, and the same report for two readers is built once."""
    rendered = []
    monkeypatch.setattr(
        core_pdf,
        "html_to_pdf",
        lambda html, **kwargs: rendered.append(html) or b"%PDF-" + html.encode(),
    )
    url = reverse("sessions:session_results_pdf", args=[report.session.pk])
    client.force_login(tree.users["district_office"])
    mine = client.get(url).content
    client.force_login(tree.users["province_standing"])
    assert client.get(url).content == mine  # same content for both: one file, one build
    assert len(rendered) == 1


def test_results_pdf_is_served_when_it_cannot_be_stored(client, tree, report, monkeypatch):
    """A full or read-only disk costs a rebuild per request, never the reader's PDF."""
    monkeypatch.setattr(core_pdf, "html_to_pdf", lambda html, **kwargs: b"%PDF-built")

    def full_disk(target, pdf):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(core_pdf, "_store", full_disk)
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_results_pdf", args=[report.session.pk]))
    assert response.status_code == 200
    assert response.content == b"%PDF-built"


# --- built in the background when the results change -------------------------------------------


@pytest.fixture
def prebuild(settings, monkeypatch):
    """Prebuilding on (as with a worker); WeasyPrint replaced by a counter of builds."""
    settings.SESSION_RESULTS_PREBUILD = True
    builds = []

    def counting(html, **kwargs):
        builds.append(html)
        return b"%PDF-" + hashlib.sha256(html.encode()).digest()

    monkeypatch.setattr(core_pdf, "html_to_pdf", counting)
    return builds


def _record_vote(report: Report, actor, title: str = "Nghị quyết bổ sung") -> Vote:
    item = AgendaItemFactory(session=report.session, title=title)
    return services.vote_record(
        actor=actor,
        item=item,
        held_on=MORNING,
        method=Vote.Method.ELECTRONIC,
        present=43,
        votes_for=40,
        votes_against=1,
        votes_abstain=2,
        total_delegates=45,
    )


def test_a_vote_builds_the_results_pdf_so_the_next_reader_is_served_from_the_cache(
    client, tree, report, prebuild, settings, celery_eager, django_capture_on_commit_callbacks
):
    """Recording a vote queues the build after the commit; the clerk's first request and
    another reader's are then served the stored file, WeasyPrint not run again."""
    clerk = tree.users["district_office"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _record_vote(report, clerk)
    assert len(callbacks) == 1
    assert len(prebuild) == 1
    assert "Nghị quyết bổ sung" in prebuild[0]
    url = reverse("sessions:session_results_pdf", args=[report.session.pk])
    client.force_login(clerk)
    first = client.get(url).content
    client.force_login(tree.users["province_standing"])
    assert client.get(url).content == first
    assert len(prebuild) == 1  # both served from what the task built
    [stored] = _stored(settings, report.session)
    assert stored.read_bytes() == first


def test_closing_the_session_builds_the_final_report(
    client, tree, report, prebuild, celery_eager, django_capture_on_commit_callbacks
):
    """The draft mark goes when the session closes: the final report is built then."""
    with django_capture_on_commit_callbacks(execute=True):
        _close(report.session)
    assert len(prebuild) == 1
    assert "draft" not in prebuild[0].split("<body>", 1)[1]
    client.force_login(tree.users["district_office"])
    client.get(reverse("sessions:session_results_pdf", args=[report.session.pk]))
    assert len(prebuild) == 1


def test_withdrawing_an_item_and_taking_the_roll_rebuild_the_report(
    tree, report, prebuild, celery_eager, django_capture_on_commit_callbacks
):
    clerk = tree.users["district_office"]
    item = _record_vote(report, clerk, title="Nội dung nhập nhầm").item
    with django_capture_on_commit_callbacks(execute=True):
        services.record_withdraw(actor=clerk, record=item, reason="Nhập nhầm")
    assert len(prebuild) == 1
    assert "Nội dung nhập nhầm" not in prebuild[0]
    sitting = report.session.sittings.get(part="afternoon")
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            actor=clerk,
            sitting=sitting,
            statuses={d.pk: Attendance.Status.PRESENT for d in report.delegates},
        )
    assert len(prebuild) == 2


def test_nothing_is_queued_for_a_change_rolled_back(
    tree, report, prebuild, celery_eager, django_capture_on_commit_callbacks
):
    from django.db import transaction

    def vote_then_fail() -> None:
        with transaction.atomic():
            _record_vote(report, tree.users["district_office"])
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        vote_then_fail()
    assert callbacks == []
    assert prebuild == []


def test_nothing_is_queued_without_a_worker(
    tree, report, prebuild, settings, celery_eager, django_capture_on_commit_callbacks
):
    """In-process (no Redis), the clerk's save would wait for the PDF: left to the reader."""
    settings.SESSION_RESULTS_PREBUILD = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _record_vote(report, tree.users["district_office"])
    assert callbacks == []
    assert prebuild == []


def test_the_task_is_safe_to_run_twice_and_builds_only_what_its_user_may_read(
    tree, report, prebuild, celery_eager
):
    from sessions.tasks import session_results_pdf_task

    session_id = report.session.pk
    clerk = tree.users["district_office"]
    assert session_results_pdf_task.delay(session_id, clerk.pk).get() is True
    assert session_results_pdf_task.delay(session_id, clerk.pk).get() is True
    assert len(prebuild) == 1  # the second run found the stored file
    for user_id in (tree.users["sibling_clerk"].pk, tree.users["commune_office"].pk, 999999):
        assert session_results_pdf_task.delay(session_id, user_id).get() is False
    assert session_results_pdf_task.delay(999999, clerk.pk).get() is False
    assert len(prebuild) == 1


def test_a_failure_to_queue_never_fails_the_vote(
    tree, report, prebuild, monkeypatch, django_capture_on_commit_callbacks
):
    """A broker out of reach costs a reader's wait, not the clerk's recorded vote."""
    from sessions import tasks

    def unreachable(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.session_results_pdf_task, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        vote_row = _record_vote(report, tree.users["district_office"])
    assert Vote.objects.filter(pk=vote_row.pk).exists()
    assert prebuild == []

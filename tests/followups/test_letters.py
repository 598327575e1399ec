"""The urging letter (công văn đôn đốc): recorded with an "urge" step, built in the background as
an official PDF and an editable DOCX from one document, downloaded by the council's editors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import exports
from core.models import Export
from core.tasks import build_export_task
from councils.models import Body, BodyMembership
from followups import letters, services
from followups.models import EscalationEvent, Step
from tests.conftest import WHO
from tests.documents import PDFTOTEXT, docx_document, flat, pdf_text
from tests.factories import (
    DelegateFactory,
    ObligationFactory,
    body,
    body_member,
    seat,
    system_actor,
)

NODES = ("district", "commune", "sibling_commune")
URGED_ON = date(2025, 4, 1)  # a Tuesday; Hùng Kings' day is Monday 7/4/2025


@pytest.fixture
def urged(tree, people, term, celery_eager, django_capture_on_commit_callbacks):
    """In each council an overdue recommendation (due 10/03/2025, one progress report), urged on
    01/04/2025 by the system; the letters built by the (eager) worker after the commit."""
    found = {}
    for node in NODES:
        council = people[node].council
        chair = DelegateFactory(council=council, full_name=f"Chủ Tịch {getattr(tree, node).name}")
        seat(chair, term)
        standing = body(council, term, Body.Kind.STANDING)
        body_member(standing, chair, BodyMembership.Role.CHAIR)
        ob = ObligationFactory(
            council=council,
            owed_by=people[node].agency,
            title=f"Sửa chữa đường giao thông {getattr(tree, node).name}",
            content="Hoàn thành sửa chữa 5 km đường liên xã.",
            fixed_due_on=date(2025, 3, 10),
        )
        services.obligation_report(
            actor=system_actor(),
            obligation=ob,
            reported_on=date(2025, 3, 5),
            content="Đã sửa xong 2 km",
            progress=40,
        )
        with django_capture_on_commit_callbacks(execute=True):
            found[node] = services.obligation_escalate(
                actor=system_actor(), obligation=ob, step=Step.URGE, happened_on=URGED_ON
            )
    return found


def _read(export: Export) -> bytes:
    export.refresh_from_db()
    with export.file.open("rb") as f:
        return f.read()


def test_an_urge_step_queues_its_letter_after_the_commit(tree, people, celery_eager):
    """Inside the transaction nothing is built: the worker starts once the step is committed."""
    ob = ObligationFactory(council=people["commune"].council, owed_by=people["commune"].agency)
    event = services.obligation_escalate(
        actor=system_actor(), obligation=ob, step=Step.URGE, happened_on=URGED_ON
    )
    assert event.letter_pdf.status == event.letter_docx.status == Export.Status.QUEUED
    assert event.letter_pdf.kind == letters.PDF_KIND
    assert event.letter_docx.kind == letters.DOCX_KIND
    refer = services.obligation_escalate(
        actor=system_actor(), obligation=ob, step=Step.REFER, happened_on=URGED_ON
    )
    assert refer.letter_pdf is None
    assert refer.letter_docx is None


def test_the_letter_is_built_as_pdf_and_docx(urged):
    event = urged["commune"]
    event.refresh_from_db()
    assert event.letter_pdf.status == event.letter_docx.status == Export.Status.DONE
    assert _read(event.letter_pdf).startswith(b"%PDF-")
    assert event.letter_pdf.filename == f"cong-van-don-doc-{event.obligation_id}-{event.pk}.pdf"
    assert exports.file_kind(event.letter_docx).extension == "docx"


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils) to read the PDF")
def test_the_pdf_letter_says_who_owes_what_by_when(urged, tmp_path):
    """Issuer, addressee, the obligation, its due date and the report, and the date to report by:
    10 working days after 01/04/2025, skipping Hùng Kings' day (07/04/2025), is 16/04/2025."""
    text = pdf_text(_read(urged["commune"].letter_pdf), tmp_path)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "THƯỜNG TRỰC HĐND",
        "XÃ QUẾ THỌ",
        "V/v đôn đốc thực hiện kiến nghị sau giám sát",
        "Quế Thọ, ngày 01 tháng 4 năm 2025",
        "Kính gửi: Ủy ban nhân dân Quế Thọ",
        "Sửa chữa đường giao thông Quế Thọ",
        "Hoàn thành sửa chữa 5 km đường liên xã.",
        "Thời hạn hoàn thành là ngày 10/03/2025.",
        "Đến ngày 01/04/2025 đã quá hạn 22 ngày.",
        "báo cáo gần nhất ngày 05/03/2025, tiến độ 40%: Đã sửa xong 2 km.",
        "trước ngày 16/04/2025.",
        "Nơi nhận:",
        "TM. THƯỜNG TRỰC HĐND",
        "Chủ Tịch Quế Thọ",
    ):
        assert expected in text, expected


def test_the_docx_has_the_same_paragraphs_and_the_header_table(urged):
    """The DOCX lays out the same blocks as the PDF: the two-column header table, the same body
    paragraphs, the signature table, on an A4 page with the Decree's margins, Times New Roman."""
    event = EscalationEvent.objects.select_related("obligation__council__unit").get(
        pk=urged["commune"].pk
    )
    doc = letters.urging_letter(event, user=system_actor())
    word = docx_document(_read(event.letter_docx))
    paragraphs = [flat(p.text) for p in word.paragraphs if p.text.strip()]
    body = [flat(block.text) for block in [*doc.body, *doc.closing]]
    assert body[0] in paragraphs
    start = paragraphs.index(body[0])
    assert paragraphs[start : start + len(body)] == body
    assert "Kính gửi: Ủy ban nhân dân Quế Thọ" in paragraphs
    header, signature = word.tables
    assert len(header.columns) == 2
    issuer, nation = (flat(c.text) for c in header.rows[0].cells)
    assert issuer == "THƯỜNG TRỰC HĐND XÃ QUẾ THỌ"
    assert nation == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    number, dated = (flat(c.text) for c in header.rows[1].cells)
    assert number.startswith("Số:")
    assert number.endswith("/HĐND-VP V/v đôn đốc thực hiện kiến nghị sau giám sát")
    assert dated == "Quế Thọ, ngày 01 tháng 4 năm 2025"
    recipients, signer = (flat(c.text) for c in signature.rows[0].cells)
    assert recipients == "Nơi nhận: - Như trên; - Lưu: VT, VP."
    assert signer == "TM. THƯỜNG TRỰC HĐND CHỦ TỊCH Chủ Tịch Quế Thọ"
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer  # no page number on page 1


def test_urging_again_names_the_earlier_letter_and_the_extension(
    urged, celery_eager, django_capture_on_commit_callbacks
):
    ob = urged["commune"].obligation
    services.obligation_extend(
        actor=system_actor(),
        obligation=ob,
        new_due_on=date(2025, 4, 30),
        reason="Chờ vốn",
        document_number="12/UBND-KT",
        document_date=date(2025, 4, 2),
    )
    ob.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.obligation_escalate(
            actor=system_actor(),
            obligation=ob,
            step=Step.URGE_AGAIN,
            happened_on=date(2025, 5, 6),
            document_number="45/HĐND-VP",
        )
    word = docx_document(_read(again.letter_docx))
    text = flat(" ".join(p.text for p in word.paragraphs))
    assert "V/v đôn đốc (lần 2) thực hiện" in flat(word.tables[0].rows[1].cells[0].text)
    assert "Số: 45/HĐND-VP" in flat(word.tables[0].rows[1].cells[0].text)
    assert (
        "Thời hạn hoàn thành ban đầu là ngày 10/03/2025; đã được gia hạn đến ngày 30/04/2025 "
        "theo văn bản số 12/UBND-KT ngày 02/04/2025." in text
    )
    assert "đã đôn đốc bằng văn bản ngày 01/04/2025" in text


def test_a_letter_job_run_twice_keeps_one_file(urged, settings):
    """A worker killed after writing leaves the row RUNNING; the job comes back and builds again
    into the same name: one file, the row done."""
    export = urged["commune"].letter_pdf
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING)
    build_export_task.apply(args=[export.pk])
    build_export_task.apply(args=[export.pk])  # done already: nothing happens
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    folder = settings.MEDIA_ROOT / "exports" / str(export.pk)
    assert [p.name for p in folder.iterdir()] == [export.filename]


def test_rebuilding_replaces_the_letters_files(
    client, tree, urged, celery_eager, django_capture_on_commit_callbacks, settings
):
    event = urged["district"]
    old = [event.letter_pdf_id, event.letter_docx_id]
    client.force_login(tree.users["district_office"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("followups:escalation_letter_rebuild", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.letter_pdf.status == event.letter_docx.status == Export.Status.DONE
    assert not Export.objects.filter(pk__in=old).exists()
    assert not any(list((settings.MEDIA_ROOT / "exports" / str(pk)).glob("*")) for pk in old)


def test_letters_are_not_purged_with_old_downloads(urged):
    """Downloads go after a week; a letter stays with its step."""
    Export.objects.update(created_at=timezone.now() - timedelta(days=30))
    exports.export_purge()
    assert Export.objects.filter(kind__in=[letters.PDF_KIND, letters.DOCX_KIND]).count() == 6


# --- who gets the letter -----------------------------------------------------------------------


@pytest.mark.parametrize("node", NODES)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_letter_download_matrix(client, tree, urged, expect, node, fmt):
    """Out of scope: 404. In scope without the right to edit the council's follow-up: 403. An
    editor gets the file (the PDF shown inline, the DOCX as an attachment)."""
    url = reverse(f"followups:escalation_letter_{fmt}", args=[urged[node].pk])
    observed = {}
    for who in WHO:
        client.logout()
        if who != "anonymous":
            client.force_login(tree.users[who])
        response = client.get(url)
        observed[who] = response.status_code
        if response.status_code == 200:
            expected = "application/pdf" if fmt == "pdf" else "wordprocessingml"
            assert expected in response["Content-Type"]
    assert observed == {who: expect.page(who, "edit", node) for who in WHO}


@pytest.mark.parametrize("node", NODES)
def test_letter_rebuild_matrix(client, tree, urged, expect, node):
    """Only the council's editors may rebuild; nothing changes for anyone else."""
    event = urged[node]
    before = event.letter_pdf_id
    url = reverse("followups:escalation_letter_rebuild", args=[event.pk])
    observed = {}
    for who in WHO:
        client.logout()
        if who != "anonymous":
            client.force_login(tree.users[who])
        with transaction.atomic():
            response = client.post(url)
            event.refresh_from_db()
            changed = event.letter_pdf_id != before
            if response.status_code == 302 and "login" not in response.url:
                observed[who] = 200 if changed else "unchanged"
            else:
                observed[who] = response.status_code
                assert not changed, who
            transaction.set_rollback(True)
    assert observed == {who: expect.page(who, "edit", node) for who in WHO}


def test_detail_page_links_the_letter_for_editors_only(client, tree, urged):
    event = urged["commune"]
    page = reverse("followups:obligation_detail", args=[event.obligation_id])
    pdf = reverse("followups:escalation_letter_pdf", args=[event.pk])
    client.force_login(tree.users["commune_office"])
    content = client.get(page).content.decode()
    assert pdf in content
    assert reverse("followups:escalation_letter_rebuild", args=[event.pk]) in content
    client.force_login(tree.users["commune_delegate"])  # reads the council, edits nothing
    content = client.get(page).content.decode()
    assert "Đôn đốc" in content
    assert pdf not in content


def test_a_step_without_a_letter_has_no_download(client, tree, urged):
    event = urged["commune"]
    refer = services.obligation_escalate(
        actor=system_actor(), obligation=event.obligation, step=Step.REFER, happened_on=URGED_ON
    )
    client.force_login(tree.users["commune_office"])
    response = client.get(reverse("followups:escalation_letter_pdf", args=[refer.pk]))
    assert response.status_code == 404

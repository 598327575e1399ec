"""Import of a compiled petition list from Excel (voters.imports): the preview judges every row
in Vietnamese before anything is written, the import is all or nothing, scoped, and bulk."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from followups import calendar
from followups.models import Obligation
from tests.factories import AgencyFactory
from voters import imports
from voters.models import Petition, PetitionImport, PetitionItem, PetitionItemTransition

HEADER = [
    "STT",
    "Nội dung kiến nghị",
    "Lĩnh vực",
    "Cấp giải quyết (trung ương/tỉnh/xã)",
    "Cơ quan giải quyết",
    "Địa phương/Cử tri (nơi kiến nghị)",
    "Kỳ họp/Đợt tiếp xúc",
    "Ghi chú",
]
AGENCY = "Sở Giao thông vận tải"

# The import runs here, in the test's transaction, even where CI points Celery at a real worker.
pytestmark = pytest.mark.usefixtures("celery_eager")


def xlsx(rows, header=HEADER, name="danh-sach.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỬ TRI"])  # a title above the header
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def good(n: int, agency: str = AGENCY) -> list[list]:
    return [
        [i, f"Đề nghị sửa chữa tuyến đường số {i}", "Công thương - Giao thông", "tỉnh", agency,
         "Cử tri xã Quế Thọ", "Trước kỳ họp thứ 7", ""]
        for i in range(1, n + 1)
    ]  # fmt: skip


def form_data(council, **extra):
    return {
        "council": council.pk,
        "meeting_kind": "thematic",
        "meeting_held_on": "10/01/2024",
        "meeting_place": "Đợt tiếp xúc tháng 1/2024",
        **extra,
    }


@pytest.fixture
def agency(tree):
    return AgencyFactory(council=tree.council("province"), name=AGENCY)


def _post(client, tree, file, who="province_clerk", council="province", **extra):
    client.force_login(tree.users[who])
    return client.post(
        reverse("voters:petition_import"),
        {**form_data(tree.council(council), **extra), "file": file},
    )


def test_preview_lists_each_wrong_row_by_column_in_vietnamese(client, tree, agency):
    """A bad level, an empty content and an unknown agency are each reported on their row and
    column; nothing is written and the import is not offered."""
    rows = [
        *good(1),
        [2, "Đề nghị nạo vét kênh", "Nông nghiệp - Nông thôn", "huyện", AGENCY, "", "", ""],
        [3, "", "Y tế", "xã", "", "", "", ""],
        [4, "Đề nghị xây trường", "Giáo dục", "tỉnh", "Sở Không Có", "", "", ""],
    ]
    response = _post(client, tree, xlsx(rows))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.total, preview.valid, preview.invalid) == (4, 1, 3)
    assert response.context["job"] is None
    errors = {row.number: row.errors for row in preview.wrong}
    # Sheet rows: title 1, header 2, data from 3.
    assert errors[4] == [
        ("Cấp giải quyết", "“huyện” không phải cấp giải quyết; ghi: trung ương, tỉnh hoặc xã.")
    ]
    assert errors[5] == [("Nội dung kiến nghị", "Trường này là bắt buộc.")]
    assert errors[6] == [
        ("Cơ quan giải quyết", "Không có cơ quan “Sở Không Có” trong danh mục cơ quan của địa bàn.")
    ]
    assert "Sở Không Có" in response.content.decode()
    assert not Petition.objects.exists()
    assert not PetitionImport.objects.exists()


def test_preview_refuses_a_file_without_the_header(client, tree, agency):
    response = _post(client, tree, xlsx(good(2), header=["Số", "Ý tưởng", "Khác"]))
    message = response.context["form"].errors["file"][0]
    assert "Không tìm thấy dòng tiêu đề" in message
    assert "Nội dung kiến nghị" in message
    assert response.context["preview"] is None


def test_preview_refuses_a_file_that_is_not_excel(client, tree, agency):
    response = _post(client, tree, SimpleUploadedFile("a.xlsx", b"%PDF-1.4 not excel"))
    assert response.context["form"].errors["file"]
    assert not PetitionImport.objects.exists()


def test_valid_list_is_imported_in_the_background_with_transfer_and_obligations(
    client, tree, agency, django_capture_on_commit_callbacks
):
    """Transferred on import, each item gets what petition_item_transfer gives it: status,
    audit rows, an answer obligation due after the council's term and pointing back at it."""
    response = _post(
        client, tree, xlsx(good(3)), transfer_number="12/HĐND-VP", transfer_date="15/01/2024"
    )
    job = response.context["job"]
    assert job.status == PetitionImport.Status.CHECKED
    assert not Petition.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("voters:petition_import_start", args=[job.pk]))
    assert started.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (PetitionImport.Status.DONE, 3, "")
    items = list(PetitionItem.objects.select_related("obligation", "petition__meeting"))
    assert len(items) == 3
    meeting = items[0].petition.meeting
    assert (meeting.held_on, meeting.place) == (date(2024, 1, 10), "Đợt tiếp xúc tháng 1/2024")
    for item in items:
        assert item.status == PetitionItem.Status.TRANSFERRED
        assert (item.competence, item.field, item.agency_id) == ("province", "industry", agency.pk)
        assert item.obligation.source == item
        assert item.obligation.owed_by_id == agency.pk
        assert item.obligation.start_on == date(2024, 1, 15)
        assert item.obligation.due_on > date(2024, 1, 15)
        assert item.history.count() == 1
    assert PetitionItemTransition.objects.count() == 6
    assert Obligation.objects.count() == 3
    page = client.get(reverse("voters:petition_import_detail", args=[job.pk]))
    assert "Đã nhập 3 kiến nghị." in page.content.decode()


def test_failure_mid_import_leaves_nothing_written(client, tree, agency, monkeypatch):
    """A failure after a first batch was written rolls everything back; the job says why."""
    monkeypatch.setattr(imports, "BATCH", 5)
    calls = []
    original = imports._write_batch

    def failing(rows, target, actor):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(rows, target, actor)

    monkeypatch.setattr(imports, "_write_batch", failing)
    job = _post(client, tree, xlsx(good(12))).context["job"]
    PetitionImport.objects.filter(pk=job.pk).update(status=PetitionImport.Status.QUEUED)
    imports.petition_import_run(job.pk)
    job.refresh_from_db()
    assert calls == [5, 5]
    assert job.status == PetitionImport.Status.FAILED
    assert job.error == "Lỗi trong khi nhập; chưa có dòng nào được ghi."
    assert not Petition.objects.exists()
    assert not PetitionItem.objects.exists()
    assert not PetitionItemTransition.objects.exists()


def test_an_agency_gone_after_the_preview_fails_the_whole_import(client, tree, agency):
    job = _post(client, tree, xlsx(good(4))).context["job"]
    agency.name_key = "da doi ten"
    agency.save(update_fields=["name_key"])
    PetitionImport.objects.filter(pk=job.pk).update(status=PetitionImport.Status.QUEUED)
    imports.petition_import_run(job.pk)
    job.refresh_from_db()
    assert job.status == PetitionImport.Status.FAILED
    assert job.error.startswith("Dòng 3, cột “Cơ quan giải quyết”")
    assert not Petition.objects.exists()


def test_council_outside_scope_is_refused(client, tree, agency):
    response = _post(client, tree, xlsx(good(1)), who="commune_office", council="sibling")
    assert "council" in response.context["form"].errors
    assert not PetitionImport.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("province_clerk", 200),
        ("commune_office", 200),
        ("province_standing", 403),
        ("anonymous", 302),
    ],
)
def test_import_page_is_for_those_who_enter_petitions(client, tree, who, status):
    if who != "anonymous":
        client.force_login(tree.users[who])
    assert client.get(reverse("voters:petition_import")).status_code == status


def test_read_only_user_may_not_post_a_list(client, tree, agency):
    response = _post(client, tree, xlsx(good(1)), who="province_standing")
    assert response.status_code == 403
    assert not PetitionImport.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("province_clerk", 200), ("district_office", 404), ("sibling_clerk", 404), ("anonymous", 302)],
)
def test_progress_page_is_its_owners(client, tree, agency, who, status):
    """Another user's job is a 404, even in scope; starting it too."""
    job = _post(client, tree, xlsx(good(1))).context["job"]
    client.logout()
    if who != "anonymous":
        client.force_login(tree.users[who])
    assert client.get(reverse("voters:petition_import_detail", args=[job.pk])).status_code == status
    started = client.post(reverse("voters:petition_import_start", args=[job.pk]))
    assert started.status_code == (302 if status == 200 else status)
    job.refresh_from_db()
    expected = PetitionImport.Status.QUEUED if status == 200 else PetitionImport.Status.CHECKED
    assert job.status == expected


def test_progress_page_polls_while_running(client, tree, agency):
    job = _post(client, tree, xlsx(good(1))).context["job"]
    PetitionImport.objects.filter(pk=job.pk).update(status=PetitionImport.Status.RUNNING)
    response = client.get(
        reverse("voters:petition_import_detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert "Đã xử lý 0/1 dòng" in body


def _import_queries(client, tree, n: int) -> tuple[int, int]:
    job = _post(
        client, tree, xlsx(good(n)), transfer_number="12/HĐND-VP", transfer_date="15/01/2024"
    ).context["job"]
    PetitionImport.objects.filter(pk=job.pk).update(status=PetitionImport.Status.QUEUED)
    # Each run reads the holiday table and the content types once, whatever earlier tests left
    # in this worker's memory (and however long ago: the holidays are kept 5 minutes).
    calendar.forget()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        imports.petition_import_run(job.pk)
    assert PetitionImport.objects.get(pk=job.pk).status == PetitionImport.Status.DONE
    sql = [q["sql"].lstrip().upper() for q in ctx.captured_queries]
    inserts = sum(s.startswith("INSERT") for s in sql)
    return len(sql) - inserts, inserts


def test_import_queries_do_not_grow_with_rows(client, tree, agency):
    """10 or 200 rows: the same reads and updates; inserts are bulk (SQLite splits a long
    INSERT at 999 parameters, so only their number may grow, never one per row)."""
    others_10, _ = _import_queries(client, tree, 10)
    others_200, inserts_200 = _import_queries(client, tree, 200)
    assert others_10 == others_200
    assert inserts_200 * 10 < 200 * 6  # six tables written, at least ten rows per INSERT
    assert PetitionItem.objects.count() == 210


def test_a_stalled_import_is_failed_by_the_sweep(client, tree, agency):
    """A worker killed for good leaves the job running; the sweep fails it with a reason."""
    from datetime import timedelta

    from django.utils import timezone

    job = _post(client, tree, xlsx(good(1))).context["job"]
    PetitionImport.objects.filter(pk=job.pk).update(
        status=PetitionImport.Status.RUNNING, created_at=timezone.now() - timedelta(days=1)
    )
    assert imports.petition_import_fail_stalled() == 1
    job.refresh_from_db()
    assert job.status == PetitionImport.Status.FAILED
    assert "dừng giữa chừng" in job.error

"""The documents of an oversight activity (issue 12): kept as files in numbered versions
(core.attachments, the session papers' rules), listed on the activity's page and its timeline,
downloaded only by whoever sees the activity (404 otherwise), written only by whoever runs it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from followups.selectors import due_soon_days
from oversight import activity_selectors as selectors
from oversight import services_activities as services
from oversight.activities import ActivityDocument, ActivityDocumentVersion
from tests.factories import pdf_upload, system_actor
from tests.oversight.conftest import concluded_activity
from tests.oversight.test_activities_selectors import _rec, tracked  # noqa: F401

Kind = ActivityDocument.Kind


def exe_named_pdf() -> SimpleUploadedFile:
    """A Windows program renamed to look like a PDF."""
    return SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")


def _upload(activity, title="Báo cáo của UBND huyện", kind=Kind.AGENCY_REPORT, **kwargs):
    return services.activity_document_upload(
        actor=system_actor(),
        activity=activity,
        kind=kind,
        title=title,
        file=kwargs.pop("file", None) or pdf_upload("bao-cao.pdf"),
        **kwargs,
    )


def _stored(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _page(client, activity):
    return client.get(reverse("oversight:activity_detail", args=[activity.pk]))


# --- uploading, versions, withdrawing ----------------------------------------------------------


def test_clerk_uploads_a_document_listed_on_the_page_and_timeline(client, ov, settings):
    activity = concluded_activity(ov)
    client.force_login(ov.user("district_office"))
    url = reverse("oversight:document_upload", args=[activity.pk])
    form_page = client.get(url + "?kind=plan")
    assert form_page.context["form"].initial == {"kind": "plan"}
    assert 'enctype="multipart/form-data"' in form_page.content.decode()  # the file is sent
    response = client.post(
        url,
        {
            "kind": Kind.FINDINGS,
            "title": "Biên bản làm việc với Phòng Giáo dục",
            "reference": "03/BB-ĐGS",
            "issued_on": "20/03/2025",
            "file": pdf_upload("bien-ban.pdf"),
        },
    )
    assert response.status_code == 302
    assert response.url.endswith("#files")
    document = ActivityDocument.objects.get()
    assert (document.kind, document.issued_on, document.current_version) == (
        Kind.FINDINGS,
        date(2025, 3, 20),
        1,
    )
    version = document.versions.get()
    assert version.file.name == f"oversight/{activity.pk}/{document.pk}/v1.pdf"
    assert version.original_name == "bien-ban.pdf"
    assert _stored(settings) == {version.file.name}
    page = _page(client, activity)
    assert [d.pk for d in page.context["files"]] == [document.pk]
    assert reverse("oversight:document_download", args=[version.pk]) in page.content.decode()
    steps = [(day, label) for day, label, _text in page.context["timeline"]]
    assert (date(2025, 3, 20), "Biên bản làm việc, kết quả khảo sát") in steps


def test_disguised_file_is_refused_on_the_file_field_in_vietnamese(client, ov, settings):
    """A program renamed to .pdf comes back as an error on the file input, with every other
    field's error in the same round; nothing is written or stored."""
    activity = concluded_activity(ov)
    client.force_login(ov.user("district_office"))
    response = client.post(
        reverse("oversight:document_upload", args=[activity.pk]),
        {"kind": Kind.PLAN, "title": "", "reference": "05/KH-ĐGS", "file": exe_named_pdf()},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"file", "title"}
    assert "Chỉ nhận tệp PDF" in errors["file"][0]
    assert 'value="05/KH-ĐGS"' in response.content.decode()
    assert not ActivityDocument.objects.exists()
    assert _stored(settings) == set()


def test_service_judges_the_file_before_writing_anything(ov, settings):
    activity = concluded_activity(ov)
    with pytest.raises(ValidationError) as exc:
        _upload(activity, title=" ", kind="nonsense", file=exe_named_pdf())
    assert set(exc.value.message_dict) == {"file", "title", "kind"}
    assert exc.value.error_dict["file"][0].code == "file_type"
    assert not ActivityDocument.objects.exists()
    assert _stored(settings) == set()


def test_new_versions_are_numbered_and_earlier_ones_stay(client, ov):
    activity = concluded_activity(ov)
    document = _upload(activity)
    client.force_login(ov.user("district_office"))
    url = reverse("oversight:document_replace", args=[document.pk])
    for note in ("Bổ sung số liệu", "Bản ký"):
        response = client.post(url, {"file": pdf_upload("bao-cao-moi.pdf"), "note": note})
        assert response.status_code == 302
    document.refresh_from_db()
    assert document.current_version == 3
    numbers = list(document.versions.values_list("number", "note"))
    assert numbers == [(3, "Bản ký"), (2, "Bổ sung số liệu"), (1, "")]
    shown = _page(client, activity).context["files"][0]
    assert shown.current.number == 3
    assert [v.number for v in shown.older] == [2, 1]
    first = document.versions.get(number=1)
    response = client.get(reverse("oversight:document_download", args=[first.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_new_version_of_another_type_is_refused(client, ov):
    document = _upload(concluded_activity(ov))
    client.force_login(ov.user("district_office"))
    response = client.post(
        reverse("oversight:document_replace", args=[document.pk]), {"file": exe_named_pdf()}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"file"}
    assert ActivityDocumentVersion.objects.count() == 1


def test_withdrawn_document_leaves_the_page_and_its_files_are_gone_for_all(client, ov):
    activity = concluded_activity(ov)
    document = _upload(activity)
    version = document.versions.get()
    client.force_login(ov.user("district_office"))
    url = reverse("oversight:document_withdraw", args=[document.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is required
    response = client.post(url, {"reason": "Tải nhầm tệp"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.withdrawal_reason == "Tải nhầm tệp"
    assert list(_page(client, activity).context["files"]) == []
    download = reverse("oversight:document_download", args=[version.pk])
    assert client.get(download).status_code == 404
    with pytest.raises(ValidationError):
        services.activity_document_replace(
            actor=system_actor(), document=document, file=pdf_upload()
        )


def test_files_are_private_never_served_by_url(client, ov, settings):
    """The file lies under the private root, has no URL, and no media address serves it."""
    version = _upload(concluded_activity(ov)).versions.get()
    assert (settings.MEDIA_ROOT / version.file.name).is_file()
    with pytest.raises(ValueError, match="no URL"):
        _ = version.file.url
    client.force_login(ov.user("district_office"))
    for prefix in ("/media/", "/private-media/", "/"):
        assert client.get(prefix + version.file.name).status_code == 404


# --- who may do what ---------------------------------------------------------------------------

WHO = [
    # (user, reads: page + download, writes: upload, replace, withdraw)
    ("district_office", 200, 200),
    ("province_clerk", 200, 200),
    ("province_standing", 200, 403),
    ("ban_member", 200, 403),
    ("sibling_clerk", 404, 404),
    ("commune_office", 404, 404),
    ("anonymous", 302, 302),
]


@pytest.mark.parametrize(("who", "reads", "writes"), WHO)
def test_every_route_is_scoped(client, ov, who, reads, writes):
    """Readers in scope download; those who run the activity's oversight also upload, replace
    and withdraw; out of scope every route is a 404, as if nothing existed."""
    activity = concluded_activity(ov)
    document = _upload(activity)
    version = document.versions.get()
    if who != "anonymous":
        client.force_login(ov.user(who))
    download = client.get(reverse("oversight:document_download", args=[version.pk]))
    assert download.status_code == reads
    writes_urls = [
        reverse("oversight:document_upload", args=[activity.pk]),
        reverse("oversight:document_replace", args=[document.pk]),
        reverse("oversight:document_withdraw", args=[document.pk]),
    ]
    for url in writes_urls:
        assert client.get(url).status_code == writes, url
        if writes != 200:  # refused before anything is judged or written
            data = {"kind": Kind.OTHER, "title": "x", "reason": "x", "file": pdf_upload()}
            assert client.post(url, data).status_code == writes, url
    document.refresh_from_db()
    assert ActivityDocument.objects.count() == 1
    assert (document.current_version, document.withdrawn) == (1, False)
    if reads == 200:
        page = _page(client, activity).content.decode()
        assert (reverse("oversight:document_replace", args=[document.pk]) in page) is (
            writes == 200
        )


def test_ban_member_keeps_the_documents_of_their_own_ban_only(client, ov):
    own = concluded_activity(ov, body=ov.ban)
    other = concluded_activity(ov, body=ov.other_ban)
    client.force_login(ov.user("ban_member"))
    data = {"kind": Kind.DECISION, "title": "Quyết định thành lập đoàn"}
    response = client.post(
        reverse("oversight:document_upload", args=[own.pk]), {**data, "file": pdf_upload()}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("oversight:document_upload", args=[other.pk]), {**data, "file": pdf_upload()}
    )
    assert response.status_code == 403
    assert list(ActivityDocument.objects.values_list("activity_id", flat=True)) == [own.pk]
    with pytest.raises(PermissionDenied):
        services.activity_document_upload(
            actor=ov.user("ban_member"), activity=other, file=pdf_upload(), **data
        )


def test_activity_page_costs_the_same_for_1_or_10_documents(
    client, ov, django_assert_max_num_queries
):
    activity = concluded_activity(ov)
    first = _upload(activity)
    services.activity_document_replace(
        actor=system_actor(), document=first, file=pdf_upload(), note="v2"
    )
    client.force_login(ov.user("district_office"))
    url = reverse("oversight:activity_detail", args=[activity.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for i in range(9):
        doc = _upload(activity, title=f"Tài liệu {i}", kind=Kind.OTHER)
        services.activity_document_replace(actor=system_actor(), document=doc, file=pdf_upload())
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["files"]) == 10


# --- the API -----------------------------------------------------------------------------------

API_READERS = [
    ("district_office", 200),
    ("province_standing", 200),
    ("ban_member", 200),
    ("sibling_clerk", 404),
    ("commune_office", 404),
    ("anonymous", 403),
]


@pytest.mark.parametrize(("who", "status"), API_READERS)
def test_api_lists_and_downloads_within_scope(client, ov, who, status):
    """The list shows the documents of the activities in scope (empty for others); a detail or
    a download out of scope is a 404, never a 403 that reveals the row."""
    activity = concluded_activity(ov)
    document = _upload(activity)
    version = document.versions.get()
    if who != "anonymous":
        client.force_login(ov.user(who))
    listed = client.get(f"/api/oversight-documents/?activity={activity.pk}")
    detail = client.get(f"/api/oversight-documents/{document.pk}/")
    download = client.get(f"/api/oversight-documents/{document.pk}/versions/{version.pk}/download/")
    assert (detail.status_code, download.status_code) == (status, status)
    if who == "anonymous":
        assert listed.status_code == 403
        return
    rows = listed.json()["results"]
    assert [r["id"] for r in rows] == ([document.pk] if status == 200 else [])
    if status == 200:
        assert b"".join(download.streaming_content).startswith(b"%PDF-")
        assert rows[0]["versions"][0]["download"].endswith(
            f"/api/oversight-documents/{document.pk}/versions/{version.pk}/download/"
        )


def test_api_download_needs_the_version_of_that_document(client, ov):
    activity = concluded_activity(ov)
    first, second = _upload(activity), _upload(activity, title="Kế hoạch", kind=Kind.PLAN)
    client.force_login(ov.user("district_office"))
    version = second.versions.get()
    url = f"/api/oversight-documents/{first.pk}/versions/{version.pk}/download/"
    assert client.get(url).status_code == 404


def test_api_list_costs_the_same_for_2_or_12_documents(client, ov, django_assert_max_num_queries):
    activity = concluded_activity(ov)
    for i in range(2):
        _upload(activity, title=f"Tài liệu {i}")
    client.force_login(ov.user("district_office"))
    url = "/api/oversight-documents/"
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(10):
        _upload(activity, title=f"Tài liệu thêm {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.json()["results"]) == 12


def test_tracker_filtered_by_one_activity_names_it(client, ov):
    """The tracker reached from an activity's page (`?activity=`) shows its topic above the
    rows (the header read once failed on a deferred, joined field)."""
    activity = concluded_activity(ov, topic="Giám sát an toàn thực phẩm")
    client.force_login(ov.user("district_office"))
    response = client.get(reverse("oversight:recommendation_list") + f"?activity={activity.pk}")
    assert response.status_code == 200
    assert response.context["activity"].topic == "Giám sát an toàn thực phẩm"


def test_the_nations_tracker_counts_are_stored_for_minutes(client, ov):
    """Whoever sees every council gets the header counted once per filter set and kept a few
    minutes (the page says when); a clerk of a province gets it counted on every request."""
    activity = concluded_activity(ov)
    _rec(activity, ov.agency, date(2025, 6, 30))
    tracker = reverse("oversight:recommendation_list")
    client.force_login(ov.user("admin"))
    first = client.get(tracker).context["counts"]
    assert (first.total, first.counted_at is not None) == (1, True)
    _rec(activity, ov.agency, date(2025, 7, 30))
    again = client.get(tracker)
    assert again.context["counts"] == first
    assert 'id="counted-at"' in again.content.decode()
    assert client.get(tracker, {"sort": "-due"}).context["counts"] == first  # not a filter
    assert client.get(tracker, {"state": "overdue"}).context["counts"].total == 2
    client.force_login(ov.user("province_clerk"))
    live = client.get(tracker)
    assert (live.context["counts"].total, live.context["counts"].counted_at) == (2, None)
    assert 'id="counted-at"' not in live.content.decode()


@pytest.mark.parametrize("state", ["", "open", "overdue", "due_soon", "not_yet_due", "done_late"])
def test_tracker_header_from_obligations_counts_the_rows(client, ov, tracked, state):  # noqa: F811
    """Filtered by nothing but the state, the header is read from the obligations alone: it
    must count exactly the rows the tracker lists (withdrawn ones nowhere, the scope's only)."""
    other = concluded_activity(ov)
    _rec(other, ov.agency, date(2025, 6, 30))
    client.force_login(ov.user("province_clerk"))
    query = {"state": state} if state else {}
    header = client.get(reverse("oversight:recommendation_list"), query).context["counts"]
    today = timezone.localdate()
    soon = due_soon_days(None, today)
    user = ov.user("province_clerk")
    rows = selectors.recommendation_list(user=user, today=today, soon_days=soon, filters=query)
    assert header == selectors.recommendation_counts(rows, today=today, soon_days=soon)
    assert header.total == rows.count()
    client.force_login(ov.user("sibling_clerk"))
    assert client.get(reverse("oversight:recommendation_list"), query).context["counts"].total == 0

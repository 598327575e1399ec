"""The official documents of voters' work (voters/documents.py): the compiled report of a contact
round, the report on the answers with an appendix per level, and a letter's transfer slip, each
as a PDF (Decree 30/2020 layout) and an editable DOCX from one OfficialDocument; scoped
downloads, the slip only for readers of personal data, its downloads logged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.http import HttpResponse, QueryDict
from django.test import TestCase
from django.urls import resolve, reverse

from core import exports
from core.models import Export, ViewLog
from tests.documents import docx_document, docx_text, needs_pdftotext, pdf_text
from tests.factories import SessionFactory, system_actor
from tests.voters.conftest import letter, meeting
from voters import reports, services
from voters.models import Letter

pytestmark = pytest.mark.usefixtures("celery_eager")
PERIOD = {"date_from": "01/01/2024", "date_to": "31/01/2024"}
ROAD = "Đề nghị nâng cấp tuyến đường ĐT 610 đoạn qua thôn 1"
LAND = "Đề nghị đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất"
INSURANCE = "Đề nghị tăng mức hỗ trợ mua thẻ bảo hiểm y tế cho hộ cận nghèo"
SCHOOL = "Đề nghị sửa chữa phòng học điểm trường thôn 3"
PETITION_HEADINGS = (
    "I. TÌNH HÌNH TỔ CHỨC TIẾP XÚC CỬ TRI",
    "II. NỘI DUNG Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
    "1. Kiến nghị thuộc thẩm quyền Trung ương (1 nội dung)",
    "2. Kiến nghị thuộc thẩm quyền cấp tỉnh (2 nội dung)",
    "3. Kiến nghị thuộc thẩm quyền cấp xã (1 nội dung)",
    "III. ĐỀ NGHỊ",
)


def _queue(client, name, fmt="docx", **query):
    """Send the report form: the file is queued (built here, after the commit, by the eager
    worker) and the user is sent to the export's page."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("voters:report_form", args=[name]), {**PERIOD, **query, "format": fmt}
        )


def _get(client, name, fmt="docx", **query):
    """The report as its export's download (or the form's refusal)."""
    response = _queue(client, name, fmt, **query)
    if response.status_code != 302 or "/exports/" not in response.url:
        return response  # refused, or sent to log in
    export = Export.objects.get(pk=resolve(response.url).kwargs["pk"])
    assert response.url == reverse("core:export_detail", args=[export.pk])
    assert export.status == Export.Status.DONE, export.error
    download = client.get(reverse("core:export_download", args=[export.pk]))
    body = HttpResponse(b"".join(download.streaming_content), status=download.status_code)
    for header in ("Content-Type", "Content-Disposition"):
        body[header] = download[header]
    return body


def _classify(found, competence, field):
    return services.petition_item_classify(
        actor=system_actor(), item=found, competence=competence, field=field
    )


def _opinion(council, texts, *, at=None, raised_on=date(2024, 1, 10)):
    petition = services.petition_create(
        actor=system_actor(),
        council=None if at else council,
        meeting=at,
        raised_on=None if at else raised_on,
        text=" ".join(texts),
        items=texts,
        voter_name="Nguyễn Văn An",
    )
    return list(petition.items.order_by("id"))


def _answer(found, *, assessment="", answered=True, day=date(2024, 2, 20)):
    actor = system_actor()
    found = services.petition_item_transfer(
        actor=actor,
        item=found,
        transfer_date=found.raised_on + timedelta(days=5),
        transfer_number=f"{found.pk}/HĐND",
        agency_text="UBND tỉnh Quảng Nam",
    )
    if not answered:
        return found
    found = services.petition_item_answer(
        actor=actor, item=found, answered_on=day, answer=f"Trả lời: {found.content[:30]} đã xong"
    )
    if assessment:
        found = services.petition_item_assess(
            actor=actor, item=found, assessment=assessment, assessed_on=day
        )
    return found


@pytest.fixture
def contact_round(tree, people):
    """The district's round of January 2024: two meetings (200 voters, one delegate), the road
    raised at both (merged into one compiled item), land and school issues, a central one from a
    commune; items of December and of the sibling province are nowhere in the reports."""
    district = tree.council("district")
    delegate = people["district"].delegate
    first = meeting(
        district,
        held_on=date(2024, 1, 10),
        place="Nhà văn hóa thôn 1",
        voters_count=120,
        delegates=[delegate],
    )
    second = meeting(
        district,
        held_on=date(2024, 1, 12),
        place="Hội trường xã Bình Lâm",
        voters_count=80,
        delegates=[delegate],
    )
    road, land = _opinion(district, [ROAD, LAND], at=first)
    (again,) = _opinion(district, [ROAD.replace("thôn 1", "thôn Một")], at=second)
    (school,) = _opinion(district, [SCHOOL], at=second)
    (insurance,) = _opinion(tree.council("commune"), [INSURANCE], raised_on=date(2024, 1, 11))
    _opinion(district, ["Kiến nghị tháng mười hai"], raised_on=date(2023, 12, 1))
    _opinion(tree.council("sibling"), ["Kiến nghị của tỉnh bạn"])
    services.petition_items_merge(actor=system_actor(), into=road, items=[again])
    road = _classify(road, "province", "investment")
    school = _classify(school, "province", "education")
    land = _classify(land, "commune", "land")
    insurance = _classify(insurance, "central", "health")
    return {
        "road": _answer(road, assessment="resolved"),
        "school": _answer(school, answered=False),
        "land": _answer(land, assessment="in_progress"),
        "insurance": insurance,
        "meetings": (first, second),
    }


# --- the compiled report of a contact round -----------------------------------------------------


@needs_pdftotext
def test_petition_report_pdf_lists_each_compiled_item_once_by_level(
    client, tree, contact_round, tmp_path
):
    client.force_login(tree.users["province_clerk"])
    response = _get(client, "petitions", "pdf", council=tree.council("district").pk, subtree="on")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    positions = [text.index(h) for h in PETITION_HEADINGS]
    assert positions == sorted(positions)  # central, then province, then commune
    assert "BÁO CÁO" in text
    assert "/BC-HĐND" in text
    assert "Đã tổ chức 2 cuộc tiếp xúc cử tri, với 1 đại biểu HĐND và 200 lượt cử tri" in text
    assert "Cử tri đã nêu 4 ý kiến" in text
    assert "có 4 nội dung kiến nghị" in text
    # The merged road issue: the compiled text once, with both meetings that raised it.
    assert text.count("ĐT 610") == 1
    assert "(Cử tri huyện Hiệp Đức tại Nhà văn hóa thôn 1, Hội trường xã Bình Lâm)." in text
    assert f"{INSURANCE} (Cử tri xã Quế Thọ)." in text
    assert "Lĩnh vực Đầu tư công" in text
    assert INSURANCE in text
    assert "Kiến nghị tháng mười hai" not in text
    assert "tỉnh bạn" not in text
    assert "TM. THƯỜNG TRỰC HĐND" in text


def test_petition_report_docx_has_the_same_headings(client, tree, contact_round):
    client.force_login(tree.users["district_office"])
    response = _get(client, "petitions", council=tree.council("district").pk, subtree="on")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    positions = [text.index(h) for h in PETITION_HEADINGS]
    assert positions == sorted(positions)
    assert text.count("ĐT 610") == 1
    assert SCHOOL in text
    assert "Tổng hợp ý kiến, kiến nghị của cử tri từ ngày 01/01/2024 đến ngày 31/01/2024" in text


def test_without_the_subtree_the_communes_items_are_left_out(client, tree, contact_round):
    client.force_login(tree.users["province_clerk"])
    text = docx_text(_get(client, "petitions", council=tree.council("district").pk).content)
    assert INSURANCE not in text
    assert "có 3 nội dung kiến nghị" in text
    assert "thuộc thẩm quyền Trung ương" not in text


def test_a_session_sets_the_period_to_its_contact_round(client, tree, contact_round):
    """Choosing a session: the days of the meetings linked to it (10 to 12 January)."""
    district = tree.council("district")
    session = SessionFactory(
        council=district, planned_start=date(2024, 1, 20), planned_end=date(2024, 1, 21)
    )
    for found in contact_round["meetings"]:
        services.meeting_update(actor=system_actor(), meeting=found, session=session)
    client.force_login(tree.users["province_clerk"])
    query = {"date_from": "", "date_to": ""}
    response = _get(client, "petitions", council=district.pk, session=session.pk, **query)
    text = docx_text(response.content)
    assert f"gửi đến Kỳ họp thứ {session.number} HĐND huyện Hiệp Đức" in text
    assert "từ ngày 10/01/2024 đến ngày 12/01/2024" in text
    assert LAND in text
    other = SessionFactory(
        council=tree.council("commune"),
        planned_start=date(2024, 1, 25),
        planned_end=date(2024, 1, 26),
    )
    response = _get(client, "petitions", council=district.pk, session=other.pk, **query)
    assert response.status_code == 400  # no meeting of that session: nothing to report
    assert "session" in response.context["form"].errors


def test_report_form_shows_every_error(client, tree):
    client.force_login(tree.users["district_office"])
    form = reverse("voters:report_form", args=["answers"])
    page = client.get(form, {"council": tree.council("district").pk, "date_from": "01/01/2024"})
    assert page.status_code == 200
    assert page.context["form"].initial["date_from"] == "01/01/2024"
    response = _queue(client, "answers", "pdf", date_from="31/12/2024", date_to="01/01/2024")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"council", "date_to"}
    response = _queue(
        client, "answers", council=tree.council("district").pk, date_from="", date_to=""
    )
    assert set(response.context["form"].errors) == {"date_from", "date_to"}
    assert not Export.objects.exists()  # nothing queued


# --- the report on the answers ------------------------------------------------------------------


def test_answer_report_figures_are_the_statistics_pages(client, tree, contact_round):
    """The same counting as the statistics page, by level: its total row's "x/y (z %)" and each
    level's row in the report's table."""
    district = tree.council("district")
    client.force_login(tree.users["province_clerk"])
    stats = client.get(
        reverse("voters:statistics"), {**PERIOD, "by": "competence", "council": district.pk}
    )
    total = stats.context["total"]
    assert (total.total, total.transferred, total.answered, total.resolved) == (4, 3, 2, 1)
    response = _get(client, "answers", council=district.pk, subtree="on")
    assert response.status_code == 200
    text = docx_text(response.content)
    assert (
        f"Tổng số nội dung kiến nghị: {total.total}; đã chuyển cơ quan có thẩm quyền giải "
        f"quyết: {total.transferred}." in text
    )
    assert f"Đã trả lời: {total.answered_share}; chưa trả lời: 1/3 (33,33%)." in text
    assert total.answered_share == "2/3 (66,67%)"
    assert f"đã giải quyết xong {total.resolved_share}; đang giải quyết 1/4 (25,00%)" in text
    word = docx_document(response.content)
    levels = next(t for t in word.tables if t.rows[0].cells[1].text == "Thẩm quyền giải quyết")
    rows = {r.cells[1].text: [c.text.split("\n")[0] for c in r.cells[2:]] for r in levels.rows[1:]}
    by_level = {row.label or "Chưa phân loại": row for row in stats.context["rows"]}
    for label, row in by_level.items():
        assert rows[label][:3] == [str(row.total), str(row.answered), str(row.resolved)]
    assert rows["Tổng cộng"] == ["4", "2", "1", "1", "0", "0", "1"]


@needs_pdftotext
def test_answer_report_has_an_appendix_per_level(client, tree, contact_round, tmp_path):
    client.force_login(tree.users["district_office"])
    response = _get(client, "answers", "pdf", council=tree.council("district").pk, subtree="on")
    text = pdf_text(response.content, tmp_path, layout=False)
    appendices = [
        f"PHỤ LỤC {n} KẾT QUẢ GIẢI QUYẾT, TRẢ LỜI KIẾN NGHỊ CỦA CỬ TRI THUỘC THẨM QUYỀN {level}"
        for n, level in (("I", "TRUNG ƯƠNG"), ("II", "CẤP TỈNH"), ("III", "CẤP XÃ"))
    ]
    positions = [text.index(a) for a in appendices]
    assert positions == sorted(positions)
    assert text.index("TM. THƯỜNG TRỰC HĐND") < positions[0]  # after the signature
    central, province, commune = (
        text[positions[0] : positions[1]],
        text[positions[1] : positions[2]],
        text[positions[2] :],
    )
    assert "Chưa chuyển cơ quan giải quyết" in central
    assert "Đã giải quyết xong" in province
    assert "Chưa trả lời" in province  # the school: transferred, no answer yet
    assert "UBND tỉnh Quảng Nam" in province
    assert "Đang giải quyết" in commune
    word = docx_text(_get(client, "answers", council=tree.council("district").pk).content)
    assert "PHỤ LỤC I" in word
    assert "KẾT QUẢ GIẢI QUYẾT, TRẢ LỜI KIẾN NGHỊ CỦA CỬ TRI THUỘC THẨM QUYỀN CẤP TỈNH" in word
    assert "Tóm tắt nội dung trả lời" in word


def test_reports_cost_the_same_for_few_or_many(tree, contact_round, django_assert_max_num_queries):
    """The worker's build reads a fixed number of queries however many items the period holds."""
    district = tree.council("district")
    user = tree.users["province_clerk"]
    filters = QueryDict(mutable=True)
    filters.update({**PERIOD, "council": district.pk, "subtree": "on"})

    def build(name):
        return reports.report_file(name, "docx", user=user, filters=filters)

    for name in ("petitions", "answers"):
        build(name)  # the scope, read once
        with django_assert_max_num_queries(20) as few:
            build(name)
        contact_round.setdefault("counts", {})[name] = len(few.captured_queries)
    first = contact_round["meetings"][0]
    for i in range(15):
        items = _opinion(district, [f"Kiến nghị bổ sung số {i}", f"Nội dung kèm {i}"], at=first)
        _classify(items[0], "province" if i % 2 else "commune", "health")
        if i % 3 == 0:
            services.petition_items_merge(actor=system_actor(), into=items[0], items=[items[1]])
    for name in ("petitions", "answers"):
        with django_assert_max_num_queries(contact_round["counts"][name]):
            content = build(name)
        assert "Kiến nghị bổ sung số 14" in docx_text(content)


def test_a_report_is_queued_with_its_form_and_built_in_the_background(client, tree, contact_round):
    """Sending the form queues the file (one export, the form's inputs as parameters); its page
    offers the download once built and leads back to the form, refilled."""
    district = tree.council("district")
    client.force_login(tree.users["district_office"])
    with TestCase.captureOnCommitCallbacks() as queued:
        response = client.post(
            reverse("voters:report_form", args=["answers"]),
            {**PERIOD, "council": district.pk, "subtree": "on", "format": "pdf"},
        )
    export = Export.objects.get()
    assert response.status_code == 302
    assert export.status == Export.Status.QUEUED  # nothing built while the user waits
    assert export.kind == "voters.report_answers_pdf"
    assert export.user == tree.users["district_office"]
    stem = "bao-cao-ket-qua-tra-loi-kien-nghi"
    assert export.filename == f"{stem}-{district.pk}-20240101-20240131.pdf"
    params = QueryDict(export.params)
    assert (params["council"], params["subtree"], params["date_from"]) == (
        str(district.pk),
        "on",
        "01/01/2024",
    )
    for callback in queued:
        callback()  # the worker (eager here)
    export.refresh_from_db()
    assert (export.status, export.rows) == (Export.Status.DONE, None)
    page = client.get(response.url)
    assert reverse("core:export_download", args=[export.pk]) in page.content.decode()
    assert page.context["source_url"].startswith(reverse("voters:report_form", args=["answers"]))
    form = client.get(page.context["source_url"])
    assert form.context["form"].initial["date_to"] == "31/01/2024"
    download = client.get(reverse("core:export_download", args=[export.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert exports.export_build(export.pk) is None  # a second run of a done job does nothing


def test_the_builder_applies_the_requesting_users_scope(tree, contact_round):
    """A job reads as the user who asked: the sibling province's clerk cannot get the district's
    report by queuing its parameters directly; the district's own office can."""
    params = f"council={tree.council('district').pk}&date_from=01/01/2024&date_to=31/01/2024"
    built = {}
    for who in ("sibling_clerk", "district_office"):
        export = exports.export_start(
            user=tree.users[who],
            kind="voters.report_petitions_docx",
            title="t",
            params=params,
            filename="r.docx",
        )
        built[who] = exports.export_build(export.pk)
    assert built["sibling_clerk"].status == Export.Status.FAILED
    assert not built["sibling_clerk"].file
    assert built["district_office"].status == Export.Status.DONE
    with built["district_office"].file.open("rb") as f:
        assert ROAD[:30] in docx_text(f.read())


@pytest.mark.parametrize("name", ["petitions", "answers"])
@pytest.mark.parametrize(
    ("who", "node", "status"),
    [
        ("province_clerk", "district", 200),
        ("province_standing", "district", 200),
        ("district_office", "district", 200),
        ("commune_office", "commune", 200),
        ("commune_office", "district", 404),
        ("sibling_clerk", "district", 404),
        ("no_role", "district", 404),
        ("anonymous", "district", 302),
    ],
)
def test_reports_are_scoped(client, tree, name, who, node, status):
    if who != "anonymous":
        client.force_login(tree.users[who])
    council = tree.council(node).pk
    response = _get(client, name, "docx", council=council)
    assert response.status_code == status
    form = client.get(reverse("voters:report_form", args=[name]), {"council": council})
    assert form.status_code == status
    assert Export.objects.count() == (1 if status == 200 else 0)


def test_unknown_reports_and_formats_are_404(client, tree):
    client.force_login(tree.users["province_clerk"])
    council = tree.council("district").pk
    assert _get(client, "minutes", council=council).status_code == 404
    assert _get(client, "answers", "odt", council=council).status_code == 404
    assert client.get(reverse("voters:report_form", args=["minutes"])).status_code == 404


def test_pages_link_the_reports_with_their_filters(client, tree):
    district = tree.council("district").pk
    client.force_login(tree.users["district_office"])
    stats = client.get(reverse("voters:statistics"), {**PERIOD, "by": "field", "council": district})
    form = reverse("voters:report_form", args=["answers"])
    body = stats.content.decode()
    assert f"{form}?council={district}&amp;date_from=01%2F01%2F2024&amp;date_to=31%2F01%2F2024" in (
        body
    )
    listing = client.get(reverse("voters:petition_item_list"), {"raised_from": "01/01/2024"})
    assert f"{reverse('voters:report_form', args=['petitions'])}?date_from=01%2F01%2F2024" in (
        listing.content.decode()
    )
    client.force_login(tree.users["no_role"])
    assert form not in client.get(reverse("voters:statistics")).content.decode()


# --- the transfer slip of a letter --------------------------------------------------------------


@pytest.fixture
def forwarded(tree, people):
    found = letter(tree.council("district"), received_on=date(2024, 2, 6), category="complaint")
    return services.letter_forward(
        actor=system_actor(),
        letter=found,
        transfer_date=date(2024, 2, 7),
        transfer_number="05/PC-VP",
        agency=people["district"].agency,
    )


def _slip(letter_, fmt="docx"):
    return reverse("voters:letter_slip", args=[letter_.pk, fmt])


@needs_pdftotext
def test_slip_names_the_sender_the_agency_and_the_term(
    client, tree, people, forwarded, privacy_user, tmp_path
):
    client.force_login(privacy_user)
    response = client.get(_slip(forwarded, "pdf"))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    agency = people["district"].agency.name
    assert "PHIẾU CHUYỂN ĐƠN" in text
    assert "Số: 05/PC-VP" in text
    assert "Hiệp Đức, ngày 07 tháng 02 năm 2024" in text
    assert f"Kính gửi: {agency}" in text
    assert "nhận được đơn của Trần Thị Bình, địa chỉ: Thôn 3, xã Quế Thọ" in text
    assert "Nội dung đơn: Khiếu nại việc thu hồi đất." in text
    assert f"chuyển đơn khiếu nại đến {agency} để xem xét, giải quyết theo thẩm quyền" in text
    due = forwarded.obligation.due_on.strftime("%d/%m/%Y")
    term = "Thời hạn giải quyết theo quy định: 10 ngày làm việc kể từ ngày chuyển đơn"
    assert f"{term} (đến ngày {due})" in text
    assert "Trần Thị Bình (để biết);" in text  # the copy to the sender
    assert "049123456789" not in text  # the ID number is not the agency's business


def test_slip_docx_and_every_download_is_logged(client, tree, forwarded, privacy_user):
    client.force_login(privacy_user)
    before = ViewLog.objects.filter(object_id=forwarded.pk, user=privacy_user).count()
    response = client.get(_slip(forwarded))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "PHIẾU CHUYỂN ĐƠN" in text
    assert "Trần Thị Bình" in text
    client.get(_slip(forwarded, "pdf"))
    logged = ViewLog.objects.filter(object_id=forwarded.pk, user=privacy_user)
    assert logged.count() == before + 2
    assert logged.latest("id").reason == "Tải phiếu chuyển đơn"


# Who may download a letter's transfer slip: the page's answer (the API's too, but anonymous).
SLIP_READERS = {
    "privacy": 200,
    "province_clerk": 403,  # reads the letter, not the sender's data
    "district_office": 403,
    "commune_office": 404,
    "sibling_clerk": 404,
    "commune_delegate": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize(("who", "status"), SLIP_READERS.items())
def test_slip_is_for_readers_of_personal_data(client, tree, forwarded, privacy_user, who, status):
    if who != "anonymous":
        client.force_login(privacy_user if who == "privacy" else tree.users[who])
    response = client.get(_slip(forwarded))
    assert response.status_code == status
    if status == 403:
        assert not ViewLog.objects.filter(path__contains="transfer-slip").exists()


def test_no_slip_before_the_letter_is_forwarded(client, tree, privacy_user):
    waiting = letter(tree.council("district"), category="complaint")
    client.force_login(privacy_user)
    assert client.get(_slip(waiting)).status_code == 404
    assert client.get(_slip(waiting, "odt")).status_code == 404
    page = client.get(reverse("voters:letter_detail", args=[waiting.pk]))
    assert page.context["slip"] is False


def test_letter_page_offers_the_slip_only_to_readers_of_personal_data(
    client, tree, forwarded, privacy_user
):
    page = reverse("voters:letter_detail", args=[forwarded.pk])
    client.force_login(privacy_user)
    assert _slip(forwarded, "pdf") in client.get(page).content.decode()
    client.force_login(tree.users["district_office"])
    assert _slip(forwarded, "pdf") not in client.get(page).content.decode()
    assert Letter.objects.get(pk=forwarded.pk).status == Letter.Status.FORWARDED


def test_an_unnamed_senders_slip_has_no_copy_line(client, tree, people, privacy_user):
    found = letter(tree.council("district"), sender_name="", sender_address="", anonymous=True)
    found = services.letter_classify(
        actor=system_actor(), letter=found, category="petition", anonymous=True
    )
    found = services.letter_forward(
        actor=system_actor(),
        letter=found,
        transfer_date=date(2024, 2, 7),
        transfer_number="06",
        agency_text="Thanh tra huyện",
    )
    client.force_login(privacy_user)
    text = docx_text(client.get(_slip(found)).content)
    assert "người gửi đơn (không ghi tên)" in text
    assert "(để biết)" not in text
    assert "Số: 06/PC-VP" in text
    assert "Kính gửi: Thanh tra huyện" in text
    assert "Luật Tiếp công dân năm 2013" in text

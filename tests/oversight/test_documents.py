"""The official documents of issue 12 (oversight/documents.py): the decision setting up the
delegation, the plan, the conclusion report and the follow-up report on recommendations, each as
a PDF (Decree 30/2020 layout) and an editable DOCX from one OfficialDocument; scoped downloads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.issuers import initials
from followups.models import Obligation
from oversight import services_activities as services
from oversight.activities import ActivityMember, OversightActivity
from resolutions.models import Field
from tests.documents import docx_document, docx_text, needs_pdftotext, pdf_text
from tests.factories import system_actor
from tests.oversight.conftest import concluded_activity
from tests.oversight.test_activities_selectors import ROADMAP, _close, _rec, tracked  # noqa: F401

FIVE_PARTS = (
    "I. ĐÁNH GIÁ CHUNG",
    "II. THUẬN LỢI, KHÓ KHĂN",
    "III. KẾT QUẢ ĐẠT ĐƯỢC",
    "IV. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
    "V. KIẾN NGHỊ, ĐỀ XUẤT",
)
REPORT = reverse("oversight:followup_report")
PERIOD = {"issued_from": "01/01/2025", "issued_to": "31/12/2025"}


def _url(activity, name, fmt):
    return reverse("oversight:activity_document", args=[activity.pk, name, fmt])


def _with_delegation(ov, activity):
    services.activity_members_set(
        actor=system_actor(),
        activity=activity,
        members=[
            (ov.ct.other_delegate, ActivityMember.Role.MEMBER),
            (ov.ct.member_delegate, ActivityMember.Role.HEAD),
        ],
        invited_members="Đại diện Ủy ban MTTQ Việt Nam huyện",
    )
    services.visit_add(
        actor=system_actor(), activity=activity, visit_on=date(2025, 3, 20), agency=ov.agency
    )
    services.report_request_create(
        actor=system_actor(),
        activity=activity,
        agency=ov.agency,
        subject="Báo cáo kết quả giảm nghèo 2021-2024",
        requested_on=date(2025, 3, 5),
        due_on=date(2025, 3, 15),
    )
    return activity


@pytest.fixture
def concluded(ov):
    """A concluded thematic oversight with its delegation, a visit, a report requested and two
    recommendations to two agencies (and one withdrawn, printed nowhere)."""
    activity = _with_delegation(ov, concluded_activity(ov))
    _rec(activity, ov.agency, date(2025, 6, 30), content="Đẩy nhanh giải ngân vốn giảm nghèo")
    _rec(
        activity,
        ov.other_agency,
        date(2025, 9, 30),
        content="Rà soát hộ cận nghèo tại các trường",
        field=Field.EDUCATION,
    )
    from followups import services as followups

    gone = _rec(activity, ov.agency, date(2025, 6, 30), content="Kiến nghị nhập nhầm")
    followups.obligation_withdraw(actor=system_actor(), obligation=gone.obligation, reason="Nhầm")
    return activity


@needs_pdftotext
def test_conclusion_pdf_has_the_five_parts_and_the_recommendations(client, ov, concluded, tmp_path):
    client.force_login(ov.user("district_office"))
    response = client.get(_url(concluded, "conclusion", "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    positions = [text.index(part) for part in FIVE_PARTS]
    assert positions == sorted(positions)  # in the order of DOMAIN.md §9
    for written in (
        "Cơ bản đạt yêu cầu.",
        "Giải ngân chậm do thủ tục.",
        "Đẩy nhanh giải ngân vốn.",
    ):
        assert written in text
    assert "Số: 25/BC-HĐND" in text
    assert "ngày 01 tháng 4 năm 2025" in text
    # The recommendations by agency, after part V, each with its due date.
    after = text[positions[-1] :]
    assert f"1. Đối với {ov.agency.name}" in after
    assert "Đẩy nhanh giải ngân vốn giảm nghèo (thời hạn thực hiện: 30/06/2025)" in after
    assert f"2. Đối với {ov.other_agency.name}" in after
    assert "Rà soát hộ cận nghèo tại các trường" in after
    assert "Kiến nghị nhập nhầm" not in text
    assert "TRƯỞNG ĐOÀN" in text
    assert "Trần Văn Ban" in text


def test_conclusion_docx_says_the_same(client, ov, concluded):
    client.force_login(ov.user("district_office"))
    response = client.get(_url(concluded, "conclusion", "docx"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    for part in FIVE_PARTS:
        assert part in text
    assert "Giải ngân chậm do thủ tục." in text
    assert f"1. Đối với {ov.agency.name}" in text
    assert "Đẩy nhanh giải ngân vốn giảm nghèo (thời hạn thực hiện: 30/06/2025)" in text
    assert "Rà soát hộ cận nghèo tại các trường" in text
    assert "Kiến nghị nhập nhầm" not in text
    assert "Số: 25/BC-HĐND" in text


@pytest.mark.parametrize(
    ("decided", "law", "not_law"),
    [
        (date(2026, 2, 28), "Luật 87/2015/QH13", "121/2025"),
        (date(2026, 3, 1), "Luật 121/2025/QH15", "87/2015"),
    ],
)
def test_decision_basis_follows_the_decision_date(client, ov, decided, law, not_law):
    """The decision cites the oversight law in force on its date: 87/2015 until 28/2/2026,
    121/2025 from 1/3/2026 (councils.rules.oversight_basis)."""
    activity = services.activity_create(
        actor=system_actor(),
        council=ov.district,
        kind="thematic",
        topic="Giám sát công tác phòng, chống thiên tai",
        year=decided.year,
        agencies=[ov.agency],
        decision_number="07/QĐ-HĐND",
        decision_date=decided,
    )
    activity = _with_delegation(ov, activity)
    activity = services.activity_transition(
        actor=system_actor(), activity=activity, to=OversightActivity.Status.DECIDED
    )
    client.force_login(ov.user("district_office"))
    text = docx_text(client.get(_url(activity, "decision", "docx")).content)
    assert f"Căn cứ {law};" in text
    assert not_law not in text
    assert "QUYẾT ĐỊNH" in text
    assert "Số: 07/QĐ-HĐND" in text
    assert "Trần Văn Ban" in text
    assert "Trưởng đoàn" in text
    assert "Phạm Văn Khác" in text
    assert "Thành viên" in text
    assert text.index("Trần Văn Ban") < text.index("Phạm Văn Khác")  # the head first
    assert "Đại diện Ủy ban MTTQ Việt Nam huyện" in text
    assert "Điều 3. Quyết định này có hiệu lực kể từ ngày ký." in text
    plan = docx_text(client.get(_url(activity, "plan", "docx")).content)
    assert "KẾ HOẠCH" in plan
    assert "Báo cáo kết quả giảm nghèo 2021-2024" in plan
    assert "15/03/2025" in plan
    assert "20/03/2025" in plan  # the visit
    assert "VII. TỔ CHỨC THỰC HIỆN" in plan
    assert law in plan


def test_a_bans_documents_are_issued_and_signed_by_the_ban(client, ov):
    """A Ban's delegation: the Ban issues (its name under the council's, its initials in the
    symbol) and its head signs; its member may download them."""
    activity = services.activity_create(
        actor=system_actor(),
        council=ov.district,
        kind="thematic",
        topic="Giám sát công tác thi hành án dân sự",
        year=timezone.localdate().year,
        body=ov.ban,
        decision_number="03/QĐ-BPC",
        decision_date=timezone.localdate() - timedelta(days=10),  # the Ban's term runs
    )
    services.activity_transition(
        actor=system_actor(), activity=activity, to=OversightActivity.Status.DECIDED
    )
    client.force_login(ov.user("ban_member"))
    text = docx_text(client.get(_url(activity, "decision", "docx")).content)
    assert "HĐND HUYỆN" in text
    assert ov.ban.name.upper() in text
    assert f"TM. {ov.ban.name.upper()}" in text
    assert "TRƯỞNG BAN" in text
    assert "Trần Văn Ban" in text  # the Ban's head signs
    plan = docx_text(client.get(_url(activity, "plan", "docx")).content)
    assert f"/KH-{initials(ov.ban.name)}" in plan


def test_documents_wait_for_their_step(client, ov):
    """No decision or plan before the delegation is set up; no report before the conclusion;
    the activity page offers only what exists."""
    activity = services.activity_create(
        actor=system_actor(),
        council=ov.district,
        kind="thematic",
        topic="Giám sát đất đai",
        year=2025,
        decision_number="08/QĐ-HĐND",
        decision_date=date(2025, 5, 5),
    )
    client.force_login(ov.user("district_office"))
    page = reverse("oversight:activity_detail", args=[activity.pk])
    for name in ("decision", "plan", "conclusion"):
        assert client.get(_url(activity, name, "pdf")).status_code == 404
    assert client.get(page).context["documents"] == []
    services.activity_transition(
        actor=system_actor(), activity=activity, to=OversightActivity.Status.DECIDED
    )
    assert client.get(_url(activity, "decision", "docx")).status_code == 200
    assert client.get(_url(activity, "conclusion", "docx")).status_code == 404
    text = client.get(page).content.decode()
    assert _url(activity, "decision", "pdf") in text
    assert _url(activity, "plan", "docx") in text
    assert _url(activity, "conclusion", "pdf") not in text
    assert client.get(_url(activity, "minutes", "pdf")).status_code == 404
    assert client.get(_url(activity, "decision", "odt")).status_code == 404


@pytest.mark.parametrize("name", ["decision", "plan", "conclusion"])
@pytest.mark.parametrize(
    ("who", "fmt", "status"),
    [
        ("province_clerk", "docx", 200),
        ("province_standing", "docx", 200),  # read-only: may read and download
        ("district_office", "pdf", 200),
        ("ban_member", "docx", 200),
        ("sibling_clerk", "pdf", 404),
        ("sibling_clerk", "docx", 404),
        ("commune_office", "docx", 404),
        ("anonymous", "pdf", 302),
    ],
)
def test_activity_documents_are_scoped(client, ov, name, who, fmt, status):
    activity = concluded_activity(ov)
    if who != "anonymous":
        client.force_login(ov.user(who))
    response = client.get(_url(activity, name, fmt))
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]


def test_documents_refuse_writes(client, ov):
    """Reading only: a POST is refused, whoever sends it."""
    activity = concluded_activity(ov)
    client.force_login(ov.user("province_standing"))
    assert client.post(_url(activity, "conclusion", "pdf")).status_code == 405
    assert client.post(REPORT, {**PERIOD, "council": ov.district.pk}).status_code == 405


def test_second_pdf_request_is_served_from_the_cache(client, ov, concluded, monkeypatch):
    """As the session results report: the same HTML is built once (core.pdf.cached_pdf)."""
    from core import pdf

    built = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda *a, **k: built.append(1) or real(*a, **k))
    client.force_login(ov.user("district_office"))
    first = client.get(_url(concluded, "conclusion", "pdf")).content
    second = client.get(_url(concluded, "conclusion", "pdf")).content
    assert first == second
    assert len(built) == 1


# --- the follow-up report ------------------------------------------------------------------------


def _report(client, fmt="docx", **query):
    return client.get(REPORT, {**PERIOD, "format": fmt, **query})


def test_followup_report_gives_the_tracker_figures(client, ov, tracked):  # noqa: F811
    """The tracker's counting: of 5 that fell due, 2 done (40 %), ...; roadmap and exempted
    apart with their approving document; the withdrawn one nowhere; a row per agency whose
    figures add up to the total row."""
    client.force_login(ov.user("province_clerk"))
    tracker = client.get(reverse("oversight:recommendation_list"), {"council": ov.district.pk})
    counts = tracker.context["counts"]
    response = _report(client, council=ov.district.pk)
    assert response.status_code == 200
    text = docx_text(response.content)
    assert (counts.fell_due, counts.done) == (5, 2)
    assert (
        "Trong 5 kiến nghị đã đến hạn: hoàn thành 2 (40,00%), hoàn thành một phần 1 (20,00%), "
        "không hoàn thành 1, không thực hiện 0, thực hiện nhưng chưa đạt yêu cầu 0, đang quá "
        "hạn 1 (20,00%)." in text
    )
    assert "Tổng số kiến nghị sau giám sát: 8; trong đó đã đến hạn 5, chưa đến hạn 1" in text
    assert "thực hiện theo lộ trình nhiều năm 1; không thực hiện được vì lý do khách quan 1" in text
    assert "Số 45/NQ-HĐND ngày 10/04/2025" in text  # the approving document, set apart
    word = docx_document(response.content)
    by_agency = next(t for t in word.tables if t.rows[0].cells[1].text == "Cơ quan thực hiện")
    rows = {
        row.cells[1].text: [c.text.split("\n")[0] for c in row.cells[2:]]
        for row in by_agency.rows[1:]
    }
    assert rows[ov.agency.name] == ["6", "3", "2", "0", "1", "0", "2"]
    assert rows[ov.other_agency.name] == ["2", "2", "0", "1", "0", "1", "0"]
    assert rows["Tổng cộng"] == ["8", "5", "2", "1", "1", "1", "2"]


@needs_pdftotext
def test_followup_report_pdf(client, ov, tracked, tmp_path):  # noqa: F811
    client.force_login(ov.user("district_office"))
    response = _report(client, "pdf", council=ov.district.pk)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Trong 5 kiến nghị đã đến hạn: hoàn thành 2 (40,00%)" in text
    assert "KẾT QUẢ THEO CƠ QUAN THỰC HIỆN" in text
    assert "từ ngày 01/01/2025 đến ngày 31/12/2025" in text


def test_followup_report_period_filters(client, ov, tracked):  # noqa: F811
    client.force_login(ov.user("province_clerk"))
    text = docx_text(
        _report(
            client, council=ov.district.pk, issued_from="01/01/2099", issued_to="31/12/2099"
        ).content
    )
    assert "Tổng số kiến nghị sau giám sát: 0" in text
    assert "Không có kiến nghị nào ban hành trong kỳ." in text


def test_followup_report_form_shows_every_error(client, ov):
    client.force_login(ov.user("district_office"))
    page = client.get(REPORT, {"council": ov.district.pk, "issued_from": "01/01/2025"})
    assert page.status_code == 200  # the form, filled from the tracker's filters
    assert page.context["form"].initial["issued_from"] == "01/01/2025"
    response = client.get(
        REPORT, {"format": "pdf", "issued_from": "31/12/2025", "issued_to": "01/01/2025"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"council", "issued_to"}
    assert 'value="31/12/2025"' in response.content.decode()  # what was typed is kept


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("province_clerk", 200),
        ("province_standing", 200),
        ("district_office", 200),
        ("sibling_clerk", 404),
        ("commune_office", 404),
        ("anonymous", 302),
    ],
)
def test_followup_report_is_scoped(client, ov, who, status):
    if who != "anonymous":
        client.force_login(ov.user(who))
    response = _report(client, council=ov.district.pk)
    assert response.status_code == status


def test_followup_report_costs_the_same_for_few_or_many(client, ov, django_assert_max_num_queries):
    activity = concluded_activity(ov)
    client.force_login(ov.user("province_clerk"))
    for _i in range(2):
        _rec(activity, ov.agency, date(2025, 6, 30))
    _rec(activity, ov.agency, date(2025, 6, 30), **ROADMAP)
    _report(client, council=ov.district.pk)  # the user's scope, read once per session
    with django_assert_max_num_queries(14) as few:
        _report(client, council=ov.district.pk)
    for i in range(20):
        rec = _rec(activity, ov.other_agency if i % 2 else ov.agency, date(2025, 6, 30))
        if i % 3 == 0:
            _close(rec, Obligation.Outcome.DONE, date(2025, 6, 1))
        _rec(activity, ov.other_agency, date(2025, 6, 30), **ROADMAP)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = _report(client, council=ov.district.pk)
    assert "Tổng số kiến nghị sau giám sát: 43" in docx_text(response.content)


def test_tracker_links_the_report_with_its_filters(client, ov):
    client.force_login(ov.user("district_office"))
    text = client.get(reverse("oversight:recommendation_list"), {"council": ov.district.pk})
    assert f"{REPORT}?council={ov.district.pk}" in text.content.decode()

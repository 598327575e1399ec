"""The entry forms of letters, the reception log and its schedule, and their Excel exports: each
form through its view (the happy path, and every error on its field in Vietnamese, all at once,
keeping what was typed), the duplicate link, the forward's statutory deadline in working days,
the Form 03 export masked without the capability, and who may open what."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import ViewLog
from councils import services as council_services
from councils.models import Role
from tests.factories import system_actor
from tests.voters.conftest import letter, reception
from voters import services
from voters.models import Letter, Reception, ReceptionSchedule

CREATE = reverse("voters:letter_create")
RECEPTION_CREATE = reverse("voters:reception_create")
SCHEDULE_CREATE = reverse("voters:reception_schedule_create")


def action(pk: int, name: str) -> str:
    return reverse("voters:letter_action", args=[pk, name])


def errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def forwarded(council, *, category="complaint", transfer_date=date(2024, 2, 7)):
    found = letter(council, category=category)
    return services.letter_forward(
        actor=system_actor(),
        letter=found,
        transfer_date=transfer_date,
        transfer_number="05/PC-HĐND",
        agency_text="Thanh tra huyện",
    )


def workbook_rows(response) -> list[tuple]:
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def clerk(client, tree):
    """The district office's clerk: edits the district's records, no personal-data right."""
    client.force_login(tree.users["district_office"])
    return tree.users["district_office"]


# --- letters: create -----------------------------------------------------------------------------

LETTER = {
    "received_on": "06/02/2024",
    "channel": "post",
    "sender_name": "Trần Thị Bình",
    "signers": "3",
    "sender_address": "Thôn 3, xã Quế Thọ",
    "sender_id_number": "049123456789",
    "sender_phone": "0905123456",
    "content": "Khiếu nại việc thu hồi đất",
    "category": "complaint",
    "outside_competence": "on",
}


def test_a_letter_is_registered_classified_and_the_next_one_keeps_the_run(client, tree, clerk):
    """ "Lưu và nhập tiếp" saves, then opens a blank form with the council, date and channel."""
    council = tree.council("district")
    page = client.get(CREATE).content.decode()
    assert 'name="received_on"' in page
    assert "autofocus" in page.split('name="received_on"')[1].split(">")[0]
    assert "Lưu và nhập tiếp" in page
    response = client.post(CREATE, {**LETTER, "council": council.pk, "add_another": "1"})
    made = Letter.objects.get()
    assert (made.council, made.signers, made.sender_name) == (council, 3, "Trần Thị Bình")
    assert (made.status, made.category, made.outside_competence) == (
        Letter.Status.CLASSIFIED,
        "complaint",
        True,
    )
    assert response.status_code == 302
    again = client.get(response.url)
    form = again.context["form"]
    assert form.initial["council"] == council
    assert form.initial["received_on"] == "06/02/2024"
    assert form.initial["channel"] == "post"


def test_a_letter_without_category_waits_for_classification(client, tree, clerk):
    data = {**LETTER, "council": tree.council("district").pk, "category": ""}
    response = client.post(CREATE, data)
    made = Letter.objects.get()
    assert made.status == Letter.Status.RECEIVED
    assert response.url == reverse("voters:letter_detail", args=[made.pk])


def test_every_letter_error_shows_at_once_on_its_field(client, tree, clerk):
    """Shape errors and the service's rules come in one round, and nothing typed is lost."""
    response = client.post(
        CREATE,
        {
            **LETTER,
            "council": tree.council("district").pk,
            "received_on": "31/02/2024",
            "channel": "",
            "sender_name": "",
            "sender_id_number": "12AB",
            "content": "",
            "signers": "0",
        },
    )
    assert response.status_code == 200
    assert not Letter.objects.exists()
    assert errors(response, "received_on") == ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2025."]
    assert errors(response, "channel") == ["Chọn nguồn đơn."]
    assert errors(response, "content") == ["Nhập nội dung đơn."]
    assert errors(response, "signers") == ["Số người ký từ 1 đến 10.000."]
    assert errors(response, "sender_name") == ["Ghi người gửi, hoặc đánh dấu đơn nặc danh."]
    assert errors(response, "sender_id_number") == [
        "Số CMND 9 chữ số, CCCD 12 chữ số, hoặc hộ chiếu (một chữ cái và 7-8 chữ số)."
    ]
    assert "Thôn 3, xã Quế Thọ" in response.content.decode()


def test_a_letter_from_the_future_is_refused_on_its_date(client, tree, clerk):
    later = (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(
        CREATE, {**LETTER, "council": tree.council("district").pk, "received_on": later}
    )
    assert errors(response, "received_on") == [f"Ngày {later} chưa đến; chỉ ghi việc đã xảy ra."]


def test_an_anonymous_letter_needs_no_sender(client, tree, clerk):
    client.post(
        CREATE,
        {
            **LETTER,
            "council": tree.council("district").pk,
            "sender_name": "",
            "anonymous": "on",
        },
    )
    assert Letter.objects.get().anonymous


def test_a_council_out_of_reach_is_not_a_choice(client, tree, clerk):
    response = client.post(CREATE, {**LETTER, "council": tree.council("commune").pk})
    assert errors(response, "council")
    assert not Letter.objects.exists()


# --- letters: handling ---------------------------------------------------------------------------


def test_classify_and_its_error(client, tree, clerk):
    made = letter(tree.council("district"))
    response = client.post(action(made.pk, "classify"), {"category": ""})
    assert errors(response, "category") == ["Chọn phân loại đơn."]
    client.post(action(made.pk, "classify"), {"category": "denunciation", "not_eligible": "on"})
    made.refresh_from_db()
    assert (made.status, made.category, made.not_eligible) == ("classified", "denunciation", True)


def test_a_duplicate_is_linked_to_a_letter_in_scope_and_nothing_is_deleted(client, tree, clerk):
    council = tree.council("district")
    first = letter(council, received_on=date(2024, 1, 5))
    again = letter(council, received_on=date(2024, 2, 6))
    later = letter(council, received_on=date(2024, 3, 1))
    theirs = letter(tree.council("sibling_commune"), received_on=date(2024, 1, 2))
    page = client.get(action(again.pk, "duplicate"))
    offered = {
        value for value, _label in page.context["form"].fields["duplicate_of"].widget.choices
    }
    assert first.pk in offered
    assert again.pk not in offered
    assert later.pk not in offered
    assert theirs.pk not in offered

    refused = client.post(action(again.pk, "duplicate"), {"duplicate_of": theirs.pk})
    assert errors(refused, "duplicate_of") == ["Chọn một đơn trong danh sách."]
    not_earlier = client.post(action(first.pk, "duplicate"), {"duplicate_of": again.pk})
    assert errors(not_earlier, "duplicate_of") == ["Chọn một đơn trong danh sách."]

    client.post(action(again.pk, "duplicate"), {"duplicate_of": first.pk})
    again.refresh_from_db()
    assert again.duplicate_of == first
    assert Letter.objects.filter(pk__in=[first.pk, again.pk]).count() == 2
    detail = client.get(reverse("voters:letter_detail", args=[again.pk])).content.decode()
    assert reverse("voters:letter_detail", args=[first.pk]) in detail
    client.post(action(again.pk, "duplicate"), {"duplicate_of": ""})
    again.refresh_from_db()
    assert again.duplicate_of is None


@pytest.mark.parametrize(
    ("category", "due"),
    [
        # Tết 2024 is off from Thursday 8/2 to Wednesday 14/2.
        ("denunciation", date(2024, 2, 23)),  # 7 working days
        ("complaint", date(2024, 2, 28)),  # 10 working days
        ("feedback", date(2024, 2, 28)),
    ],
)
def test_forward_opens_the_answer_due_in_working_days(client, tree, people, clerk, category, due):
    """The page shows the statutory term of the letter's category before saving; the obligation
    gets the same due date, counted in working days across Tết."""
    council = tree.council("district")
    made = letter(council, category=category)
    url = action(made.pk, "forward")
    data = {
        "agency": people["district"].agency.pk,
        "transfer_number": "05/PC-HĐND",
        "transfer_date": "07/02/2024",
    }
    preview = client.post(url, {**data, "transfer_number": ""})
    assert errors(preview, "transfer_number") == ["Nhập số phiếu chuyển."]
    assert preview.context["term"].due_on == due
    assert f"{due:%d/%m/%Y}" in preview.content.decode()
    assert "ngày làm việc" in preview.content.decode()
    client.post(url, data)
    made.refresh_from_db()
    assert made.status == Letter.Status.FORWARDED
    assert made.agency == people["district"].agency
    assert made.obligation.due_on == due
    assert made.obligation.term_unit == "working_days"


def test_forward_errors_are_on_their_fields(client, tree, clerk):
    made = letter(tree.council("district"), category="complaint")
    response = client.post(
        action(made.pk, "forward"),
        {"agency": "", "agency_text": "", "transfer_number": "", "transfer_date": ""},
    )
    assert errors(response, "agency") == ["Chọn cơ quan nhận đơn, hoặc ghi tên cơ quan."]
    assert errors(response, "transfer_number") == ["Nhập số phiếu chuyển."]
    assert errors(response, "transfer_date") == ["Nhập ngày phiếu chuyển."]
    early = client.post(
        action(made.pk, "forward"),
        {"agency_text": "UBND huyện", "transfer_number": "1/PC", "transfer_date": "01/02/2024"},
    )
    assert errors(early, "transfer_date") == ["Ngày không được trước ngày 06/02/2024."]
    made.refresh_from_db()
    assert made.obligation_id is None


def test_an_agency_of_another_council_is_not_offered(client, tree, people, clerk):
    made = letter(tree.council("district"), category="complaint")
    response = client.post(
        action(made.pk, "forward"),
        {
            "agency": people["sibling"].agency.pk,
            "transfer_number": "1/PC",
            "transfer_date": "07/02/2024",
        },
    )
    assert errors(response, "agency")
    made.refresh_from_db()
    assert made.status == Letter.Status.CLASSIFIED


@pytest.mark.parametrize(("name", "status"), [("guide", "guided"), ("file", "filed")])
def test_guide_and_file_record_the_note(client, tree, clerk, name, status):
    made = letter(tree.council("district"), category="petition")
    response = client.post(action(made.pk, name), {"handled_on": "", "handling_note": ""})
    assert errors(response, "handled_on") == ["Nhập ngày xử lý."]
    assert errors(response, "handling_note") == ["Nhập nội dung hướng dẫn hoặc lý do lưu đơn."]
    client.post(
        action(made.pk, name),
        {"handled_on": "08/02/2024", "handling_note": "Hướng dẫn gửi UBND xã"},
    )
    made.refresh_from_db()
    assert (made.status, made.handled_on) == (status, date(2024, 2, 8))


def test_answer_and_extend_a_forwarded_letter(client, tree, clerk):
    made = forwarded(tree.council("district"))
    due = made.obligation.due_on
    missing = client.post(action(made.pk, "extend"), {"document_date": "20/02/2024"})
    assert errors(missing, "new_due_on") == ["Nhập hạn mới."]
    assert errors(missing, "reason") == ["Nhập lý do gia hạn."]
    assert errors(missing, "document_number") == ["Nhập số văn bản cho gia hạn."]
    not_later = client.post(
        action(made.pk, "extend"),
        {
            "new_due_on": due.strftime("%d/%m/%Y"),
            "reason": "Vụ việc phức tạp",
            "document_number": "15/QĐ-UBND",
            "document_date": "20/02/2024",
        },
    )
    assert errors(not_later, "new_due_on") == [f"Hạn mới phải sau hạn hiện tại ({due:%d/%m/%Y})."]
    client.post(
        action(made.pk, "extend"),
        {
            "new_due_on": "22/03/2024",
            "reason": "Vụ việc phức tạp",
            "document_number": "15/QĐ-UBND",
            "document_date": "20/02/2024",
        },
    )
    made.obligation.refresh_from_db()
    assert made.obligation.due_on == date(2024, 3, 22)

    missing = client.post(action(made.pk, "answer"), {"answered_on": "", "answer": ""})
    assert errors(missing, "answered_on") == ["Nhập ngày nhận kết quả."]
    assert errors(missing, "answer") == ["Nhập kết quả giải quyết."]
    client.post(action(made.pk, "answer"), {"answered_on": "01/03/2024", "answer": "Đã giải quyết"})
    made.refresh_from_db()
    assert (made.status, made.answered_on) == (Letter.Status.ANSWERED, date(2024, 3, 1))


def test_an_answered_letter_is_closed_with_its_day_and_reason(client, tree, clerk):
    made = forwarded(tree.council("district"))
    assert client.get(action(made.pk, "close")).status_code == 403  # not answered yet
    client.post(action(made.pk, "answer"), {"answered_on": "01/03/2024", "answer": "Đã giải quyết"})
    missing = client.post(action(made.pk, "close"), {"closed_on": "", "note": ""})
    assert errors(missing, "closed_on") == ["Nhập ngày kết thúc theo dõi."]
    assert errors(missing, "note") == ["Nhập lý do kết thúc theo dõi."]
    early = client.post(action(made.pk, "close"), {"closed_on": "20/02/2024", "note": "Xong"})
    assert errors(early, "closed_on") == ["Ngày không được trước ngày 01/03/2024."]
    client.post(action(made.pk, "close"), {"closed_on": "05/03/2024", "note": "Công dân đồng ý"})
    made.refresh_from_db()
    assert made.status == Letter.Status.CLOSED
    last = made.transitions.order_by("-id").first()
    assert (last.to_status, last.note) == ("closed", "05/03/2024: Công dân đồng ý")
    page = client.get(reverse("voters:letter_detail", args=[made.pk]))
    assert "close" not in dict(page.context["actions"])
    assert "05/03/2024: Công dân đồng ý" in page.content.decode()  # the history shows why


def test_the_page_warns_when_the_answer_is_overdue(client, tree, clerk):
    made = forwarded(tree.council("district"))
    html = client.get(reverse("voters:letter_detail", args=[made.pk])).content.decode()
    assert 'id="deadline-warning"' in html
    assert "Đã quá hạn trả lời" in html


def test_only_the_steps_the_state_allows_are_offered(client, tree, clerk):
    made = letter(tree.council("district"))
    keys = dict(client.get(reverse("voters:letter_detail", args=[made.pk])).context["actions"])
    assert set(keys) == {"classify", "duplicate", "withdraw"}
    assert client.get(action(made.pk, "forward")).status_code == 403
    assert client.get(action(made.pk, "nonsense")).status_code == 404


def test_withdraw_keeps_the_letter_out_of_the_register(client, tree, clerk):
    made = forwarded(tree.council("district"))
    response = client.post(action(made.pk, "withdraw"), {"reason": ""})
    assert errors(response, "reason") == ["Nhập lý do rút."]
    client.post(action(made.pk, "withdraw"), {"reason": "Nhập trùng"})
    made.refresh_from_db()
    made.obligation.refresh_from_db()
    assert made.withdrawn
    assert made.obligation.withdrawn_at is not None
    listed = client.get(reverse("voters:letter_list")).context["page"]
    assert made.pk not in {row.pk for row in listed}


# --- receptions ----------------------------------------------------------------------------------

RECEPTION = {
    "received_on": "01/03/2024",
    "person_name": "Lê Văn Cường",
    "persons": "12",
    "address": "Thôn 4",
    "id_number": "049000111222",
    "content": "Đoàn công dân kiến nghị về bồi thường",
    "category": "petition",
    "handling": "forwarded",
    "receiver_name": "Phó Chủ tịch HĐND",
}


def test_a_group_is_one_reception_and_the_next_keeps_the_run(client, tree, people, clerk):
    council = tree.council("district")
    page = client.get(RECEPTION_CREATE).content.decode()
    assert "autofocus" in page.split('name="received_on"')[1].split(">")[0]
    response = client.post(
        RECEPTION_CREATE,
        {
            **RECEPTION,
            "council": council.pk,
            "forwarded_to": people["district"].agency.pk,
            "add_another": "1",
        },
    )
    made = Reception.objects.get()
    assert (made.persons, made.forwarded_to, made.council) == (
        12,
        people["district"].agency,
        council,
    )
    kept = client.get(response.url).context["form"].initial
    assert (kept["council"], kept["received_on"], kept["receiver_name"]) == (
        council,
        "01/03/2024",
        "Phó Chủ tịch HĐND",
    )


def test_a_delegate_records_their_own_receptions_only(client, tree, people, delegate_user):
    """A delegate is offered themselves as the receiver, and no one else of the council."""
    council = tree.council("commune")
    own, spare = people["commune"].delegate, people["commune"].spare
    client.force_login(delegate_user)
    form = client.get(RECEPTION_CREATE).context["form"]
    assert list(form.fields["delegate"].queryset) == [own]
    assert form.initial["council"] == council
    data = {**RECEPTION, "council": council.pk, "handling": "guided", "receiver_name": ""}
    refused = client.post(RECEPTION_CREATE, {**data, "delegate": spare.pk})
    assert errors(refused, "delegate")
    client.post(RECEPTION_CREATE, {**data, "delegate": own.pk})
    assert Reception.objects.get().delegate == own
    assert 'id="add-letter"' not in client.get(reverse("voters:letter_list")).content.decode()


def test_every_reception_error_shows_at_once_on_its_field(client, tree, clerk):
    response = client.post(
        RECEPTION_CREATE,
        {
            **RECEPTION,
            "council": tree.council("district").pk,
            "person_name": "",
            "persons": "0",
            "id_number": "123",
            "content": "",
            "category": "",
            "receiver_name": "",
        },
    )
    assert not Reception.objects.exists()
    assert errors(response, "person_name") == ["Nhập họ tên người được tiếp."]
    assert errors(response, "persons") == ["Số người từ 1 đến 10.000."]
    assert errors(response, "content") == ["Nhập nội dung vụ việc."]
    assert errors(response, "category") == ["Chọn phân loại đơn."]
    assert errors(response, "forwarded_to") == ["Chọn cơ quan nhận đơn chuyển."]
    assert errors(response, "receiver_name") == ["Ghi người tiếp, hoặc chọn đại biểu tiếp."]
    assert errors(response, "id_number") == [
        "Số CMND 9 chữ số, CCCD 12 chữ số, hoặc hộ chiếu (một chữ cái và 7-8 chữ số)."
    ]
    missing = client.post(RECEPTION_CREATE, {"council": tree.council("district").pk})
    assert errors(missing, "received_on") == ["Nhập ngày tiếp."]
    assert errors(missing, "handling") == ["Chọn hướng xử lý."]


def test_editing_without_the_capability_neither_shows_nor_changes_personal_data(
    client, tree, clerk
):
    made = reception(tree.council("district"))
    url = reverse("voters:reception_update", args=[made.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "Lê Văn Cường" not in html
    assert "049000111222" not in html
    assert "person_name" not in page.context["form"].fields
    assert 'id="masked-note"' in html
    client.post(
        url,
        {
            "received_on": "01/03/2024",
            "persons": "2",
            "content": "Tranh chấp ranh giới đất (bổ sung)",
            "category": "complaint",
            "handling": "guided",
            "receiver_name": "Phó Chủ tịch HĐND",
        },
    )
    made.refresh_from_db()
    assert (made.persons, made.person_name, made.id_number) == (2, "Lê Văn Cường", "049000111222")


def test_editing_with_the_capability_shows_the_citizen_and_logs_the_opening(client, tree, clerk):
    council_services.role_assign(
        actor=system_actor(),
        user=clerk,
        role=Role.PERSONAL_DATA,
        council=tree.council("district"),
        valid_from=date(2021, 1, 1),
    )
    made = reception(tree.council("district"))
    page = client.get(reverse("voters:reception_update", args=[made.pk]))
    assert page.context["form"].initial["person_name"] == "Lê Văn Cường"
    assert ViewLog.objects.filter(object_id=made.pk, user=clerk).exists()


def test_a_reception_is_withdrawn_with_a_reason(client, tree, clerk):
    made = reception(tree.council("district"))
    url = reverse("voters:reception_withdraw", args=[made.pk])
    assert errors(client.post(url, {"reason": ""}), "reason") == ["Nhập lý do rút."]
    client.post(url, {"reason": "Nhập nhầm"})
    made.refresh_from_db()
    assert made.withdrawn


# --- reception schedule --------------------------------------------------------------------------


def test_a_schedule_is_created_and_its_days_listed(client, tree, people, clerk):
    council = tree.council("district")
    response = client.post(
        SCHEDULE_CREATE,
        {
            "council": council.pk,
            "receiver": "delegate",
            "delegate": people["district"].delegate.pk,
            "place": "Trụ sở tiếp công dân huyện",
            "frequency": "weekly",
            "weekday": "3",
            "legal_basis": "Thông báo 12/TB-HĐND",
            "valid_from": "01/01/2024",
        },
    )
    schedule = ReceptionSchedule.objects.get()
    assert response.url == f"{reverse('voters:reception_schedule_list')}?council={council.pk}"
    listed = client.get(reverse("voters:reception_schedule_list"), {"month": "03/2024"})
    days = [day for day, _s in listed.context["days"]]
    assert days == [date(2024, 3, 7), date(2024, 3, 14), date(2024, 3, 21), date(2024, 3, 28)]
    assert schedule in listed.context["schedules"]


def test_every_schedule_error_shows_at_once(client, tree, clerk):
    response = client.post(
        SCHEDULE_CREATE,
        {
            "council": tree.council("district").pk,
            "receiver": "delegate",
            "place": "",
            "frequency": "weekly",
            "legal_basis": "",
            "valid_from": "01/03/2024",
            "valid_to": "01/02/2024",
        },
    )
    assert not ReceptionSchedule.objects.exists()
    assert errors(response, "place") == ["Nhập địa điểm."]
    assert errors(response, "legal_basis") == ["Nhập văn bản của Thường trực làm căn cứ."]
    assert errors(response, "delegate") == ["Chọn đại biểu tiếp công dân."]
    assert errors(response, "weekday") == ["Chọn thứ trong tuần."]
    assert errors(response, "valid_to") == ["Ngày không được trước ngày 01/03/2024."]


# --- exports -------------------------------------------------------------------------------------

FORM_03 = [
    "STT",
    "Ngày tiếp",
    "Họ tên - Địa chỉ",
    "Số CMND/Hộ chiếu của người được tiếp",
    "Nội dung vụ việc",
    "Phân loại đơn/Số người",
    "Cơ quan đã giải quyết",
    "Hướng xử lý: Thụ lý",
    "Hướng xử lý: Trả lại đơn và hướng dẫn",
    "Hướng xử lý: Chuyển đơn đến cơ quan, tổ chức, đơn vị có thẩm quyền",
    "Theo dõi kết quả giải quyết",
    "Ghi chú",
]


def test_the_reception_log_exports_in_form_03_masked_without_the_capability(
    client, tree, clerk, privacy_user
):
    district = tree.council("district")
    reception(district, person_name="Trần Thị Bình", received_on=date(2024, 3, 2))
    reception(district, received_on=date(2024, 1, 2))  # outside the period
    reception(tree.council("sibling_commune"), person_name="Người tỉnh khác")
    query = {"received_from": "01/03/2024", "received_to": "31/03/2024"}
    rows = workbook_rows(client.get(reverse("voters:reception_export"), query))
    assert list(rows[0]) == FORM_03
    assert len(rows) == 2
    line = rows[1]
    assert len(line) == 12
    assert line[0] == 1
    assert line[2] == "Trần T… B - •••"
    assert line[3] == "•••"
    assert line[5] == "Khiếu nại/1"
    assert (line[7], line[8], line[9]) == (None, "x", None)

    client.force_login(privacy_user)
    rows = workbook_rows(client.get(reverse("voters:reception_export"), query))
    assert rows[1][2] == "Trần Thị Bình - Thôn 4"
    assert rows[1][3] == "049000111222"


def test_the_letters_export_has_the_filtered_rows_in_scope_masked(client, tree, clerk):
    district = tree.council("district")
    kept = letter(district, category="complaint")
    letter(district, category="petition")
    letter(tree.council("sibling_commune"), category="complaint")
    rows = workbook_rows(client.get(reverse("voters:letter_export"), {"category": "complaint"}))
    assert [r[0] for r in rows[1:]] == [kept.pk]
    assert rows[1][3] == "Trần T… B"
    assert rows[1][5] == "•••"


def test_a_big_export_goes_to_a_worker(client, tree, clerk, settings):
    from core.models import Export

    settings.EXPORT_SYNC_ROWS = 1
    for _n in range(2):
        reception(tree.council("district"))
    response = client.get(reverse("voters:reception_export"), {"category": "complaint"})
    export = Export.objects.get()
    assert response.url == reverse("core:export_detail", args=[export.pk])
    assert (export.kind, export.params) == ("voters.receptions", "category=complaint")


def test_a_queued_reception_log_is_built_masked_and_scoped(tree, celery_eager):
    """The worker builds the Form 03 log from the row alone, as its requester may read it."""
    from core import exports as export_services
    from core.models import Export

    reception(tree.council("district"), person_name="Trần Thị Bình")
    reception(tree.council("sibling_commune"))
    export = export_services.export_start(
        user=tree.users["district_office"],
        kind="voters.receptions",
        title="t",
        params="category=complaint",
        filename="s.xlsx",
    )
    export = export_services.export_build(export.pk)
    assert (export.status, export.rows) == (Export.Status.DONE, 1)
    with export.file.open("rb") as handle:
        sheet = load_workbook(BytesIO(handle.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == FORM_03
    assert rows[1][2] == "Trần T… B - •••"


# --- who may open what ---------------------------------------------------------------------------


def _pages(tree) -> dict[str, tuple[str, dict]]:
    district = tree.council("district")
    made = letter(district)
    done = reception(district)
    return {
        "letter_create": (CREATE, {**LETTER, "council": district.pk}),
        "classify": (action(made.pk, "classify"), {"category": "complaint"}),
        "withdraw": (action(made.pk, "withdraw"), {"reason": "x"}),
        "reception_create": (RECEPTION_CREATE, {**RECEPTION, "council": district.pk}),
        "reception_update": (reverse("voters:reception_update", args=[done.pk]), RECEPTION),
        "reception_withdraw": (
            reverse("voters:reception_withdraw", args=[done.pk]),
            {"reason": "x"},
        ),
        "schedule_create": (SCHEDULE_CREATE, {"council": district.pk}),
    }


# GET and POST answers: the standing committee reads only; the sibling province sees nothing.
STATUS = {
    "province_standing": {"default": 403},
    "sibling_clerk": {
        "default": 404,
        # Pages without a record: the sibling clerk may enter their own province's records.
        "letter_create": 200,
        "reception_create": 200,
        "schedule_create": 200,
    },
    "no_role": {
        "default": 403,
        "classify": 404,
        "withdraw": 404,
        "reception_update": 404,
        "reception_withdraw": 404,
    },
}


@pytest.mark.parametrize("who", list(STATUS))
def test_readers_and_outsiders_are_refused(client, tree, who):
    pages = _pages(tree)
    client.force_login(tree.users[who])
    for name, (url, data) in pages.items():
        expected = STATUS[who].get(name, STATUS[who]["default"])
        assert client.get(url).status_code == expected, name
        # 200: the form comes back with the council refused (tested above), nothing written.
        assert client.post(url, data).status_code == expected, name
    assert Letter.objects.count() == 1
    assert Reception.objects.count() == 1
    assert not Reception.objects.filter(withdrawn_at__isnull=False).exists()


def test_a_read_only_user_sees_no_controls(client, tree):
    district = tree.council("district")
    made = letter(district)
    done = reception(district)
    client.force_login(tree.users["province_standing"])
    letters = client.get(reverse("voters:letter_list")).content.decode()
    assert 'id="add-letter"' not in letters
    assert 'id="export"' in letters
    receptions = client.get(reverse("voters:reception_list")).content.decode()
    assert 'id="add-reception"' not in receptions
    detail = client.get(reverse("voters:letter_detail", args=[made.pk]))
    assert detail.context["actions"] == []
    assert 'id="letter-actions"' not in detail.content.decode()
    html = client.get(reverse("voters:reception_detail", args=[done.pk])).content.decode()
    assert 'id="reception-actions"' not in html
    schedules = client.get(reverse("voters:reception_schedule_list")).content.decode()
    assert 'id="add-schedule"' not in schedules


def test_a_clerk_sees_the_controls(client, tree, clerk):
    made = letter(tree.council("district"))
    assert 'id="add-letter"' in client.get(reverse("voters:letter_list")).content.decode()
    assert (
        'id="letter-actions"'
        in client.get(reverse("voters:letter_detail", args=[made.pk])).content.decode()
    )


@pytest.mark.parametrize(
    "name",
    [
        "voters:letter_create",
        "voters:reception_create",
        "voters:reception_schedule_list",
        "voters:letter_export",
        "voters:reception_export",
    ],
)
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("kind", ["letter", "reception"])
def test_list_query_count_is_the_same_with_the_controls(
    client, tree, clerk, kind, django_assert_max_num_queries
):
    """The list with its add and export controls: the same queries for 3 rows as for 30."""
    make = {"letter": letter, "reception": reception}[kind]
    model = {"letter": Letter, "reception": Reception}[kind]
    url = reverse(f"voters:{kind}_list")
    client.get(url)  # the scope's lineage read once and cached
    counts = []
    for total in (3, 30):
        while model.objects.count() < total:
            make(tree.council("district"))
        with django_assert_max_num_queries(12) as captured:
            html = client.get(url).content.decode()
        assert f'id="add-{kind}"' in html
        counts.append(len(captured))
    assert counts[0] == counts[1]

"""The petition flow's entry forms through their views: a meeting, an opinion with its items,
each step of an item; every error on its field in Vietnamese, the input kept; the suggestion
while typing scoped; the Excel export equal to the filtered list; who may see the controls."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Export
from tests.factories import system_actor
from tests.voters.conftest import assessed, classified, item, meeting
from voters import services
from voters.models import ContactMeeting, Petition, PetitionItem, PetitionMerge

REQUIRED = "Mục này không được để trống."


def _login(client, tree, who):
    user = tree.users[who]
    client.force_login(user)
    return user


def _errors(response, form="form"):
    return {k: list(v) for k, v in response.context[form].errors.items()}


# --- meetings ------------------------------------------------------------------------------------


def test_a_clerk_of_one_council_records_a_meeting_without_choosing_it(client, tree, people):
    """The commune office has one council: the form is there at once; the meeting is saved
    with its delegates and the clerk is sent on to type its opinions."""
    _login(client, tree, "commune_office")
    url = reverse("voters:meeting_create")
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["council"] == tree.council("commune")
    assert "autofocus" in page.content.decode()
    delegate = people["commune"].delegate
    response = client.post(
        url,
        {
            "kind": "thematic",
            "held_on": "05/03/2024",
            "place": "Nhà văn hóa thôn 1",
            "voters_count": "120",
            "front_cohost": "Ủy ban MTTQ xã Quế Thọ",
            "delegates": [delegate.pk],
            "minutes": "Biên bản số 1",
        },
    )
    made = ContactMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("voters:petition_create", args=[made.pk])
    assert (made.held_on, made.voters_count, made.council) == (
        date(2024, 3, 5),
        120,
        tree.council("commune"),
    )
    assert list(made.delegates.all()) == [delegate]


def test_meeting_form_shows_every_error_at_once_and_keeps_the_input(client, tree, people):
    """Shape errors and the service's rules (a session for a before-session meeting) come
    back together, in Vietnamese, on their fields."""
    _login(client, tree, "province_clerk")
    url = reverse("voters:meeting_create") + f"?council={tree.council('commune').pk}"
    response = client.post(
        url,
        {
            "kind": "before_session",
            "held_on": "31/02/2024",
            "place": "",
            "voters_count": "-3",
            "front_cohost": "MTTQ",
        },
    )
    assert response.status_code == 200
    errors = _errors(response)
    assert errors["held_on"] == ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2025."]
    assert errors["place"] == [REQUIRED]
    assert "voters_count" in errors
    assert errors["session"] == ["Chọn kỳ họp của cuộc tiếp xúc trước, sau kỳ họp."]
    assert 'value="MTTQ"' in response.content.decode()
    assert not ContactMeeting.objects.exists()


def test_a_meeting_is_corrected_and_withdrawn(client, tree):
    made = meeting(tree.council("commune"))
    _login(client, tree, "commune_office")
    response = client.post(
        reverse("voters:meeting_update", args=[made.pk]),
        {"kind": "thematic", "held_on": "10/01/2024", "place": "Hội trường xã"},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.place == "Hội trường xã"

    refused = client.post(reverse("voters:meeting_withdraw", args=[made.pk]), {"reason": ""})
    assert _errors(refused) == {"reason": ["Nhập lý do rút."]}
    client.post(reverse("voters:meeting_withdraw", args=[made.pk]), {"reason": "Nhập trùng"})
    made.refresh_from_db()
    assert made.withdrawal_reason == "Nhập trùng"
    assert client.get(reverse("voters:meeting_detail", args=[made.pk])).status_code == 404


# --- opinions and their items --------------------------------------------------------------------


def _rows(*contents, merge=None):
    data = {"items-TOTAL_FORMS": str(len(contents)), "items-INITIAL_FORMS": "0"}
    for i, content in enumerate(contents):
        data[f"items-{i}-content"] = content
    for i, pk in (merge or {}).items():
        data[f"items-{i}-merge_into"] = str(pk)
    return data


def test_an_opinion_is_typed_with_its_items_and_the_next_one_follows(client, tree):
    made = meeting(tree.council("commune"))
    _login(client, tree, "commune_office")
    url = reverse("voters:petition_create", args=[made.pk])
    page = client.get(url)
    assert len(page.context["rows"].forms) == 3
    response = client.post(
        url,
        {
            "text": "Cử tri đề nghị sửa đường và xây trường",
            "voter_name": "Nguyễn Văn An",
            "save_next": "1",
            **_rows("Sửa đường liên thôn", "", "Xây trường mầm non"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    petition = Petition.objects.get()
    assert (petition.meeting, petition.raised_on) == (made, made.held_on)
    assert [i.content for i in petition.items.order_by("id")] == [
        "Sửa đường liên thôn",
        "Xây trường mầm non",
    ]

    saved = client.post(url, {"text": "Một ý kiến một nội dung", **_rows("", "")})
    assert saved["Location"] == reverse("voters:meeting_detail", args=[made.pk])
    assert Petition.objects.count() == 2


def test_opinion_errors_are_in_vietnamese_on_their_fields(client, tree):
    made = meeting(tree.council("commune"))
    _login(client, tree, "commune_office")
    response = client.post(
        reverse("voters:petition_create", args=[made.pk]),
        {"text": "", "raised_on": "1/1/24x", **_rows("Sửa đường")},
    )
    assert _errors(response) == {
        "text": [REQUIRED],
        "raised_on": ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2025."],
    }
    assert "Sửa đường" in response.content.decode()
    future = client.post(
        reverse("voters:petition_create", args=[made.pk]),
        {"text": "Ý kiến", "raised_on": "01/01/2099", **_rows("Sửa đường")},
    )
    assert "raised_on" in _errors(future)
    assert not Petition.objects.exists()


def test_a_new_item_is_merged_into_the_suggestion_chosen_while_typing(client, tree):
    council = tree.council("commune")
    earlier = item(council, "Đề nghị sửa chữa đường giao thông liên thôn")
    made = meeting(council, held_on=date(2024, 2, 1))
    _login(client, tree, "commune_office")
    response = client.post(
        reverse("voters:petition_create", args=[made.pk]),
        {
            "text": "Đường hỏng",
            **_rows("Sửa chữa đường giao thông liên thôn", "Lắp đèn", merge={0: earlier.pk}),
        },
    )
    assert response.status_code == 302
    first, second = PetitionItem.objects.filter(petition__meeting=made).order_by("id")
    assert (first.merged_into, second.merged_into) == (earlier, None)


def test_merging_into_an_item_out_of_scope_is_refused_on_its_row(client, tree):
    theirs = item(tree.council("sibling_commune"))
    made = meeting(tree.council("commune"))
    _login(client, tree, "commune_office")
    response = client.post(
        reverse("voters:petition_create", args=[made.pk]),
        {"text": "Ý kiến", **_rows("Sửa đường", merge={0: theirs.pk})},
    )
    assert response.status_code == 200
    assert response.context["rows"].forms[0].errors == {
        "content": ["Không tìm thấy nội dung cần gộp vào."]
    }
    assert not Petition.objects.filter(meeting=made).exists()


def test_an_item_row_is_added_without_a_reload(client, tree):
    _login(client, tree, "commune_office")
    council = tree.council("commune")
    response = client.get(reverse("voters:petition_item_row"), {"index": 3, "council": council.pk})
    body = response.content.decode()
    assert 'name="items-3-content"' in body
    assert 'id="id_items-TOTAL_FORMS" hx-swap-oob="true"' in body
    assert 'value="4"' in body
    sibling = tree.council("sibling_commune").pk
    assert (
        client.get(
            reverse("voters:petition_item_row"), {"index": 3, "council": sibling}
        ).status_code
        == 404
    )


# --- suggestions while typing --------------------------------------------------------------------


def test_suggestions_offer_the_similar_item_in_scope_only(client, tree):
    """Typed without diacritics, the similar item of the council's lineage is offered with a
    "merge into" choice; the same text in a sibling province is not."""
    ours = item(tree.council("commune"), "Đề nghị sửa chữa đường giao thông liên thôn")
    theirs = item(tree.council("sibling_commune"), "Đề nghị sửa chữa đường giao thông liên thôn")
    _login(client, tree, "commune_office")
    url = reverse("voters:petition_item_suggest")
    response = client.get(
        url,
        {
            "council": tree.council("commune").pk,
            "row": "items-0",
            "items-0-content": "de nghi sua chua duong giao thong",
        },
    )
    assert [s.pk for s in response.context["found"]] == [ours.pk]
    assert f'name="items-0-merge_into" value="{ours.pk}"' in response.content.decode()
    assert theirs.pk not in {s.pk for s in response.context["found"]}
    out = client.get(url, {"council": tree.council("sibling_commune").pk, "text": "sua duong"})
    assert out.status_code == 404


def test_a_delegate_is_offered_no_merge_choice(client, tree, delegate_user):
    item(tree.council("commune"), "Đề nghị sửa chữa đường giao thông liên thôn")
    client.force_login(delegate_user)
    response = client.get(
        reverse("voters:petition_item_suggest"),
        {
            "council": tree.council("commune").pk,
            "row": "items-0",
            "items-0-content": "sua chua duong giao thong",
        },
    )
    assert response.status_code == 200
    assert "merge_into" not in response.content.decode()


# --- the steps of an item ------------------------------------------------------------------------


def _action(pk, name):
    return reverse("voters:petition_item_action", args=[pk, name])


def test_classify_then_transfer_answer_assess_and_inform(client, tree, people):
    council = tree.council("commune")
    found = item(council)
    _login(client, tree, "commune_office")
    ban, agency = people["commune"].committee, people["commune"].agency

    bad = client.post(_action(found.pk, "classify"), {"competence": "", "field": "nope"})
    assert _errors(bad)["competence"] == [REQUIRED]
    assert "field" in _errors(bad)
    client.post(
        _action(found.pk, "classify"),
        {"competence": "commune", "field": "investment", "ban": ban.pk},
    )
    found.refresh_from_db()
    assert (found.status, found.ban) == (PetitionItem.Status.CLASSIFIED, ban)

    bad = client.post(_action(found.pk, "transfer"), {"transfer_date": "1/13/2024"})
    assert _errors(bad) == {
        "transfer_number": [REQUIRED],
        "transfer_date": ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2025."],
    }
    early = client.post(
        _action(found.pk, "transfer"),
        {"agency": agency.pk, "transfer_number": "12/HĐND", "transfer_date": "01/01/2024"},
    )
    assert _errors(early) == {"transfer_date": ["Ngày không được trước ngày 10/01/2024."]}
    assert 'value="12/HĐND"' in early.content.decode()
    client.post(
        _action(found.pk, "transfer"),
        {"agency": agency.pk, "transfer_number": "12/HĐND", "transfer_date": "15/01/2024"},
    )
    found.refresh_from_db()
    assert (found.status, found.agency, found.obligation_id is not None) == (
        PetitionItem.Status.TRANSFERRED,
        agency,
        True,
    )

    bad = client.post(_action(found.pk, "answer"), {"answered_on": "", "answer": ""})
    assert _errors(bad) == {"answered_on": [REQUIRED], "answer": [REQUIRED]}
    client.post(
        _action(found.pk, "answer"), {"answered_on": "01/02/2024", "answer": "Đã bố trí vốn"}
    )
    client.post(
        _action(found.pk, "assess"), {"assessment": "resolved", "assessed_on": "05/02/2024"}
    )
    bad = client.post(_action(found.pk, "inform"), {"informed_on": "01/01/2024"})
    assert "informed_on" in _errors(bad)  # before the answer
    response = client.post(_action(found.pk, "inform"), {"informed_on": "06/02/2024"})
    assert response["Location"] == reverse("voters:petition_item_detail", args=[found.pk])
    found.refresh_from_db()
    assert (found.status, found.assessment, found.voters_informed_on) == (
        PetitionItem.Status.ASSESSED,
        "resolved",
        date(2024, 2, 6),
    )


def test_a_result_is_reported_at_the_session_then_closed(client, tree):
    found = assessed(tree.council("commune"), assessment="resolved", assessed_on=date(2024, 2, 5))
    _login(client, tree, "commune_office")
    assert client.get(_action(found.pk, "close")).status_code == 403  # not reported yet
    bad = client.post(_action(found.pk, "report"), {"reported_on": "", "report": ""})
    assert _errors(bad) == {
        "reported_on": [REQUIRED],
        "report": ["Nhập số báo cáo hoặc kỳ họp đã báo cáo."],
    }
    early = client.post(_action(found.pk, "report"), {"reported_on": "01/02/2024", "report": "X"})
    assert _errors(early) == {"reported_on": ["Ngày không được trước ngày 05/02/2024."]}
    client.post(
        _action(found.pk, "report"), {"reported_on": "10/07/2024", "report": "Kỳ họp thứ 8"}
    )
    found.refresh_from_db()
    assert found.status == PetitionItem.Status.REPORTED
    client.post(_action(found.pk, "close"), {"closed_on": "11/07/2024", "reason": "Đã giải quyết"})
    found.refresh_from_db()
    notes = list(found.transitions.order_by("id").values_list("to_status", "note"))[-2:]
    assert (found.status, notes) == (
        PetitionItem.Status.CLOSED,
        [("reported", "10/07/2024: Kỳ họp thứ 8"), ("closed", "11/07/2024: Đã giải quyết")],
    )


def test_an_issue_in_progress_is_carried_to_the_next_session_not_closed(client, tree):
    found = assessed(
        tree.council("commune"), assessment="in_progress", assessed_on=date(2024, 2, 5)
    )
    found = services.petition_item_report(
        actor=system_actor(), item=found, reported_on=date(2024, 7, 10), report="Kỳ họp thứ 8"
    )
    _login(client, tree, "commune_office")
    page = client.get(reverse("voters:petition_item_detail", args=[found.pk]))
    offered = {name for name, _ in page.context["actions"]}
    assert "close" not in offered
    assert "assess" in offered
    with pytest.raises(ValidationError) as refused:
        services.petition_item_close(
            actor=system_actor(), item=found, closed_on=date(2024, 7, 11), reason="Xong"
        )
    assert "báo cáo tại kỳ họp sau" in str(refused.value)
    client.post(
        _action(found.pk, "assess"), {"assessment": "resolved", "assessed_on": "01/10/2024"}
    )
    found.refresh_from_db()
    assert (found.status, found.assessment) == (PetitionItem.Status.ASSESSED, "resolved")


def test_split_and_link_to_an_earlier_session(client, tree):
    council = tree.council("commune")
    found = item(council, "Sửa đường và xây trường", raised_on=date(2024, 1, 10))
    earlier = item(council, "Sửa đường", raised_on=date(2023, 6, 1))
    _login(client, tree, "commune_office")
    bad = client.post(_action(found.pk, "split"), {"contents": "Chỉ một"})
    assert _errors(bad) == {"contents": ["Tách thành ít nhất hai nội dung."]}
    client.post(_action(found.pk, "split"), {"contents": "Sửa đường\r\n\r\nXây trường"})
    assert list(found.petition.items.order_by("id").values_list("content", flat=True)) == [
        "Sửa đường",
        "Xây trường",
    ]
    bad = client.post(_action(found.pk, "link"), {"earlier": "999999"})
    assert _errors(bad) == {"earlier": ["Không tìm thấy nội dung mã 999999."]}
    client.post(_action(found.pk, "link"), {"earlier": earlier.pk})
    found.refresh_from_db()
    assert found.repeated_from == earlier


def test_merge_and_unmerge_through_the_pages(client, tree):
    """The compiled item's page offers its look-alikes; merged, then taken back out, with the
    merge row keeping who undid it."""
    council = tree.council("commune")
    into = classified(council, "Đề nghị sửa chữa đường giao thông liên thôn")
    other = classified(council, "Đề nghị sửa chữa đường giao thông liên thôn số 2")
    user = _login(client, tree, "commune_office")
    page = client.get(_action(into.pk, "merge"))
    assert (other.pk, f"#{other.pk} · {other.content}") in page.context["form"].fields[
        "items"
    ].choices
    nothing = client.post(_action(into.pk, "merge"), {})
    assert _errors(nothing) == {"items": ["Chọn nội dung cần gộp."]}
    client.post(_action(into.pk, "merge"), {"items": [other.pk]})
    other.refresh_from_db()
    assert other.merged_into == into
    detail = client.get(reverse("voters:petition_item_detail", args=[into.pk]))
    assert reverse("voters:petition_item_unmerge", args=[other.pk]) in detail.content.decode()

    client.post(reverse("voters:petition_item_unmerge", args=[other.pk]))
    other.refresh_from_db()
    assert other.merged_into is None
    merge = PetitionMerge.objects.get()
    assert (merge.undone_by, merge.undone_at is not None) == (user, True)


# --- permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("commune_office", 200),
        ("province_clerk", 200),
        ("province_standing", 403),  # reads, may not handle
        ("commune_delegate", 404),  # not their own record
        ("sibling_clerk", 404),
        ("no_role", 404),
    ],
)
def test_item_steps_are_scoped(client, tree, who, status):
    found = item(tree.council("commune"))
    _login(client, tree, who)
    assert client.get(_action(found.pk, "classify")).status_code == status
    posted = client.post(
        _action(found.pk, "classify"), {"competence": "commune", "field": "investment"}
    )
    assert posted.status_code == (302 if status == 200 else status)
    assert client.post(reverse("voters:petition_item_unmerge", args=[found.pk])).status_code == (
        302 if status == 200 else status
    )


def test_a_reader_sees_no_controls(client, tree):
    council = tree.council("commune")
    found = item(council)
    made = meeting(council)
    _login(client, tree, "province_standing")
    detail = client.get(reverse("voters:petition_item_detail", args=[found.pk]))
    assert detail.context["actions"] == []
    assert "item-controls" not in detail.content.decode()
    page = client.get(reverse("voters:meeting_detail", args=[made.pk]))
    assert page.status_code == 200
    assert reverse("voters:petition_create", args=[made.pk]) not in page.content.decode()
    for name in ("meeting_update", "meeting_withdraw", "petition_create"):
        assert client.post(reverse(f"voters:{name}", args=[made.pk])).status_code == 403
    assert client.get(reverse("voters:meeting_create")).status_code == 403

    _login(client, tree, "commune_office")
    detail = client.get(reverse("voters:petition_item_detail", args=[found.pk]))
    assert [name for name, _t in detail.context["actions"]] == [
        "split",
        "classify",
        "merge",
        "link",
    ]


@pytest.mark.parametrize("name", ["meeting_detail", "meeting_update", "petition_create"])
def test_a_meeting_out_of_scope_is_not_found(client, tree, name):
    made = meeting(tree.council("sibling_commune"))
    _login(client, tree, "commune_office")
    assert client.get(reverse(f"voters:{name}", args=[made.pk])).status_code == 404


def test_a_delegate_records_their_own_meeting_only(client, tree, people, delegate_user):
    council = tree.council("commune")
    own = meeting(council, delegate=people["commune"].delegate, actor=delegate_user)
    office = meeting(council)
    client.force_login(delegate_user)
    assert client.get(reverse("voters:meeting_detail", args=[office.pk])).status_code == 404
    response = client.post(
        reverse("voters:petition_create", args=[own.pk]), {"text": "Ý kiến", **_rows("")}
    )
    assert response.status_code == 302
    assert Petition.objects.get().meeting == own


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("voters:meeting_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- the meeting's page and the export -----------------------------------------------------------


def test_meeting_page_costs_the_same_for_3_or_30_opinions(
    client, tree, django_assert_max_num_queries
):
    council = tree.council("commune")
    made = meeting(council)
    _login(client, tree, "commune_office")

    def add(n):
        for i in range(n):
            services.petition_create(
                actor=system_actor(),
                meeting=made,
                text=f"Ý kiến {i}",
                voter_name="Nguyễn Văn An",
                items=[f"Nội dung {i}a", f"Nội dung {i}b"],
            )

    add(3)
    url = reverse("voters:meeting_detail", args=[made.pk])
    client.get(url)  # the user's scope, read once per session
    with django_assert_max_num_queries(14) as three:
        client.get(url)
    add(27)
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(url)
    assert len(response.context["petitions"]) == 30
    assert response.context["items_count"] == 60
    assert "Nguyễn Văn An" not in response.content.decode()  # masked without the capability


def test_export_has_exactly_the_filtered_rows(client, tree):
    council = tree.council("commune")
    wanted = [classified(council, f"Giao thông {i}") for i in range(2)]
    item(council, "Chưa phân loại")
    item(tree.council("sibling_commune"), "Giao thông ngoài phạm vi")
    _login(client, tree, "province_clerk")
    filters = {"status": "classified"}
    listed = client.get(reverse("voters:petition_item_list"), filters)
    response = client.get(reverse("voters:petition_item_export"), filters)
    assert response.status_code == 200
    rows = list(
        load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][:2] == ("Mã", "Nội dung kiến nghị")
    assert [row[0] for row in rows[1:]] == [r.pk for r in listed.context["page"]]
    assert {row[0] for row in rows[1:]} == {w.pk for w in wanted}
    assert all(row[4] == "Cấp tỉnh" for row in rows[1:])


def test_big_export_goes_to_a_worker(client, tree, settings):
    settings.EXPORT_SYNC_ROWS = 1
    council = tree.council("commune")
    for i in range(2):
        item(council, f"Nội dung {i}")
    _login(client, tree, "commune_office")
    response = client.get(reverse("voters:petition_item_export"), {"status": "received"})
    export = Export.objects.get()
    assert response.status_code == 302
    assert (export.kind, export.params) == ("voters.petition_items", "status=received")


def test_queued_export_builds_the_filtered_rows_in_the_users_scope(tree, celery_eager):
    from core import exports

    for node in ("commune", "sibling_commune"):
        item(tree.council(node), "Nội dung")
    export = exports.export_start(
        user=tree.users["commune_office"],
        kind="voters.petition_items",
        title="t",
        params="status=received",
        filename="k.xlsx",
    )
    export = exports.export_build(export.pk)
    assert (export.status, export.rows) == (Export.Status.DONE, 1)

"""The entry forms of issue 12 through their views: programmes and items, activities from the
decision to the conclusion, delegation, visits, report requests and recommendations; every
error at once on its field, in Vietnamese; who may act (404 out of scope, 403 for a reader,
a Ban member only their own Ban's)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from followups.models import EscalationEvent, Step
from oversight import services_activities as services
from oversight.activities import (
    ActivityKind,
    ActivityTransition,
    OversightActivity,
    OversightProgramme,
    ProgrammeItem,
    ProgrammeTransition,
    Recommendation,
    ReportRequest,
    Visit,
)
from oversight.services import hearing_create
from resolutions.models import Field
from tests.factories import ResolutionFactory, system_actor
from tests.oversight.conftest import concluded_activity

Status = OversightActivity.Status


def _url(name: str, *args) -> str:
    return reverse(f"oversight:{name}", args=args)


def _login(client, ov, who="district_office"):
    client.force_login(ov.user(who))


def _programme(ov, body=None) -> OversightProgramme:
    return services.programme_create(
        actor=system_actor(), council=ov.district, year=2025, title="Chương trình 2025", body=body
    )


def _item(ov, programme) -> ProgrammeItem:
    return services.item_create(
        actor=system_actor(),
        programme=programme,
        topic="Giám sát giảm nghèo",
        kind=ActivityKind.THEMATIC,
        quarter=2,
        agencies=[ov.agency],
    )


def _activity(ov, body=None, kind=ActivityKind.THEMATIC) -> OversightActivity:
    return services.activity_create(
        actor=system_actor(),
        council=ov.district,
        kind=kind,
        topic="Giám sát bồi thường, giải phóng mặt bằng",
        year=2025,
        body=body,
    )


def _errors(response) -> dict[str, list[str]]:
    form = response.context["form"]
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


# --- programmes --------------------------------------------------------------------------------


def test_clerk_creates_a_programme_and_lands_on_its_board(client, ov):
    _login(client, ov)
    page = client.get(_url("programme_create"))
    assert page.status_code == 200
    assert page.context["council"] == ov.district  # one council: nothing to choose
    response = client.post(
        _url("programme_create") + f"?council={ov.district.pk}",
        {"year": "2025", "body": "", "title": "Chương trình giám sát năm 2025"},
    )
    programme = OversightProgramme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("programme_board", programme.pk)
    assert (programme.council, programme.body, programme.year) == (ov.district, None, 2025)


def test_programme_errors_show_together_on_fields_keeping_input(client, ov):
    _programme(ov)
    _login(client, ov)
    url = _url("programme_create") + f"?council={ov.district.pk}"
    response = client.post(url, {"year": "2025", "body": "", "title": "  "})
    errors = _errors(response)
    assert "title" in errors
    assert not OversightProgramme.objects.filter(title="").exists()
    response = client.post(url, {"year": "2025", "body": "", "title": "Chương trình thứ hai"})
    errors = _errors(response)
    assert errors["year"] == ["Năm 2025 đã có chương trình giám sát của cơ quan này."]
    assert 'value="Chương trình thứ hai"' in response.content.decode()


def test_clerk_edits_adopts_by_resolution_and_withdraws(client, ov):
    programme = _programme(ov)
    resolution = ResolutionFactory(council=ov.district, title="Chương trình giám sát năm 2025")
    _login(client, ov)
    client.post(_url("programme_edit", programme.pk), {"title": "Chương trình đã sửa"})
    programme.refresh_from_db()
    assert programme.title == "Chương trình đã sửa"
    # The council's programme needs its resolution and a date: both said at once.
    response = client.post(_url("programme_adopt", programme.pk), {"adopted_on": ""})
    errors = _errors(response)
    assert errors["adopted_on"] == ["Nhập ngày thông qua, ban hành."]
    assert errors["resolution"] == [
        "Chương trình của HĐND được thông qua bằng nghị quyết: chọn nghị quyết."
    ]
    response = client.post(
        _url("programme_adopt", programme.pk),
        {"adopted_on": "12/12/2024", "resolution": resolution.pk},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == OversightProgramme.Status.ADOPTED
    assert programme.resolution == resolution
    move = ProgrammeTransition.objects.get(programme=programme)
    assert (move.from_status, move.to_status, move.actor) == (
        "draft",
        "adopted",
        ov.user("district_office"),
    )
    board = client.get(_url("programme_board", programme.pk)).content.decode()
    assert reverse("resolutions:resolution_detail", args=[resolution.pk]) in board
    response = client.post(_url("programme_withdraw", programme.pk), {"reason": ""})
    assert _errors(response)["reason"] == ["Nhập lý do rút."]
    client.post(_url("programme_withdraw", programme.pk), {"reason": "Nhập trùng"})
    programme.refresh_from_db()
    assert programme.withdrawn
    assert programme.withdrawal_reason == "Nhập trùng"


def test_items_are_added_edited_and_withdrawn_from_the_board(client, ov):
    programme = _programme(ov)
    _login(client, ov)
    response = client.post(
        _url("item_create", programme.pk),
        {"topic": "", "kind": "nope", "quarter": "5", "agencies": [ov.agency.pk]},
    )
    assert {"topic", "kind", "quarter"} <= set(_errors(response))
    client.post(
        _url("item_create", programme.pk),
        {
            "topic": "Khảo sát y tế cơ sở",
            "kind": "survey",
            "quarter": "3",
            "agencies": [ov.agency.pk],
        },
    )
    item = ProgrammeItem.objects.get()
    assert (item.quarter, list(item.agencies.all())) == (3, [ov.agency])
    board = client.get(_url("programme_board", programme.pk)).content.decode()
    assert _url("item_edit", item.pk) in board
    assert _url("item_activity_create", item.pk) in board
    client.post(
        _url("item_edit", item.pk),
        {"topic": "Khảo sát y tế xã", "kind": "survey", "quarter": "4", "agencies": []},
    )
    item.refresh_from_db()
    assert (item.topic, item.quarter, item.agencies.count()) == ("Khảo sát y tế xã", 4, 0)
    client.post(_url("item_withdraw", item.pk), {"reason": "Không thực hiện"})
    item.refresh_from_db()
    assert item.withdrawn


# --- activities --------------------------------------------------------------------------------


def test_activity_from_a_programme_item_copies_it(client, ov):
    item = _item(ov, _programme(ov))
    _login(client, ov)
    page = client.get(_url("item_activity_create", item.pk))
    form = page.context["form"]
    assert form.initial["topic"] == item.topic
    assert form.initial["programme_item"] == item.pk
    response = client.post(
        _url("item_activity_create", item.pk),
        {
            "kind": "thematic",
            "topic": item.topic,
            "year": "2025",
            "programme_item": item.pk,
            "agencies": [ov.agency.pk],
        },
    )
    activity = OversightActivity.objects.get()
    assert response["Location"] == _url("activity_detail", activity.pk)
    assert activity.programme_item == item
    assert list(activity.agencies.all()) == [ov.agency]


def test_standalone_activity_errors_all_at_once(client, ov):
    _login(client, ov)
    url = _url("activity_create") + f"?council={ov.district.pk}"
    response = client.post(
        url,
        {
            "kind": "reoversight",
            "topic": "Tái giám sát",
            "year": "2025",
            "period_from": "01/01/2024",
            "period_to": "01/01/2023",
            "decision_date": "10/03/2025",
            "plan_date": "01/03/2025",
        },
    )
    errors = _errors(response)
    assert errors["period_to"] == ["Thời kỳ giám sát: ngày cuối trước ngày đầu."]
    assert errors["plan_date"] == ["Kế hoạch không được trước quyết định thành lập đoàn."]
    assert errors["reoversight_of"] == ["Chọn hoạt động giám sát được tái giám sát."]
    assert not OversightActivity.objects.exists()
    assert 'value="01/01/2024"' in response.content.decode()


def test_state_moves_through_the_pages_with_audit_rows(client, ov):
    activity = _activity(ov)
    _login(client, ov)
    detail = client.get(_url("activity_detail", activity.pk)).content.decode()
    assert _url("activity_move", activity.pk, "decided") in detail
    # Deciding needs the decision's number and date, both said at once.
    response = client.post(_url("activity_move", activity.pk, "decided"), {})
    errors = _errors(response)
    assert errors["decision_number"] == ["Nhập số quyết định thành lập đoàn."]
    assert errors["decision_date"] == ["Nhập ngày quyết định thành lập đoàn."]
    client.post(
        _url("activity_move", activity.pk, "decided"),
        {"decision_number": "12/QĐ-HĐND", "decision_date": "03/03/2025"},
    )
    activity.refresh_from_db()
    assert (activity.status, activity.decision_number) == (Status.DECIDED, "12/QĐ-HĐND")
    client.post(_url("activity_move", activity.pk, "in_progress"), {})
    client.post(_url("activity_move", activity.pk, "reporting"), {})
    # Concluding takes the report's five parts and its date: every missing part is named.
    response = client.post(_url("activity_move", activity.pk, "concluded"), {"results": "Đạt"})
    errors = _errors(response)
    assert set(errors) == {
        "general_assessment",
        "advantages_difficulties",
        "shortcomings_causes",
        "proposals",
        "concluded_on",
    }
    assert errors["proposals"] == ["Nhập phần “kiến nghị, đề xuất” của báo cáo."]
    assert "Đạt" in response.content.decode()
    client.post(
        _url("activity_move", activity.pk, "concluded"),
        {
            "concluded_on": "01/04/2025",
            "conclusion_reference": "25/BC-HĐND",
            "general_assessment": "Cơ bản đạt.",
            "advantages_difficulties": "Thuận lợi.",
            "results": "Đạt.",
            "shortcomings_causes": "Chậm.",
            "proposals": "Đẩy nhanh.",
        },
    )
    activity.refresh_from_db()
    assert activity.status == Status.CONCLUDED
    moves = list(
        ActivityTransition.objects.filter(activity=activity)
        .order_by("id")
        .values_list("from_status", "to_status", "actor")
    )
    actor = ov.user("district_office").pk
    assert moves == [
        ("planned", "decided", actor),
        ("decided", "in_progress", actor),
        ("in_progress", "reporting", actor),
        ("reporting", "concluded", actor),
    ]
    detail = client.get(_url("activity_detail", activity.pk)).content.decode()
    assert _url("activity_edit", activity.pk) not in detail  # an ended activity is not edited


def test_cancel_needs_a_reason_and_a_survey_starts_without_delegation(client, ov):
    survey = _activity(ov, kind=ActivityKind.SURVEY)
    _login(client, ov)
    response = client.post(_url("activity_move", survey.pk, "cancelled"), {"note": ""})
    assert _errors(response)["note"] == ["Ghi rõ lý do khi chuyển sang “Không tiến hành”."]
    client.post(_url("activity_move", survey.pk, "in_progress"), {})
    survey.refresh_from_db()
    assert survey.status == Status.IN_PROGRESS
    assert client.get(_url("activity_move", survey.pk, "planned")).status_code == 404


def test_edit_members_visits_and_withdraw(client, ov):
    activity = _activity(ov)
    _login(client, ov)
    response = client.post(
        _url("activity_edit", activity.pk),
        {"topic": "Giám sát đã sửa", "agencies": [ov.other_agency.pk], "findings": "Ghi nhận"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.topic == "Giám sát đã sửa"
    assert activity.findings == "Ghi nhận"
    head, other = ov.ct.member_delegate, ov.ct.other_delegate
    response = client.post(
        _url("activity_members", activity.pk),
        {"head": head.pk, "members": [head.pk, other.pk], "invited_members": "Sở Tài chính"},
    )
    assert _errors(response)["members"] == ["Một đại biểu được ghi hai lần."]
    client.post(
        _url("activity_members", activity.pk),
        {"head": head.pk, "members": [other.pk], "invited_members": "Sở Tài chính"},
    )
    assert {(m.delegate, m.role) for m in activity.memberships.all()} == {
        (head, "head"),
        (other, "member"),
    }
    response = client.post(_url("visit_add", activity.pk), {"visit_on": "", "place": ""})
    errors = _errors(response)
    assert "visit_on" in errors or "place" in errors
    client.post(_url("visit_add", activity.pk), {"visit_on": "05/03/2025", "agency": ov.agency.pk})
    visit = Visit.objects.get()
    detail = client.get(_url("activity_detail", activity.pk)).content.decode()
    assert _url("visit_remove", visit.pk) in detail
    assert client.get(_url("visit_remove", visit.pk)).status_code == 405
    client.post(_url("visit_remove", visit.pk))
    assert not Visit.objects.exists()
    client.post(_url("activity_withdraw", activity.pk), {"reason": "Nhập nhầm"})
    activity.refresh_from_db()
    assert activity.withdrawn


def test_report_request_supplement_and_receipt(client, ov):
    activity = _activity(ov)
    _login(client, ov)
    response = client.post(_url("report_request_create", activity.pk), {"subject": ""})
    errors = _errors(response)
    assert errors["agency"] == ["Chọn cơ quan được yêu cầu báo cáo."]
    assert {"subject", "requested_on", "due_on"} <= set(errors)
    client.post(
        _url("report_request_create", activity.pk),
        {
            "agency": ov.agency.pk,
            "subject": "Báo cáo công tác bồi thường",
            "requested_on": "03/03/2025",
            "due_on": "20/03/2025",
        },
    )
    first = ReportRequest.objects.get()
    assert first.due_on == date(2025, 3, 20)
    response = client.post(
        _url("report_request_supplement", first.pk), {"requested_on": "01/03/2025"}
    )
    assert "03/03/2025" in _errors(response)["requested_on"][0]
    client.post(_url("report_request_supplement", first.pk), {"requested_on": "24/03/2025"})
    extra = ReportRequest.objects.exclude(pk=first.pk).get()
    assert extra.supplements == first
    assert extra.due_on > date(2025, 3, 24)
    client.post(_url("report_request_receive", first.pk), {"received_on": "18/03/2025"})
    first.refresh_from_db()
    assert first.received_on == date(2025, 3, 18)


def test_recommendation_create_edit_hearing_reoversee_withdraw(client, ov):
    activity = concluded_activity(ov)
    _login(client, ov)
    response = client.post(_url("recommendation_create", activity.pk), {"content": "", "field": ""})
    errors = _errors(response)
    assert {"content", "field"} <= set(errors)
    response = client.post(
        _url("recommendation_create", activity.pk),
        {
            "agency": ov.agency.pk,
            "content": "Hoàn thành cấp giấy chứng nhận",
            "field": Field.LAND,
            "issued_on": "01/04/2025",
            "due_on": "31/05/2025",
        },
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.obligation.due_on == date(2025, 5, 31)
    client.post(
        _url("recommendation_edit", rec.pk),
        {"content": "Hoàn thành cấp giấy chứng nhận quyền sử dụng đất", "field": Field.LAND},
    )
    rec.refresh_from_db()
    assert rec.content.endswith("quyền sử dụng đất")
    hearing = hearing_create(
        actor=system_actor(),
        council=ov.district,
        body=ov.ban,
        held_on=date(2025, 6, 20),
        topic="Chậm cấp giấy chứng nhận",
        agency=ov.agency,
    )
    client.post(_url("recommendation_hearing", rec.pk), {"hearing": hearing.pk})
    assert list(rec.hearings.all()) == [hearing]
    again = concluded_activity(
        ov, kind=ActivityKind.REOVERSIGHT, topic="Tái giám sát đất đai", reoversight_of=activity
    )
    response = client.post(_url("recommendation_reoversee", rec.pk), {"reoversight": again.pk})
    assert "happened_on" in _errors(response)  # the ladder's dates never go back
    client.post(
        _url("recommendation_reoversee", rec.pk),
        {"reoversight": again.pk, "happened_on": "01/07/2025"},
    )
    rec.refresh_from_db()
    assert rec.reoversight == again
    steps = EscalationEvent.objects.filter(obligation=rec.obligation).values_list("step", flat=True)
    assert list(steps) == [Step.EXPLANATION, Step.REOVERSIGHT]
    client.post(_url("recommendation_withdraw", rec.pk), {"reason": "Trùng"})
    rec.obligation.refresh_from_db()
    assert rec.obligation.withdrawn
    assert client.get(_url("recommendation_edit", rec.pk)).status_code == 404


# --- who may -----------------------------------------------------------------------------------


def _write_urls(ov) -> dict[str, str]:
    programme = _programme(ov)
    item = _item(ov, programme)
    activity = concluded_activity(ov)
    open_activity = _activity(ov)
    rec = services.recommendation_create(
        actor=system_actor(),
        activity=activity,
        agency=ov.agency,
        content="Kiến nghị",
        field=Field.LAND,
        due_on=date(2025, 5, 31),
    )
    request = services.report_request_create(
        actor=system_actor(),
        activity=open_activity,
        agency=ov.agency,
        subject="Báo cáo",
        requested_on=date(2025, 3, 3),
        due_on=date(2025, 3, 20),
    )
    visit = services.visit_add(
        actor=system_actor(), activity=open_activity, visit_on=date(2025, 3, 5), place="Xã A"
    )
    return {
        "programme_edit": _url("programme_edit", programme.pk),
        "programme_adopt": _url("programme_adopt", programme.pk),
        "programme_withdraw": _url("programme_withdraw", programme.pk),
        "item_create": _url("item_create", programme.pk),
        "item_edit": _url("item_edit", item.pk),
        "item_withdraw": _url("item_withdraw", item.pk),
        "item_activity": _url("item_activity_create", item.pk),
        "activity_edit": _url("activity_edit", open_activity.pk),
        "activity_move": _url("activity_move", open_activity.pk, "cancelled"),
        "activity_withdraw": _url("activity_withdraw", open_activity.pk),
        "members": _url("activity_members", open_activity.pk),
        "visit_add": _url("visit_add", open_activity.pk),
        "visit_remove": _url("visit_remove", visit.pk),
        "request": _url("report_request_create", open_activity.pk),
        "supplement": _url("report_request_supplement", request.pk),
        "receive": _url("report_request_receive", request.pk),
        "rec_create": _url("recommendation_create", activity.pk),
        "rec_edit": _url("recommendation_edit", rec.pk),
        "rec_withdraw": _url("recommendation_withdraw", rec.pk),
        "rec_hearing": _url("recommendation_hearing", rec.pk),
        "rec_reoversee": _url("recommendation_reoversee", rec.pk),
    }


@pytest.mark.parametrize(("who", "status"), [("sibling_clerk", 404), ("commune_office", 404)])
def test_out_of_scope_users_get_404_on_every_form(client, ov, who, status):
    urls = _write_urls(ov)
    _login(client, ov, who)
    for name, url in urls.items():
        assert client.post(url, {"reason": "x", "note": "x"}).status_code == status, name


def test_read_only_standing_committee_sees_no_controls_and_is_refused(client, ov):
    urls = _write_urls(ov)
    before = (ActivityTransition.objects.count(), OversightProgramme.objects.count())
    _login(client, ov, "province_standing")
    for name, url in urls.items():
        assert client.post(url, {"reason": "x", "note": "x"}).status_code == 403, name
    assert (ActivityTransition.objects.count(), OversightProgramme.objects.count()) == before
    assert client.get(_url("programme_create")).status_code == 403
    assert client.get(_url("activity_create")).status_code == 403
    programme = OversightProgramme.objects.get()
    for page in (
        _url("programme_list"),
        _url("programme_board", programme.pk),
        *(_url("activity_detail", a.pk) for a in OversightActivity.objects.all()),
    ):
        html = client.get(page).content.decode()
        for control in ("/edit/", "/withdraw/", "/new/", "/move/", "/remove/"):
            assert control not in html, (page, control)


def test_ban_member_runs_only_their_own_ban(client, ov):
    _login(client, ov, "ban_member")
    page = client.get(_url("programme_create"))
    assert page.context["council"] == ov.district
    form = page.context["form"]
    assert list(form.fields["body"].queryset) == [ov.ban]  # not the council's, not another Ban
    url = _url("programme_create") + f"?council={ov.district.pk}"
    response = client.post(url, {"year": "2025", "body": ov.other_ban.pk, "title": "Khác"})
    assert "body" in _errors(response)
    response = client.post(url, {"year": "2025", "body": "", "title": "Của HĐND"})
    assert "body" in _errors(response)
    assert not OversightProgramme.objects.exists()
    client.post(url, {"year": "2025", "body": ov.ban.pk, "title": "Chương trình của Ban"})
    own = OversightProgramme.objects.get()
    assert own.body == ov.ban
    assert client.get(_url("programme_edit", own.pk)).status_code == 200
    council_activity = _activity(ov)
    other_ban_activity = _activity(ov, body=ov.other_ban)
    ban_activity = _activity(ov, body=ov.ban)
    for activity in (council_activity, other_ban_activity):
        assert client.post(_url("activity_edit", activity.pk), {"topic": "x"}).status_code == 403
        html = client.get(_url("activity_detail", activity.pk)).content.decode()
        assert _url("activity_edit", activity.pk) not in html
    html = client.get(_url("activity_detail", ban_activity.pk)).content.decode()
    assert _url("activity_edit", ban_activity.pk) in html
    client.post(
        _url("activity_move", ban_activity.pk, "decided"),
        {"decision_number": "3/QĐ-BPC", "decision_date": "03/03/2025"},
    )
    ban_activity.refresh_from_db()
    assert ban_activity.status == Status.DECIDED


def test_board_with_controls_costs_the_same_for_few_or_many_items(client, ov):
    programme = _programme(ov)
    ban_programme = _programme(ov, body=ov.ban)
    _login(client, ov)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("programme_board", programme.pk)).status_code == 200
        return len(queries)

    _item(ov, programme)
    _item(ov, ban_programme)
    count()  # the scope's lineage read once and cached
    few = count()
    for _ in range(10):
        _item(ov, programme)
        _item(ov, ban_programme)
    assert count() == few

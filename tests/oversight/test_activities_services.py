"""Programmes, activities and recommendations through their services (issue 12): state moves
with audit rows, every error at once, the engine's obligations, Ban and delegate-group rights."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from councils import rules
from councils.models import CouncilSetting
from followups import services as followups
from followups.models import EscalationEvent, Obligation, Step, Unit
from oversight import services_activities as services
from oversight.activities import (
    ActivityKind,
    ActivityTransition,
    OversightActivity,
    OversightProgramme,
    ProgrammeTransition,
    Recommendation,
)
from oversight.services import hearing_create
from resolutions.models import Field
from tests.factories import AgencyFactory, ResolutionFactory, system_actor
from tests.oversight.conftest import concluded_activity


def _activity(ov, who="province_clerk", body=None, **kwargs):
    return services.activity_create(
        actor=ov.user(who),
        council=ov.district,
        kind=kwargs.pop("kind", ActivityKind.THEMATIC),
        topic=kwargs.pop("topic", "Giám sát công tác bồi thường, giải phóng mặt bằng"),
        year=2025,
        body=body,
        **kwargs,
    )


def test_activity_moves_from_decision_to_conclusion_with_an_audit_row_each(ov):
    """planned → decided → in progress → reporting → concluded; each move keeps who, from, to."""
    activity = concluded_activity(ov)
    assert activity.status == OversightActivity.Status.CONCLUDED
    moves = list(
        ActivityTransition.objects.filter(activity=activity).values_list("from_status", "to_status")
    )
    assert moves == [
        ("planned", "decided"),
        ("decided", "in_progress"),
        ("in_progress", "reporting"),
        ("reporting", "concluded"),
    ]
    assert activity.proposals == "Đẩy nhanh giải ngân vốn."
    assert activity.legal_basis == rules.OVERSIGHT_BASIS_2015


def test_legal_basis_follows_the_decision_date():
    """Law 87/2015 until 28/2/2026, Law 121/2025 from 1/3/2026 (DOMAIN.md §1)."""
    assert rules.oversight_basis(date(2026, 2, 28)) == rules.OVERSIGHT_BASIS_2015
    assert rules.oversight_basis(date(2026, 3, 1)) == rules.OVERSIGHT_BASIS_2025
    rule = rules.RULES[rules.SUPPLEMENTARY_REPORT_DAYS]
    assert rule.basis_on(date(2026, 2, 28))[1].startswith(rules.OVERSIGHT_BASIS_2015)
    assert rule.basis_on(date(2026, 3, 1))[1].startswith(rules.OVERSIGHT_BASIS_2025)


def test_thematic_oversight_needs_the_decision_first(ov):
    """Deciding without the decision's number and date is refused on both fields, no audit row;
    field work without a delegation is refused for a thematic oversight, allowed for a survey."""
    activity = _activity(ov)
    with pytest.raises(ValidationError) as exc:
        services.activity_transition(
            actor=ov.user("province_clerk"), activity=activity, to=OversightActivity.Status.DECIDED
        )
    assert set(exc.value.message_dict) == {"decision_number", "decision_date"}
    with pytest.raises(ValidationError) as exc:
        services.activity_transition(
            actor=ov.user("province_clerk"),
            activity=activity,
            to=OversightActivity.Status.IN_PROGRESS,
        )
    assert exc.value.code == "needs_decision"
    assert not ActivityTransition.objects.filter(activity=activity).exists()
    survey = _activity(ov, kind=ActivityKind.SURVEY, topic="Khảo sát trường học")
    survey = services.activity_transition(
        actor=ov.user("province_clerk"), activity=survey, to=OversightActivity.Status.IN_PROGRESS
    )
    assert survey.status == OversightActivity.Status.IN_PROGRESS


def test_conclusion_needs_its_five_parts_all_reported_at_once(ov):
    activity = _activity(ov, kind=ActivityKind.SURVEY)
    actor = ov.user("province_clerk")
    for to in (OversightActivity.Status.IN_PROGRESS, OversightActivity.Status.REPORTING):
        activity = services.activity_transition(actor=actor, activity=activity, to=to)
    with pytest.raises(ValidationError) as exc:
        services.activity_conclude(
            actor=actor,
            activity=activity,
            general_assessment="Đạt",
            advantages_difficulties="",
            results="",
            shortcomings_causes=" ",
            proposals="",
            concluded_on=None,
        )
    assert set(exc.value.message_dict) == {
        "advantages_difficulties",
        "results",
        "shortcomings_causes",
        "proposals",
        "concluded_on",
    }
    activity.refresh_from_db()
    assert activity.status == OversightActivity.Status.REPORTING
    assert activity.general_assessment == ""


def test_going_back_to_field_work_needs_a_reason(ov):
    activity = _activity(ov, kind=ActivityKind.SURVEY)
    actor = ov.user("province_clerk")
    for to in (OversightActivity.Status.IN_PROGRESS, OversightActivity.Status.REPORTING):
        activity = services.activity_transition(actor=actor, activity=activity, to=to)
    with pytest.raises(ValidationError) as exc:
        services.activity_transition(
            actor=actor, activity=activity, to=OversightActivity.Status.IN_PROGRESS
        )
    assert "note" in exc.value.message_dict
    back = services.activity_transition(
        actor=actor,
        activity=activity,
        to=OversightActivity.Status.IN_PROGRESS,
        note="Cần khảo sát thêm hai xã.",
    )
    assert back.transitions.last().note == "Cần khảo sát thêm hai xã."


def test_create_reports_every_error_at_once(ov, cap_tree):
    """A body of another council, an agency outside the area, an empty topic, a bad year, a
    period backwards: all on their fields, nothing written."""
    sibling_agency = AgencyFactory(council=cap_tree.councils["sibling"], name="UBND tỉnh khác")
    province_body = ov.ban  # the district's Ban, offered for the province
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            actor=ov.user("province_clerk"),
            council=cap_tree.councils["province"],
            kind=ActivityKind.THEMATIC,
            topic=" ",
            year=20255,
            body=None,
            agencies=[sibling_agency],
            period_from=date(2024, 1, 1),
            period_to=date(2023, 1, 1),
        )
    assert set(exc.value.message_dict) >= {"topic", "year", "agencies", "period_to"}
    with pytest.raises(PermissionDenied):  # a Ban of another council is never run from here
        services.activity_create(
            actor=ov.user("province_clerk"),
            council=cap_tree.councils["province"],
            kind=ActivityKind.SURVEY,
            topic="x",
            year=2025,
            body=province_body,
        )
    assert not OversightActivity.objects.exists()


# --- rights: Ban and delegate group ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "body", "allowed"),
    [
        ("ban_member", "ban", True),
        ("ban_member", "other_ban", False),
        ("ban_member", "group", False),
        ("ban_member", None, False),  # the council's own delegation: the office's
        ("group_member", "group", True),
        ("group_member", "ban", False),
        ("district_office", "other_ban", True),
        ("district_office", None, True),
        ("province_clerk", "group", True),
        ("province_standing", "ban", False),  # sees everything, runs nothing
        ("commune_office", "ban", False),
        ("sibling_clerk", "ban", False),
    ],
)
def test_who_runs_which_oversight(ov, who, body, allowed):
    """A Ban member runs their own Ban's oversight, a group member their group's; the office
    runs all of its council's; the standing committee reads, and a sibling nothing."""
    target = getattr(ov, body) if body else None
    if allowed:
        activity = _activity(ov, who=who, body=target)
        assert activity.body == target
    else:
        with pytest.raises(PermissionDenied):
            _activity(ov, who=who, body=target)


def test_ban_member_moves_and_records_recommendations_of_their_ban_only(ov):
    """The Ban member concludes their Ban's activity and follows its recommendations on the
    engine (extend, close), but touches nothing of another Ban's."""
    member = ov.user("ban_member")
    mine = concluded_activity(ov, body=ov.ban)
    theirs = concluded_activity(ov, body=ov.other_ban)
    rec = services.recommendation_create(
        actor=member,
        activity=mine,
        agency=ov.agency,
        content="Rà soát hộ nghèo phát sinh",
        field=Field.SOCIAL,
        due_on=date(2025, 6, 30),
    )
    assert rec.obligation.kind == Obligation.Kind.OVERSIGHT_RECOMMENDATION
    assert rec.obligation.source == rec
    followups.obligation_extend(
        actor=member,
        obligation=rec.obligation,
        new_due_on=date(2025, 9, 30),
        reason="Chờ kinh phí",
        document_number="5/UBND",
        document_date=date(2025, 6, 1),
    )
    with pytest.raises(PermissionDenied):
        services.recommendation_create(
            actor=member,
            activity=theirs,
            agency=ov.agency,
            content="x",
            field=Field.SOCIAL,
            due_on=date(2025, 6, 30),
        )
    other = services.recommendation_create(
        actor=system_actor(),
        activity=theirs,
        agency=ov.agency,
        content="Kiến nghị của Ban khác",
        field=Field.BUDGET,
        due_on=date(2025, 6, 30),
    )
    with pytest.raises(PermissionDenied):
        followups.obligation_close(
            actor=member,
            obligation=other.obligation,
            outcome=Obligation.Outcome.DONE,
            ended_on=date(2025, 5, 1),
        )
    assert Recommendation.objects.count() == 2


# --- programmes --------------------------------------------------------------------------------


def test_council_programme_is_adopted_by_its_resolution(ov):
    actor = ov.user("district_office")
    programme = services.programme_create(
        actor=actor, council=ov.district, year=2025, title="Chương trình giám sát năm 2025"
    )
    with pytest.raises(ValidationError) as exc:
        services.programme_adopt(actor=actor, programme=programme, adopted_on=date(2024, 7, 12))
    assert "resolution" in exc.value.message_dict
    resolution = ResolutionFactory(council=ov.district)
    programme = services.programme_adopt(
        actor=actor, programme=programme, adopted_on=date(2024, 7, 12), resolution=resolution
    )
    assert programme.status == OversightProgramme.Status.ADOPTED
    assert programme.document_number == resolution.number
    assert ProgrammeTransition.objects.filter(programme=programme, to_status="adopted").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.programme_create(actor=actor, council=ov.district, year=2025, title="Lần hai")
    assert exc.value.message_dict.keys() == {"year"}


def test_items_check_quarter_body_and_agencies_together(ov, cap_tree):
    actor = ov.user("ban_member")
    programme = services.programme_create(
        actor=actor, council=ov.district, year=2025, title="Chương trình của Ban", body=ov.ban
    )
    outside = AgencyFactory(council=cap_tree.councils["province"], name="Sở Tài chính")
    with pytest.raises(ValidationError) as exc:
        services.item_create(
            actor=actor,
            programme=programme,
            topic="",
            kind="nonsense",
            quarter=5,
            agencies=[outside],
        )
    assert set(exc.value.message_dict) == {"topic", "kind", "quarter", "agencies"}
    item = services.item_create(
        actor=actor,
        programme=programme,
        topic="Giám sát an toàn thực phẩm",
        kind=ActivityKind.THEMATIC,
        quarter=2,
        agencies=[ov.agency],
    )
    assert item.body == ov.ban  # the programme's body unless told
    assert list(item.agencies.all()) == [ov.agency]


# --- report requests and recommendations on the engine ------------------------------------------


def test_supplementary_report_is_due_within_the_council_rule(ov):
    """5 working days from the request by default (Friday 4/4/2025 → Monday 14/4/2025: 7/4 is
    the Hùng Kings' day); a council's own dated setting wins."""
    activity = concluded_activity(ov)
    actor = ov.user("district_office")
    request = services.report_request_create(
        actor=actor,
        activity=activity,
        agency=ov.agency,
        subject="Báo cáo kết quả giảm nghèo 2021-2024",
        requested_on=date(2025, 3, 5),
        due_on=date(2025, 3, 20),
    )
    assert request.obligation.kind == Obligation.Kind.REPORT_REQUEST
    assert request.due_on == date(2025, 3, 20)
    extra = services.report_request_supplement(
        actor=actor, request=request, requested_on=date(2025, 4, 4)
    )
    assert extra.supplements == request
    assert extra.obligation.due_on == date(2025, 4, 14)
    CouncilSetting.objects.create(
        council=ov.district,
        key=rules.SUPPLEMENTARY_REPORT_UNIT,
        value=Unit.CALENDAR_DAYS,
        legal_basis="Quy chế của HĐND huyện",
        valid_from=date(2025, 1, 1),
    )
    ov.district.__dict__.pop("_hdnd_rules", None)
    assert services.supplementary_due(ov.district, date(2025, 4, 4)) == date(2025, 4, 9)
    received = services.report_request_receive(
        actor=actor, request=request, received_on=date(2025, 3, 25), reference="30/BC-UBND"
    )
    assert received.received_on == date(2025, 3, 25)
    assert received.obligation.outcome == Obligation.Outcome.DONE


def test_recommendation_errors_come_together_and_write_nothing(ov):
    activity = concluded_activity(ov)
    before = Obligation.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.recommendation_create(
            actor=ov.user("district_office"),
            activity=activity,
            agency=ov.agency,
            content="",
            field="weather",
            due_on=date(2025, 1, 1),  # before the day it was made
        )
    assert set(exc.value.message_dict) == {"content", "field", "due_on"}
    assert Obligation.objects.count() == before
    assert not Recommendation.objects.exists()


def test_hearing_and_reoversight_are_steps_of_the_ladder(ov):
    """An explanation session on a late recommendation, then the re-oversight that checks it:
    two dated steps of the engine's ladder, and the links kept."""
    actor = ov.user("district_office")
    activity = concluded_activity(ov)
    rec = services.recommendation_create(
        actor=actor,
        activity=activity,
        agency=ov.agency,
        content="Hoàn thành cấp giấy chứng nhận quyền sử dụng đất",
        field=Field.LAND,
        due_on=date(2025, 5, 31),
    )
    standing = ov.ban  # hearings are held by the standing committee or a Ban
    hearing = hearing_create(
        actor=actor,
        council=ov.district,
        body=standing,
        held_on=date(2025, 6, 20),
        topic="Chậm cấp giấy chứng nhận",
        agency=ov.agency,
    )
    services.recommendation_hearing_link(actor=actor, recommendation=rec, hearing=hearing)
    again = concluded_activity(
        ov, kind=ActivityKind.REOVERSIGHT, topic="Tái giám sát đất đai", reoversight_of=activity
    )
    with pytest.raises(ValidationError) as exc:  # the ladder's dates never go back
        services.recommendation_reoversee(actor=actor, recommendation=rec, reoversight=again)
    assert "happened_on" in exc.value.message_dict
    rec = services.recommendation_reoversee(
        actor=actor, recommendation=rec, reoversight=again, happened_on=date(2025, 7, 1)
    )
    assert rec.reoversight == again
    assert list(rec.hearings.all()) == [hearing]
    steps = list(
        EscalationEvent.objects.filter(obligation=rec.obligation).values_list("step", flat=True)
    )
    assert steps == [Step.EXPLANATION, Step.REOVERSIGHT]


def test_withdrawn_recommendation_leaves_the_engine_lists(ov):
    actor = ov.user("district_office")
    rec = services.recommendation_create(
        actor=actor,
        activity=concluded_activity(ov),
        agency=ov.agency,
        content="Kiến nghị nhập nhầm",
        field=Field.OTHER,
        due_on=date(2025, 5, 31),
    )
    rec = services.recommendation_withdraw(actor=actor, recommendation=rec, reason="Nhập nhầm")
    assert rec.obligation.withdrawn
    with pytest.raises(ValidationError):
        services.recommendation_update(
            actor=actor, recommendation=rec, content="Sửa", field=Field.OTHER
        )

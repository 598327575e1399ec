"""The follow-up services: deadlines computed, extensions, reports, the ladder, closing."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from followups import selectors, services
from followups.models import (
    EscalationEvent,
    EvidenceFile,
    Obligation,
    ObligationExtension,
    ObligationReport,
    Step,
    Unit,
    obligation_state,
)
from tests.factories import ObligationFactory, pdf_upload

State, Outcome = Obligation.State, Obligation.Outcome


@pytest.fixture
def council(tree):
    return tree.council("province")


@pytest.fixture
def clerk(tree):
    return tree.users["province_clerk"]


def _errors(exc) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in exc.value.error_dict.items()}


# --- creating ----------------------------------------------------------------------------------


def test_create_computes_the_due_date_from_the_time_limit(council, clerk, people):
    ob = services.obligation_create(
        actor=clerk,
        council=council,
        kind=Obligation.Kind.OVERSIGHT_RECOMMENDATION,
        title="Hoàn thành giải phóng mặt bằng dự án",
        owed_by=people["province"].agency,
        start_on=date(2025, 1, 20),
        term_count=10,
        term_unit=Unit.WORKING_DAYS,
    )
    assert ob.due_on == date(2025, 2, 10)  # across Tết 2025
    assert ob.history.count() == 1
    assert ob.history.first().history_user == clerk


def test_create_takes_the_date_the_document_fixes(council, clerk):
    ob = ObligationFactory(council=council, fixed_due_on=date(2025, 6, 30))
    assert (ob.due_on, ob.term_count, ob.term_unit) == (date(2025, 6, 30), None, "")


def test_create_reports_every_error_at_once_and_writes_nothing(council, clerk, people):
    with pytest.raises(ValidationError) as exc:
        services.obligation_create(
            actor=clerk,
            council=council,
            kind=Obligation.Kind.LETTER,
            title="Trả lời đơn",
            owed_by=people["sibling"].agency,  # another province's agency
            start_on=date(2025, 3, 1),
            term_count=10,
            term_unit=Unit.WORKING_DAYS,
            fixed_due_on=date(2025, 4, 1),
            exclusion=Obligation.Exclusion.EXEMPTED,
        )
    assert _errors(exc) == {
        "owed_by": {"area"},
        "fixed_due_on": {"both"},
        "exclusion_document_number": {"required"},
        "exclusion_document_date": {"required"},
        "exclusion_reason": {"required"},
    }
    assert not Obligation.objects.exists()


def test_create_needs_a_debtor_and_a_deadline(council, clerk):
    with pytest.raises(ValidationError) as exc:
        services.obligation_create(
            actor=clerk, council=council, kind="letter", title="x", start_on=date(2025, 3, 1)
        )
    assert _errors(exc) == {"owed_by": {"required"}, "term_count": {"required"}}


@pytest.mark.parametrize("who", ["commune_delegate", "sibling_clerk", "province_standing"])
def test_create_needs_the_right_to_edit_the_council(tree, council, who):
    with pytest.raises(PermissionDenied):
        services.obligation_create(
            actor=tree.users[who],
            council=council,
            kind="letter",
            title="x",
            owed_by_text="Bộ Xây dựng",
            start_on=date(2025, 3, 1),
            fixed_due_on=date(2025, 4, 1),
        )
    assert not Obligation.objects.exists()


# --- derived states ----------------------------------------------------------------------------


def test_state_annotation_agrees_with_the_property(council):
    """Every combination of due date, outcome and end date gives one state both ways."""
    today = date(2025, 6, 16)
    made = []
    for due_offset in (-30, -1, 0, 1, 7, 8, 40):
        for outcome, ended_offset in (("", None), (Outcome.DONE, -1), (Outcome.NOT_DONE, 3)):
            due = today + timedelta(days=due_offset)
            ob = ObligationFactory(council=council, start_on=date(2025, 1, 2), fixed_due_on=due)
            if outcome:
                ob = services.obligation_close(
                    actor=council_actor(),
                    obligation=ob,
                    outcome=outcome,
                    ended_on=min(due + timedelta(days=ended_offset), timezone.localdate()),
                )
            made.append(ob.pk)
    rows = selectors.with_state(Obligation.objects.filter(pk__in=made), today, 7)
    states = set()
    for row in rows:
        assert row.state == row.state_on(today, 7), row.due_on
        states.add(row.state)
    assert states == set(State.values)


def council_actor():
    from tests.factories import system_actor

    return system_actor()


@pytest.mark.parametrize(
    ("utc", "state"),
    [
        # 23:59:59 on 10/3 in Hà Nội (UTC+7): due today, not overdue.
        (datetime(2025, 3, 10, 16, 59, 59, tzinfo=UTC), State.DUE_SOON),
        # 00:00 on 11/3 in Hà Nội, still 10/3 in UTC: overdue.
        (datetime(2025, 3, 10, 17, 0, 0, tzinfo=UTC), State.OVERDUE),
    ],
)
def test_overdue_starts_at_midnight_in_vietnam(council, monkeypatch, utc, state):
    ob = ObligationFactory(council=council, fixed_due_on=date(2025, 3, 10))
    monkeypatch.setattr(timezone, "now", lambda: utc)
    fresh = Obligation.objects.get(pk=ob.pk)
    assert fresh.state == state
    today = timezone.localdate()
    listed = selectors.with_state(Obligation.objects.filter(pk=ob.pk), today).get()
    assert listed.state == state


def test_obligation_state_rules():
    due = date(2025, 3, 10)
    kw = {"due_on": due, "soon_days": 7}
    assert obligation_state(outcome="", ended_on=None, today=date(2025, 3, 2), **kw) == (
        State.NOT_YET_DUE
    )
    assert obligation_state(outcome="", ended_on=None, today=date(2025, 3, 3), **kw) == (
        State.DUE_SOON
    )
    assert obligation_state(outcome="", ended_on=None, today=due, **kw) == State.DUE_SOON
    assert obligation_state(outcome="", ended_on=None, today=date(2025, 3, 11), **kw) == (
        State.OVERDUE
    )
    closed = {"outcome": Outcome.DONE, "today": date(2025, 4, 1)}
    assert obligation_state(ended_on=due, **closed, **kw) == State.DONE_ON_TIME
    assert obligation_state(ended_on=date(2025, 3, 11), **closed, **kw) == State.DONE_LATE


# --- extensions --------------------------------------------------------------------------------


def test_an_extended_obligation_is_judged_against_its_latest_date(council, clerk):
    ob = ObligationFactory(council=council, fixed_due_on=date(2025, 3, 10))
    ob = services.obligation_extend(
        actor=clerk,
        obligation=ob,
        new_due_on=date(2025, 5, 30),
        reason="Chờ bố trí vốn",
        document_number="125/UBND-TH",
        document_date=date(2025, 3, 5),
    )
    assert ob.due_on == date(2025, 5, 30)
    assert ob.state_on(date(2025, 4, 1), 7) == State.NOT_YET_DUE  # past the old date
    listed = selectors.with_state(Obligation.objects.filter(pk=ob.pk), date(2025, 4, 1), 7)
    assert listed.get().state == State.NOT_YET_DUE
    extension = ObligationExtension.objects.get()
    assert (extension.previous_due_on, extension.new_due_on, extension.actor) == (
        date(2025, 3, 10),
        date(2025, 5, 30),
        clerk,
    )
    assert ob.history.first().history_change_reason == "Chờ bố trí vốn"


def test_an_extension_moves_the_date_later_with_its_document(council, clerk):
    ob = ObligationFactory(council=council, fixed_due_on=date(2025, 3, 10))
    with pytest.raises(ValidationError) as exc:
        services.obligation_extend(
            actor=clerk,
            obligation=ob,
            new_due_on=date(2025, 3, 10),
            reason=" ",
            document_number="",
            document_date=date(2099, 1, 1),
        )
    assert _errors(exc) == {
        "new_due_on": {"not_later"},
        "reason": {"required"},
        "document_number": {"required"},
        "document_date": {"future"},
    }
    assert not ObligationExtension.objects.exists()
    ob.refresh_from_db()
    assert ob.due_on == date(2025, 3, 10)


def test_a_closed_obligation_is_not_extended(council, clerk):
    ob = ObligationFactory(council=council, fixed_due_on=date(2025, 3, 10))
    services.obligation_close(
        actor=clerk, obligation=ob, outcome=Outcome.DONE, ended_on=date(2025, 3, 9)
    )
    with pytest.raises(ValidationError) as exc:
        services.obligation_extend(
            actor=clerk,
            obligation=ob,
            new_due_on=date(2025, 5, 1),
            reason="x",
            document_number="1/UBND",
            document_date=date(2025, 3, 1),
        )
    assert _errors(exc) == {"__all__": {"closed"}}


# --- reports ------------------------------------------------------------------------------------


def test_a_report_keeps_its_evidence_files(council, clerk):
    ob = ObligationFactory(council=council)
    report = services.obligation_report(
        actor=clerk,
        obligation=ob,
        reported_on=date(2025, 3, 20),
        content="Đã hoàn thành 60% khối lượng",
        progress=60,
        files=[pdf_upload("bao-cao.pdf"), pdf_upload("bien-ban.pdf")],
    )
    names = sorted(report.files.values_list("original_name", flat=True))
    assert names == ["bao-cao.pdf", "bien-ban.pdf"]
    assert report.files.first().file.read().startswith(b"%PDF-")


def test_a_disguised_evidence_file_is_refused_and_nothing_is_written(council, clerk):
    ob = ObligationFactory(council=council)
    fake = SimpleUploadedFile("minh-chung.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as exc:
        services.obligation_report(
            actor=clerk,
            obligation=ob,
            reported_on=date(2025, 3, 20),
            content="",
            progress=101,
            files=[fake],
        )
    assert _errors(exc) == {
        "content": {"required"},
        "progress": {"out_of_range"},
        "files": {"file_type"},
    }
    assert not ObligationReport.objects.exists()
    assert not EvidenceFile.objects.exists()


# --- the escalation ladder ------------------------------------------------------------------


def _step(ob, clerk, step, day):
    return services.obligation_escalate(
        actor=clerk, obligation=ob, step=step, happened_on=day, document_number="12/HĐND"
    )


def test_the_ladder_climbs_in_order(council, clerk):
    """urge → urge again (repeatable) → refer → explanation; the events keep who and when."""
    ob = ObligationFactory(council=council, fixed_due_on=date(2025, 3, 10))
    _step(ob, clerk, Step.URGE, date(2025, 3, 12))
    _step(ob, clerk, Step.URGE_AGAIN, date(2025, 3, 20))
    _step(ob, clerk, Step.URGE_AGAIN, date(2025, 3, 27))
    _step(ob, clerk, Step.REFER, date(2025, 4, 2))
    _step(ob, clerk, Step.EXPLANATION, date(2025, 4, 2))
    steps = list(EscalationEvent.objects.filter(obligation=ob).values_list("step", "actor"))
    assert steps == [
        (Step.URGE, clerk.pk),
        (Step.URGE_AGAIN, clerk.pk),
        (Step.URGE_AGAIN, clerk.pk),
        (Step.REFER, clerk.pk),
        (Step.EXPLANATION, clerk.pk),
    ]
    assert services.obligation_last_step(ob) == Step.EXPLANATION


@pytest.mark.parametrize(
    ("taken", "step", "day", "errors"),
    [
        # Below the highest step taken: refused.
        ([Step.URGE, Step.REFER], Step.URGE_AGAIN, date(2025, 4, 10), {"step": {"step_backwards"}}),
        # The first urging once; later ones are "urge again".
        ([Step.URGE], Step.URGE, date(2025, 4, 10), {"step": {"step_repeated"}}),
        # A step dated before the last one.
        ([Step.URGE], Step.URGE_AGAIN, date(2025, 3, 31), {"happened_on": {"date_backwards"}}),
        # A day still to come.
        ([], Step.URGE, date(2099, 1, 1), {"happened_on": {"future"}}),
    ],
)
def test_the_ladder_never_goes_back(council, clerk, taken, step, day, errors):
    ob = ObligationFactory(council=council, fixed_due_on=date(2025, 3, 10))
    for offset, earlier in enumerate(taken):
        _step(ob, clerk, earlier, date(2025, 4, 1) + timedelta(days=offset))
    with pytest.raises(ValidationError) as exc:
        _step(ob, clerk, step, day)
    assert _errors(exc) == errors
    assert EscalationEvent.objects.filter(obligation=ob).count() == len(taken)


# --- closing and reopening --------------------------------------------------------------------


def test_close_then_reopen_keeps_the_history(council, clerk):
    ob = ObligationFactory(council=council, fixed_due_on=date(2025, 3, 10))
    ob = services.obligation_close(
        actor=clerk,
        obligation=ob,
        outcome=Outcome.PARTLY_DONE,
        ended_on=date(2025, 3, 14),
        outcome_note="Còn 2 hạng mục",
    )
    assert ob.state_on(date(2025, 4, 1), 7) == State.DONE_LATE
    with pytest.raises(ValidationError) as exc:
        services.obligation_close(
            actor=clerk, obligation=ob, outcome=Outcome.DONE, ended_on=date(2025, 3, 15)
        )
    assert _errors(exc) == {"__all__": {"closed"}}
    ob = services.obligation_reopen(actor=clerk, obligation=ob, reason="Đánh giá lại")
    assert (ob.outcome, ob.ended_on) == ("", None)
    outcomes = list(ob.history.order_by("history_id").values_list("outcome", flat=True))
    assert outcomes == ["", Outcome.PARTLY_DONE, ""]
    with pytest.raises(ValidationError) as exc:
        services.obligation_reopen(actor=clerk, obligation=ob, reason="")
    assert _errors(exc) == {"__all__": {"not_closed"}, "reason": {"required"}}


def test_withdrawn_obligations_leave_the_list(council, clerk):
    kept = ObligationFactory(council=council)
    gone = ObligationFactory(council=council)
    services.obligation_withdraw(actor=clerk, obligation=gone, reason="Nhập trùng")
    rows = selectors.obligation_list(user=clerk, today=date(2025, 3, 1))
    assert [o.pk for o in rows] == [kept.pk]


# --- the official counting --------------------------------------------------------------------


def test_counts_leave_roadmap_and_exempted_out_of_fell_due(
    council, clerk, django_assert_num_queries
):
    today = date(2025, 6, 1)
    due = date(2025, 3, 10)

    def make(**kwargs):
        return ObligationFactory(council=council, fixed_due_on=kwargs.pop("due", due), **kwargs)

    on_time = [make() for _ in range(3)]
    for ob in on_time:
        services.obligation_close(actor=clerk, obligation=ob, outcome=Outcome.DONE, ended_on=due)
    late = make()
    services.obligation_close(
        actor=clerk, obligation=late, outcome=Outcome.DONE, ended_on=date(2025, 4, 1)
    )
    not_done = make()
    services.obligation_close(
        actor=clerk, obligation=not_done, outcome=Outcome.NOT_DONE, ended_on=date(2025, 4, 1)
    )
    make()  # open, overdue
    make(due=date(2025, 6, 5))  # open, due soon: not fallen due
    make(due=date(2025, 9, 1))  # open, not yet due
    document = {
        "exclusion_document_number": "45/NQ-HĐND",
        "exclusion_document_date": date(2025, 2, 1),
        "exclusion_reason": "Dự án đầu tư công trung hạn",
    }
    make(exclusion=Obligation.Exclusion.ROADMAP, **document)  # overdue, but on a roadmap
    make(exclusion=Obligation.Exclusion.EXEMPTED, **document)
    qs = selectors.obligation_list(user=clerk, today=today, soon_days=7)
    with django_assert_num_queries(1):
        counts = selectors.obligation_counts(qs, today=today, soon_days=7, decimals=2)
    assert counts.total == 10
    assert counts.fell_due == 6  # 3 on time, 1 late, 1 not done, 1 open overdue
    assert (counts.done, counts.done_on_time, counts.done_late) == (4, 3, 1)
    assert (counts.open_overdue, counts.due_soon) == (1, 1)
    assert (counts.roadmap, counts.exempted) == (1, 1)
    assert counts.done_share == "4/6 (66,67%)"

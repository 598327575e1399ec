"""Session rules through the services: workflow moves, vote thresholds, quorum, lead time, polls."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from councils.models import CouncilMembership, CouncilSetting
from councils.rules import DOCUMENT_LEAD_DAYS, PASS_RATIO, QUORUM
from followups import services as followups
from followups.models import Obligation
from oversight import selectors as oversight_selectors
from oversight import services as oversight_services
from sessions import selectors, services
from sessions.models import (
    AgendaItem,
    Attendance,
    Ballot,
    ConfidenceEntry,
    ConfidencePoll,
    Session,
    SessionTransition,
    Sitting,
    Vote,
)
from tests.factories import (
    AgendaItemFactory,
    DelegateFactory,
    DocumentFactory,
    SessionFactory,
    seat,
    session_open,
    system_actor,
    vote,
)


def seat_many(council, term, n: int, **kwargs) -> list:
    delegates = [DelegateFactory(council=council, full_name=f"Đại biểu số {i}") for i in range(n)]
    for d in delegates:
        seat(d, term, **kwargs)
    return delegates


@pytest.fixture
def district(tree):
    return tree.council("district")


@pytest.fixture
def session(district, term):
    return SessionFactory(council=district, term=term)


# --- workflow ----------------------------------------------------------------------------------


def test_session_cannot_skip_a_step_and_nothing_is_written(session):
    """planned → in_session is not an allowed move; no audit row, status unchanged."""
    with pytest.raises(ValidationError) as exc:
        services.session_transition(
            actor=system_actor(), session=session, to_status=Session.Status.IN_SESSION
        )
    assert exc.value.code == "bad_transition"
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED
    assert not SessionTransition.objects.filter(session=session).exists()


def test_convening_needs_the_decision_number_and_date(session):
    with pytest.raises(ValidationError) as exc:
        services.session_transition(
            actor=system_actor(), session=session, to_status=Session.Status.CONVENED
        )
    assert "convening_number" in exc.value.message_dict


def test_documents_sent_needs_documents_and_dates_the_unsent_ones(session):
    actor = system_actor()
    session = services.session_update(
        actor=actor,
        session=session,
        convening_number="12/QĐ-HĐND",
        convening_date=date(2023, 6, 20),
    )
    session = services.session_transition(
        actor=actor, session=session, to_status=Session.Status.CONVENED
    )
    with pytest.raises(ValidationError) as exc:
        services.session_transition(
            actor=actor, session=session, to_status=Session.Status.DOCUMENTS_SENT
        )
    assert exc.value.code == "no_documents"
    document = DocumentFactory(session=session)
    session = services.session_transition(
        actor=actor,
        session=session,
        to_status=Session.Status.DOCUMENTS_SENT,
        on=date(2023, 7, 1),
    )
    document.refresh_from_db()
    assert session.documents_sent_on == document.sent_on == date(2023, 7, 1)


def test_closing_before_the_opening_day_is_refused(session):
    session = session_open(session, on=date(2023, 7, 11))
    with pytest.raises(ValidationError) as exc:
        services.session_transition(
            actor=system_actor(),
            session=session,
            to_status=Session.Status.CLOSED,
            on=date(2023, 7, 10),
        )
    assert "on" in exc.value.message_dict


@pytest.mark.parametrize("who", ["province_standing", "commune_office", "sibling_clerk"])
def test_only_editors_of_the_council_may_move_a_session(tree, session, who):
    with pytest.raises(PermissionDenied):
        services.session_transition(
            actor=tree.users[who], session=session, to_status=Session.Status.CONVENED
        )


def test_the_same_number_twice_in_a_term_is_refused(district, term, session):
    with pytest.raises(ValidationError) as exc:
        SessionFactory(council=district, term=term, number=session.number)
    assert "number" in exc.value.message_dict


def test_a_session_outside_the_term_is_refused(district, term):
    with pytest.raises(ValidationError) as exc:
        SessionFactory(
            council=district,
            term=term,
            planned_start=date(2027, 1, 5),
            planned_end=date(2027, 1, 6),
        )
    assert "planned_start" in exc.value.message_dict


def test_lead_time_warning_follows_the_councils_setting(district, session):
    """7 days by default; a council's own dated setting of 3 days silences a 5-day gap."""
    assert services.lead_time_warning(session, date(2023, 7, 3)) == ""  # 7 days before
    assert "7" in services.lead_time_warning(session, date(2023, 7, 5))
    CouncilSetting.objects.create(
        council=district,
        key=DOCUMENT_LEAD_DAYS,
        value="3",
        legal_basis="Quy chế làm việc HĐND huyện",
        valid_from=date(2023, 1, 1),
    )
    assert services.lead_time_warning(session, date(2023, 7, 5)) == ""


# --- agenda ------------------------------------------------------------------------------------


def test_agenda_items_insert_and_swap_keep_a_clean_order(session):
    first = AgendaItemFactory(session=session, title="Một")
    second = AgendaItemFactory(session=session, title="Hai")
    AgendaItemFactory(session=session, title="Chèn", position=1)
    titles = list(session.items.order_by("position").values_list("title", flat=True))
    assert titles == ["Chèn", "Một", "Hai"]
    services.agenda_item_move(actor=system_actor(), item=second, offset=-1)
    titles = list(session.items.order_by("position").values_list("title", flat=True))
    assert titles == ["Chèn", "Hai", "Một"]
    assert first.pk


def test_the_reviewing_body_must_be_a_committee_of_the_council(people, term):
    council = people["district"].council
    session = SessionFactory(council=council, term=term)
    foreign = people["commune"].committee
    with pytest.raises(ValidationError) as exc:
        AgendaItemFactory(session=session, reviewer=foreign)
    assert "reviewer" in exc.value.message_dict
    item = AgendaItemFactory(session=session, reviewer=people["district"].committee)
    assert item.reviewer == people["district"].committee


# --- attendance and quorum -----------------------------------------------------------------


def test_attendance_is_recorded_once_per_delegate_and_quorum_uses_the_setting(district, term):
    delegates = seat_many(district, term, 30)
    session = session_open(SessionFactory(council=district, term=term))
    sitting = services.sitting_create(
        actor=system_actor(), session=session, on=date(2023, 7, 10), part=Sitting.Part.MORNING
    )
    statuses = {d.pk: Attendance.Status.PRESENT for d in delegates[:19]}
    statuses |= {d.pk: Attendance.Status.EXCUSED for d in delegates[19:]}
    assert (
        services.attendance_record(actor=system_actor(), sitting=sitting, statuses=statuses) == 30
    )
    quorum = services.quorum_for(sitting)
    assert (quorum.total, quorum.present, quorum.required, quorum.met) == (30, 19, 20, False)
    statuses[delegates[19].pk] = Attendance.Status.PRESENT
    assert services.attendance_record(actor=system_actor(), sitting=sitting, statuses=statuses) == 1
    assert services.quorum_for(sitting).met
    assert Attendance.objects.filter(sitting=sitting).count() == 30
    CouncilSetting.objects.create(
        key=QUORUM, value="3/4", legal_basis="Thử", valid_from=date(2023, 1, 1)
    )
    assert services.quorum_for(sitting).required == 23


def test_attendance_of_someone_without_a_seat_is_refused(district, term, session):
    stranger = DelegateFactory(council=district, full_name="Không có ghế")
    session = session_open(session)
    sitting = services.sitting_create(
        actor=system_actor(), session=session, on=date(2023, 7, 10), part=Sitting.Part.MORNING
    )
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(
            actor=system_actor(),
            sitting=sitting,
            statuses={stranger.pk: Attendance.Status.PRESENT},
        )
    assert exc.value.code == "not_seated"
    assert not Attendance.objects.exists()


# --- votes -------------------------------------------------------------------------------------


@pytest.fixture
def open_item(session):
    item = AgendaItemFactory(session=session)
    session_open(session)
    return item


@pytest.mark.parametrize(
    ("total", "votes_for", "passed"),
    [(45, 23, True), (45, 22, False), (44, 23, True), (44, 22, False), (1, 1, True)],
)
def test_majority_means_more_than_half_of_all_delegates(open_item, total, votes_for, passed):
    """Exactly half of 44 (22) is not "more than half" (DOMAIN.md §5)."""
    result = vote(open_item, votes_for=votes_for, total=total, present=votes_for)
    assert result.passed is passed
    assert result.total_delegates == total


@pytest.mark.parametrize(
    ("total", "votes_for", "passed"),
    [(45, 30, True), (45, 29, False), (44, 30, True), (44, 29, False)],
)
def test_qualified_rule_needs_two_thirds_of_all_delegates(session, total, votes_for, passed):
    item = AgendaItemFactory(
        session=session, kind=AgendaItem.Kind.ELECTION, vote_rule=AgendaItem.VoteRule.QUALIFIED
    )
    session_open(session)
    assert vote(item, votes_for=votes_for, total=total).passed is passed


def test_the_denominator_is_the_whole_council_not_those_present(open_item):
    """30 of 35 present is 85% of those present, but 30 of 70 delegates does not pass."""
    result = vote(open_item, votes_for=30, total=70, present=35)
    assert not result.passed
    assert result.required == 36


def test_a_vacancy_after_the_vote_does_not_change_its_result(district, term, session):
    delegates = seat_many(district, term, 5)
    item = AgendaItemFactory(session=session)
    session_open(session)
    result = vote(item, votes_for=3, present=5)
    assert (result.total_delegates, result.passed) == (5, True)
    CouncilMembership.objects.filter(delegate=delegates[0]).update(end_on=date(2023, 7, 10))
    CouncilSetting.objects.create(
        key=PASS_RATIO, value="2/3", legal_basis="Thử", valid_from=date(2020, 1, 1)
    )
    result.refresh_from_db()
    assert (result.total_delegates, result.required, result.passed) == (5, 3, True)


def test_the_total_defaults_to_the_seated_delegates_on_the_day(district, term, session):
    seat_many(district, term, 4)
    seat_many(district, term, 2, start_on=date(2023, 7, 11))  # by-election after the vote
    item = AgendaItemFactory(session=session)
    session_open(session)
    assert vote(item, votes_for=3, present=4, held_on=date(2023, 7, 10)).total_delegates == 4


def test_counts_that_do_not_add_up_are_refused(open_item):
    with pytest.raises(ValidationError) as exc:
        vote(open_item, votes_for=30, votes_against=10, total=45, present=35)
    assert "votes_for" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        vote(open_item, votes_for=30, total=45, present=46)
    assert "present" in exc.value.message_dict
    assert not Vote.objects.exists()


def test_no_vote_before_the_session_opens(session):
    item = AgendaItemFactory(session=session)
    with pytest.raises(ValidationError) as exc:
        vote(item, votes_for=3, total=5)
    assert exc.value.code == "session_not_open"


def test_ballots_are_tallied_and_non_voters_count_as_not_voting(district, term, session):
    delegates = seat_many(district, term, 6)
    item = AgendaItemFactory(session=session)
    session_open(session)
    choices = {d.pk: Ballot.Choice.FOR for d in delegates[:4]}
    choices[delegates[4].pk] = Ballot.Choice.AGAINST
    result = services.vote_record_ballots(
        actor=system_actor(),
        item=item,
        held_on=date(2023, 7, 10),
        method=Vote.Method.ELECTRONIC,
        choices=choices,
        present=6,
    )
    assert (result.votes_for, result.votes_against, result.votes_abstain) == (4, 1, 1)
    assert (result.total_delegates, result.required, result.passed, result.by_ballots) == (
        6,
        4,
        True,
        True,
    )
    assert Ballot.objects.filter(vote=result).count() == 5


# --- confidence polls --------------------------------------------------------------------------


@pytest.fixture
def province_session(tree, term):
    return session_open(SessionFactory(council=tree.council("province"), term=term))


def _poll(session, kind=ConfidencePoll.Kind.POLL, total=45):
    return services.confidence_poll_create(
        actor=system_actor(),
        session=session,
        kind=kind,
        held_on=date(2023, 7, 11),
        people=[("Nguyễn Văn A", "Chủ tịch HĐND"), ("Trần Thị B", "Chủ tịch UBND")],
        total_delegates=total,
    )


@pytest.mark.parametrize(
    ("low", "consequence"),
    [
        (22, ConfidenceEntry.Consequence.NONE),
        (23, ConfidenceEntry.Consequence.CONFIDENCE_VOTE),
        (29, ConfidenceEntry.Consequence.CONFIDENCE_VOTE),
        (30, ConfidenceEntry.Consequence.DISMISSAL),
    ],
)
def test_poll_consequence_is_flagged_at_the_legal_thresholds(province_session, low, consequence):
    """Res. 96/2023: more than 1/2 low → vote of confidence; at least 2/3 low → dismissal."""
    poll = _poll(province_session)
    entry = poll.entries.first()
    services.confidence_entry_count(
        actor=system_actor(),
        entry=entry,
        ballots_issued=45,
        ballots_returned=45,
        ballots_valid=45,
        high=45 - low - 5,
        confidence=5,
        low=low,
    )
    entry.refresh_from_db()
    assert selectors.confidence_consequence(entry, poll) == consequence


def test_poll_levels_must_add_up_to_the_valid_ballots(province_session):
    poll = _poll(province_session)
    with pytest.raises(ValidationError) as exc:
        services.confidence_entry_count(
            actor=system_actor(),
            entry=poll.entries.first(),
            ballots_issued=45,
            ballots_returned=44,
            ballots_valid=44,
            high=20,
            confidence=20,
            low=5,
        )
    assert "low" in exc.value.message_dict


def test_poll_is_counted_when_every_entry_is_and_shows_percent_of_delegates(province_session):
    poll = _poll(province_session, total=58)
    for entry in poll.entries.all():
        services.confidence_entry_count(
            actor=system_actor(),
            entry=entry,
            ballots_issued=58,
            ballots_returned=58,
            ballots_valid=58,
            high=49,
            confidence=7,
            low=2,
        )
    poll.refresh_from_db()
    assert poll.status == ConfidencePoll.Status.COUNTED
    rows = selectors.poll_rows(poll)
    assert rows[0]["high_pct"] == "84,48%"  # Quảng Nam 2018: 49 of 58 delegates
    services.confidence_poll_confirm(actor=system_actor(), poll=poll)
    with pytest.raises(ValidationError):
        services.confidence_entry_count(
            actor=system_actor(),
            entry=poll.entries.first(),
            ballots_issued=58,
            ballots_returned=58,
            ballots_valid=58,
            high=50,
            confidence=6,
            low=2,
        )


def test_commune_councils_are_excluded_unless_the_setting_says_otherwise(tree, term):
    session = session_open(SessionFactory(council=tree.council("commune"), term=term))
    with pytest.raises(ValidationError) as exc:
        _poll(session)
    assert exc.value.code == "level_excluded"
    CouncilSetting.objects.create(
        council=tree.council("commune"),
        key="confidence_poll_levels",
        value="province,district,commune",
        legal_basis="Thử",
        valid_from=date(2023, 1, 1),
    )
    assert _poll(session).entries.count() == 2


def test_a_vote_of_confidence_fails_with_more_than_half_no_confidence(province_session):
    poll = _poll(province_session, kind=ConfidencePoll.Kind.VOTE, total=45)
    entry = poll.entries.first()
    services.confidence_entry_count(
        actor=system_actor(),
        entry=entry,
        ballots_issued=45,
        ballots_returned=45,
        ballots_valid=45,
        high=10,  # ignored: a vote has two levels
        confidence=22,
        low=23,
    )
    entry.refresh_from_db()
    assert entry.high is None
    assert (
        selectors.confidence_consequence(entry, poll) == ConfidenceEntry.Consequence.NO_CONFIDENCE
    )


# --- questioning and commitments ---------------------------------------------------------------


def test_commitment_overdue_is_derived_from_the_deadline(district, term, session):
    asker = seat_many(district, term, 1)[0]
    question = services.question_create(
        actor=system_actor(),
        session=session,
        asked_by=asker,
        respondent="Nguyễn Văn Tỉnh",
        respondent_title="Chủ tịch UBND huyện",
        content="Tiến độ giải ngân vốn đầu tư công?",
        answered_on=date(2023, 7, 11),
    )
    late = oversight_services.commitment_create(
        actor=system_actor(),
        question=question,
        content="Giải ngân 100% trước 31/12/2023",
        responsible="UBND huyện",
        due_on=date(2023, 12, 31),
    )
    oversight_services.commitment_create(
        actor=system_actor(),
        question=question,
        content="Báo cáo tiến độ",
        responsible="UBND huyện",
        due_on=date(2024, 6, 30),
    )
    rows = oversight_selectors.commitment_list(user=system_actor(), today=date(2024, 1, 15))
    assert {c.pk: c.overdue for c in rows}[late.pk] is True
    assert [
        c.pk
        for c in oversight_selectors.commitment_list(
            user=system_actor(), today=date(2024, 1, 15), overdue_only=True
        )
    ] == [late.pk]
    followups.obligation_close(
        actor=system_actor(),
        obligation=late.obligation,
        outcome=Obligation.Outcome.DONE,
        ended_on=date(2024, 1, 2),
    )
    assert not oversight_selectors.commitment_list(
        user=system_actor(), today=date(2024, 1, 15), overdue_only=True
    ).exists()


def test_a_question_must_come_from_a_delegate_of_the_council(tree, term, session):
    outsider = DelegateFactory(council=tree.council("commune"), full_name="Người ngoài")
    with pytest.raises(ValidationError) as exc:
        services.question_create(
            actor=system_actor(),
            session=session,
            asked_by=outsider,
            respondent="A",
            respondent_title="B",
            content="C",
        )
    assert "asked_by" in exc.value.message_dict


def test_rules_are_read_once_per_council_object_until_a_setting_changes(
    district, django_assert_num_queries
):
    """A page asks for several rules of one council and day: one query, not one per rule. A
    setting saved or deleted meanwhile is seen at once."""
    from councils import rules

    day = date(2023, 7, 5)
    with django_assert_num_queries(1):
        assert rules.rule_value(district, DOCUMENT_LEAD_DAYS, day) == "7"
        assert rules.rule_value(district, "quorum", day) == rules.RULES["quorum"].default
    setting = CouncilSetting.objects.create(
        council=district, key=DOCUMENT_LEAD_DAYS, value="3", valid_from=date(2023, 1, 1)
    )
    assert rules.rule_value(district, DOCUMENT_LEAD_DAYS, day) == "3"
    setting.delete()
    assert rules.rule_value(district, DOCUMENT_LEAD_DAYS, day) == "7"
    with django_assert_num_queries(1):
        rules.rule_values(district, date(2024, 1, 1))  # another day: read once more

"""core.workflow on its own: a small letter-like table declared over the session model (its
statuses and audit rows), then the two workflows the services declare."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import workflow as workflow_module
from core.workflow import Move, Workflow
from councils import scoping
from resolutions.models import RESOLUTION_WORKFLOW, Resolution
from sessions.models import SESSION_WORKFLOW, Session, SessionTransition
from tests.factories import SessionFactory, system_actor

S = Session.Status
R = Resolution.Status


def _needs_place(session: Session) -> None:
    if not session.place:
        raise ValidationError({"place": ValidationError("no place", code="no_place")})


def _needs_title(session: Session) -> None:
    if not session.title:
        raise ValidationError("no title", code="no_title")


# Shaped like the letter workflow of DOMAIN.md §17: a guarded step, a step back that needs its
# reason, a step only another action makes, and a step only some users may make.
TABLE = Workflow(
    record=SessionTransition,
    moves={
        S.PLANNED: [Move(S.CONVENED, guard=_needs_place), Move(S.CLOSED, by_hand=False)],
        S.CONVENED: [
            Move(S.DOCUMENTS_SENT, guard=_needs_title),
            Move(S.PLANNED, note_required=True),
            Move(S.IN_SESSION, permission=lambda user, session: user.is_superuser),
        ],
    },
    permission=lambda user, session: scoping.can_edit_council(user, session.council),
)


@pytest.fixture
def session(tree, term):
    return SessionFactory(council=tree.council("district"), term=term, title="Giữa năm")


@pytest.fixture
def clerk(tree):
    return tree.users["district_office"]


def test_an_allowed_move_saves_the_status_and_fields_and_writes_the_audit_row(session, clerk):
    """Who, when, from, to and the note are kept; the caller's fields are saved with the status."""
    before = timezone.now()
    moved = TABLE.move(
        obj=session, to=S.CONVENED, actor=clerk, note="QĐ số 12", fields={"title": "Kỳ họp 7"}
    )
    session.refresh_from_db()
    assert (session.status, session.title) == (S.CONVENED, "Kỳ họp 7")
    assert moved.status == S.CONVENED
    row = SessionTransition.objects.get(session=session)
    assert (row.actor, row.from_status, row.to_status, row.note) == (
        clerk,
        S.PLANNED,
        S.CONVENED,
        "QĐ số 12",
    )
    assert before <= row.at <= timezone.now()


def test_a_move_outside_the_table_is_refused_and_nothing_is_written(session, clerk):
    with pytest.raises(ValidationError) as exc:
        TABLE.move(obj=session, to=S.RECORDS_PUBLISHED, actor=clerk)
    assert exc.value.code == "bad_transition"
    assert "Dự kiến" in exc.value.messages[0]
    assert "Đã công bố kết quả" in exc.value.messages[0]
    session.refresh_from_db()
    assert session.status == S.PLANNED
    assert not SessionTransition.objects.exists()


def test_every_refusal_of_an_allowed_move_comes_at_once(session, clerk):
    """The caller's check and the move's guard are judged together, each on its input."""

    def check(row: Session) -> None:
        raise ValidationError({"on": ValidationError("too early", code="bad_date")})

    Session.objects.filter(pk=session.pk).update(place="")  # the locked row is judged
    with pytest.raises(ValidationError) as exc:
        TABLE.move(obj=session, to=S.CONVENED, actor=clerk, check=check)
    codes = {k: {e.code for e in v} for k, v in exc.value.error_dict.items()}
    assert codes == {"on": {"bad_date"}, "place": {"no_place"}}
    assert not SessionTransition.objects.exists()


def test_a_lone_refusal_of_the_whole_record_keeps_its_code(session, clerk):
    TABLE.move(obj=session, to=S.CONVENED, actor=clerk)
    Session.objects.filter(pk=session.pk).update(title="")
    with pytest.raises(ValidationError) as exc:
        TABLE.move(obj=session, to=S.DOCUMENTS_SENT, actor=clerk)
    assert exc.value.code == "no_title"
    assert SessionTransition.objects.count() == 1


def test_a_step_back_needs_its_reason(session, clerk):
    session = TABLE.move(obj=session, to=S.CONVENED, actor=clerk)
    with pytest.raises(ValidationError) as exc:
        TABLE.move(obj=session, to=S.PLANNED, actor=clerk, note="  ")
    assert [e.code for e in exc.value.error_dict["note"]] == ["note_required"]
    session = TABLE.move(obj=session, to=S.PLANNED, actor=clerk, note="Lùi ngày họp")
    assert session.status == S.PLANNED
    assert session.transitions.last().note == "Lùi ngày họp"


@pytest.mark.parametrize("who", ["province_standing", "commune_office", "sibling_clerk", "no_role"])
def test_only_those_the_workflow_permits_may_move(tree, session, who):
    with pytest.raises(PermissionDenied):
        TABLE.move(obj=session, to=S.CONVENED, actor=tree.users[who])
    assert not SessionTransition.objects.exists()


def test_a_move_with_its_own_permission_refuses_the_others(tree, session, clerk):
    session = TABLE.move(obj=session, to=S.CONVENED, actor=clerk)
    with pytest.raises(PermissionDenied):
        TABLE.move(obj=session, to=S.IN_SESSION, actor=clerk)
    assert TABLE.move(obj=session, to=S.IN_SESSION, actor=tree.users["admin"]).status == (
        S.IN_SESSION
    )


def test_next_states_offer_only_moves_by_hand_the_user_may_make(tree, session, clerk):
    """The form's choices: no step made by another action, none the user may not make."""
    assert TABLE.allowed(S.PLANNED) == (S.CONVENED, S.CLOSED)
    assert TABLE.choices(session, clerk) == [(S.CONVENED, "Đã triệu tập")]
    assert TABLE.choices(session, tree.users["sibling_clerk"]) == []
    session = TABLE.move(obj=session, to=S.CONVENED, actor=clerk)
    assert TABLE.next_states(session, clerk) == [S.DOCUMENTS_SENT, S.PLANNED]
    assert TABLE.next_states(session, tree.users["admin"]) == [
        S.DOCUMENTS_SENT,
        S.PLANNED,
        S.IN_SESSION,
    ]
    assert TABLE.next_states(Session(council=session.council, status=S.CLOSED), clerk) == []


def test_a_move_locks_the_row_before_judging_it(session, clerk):
    """Two clerks moving at once: the second waits for the first and judges the moved row."""
    with (
        mock.patch.object(workflow_module, "lock", wraps=workflow_module.lock) as spy,
        CaptureQueriesContext(connection) as queries,
    ):
        TABLE.move(obj=session, to=S.CONVENED, actor=clerk)
    spy.assert_called_once_with(session)
    if connection.features.has_select_for_update:  # PostgreSQL; SQLite locks the whole file
        locked = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
        assert len(locked) == 1
        assert 'FROM "council_sessions_session"' in locked[0]


def test_the_move_judges_the_stored_row_not_a_stale_copy(session, clerk):
    stale = Session.objects.get(pk=session.pk)
    TABLE.move(obj=session, to=S.CONVENED, actor=clerk)
    with pytest.raises(ValidationError) as exc:
        TABLE.move(obj=stale, to=S.CONVENED, actor=clerk)  # already convened meanwhile
    assert exc.value.code == "bad_transition"
    assert SessionTransition.objects.count() == 1


def test_a_step_inside_a_larger_write_audits_without_saving(session, clerk):
    TABLE.step(obj=session, to=S.CLOSED, actor=clerk, note="x")
    assert session.status == S.CLOSED
    assert SessionTransition.objects.get().to_status == S.CLOSED
    session.refresh_from_db()
    assert session.status == S.PLANNED


def test_a_typo_in_a_moves_table_fails_when_declared():
    with pytest.raises(ImproperlyConfigured, match="launched"):
        Workflow(record=SessionTransition, moves={S.PLANNED: ["launched"]})


def test_the_declared_workflows_keep_their_tables():
    """Sessions and resolutions moved onto the helper with the same moves as before."""
    assert SESSION_WORKFLOW.model is Session
    assert SESSION_WORKFLOW.allowed(S.CONVENED) == (S.DOCUMENTS_SENT, S.PLANNED)
    assert SESSION_WORKFLOW.allowed(S.RECORDS_PUBLISHED) == ()
    assert RESOLUTION_WORKFLOW.allowed(R.UNDER_REVIEW) == (R.ADOPTED, R.REJECTED, R.DRAFT)
    assert RESOLUTION_WORKFLOW.allowed(R.IN_FORCE) == (R.AMENDED, R.REPLACED, R.EXPIRED, R.ANNULLED)


def test_resolution_forms_offer_no_step_another_action_makes(tree):
    """Signing takes a number and ends come from links: the form never offers them."""
    resolution = Resolution(council=tree.council("district"), status=R.IN_FORCE)
    clerk = tree.users["district_office"]
    assert RESOLUTION_WORKFLOW.next_states(resolution, clerk) == [R.EXPIRED]
    resolution.status = R.ADOPTED
    assert RESOLUTION_WORKFLOW.choices(resolution, clerk) == []
    resolution.status = R.DRAFT
    assert RESOLUTION_WORKFLOW.next_states(resolution, tree.users["commune_office"]) == []


def test_the_refusal_is_one_message_and_names_the_record(session):
    with pytest.raises(ValidationError) as exc:
        SESSION_WORKFLOW.move(obj=session, to=S.CLOSED, actor=system_actor())
    assert not hasattr(exc.value, "error_dict")  # a form shows it as its one non-field error
    assert exc.value.messages == ["Không thể chuyển kỳ họp từ “Dự kiến” sang “Đã bế mạc”."]

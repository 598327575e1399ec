"""A session from plan to published records, as the secretariat runs it, through the services."""

from datetime import date

from resolutions.models import Resolution
from sessions import selectors, services
from sessions.models import Session, SessionTransition
from tests.factories import (
    AgendaItemFactory,
    DelegateFactory,
    ResolutionFactory,
    SessionFactory,
    seat,
    session_open,
    system_actor,
    vote,
)


def test_session_runs_from_plan_to_records_with_an_audit_row_per_move(tree, term):
    """Every move is audited; the vote's result and the resolution number come from the system."""
    council = tree.council("district")
    for i in range(5):
        seat(DelegateFactory(council=council, full_name=f"Đại biểu {i}"), term)
    session = SessionFactory(council=council, term=term)
    item = AgendaItemFactory(session=session)
    session = session_open(session)
    result = vote(item, votes_for=3, present=5)
    assert (result.total_delegates, result.required, result.passed) == (5, 3, True)
    resolution = ResolutionFactory(
        council=council, session=session, item=item, vote=result, issued_on=date(2023, 7, 14)
    )
    assert resolution.number == "01/NQ-HĐND"
    assert resolution.status == Resolution.Status.IN_FORCE
    actor = system_actor()
    session = services.session_transition(
        actor=actor, session=session, to_status=Session.Status.CLOSED, on=date(2023, 7, 12)
    )
    session = services.session_transition(
        actor=actor, session=session, to_status=Session.Status.RECORDS_PUBLISHED
    )
    moves = list(
        SessionTransition.objects.filter(session=session).values_list("to_status", flat=True)
    )
    assert moves == ["convened", "documents_sent", "in_session", "closed", "records_published"]
    assert selectors.delegate_total(council, date(2023, 7, 10)) == 5

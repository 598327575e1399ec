"""Demo oversight records: standing meetings, hearings and commitments, told by the council
stories of sessions/demo.py (which calls these as it goes).

Every write goes through the services (a commitment's follow-up through the engine's: a progress
report, then its outcome), and every step first looks for its natural key, so loading twice
changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from followups import services as followups
from followups.models import Obligation
from oversight import services
from oversight.models import Commitment, ExplanationHearing, StandingMeeting

if TYPE_CHECKING:
    from core.models import User
    from councils.models import Agency, Body, Council
    from sessions.models import Question

# A commitment's status in the stories, as the engine's outcome.
OUTCOMES = {
    Commitment.Status.KEPT: Obligation.Outcome.DONE,
    Commitment.Status.NOT_KEPT: Obligation.Outcome.NOT_DONE,
}


def commitment(
    actor: User,
    council: Council,
    content: str,
    responsible: str,
    due: date,
    status: str,
    kept_on: date | None,
    progress: str,
    *,
    question: Question | None = None,
    hearing: ExplanationHearing | None = None,
) -> Commitment:
    """A commitment, its follow-up text as the agency's progress report (on the day it was kept,
    else by the deadline), and its outcome (a commitment not kept is judged at its deadline)."""
    found = Commitment.objects.filter(council=council, content=content).first()
    if found is not None:
        return found
    found = services.commitment_create(
        actor=actor,
        content=content,
        responsible=responsible,
        due_on=due,
        question=question,
        hearing=hearing,
    )
    obligation = found.obligation
    on = max(obligation.start_on, min(kept_on or due, timezone.localdate()))
    if progress:
        followups.obligation_report(
            actor=actor, obligation=obligation, reported_on=on, content=progress
        )
    if status in OUTCOMES:
        followups.obligation_close(
            actor=actor, obligation=obligation, outcome=OUTCOMES[status], ended_on=on
        )
    return found


def meeting(actor: User, council: Council, held_on: date, **fields) -> StandingMeeting:
    found = StandingMeeting.objects.filter(council=council, held_on=held_on).first()
    return found or services.standing_meeting_create(
        actor=actor, council=council, held_on=held_on, **fields
    )


def hearing(
    actor: User,
    council: Council,
    *,
    body: Body,
    held_on: date,
    topic: str,
    agency: Agency,
    conclusion: str,
    meeting: StandingMeeting | None = None,
) -> ExplanationHearing:
    found = ExplanationHearing.objects.filter(council=council, topic=topic).first()
    return found or services.hearing_create(
        actor=actor,
        council=council,
        body=body,
        held_on=held_on,
        topic=topic,
        agency=agency,
        conclusion=conclusion,
        meeting=meeting,
    )

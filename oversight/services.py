"""Every write about oversight records goes through these functions (STYLE.md §2.4).

A commitment is followed by the engine (followups): its deadline, extensions, progress reports,
escalation and outcome are written there, on its obligation page, never copied here.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import stamp_actor as _stamp
from core.services import validate
from core.validation import FieldErrors, renamed
from councils import scoping
from councils.models import Agency, Body, Council
from followups import services as followups
from followups.models import Obligation
from oversight.models import Commitment, ExplanationHearing, StandingMeeting
from sessions.models import Question

if TYPE_CHECKING:
    from core.models import User


@transaction.atomic
def standing_meeting_create(
    *,
    actor: User,
    council: Council,
    held_on: date,
    agenda: str,
    number: str = "",
    conclusions: str = "",
    conclusion_reference: str = "",
) -> StandingMeeting:
    scoping.require_edit(actor, council)
    meeting = StandingMeeting(
        council=council,
        held_on=held_on,
        number=number.strip(),
        agenda=agenda.strip(),
        conclusions=conclusions.strip(),
        conclusion_reference=conclusion_reference.strip(),
    )
    validate(meeting)
    _stamp(meeting, actor)
    meeting.save()
    return meeting


@transaction.atomic
def hearing_create(
    *,
    actor: User,
    council: Council,
    body: Body,
    held_on: date,
    topic: str,
    agency: Agency,
    conclusion: str = "",
    meeting: StandingMeeting | None = None,
) -> ExplanationHearing:
    """Explanation sessions are held by the standing committee or a Ban (87/2015 Art. 66(4))."""
    scoping.require_edit(actor, council)
    if body.council_id != council.pk or body.kind == Body.Kind.DELEGATE_GROUP:
        raise ValidationError({"body": _("Chọn Thường trực hoặc một Ban của HĐND này.")})
    if meeting is not None and meeting.council_id != council.pk:
        raise ValidationError({"meeting": _("Phiên họp Thường trực không thuộc HĐND này.")})
    hearing = ExplanationHearing(
        council=council,
        body=body,
        held_on=held_on,
        topic=topic.strip(),
        agency=agency,
        conclusion=conclusion.strip(),
        meeting=meeting,
    )
    validate(hearing)
    _stamp(hearing, actor)
    hearing.save()
    return hearing


# How the engine's inputs are named on the commitment's form and API.
COMMITMENT_FIELDS = {
    "fixed_due_on": "due_on",
    "title": "content",
    "owed_by": "responsible",
    "owed_by_text": "responsible",
    "term_count": "due_on",
    "start_on": "due_on",
}


def commitment_title(content: str) -> str:
    """The obligation's title: the promise on one line, cut to the column (the whole text stays
    on the commitment and in the obligation's content)."""
    return " ".join(content.split())[:500]


def commitment_made_on(*, question: Question | None, hearing: ExplanationHearing | None) -> date:
    """The day the promise was made: the answer's date (else the session's first planned day),
    or the hearing's; the engine counts from it. Migration 0004 applies the same rule."""
    if question is not None:
        return question.answered_on or question.session.planned_start
    return hearing.held_on


def _owed_by(council: Council, agency: Agency | None) -> Agency | None:
    """The agency that answers for the promise, when the question or hearing names one of the
    council's own (else the engine records the person or body typed in `responsible`)."""
    return agency if agency is not None and agency.council_id == council.pk else None


@transaction.atomic
def commitment_create(
    *,
    actor: User,
    content: str,
    responsible: str,
    due_on: date,
    question: Question | None = None,
    hearing: ExplanationHearing | None = None,
) -> Commitment:
    """A promise made answering a question or at a hearing: an obligation of the follow-up
    engine from the day it was made to the promised date, owed by the agency that answered."""
    if (question is None) == (hearing is None):
        raise ValidationError(
            _("Cam kết phải gắn với một chất vấn hoặc một phiên giải trình."), code="no_source"
        )
    council = question.session.council if question else hearing.council
    scoping.require_edit(actor, council)
    made_on = commitment_made_on(question=question, hearing=hearing)
    errors = FieldErrors()
    if not (content or "").strip():
        errors.add("content", _("Nhập nội dung cam kết."), "required")
    if not (responsible or "").strip():
        errors.add("responsible", _("Nhập người, cơ quan cam kết."), "required")
    if due_on is not None and due_on < made_on:
        errors.add("due_on", _("Thời hạn không được trước ngày cam kết."), "order")
    errors.raise_if_any()
    owed_by = _owed_by(council, question.agency if question else hearing.agency)
    title = commitment_title(content)
    try:
        obligation = followups.obligation_create(
            actor=actor,
            council=council,
            kind=Obligation.Kind.COMMITMENT,
            title=title,
            content=content.strip() if content.strip() != title else "",
            owed_by=owed_by,
            owed_by_text="" if owed_by else responsible,
            start_on=made_on,
            fixed_due_on=due_on,
        )
    except ValidationError as exc:
        raise renamed(exc, COMMITMENT_FIELDS) from None
    commitment = Commitment(
        council=council,
        question=question,
        hearing=hearing,
        content=content.strip(),
        responsible=responsible.strip(),
        obligation=obligation,
    )
    validate(commitment)
    _stamp(commitment, actor)
    commitment.save()
    # The obligation points back at its source (the commitment exists only now).
    obligation.source_type = ContentType.objects.get_for_model(commitment)
    obligation.source_id = commitment.pk
    Obligation.objects.filter(pk=obligation.pk).update(
        source_type=obligation.source_type, source_id=commitment.pk
    )
    return commitment

"""Every write about oversight records goes through these functions (STYLE.md §2.4)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import stamp_actor as _stamp
from core.services import lock, save_fields, validate
from councils import scoping
from councils.models import Agency, Body, Council
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
    """A promise made answering a question or at a hearing; followed until kept."""
    if (question is None) == (hearing is None):
        raise ValidationError(_("Cam kết phải gắn với một chất vấn hoặc một phiên giải trình."))
    council = question.session.council if question else hearing.council
    scoping.require_edit(actor, council)
    made_on = (
        (question.answered_on or question.session.planned_start) if question else hearing.held_on
    )
    if due_on < made_on:
        raise ValidationError({"due_on": _("Thời hạn không được trước ngày cam kết.")})
    commitment = Commitment(
        council=council,
        question=question,
        hearing=hearing,
        content=content.strip(),
        responsible=responsible.strip(),
        due_on=due_on,
    )
    validate(commitment)
    _stamp(commitment, actor)
    commitment.save()
    return commitment


@transaction.atomic
def commitment_follow_up(
    *,
    actor: User,
    commitment: Commitment,
    status: str,
    progress: str = "",
    kept_on: date | None = None,
) -> Commitment:
    scoping.require_edit(actor, commitment.council)
    if status == Commitment.Status.KEPT and kept_on is None:
        raise ValidationError({"kept_on": _("Nhập ngày hoàn thành cam kết.")})
    commitment = lock(commitment)
    commitment.status = status
    commitment.kept_on = kept_on if status == Commitment.Status.KEPT else None
    if progress.strip():
        commitment.progress = progress.strip()
    _stamp(commitment, actor)
    return save_fields(commitment, ["status", "kept_on", "progress"])

"""Reads about oversight records; every one starts from the scoping rule (STYLE.md §2.5)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from councils import scoping
from councils.models import Council
from oversight.filters import COMMITMENT_SORT
from oversight.models import Commitment, ExplanationHearing, StandingMeeting

if TYPE_CHECKING:
    from core.models import User


def commitment_list(
    *,
    user: User,
    today: date,
    overdue_only: bool = False,
    council: Council | None = None,
    sort: str | None = None,
) -> QuerySet[Commitment]:
    """Commitments in scope with the derived `overdue` flag (never stored), ordered by `sort`
    (COMMITMENT_SORT; the nearest deadline first)."""
    qs = Commitment.objects.visible_to(user).select_related(
        "council", "question__session", "hearing"
    )
    if council is not None:
        qs = qs.filter(scoping.council_lineage_q(council))
    overdue = Q(status=Commitment.Status.OPEN, due_on__lt=today)
    if overdue_only:
        qs = qs.filter(overdue)
    from django.db.models import BooleanField, Case, Value, When

    return qs.annotate(
        overdue=Case(
            When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    ).order_by(*COMMITMENT_SORT.order_by(sort))


def standing_meeting_list(
    *, user: User, council: Council | None = None
) -> QuerySet[StandingMeeting]:
    qs = StandingMeeting.objects.visible_to(user).select_related("council")
    if council is not None:
        qs = qs.filter(council=council)
    return qs.prefetch_related("hearings")


def hearing_list(*, user: User, council: Council | None = None) -> QuerySet[ExplanationHearing]:
    qs = ExplanationHearing.objects.visible_to(user).select_related("council", "body", "agency")
    if council is not None:
        qs = qs.filter(council=council)
    return qs.prefetch_related("commitments")

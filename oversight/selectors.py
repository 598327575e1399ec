"""Reads about oversight records; every one starts from the scoping rule (STYLE.md §2.5)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Case, OuterRef, QuerySet, Subquery, Value, When

from core.annotations import count_of
from councils import scoping
from councils.models import Council
from followups.models import (
    EscalationEvent,
    Obligation,
    ObligationExtension,
    overdue_q,
    state_case,
)
from followups.selectors import due_soon_days, obligation_list
from oversight.models import Commitment, ExplanationHearing, StandingMeeting

if TYPE_CHECKING:
    from core.models import User


def commitment_list(
    *,
    user: User,
    today: date,
    overdue_only: bool = False,
    council: Council | None = None,
    soon_days: int | None = None,
) -> QuerySet[Commitment]:
    """Commitments in scope with their obligations and what the engine derives of them: the
    state (`obligation_state`) and `overdue` (never stored); withdrawn ones left out; the
    nearest deadline first."""
    if soon_days is None:
        soon_days = due_soon_days(None, today)
    qs = (
        Commitment.objects.visible_to(user)
        .filter(obligation__withdrawn_at__isnull=True)
        .select_related("council", "question__session", "hearing", "obligation")
    )
    if council is not None:
        qs = qs.filter(scoping.council_lineage_q(council))
    overdue = overdue_q(today, "obligation__")
    if overdue_only:
        qs = qs.filter(overdue)
    return qs.annotate(
        overdue=Case(
            When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        obligation_state=state_case(today, soon_days, prefix="obligation__"),
    ).order_by("obligation__due_on", "id")


def _last_step(field: str) -> Subquery:
    return Subquery(
        EscalationEvent.objects.filter(obligation=OuterRef("pk"))
        .order_by("-happened_on", "-id")
        .values(field)[:1]
    )


def commitment_register(
    *, user: User, today: date, filters: Mapping[str, Any], soon_days: int
) -> QuerySet[Obligation]:
    """The commitment register: the engine's own list of the commitments' obligations, so its
    filters (council with its lineage, derived state) and orders (OBLIGATION_SORT, each an
    index walk) are the engine's; each row brings its commitment and source, how many times it
    was extended and the last escalation step."""
    data = {key: filters.get(key) for key in filters}
    data["kind"] = Obligation.Kind.COMMITMENT
    rows = obligation_list(user=user, today=today, filters=data, soon_days=soon_days)
    return rows.select_related("commitment__question__session", "commitment__hearing").annotate(
        extension_count=count_of(ObligationExtension, "obligation"),
        last_step=_last_step("step"),
        last_step_on=_last_step("happened_on"),
    )


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

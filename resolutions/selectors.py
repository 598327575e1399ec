"""Reads about resolutions; every one starts from the scoping rule (STYLE.md §2.5)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from core.annotations import count_of
from councils.scoping import council_visible_q, sees_everything
from followups.models import (
    EscalationEvent,
    Obligation,
    ObligationExtension,
    ObligationReport,
    state_case,
)
from followups.models import overdue_q as followups_overdue_q
from followups.selectors import due_soon_days
from resolutions.filters import RESOLUTION_SORT, ResolutionFilter
from resolutions.models import (
    ImplementationTask,
    Resolution,
    ResolutionLink,
)

if TYPE_CHECKING:
    from core.models import User


def resolution_list(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> QuerySet[Resolution]:
    """The register: resolutions in scope, filtered by year, field, status, subtree and text.

    `?sort=` orders it (RESOLUTION_SORT); newest first by default, so the page, the Excel export
    and the API list the same rows in the same order.
    """
    filters = filters or {}
    qs = Resolution.objects.visible_to(user).select_related("council", "session")
    narrow = bool(filters.get("council")) or not sees_everything(user)
    return ResolutionFilter(filters, queryset=qs).qs.order_by(
        *RESOLUTION_SORT.order_by(filters.get("sort"), narrow=narrow)
    )


# Resolutions a session did not pass, or has not voted on yet.
NOT_PASSED = (
    Resolution.Status.DRAFT,
    Resolution.Status.UNDER_REVIEW,
    Resolution.Status.REJECTED,
)


def session_resolutions_passed(*, user: User, session_id: int) -> QuerySet[Resolution]:
    """The resolutions a session passed, whatever became of them since (signed, amended...), in
    the register's order: the session page and its results report. Sessions read them through
    this selector, imported where used, so that `sessions` does not import `resolutions` at
    module level (resolutions import sessions: a resolution is passed at a session)."""
    return resolution_list(user=user, filters={"session": session_id}).exclude(
        status__in=NOT_PASSED
    )


def resolution_get(*, user: User, pk: int) -> Resolution:
    return (
        Resolution.objects.visible_to(user)
        .select_related("council__unit", "session", "item", "vote")
        .prefetch_related(
            Prefetch("links_out", queryset=ResolutionLink.objects.select_related("target")),
            Prefetch("links_in", queryset=ResolutionLink.objects.select_related("source")),
            "transitions__actor",
        )
        .get(pk=pk)
    )


def overdue_q(today: date, prefix: str = "") -> Q:
    """A task is overdue when its obligation is, or when the periodic report it owes is: both
    judged by the engine's one rule (followups.models.overdue_q), never a copy of it here."""
    return followups_overdue_q(today, f"{prefix}obligation__") | followups_overdue_q(
        today, f"{prefix}report_obligation__"
    )


def late_tasks_q(today: date, user: User | None = None) -> Q:
    """`overdue_q` as a filter of a list: the tasks whose own or whose report's obligation is
    late, from the ids of the late obligations of each kind (the partial index
    `obligation_open_kind_due`), not an OR over two joined obligations that reads and sorts every
    task in scope (issue 10).

    For a user who does not see everything, the late obligations are first narrowed to their
    councils (`obligation_open_council_due`): a task's obligation is an IMPLEMENTATION_TASK and
    its periodic report a REPORT_REQUEST of the resolution's council (services.task_create). The
    few tasks they lead to are found through the tasks' unique keys, the two sets UNIONed (an OR,
    even of ids, reads every task). Nationally the list's index walk finds 50 late tasks sooner
    than a union of the country's 10,000."""
    late = Obligation.objects.filter(followups_overdue_q(today))
    kind = Obligation.Kind
    late_tasks = late.filter(kind=kind.IMPLEMENTATION_TASK).values("pk")
    late_reports = late.filter(kind=kind.REPORT_REQUEST).values("pk")
    if user is None or sees_everything(user):
        return Q(obligation__in=late_tasks) | Q(report_obligation__in=late_reports)
    by_task = ImplementationTask.objects.filter(
        obligation__in=late_tasks.visible_to(user)
    ).order_by()
    by_report = ImplementationTask.objects.filter(
        report_obligation__in=late_reports.visible_to(user)
    ).order_by()
    return Q(pk__in=by_task.values("pk").union(by_report.values("pk")))


def _latest_event(field: str) -> Subquery:
    return Subquery(
        EscalationEvent.objects.filter(obligation=OuterRef("obligation_id"))
        .order_by("-happened_on", "-id")
        .values(field)[:1]
    )


def task_list(
    *,
    user: User,
    today: date,
    overdue_only: bool = False,
    resolution: Resolution | None = None,
    soon_days: int | None = None,
) -> QuerySet[ImplementationTask]:
    """Tasks in scope with their obligations and what the engine derives of them: the state
    (`obligation_state`), `overdue` (the task's or its report's), how many extensions and
    reports, and the last escalation step, in one query (subqueries, no GROUP BY)."""
    if soon_days is None:
        soon_days = due_soon_days(None, today)
    qs = (
        ImplementationTask.objects.visible_to(user)
        .select_related("resolution__council", "agency", "obligation", "report_obligation")
        # Always true (services.task_create), and what lets PostgreSQL walk the obligations'
        # (kind, due_on) index in the list's order instead of every obligation (issue 10).
        .filter(obligation__kind=Obligation.Kind.IMPLEMENTATION_TASK)
    )
    if resolution is not None:
        qs = qs.filter(resolution=resolution)
    if overdue_only:
        qs = qs.filter(late_tasks_q(today, user))
    return qs.annotate(
        overdue=Case(
            When(overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        obligation_state=state_case(today, soon_days, prefix="obligation__"),
        report_count=count_of(ObligationReport, "obligation", outer="obligation_id"),
        extension_count=count_of(ObligationExtension, "obligation", outer="obligation_id"),
        last_step=_latest_event("step"),
        last_step_on=_latest_event("happened_on"),
    ).order_by("obligation__due_on", "id")


def task_reports(task: ImplementationTask) -> QuerySet[ObligationReport]:
    """The progress reports of the task's obligation, newest first, with their kind (periodic
    report or note: the row of `ImplementationReport`, when the task page recorded it)."""
    return (
        task.obligation.reports.select_related("author", "implementation_report")
        .prefetch_related("files")
        .order_by("-reported_on", "-id")
    )


def with_overdue_flag(qs: QuerySet[Resolution], today: date) -> QuerySet[Resolution]:
    """Mark register rows that have at least one overdue implementation task."""
    late = ImplementationTask.objects.filter(overdue_q(today), resolution=OuterRef("pk"))
    return qs.annotate(has_overdue=Exists(late))


def resolution_tasks(
    *, user: User, resolution: Resolution, today: date
) -> QuerySet[ImplementationTask]:
    """A resolution's tasks with the engine's state (the council's own due-soon window) and
    their progress reports, newest first."""
    soon = due_soon_days(resolution.council, today)
    reports = (
        ObligationReport.objects.select_related("author", "implementation_report")
        .prefetch_related("files")
        .order_by("-reported_on", "-id")
    )
    return task_list(
        user=user, today=today, resolution=resolution, soon_days=soon
    ).prefetch_related(Prefetch("obligation__reports", queryset=reports))


def with_visible_links(qs: QuerySet[Resolution], *, user: User) -> QuerySet[Resolution]:
    """Attach the amends/replaces/annuls links whose other end the user may also see: a link
    can cross councils, and the far resolution must not show through it."""
    links = ResolutionLink.objects.select_related("source", "target").order_by("effective_on", "id")
    return qs.prefetch_related(
        Prefetch("links_out", queryset=links.filter(council_visible_q(user, "target__council"))),
        Prefetch("links_in", queryset=links.filter(council_visible_q(user, "source__council"))),
    )


def resolution_page_get(*, user: User, pk: int) -> Resolution:
    """One resolution for its page: like resolution_get, but a link shows only when its other
    end is in the user's scope too (links may cross councils)."""
    qs = (
        Resolution.objects.visible_to(user)
        .select_related("council__unit", "session", "item", "vote")
        .prefetch_related("transitions__actor", "corrections__actor")
    )
    return with_visible_links(qs, user=user).get(pk=pk)

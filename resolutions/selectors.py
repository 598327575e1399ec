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
    Value,
    When,
)

from core.annotations import count_of
from councils.scoping import council_visible_q
from resolutions.filters import RESOLUTION_SORT, ResolutionFilter
from resolutions.models import (
    ImplementationReport,
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
    return ResolutionFilter(filters, queryset=qs).qs.order_by(
        *RESOLUTION_SORT.order_by(filters.get("sort"))
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
    """A task is overdue past its deadline, or when a periodic report is late (derived only)."""
    open_ = Q(**{f"{prefix}status": ImplementationTask.Status.IN_PROGRESS})
    late = Q(**{f"{prefix}due_on__lt": today}) | Q(**{f"{prefix}next_report_due__lt": today})
    return open_ & late


def task_list(
    *, user: User, today: date, overdue_only: bool = False, resolution: Resolution | None = None
) -> QuerySet[ImplementationTask]:
    qs = ImplementationTask.objects.visible_to(user).select_related("resolution__council", "agency")
    if resolution is not None:
        qs = qs.filter(resolution=resolution)
    if overdue_only:
        qs = qs.filter(overdue_q(today))
    return qs.annotate(
        overdue=Case(
            When(overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        report_count=count_of(ImplementationReport, "task"),
    ).order_by("due_on", "id")


def task_reports(task: ImplementationTask) -> QuerySet[ImplementationReport]:
    return task.reports.select_related("author").order_by("-reported_on", "-id")


def with_overdue_flag(qs: QuerySet[Resolution], today: date) -> QuerySet[Resolution]:
    """Mark register rows that have at least one overdue implementation task."""
    late = ImplementationTask.objects.filter(overdue_q(today), resolution=OuterRef("pk"))
    return qs.annotate(has_overdue=Exists(late))


def resolution_tasks(
    *, user: User, resolution: Resolution, today: date
) -> QuerySet[ImplementationTask]:
    """A resolution's tasks with the overdue flag and their reports, newest report first."""
    return task_list(user=user, today=today, resolution=resolution).prefetch_related(
        Prefetch(
            "reports",
            queryset=ImplementationReport.objects.select_related("author").order_by(
                "-reported_on", "-id"
            ),
        )
    )


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

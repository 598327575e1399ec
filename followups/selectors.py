"""Reads of the follow-up engine; every one starts from the scoping rule (STYLE.md §2.5)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from core.text import percent
from councils import rules, scoping
from followups.filters import OBLIGATION_SORT, ObligationFilter
from followups.models import (
    EscalationEvent,
    EvidenceFile,
    Holiday,
    Obligation,
    ObligationReport,
    state_case,
)

if TYPE_CHECKING:
    from core.models import User
    from councils.models import Council


def due_soon_days(council: Council | None, today: date) -> int:
    """The due-soon window in force: the council's own rule, else the national one. A list
    across councils uses the national window (one number for one query)."""
    return rules.int_value(council, rules.DUE_SOON_DAYS, today)


def with_state(
    qs: QuerySet[Obligation], today: date, soon_days: int | None = None
) -> QuerySet[Obligation]:
    """Annotate `state_code`, the derived state (models.obligation_state in SQL)."""
    if soon_days is None:
        soon_days = due_soon_days(None, today)
    return qs.annotate(state_code=state_case(today, soon_days))


def obligation_scope(*, user: User) -> QuerySet[Obligation]:
    """Obligations in the user's scope, withdrawn ones left out."""
    return Obligation.objects.visible_to(user).filter(withdrawn_at__isnull=True)


def obligation_list(
    *,
    user: User,
    today: date,
    filters: Mapping[str, Any] | None = None,
    soon_days: int | None = None,
) -> QuerySet[Obligation]:
    """The "due and overdue" list across every kind, filtered and ordered as the page, the
    Excel export and the API show it (`?sort=`, OBLIGATION_SORT: soonest deadline first)."""
    filters = filters or {}
    soon = due_soon_days(None, today) if soon_days is None else soon_days
    qs = with_state(obligation_scope(user=user).select_related("council", "owed_by"), today, soon)
    qs = ObligationFilter(filters, queryset=qs, today=today, soon_days=soon).qs
    return qs.order_by(*OBLIGATION_SORT.order_by(filters.get("sort")))


def obligation_get(*, user: User, pk: int, today: date) -> Obligation:
    """One obligation for its page: the state judged with its own council's window, and its
    extensions, reports with files and escalation events."""
    obligation = (
        obligation_scope(user=user)
        .select_related("council__unit", "owed_by", "source_type")
        .get(pk=pk)
    )
    soon = due_soon_days(obligation.council, today)
    obligation.state_code = obligation.state_on(today, soon)
    return obligation


def obligation_history(obligation: Obligation) -> dict[str, list]:
    """What happened to an obligation: extensions, reports (with files), escalation steps."""
    reports = obligation.reports.select_related("author").prefetch_related(
        Prefetch("files", queryset=EvidenceFile.objects.order_by("id"))
    )
    return {
        "extensions": list(obligation.extensions.select_related("actor").order_by("at", "id")),
        "reports": list(reports.order_by("-reported_on", "-id")),
        "events": list(
            obligation.events.select_related("actor", "letter_pdf", "letter_docx").order_by(
                "happened_on", "id"
            )
        ),
    }


def evidence_get(*, user: User, pk: int) -> EvidenceFile:
    """An evidence file, only through scope (withdrawn obligations' files are hidden too)."""
    return EvidenceFile.objects.visible_to(user).get(
        pk=pk, report__obligation__withdrawn_at__isnull=True
    )


def escalation_event_get(*, user: User, pk: int) -> EscalationEvent:
    """An escalation step with its letter's files, only through scope (withdrawn obligations'
    steps are hidden too)."""
    return (
        EscalationEvent.objects.visible_to(user)
        .select_related("obligation__council__unit", "letter_pdf", "letter_docx")
        .get(pk=pk, obligation__withdrawn_at__isnull=True)
    )


@dataclass(frozen=True)
class Counts:
    """The official counting (DOMAIN.md §9): roadmap and exempted items are left out of "fell
    due"; an item fell due when its deadline passed or it was closed."""

    total: int
    fell_due: int
    done: int
    done_on_time: int
    done_late: int
    open_overdue: int
    due_soon: int
    roadmap: int
    exempted: int
    # How the rest of those that fell due ended ("y partly, ..."; issue 12).
    partly_done: int = 0
    not_done: int = 0
    not_carried_out: int = 0
    not_meeting_requirement: int = 0
    decimals: int = 2
    # When a stored count was taken (the nation's header); None: counted for this request.
    counted_at: datetime | None = None

    @property
    def done_share(self) -> str:
        """'x/y (z %)': done of those that fell due."""
        return f"{self.done}/{self.fell_due} ({percent(self.done, self.fell_due, self.decimals)})"

    def share(self, part: int) -> str:
        """'z %' of those that fell due, as reports print it."""
        return percent(part, self.fell_due, self.decimals)

    @property
    def on_time_share(self) -> str:
        share = percent(self.done_on_time, self.fell_due, self.decimals)
        return f"{self.done_on_time}/{self.fell_due} ({share})"

    @property
    def overdue_share(self) -> str:
        share = percent(self.open_overdue, self.fell_due, self.decimals)
        return f"{self.open_overdue}/{self.fell_due} ({share})"


def count_expressions(*, today: date, soon_days: int, prefix: str = "") -> dict[str, Count]:
    """The official counting as aggregate expressions, one per field of `Counts`: over
    obligations (`prefix` "") or over records that own one ("obligation__"). The header of a
    list and a report's table by agency count with these same expressions."""

    def q(**lookups) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    counted = q(exclusion="")
    closed = ~q(outcome="")
    fell_due = counted & (closed | q(due_on__lt=today))
    done = fell_due & q(outcome=Obligation.Outcome.DONE)
    due_on = F(prefix + "due_on")
    return {
        "total": Count("id"),
        "fell_due": Count("id", filter=fell_due),
        "done": Count("id", filter=done),
        "done_on_time": Count("id", filter=done & q(ended_on__lte=due_on)),
        "done_late": Count("id", filter=done & q(ended_on__gt=due_on)),
        **{
            outcome.value: Count("id", filter=fell_due & q(outcome=outcome))
            for outcome in (
                Obligation.Outcome.PARTLY_DONE,
                Obligation.Outcome.NOT_DONE,
                Obligation.Outcome.NOT_CARRIED_OUT,
                Obligation.Outcome.NOT_MEETING_REQUIREMENT,
            )
        },
        "open_overdue": Count("id", filter=counted & q(outcome="", due_on__lt=today)),
        "due_soon": Count(
            "id",
            filter=counted
            & q(outcome="", due_on__gte=today, due_on__lte=today + timedelta(days=soon_days)),
        ),
        "roadmap": Count("id", filter=q(exclusion=Obligation.Exclusion.ROADMAP)),
        "exempted": Count("id", filter=q(exclusion=Obligation.Exclusion.EXEMPTED)),
    }


def obligation_counts(
    qs: QuerySet[Obligation], *, today: date, soon_days: int, decimals: int | None = None
) -> Counts:
    """The counts header of a filtered list, in ONE aggregate query."""
    values = qs.order_by().aggregate(**count_expressions(today=today, soon_days=soon_days))
    if decimals is None:
        decimals = rules.int_value(None, rules.PERCENT_DECIMALS, today)
    return Counts(**values, decimals=decimals)


def counts_by(
    qs: QuerySet,
    keys: Sequence[str],
    *,
    today: date,
    soon_days: int,
    decimals: int,
    prefix: str = "",
) -> list[tuple[tuple, Counts]]:
    """`obligation_counts` per group of `keys` (an owing agency: its id and name), in ONE
    grouped query, ordered by the keys: the same expressions, so the groups add up to the
    header."""
    expressions = count_expressions(today=today, soon_days=soon_days, prefix=prefix)
    rows = qs.order_by().values(*keys).annotate(**expressions).order_by(*keys)
    return [
        (
            tuple(row[key] for key in keys),
            Counts(**{name: row[name] for name in expressions}, decimals=decimals),
        )
        for row in rows
    ]


# The nation's counts header sums a million index entries (0.1-0.4 s a time, bench/run.py): it
# is counted at most once in this many seconds per filter set and day, shared by every user who
# sees every council.
NATION_COUNTS_SECONDS = 300


def obligation_list_counts(
    *,
    user: User,
    rows: QuerySet[Obligation],
    filters: Mapping[str, Any],
    today: date,
    soon_days: int,
    decimals: int,
) -> Counts:
    """The counts header of the list `rows` (`obligation_list` with `filters`).

    A scope of councils (a province and below: tens of thousands of index entries) is counted
    for the request, exact, in one aggregate read from the covering index. The nation's is the
    same aggregate, stored for NATION_COUNTS_SECONDS: the administrators' summary may lag a few
    minutes (`counted_at`, shown on the page), no request recounts the country."""
    return nation_counts_shared(
        user=user,
        name="followups",
        filters={k: v for k, v in filters.items() if k in ObligationFilter.base_filters},
        today=today,
        soon_days=soon_days,
        decimals=decimals,
        count=lambda: obligation_counts(rows, today=today, soon_days=soon_days, decimals=decimals),
    )


def nation_counts_shared(
    *,
    user: User,
    name: str,
    filters: Mapping[str, Any],
    today: date,
    soon_days: int,
    decimals: int,
    count: Callable[[], Counts],
) -> Counts:
    """`count()` for a scope of councils; for a user who sees every council, the same figures
    shared for NATION_COUNTS_SECONDS per list `name`, filter set and day (`counted_at` says
    when they were counted): a counts header over the whole country is never recounted by
    every request."""
    if not scoping.sees_everything(user):
        return count()
    shown = sorted((k, str(v)) for k, v in filters.items())
    key = hashlib.sha256(urlencode([*shown, ("day", today), ("soon", soon_days)]).encode())
    key = f"{name}:nation-counts:{decimals}:{key.hexdigest()}"
    counts = cache.get(key)
    if counts is None:
        counts = replace(count(), counted_at=timezone.now())
        cache.set(key, counts, NATION_COUNTS_SECONDS)
    return counts


def report_list(obligation: Obligation) -> QuerySet[ObligationReport]:
    return obligation.reports.select_related("author").order_by("-reported_on", "-id")


def holiday_list(*, year: int) -> QuerySet[Holiday]:
    """One year of the calendar (a national table, not scoped: every council counts by it)."""
    return Holiday.objects.filter(day__year=year).order_by("day")


def holiday_get(*, pk: int) -> Holiday:
    return Holiday.objects.get(pk=pk)

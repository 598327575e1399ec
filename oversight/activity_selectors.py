"""Reads of programmes, activities and recommendations; each starts from the scoping rule
(STYLE.md §2.5) and costs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet

from core.attachments import documents_of_versions
from councils import rules, scoping
from followups.filters import STATE_CHOICES, states_of
from followups.models import Obligation, state_case
from followups.selectors import (
    Counts,
    count_expressions,
    counts_by,
    due_soon_days,
    obligation_counts,
)
from oversight.activities import (
    ActivityDocument,
    ActivityDocumentVersion,
    ActivityMember,
    OversightActivity,
    OversightProgramme,
    ProgrammeItem,
    Recommendation,
    ReportRequest,
    Visit,
)
from oversight.activity_filters import (
    ACTIVITY_SORT,
    RECOMMENDATION_SORT,
    ActivityFilter,
    ProgrammeFilter,
    RecommendationFilter,
)

if TYPE_CHECKING:
    from core.models import User
    from councils.models import Council


def programme_list(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> QuerySet[OversightProgramme]:
    qs = (
        OversightProgramme.objects.visible_to(user)
        .filter(withdrawn_at__isnull=True)
        .select_related("council", "body", "resolution")
    )
    return ProgrammeFilter(filters or {}, queryset=qs).qs.order_by("-year", "-id")


def programme_board(*, user: User, council: Council, year: int) -> dict[int, list[ProgrammeItem]]:
    """The year's programmes of one council (its own and its bodies') as a board by quarter:
    each item with its body, agencies and activities (their status: the item's progress).
    Three queries for any number of items: the items, their agencies, their activities."""
    live_activities = OversightActivity.objects.filter(withdrawn_at__isnull=True).only(
        "id", "programme_item_id", "status", "kind", "topic", "year"
    )
    items = (
        ProgrammeItem.objects.visible_to(user)
        .filter(
            programme__council=council,
            programme__year=year,
            programme__withdrawn_at__isnull=True,
            withdrawn_at__isnull=True,
        )
        .select_related("programme__body", "body")
        .prefetch_related(
            "agencies",
            Prefetch("activities", queryset=live_activities.order_by("id"), to_attr="live"),
        )
        .order_by("quarter", "programme_id", "position", "id")
    )
    board: dict[int, list[ProgrammeItem]] = {quarter: [] for quarter in (1, 2, 3, 4)}
    for item in items:
        board[item.quarter].append(item)
    return board


def activity_list(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> QuerySet[OversightActivity]:
    filters = filters or {}
    qs = (
        OversightActivity.objects.visible_to(user)
        .filter(withdrawn_at__isnull=True)
        .select_related("council", "body", "programme_item")
        .annotate(recommendation_count=Count("recommendations", distinct=True))
    )
    qs = ActivityFilter(filters, queryset=qs).qs
    return qs.order_by(*ACTIVITY_SORT.order_by(filters.get("sort")))


def activity_detail_rows(
    activity: OversightActivity, *, today: date | None = None, soon_days: int | None = None
) -> dict[str, list]:
    """What an activity page shows besides the row: members, visits, report requests and
    recommendations, and the audit of its moves. The report requests and the recommendations
    are both debts on the follow-up engine, so they are read together, as the activity's
    obligations with the request or recommendation each opened: one query for the two lists.
    Given `today`, the obligations carry the engine's derived state (no query per row)."""
    owed = (
        ReportRequest.objects.filter(activity=activity)
        .order_by()
        .values("obligation_id")
        .union(
            Recommendation.objects.filter(activity=activity).order_by().values("obligation_id"),
            all=True,
        )
    )
    obligations = Obligation.objects.filter(pk__in=owed).select_related(
        "oversight_report_request__agency", "oversight_recommendation__agency"
    )
    if today is not None:
        soon = due_soon_days(None, today) if soon_days is None else soon_days
        obligations = obligations.annotate(state_code=state_case(today, soon))
    report_requests: list[ReportRequest] = []
    recommendations: list[Recommendation] = []
    for obligation in obligations.order_by():
        # The reverse one-to-one read with the obligation: the other side is cached as None.
        row = _opened_by(obligation)
        if today is not None:
            row.state_code = obligation.state_code  # the view's badge; Obligation.state reads it
        (report_requests if isinstance(row, ReportRequest) else recommendations).append(row)
    # Each list in its model's own order (Meta.ordering), as the separate queries gave them.
    report_requests.sort(key=lambda r: (r.requested_on, r.pk))
    recommendations.sort(key=lambda r: (r.issued_on, r.pk), reverse=True)
    return {
        "members": list(
            ActivityMember.objects.filter(activity=activity).select_related("delegate")
        ),
        "visits": list(Visit.objects.filter(activity=activity).select_related("agency")),
        "report_requests": report_requests,
        "recommendations": recommendations,
        "transitions": list(activity.transitions.select_related("actor")),
    }


def _opened_by(obligation: Obligation) -> ReportRequest | Recommendation:
    """The report request or the recommendation that opened `obligation` (read with it)."""
    try:
        return obligation.oversight_report_request
    except ReportRequest.DoesNotExist:
        return obligation.oversight_recommendation


def recommendation_list(
    *,
    user: User,
    today: date,
    filters: Mapping[str, Any] | None = None,
    soon_days: int | None = None,
    walk: bool = False,
) -> QuerySet[Recommendation]:
    """The tracker: recommendations in scope (withdrawn ones left out) with the engine's derived
    state (`state_code`, the engine's own expression), filtered and ordered as the page, the
    export and the API show them. `walk`: in the plain order even below the nation, for the
    page's first pages (core.paging.shallow)."""
    filters = filters or {}
    soon = due_soon_days(None, today) if soon_days is None else soon_days
    qs = (
        Recommendation.objects.visible_to(user)
        .filter(obligation__withdrawn_at__isnull=True)
        .select_related("council", "agency", "obligation", "activity__body")
        .annotate(state_code=state_case(today, soon, prefix="obligation__"))
    )
    qs = RecommendationFilter(filters, queryset=qs, today=today).qs
    # Below the nation (or for one council), the scope's rows are sorted after reading them
    # (core.sorting.ScopeFirst), not found by walking the national issued-date index testing
    # the scope per row: a province's page 50 costs what sorting its scope costs. The page's
    # first pages still walk (`walk`), where the walk is the shorter (bench/oversight.py).
    narrow = not walk and (bool(filters.get("council")) or not scoping.sees_everything(user))
    return qs.order_by(*RECOMMENDATION_SORT.order_by(filters.get("sort"), narrow=narrow))


def recommendation_counts(
    qs: QuerySet[Recommendation],
    *,
    today: date,
    soon_days: int | None = None,
    decimals: int | None = None,
) -> Counts:
    """The tracker's header, counted as official reports count (DOMAIN.md §9): "of N that fell
    due, x done (z %), y partly, ..." with roadmap and exempted apart. ONE aggregate query: the
    engine's counting expressions over the filtered recommendations joined to their obligation
    (one each), not a second pass over the obligations by id (bench/oversight.py)."""
    soon = due_soon_days(None, today) if soon_days is None else soon_days
    expressions = count_expressions(today=today, soon_days=soon, prefix="obligation__")
    values = qs.select_related(None).order_by().aggregate(**expressions)
    if decimals is None:
        decimals = rules.int_value(None, rules.PERCENT_DECIMALS, today)
    return Counts(**values, decimals=decimals)


def recommendation_header(
    *,
    user: User,
    rows: QuerySet[Recommendation],
    filters: Mapping[str, Any],
    today: date,
    soon_days: int,
    decimals: int,
) -> Counts:
    """The tracker's header for `rows` (`recommendation_list` with `filters`). Filtered by
    nothing but the state, it is read from the obligations alone, through their covering index
    (a province's header 3-4 times faster): a recommendation opens exactly one obligation of its
    kind, in its council, withdrawn with it, and nothing else opens that kind
    (services_activities.recommendation_create). Any other filter counts `rows` themselves."""
    used = {name for name in RecommendationFilter.base_filters if filters.get(name)}
    state = filters.get("state")
    if used - {"state"} or (state and state not in dict(STATE_CHOICES)):
        return recommendation_counts(rows, today=today, soon_days=soon_days, decimals=decimals)
    obligations = Obligation.objects.visible_to(user).filter(
        kind=Obligation.Kind.OVERSIGHT_RECOMMENDATION, withdrawn_at__isnull=True
    )
    if state:
        obligations = obligations.annotate(state_code=state_case(today, soon_days)).filter(
            state_code__in=states_of(state)
        )
    return obligation_counts(obligations, today=today, soon_days=soon_days, decimals=decimals)


def recommendation_counts_by_agency(
    qs: QuerySet[Recommendation], *, today: date, soon_days: int, decimals: int
) -> list[tuple[str, Counts]]:
    """`recommendation_counts` per owing agency (name, counts), by name: the same counting in
    ONE grouped query, so the agencies' rows add up to the header."""
    rows = counts_by(
        qs,
        ("agency__name", "agency_id"),
        today=today,
        soon_days=soon_days,
        decimals=decimals,
        prefix="obligation__",
    )
    return [(name, counts) for (name, _pk), counts in rows]


def recommendations_set_apart(qs: QuerySet[Recommendation]) -> list[Recommendation]:
    """The multi-year (roadmap) and exempted recommendations of `qs`, with their approving
    document, which official figures leave out of "fell due": one query."""
    return list(
        qs.exclude(obligation__exclusion="")
        .select_related(None)
        .select_related("agency", "obligation")
        .order_by("-obligation__exclusion", "agency__name", "issued_on", "id")  # roadmap first
    )


def activity_document_rows(activity: OversightActivity) -> dict[str, list]:
    """What the activity's official documents print besides the activity: the agencies
    overseen, the members, the visits, the reports requested and the recommendations (the
    withdrawn ones left out, as the tracker leaves them out); one query each."""
    return {
        "agencies": list(activity.agencies.order_by("name", "id")),
        "members": list(
            ActivityMember.objects.filter(activity=activity).select_related("delegate")
        ),
        "visits": list(Visit.objects.filter(activity=activity).select_related("agency")),
        "report_requests": list(
            ReportRequest.objects.filter(
                activity=activity, obligation__withdrawn_at__isnull=True
            ).select_related("agency", "obligation")
        ),
        "recommendations": list(
            Recommendation.objects.filter(activity=activity, obligation__withdrawn_at__isnull=True)
            .select_related("agency", "obligation")
            .order_by("issued_on", "id")
        ),
    }


def followup_report_rows(
    *,
    user: User,
    council: Council,
    issued_from: date,
    issued_to: date,
    today: date,
    soon_days: int,
    decimals: int,
) -> dict[str, Any]:
    """The follow-up report's figures: exactly the tracker filtered by the council (its subtree)
    and the period of issue, counted by the tracker's counting, then per agency by the same
    expressions, and the roadmap and exempted rows set apart. Four queries whatever the rows."""
    rows = recommendation_list(
        user=user,
        today=today,
        soon_days=soon_days,
        filters={
            "council": council.pk,
            "issued_from": issued_from,
            "issued_to": issued_to,
        },
    )
    return {
        "council": council,
        "issued_from": issued_from,
        "issued_to": issued_to,
        "dated": today,
        "counts": recommendation_counts(rows, today=today, soon_days=soon_days, decimals=decimals),
        "by_agency": recommendation_counts_by_agency(
            rows, today=today, soon_days=soon_days, decimals=decimals
        ),
        "set_apart": recommendations_set_apart(rows),
    }


def activity_document_list(*, user: User) -> QuerySet[ActivityDocument]:
    """The documents in scope (withdrawn ones and those of withdrawn activities left out), each
    with its versions newest first and who uploaded them: two queries for any number."""
    qs = ActivityDocument.objects.visible_to(user).filter(
        withdrawn_at__isnull=True, activity__withdrawn_at__isnull=True
    )
    versions = ActivityDocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    return qs.prefetch_related(Prefetch("versions", queryset=versions)).order_by("activity", "id")


def activity_files(activity: OversightActivity) -> list[ActivityDocument]:
    """The live documents of an activity already read through the scope, in upload order, each
    with its current and older versions: ONE query for any number of documents."""
    versions = (
        ActivityDocumentVersion.objects.filter(
            document__activity=activity, document__withdrawn_at__isnull=True
        )
        .select_related("document", "uploaded_by")
        .order_by("document_id", "-number")
    )
    return documents_of_versions(versions)


def activity_document_version_get(*, user: User, pk: int) -> ActivityDocumentVersion:
    """A file to download: its activity in the user's scope (the page's rule), its document and
    activity not withdrawn; anything else does not exist for the user."""
    return (
        ActivityDocumentVersion.objects.visible_to(user)
        .filter(
            document__withdrawn_at__isnull=True,
            document__activity__withdrawn_at__isnull=True,
        )
        .get(pk=pk)
    )

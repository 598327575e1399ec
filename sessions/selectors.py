"""Reads about sessions; every one starts from the scoping rule (STYLE.md §2.5)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from core.annotations import count_of
from core.text import percent, search_key
from councils import rules, scoping
from councils.models import Council, CouncilMembership, Delegate
from sessions.filters import SESSION_SORT
from sessions.models import (
    AgendaItem,
    Attendance,
    ConfidenceEntry,
    ConfidencePoll,
    Document,
    DocumentVersion,
    Question,
    Session,
    Sitting,
    Vote,
)

if TYPE_CHECKING:
    from core.models import User

# Withdrawn sessions, agenda items and documents leave every list and report (core.Withdrawable).
ACTIVE = Q(withdrawn_at__isnull=True)
WITHDRAWN = Q(withdrawn_at__isnull=False)


def session_list(
    *, user: User, filters: Mapping[str, Any] | None = None, sort: str | None = None
) -> QuerySet[Session]:
    """Sessions in scope, newest first unless `sort` (SESSION_SORT) says otherwise.

    Filters: council (with its lineage: below it, and what it absorbed), year, kind, status,
    q (council name, no diacritics).
    """
    filters = filters or {}
    qs = Session.objects.visible_to(user).filter(ACTIVE).select_related("council", "term")
    council = filters.get("council")
    narrow = _narrow(user, council)
    if council is not None:
        qs = qs.filter(scoping.council_lineage_q(council))
    if filters.get("year"):
        qs = qs.filter(planned_start__year=filters["year"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        key = search_key(filters["q"])
        named = Q(council__name_key__contains=key)
        if not narrow:
            # The nation: the councils named so, as a set hashed once, so that walking the
            # sessions in date order costs a probe per row, not a council lookup (issue 10).
            # Within a scope the join is kept: the planner starts from the scope's councils.
            named = Q(council__in=Council.objects.filter(name_key__contains=key).values("pk"))
        qs = qs.filter(named | Q(title__icontains=filters["q"]))
    # Correlated subqueries, not a join + GROUP BY over every session: the database counts only
    # for the page of rows it returns (1.5 s → milliseconds at national size, bench/run.py).
    from resolutions.models import Resolution  # resolutions import sessions: not at module level

    return qs.annotate(
        item_count=_count_of(AgendaItem, ACTIVE),
        resolution_count=_count_of(Resolution),
    ).order_by(*SESSION_SORT.order_by(sort, narrow=narrow))


def _narrow(user: User, council: Council | None) -> bool:
    """A list of some councils' rows: sorted after reading them (core.sorting.ScopeFirst)."""
    return council is not None or not scoping.sees_everything(user)


def _count_of(model, *conditions: Q) -> Coalesce:
    return count_of(model, "session", *conditions)


def session_month(*, user: User, year: int, month: int) -> QuerySet[Session]:
    """Sessions in scope overlapping a calendar month (the calendar view)."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return (
        Session.objects.visible_to(user)
        .filter(ACTIVE, planned_start__lte=last, planned_end__gte=first)
        .select_related("council")
        .order_by("planned_start", "council__name")
    )


def session_get(*, user: User, pk: int) -> Session:
    """A session in scope; a withdrawn one only for its council's editors (who may restore it)."""
    session = Session.objects.visible_to(user).select_related("council__unit", "term").get(pk=pk)
    if session.withdrawn and not scoping.can_edit_council(user, session.council):
        raise Session.DoesNotExist
    return session


def session_choices(*, user: User, council: Council | None) -> QuerySet[Session]:
    """The sessions a record of `council` may be attached to (withdrawn ones are not offered)."""
    if council is None:
        return Session.objects.none()
    return (
        Session.objects.visible_to(user)
        .filter(ACTIVE, council=council)
        .order_by("-planned_start", "-id")
    )


def item_choices(*, user: User, session: Session | None) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.visible_to(user).filter(ACTIVE, session=session).order_by("position")


def session_items(session: Session) -> QuerySet[AgendaItem]:
    """The agenda with presenters, reviewers and votes in a fixed number of queries (its papers
    come from `session_documents`, which applies the confidentiality rule)."""
    return (
        session.items.filter(ACTIVE)
        .select_related("presenter", "reviewer", "sitting")
        .prefetch_related(
            Prefetch("votes", queryset=Vote.objects.order_by("held_on", "id")),
            "resolutions",
        )
        .order_by("position")
    )


def _papers(qs: QuerySet[Document], user: User) -> QuerySet[Document]:
    """Confidential papers the reader may not see keep their place (kind, date, the "Mật" mark)
    but lose their title and every version, here where rows are selected (STYLE.md §2.14):
    `shown_title` replaces `title`, which is not even read."""
    hidden = scoping.confidential_hidden_q(user)
    return (
        qs.defer("title")
        .annotate(
            secret=Case(
                When(hidden, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            shown_title=Case(
                When(hidden, then=Value(gettext("Tài liệu mật"))),
                default=F("title"),
                output_field=CharField(),
            ),
        )
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.exclude(
                    scoping.confidential_hidden_q(user, "document__")
                ).select_related("uploaded_by"),
            )
        )
    )


def session_documents(session: Session, *, user: User) -> QuerySet[Document]:
    return _papers(session.documents.filter(ACTIVE).select_related("item"), user)


def session_withdrawn(session: Session) -> tuple[list[AgendaItem], list[Document]]:
    """What was withdrawn from a session's agenda and papers, for its editors to restore."""
    items = session.items.filter(WITHDRAWN).select_related("withdrawn_by").order_by("position")
    documents = session.documents.filter(WITHDRAWN).select_related("withdrawn_by").order_by("id")
    return list(items), list(documents)


def session_sittings(session: Session) -> list[Sitting]:
    """Sittings with present/excused/absent counts from one grouped query."""
    sittings = list(session.sittings.all())
    counts = attendance_counts(s.pk for s in sittings)
    for s in sittings:
        c = counts.get(s.pk, {})
        s.present = c.get(Attendance.Status.PRESENT, 0)
        s.excused = c.get(Attendance.Status.EXCUSED, 0)
        s.absent = c.get(Attendance.Status.ABSENT, 0)
    return sittings


def document_version_get(*, user: User, pk: int) -> DocumentVersion:
    """A file to download: in scope, and confidential papers only for those who may see them."""
    return (
        DocumentVersion.objects.visible_to(user)
        .exclude(scoping.confidential_hidden_q(user, "document__"))
        .select_related("document")  # whether it is confidential: its opening is logged
        .get(pk=pk)
    )


def question_list(*, user: User, session: Session | None = None) -> QuerySet[Question]:
    qs = Question.objects.visible_to(user).select_related("session", "asked_by", "agency")
    if session is not None:
        qs = qs.filter(session=session)
    return qs.prefetch_related("commitments")


def poll_list(*, user: User, session: Session | None = None) -> QuerySet[ConfidencePoll]:
    qs = ConfidencePoll.objects.visible_to(user).select_related("session__council__unit")
    if session is not None:
        qs = qs.filter(session=session)
    return qs.prefetch_related("entries")


def vote_list(*, user: User) -> QuerySet[Vote]:
    return Vote.objects.visible_to(user).select_related("item__session")


def seated_delegates(council: Council, on: date):
    """Delegates holding a seat in the council on a day (the roll for attendance and votes)."""
    seated = CouncilMembership.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=on), council=council, start_on__lte=on
    ).values("delegate_id")
    return Delegate.objects.filter(pk__in=seated).order_by("name_key", "id")


def delegate_total(council: Council, on: date) -> int:
    """The council's total number of delegates on a day: the denominator of every vote."""
    return (
        CouncilMembership.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gte=on), council=council, start_on__lte=on
        )
        .values("delegate_id")
        .distinct()
        .count()
    )


def poll_rows(poll: ConfidencePoll) -> list[dict]:
    """The result table: counts, % of the denominator per level, and the consequence flag."""

    decimals = rules.int_value(poll.session.council, rules.PERCENT_DECIMALS, poll.held_on)
    rows = []
    for entry in poll.entries.all():
        base = poll.total_delegates
        if poll.denominator == ConfidencePoll.Denominator.BALLOTS and entry.ballots_issued:
            base = entry.ballots_issued
        consequence = confidence_consequence(entry, poll)
        rows.append(
            {
                "entry": entry,
                "base": base,
                "high_pct": percent(entry.high or 0, base, decimals)
                if entry.high is not None
                else "",
                "confidence_pct": percent(entry.confidence or 0, base, decimals),
                "low_pct": percent(entry.low or 0, base, decimals),
                "low_pct_of_delegates": percent(entry.low or 0, poll.total_delegates, decimals),
                "consequence": consequence,
                "consequence_label": ConfidenceEntry.Consequence(consequence).label,
            }
        )
    return rows


def attendance_counts(sitting_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Present/excused/absent per sitting in one grouped query."""
    out: dict[int, dict[str, int]] = {}
    rows = (
        Attendance.objects.filter(sitting_id__in=list(sitting_ids))
        .values("sitting_id", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        out.setdefault(row["sitting_id"], {})[row["status"]] = row["n"]
    return out


def present_at_roll(session: Session, on: date, sitting: Sitting | None = None) -> int | None:
    """Delegates marked present at the roll a vote belongs to: the item's sitting, else the
    latest sitting of that day with a roll taken; None when no roll was taken."""
    if sitting is not None:
        rows = Attendance.objects.filter(sitting=sitting)
    else:
        rows = Attendance.objects.filter(sitting__session=session, sitting__on=on)
    rolls = list(
        rows.values("sitting_id", "sitting__part").annotate(
            n=Count("id", filter=Q(status=Attendance.Status.PRESENT))
        )
    )
    if not rolls:
        return None
    parts = {part: i for i, part in enumerate(Sitting.Part.values)}
    latest = max(rolls, key=lambda r: (parts[r["sitting__part"]], r["sitting_id"]))
    return latest["n"]


def confidence_consequence(entry: ConfidenceEntry, poll: ConfidencePoll) -> str:
    """What the law attaches to a result (Res. 96/2023/QH15 Art. 13, 16; DOMAIN.md §8)."""
    if entry.low is None:
        return ConfidenceEntry.Consequence.NONE
    base = poll.total_delegates
    if poll.denominator == ConfidencePoll.Denominator.BALLOTS and entry.ballots_issued:
        base = entry.ballots_issued
    c = ConfidenceEntry.Consequence
    if poll.kind == ConfidencePoll.Kind.VOTE:
        return c.NO_CONFIDENCE if entry.low * 2 > base else c.NONE
    if entry.low * 3 >= base * 2:
        return c.DISMISSAL
    if entry.low * 2 > base:
        return c.CONFIDENCE_VOTE
    return c.NONE


def delegate_totals(council: Council, days: Iterable[date]) -> dict[date, int]:
    """`delegate_total` for several days in one query (the sittings of a session page)."""
    days = sorted(set(days))
    if not days:
        return {}
    seats = list(
        CouncilMembership.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gte=days[0]),
            council=council,
            start_on__lte=days[-1],
        ).values_list("delegate_id", "start_on", "end_on")
    )
    return {
        day: len({d for d, start, end in seats if start <= day and (end is None or end >= day)})
        for day in days
    }


# --- lists of the REST API (sessions/api.py) ------------------------------------------------


def agenda_item_list(*, user: User) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.visible_to(user)
        .filter(ACTIVE, session__withdrawn_at__isnull=True)
        .select_related("presenter", "reviewer")
    )


def document_list(*, user: User) -> QuerySet[Document]:
    """Documents with their versions; confidential ones masked for readers who may not see them."""
    return _papers(
        Document.objects.visible_to(user).filter(ACTIVE, session__withdrawn_at__isnull=True), user
    )


def sitting_list(*, user: User) -> QuerySet[Sitting]:
    """Sittings with present/excused/absent counts, in the same query as the page's rows."""
    status = Attendance.Status
    return (
        Sitting.objects.visible_to(user)
        .annotate(
            present=count_of(Attendance, "sitting", Q(status=status.PRESENT)),
            excused=count_of(Attendance, "sitting", Q(status=status.EXCUSED)),
            absent=count_of(Attendance, "sitting", Q(status=status.ABSENT)),
        )
        .order_by("on", "part", "id")
    )


def attendance_list(*, user: User) -> QuerySet[Attendance]:
    return Attendance.objects.visible_to(user).select_related("sitting", "delegate")

"""Reads of voters' work; every one starts from the scoping rule (STYLE.md §2.5).

Lists hold millions of rows: they filter and order on indexed columns of their own table, are
paged ids-first with capped counts (core.paging, core.pagination), and carry, per row, whether the
reader may see the citizens' personal data (`personal_visible`); `mask_personal_data` hides it
from everyone else before a page, an export or the API shows the row.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from core.db import OverBudgetError, time_budget
from core.paging import walked_ids
from core.text import search_key, share
from councils import rules, scoping
from councils.models import Agency, Council
from followups.models import overdue_q, state_case
from followups.selectors import due_soon_days
from voters.filters import (
    MEETING_SORT,
    RECEPTION_SORT,
    LetterFilter,
    MeetingFilter,
    PetitionItemFilter,
    ReceptionFilter,
)
from voters.models import (
    Competence,
    ContactMeeting,
    Field,
    Letter,
    LetterCategory,
    Petition,
    PetitionImport,
    PetitionItem,
    Reception,
    ReceptionSchedule,
)

if TYPE_CHECKING:
    from core.models import User

MASK = "•••"
SUGGESTIONS = 10  # likely duplicates offered while typing
SIMILARITY = 0.3  # pg_trgm's default `%` threshold; the SQLite fallback uses the same bar
# The trigram search's budget while typing (issue 13: the suggestion within 150 ms), when the
# lineage's latest items hold too few similar ones; past it, those are offered.
SUGGEST_BUDGET_MS = 50
SUGGEST_LATEST = 500


# --- personal data -------------------------------------------------------------------------------


def masked_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V… A': enough to tell two citizens apart in a list, not
    enough to name them."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        return f"{words[0][0]}…"
    middle = [f"{w[0]}…" for w in words[1:-1]]
    return " ".join([words[0], *middle, words[-1][0]])


# The personal-data fields of each model: a name is shortened, the rest hidden.
PERSONAL_FIELDS: dict[type[Model], tuple[tuple[str, ...], tuple[str, ...]]] = {
    Petition: (("voter_name",), ("voter_address",)),
    Reception: (("person_name",), ("address", "id_number", "phone")),
    Letter: (("sender_name",), ("sender_address", "sender_id_number", "sender_phone")),
}


def with_personal_flag(qs: QuerySet, user: User, lookup: str = "council") -> QuerySet:
    """Annotate `personal_visible`: whether `user` may read the row's citizens' data (the
    personal-data capability at the row's council, councils.scoping)."""
    cond = scoping.personal_data_q(user, lookup)
    if cond is None:
        flag = Value(False)
    elif not cond:
        flag = Value(True)
    else:
        flag = Case(When(cond, then=Value(True)), default=Value(False))
    return qs.annotate(personal_visible=flag)


def mask_personal_data(row: Model, visible: bool | None = None) -> Model:
    """Hide the citizens' data of a row (and of its petition, for an item) unless the reader may
    see it (`visible`, else the row's `personal_visible` annotation; missing means hidden)."""
    if visible is None:
        visible = bool(getattr(row, "personal_visible", False))
    if visible:
        return row
    targets = [row]
    if isinstance(row, PetitionItem) and "petition" in row._state.fields_cache:
        targets.append(row.petition)
    for target in targets:
        names, hidden = PERSONAL_FIELDS.get(type(target), ((), ()))
        for field in names:
            setattr(target, field, masked_name(getattr(target, field) or ""))
        for field in hidden:
            if getattr(target, field):
                setattr(target, field, MASK)
    return row


def mask_rows(rows: Iterable[Model]) -> list[Model]:
    return [mask_personal_data(row) for row in rows]


# --- lists ---------------------------------------------------------------------------------------


def _rules(today: date | None, soon_days: int | None) -> tuple[date, int]:
    """(today in Vietnam, the national due-soon window) unless the caller read them already."""
    today = today or timezone.localdate()
    return today, due_soon_days(None, today) if soon_days is None else soon_days


def _with_state(qs: QuerySet, today: date, soon_days: int) -> QuerySet:
    """`obligation_state`: the engine's derived state of the row's obligation ("" without)."""
    return qs.annotate(
        obligation_state=Case(
            When(obligation__isnull=True, then=Value("")),
            default=state_case(today, soon_days, prefix="obligation__"),
        ),
        overdue=Case(
            When(overdue_q(today, "obligation__"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def meeting_list(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet:
    """Contact meetings in scope (a delegate: their own), newest first."""
    filters = filters or {}
    qs = (
        ContactMeeting.objects.visible_to(user)
        .filter(scoping.own_voter_work_q(user), withdrawn_at__isnull=True)
        .select_related("council", "session", "delegate")
    )
    qs = MeetingFilter(filters, queryset=qs, user=user).qs
    return qs.order_by(*MEETING_SORT.order_by(filters.get("sort")))


def meeting_get(*, user: User, pk: int) -> ContactMeeting:
    return meeting_list(user=user).prefetch_related("delegates").get(pk=pk)


def petition_item_list(
    *,
    user: User,
    filters: Mapping[str, Any] | None = None,
    today: date | None = None,
    soon_days: int | None = None,
) -> QuerySet[PetitionItem]:
    """Petition items in scope with their obligation's state, filtered as the issue asks
    (state, level, field, Ban, agency, council subtree, period, text without diacritics)."""
    filters = filters or {}
    today, soon = _rules(today, soon_days)
    qs = (
        PetitionItem.objects.visible_to(user)
        .filter(scoping.own_voter_work_q(user, delegate="petition__meeting__delegate"))
        .select_related("council", "petition", "ban", "agency", "obligation")
    )
    qs = with_personal_flag(_with_state(qs, today, soon), user)
    qs = PetitionItemFilter(filters, queryset=qs, today=today, soon_days=soon, user=user).qs
    return qs.order_by(*PetitionItemFilter.sorting_for(filters).order_by(filters.get("sort")))


def petition_item_get(*, user: User, pk: int, today: date | None = None) -> PetitionItem:
    return (
        petition_item_list(user=user, today=today)
        .select_related("petition__meeting", "merged_into", "repeated_from")
        .get(pk=pk)
    )


def meeting_petitions(*, user: User, meeting: ContactMeeting) -> list[Petition]:
    """The opinions raised at a meeting with their items, in the order typed, the voters'
    data masked for a reader without the capability: two queries whatever their number."""
    petitions = with_personal_flag(
        Petition.objects.visible_to(user).filter(meeting=meeting).order_by("id"), user
    ).prefetch_related(
        Prefetch(
            "items",
            queryset=PetitionItem.objects.select_related("merged_into").order_by("id"),
        )
    )
    return mask_rows(petitions)


def reception_list(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet:
    """The reception log in scope (a delegate: their own receptions), newest first."""
    filters = filters or {}
    qs = (
        Reception.objects.visible_to(user)
        .filter(scoping.own_voter_work_q(user), withdrawn_at__isnull=True)
        .select_related("council", "delegate", "forwarded_to")
    )
    qs = with_personal_flag(ReceptionFilter(filters, queryset=qs, user=user).qs, user)
    return qs.order_by(*RECEPTION_SORT.order_by(filters.get("sort")))


def reception_get(*, user: User, pk: int) -> Reception:
    return reception_list(user=user).select_related("schedule").get(pk=pk)


def letter_list(
    *,
    user: User,
    filters: Mapping[str, Any] | None = None,
    today: date | None = None,
    soon_days: int | None = None,
) -> QuerySet[Letter]:
    """Letters in scope (none for a delegate: letters are the office's), with the state of the
    answer owed, newest first."""
    filters = filters or {}
    today, soon = _rules(today, soon_days)
    qs = (
        Letter.objects.visible_to(user)
        .filter(scoping.own_voter_work_q(user, delegate=None), withdrawn_at__isnull=True)
        .select_related("council", "agency", "obligation")
    )
    qs = with_personal_flag(_with_state(qs, today, soon), user)
    qs = LetterFilter(filters, queryset=qs, today=today, soon_days=soon, user=user).qs
    return qs.order_by(*LetterFilter.sorting_for(filters).order_by(filters.get("sort")))


def letter_get(*, user: User, pk: int, today: date | None = None) -> Letter:
    return letter_list(user=user, today=today).select_related("duplicate_of").get(pk=pk)


# --- searching ----------------------------------------------------------------------------------

# A word is common when it is in 1 % of the newest rows or more: walking the list's order finds a
# page's matches and the capped count's (1,000) within 100,000 rows; a rarer word is left to the
# trigram index, whose bitmap of a rare word is small.
SAMPLE_ROWS = 5_000
COMMON_SHARE = 0.01


def search_is_common(model: type[Model], text: str) -> bool:
    """Whether `text`'s words (core.text.search_words) are common in `model`'s newest rows: ONE
    query reading the SAMPLE_ROWS newest rows by the list's date index, whatever the words.
    PostgreSQL's own estimate takes the words as independent and rare ("nang cap duong": 667
    rows estimated, 150,000 found), so the list asks this before choosing how to search."""
    words = search_key(text).split()
    if not words or connection.vendor != "postgresql":
        return False
    table = model._meta.db_table
    day = {Letter: "received_on", Reception: "received_on"}.get(model, "raised_on")
    matches = " AND ".join(["search_text LIKE %s"] * len(words))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT search_text FROM {table}"  # noqa: S608 - our names
            f" ORDER BY {day} DESC, id DESC LIMIT %s) newest WHERE {matches}",
            [SAMPLE_ROWS, *(f"%{_like(w)}%" for w in words)],
        )
        found = cursor.fetchone()[0]
    return found >= SAMPLE_ROWS * COMMON_SHARE


def _like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- likely duplicates ---------------------------------------------------------------------------


def duplicate_suggestions(
    *, user: User, text: str, council: Council, limit: int = SUGGESTIONS
) -> list[PetitionItem]:
    """Items of the council's lineage (its subtree and what it absorbed) in the user's scope
    whose text is like `text` without diacritics, most similar first: offered while a clerk
    types a new issue. PostgreSQL: trigram similarity among the lineage's SUGGEST_LATEST latest
    items, then over the whole lineage if they hold too few (`_similar_items`); SQLite: the
    rows holding the text's longest words, ranked in Python."""
    key = search_key(text)[:300]
    if len(key) < 3:
        return []
    if connection.vendor == "postgresql":
        return _similar_items(user=user, key=key, council=council, limit=limit)
    qs = PetitionItem.objects.filter(scoping.visible_lineage_q(user, council)).select_related(
        "council"
    )
    words = sorted({w for w in key.split() if len(w) >= 3}, key=len, reverse=True)[:3]
    for word in words:
        qs = qs.filter(search_text__contains=word)
    ranked = []
    for item in qs.order_by("-id")[:500]:
        item.similarity = difflib.SequenceMatcher(None, key, item.search_text).ratio()
        if item.similarity >= SIMILARITY:
            ranked.append(item)
    ranked.sort(key=lambda i: (-i.similarity, -i.pk))
    return ranked[:limit]


# What a suggestion shows (voters/items/_suggestions.html, the API) and what a merge checks of
# its candidates (voters.views_items): not the item's other 30 columns.
SUGGESTED = ("id", "content", "raised_on", "council", "council__name", "merged_into")


def _similar_items(*, user: User, key: str, council: Council, limit: int) -> list[PetitionItem]:
    """PostgreSQL's duplicate_suggestions: the lineage's SUGGEST_LATEST latest items ranked by
    trigram similarity; when they hold fewer than `limit` similar ones and the lineage is larger,
    the trigram index over the whole lineage (`%`) within SUGGEST_BUDGET_MS.

    Latest first: a sentence typed at a meeting is common words, and over a province's lineage
    the trigram index reads posting lists of millions of rows: it was always cancelled at its
    budget (50 ms spent for nothing, then the latest ranked anyway). A lineage of 500 items or
    fewer is ranked whole, as the index would. The lineage and the scope are one filter
    (scoping.visible_lineage_q), the rows only what is shown."""
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import TrigramSimilarity
    from django.db.models import F

    qs = (
        PetitionItem.objects.filter(scoping.visible_lineage_q(user, council))
        .select_related("council")
        .only(*SUGGESTED)
    )
    similarity = TrigramSimilarity("search_text", Value(key))
    # The ids first (an index walk, recent rows first: core.paging.walked_ids); as a subquery,
    # the planner joined the lineage's every row to it.
    latest = walked_ids(qs.order_by("-raised_on", "-id"), 0, SUGGEST_LATEST)
    found = list(
        qs.filter(pk__in=latest)
        .annotate(similarity=similarity)
        .filter(similarity__gte=SIMILARITY)
        .order_by("-similarity", "-id")[:limit]
    )
    if len(found) == limit or len(latest) < SUGGEST_LATEST:
        return found
    try:
        with time_budget(SUGGEST_BUDGET_MS):
            return list(
                qs.filter(TrigramSimilar(F("search_text"), Value(key)))
                .annotate(similarity=similarity)
                .order_by("-similarity", "-id")[:limit]
            )
    except OverBudgetError:
        return found


# --- statistics ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatRow:
    """One line of the statistics: counts and the official "x/y (z %)" shares. `backlog`: items
    raised since the start of the term, before the period, still unresolved when it began."""

    key: str
    label: str
    total: int
    transferred: int
    answered: int
    resolved: int
    in_progress: int
    explained: int
    not_resolvable: int
    overdue: int
    backlog: int = 0
    backlog_resolved: int = 0
    decimals: int = 2

    @property
    def answered_share(self) -> str:
        return share(self.answered, self.transferred, self.decimals)

    @property
    def resolved_share(self) -> str:
        return share(self.resolved, self.total, self.decimals)

    @property
    def backlog_resolved_share(self) -> str:
        return share(self.backlog_resolved, self.backlog, self.decimals)


COUNTED = (
    "total",
    "transferred",
    "answered",
    "resolved",
    "in_progress",
    "explained",
    "not_resolvable",
    "overdue",
    "backlog",
    "backlog_resolved",
)


def stat_total(rows: list[StatRow], label: str, decimals: int = 2) -> StatRow:
    """The "Tổng cộng" line: the rows summed (each item is in exactly one row)."""
    sums = {name: sum(getattr(row, name) for row in rows) for name in COUNTED}
    return StatRow(key="total", label=label, decimals=decimals, **sums)


PETITION_GROUPS = {
    "field": ("field", dict(Field.choices)),
    "competence": ("competence", dict(Competence.choices)),
    "status": ("status", dict(PetitionItem.Status.choices)),
    "agency": ("agency_id", None),
}


# Past this many agencies named at once, their ids' range is read (a few thousand rows in a few
# ms) rather than an IN list that takes Django 200 ms to compile and PostgreSQL 50 ms to plan.
AGENCY_IN_MAX = 200


def _month(day: date) -> int:
    return day.year * 100 + day.month


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _group_key(row: dict, column: str, by: str) -> tuple[str, str]:
    """(value, the agency's free text) of a grouped row, as the summary keys them."""
    value = row.pop(column)
    text = row.pop("agency_text", "") if by == "agency" else ""
    return str(value if value is not None else ""), text or ""


def _live_counts(
    qs: QuerySet, *, by: str, date_from: date, date_to: date, today: date, since: date
) -> dict[tuple[str, str], dict[str, int]]:
    """The statistics of the items of `qs` counted row by row in ONE aggregate query."""
    column = PETITION_GROUPS[by][0]
    assessed = PetitionItem.Assessment
    in_period = Q(raised_on__gte=date_from)
    carried = Q(raised_on__lt=date_from) & ~Q(
        assessment=assessed.RESOLVED, assessed_on__lt=date_from
    )
    qs = qs.filter(raised_on__gte=since, raised_on__lte=date_to, merged_into__isnull=True)
    if since < date_from:
        qs = qs.filter(in_period | carried)
    columns = [column, "agency_text"] if by == "agency" else [column]
    rows = (
        qs.order_by()
        .values(*columns)
        .annotate(
            total=Count("id", filter=in_period),
            transferred=Count("id", filter=in_period & Q(obligation__isnull=False)),
            answered=Count("id", filter=in_period & Q(answered_on__isnull=False)),
            resolved=Count("id", filter=in_period & Q(assessment=assessed.RESOLVED)),
            in_progress=Count("id", filter=in_period & Q(assessment=assessed.IN_PROGRESS)),
            explained=Count("id", filter=in_period & Q(assessment=assessed.EXPLAINED)),
            not_resolvable=Count("id", filter=in_period & Q(assessment=assessed.NOT_RESOLVABLE)),
            overdue=Count("id", filter=in_period & overdue_q(today, "obligation__")),
            backlog=Count("id", filter=carried),
            backlog_resolved=Count(
                "id", filter=carried & Q(assessment=assessed.RESOLVED, assessed_on__lte=date_to)
            ),
        )
    )
    return {_group_key(row, column, by): row for row in rows}


def _summary_counts(
    *,
    tops: frozenset[str] | None,
    by: str,
    date_from: date,
    date_to: date,
    today: date,
    since: date,
) -> dict[tuple[str, str], dict[str, int]]:
    """The same counts from the summary (voters.statistics) for whole months: the period's
    (`date_from` a first, `date_to` a last day of a month) and the backlog's from `since`
    (a first of a month). Overdue: obligations due in the months before today's (the days of
    today's month before it are counted live by the caller).

    No index of its own: the nation's year by agency reads 146,000 of the 323,000 rows (since
    the term's start), and a covering (dim, raised_month) INCLUDE (…) index, tried on the bench
    copy, is left aside by the planner for a parallel scan (forced: 47 ms instead of 60 ms of
    reading, the same 140 ms of summing); the unique key already leads with (dim, raised_month)."""
    from django.db.models import Sum

    from voters.models import PetitionStat

    first, last, now = _month(date_from), _month(date_to), _month(today)
    qs = PetitionStat.objects.filter(
        dim=by, raised_month__gte=_month(since), raised_month__lte=last
    )
    if tops is not None:
        qs = qs.filter(scope__in=sorted(tops))
    in_period = Q(raised_month__gte=first)
    carried = Q(raised_month__lt=first)

    def total(cond: Q, name: str = "total") -> Sum:
        return Sum(name, filter=cond, default=0)

    # Named apart from the summary's columns (an annotation may not shadow a field).
    sums = {f"n_{name}": total(in_period, name) for name in COUNTED[:7]}
    sums.update(
        n_overdue=total(in_period & Q(due_month__gt=0, due_month__lt=now)),
        n_carried=total(carried),
        n_carried_resolved=total(carried & Q(resolved_month__gt=0, resolved_month__lt=first)),
        n_backlog_resolved=total(carried & Q(resolved_month__gte=first, resolved_month__lte=last)),
    )
    found = {}
    for row in qs.order_by().values("value", "label").annotate(**sums):
        counts = {name[2:]: row[name] for name in sums}
        counts["backlog"] = counts.pop("carried") - counts.pop("carried_resolved")
        found[(row["value"], row["label"])] = counts
    return found


def _summary_reach(
    user: User, council: Council | None, date_from: date, date_to: date, *, live: bool
) -> tuple[bool, frozenset[str] | None]:
    """Whether a summary (voters.statistics) answers the period for the user and the council's
    lineage: whole months over whole provinces; and which provinces (None: all)."""
    whole = date_from.day == 1 and date_to == _month_end(date_to)
    if live or not whole:
        return False, None
    from voters.statistics import SCOPE_LEN

    return scoping.reach_tops(user, council, SCOPE_LEN)


def _add_counts(into: dict, parts: Iterable[dict], names: Iterable[str]) -> None:
    """Sum the counts of `parts` (key -> counts) into `into`, a key's missing counts as 0."""
    names = tuple(names)
    for part in parts:
        for key, row in part.items():
            found = into.setdefault(key, dict.fromkeys(names, 0))
            for name, value in row.items():
                found[name] += value


def petition_statistics(
    *,
    user: User,
    date_from: date,
    date_to: date,
    by: str,
    today: date,
    council: Council | None = None,
    since: date | None = None,
    subtree: bool = True,
    live: bool = False,
) -> list[StatRow]:
    """Compiled items raised in a period, by field, agency, level of competence or state;
    answered and resolved are counted apart (DOMAIN.md §10). Merged items are counted in their
    compiled item, not again.

    The backlog carried since the start of the term (`since`, DOMAIN.md §10): items raised from
    `since` to the eve of the period and not assessed resolved before it began, with those of
    them resolved within the period. `subtree=False`: the council's own items only, without the
    councils below it (the official reports offer both).

    A period of whole months over whole provinces (the nation's, a province's statistics) is
    read from the summary the services keep (voters.statistics: a few thousand rows instead of
    millions of items), with the days the summary cannot tell counted live: the partial month
    the term starts in, and the obligations due earlier in today's month. Anything else, or
    `live=True`, counts the items row by row in one aggregate query."""
    column, labels = PETITION_GROUPS[by]
    since = min(since or date_from, date_from)
    items = PetitionItem.objects.visible_to(user)
    if council is not None:
        items = items.filter(council_reach_q(council, subtree=subtree))
    period = {"by": by, "date_from": date_from, "date_to": date_to, "today": today}
    answerable, tops = _summary_reach(user, council, date_from, date_to, live=live or not subtree)
    if not answerable:
        counts = _live_counts(items, since=since, **period)
    else:
        start = since if since.day == 1 else _month_end(since) + timedelta(days=1)
        start = min(start, date_from)
        counts = _summary_counts(tops=tops, since=start, **period)
        parts = []
        if start > since:  # the days of the term's first month before the next one
            parts.append(_live_counts(items.filter(raised_on__lt=start), since=since, **period))
        # The obligations due earlier in today's month (none on the 1st: the same queries).
        late = (
            items.filter(
                raised_on__gte=date_from,
                raised_on__lte=date_to,
                merged_into__isnull=True,
                obligation__due_on__gte=today.replace(day=1),
            )
            .filter(overdue_q(today, "obligation__"))
            .order_by()
            .values(*([column, "agency_text"] if by == "agency" else [column]))
            .annotate(overdue=Count("id"))
        )
        parts.append({_group_key(row, column, by): row for row in late})
        _add_counts(counts, parts, COUNTED)
    counts = {k: v for k, v in counts.items() if v["total"] or v["backlog"]}
    names = {}
    if by == "agency":
        ids = {int(value) for value, _text in counts if value}
        agencies = Agency.objects.filter(pk__in=ids)
        if len(ids) > AGENCY_IN_MAX:  # the nation's thousands: their id range, not a long IN
            agencies = Agency.objects.filter(pk__gte=min(ids), pk__lte=max(ids))
        names = dict(agencies.values_list("pk", "name") if ids else [])
    decimals = rules.int_value(council, rules.PERCENT_DECIMALS, today)
    found = []
    for (value, text), row in counts.items():
        if by == "agency":
            label = names.get(int(value)) if value else text
            order = (value == "", int(value or 0), text)
        else:
            label = labels.get(value, "")
            order = (value,)
        found.append((order, StatRow(key=value, label=str(label or ""), **row, decimals=decimals)))
    found.sort(key=lambda pair: pair[0])
    return [row for _order, row in found]


def council_reach_q(council: Council, *, subtree: bool, field: str = "council") -> Q:
    """A report's council: with the councils below it and what they absorbed (the lists' council
    filter, councils.scoping), or the council alone."""
    return scoping.council_lineage_q(council, field) if subtree else Q(**{field: council})


def petition_report_items(
    *, user: User, council: Council, date_from: date, date_to: date, subtree: bool = True
) -> list[PetitionItem]:
    """The compiled items of a period as `petition_statistics` counts them (raised in the period,
    not merged into another), each with the items merged into it (`sources`), ordered by level of
    competence, field and id: the official reports' lists, in three queries whatever their size."""
    merged = (
        PetitionItem.objects.visible_to(user)
        .select_related("council__unit", "petition__meeting")
        .order_by("raised_on", "id")
    )
    items = list(
        PetitionItem.objects.visible_to(user)
        .filter(
            council_reach_q(council, subtree=subtree),
            raised_on__gte=date_from,
            raised_on__lte=date_to,
            merged_into__isnull=True,
        )
        .select_related("council__unit", "petition__meeting", "agency")
        .prefetch_related(Prefetch("merged_items", queryset=merged, to_attr="merged_sources"))
        .order_by("competence", "field", "id")
    )
    for found in items:
        found.sources = [found, *found.merged_sources]
    return items


@dataclass(frozen=True)
class ContactRound:
    """What a contact round's report opens with: meetings held, delegates and voters attending,
    opinions recorded (DOMAIN.md §10: "9 ý kiến với 14 nội dung")."""

    meetings: int
    delegates: int
    voters: int
    opinions: int


def contact_round(
    *, user: User, council: Council, date_from: date, date_to: date, subtree: bool = True
) -> ContactRound:
    """The contact meetings held in a period (withdrawn ones left out) and the opinions raised in
    it, for the council (and below it): three aggregate queries."""
    from django.db.models import Sum

    meetings = ContactMeeting.objects.visible_to(user).filter(
        council_reach_q(council, subtree=subtree),
        held_on__gte=date_from,
        held_on__lte=date_to,
        withdrawn_at__isnull=True,
    )
    held = meetings.order_by().aggregate(n=Count("id"), voters=Sum("voters_count"))
    delegates = (
        ContactMeeting.delegates.through.objects.filter(contactmeeting__in=meetings.values("id"))
        .values("delegate_id")
        .distinct()
        .count()
    )
    opinions = (
        Petition.objects.visible_to(user)
        .filter(
            council_reach_q(council, subtree=subtree),
            raised_on__gte=date_from,
            raised_on__lte=date_to,
        )
        .count()
    )
    return ContactRound(held["n"], delegates, held["voters"] or 0, opinions)


def session_contact_period(
    *, user: User, council: Council, session_id: int, subtree: bool = True
) -> tuple[date, date] | None:
    """The days a session's contact round spans (its first and last meeting, of the council and
    below it); None when no meeting in scope is linked to that session."""
    from django.db.models import Max, Min

    span = (
        ContactMeeting.objects.visible_to(user)
        .filter(
            council_reach_q(council, subtree=subtree),
            session_id=session_id,
            withdrawn_at__isnull=True,
        )
        .order_by()
        .aggregate(first=Min("held_on"), last=Max("held_on"))
    )
    return (span["first"], span["last"]) if span["first"] else None


LETTER_COUNTED = ("received", "forwarded", "answered", "duplicates", "overdue")


def letter_counts(
    *,
    user: User,
    date_from: date,
    date_to: date,
    today: date,
    council: Council | None = None,
    live: bool = False,
) -> dict[str, dict[str, int]]:
    """Letters received in a period by category: received, forwarded, answered, overdue (""
    is the letters not classified yet); `council`: its lineage only.

    Whole months over whole provinces are read from the summary the services keep
    (voters.statistics, as `petition_statistics`), with the obligations due earlier in today's
    month counted live; anything else, or `live=True`, in ONE aggregate query over the letters."""
    qs = Letter.objects.visible_to(user).filter(
        received_on__gte=date_from, received_on__lte=date_to, withdrawn_at__isnull=True
    )
    if council is not None:
        qs = qs.filter(scoping.council_lineage_q(council))
    found = {c: dict.fromkeys(LETTER_COUNTED, 0) for c in ["", *LetterCategory.values]}
    answerable, tops = _summary_reach(user, council, date_from, date_to, live=live)
    if not answerable:
        rows = (
            qs.order_by()
            .values("category")
            .annotate(
                received=Count("id"),
                forwarded=Count("id", filter=Q(obligation__isnull=False)),
                answered=Count("id", filter=Q(answered_on__isnull=False)),
                duplicates=Count("id", filter=Q(duplicate_of__isnull=False)),
                overdue=Count("id", filter=overdue_q(today, "obligation__")),
            )
        )
        _add_counts(found, [{row.pop("category"): row for row in rows}], LETTER_COUNTED)
        return found
    from django.db.models import Sum

    from voters.models import LetterStat

    kept = LetterStat.objects.filter(
        received_month__gte=_month(date_from), received_month__lte=_month(date_to)
    )
    if tops is not None:
        kept = kept.filter(scope__in=sorted(tops))
    overdue = Q(due_month__gt=0, due_month__lt=_month(today))
    # Named apart from the summary's columns (an annotation may not shadow a field).
    sums = {f"n_{name}": Sum(name, default=0) for name in LETTER_COUNTED[:4]}
    sums["n_overdue"] = Sum("received", filter=overdue, default=0)
    # With the obligations due earlier in today's month (none on the 1st: the same query), in
    # the same query (the page's budget).
    late = (
        qs.filter(obligation__due_on__gte=today.replace(day=1))
        .filter(overdue_q(today, "obligation__"))
        .order_by()
        .values("category")
        .annotate(
            **{name: Value(0) for name in list(sums)[:4]},
            n_overdue=Count("id"),
        )
    )
    rows = kept.order_by().values("category").annotate(**sums).union(late, all=True)
    parts = [
        {row.pop("category"): {name[2:]: value for name, value in row.items()}} for row in rows
    ]
    _add_counts(found, parts, LETTER_COUNTED)
    return found


# --- entry forms (issue 13: letters, receptions, schedules) ---------------------------------------

DUPLICATE_CHOICES = 200  # latest candidates listed in the duplicate picker


def letter_duplicate_candidates(*, user: User, letter: Letter) -> QuerySet[Letter]:
    """The letters `letter` may repeat: in the user's scope, not itself, received no later; the
    picker lists the latest of them, the form accepts any."""
    return (
        Letter.objects.visible_to(user)
        .filter(
            scoping.own_voter_work_q(user, delegate=None),
            withdrawn_at__isnull=True,
            received_on__lte=letter.received_on,
        )
        .exclude(pk=letter.pk)
        .order_by("-received_on", "-id")
    )


def letter_duplicate_shown(*, user: User, letter: Letter) -> list[Letter]:
    """The picker's options: the same council's latest candidates, then the chosen one."""
    candidates = letter_duplicate_candidates(user=user, letter=letter)
    shown = list(
        candidates.filter(council_id=letter.council_id).only("pk", "received_on", "content")[
            :DUPLICATE_CHOICES
        ]
    )
    if letter.duplicate_of_id and letter.duplicate_of_id not in {r.pk for r in shown}:
        shown.extend(
            candidates.filter(pk=letter.duplicate_of_id).only("pk", "received_on", "content")
        )
    return shown


@dataclass(frozen=True)
class StatutoryTerm:
    """The time limit the law sets for a forwarded letter's category, and where it ends."""

    count: int
    unit: str
    due_on: date

    @property
    def unit_label(self) -> str:
        from followups.models import Unit

        return str(dict(Unit.choices).get(self.unit, self.unit))


def letter_term(letter: Letter, on: date) -> StatutoryTerm | None:
    """The statutory term of the letter's category (the council's dated rule) if it were
    forwarded on `on`: what the forward form shows before the service opens the obligation.
    None while the letter is not classified."""
    from voters.services import LETTER_TERMS

    if not letter.category:
        return None
    count, unit = rules.term(letter.council, LETTER_TERMS[letter.category], on)
    from followups.calendar import deadline_add

    return StatutoryTerm(count, unit, deadline_add(on, count, unit, letter.council))


def reception_schedule_list(
    *, user: User, council: Council | None = None, on: date | None = None
) -> QuerySet[ReceptionSchedule]:
    """Reception schedules in scope (of `council`'s lineage), those in force on `on` if given."""
    qs = ReceptionSchedule.objects.visible_to(user).select_related("council", "delegate")
    if council is not None:
        qs = qs.filter(scoping.council_lineage_q(council))
    if on is not None:
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)
    return qs.order_by("council__unit__path", "-valid_from", "id")


def reception_schedule_days(
    schedules: Iterable[ReceptionSchedule], first: date, last: date
) -> list[tuple[date, ReceptionSchedule]]:
    """The reception days of a period, from each schedule in force on them (weekly on its
    weekday, monthly on its day, or the month's last day when shorter); "other" frequencies
    have no computed day and are listed apart by the page."""
    from datetime import timedelta

    days: list[tuple[date, ReceptionSchedule]] = []
    for schedule in schedules:
        day = max(first, schedule.valid_from)
        end = min(last, schedule.valid_to or last)
        while day <= end:
            if schedule.frequency == ReceptionSchedule.Frequency.WEEKLY:
                hit = day.weekday() == schedule.weekday
            elif schedule.frequency == ReceptionSchedule.Frequency.MONTHLY:
                month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(
                    days=1
                )
                hit = day.day == min(schedule.day_of_month or 0, month_end.day)
            else:
                hit = False
            if hit:
                days.append((day, schedule))
            day += timedelta(days=1)
    days.sort(key=lambda pair: (pair[0], pair[1].pk))
    return days


def petition_import_list(*, user: User) -> QuerySet[PetitionImport]:
    """The user's own imports in their scope: a job is its owner's (others get a 404)."""
    return (
        PetitionImport.objects.visible_to(user)
        .filter(user_id=user.pk)
        .select_related("council", "meeting")
    )

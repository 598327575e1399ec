"""Counting and paging lists that may hold millions of rows (issue 10).

A pager never counts more rows than it needs: `count_upto` stops at a cap, so a common-word
search over the nation costs what the first `limit + 1` matches cost, not a full scan. Past the
cap a list says "hơn 1.000 …" and pages with previous/next only, without a last page.

A page is fetched in two steps: the ids of the page, ordered and sliced (an index walk in the
list's order, no joined or computed column read for the rows skipped), then those rows with
their joins, annotations and prefetches, put back in the ids' order in Python. Page 50 then
reads 2,500 index entries, not 2,500 joined rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.db import OverBudgetError, time_budget
from core.text import grouped

PER_PAGE = 50
COUNT_CAP = 1000
# A page number past this would overflow the database's OFFSET; nobody pages that deep.
MAX_PAGE = 1_000_000
# Pages a narrowed list may reach by walking its sort column's index (see `shallow`).
SHALLOW_PAGES = 10


def count_upto(qs: QuerySet, limit: int) -> int:
    """The number of rows, exact up to `limit`; `limit + 1` means "more than `limit`".

    Only the ids are selected, so annotations (per-row subqueries) are not computed for the
    rows counted.
    """
    return qs.order_by().values("pk")[: limit + 1].count()


@dataclass
class Page:
    """One page of a list, shaped like Django's Page for the templates (`_pager.html`)."""

    object_list: list[Any]
    number: int
    per_page: int
    count: int  # exact, or `cap + 1` when there are more than `cap` rows
    cap: int
    has_next_rows: bool

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    @property
    def capped(self) -> bool:
        """More rows than the cap: the count is "hơn <cap>" and there is no last page."""
        return self.count > self.cap

    @property
    def cap_text(self) -> str:
        return grouped(self.cap)

    @property
    def num_pages(self) -> int | None:
        if self.capped:
            return None
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def past_end(self) -> bool:
        """An empty page past the last row of a capped list (an exact list shows its last)."""
        return not self.object_list and self.number > 1

    def has_next(self) -> bool:
        return self.has_next_rows

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)


def _page_number(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def shallow(page: Any) -> bool:
    """Whether `page` (a query-string value) is one of the first SHALLOW_PAGES. A narrowed list
    (core.sorting.ScopeFirst) sorts its whole scope whatever the page; on these first pages the
    plain order lets the planner walk the sorted column's index instead, which finds the few
    rows it needs sooner (a province's tracker, page 1: 75 ms walking, 155 ms sorting; page 50:
    255 ms walking, 155 ms sorting; bench/oversight.py). Same rows, same order either way."""
    return _page_number(page) <= SHALLOW_PAGES


def page_rows(qs: QuerySet, offset: int, limit: int) -> list[Any]:
    """Rows `offset … offset + limit` of `qs` in its order: the ids first, then the rows.

    The ids query drops what `values_list` does not need (select_related joins, annotations
    not used by the order or the filters). Aggregate annotations would group every row in
    scope: lists use correlated subqueries instead, and this refuses the GROUP BY.
    """
    return rows_for_ids(qs, _ids(qs, offset, limit))


def _ids(qs: QuerySet, offset: int, limit: int) -> list[Any]:
    if qs.query.group_by is not None:
        raise ValueError("Paged lists count per row with subqueries, not aggregates.")
    return list(qs.values_list("pk", flat=True)[offset : offset + limit])


def rows_for_ids(qs: QuerySet, ids: list[Any]) -> list[Any]:
    """The rows of `ids` (already chosen by `qs`'s filters) with `qs`'s joins, annotations and
    prefetches, in the ids' order.

    The filters are not applied again: the ids query already applied them, and a scope's
    subquery planned a second time costs more than fetching 50 rows by primary key (issue 10).
    A join a filter added stays in the query; rows it would repeat are the same row.
    """
    if not ids:
        return []
    rows = qs.order_by()
    rows.query.clear_where()
    found = {row.pk: row for row in rows.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def paginate(
    qs: QuerySet,
    page: Any,
    *,
    per_page: int | None = None,
    cap: int | None = None,
    walk_ms: int | None = None,
) -> Page:
    """The page `page` (a query-string value) of `qs`, counted up to `cap` (COUNT_CAP; the
    voters lists pass 10,000), `per_page` rows a page (PER_PAGE).

    Past the end: the last page when the count is exact; an empty page (with a way back) when
    the count is capped, since the last page is not known. Never an error.

    `walk_ms`: a list searched for a common word. Its page is found by walking the list's
    order and filtering its rows (`walked_ids`) within that budget (core.db.time_budget), and it
    is not counted: PostgreSQL estimates a common word's matches at a few thousand where there
    are hundreds of thousands, and counting 1,000 of them cost a province more than its page
    (138 ms, 27,000 rows read). The page says what the walk knows: its rows, and "more than"
    the rows up to its end when it has a next one. A rare word walks on past the budget, and
    the planner's own plan (the trigram index) serves it, counted. Same rows, same order.
    """
    cap = cap or COUNT_CAP
    if walk_ms:
        try:
            with time_budget(walk_ms, walk=True):
                walked = _walked(qs, page, per_page=per_page or PER_PAGE, cap=cap)
        except OverBudgetError:
            walked = None
        if walked is not None:
            return walked
    return _paginate(qs, page, per_page=per_page, cap=cap, count=count_upto(qs, cap))


def _walked(qs: QuerySet, page: Any, *, per_page: int, cap: int) -> Page | None:
    """The page found by walking, uncounted; None past the walked list's end (the count then
    finds the last page)."""
    number = _page_number(page)
    offset = (number - 1) * per_page
    ids = walked_ids(qs, offset, per_page + 1)
    if not ids and number > 1:
        return None
    rows = rows_for_ids(qs, ids[:per_page])
    if len(ids) > per_page:  # more rows after this page: how many is not known
        known = offset + per_page
        return Page(rows, number, per_page, known + 1, known, has_next_rows=True)
    return Page(rows, number, per_page, offset + len(ids), cap, has_next_rows=False)


# How far back a walk of a newest-first list first looks (see `walked_ids`).
WALK_RECENT_DAYS = 90


def walked_ids(qs: QuerySet, offset: int, limit: int) -> list[Any]:
    """The ids `offset … offset + limit` of `qs`, newest first lists read recent rows first.

    A list ordered by a date, newest first, is asked first for its rows of the last
    WALK_RECENT_DAYS, then, when they are too few, for the older ones. Below the nation the
    planner reads a scope's rows council by council (an index on council and date) and sorts
    them: bounded by the date, a province's common-word page reads its 3,600 recent rows, not its
    58,000 (64 ms instead of 290-820 ms, bench/voters.py); the nation's walk stops at the page
    either way. Same ids, same order as one query.
    """
    recent = _recent(qs)
    if recent is None:
        return _ids(qs, offset, limit)
    newer, older = recent
    ids = _ids(qs.filter(newer), offset, limit)
    if len(ids) == limit:
        return ids
    if not ids and offset:
        # The recent rows end before the page, how many there are is not known.
        return _ids(qs, offset, limit)
    # The recent rows end on this page: the older ones follow them.
    return ids + _ids(qs.filter(older), 0, limit - len(ids))


def _recent(qs: QuerySet) -> tuple[Q, Q] | None:
    """(recent, older) filters on the date `qs` is ordered by newest first; None for any other
    order (or a nullable date, whose NULLs PostgreSQL puts first)."""
    order = qs.query.order_by
    if not order or not isinstance(order[0], str) or not order[0].startswith("-"):
        return None
    name = order[0][1:]
    try:
        field = qs.model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not isinstance(field, models.DateField) or field.null:
        return None
    if isinstance(field, models.DateTimeField):
        since = timezone.now() - timedelta(days=WALK_RECENT_DAYS)
    else:
        since = timezone.localdate() - timedelta(days=WALK_RECENT_DAYS)
    return Q(**{f"{name}__gte": since}), Q(**{f"{name}__lt": since})


def paginate_list(rows: list[Any], page: Any, *, per_page: int | None = None) -> Page:
    """The page `page` (a query-string value) of rows already computed (a summary's few
    thousand lines): counted exactly, past the end the last page, as `paginate`."""
    per_page = per_page or PER_PAGE
    count = len(rows)
    number = min(_page_number(page), max(1, math.ceil(count / per_page)))
    start = (number - 1) * per_page
    shown, more = rows[start : start + per_page], start + per_page < count
    return Page(shown, number, per_page, count, count, more)


def _paginate(qs: QuerySet, page: Any, *, per_page: int | None, cap: int, count: int) -> Page:
    per_page = per_page or PER_PAGE
    number = _page_number(page)
    if count <= cap:
        number = min(number, max(1, math.ceil(count / per_page)))
        rows = page_rows(qs, (number - 1) * per_page, per_page) if count else []
        has_next = number * per_page < count
    else:
        rows = page_rows(qs, (number - 1) * per_page, per_page + 1)
        has_next = len(rows) > per_page
        rows = rows[:per_page]
    return Page(rows, number, per_page, count, cap, has_next)

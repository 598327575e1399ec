"""The statistics' summaries, kept exact in the writers' transaction: the compiled petition items
(voters.models.PetitionStat) and the letters (voters.models.LetterStat), by one engine.

A summary is described by a `Summary` spec: the rows it counts (table, which are alive), the
groupings they are counted by, their month columns and their counted columns. Every change of
what a summary counts goes through `tracking`: the rows it touches are taken out of the summary
before the change and put back after it, each time by ONE `INSERT … SELECT … GROUP BY … ON
CONFLICT DO UPDATE` computed from the rows themselves (the same SQL on PostgreSQL and SQLite).
The services track the rows they save and `add` those they make, the import each batch it writes,
the follow-up engine the obligations it changes (voters.apps: due dates, closing, reopening,
withdrawal, through followups.watchers) and a unit's move the councils below it. Nested trackings
of the same rows count them once. `rebuild` recomputes a summary (the data migrations, the
bench's generator).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection

SCOPE_LEN = 4  # a province: the first step of a unit's path (AdministrativeUnit.steplen)


def month_sql(column: str) -> str:
    """yyyymm of a date column, as an integer."""
    if connection.vendor == "postgresql":
        return f"(EXTRACT(YEAR FROM {column})::int * 100 + EXTRACT(MONTH FROM {column})::int)"
    return f"CAST(strftime('%%Y%%m', {column}) AS INTEGER)"  # %% : the query has parameters


def _due_month() -> str:
    """yyyymm the row's obligation is due while still owed (the overdue of whole months), else 0."""
    return f"""CASE WHEN o.id IS NOT NULL AND o.outcome = '' AND o.withdrawn_at IS NULL
                    THEN {month_sql("o.due_on")} ELSE 0 END"""


@dataclass(frozen=True)
class Summary:
    """What one summary counts. SQL is over `r` (the counted rows), `o` (the obligation they
    owe) and, for `groups`, over the columns `columns` of `r` the groupings read."""

    table: str
    rows: str  # the counted rows' table
    alive: str  # which of them are counted at all
    obligation_kind: str  # followups.Obligation.Kind of the obligations they owe
    columns: tuple[str, ...]  # of `r`, read by `groups`
    groups: tuple[dict[str, str], ...]  # each row is counted once per grouping: column -> SQL
    months: tuple[tuple[str, str], ...]  # (column, yyyymm SQL over r and o)
    total: str  # the column counting every row
    counts: tuple[tuple[str, str], ...]  # (column, condition over r and o)
    key: tuple[str, ...]  # the unique constraint's columns, in its order


PETITIONS = Summary(
    table="voters_petitionstat",
    rows="voters_petitionitem",
    alive="r.merged_into_id IS NULL",
    obligation_kind="petition_item",
    columns=("field", "competence", "status", "agency_id", "agency_text"),
    groups=tuple(
        {"dim": f"'{dim}'", "value": value, "label": label}
        for dim, value, label in (
            ("field", "field", "''"),
            ("competence", "competence", "''"),
            ("status", "status", "''"),
            ("agency", "COALESCE(CAST(agency_id AS TEXT), '')", "agency_text"),
        )
    ),
    months=(
        ("raised_month", month_sql("r.raised_on")),
        (
            "resolved_month",
            f"""CASE WHEN r.assessment = 'resolved' AND r.assessed_on IS NOT NULL
                     THEN {month_sql("r.assessed_on")} ELSE 0 END""",
        ),
        ("due_month", _due_month()),
    ),
    total="total",
    counts=(
        ("transferred", "r.obligation_id IS NOT NULL"),
        ("answered", "r.answered_on IS NOT NULL"),
        ("resolved", "r.assessment = 'resolved'"),
        ("in_progress", "r.assessment = 'in_progress'"),
        ("explained", "r.assessment = 'explained'"),
        ("not_resolvable", "r.assessment = 'not_resolvable'"),
    ),
    key=("dim", "raised_month", "scope", "value", "label", "resolved_month", "due_month"),
)

LETTERS = Summary(
    table="voters_letterstat",
    rows="voters_letter",
    alive="r.withdrawn_at IS NULL",
    obligation_kind="letter",
    columns=("category",),
    groups=({"category": "category"},),
    months=(("received_month", month_sql("r.received_on")), ("due_month", _due_month())),
    total="received",
    counts=(
        ("forwarded", "r.obligation_id IS NOT NULL"),
        ("answered", "r.answered_on IS NOT NULL"),
        ("duplicates", "r.duplicate_of_id IS NOT NULL"),
    ),
    key=("received_month", "scope", "category", "due_month"),
)

SUMMARIES = (PETITIONS, LETTERS)

# Per summary (its table), the rows and obligations an outer `tracking` follows in this context.
_tracked: ContextVar[dict[str, tuple[frozenset[int], frozenset[int]]] | None] = ContextVar(
    "voters_stat_tracked", default=None
)


def _apply(summary: Summary, where: str, params: Iterable[object], sign: int) -> None:
    """Add (`sign` 1) or take out (-1) the contribution of the rows matching `where` (SQL over
    `r`, the counted rows, and `c`, their council)."""
    params = list(params)
    s = summary
    # Names and SQL of this module's specs only; values are parameters.
    months = [name for name, _sql in s.months]
    counts = [name for name, _sql in s.counts]
    base = f"""
        SELECT substr(u.path, 1, {SCOPE_LEN}) AS scope,
               {", ".join(f"r.{col}" for col in s.columns)},
               {", ".join(f"{sql} AS {name}" for name, sql in s.months)},
               {", ".join(f"CASE WHEN {sql} THEN 1 ELSE 0 END AS {name}" for name, sql in s.counts)}
        FROM {s.rows} r
        JOIN councils_council c ON c.id = r.council_id
        JOIN councils_administrativeunit u ON u.id = c.unit_id
        LEFT JOIN followups_obligation o ON o.id = r.obligation_id
        WHERE {s.alive} AND ({where})
    """  # noqa: S608
    rest = ", ".join(["scope", *months, *counts])
    unions = " UNION ALL ".join(
        f"SELECT {', '.join(f'{sql} AS {col}' for col, sql in group.items())}, {rest} FROM base"  # noqa: S608
        for group in s.groups
    )
    key = ", ".join(s.key)
    sums = ", ".join(f"{sign} * SUM({c})" for c in counts)
    updates = ", ".join(f"{c} = {s.table}.{c} + excluded.{c}" for c in (s.total, *counts))
    sql = f"""
        WITH base AS ({base})
        INSERT INTO {s.table} ({key}, {s.total}, {", ".join(counts)})
        SELECT {key}, {sign} * COUNT(*), {sums}
        FROM ({unions}) s
        WHERE 1 = 1
        GROUP BY {key}
        ON CONFLICT ({key})
        DO UPDATE SET {updates}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _in(column: str, ids: list[int]) -> tuple[str, list[int]]:
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


def add(ids: Iterable[int], summary: Summary = PETITIONS) -> None:
    """Count new rows (written by a service or an import batch)."""
    found = sorted(set(ids))
    if found:
        _apply(summary, *_in("r.id", found), 1)


@contextmanager
def tracking(
    rows: Iterable[int] = (),
    obligations: Iterable[int] = (),
    units: Iterable[str] = (),
    summary: Summary = PETITIONS,
) -> Iterator[None]:
    """Around a change of a summary's rows (by id), of the obligations they owe (by id) or of
    the units their councils are of (by path, with the units below): their contribution is
    taken out before and put back after, in the caller's transaction. Rows an outer tracking
    of the same summary already follows are left to it."""
    tracked = _tracked.get() or {}
    outer_rows, outer_obligations = tracked.get(summary.table, (frozenset(), frozenset()))
    row_ids = sorted(set(rows) - outer_rows)
    obligation_ids = sorted(set(obligations) - outer_obligations)
    conds: list[str] = []
    params: list[object] = []
    if row_ids:
        sql, found = _in("r.id", row_ids)
        conds.append(sql)
        params += found
    if obligation_ids:
        sql, found = _in("r.obligation_id", obligation_ids)
        conds.append(sql)
        params += found
        if outer_rows:
            skip, found = _in("r.id", sorted(outer_rows))
            conds[-1] = f"({conds[-1]} AND NOT {skip})"
            params += found
    paths = sorted(set(units))
    if paths:
        # A moved unit's paths change: its councils are followed by id.
        from django.db.models import Q

        from councils.models import Council

        below = Q()
        for path in paths:
            below |= Q(unit__path__startswith=path)
        councils = list(Council.objects.filter(below).values_list("pk", flat=True))
        if councils:
            sql, found = _in("r.council_id", councils)
            conds.append(sql)
            params += found
    if not conds:
        yield
        return
    where = " OR ".join(f"({c})" for c in conds)
    _apply(summary, where, params, -1)
    followed = (outer_rows | frozenset(row_ids), outer_obligations | frozenset(obligation_ids))
    token = _tracked.set({**tracked, summary.table: followed})
    try:
        yield
    finally:
        _tracked.reset(token)
    _apply(summary, where, params, 1)


@contextmanager
def tracking_all(obligations: Iterable[object] = (), units: Iterable[str] = ()) -> Iterator[None]:
    """`tracking` of every summary around a change made outside voters: obligations (each
    summary follows those of its kind) or units' moves."""
    obligations = list(obligations)
    with ExitStack() as stack:
        for summary in SUMMARIES:
            owed = [o.pk for o in obligations if o.kind == summary.obligation_kind]
            stack.enter_context(tracking(obligations=owed, units=units, summary=summary))
        yield


def rebuild(*summaries: Summary) -> None:
    """Recount summaries (all of them by default) from their rows."""
    for summary in summaries or SUMMARIES:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {summary.table}")  # noqa: S608
        _apply(summary, "1 = 1", [], 1)

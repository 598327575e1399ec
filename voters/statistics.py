"""The statistics' summary (voters.models.PetitionStat), kept exact in the writers' transaction.

Every change of what `selectors.petition_statistics` counts goes through `tracking`: the rows
it touches are taken out of the summary before the change and put back after it, each time by
ONE `INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE` computed from the rows themselves (the
same SQL on PostgreSQL and SQLite). The services track the items they save, the import each
batch it writes (`add`), the follow-up engine the obligations it changes (followups.signals:
due dates, closing, reopening, withdrawal) and a unit's move the councils below it. Nested
trackings of the same rows count them once. `rebuild` recomputes everything (the data
migration, the bench's generator).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

SCOPE_LEN = 4  # a province: the first step of a unit's path (AdministrativeUnit.steplen)
DIMS = {
    "field": ("field", "''"),
    "competence": ("competence", "''"),
    "status": ("status", "''"),
    "agency": ("COALESCE(CAST(agency_id AS TEXT), '')", "agency_text"),
}
COUNTS = ("transferred", "answered", "resolved", "in_progress", "explained", "not_resolvable")
KEY = ("scope", "dim", "value", "label", "raised_month", "resolved_month", "due_month")

# The items and obligations being tracked by an outer `tracking` in this context.
_tracked: ContextVar[tuple[frozenset[int], frozenset[int]]] = ContextVar(
    "voters_stat_tracked", default=(frozenset(), frozenset())
)


def month_sql(column: str) -> str:
    """yyyymm of a date column, as an integer."""
    if connection.vendor == "postgresql":
        return f"(EXTRACT(YEAR FROM {column})::int * 100 + EXTRACT(MONTH FROM {column})::int)"
    return f"CAST(strftime('%%Y%%m', {column}) AS INTEGER)"  # %% : the query has parameters


def _apply(where: str, params: Iterable[object], sign: int) -> None:
    """Add (`sign` 1) or take out (-1) the contribution of the compiled items matching `where`
    (SQL over `i`, the items, and `c`, their council)."""
    params = list(params)
    # Names and numbers of this module only; values are parameters.
    base = f"""
        SELECT substr(u.path, 1, {SCOPE_LEN}) AS scope, i.field, i.competence, i.status,
               i.agency_id, i.agency_text,
               {month_sql("i.raised_on")} AS raised_month,
               CASE WHEN i.assessment = 'resolved' AND i.assessed_on IS NOT NULL
                    THEN {month_sql("i.assessed_on")} ELSE 0 END AS resolved_month,
               CASE WHEN o.id IS NOT NULL AND o.outcome = '' AND o.withdrawn_at IS NULL
                    THEN {month_sql("o.due_on")} ELSE 0 END AS due_month,
               CASE WHEN i.obligation_id IS NOT NULL THEN 1 ELSE 0 END AS transferred,
               CASE WHEN i.answered_on IS NOT NULL THEN 1 ELSE 0 END AS answered,
               CASE WHEN i.assessment = 'resolved' THEN 1 ELSE 0 END AS resolved,
               CASE WHEN i.assessment = 'in_progress' THEN 1 ELSE 0 END AS in_progress,
               CASE WHEN i.assessment = 'explained' THEN 1 ELSE 0 END AS explained,
               CASE WHEN i.assessment = 'not_resolvable' THEN 1 ELSE 0 END AS not_resolvable
        FROM voters_petitionitem i
        JOIN councils_council c ON c.id = i.council_id
        JOIN councils_administrativeunit u ON u.id = c.unit_id
        LEFT JOIN followups_obligation o ON o.id = i.obligation_id
        WHERE i.merged_into_id IS NULL AND ({where})
    """  # noqa: S608
    rest = "scope, raised_month, resolved_month, due_month, " + ", ".join(COUNTS)
    unions = " UNION ALL ".join(
        f"SELECT '{dim}' AS dim, {value} AS value, {label} AS label, {rest} FROM base"  # noqa: S608
        for dim, (value, label) in DIMS.items()
    )
    key = ", ".join(KEY)
    sums = ", ".join(f"{sign} * SUM({c})" for c in COUNTS)
    updates = ", ".join(f"{c} = voters_petitionstat.{c} + excluded.{c}" for c in ("total", *COUNTS))
    sql = f"""
        WITH base AS ({base})
        INSERT INTO voters_petitionstat ({key}, total, {", ".join(COUNTS)})
        SELECT {key}, {sign} * COUNT(*), {sums}
        FROM ({unions}) s
        WHERE 1 = 1
        GROUP BY {key}
        ON CONFLICT (dim, raised_month, scope, value, label, resolved_month, due_month)
        DO UPDATE SET {updates}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _in(column: str, ids: list[int]) -> tuple[str, list[int]]:
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


def add(item_ids: Iterable[int]) -> None:
    """Count new items (written by a service or an import batch)."""
    ids = sorted(set(item_ids))
    if ids:
        _apply(*_in("i.id", ids), 1)


@contextmanager
def tracking(
    items: Iterable[int] = (), obligations: Iterable[int] = (), units: Iterable[str] = ()
) -> Iterator[None]:
    """Around a change of items (by id), of the obligations they owe (by id) or of the units
    their councils are of (by path, with the units below): their contribution is taken out
    before and put back after, in the caller's transaction. Rows an outer tracking already
    follows are left to it."""
    outer_items, outer_obligations = _tracked.get()
    item_ids = sorted(set(items) - outer_items)
    obligation_ids = sorted(set(obligations) - outer_obligations)
    conds: list[str] = []
    params: list[object] = []
    if item_ids:
        sql, found = _in("i.id", item_ids)
        conds.append(sql)
        params += found
    if obligation_ids:
        sql, found = _in("i.obligation_id", obligation_ids)
        conds.append(sql)
        params += found
        if outer_items:
            skip, found = _in("i.id", sorted(outer_items))
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
            sql, found = _in("i.council_id", councils)
            conds.append(sql)
            params += found
    if not conds:
        yield
        return
    where = " OR ".join(f"({c})" for c in conds)
    _apply(where, params, -1)
    token = _tracked.set(
        (outer_items | frozenset(item_ids), outer_obligations | frozenset(obligation_ids))
    )
    try:
        yield
    finally:
        _tracked.reset(token)
    _apply(where, params, 1)


def rebuild() -> None:
    """Recount the whole summary from the items."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM voters_petitionstat")
    _apply("1 = 1", [], 1)

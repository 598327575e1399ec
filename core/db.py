"""A time budget for one optional query (PostgreSQL's statement timeout, scoped to a block).

Some reads are a help, not an answer the page needs: the likely duplicates offered while a clerk
types. Their cost depends on the text typed (a trigram search over millions of rows may read
posting lists of a million rows each), so they run under a budget, and past it the caller falls
back to a cheaper read instead of making the page wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction


class OverBudgetError(Exception):
    """The block's query ran past its budget and was cancelled; nothing it did is kept."""


# What `walk=True` tells the planner: no bitmap over an index (a trigram index's bitmap of a
# common word reads posting lists of millions of rows, estimated at a few thousand).
WALK = {"enable_bitmapscan": "off"}


@contextmanager
def time_budget(ms: int, *, walk: bool = False) -> Iterator[None]:
    """Run the block's queries with `statement_timeout = ms` (PostgreSQL; elsewhere no limit);
    OverBudgetError when a statement is cancelled, the connection still usable.

    `walk`: the block's queries walk an index in their order and filter the rows, or scan the
    table, instead of building a bitmap first: what a list searched for a common word wants
    (the first page's matches are found in the first rows walked), and what a rare word does
    not (it walks on until the budget cancels it; the caller then asks again without `walk`).

    Outside a transaction (a request) the session's timeout is set and reset around the block:
    two queries. Inside one (tests, a service), the block runs in a savepoint, which a cancelled
    statement rolls back to, restoring the previous timeout.
    """
    if connection.vendor != "postgresql":
        yield
        return
    try:
        wanted = {"statement_timeout": f"{int(ms)}ms", **(WALK if walk else {})}
        if connection.in_atomic_block:
            with transaction.atomic():
                previous = _set(wanted, local=True)
                yield
                _set(previous, local=True)
        else:
            previous = _set(wanted, local=False)
            try:
                yield
            finally:
                _set(previous, local=False)
    except OperationalError as exc:
        from psycopg.errors import QueryCanceled

        if isinstance(exc.__cause__, QueryCanceled):
            raise OverBudgetError from exc
        raise


def _set(values: dict[str, str], *, local: bool) -> dict[str, str]:
    """Set the planner's and executor's `values` in one query; their previous values."""
    names = list(values)
    columns = ", ".join("current_setting(%s), set_config(%s, %s, %s)" for _ in names)
    params = [p for name in names for p in (name, name, values[name], local)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", params)
        row = cursor.fetchone()
    return {name: row[2 * i] for i, name in enumerate(names)}

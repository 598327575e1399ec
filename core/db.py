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


@contextmanager
def time_budget(ms: int) -> Iterator[None]:
    """Run the block's queries with `statement_timeout = ms` (PostgreSQL; elsewhere no limit);
    OverBudgetError when a statement is cancelled, the connection still usable.

    Outside a transaction (a request) the session's timeout is set and reset around the block:
    two queries. Inside one (tests, a service), the block runs in a savepoint, which a cancelled
    statement rolls back to, restoring the previous timeout.
    """
    if connection.vendor != "postgresql":
        yield
        return
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                previous = _set_timeout(f"{int(ms)}ms", local=True)
                yield
                _set_timeout(previous, local=True)
        else:
            previous = _set_timeout(f"{int(ms)}ms", local=False)
            try:
                yield
            finally:
                _set_timeout(previous, local=False)
    except OperationalError as exc:
        from psycopg.errors import QueryCanceled

        if isinstance(exc.__cause__, QueryCanceled):
            raise OverBudgetError from exc
        raise


def _set_timeout(value: str, *, local: bool) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, %s)",
            [value, local],
        )
        return cursor.fetchone()[0]

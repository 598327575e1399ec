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
    """Run the block's queries with `statement_timeout = ms` (PostgreSQL; elsewhere no limit).

    The block runs in a savepoint: a cancelled statement rolls back to it, which also restores
    the previous timeout, and the connection stays usable; OverBudgetError is raised instead.
    """
    if connection.vendor != "postgresql":
        yield
        return
    restore = connection.in_atomic_block
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'),"
                    " set_config('statement_timeout', %s, true)",
                    [f"{int(ms)}ms"],
                )
                previous = cursor.fetchone()[0]
            yield
            if restore:  # else the setting ends with the block's own transaction
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    except OperationalError as exc:
        from psycopg.errors import QueryCanceled

        if isinstance(exc.__cause__, QueryCanceled):
            raise OverBudgetError from exc
        raise

"""core.db.time_budget: a query past its budget is cancelled, the connection stays usable."""

from __future__ import annotations

import pytest
from django.db import connection

from core.db import OverBudgetError, time_budget

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
)


@on_postgresql
@pytest.mark.django_db
def test_a_query_past_its_budget_is_cancelled_and_the_timeout_restored():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    with pytest.raises(OverBudgetError), time_budget(50), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(1)")
    with time_budget(5000), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


@pytest.mark.django_db
def test_other_errors_pass_through():
    with pytest.raises(ZeroDivisionError), time_budget(1000):
        raise ZeroDivisionError


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_session_timeout_is_set_and_reset():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    with pytest.raises(OverBudgetError), time_budget(50), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(1)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


@on_postgresql
@pytest.mark.django_db
def test_inside_a_transaction_the_settings_end_with_the_block():
    """A savepoint released keeps what SET LOCAL set: the block puts the settings back."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    with time_budget(5000, walk=True), connection.cursor() as cursor:
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone()[0] == "off"
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before

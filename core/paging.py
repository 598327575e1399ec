"""Counting and paging lists that may hold millions of rows (issue 10).

A pager never counts more rows than it needs: `count_upto` stops at a cap, so a common-word
search over the nation costs what the first `limit + 1` matches cost, not a full scan.
"""

from __future__ import annotations

from django.db.models import QuerySet


def count_upto(qs: QuerySet, limit: int) -> int:
    """The number of rows, exact up to `limit`; `limit + 1` means "more than `limit`"."""
    return qs.order_by()[: limit + 1].count()

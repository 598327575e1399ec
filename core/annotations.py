"""Per-row figures computed for the rows a query returns, not for every row it scans."""

from __future__ import annotations

from django.db.models import Count, IntegerField, Model, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def count_of(model: type[Model], on: str, *conditions: Q, outer: str = "pk") -> Coalesce:
    """How many `model` rows point at each row through the foreign key `on`, as a correlated
    subquery: unlike `Count()` over a join it adds no GROUP BY over the whole list, and the
    database evaluates it only for the rows the page keeps (core/pagination.py fetches the
    page's ids without it). `outer` is the outer row's column `on` points at: its primary key,
    or a foreign key of its own ("obligation_id": the reports of a task's obligation)."""
    rows = (
        model.objects.filter(*conditions, **{on: OuterRef(outer)})
        .order_by()
        .values(on)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

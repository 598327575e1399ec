"""Sortable list columns: one whitelist per list, `?sort=<key>` or `?sort=-<key>` in the URL.

Only whitelisted keys reach `order_by`, so a query string never orders by an arbitrary field;
an unknown key falls back to the list's default. Each column names its model fields (indexed, see
STYLE.md §2.14), with the id as tie-breaker so pages never overlap; descending reverses them all.
The header links are drawn by `{% sort_header %}` (core/templatetags/sorting.py).

A list narrowed to some councils (a user's scope below the nation, a council filter) reads its
rows first and sorts them after: see `ScopeFirst`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import F, OrderBy
from django.db.models.functions import Coalesce

PARAM = "sort"


class ScopeFirst(Coalesce):
    """A column's own value (`COALESCE(col, col)`), which no index on the column can serve.

    A province's rows are a few percent of the nation's, clustered in id order, so the planner
    expects the first 50 of them within the first few thousand entries of the national index on
    the sorted column and walks it, filtering every row by council: 200,000 buffers for a
    province's register by status (bench/run.py, issue 10). Ordering by this instead makes it
    read the scope's rows from the per-council indexes and sort them: it costs the scope's size
    (tens of thousands of index entries at most), whatever the page. Same values, same order,
    same NULL placement as the column itself.
    """

    def __init__(self, field: str) -> None:
        super().__init__(F(field), F(field))
        self.column = field


@dataclass(frozen=True)
class Sorting:
    columns: Mapping[str, tuple[str, ...]]  # key in the URL → model fields, ascending
    default: str  # "-issued": the key, "-" for descending

    def __post_init__(self) -> None:
        if self.default.lstrip("-") not in self.columns:
            raise ValueError(f"Default sort {self.default!r} is not a column.")

    def chosen(self, value: str | None) -> tuple[str, bool]:
        """(column key, descending) for a `?sort=` value; unknown values give the default."""
        for candidate in (value or "", self.default):
            key = candidate.removeprefix("-")
            if key in self.columns:
                return key, candidate.startswith("-")
        raise AssertionError("unreachable: the default is a column")

    def order_by(self, value: str | None, *, narrow: bool = False) -> list[str | OrderBy]:
        """The `order_by` arguments; `narrow` for a list narrowed to some councils (a scope
        below the nation, a council filter), whose first column then becomes `ScopeFirst`."""
        key, descending = self.chosen(value)
        sign = "-" if descending else ""
        fields: list[str | OrderBy] = [f"{sign}{field}" for field in (*self.columns[key], "id")]
        if narrow:
            first = ScopeFirst(self.columns[key][0])
            fields[0] = first.desc() if descending else first.asc()
        return fields

    def first_direction(self, key: str) -> bool:
        """Descending first for the default column when it sorts descending (newest first)."""
        default_key, default_desc = self.chosen(None)
        return default_desc and key == default_key

    def value(self, key: str, descending: bool) -> str:
        return f"-{key}" if descending else key

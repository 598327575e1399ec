"""Sortable list columns: one whitelist per list, `?sort=<key>` or `?sort=-<key>` in the URL.

Only whitelisted keys reach `order_by`, so a query string never orders by an arbitrary field;
an unknown key falls back to the list's default. Each column names its model fields (indexed, see
STYLE.md §2.14), with the id as tie-breaker so pages never overlap; descending reverses them all.
The header links are drawn by `{% sort_header %}` (core/templatetags/sorting.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PARAM = "sort"


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

    def order_by(self, value: str | None) -> list[str]:
        key, descending = self.chosen(value)
        sign = "-" if descending else ""
        return [f"{sign}{field}" for field in (*self.columns[key], "id")]

    def first_direction(self, key: str) -> bool:
        """Descending first for the default column when it sorts descending (newest first)."""
        default_key, default_desc = self.chosen(None)
        return default_desc and key == default_key

    def value(self, key: str, descending: bool) -> str:
        return f"-{key}" if descending else key

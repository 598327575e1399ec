"""API list pagination that costs the same on page 1 and page 5,000 (issue 10).

The first `PAGE_MAX` pages are addressed by number (`?page=`); deeper pages are reached by
following `next`, which then carries a signed cursor (`?cursor=`) holding the sort key of the
last row shown. A cursor page is a keyset query (`WHERE (key, id) after (last) ORDER BY key, id
LIMIT n`): no OFFSET, so the database reads the page's rows and not the ones before them.

Every page is fetched in two steps: the page's ids, sorted on the list's own columns and
nothing else computed; then those rows with their annotations and prefetches. A per-row count is
therefore computed for the rows shown, never for rows skipped over.

`count` is exact up to `COUNT_CAP`; beyond it `count` is null and `count_capped` true ("more than
1,000"), so no list counts a million rows to print one number.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from typing import Any

from django.core import signing
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Field, Model, OrderBy, Q, QuerySet
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.paging import count_upto, rows_for_ids
from core.sorting import ScopeFirst

COUNT_CAP = 1000  # `count` is exact up to here, null (with `count_capped`) beyond
PAGE_MAX = 20  # `?page=` reaches this far; deeper pages follow `next` (a cursor)

NOTHING = Q(pk__in=[])  # a condition no row meets


@dataclass(frozen=True)
class SortKey:
    """One column of a list's order. NULL sorts as the largest value, as PostgreSQL does by
    default (ASC NULLS LAST, DESC NULLS FIRST), made explicit so SQLite orders the same rows the
    same way and the keyset below knows where NULLs are."""

    lookup: str  # "session__planned_start"
    descending: bool
    field: Field
    nullable: bool
    scope_first: bool = False  # ordered by core.sorting.ScopeFirst (a narrowed list)

    def order_by(self, *, reverse: bool = False) -> OrderBy:
        descending = self.descending != reverse
        value = ScopeFirst(self.lookup) if self.scope_first else F(self.lookup)
        if descending:
            return value.desc(nulls_first=True if self.nullable else None)
        return value.asc(nulls_last=True if self.nullable else None)

    def equal(self, value: Any) -> Q:
        if value is None:
            return Q(**{f"{self.lookup}__isnull": True})
        return Q(**{self.lookup: value})

    def after(self, value: Any, *, reverse: bool) -> Q:
        """Rows strictly after `value` in this column's order (before it when `reverse`)."""
        lookup = self.lookup
        if self.descending != reverse:  # going down: smaller values, NULLs come first
            return (
                Q(**{f"{lookup}__isnull": False})
                if value is None
                else Q(**{f"{lookup}__lt": value})
            )
        if value is None:  # going up: nothing after NULL
            return NOTHING
        later = Q(**{f"{lookup}__gt": value})
        return later | Q(**{f"{lookup}__isnull": True}) if self.nullable else later

    def bound(self, value: Any, *, reverse: bool) -> Q | None:
        """`after` or equal, as a plain range on the column, so an index scan starts at the
        cursor instead of filtering every row before it."""
        lookup = self.lookup
        if self.descending != reverse:
            return None if value is None else Q(**{f"{lookup}__lte": value})
        if value is None:
            return Q(**{f"{lookup}__isnull": True})
        bound = Q(**{f"{lookup}__gte": value})
        return bound | Q(**{f"{lookup}__isnull": True}) if self.nullable else bound


def sort_keys(queryset: QuerySet) -> list[SortKey]:
    """The list's order as columns, ending with the primary key (appended when missing), so the
    order is total: an ordering on a relation ("session") expands to the related model's
    ordering, as Django itself does."""
    query = queryset.query
    ordering = query.order_by or (queryset.model._meta.ordering if query.default_ordering else ())
    pk = queryset.model._meta.pk.attname
    keys: list[SortKey] = []
    for item in ordering:
        keys.extend(_expand(queryset.model, item))
        if any(key.lookup == pk for key in keys):
            return keys[: [key.lookup for key in keys].index(pk) + 1]
    descending = keys[-1].descending if keys else False
    return [*keys, SortKey(pk, descending, queryset.model._meta.pk, nullable=False)]


def _expand(
    model: type[Model], item: str | OrderBy, prefix: str = "", flip: bool = False
) -> list[SortKey]:
    nullable = False
    if isinstance(item, OrderBy) and isinstance(item.expression, ScopeFirst):
        (key,) = _expand(model, item.expression.column, prefix, flip != item.descending)
        return [dataclasses.replace(key, scope_first=True)]
    if isinstance(item, OrderBy) and isinstance(item.expression, F):
        name, descending = item.expression.name, item.descending
    elif isinstance(item, str) and item != "?":
        name, descending = item.removeprefix("-"), item.startswith("-")
    else:
        raise ImproperlyConfigured(f"{model.__name__}: cannot page by the ordering {item!r}.")
    descending = descending != flip
    opts, pieces = model._meta, name.split("__")
    path = []
    for i, piece in enumerate(pieces):
        field = opts.pk if piece == "pk" else opts.get_field(piece)
        if not field.concrete:
            raise ImproperlyConfigured(f"{model.__name__}: cannot page by {name!r}.")
        last = i == len(pieces) - 1
        if field.is_relation and not (last and piece == field.attname):
            nullable = nullable or field.null
            related = field.related_model._meta
            if last and related.ordering:
                inner = prefix + "__".join([*path, field.name]) + "__"
                return [
                    SortKey(k.lookup, k.descending, k.field, k.nullable or nullable)
                    for o in related.ordering
                    for k in _expand(field.related_model, o, inner, descending)
                ]
            if last:
                path.append(field.attname)
                break
            path.append(field.name)
            opts = related
            continue
        path.append(field.attname)
    lookup = prefix + "__".join(path)
    return [SortKey(lookup, descending, field, nullable or field.null)]


class Cursor:
    """A position in a list: the sort key of a row, and which way to read from it. Signed with
    the list's model and order, so a cursor can be neither forged nor used on another list."""

    def __init__(self, keys: list[SortKey], model: type[Model]):
        self.keys = keys
        order = ",".join(("-" if k.descending else "") + k.lookup for k in keys)
        self.salt = f"core.pagination:{model._meta.label}:{order}"

    def encode(self, values: tuple, *, reverse: bool) -> str:
        payload = [int(reverse), list(values)]
        return signing.dumps(payload, salt=self.salt, serializer=_JSONSerializer)

    def decode(self, token: str) -> tuple[bool, tuple]:
        """(reverse, values); a 400 with a Vietnamese message for anything else."""
        try:
            reverse, values = signing.loads(token, salt=self.salt, serializer=_JSONSerializer)
            if reverse not in (0, 1) or len(values) != len(self.keys):
                raise ValueError(token)
            typed = tuple(
                None if v is None else key.field.to_python(v)
                for key, v in zip(self.keys, values, strict=True)
            )
        except (signing.BadSignature, ValueError, TypeError, ValidationError) as error:
            raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]}) from error
        if typed[-1] is None:  # the primary key closes every position
            raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]})
        return bool(reverse), typed


class _JSONSerializer:
    """signing's JSON, with dates, datetimes and decimals as Django writes them."""

    def dumps(self, obj: Any) -> bytes:
        return DjangoJSONEncoder(separators=(",", ":")).encode(obj).encode("latin-1")

    def loads(self, data: bytes) -> Any:
        return signing.JSONSerializer().loads(data)


INVALID_CURSOR = _("Con trỏ trang (cursor) không hợp lệ; hãy dùng đúng liên kết next/previous.")


def keyset(keys: list[SortKey], values: tuple, *, reverse: bool) -> Q:
    """Rows strictly after `values` in the list's order (before them when `reverse`):
    a > x OR (a = x AND b > y) OR ..., with a plain range on the first column."""
    branches = []
    for i, key in enumerate(keys):
        equal = [k.equal(v) for k, v in zip(keys[:i], values[:i], strict=True)]
        branches.append(reduce(and_, [*equal, key.after(values[i], reverse=reverse)]))
    condition = reduce(or_, branches)
    bound = keys[0].bound(values[0], reverse=reverse)
    return condition if bound is None else bound & condition


class ListPagination(CursorPagination):
    """Every API list: `?page=` for the first pages, `?cursor=` after; see the module docstring.

    DRF's CursorPagination positions on the first ordering column only, steps over ties with an
    OFFSET and cannot place NULLs; this keeps its settings, links and browsable-API controls and
    positions on the whole order instead (keyset), the list's own order with the id last.
    """

    page_query_param = "page"
    page_query_description = _(
        "Số trang, từ 1 đến %(max)s. Các trang sau: theo liên kết `next` (tham số cursor)."
    )
    cursor_query_description = _(
        "Vị trí trong danh sách, lấy từ liên kết `next`/`previous`; không tự tạo."
    )

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list[Model] | None:
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        self.keys = sort_keys(queryset)
        self.cursor = Cursor(self.keys, queryset.model)
        self.number, position = self._position(request)

        # Only the ids: a per-row count or flag annotated on the list is not computed to count.
        self.count = count_upto(queryset.values("pk"), COUNT_CAP)
        reverse, values = position if position else (False, None)
        ordered = queryset.prefetch_related(None).order_by(
            *(key.order_by(reverse=reverse) for key in self.keys)
        )
        if values is not None:
            ordered = ordered.filter(keyset(self.keys, values, reverse=reverse))
        ids = ordered.values_list("pk", *(key.lookup for key in self.keys))
        start = (self.number - 1) * self.page_size if self.number else 0
        rows = list(ids[start : start + self.page_size + 1])
        if not rows and self.number and self.number > 1:
            raise exceptions.NotFound(_("Trang này không có dữ liệu."))
        more, rows = len(rows) > self.page_size, rows[: self.page_size]
        if reverse:
            rows.reverse()
        self._links(rows, more=more, reverse=reverse, from_cursor=values is not None)
        self.display_page_controls = bool(self.next_url or self.previous_url)
        return self._rows(queryset, [row[0] for row in rows])

    def _position(self, request) -> tuple[int | None, tuple[bool, tuple] | None]:
        """(page number, None) or (None, (reverse, sort key)); a 400 for anything else."""
        page = request.query_params.get(self.page_query_param)
        token = request.query_params.get(self.cursor_query_param)
        if token is not None:
            if page is not None:
                message = _("Dùng page hoặc cursor, không dùng cả hai.")
                raise exceptions.ValidationError({self.cursor_query_param: [message]})
            return None, self.cursor.decode(token)
        if page is None:
            return 1, None
        if not page.isascii() or not page.isdigit() or not 1 <= int(page) <= PAGE_MAX:
            message = _(
                "Số trang là số nguyên từ 1 đến %(max)s; các trang sau theo liên kết next "
                "(tham số cursor)."
            ) % {"max": PAGE_MAX}
            raise exceptions.ValidationError({self.page_query_param: [message]})
        return int(page), None

    def _links(self, rows: list[tuple], *, more: bool, reverse: bool, from_cursor: bool) -> None:
        first = rows[0][1:] if rows else None
        last = rows[-1][1:] if rows else None
        self.next_url = self.previous_url = None
        if not from_cursor:
            number = self.number
            if more:
                self.next_url = (
                    self._page_url(number + 1)
                    if number < PAGE_MAX
                    else self._cursor_url(last, reverse=False)
                )
            if number > 1:
                self.previous_url = self._page_url(number - 1)
            return
        has_next = more if not reverse else bool(rows)
        has_previous = more if reverse else bool(rows)
        if has_next:
            self.next_url = self._cursor_url(last, reverse=False)
        if has_previous:
            self.previous_url = self._cursor_url(first, reverse=True)

    def _page_url(self, number: int) -> str:
        url = remove_query_param(self.base_url, self.cursor_query_param)
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def _cursor_url(self, values: tuple, *, reverse: bool) -> str:
        url = remove_query_param(self.base_url, self.page_query_param)
        token = self.cursor.encode(values, reverse=reverse)
        return replace_query_param(url, self.cursor_query_param, token)

    @staticmethod
    def _rows(queryset: QuerySet, ids: list[int]) -> list[Model]:
        """The page's rows, with every annotation and prefetch of the list, in the ids' order."""
        return rows_for_ids(queryset, ids)

    def get_next_link(self) -> str | None:
        return self.next_url

    def get_previous_link(self) -> str | None:
        return self.previous_url

    def get_paginated_response(self, data) -> Response:
        capped = self.count > COUNT_CAP
        return Response(
            {
                "count": None if capped else self.count,
                "count_capped": capped,
                "next": self.next_url,
                "previous": self.previous_url,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "count_capped", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "minimum": 0,
                    "maximum": COUNT_CAP,
                    "description": force_str(
                        _("Số dòng, chính xác đến %(cap)s; null khi nhiều hơn (count_capped).")
                        % {"cap": COUNT_CAP}
                    ),
                },
                "count_capped": {
                    "type": "boolean",
                    "description": force_str(
                        _("true: nhiều hơn %(cap)s dòng (không đếm hết).") % {"cap": COUNT_CAP}
                    ),
                },
                "next": {
                    **link,
                    "description": force_str(
                        _("Trang sau: ?page= đến trang %(max)s, sau đó ?cursor=.")
                        % {"max": PAGE_MAX}
                    ),
                },
                "previous": {**link, "description": force_str(_("Trang trước."))},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": force_str(self.page_query_description % {"max": PAGE_MAX}),
                "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_MAX},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": force_str(self.cursor_query_description),
                "schema": {"type": "string"},
            },
        ]

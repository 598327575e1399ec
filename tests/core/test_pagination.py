"""API list pagination (issue 10): numbered first pages, signed keyset cursors after them, a
count capped at 1,000, per-row work only for the page's rows, and the caller's scope kept."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from core import pagination
from core.pagination import ListPagination, sort_keys
from resolutions import selectors as resolution_selectors
from resolutions import services
from resolutions.models import Field, Resolution
from sessions.models import AgendaItem, Attendance, Document
from tests.factories import ResolutionFactory, system_actor

SIZE = 3  # rows per page in these tests
PAGES = 2  # numbered pages in these tests


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 3 rows, 2 numbered pages, and a count exact up to 10: the same code paths as
    50 rows, 20 pages and 1,000 without creating thousands of rows."""
    monkeypatch.setattr(ListPagination, "page_size", SIZE)
    monkeypatch.setattr(pagination, "PAGE_MAX", PAGES)
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)


@pytest.fixture
def register(tree):
    """14 resolutions of the commune: 4 drafts (no signing date: NULL in the sort key) and 10
    signed on only 3 different days (ties on the sort key), plus 2 in the sibling province."""
    actor = system_actor()
    commune = tree.council("commune")
    days = [date(2023, 7, 14)] * 4 + [date(2023, 8, 1)] * 3 + [date(2023, 9, 5)] * 3
    for i, day in enumerate(days):
        ResolutionFactory(council=commune, issued_on=day, field=[Field.BUDGET, Field.SOCIAL][i % 2])
    for i in range(4):
        services.resolution_create(
            actor=actor,
            council=commune,
            kind=Resolution.Kind.NORMATIVE,
            title=f"Dự thảo số {i}",
            field=Field.SOCIAL,
        )
    for _ in range(2):
        ResolutionFactory(council=tree.council("sibling_commune"), issued_on=date(2023, 8, 1))
    return commune


def _get(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def _walk(client, url: str, link: str = "next", **params) -> tuple[list[list[int]], list[str]]:
    """Every page from `url` following `link`: the ids of each page and the links taken."""
    pages, links = [], []
    body = _get(client, url, **params)
    while len(pages) < 20:  # a bound: a cursor that loops is a failure, not a hang
        pages.append([row["id"] for row in body["results"]])
        if not body[link]:
            return pages, links
        links.append(body[link])
        body = _get(client, body[link])
    pytest.fail(f"{url}: still a {link} link after 20 pages")


def _expected(user, **filters) -> list[int]:
    """The register's ids in the API's order, as the selector orders them for a whole list."""
    rows = resolution_selectors.resolution_list(user=user, filters=filters)
    keys = sort_keys(rows)
    return list(rows.order_by(*(k.order_by() for k in keys)).values_list("pk", flat=True))


def test_pages_then_cursors_list_every_row_once_in_order(client, tree, register, small_pages):
    """Numbered pages first, then cursors: no row twice, none missing, NULLs and ties included,
    and the same pages walking back through `previous`."""
    user = tree.users["commune_office"]
    client.force_login(user)
    url = reverse("resolution-list")
    pages, links = _walk(client, url)
    assert [row for page in pages for row in page] == _expected(user)
    assert [len(page) for page in pages] == [3, 3, 3, 3, 2]
    assert parse_qs(urlsplit(links[0]).query) == {"page": ["2"]}
    assert all(set(parse_qs(urlsplit(link).query)) == {"cursor"} for link in links[1:])

    back, _links = _walk(client, links[-1], link="previous")
    assert back == pages[::-1]


def test_filters_are_kept_in_every_link(client, tree, register, small_pages):
    user = tree.users["commune_office"]
    client.force_login(user)
    pages, links = _walk(client, reverse("resolution-list"), field=Field.SOCIAL)
    assert [row for page in pages for row in page] == _expected(user, field=Field.SOCIAL)
    assert len(links) == 2  # a numbered page, then a cursor
    assert all(parse_qs(urlsplit(link).query)["field"] == [Field.SOCIAL] for link in links)


def test_count_is_exact_up_to_the_cap_then_null(client, tree, register, small_pages, monkeypatch):
    client.force_login(tree.users["commune_office"])
    body = _get(client, reverse("resolution-list"))
    assert (body["count"], body["count_capped"]) == (None, True)  # 14 rows, cap 10
    body = _get(client, reverse("resolution-list"), field=Field.BUDGET)
    assert (body["count"], body["count_capped"]) == (5, False)
    monkeypatch.setattr(pagination, "COUNT_CAP", 14)
    body = _get(client, reverse("resolution-list"))
    assert (body["count"], body["count_capped"]) == (14, False)


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"page": "3"}, "page"),  # beyond the numbered pages: use the cursor
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "\uff12"}, "page"),  # a full-width digit 2
        ({"cursor": "abc"}, "cursor"),
        ({"cursor": ""}, "cursor"),
        ({"page": "1", "cursor": "abc"}, "cursor"),
    ],
)
def test_bad_positions_are_a_400_in_vietnamese(client, tree, register, small_pages, params, key):
    client.force_login(tree.users["commune_office"])
    response = client.get(reverse("resolution-list"), params)
    assert response.status_code == 400
    assert list(response.json()) == [key]


def test_page_beyond_the_bound_says_to_use_the_cursor(client, tree, register, small_pages):
    client.force_login(tree.users["commune_office"])
    message = client.get(reverse("resolution-list"), {"page": 3}).json()["page"][0]
    assert "cursor" in message


def test_a_numbered_page_past_the_rows_is_a_404(client, tree, small_pages):
    """Page 1 of an empty list is an empty page; page 2 of it does not exist."""
    client.force_login(tree.users["commune_office"])
    assert _get(client, reverse("resolution-list"))["results"] == []
    assert client.get(reverse("resolution-list"), {"page": 2}).status_code == 404


def _cursor(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def test_forged_or_foreign_cursors_are_refused(client, tree, register, small_pages):
    """A cursor is signed with its list's model and order: edited, or taken to another list,
    it is a 400, never a 500 or someone else's rows."""
    client.force_login(tree.users["commune_office"])
    body = _get(client, reverse("resolution-list"), page=2)
    token = _cursor(body["next"])
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    for url, cursor in [
        (reverse("resolution-list"), forged),
        (reverse("session-list"), token),
        (reverse("resolution-task-list"), token),
    ]:
        response = client.get(url, {"cursor": cursor})
        assert response.status_code == 400, url
        assert "cursor" in response.json()


def test_a_cursor_never_reaches_beyond_the_scope(client, tree, register, small_pages):
    """The administrator's cursor, replayed by commune and sibling users, lists only their rows."""
    client.force_login(tree.users["admin"])
    link = _get(client, reverse("resolution-list"), page=2)["next"]
    for who in ("commune_office", "sibling_clerk"):
        user = tree.users[who]
        client.force_login(user)
        pages, _links = _walk(client, link)
        seen = {row for page in pages for row in page}
        assert seen
        assert seen <= set(_expected(user))


def test_deep_pages_use_no_offset_and_skip_per_row_work(client, tree, register, small_pages):
    """A cursor page's SQL has no OFFSET; the page's ids are read without the per-row flags
    (has_overdue), which are computed in the rows query for the page's ids only."""
    client.force_login(tree.users["commune_office"])
    link = _get(client, reverse("resolution-list"), page=2)["next"]
    with CaptureQueriesContext(connection) as queries:
        _get(client, link)
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "OFFSET" in s.upper()]
    resolution_queries = [s for s in sql if 'FROM "resolutions_resolution"' in s]
    count, ids, rows = resolution_queries[:3]
    assert "implementationtask" not in count
    assert "implementationtask" not in ids
    assert "implementationtask" in rows  # has_overdue, for the rows shown


def test_the_query_count_does_not_grow_with_the_rows_or_the_depth(
    client, tree, register, small_pages
):
    client.force_login(tree.users["commune_office"])
    url = reverse("resolution-list")
    counts = []
    for link in [url, *_walk(client, url)[1]]:
        with CaptureQueriesContext(connection) as queries:
            _get(client, link)
        counts.append(len(queries))
    ResolutionFactory.create_batch(6, council=tree.council("commune"), issued_on=date(2024, 1, 2))
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    counts.append(len(queries))
    assert len(counts) == 6
    assert len(set(counts)) == 1


def test_sort_keys_follow_the_list_order_to_the_id():
    """An order on a relation expands to the related model's order (as Django orders it), a
    nullable column is marked so, and the id closes every order."""

    def keys(qs):
        return [(k.lookup, k.descending, k.nullable) for k in sort_keys(qs)]

    assert keys(AgendaItem.objects.all()) == [
        ("session__planned_start", True, False),
        ("session__id", True, False),
        ("position", False, False),
        ("id", False, False),
    ]
    assert keys(Document.objects.all()) == [
        ("session__planned_start", True, False),
        ("session__id", True, False),
        ("item__position", False, True),
        ("id", False, False),
    ]
    assert keys(Attendance.objects.order_by("-sitting_id", "delegate__name_key")) == [
        ("sitting_id", True, False),
        ("delegate__name_key", False, False),
        ("id", False, False),
    ]
    assert keys(Resolution.objects.order_by("-issued_on", "-id", "title")) == [
        ("issued_on", True, True),
        ("id", True, False),
    ]


def test_the_schema_documents_both_forms_and_the_capped_count():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/resolutions/"]["get"]
    params = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert params["page"] == {"type": "integer", "minimum": 1, "maximum": pagination.PAGE_MAX}
    assert params["cursor"] == {"type": "string"}
    assert {"200", "400", "404"} <= set(operation["responses"])
    body = schema["components"]["schemas"]["PaginatedResolutionOutputList"]
    assert set(body["required"]) == {"count", "count_capped", "next", "previous", "results"}
    assert body["properties"]["count"]["nullable"] is True
    assert body["properties"]["count"]["maximum"] == pagination.COUNT_CAP

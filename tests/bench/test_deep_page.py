"""bench/run.py reaches the API's deep page as a client does: through the responses' `next`."""

from __future__ import annotations

import pytest
from rest_framework.pagination import CursorPagination, PageNumberPagination

from bench.run import deep_page
from resolutions.api import ResolutionViewSet
from tests.factories import ResolutionFactory

URL = "/api/resolutions/"


class TwoPerPage(PageNumberPagination):
    page_size = 2


class TwoPerCursor(CursorPagination):
    page_size = 2
    ordering = "-id"


@pytest.fixture
def seven(tree) -> list[int]:
    """Seven resolutions, newest id first."""
    rows = [ResolutionFactory(council=tree.council("commune")) for _ in range(7)]
    return sorted((r.pk for r in rows), reverse=True)


def ids(client, url: str) -> list[int]:
    return [row["id"] for row in client.get(url, secure=True).json()["results"]]


def test_deep_page_follows_cursor_links(client, tree, seven, monkeypatch):
    """With a cursor, the third page is the one two `next` links away."""
    monkeypatch.setattr(ResolutionViewSet, "pagination_class", TwoPerCursor)
    client.force_login(tree.users["admin"])
    url, depth = deep_page(client, URL, depth=3)
    assert depth == 3
    assert "cursor=" in url
    assert ids(client, url) == seven[4:6]


def test_deep_page_stops_at_the_last_cursor_page(client, tree, seven, monkeypatch):
    monkeypatch.setattr(ResolutionViewSet, "pagination_class", TwoPerCursor)
    client.force_login(tree.users["admin"])
    url, depth = deep_page(client, URL, depth=100)
    assert depth == 4
    assert ids(client, url) == seven[6:]


def test_deep_page_sets_a_page_number_up_to_the_last(client, tree, seven, monkeypatch):
    """Page numbers are not walked: the page is set directly, the last one when there are fewer."""
    monkeypatch.setattr(ResolutionViewSet, "pagination_class", TwoPerPage)
    client.force_login(tree.users["admin"])
    url, depth = deep_page(client, URL, depth=100)
    assert (depth, url) == (4, f"{URL}?page=4")
    assert len(ids(client, url)) == 1
    url, depth = deep_page(client, URL, depth=3)
    assert (depth, url) == (3, f"{URL}?page=3")

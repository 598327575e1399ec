"""The capped pager (core/paging.py) and the list pages that use it (issue 10)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Count, F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import paging
from councils.models import Delegate, UnitKind
from oversight import services as oversight_services
from resolutions import services as resolution_services
from tests.factories import (
    DelegateFactory,
    ResolutionFactory,
    SessionFactory,
    UnitFactory,
    system_actor,
)
from tests.sessions.test_views_questioning import _commitment, _question

# --- the pager itself --------------------------------------------------------------------------


@pytest.fixture
def seven(tree):
    """Seven delegates of one council, named so that their order is known."""
    council = tree.council("district")
    return [DelegateFactory(council=council, full_name=f"Mẫu {i}") for i in range(7)]


def _delegates(tree):
    return Delegate.objects.filter(council=tree.council("district")).order_by("-name_key", "-id")


def test_exact_below_the_cap(tree, seven):
    """Up to the cap the count is exact and the pager knows its last page."""
    page = paging.paginate(_delegates(tree), "2", per_page=3, cap=10)
    assert (page.count, page.capped, page.num_pages) == (7, False, 3)
    assert [d.full_name for d in page] == ["Mẫu 3", "Mẫu 2", "Mẫu 1"]
    assert page.has_previous()
    assert page.has_next()


def test_above_the_cap_says_more_and_has_no_last_page(tree, seven):
    page = paging.paginate(_delegates(tree), "1", per_page=3, cap=5)
    assert page.capped
    assert page.count == 6  # cap + 1: "more than 5", never counted further
    assert page.num_pages is None
    assert page.has_next()
    assert not page.has_previous()
    last = paging.paginate(_delegates(tree), "3", per_page=3, cap=5)
    assert [d.full_name for d in last] == ["Mẫu 0"]
    assert not last.has_next()


def test_cap_text_groups_thousands_the_vietnamese_way(tree):
    page = paging.paginate(Delegate.objects.none(), None)
    assert page.cap == 1000
    assert page.cap_text == "1.000"


@pytest.mark.parametrize(("asked", "shown"), [("9", 3), ("abc", 1), ("0", 1), ("-2", 1), (None, 1)])
def test_out_of_range_pages_of_an_exact_count(tree, seven, asked, shown):
    """Past the end: the last page; nonsense: the first."""
    page = paging.paginate(_delegates(tree), asked, per_page=3, cap=10)
    assert page.number == shown
    assert len(page) == (1 if shown == 3 else 3)


def test_a_page_past_the_end_of_a_capped_count_is_empty(tree, seven):
    """The last page is not known past the cap: an empty page that offers the way back."""
    page = paging.paginate(_delegates(tree), "99", per_page=3, cap=5)
    assert list(page) == []
    assert page.past_end
    assert not page.has_next()
    huge = paging.paginate(_delegates(tree), str(10**30), per_page=3, cap=5)
    assert huge.number == paging.MAX_PAGE  # no OFFSET overflow


@pytest.mark.parametrize("over_budget", [False, True])
def test_a_walked_page_is_the_planners_page(tree, seven, monkeypatch, over_budget):
    """`walk_ms`: the same rows in the same order, counted the same, whether the walk ends
    within its budget or is cancelled and the planner's own plan answers."""
    from contextlib import contextmanager

    from core.db import OverBudgetError

    asked = []

    @contextmanager
    def budget(ms, *, walk=False):
        asked.append((ms, walk))
        if over_budget:
            raise OverBudgetError
        yield

    plain = paging.paginate(_delegates(tree), 2, per_page=3, cap=5)
    monkeypatch.setattr(paging, "time_budget", budget)
    walked = paging.paginate(_delegates(tree), 2, per_page=3, cap=5, walk_ms=80)
    assert asked == [(80, True)]
    assert [d.pk for d in walked] == [d.pk for d in plain]
    assert len(walked) == 3
    assert walked.has_next() == plain.has_next()
    if over_budget:  # the planner's plan, counted
        assert (walked.count, walked.cap) == (plain.count, plain.cap)
    else:  # the walk is not counted: "more than" the rows up to the page's end
        assert (walked.capped, walked.cap_text, walked.num_pages) == (True, "6", None)


def test_a_walked_list_counts_only_what_it_walked(tree, seven):
    """No count query: a page with a next one says "more than" its last row's rank; the last
    page knows the exact count; past the end, the list is counted to find its last page."""
    with CaptureQueriesContext(connection) as ctx:
        first = paging.paginate(_delegates(tree), "1", per_page=3, cap=5, walk_ms=1000)
        last = paging.paginate(_delegates(tree), "3", per_page=3, cap=5, walk_ms=1000)
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
    assert (len(first), first.capped, first.cap_text, first.has_next()) == (3, True, "3", True)
    assert (len(last), last.count, last.capped, last.num_pages) == (1, 7, True, None)
    exact = paging.paginate(_delegates(tree), "3", per_page=3, cap=10, walk_ms=1000)
    assert (exact.count, exact.num_pages, exact.has_next()) == (7, 3, False)
    past = paging.paginate(_delegates(tree), "9", per_page=3, cap=10, walk_ms=1000)
    assert (past.number, past.count, [d.pk for d in past]) == (3, 7, [d.pk for d in exact])


@pytest.mark.parametrize(("offset", "limit"), [(0, 2), (0, 4), (1, 3), (2, 3), (3, 2), (5, 3)])
def test_a_newest_first_walk_reads_recent_rows_first(tree, offset, limit):
    """A list ordered by a date, newest first, is walked over its recent rows, then the older
    ones: the same ids in the same order as one query, whatever the slice."""
    from tests.voters.conftest import item
    from voters.models import PetitionItem

    council = tree.council("commune")
    today = timezone.localdate()
    days = [3, 10, 10, paging.WALK_RECENT_DAYS + 5, 400, 700]
    for ago in days:
        item(council, raised_on=today - timedelta(days=ago))
    qs = PetitionItem.objects.order_by("-raised_on", "-id")
    expected = list(qs.values_list("pk", flat=True))[offset : offset + limit]
    with CaptureQueriesContext(connection) as ctx:
        assert paging.walked_ids(qs, offset, limit) == expected
    recent = 3  # of the six rows
    queries = 1 if offset + limit <= recent else 2
    assert len(ctx.captured_queries) == queries
    assert "raised_on" in ctx.captured_queries[0]["sql"].split("WHERE")[1]


def test_only_a_newest_first_date_order_is_walked_by_date(tree, seven):
    """Another order (a name here) is walked as one query."""
    qs = _delegates(tree)
    with CaptureQueriesContext(connection) as ctx:
        ids = paging.walked_ids(qs, 2, 3)
    assert ids == list(qs.values_list("pk", flat=True))[2:5]
    assert len(ctx.captured_queries) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner settings")
def test_a_walk_sets_and_restores_the_planner(tree, seven):
    """Within the budget the planner builds no bitmap; after it, as before."""
    from core.db import time_budget

    def bitmaps() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_bitmapscan")
            return cursor.fetchone()[0]

    before = bitmaps()
    with time_budget(1000, walk=True):
        assert bitmaps() == "off"
    assert bitmaps() == before == "on"


def test_ids_then_rows_keeps_order_annotations_and_joins(tree, seven, django_assert_num_queries):
    """The page's ids are ordered and sliced alone; the rows come back in that order with their
    annotations and select_related, in one more query."""
    qs = (
        _delegates(tree)
        .select_related("council")
        .annotate(label=Concat(F("full_name"), Value("!")))
    )
    with django_assert_num_queries(3):  # count, ids, rows
        page = paging.paginate(qs, "1", per_page=4, cap=10)
        shown = [(d.full_name, d.label, d.council.name) for d in page]
    expected = [(d.full_name, d.label, d.council.name) for d in qs[:4]]
    assert shown == expected


def test_ids_query_reads_neither_joins_nor_annotations(tree, seven):
    qs = (
        _delegates(tree)
        .select_related("council")
        .annotate(label=Concat(F("full_name"), Value("!")))
    )
    with CaptureQueriesContext(connection) as ctx:
        paging.paginate(qs, "1", per_page=4, cap=10)
    count, ids, _rows = (q["sql"] for q in ctx.captured_queries)
    for sql in (count, ids):
        assert "councils_council" not in sql.split("WHERE")[0]
        assert "label" not in sql
    assert "OFFSET" not in count


def test_rows_are_read_by_id_without_the_filters_again(tree, seven):
    """The rows query reads the page's ids only: the ids query applied the list's filters (a
    scope's subquery planned twice costs more than the 50 rows), and a filter's join that stays
    repeats no row."""
    qs = (
        Delegate.objects.filter(
            council__unit__kind=UnitKind.RURAL_DISTRICT, full_name__startswith="Mẫu"
        )
        .select_related("council")
        .order_by("-name_key", "-id")
    )
    with CaptureQueriesContext(connection) as ctx:
        page = paging.paginate(qs, "1", per_page=4, cap=10)
    rows_sql = ctx.captured_queries[-1]["sql"]
    assert "LIKE" in ctx.captured_queries[-2]["sql"]  # the ids query filters
    assert "LIKE" not in rows_sql
    assert "kind" not in rows_sql.split("WHERE")[1]
    assert [d.pk for d in page] == [d.pk for d in qs[:4]]
    assert len({d.pk for d in page}) == 4


def test_aggregate_annotations_are_refused(tree, seven):
    """A GROUP BY would aggregate every row in scope before the slice: lists use subqueries."""
    qs = _delegates(tree).annotate(seats=Count("memberships"))
    with pytest.raises(ValueError, match="subqueries"):
        paging.paginate(qs, "1", per_page=3, cap=10)


# --- the pages ---------------------------------------------------------------------------------

REGISTER = "resolutions:register"


def _html(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_register_says_more_than_the_cap_and_pages_without_a_last_page(
    client, tree, people, monkeypatch
):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    for _ in range(5):
        ResolutionFactory(council=people["district"].council)
    client.force_login(tree.users["province_clerk"])
    first = _html(client.get(reverse(REGISTER)))
    assert "Hơn 3 nghị quyết." in first
    assert "Trang 1" in first
    assert "page=2" in first
    assert " / " not in re.search(r'<ul class="pagination">.*?</ul>', first).group(0)
    beyond = client.get(reverse(REGISTER), {"page": "7", "field": "budget"})
    assert beyond.status_code == 200
    text = _html(beyond)
    assert "Trang 7 không còn dòng nào." in text
    assert "field=budget&page=1" in text


def test_register_counts_exactly_below_the_cap(client, tree, people, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    for _ in range(3):
        ResolutionFactory(council=people["district"].council)
    client.force_login(tree.users["province_clerk"])
    text = _html(client.get(reverse(REGISTER)))
    assert "3 nghị quyết." in text
    assert "Hơn" not in text
    assert "1 / 2" in text
    last = client.get(reverse(REGISTER), {"page": "40"})
    assert last.context["page"].number == 2
    assert len(last.context["page"]) == 1


# Each list page, with what makes `n` rows of it in the district (in the province clerk's
# scope) and a query string that shows only those rows.


def _register(people, term, n):
    for _ in range(n):
        ResolutionFactory(council=people["district"].council)
    return reverse(REGISTER)


def _overdue(people, term, n):
    resolution = ResolutionFactory(council=people["district"].council)
    for i in range(n):
        resolution_services.task_create(
            actor=system_actor(),
            resolution=resolution,
            agency=people["district"].agency,
            description=f"Việc {i}",
            due_on=date(2023, 9, 1),
        )
    return reverse("resolutions:task_overdue")


def _sessions(people, term, n):
    for i in range(n):
        SessionFactory(council=people["district"].council, term=term, number=str(100 + i))
    return reverse("sessions:session_list")


def _commitments(people, term, n):
    p = people["district"]
    question = _question(SessionFactory(council=p.council, term=term), p.delegate, agency=p.agency)
    for i in range(n):
        _commitment(question=question, content=f"Cam kết {i}")
    return reverse("sessions:commitment_list")


def _meetings(people, term, n):
    for i in range(n):
        oversight_services.standing_meeting_create(
            actor=system_actor(),
            council=people["district"].council,
            held_on=date(2024, 1, 1),
            agenda=f"Số {i}",
        )
    return reverse("sessions:standing_meeting_list")


def _hearings(people, term, n):
    p = people["district"]
    for i in range(n):
        oversight_services.hearing_create(
            actor=system_actor(),
            council=p.council,
            body=p.committee,
            held_on=date(2024, 1, 1),
            topic=f"Giải trình {i}",
            agency=p.agency,
        )
    return reverse("sessions:hearing_list")


def _delegates_page(people, term, n):
    for i in range(n):
        DelegateFactory(council=people["district"].council, full_name=f"Trần Mẫu {i}")
    return reverse("councils:delegate_list") + "?q=tran+mau"


def _tree(people, term, n):
    district = people["district"].council.unit
    for i in range(n):
        UnitFactory(parent=district, name=f"Thôn Mẫu {i}", kind=UnitKind.COMMUNE)
    return reverse("councils:tree") + "?q=thon+mau"


# list → (its rows, the queries of one page whatever the rows: session, user, the scope's
# role assignments and lineage, count, ids, rows, and what the page adds)
LISTS = {
    "register": (_register, 7),  # has_overdue is in the rows
    "overdue": (_overdue, 9),  # + the due-soon and reminder rules
    "sessions": (_sessions, 7),
    "commitments": (_commitments, 9),  # + the due-soon window and the reminder days rules
    "meetings": (_meetings, 9),  # + the add button's council, the meetings' hearings
    "hearings": (_hearings, 9),  # + the add button's council, the hearings' commitments
    "delegates": (_delegates_page, 7),
    "tree": (_tree, 8),  # + the trails of the search results
}


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("rows", [3, 7])
def test_list_query_count_is_fixed(
    client, tree, people, term, monkeypatch, django_assert_num_queries, name, rows
):
    """With 3 rows (one page) and 7 (two pages of 5) a list page runs the same queries."""
    monkeypatch.setattr(paging, "PER_PAGE", 5)
    make, queries = LISTS[name]
    url = make(people, term, rows)
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(queries):
        response = client.get(url)
    page = response.context["page"]
    assert page.count == rows
    assert len(page) == min(rows, 5)


ALL_COUNCILS = re.compile(r'IN \(SELECT [^()]*FROM "councils_council"')


@pytest.mark.parametrize("name", LISTS)
def test_superuser_lists_filter_by_no_council(client, tree, people, term, name):
    """A reach of everything applies no scope filter: no `council_id IN (all councils)`; a
    province clerk's page does filter (the same pattern finds it)."""
    make, _queries = LISTS[name]
    url = make(people, term, 3)
    seen = {}
    for who in ("admin", "province_clerk"):
        client.force_login(tree.users[who])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        seen[who] = [q["sql"] for q in ctx.captured_queries if ALL_COUNCILS.search(q["sql"])]
    assert seen["admin"] == []
    if name != "tree":  # the tree filters units by path, not councils
        assert seen["province_clerk"]

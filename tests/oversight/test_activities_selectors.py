"""The tracker and its official counting, and the programme board (issue 12): counted as official
reports count (DOMAIN.md §9), in queries whose number does not grow with the rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.paging import shallow
from core.sorting import ScopeFirst
from followups import services as followups
from followups.models import Obligation
from followups.selectors import due_soon_days
from oversight import activity_selectors as selectors
from oversight import services_activities as services
from oversight.activities import ActivityKind
from oversight.activity_filters import RECOMMENDATION_SORT
from resolutions.models import Field
from tests.factories import system_actor
from tests.oversight.conftest import concluded_activity

ROADMAP = {
    "exclusion": Obligation.Exclusion.ROADMAP,
    "exclusion_document_number": "45/NQ-HĐND",
    "exclusion_document_date": date(2025, 4, 10),
    "exclusion_reason": "Thực hiện đến năm 2027",
}


def _rec(activity, agency, due_on, field=Field.LAND, **kwargs):
    return services.recommendation_create(
        actor=system_actor(),
        activity=activity,
        agency=agency,
        content=kwargs.pop("content", "Kiến nghị"),
        field=field,
        due_on=due_on,
        **kwargs,
    )


def _close(rec, outcome, ended_on):
    followups.obligation_close(
        actor=system_actor(), obligation=rec.obligation, outcome=outcome, ended_on=ended_on
    )


@pytest.fixture
def tracked(ov):
    """Nine recommendations: 2 done (one late), 1 partly, 1 not done, 1 open overdue - 5 fell
    due; 1 not yet due; 1 roadmap, 1 exempted (apart); 1 withdrawn (nowhere)."""
    activity = concluded_activity(ov)
    past, future = date(2025, 6, 30), timezone.localdate() + timedelta(days=200)
    recs = {
        "done": _rec(activity, ov.agency, past),
        "done_late": _rec(activity, ov.agency, past),
        "partly": _rec(activity, ov.other_agency, past, field=Field.EDUCATION),
        "not_done": _rec(activity, ov.agency, past),
        "overdue": _rec(activity, ov.other_agency, past, field=Field.EDUCATION),
        "not_yet_due": _rec(activity, ov.agency, future),
        "roadmap": _rec(activity, ov.agency, past, **ROADMAP),
        "exempted": _rec(
            activity, ov.agency, past, **{**ROADMAP, "exclusion": Obligation.Exclusion.EXEMPTED}
        ),
        "withdrawn": _rec(activity, ov.agency, past),
    }
    _close(recs["done"], Obligation.Outcome.DONE, date(2025, 6, 1))
    _close(recs["done_late"], Obligation.Outcome.DONE, date(2025, 8, 1))
    _close(recs["partly"], Obligation.Outcome.PARTLY_DONE, date(2025, 7, 1))
    _close(recs["not_done"], Obligation.Outcome.NOT_DONE, date(2025, 7, 1))
    followups.obligation_withdraw(
        actor=system_actor(), obligation=recs["withdrawn"].obligation, reason="Nhập nhầm"
    )
    return recs


def test_official_counting_counts_only_what_fell_due(ov, tracked, django_assert_num_queries):
    """Of 5 that fell due: 2 done (40 %), 1 partly, 1 not done, 1 overdue; roadmap and exempted
    apart; in one aggregate query (plus the percent-decimals rule)."""
    user = ov.user("province_clerk")
    today = timezone.localdate()
    soon = due_soon_days(None, today)
    qs = selectors.recommendation_list(user=user, today=today, soon_days=soon)
    with django_assert_num_queries(2):
        counts = selectors.recommendation_counts(qs, today=today, soon_days=soon)
    assert counts.total == 8  # the withdrawn one is nowhere
    assert counts.fell_due == 5
    assert (counts.done, counts.done_on_time, counts.done_late) == (2, 1, 1)
    assert (counts.partly_done, counts.not_done, counts.open_overdue) == (1, 1, 1)
    assert (counts.roadmap, counts.exempted) == (1, 1)
    assert counts.done_share == "2/5 (40,00%)"


def test_counting_follows_the_filters(ov, tracked):
    """The header counts what the filters show: here the education field only."""
    today = timezone.localdate()
    user = ov.user("province_clerk")
    qs = selectors.recommendation_list(user=user, today=today, filters={"field": Field.EDUCATION})
    counts = selectors.recommendation_counts(qs, today=today)
    assert (counts.total, counts.fell_due, counts.partly_done, counts.open_overdue) == (2, 2, 1, 1)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"state": "overdue"}, {"overdue", "roadmap", "exempted"}),
        ({"state": "open"}, {"overdue", "not_yet_due", "roadmap", "exempted"}),
        ({"fell_due": True}, {"done", "done_late", "partly", "not_done", "overdue"}),
        ({"agency": "other"}, {"partly", "overdue"}),
    ],
)
def test_tracker_filters(ov, tracked, filters, expected):
    """The engine's derived states, the owing agency and the official "fell due"."""
    if filters.get("agency") == "other":
        filters = {"agency": ov.other_agency.pk}
    rows = selectors.recommendation_list(
        user=ov.user("province_clerk"), today=timezone.localdate(), filters=filters
    )
    names = {name for name, rec in tracked.items() if rec.pk in {r.pk for r in rows}}
    assert names == expected


@pytest.mark.parametrize("who", ["sibling_clerk", "commune_office", "no_role"])
def test_tracker_is_scoped(ov, tracked, who):
    rows = selectors.recommendation_list(user=ov.user(who), today=timezone.localdate())
    assert not rows.exists()


@pytest.mark.parametrize(
    ("who", "filters", "narrowed"),
    [
        ("province_clerk", {}, True),
        ("province_clerk", {"sort": "council"}, True),
        ("admin", {}, False),
        ("admin", {"council": "district"}, True),
    ],
)
def test_a_narrowed_tracker_sorts_its_scope_in_the_plain_order(ov, tracked, who, filters, narrowed):
    """Below the nation (or for one council) the tracker sorts the scope's rows after reading
    them (core.sorting.ScopeFirst), not by walking the national date index: the same rows in
    the same order as the plain ORDER BY."""
    if filters.get("council"):
        filters = {**filters, "council": ov.district.pk}
    user = ov.ct.users[who] if who == "admin" else ov.user(who)
    today = timezone.localdate()
    rows = selectors.recommendation_list(user=user, today=today, filters=filters)
    first = rows.query.order_by[0]
    assert isinstance(getattr(first, "expression", None), ScopeFirst) is narrowed
    plain = rows.order_by(*RECOMMENDATION_SORT.order_by(filters.get("sort")))
    assert [r.pk for r in rows] == [r.pk for r in plain]
    assert len(rows) == 8


def test_the_trackers_first_pages_walk_the_date_index_in_the_same_order(ov, tracked):
    """`walk` (the page's first pages, core.paging.shallow) keeps the plain order below the
    nation: the same rows in the same order as the sorted scope."""
    user, today = ov.user("province_clerk"), timezone.localdate()
    walked = selectors.recommendation_list(user=user, today=today, walk=True)
    sorted_ = selectors.recommendation_list(user=user, today=today)
    assert not isinstance(getattr(walked.query.order_by[0], "expression", None), ScopeFirst)
    assert [r.pk for r in walked] == [r.pk for r in sorted_]
    assert (shallow(None), shallow("10"), shallow("11"), shallow("x")) == (True, True, False, True)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_tracker_api_costs_the_same_for_10_or_100_rows(client, ov):
    """The tracker's page and its counts: a fixed number of queries whatever the rows."""
    activity = concluded_activity(ov)
    user = ov.user("province_clerk")
    client.force_login(user)

    def get(url):
        return lambda: client.get(url).status_code == 200 or pytest.fail(url)

    page = get("/api/oversight-recommendations/?state=open")
    counts = get("/api/oversight-recommendations/counts/?state=open")
    page(), counts()  # the scope's lineage read once and cached
    for _i in range(10):
        _rec(activity, ov.agency, date(2025, 6, 30))
    ten = (_queries(page), _queries(counts))
    for _i in range(90):
        _rec(activity, ov.other_agency, date(2025, 6, 30), field=Field.HEALTH)
    assert (_queries(page), _queries(counts)) == ten
    assert max(ten) <= 12, ten


def test_board_costs_the_same_for_10_or_100_items(ov):
    """The programme board by quarter: three queries whatever the items and activities."""
    user = ov.user("province_clerk")
    programme = services.programme_create(
        actor=system_actor(), council=ov.district, year=2025, title="Chương trình 2025"
    )

    def add(n):
        for i in range(n):
            item = services.item_create(
                actor=system_actor(),
                programme=programme,
                topic=f"Nội dung {i}",
                kind=ActivityKind.SURVEY,
                quarter=i % 4 + 1,
                agencies=[ov.agency, ov.other_agency],
            )
            services.activity_create(
                actor=system_actor(),
                council=ov.district,
                kind=ActivityKind.SURVEY,
                topic=f"Khảo sát {i}",
                year=2025,
                programme_item=item,
            )

    def board():
        found = selectors.programme_board(user=user, council=ov.district, year=2025)
        for items in found.values():
            for item in items:
                list(item.agencies.all()), item.live, item.body
        return found

    add(10)
    board()  # the user's scope is read once per request: measure what the board adds
    ten = _queries(board)
    add(90)
    assert _queries(board) == ten
    found = selectors.programme_board(user=user, council=ov.district, year=2025)
    assert sum(len(items) for items in found.values()) == 100
    assert all(len(item.live) == 1 for item in found[1])

"""Lists narrowed to some councils sort after reading their rows (core.sorting.ScopeFirst), the
nation's session search matches council names as a set, and the overdue tasks are two sets of
late obligations (issue 10): each gives exactly the rows, in exactly the order, of the plain
query it replaces."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Q

from core.pagination import sort_keys
from core.sorting import ScopeFirst
from core.text import search_key
from councils.filters import DELEGATE_SORT
from councils.models import Delegate
from councils.selectors import delegate_list
from resolutions import selectors as resolution_selectors
from resolutions import services as resolution_services
from resolutions.filters import RESOLUTION_SORT
from resolutions.models import Field, ImplementationTask, Resolution
from sessions import selectors as session_selectors
from sessions.filters import SESSION_SORT
from sessions.models import Session
from tests.factories import (
    AgencyFactory,
    DelegateFactory,
    ResolutionFactory,
    SessionFactory,
    system_actor,
)

SORTS = [
    (Resolution, RESOLUTION_SORT),
    (Session, SESSION_SORT),
    (Delegate, DELEGATE_SORT),
]


@pytest.fixture
def rows(tree):
    """Resolutions and sessions of three councils with ties on every column, NULL signing
    dates (drafts) among them, and delegates with repeated names."""
    actor = system_actor()
    councils = [tree.council(n) for n in ("province", "commune", "sibling_commune")]
    for i in range(9):
        council = councils[i % 3]
        day = date(2023, 7, 1) + timedelta(days=i % 2)
        ResolutionFactory(council=council, issued_on=day, adopted_on=day)
        SessionFactory(council=council, planned_start=day, planned_end=day)
        DelegateFactory(council=council, full_name=["Nguyễn Văn An", "Trần Thị Bình"][i % 2])
    for i in range(3):
        resolution_services.resolution_create(
            actor=actor,
            council=councils[i],
            kind=Resolution.Kind.NORMATIVE,
            title=f"Dự thảo số {i}",
            field=Field.SOCIAL,
        )
    return councils


def _values(sorting) -> list[str]:
    return [v for key in sorting.columns for v in (key, f"-{key}")]


@pytest.mark.parametrize(("model", "sorting"), SORTS)
def test_scope_first_orders_every_column_as_the_column_itself(rows, model, sorting):
    """Same rows, same order, NULLs and ties included, for every column both ways."""
    everything = model.objects.all()
    for value in _values(sorting):
        plain = list(everything.order_by(*sorting.order_by(value)).values_list("pk", flat=True))
        narrow = everything.order_by(*sorting.order_by(value, narrow=True))
        assert list(narrow.values_list("pk", flat=True)) == plain, value


def test_only_a_narrowed_list_is_ordered_by_scope_first():
    assert RESOLUTION_SORT.order_by("-status") == ["-status", "-id"]
    first, *rest = RESOLUTION_SORT.order_by("-status", narrow=True)
    assert isinstance(first.expression, ScopeFirst)
    assert first.descending
    assert rest == ["-id"]


def test_the_api_pages_a_scope_first_order_by_its_column(tree):
    """The cursor's keys are the plain columns (the keyset stays on them), re-ordered the same
    narrowed way."""
    clerk = tree.users["province_clerk"]
    qs = resolution_selectors.resolution_list(user=clerk, filters={"sort": "-status"})
    keys = sort_keys(qs)
    assert [(k.lookup, k.descending, k.scope_first) for k in keys] == [
        ("status", True, True),
        ("id", True, False),
    ]
    assert isinstance(keys[0].order_by().expression, ScopeFirst)


@pytest.mark.parametrize("who", ["province_clerk", "commune_office", "admin"])
def test_scoped_lists_keep_their_rows_and_order(tree, rows, who):
    """The selectors (narrowed for a clerk, plain for the administrator) list what the scoping
    rule and the plain ORM order give."""
    user = tree.users[who]
    for value in _values(RESOLUTION_SORT):
        got = resolution_selectors.resolution_list(user=user, filters={"sort": value})
        plain = Resolution.objects.visible_to(user).order_by(*RESOLUTION_SORT.order_by(value))
        assert list(got) == list(plain), value
    for value in _values(SESSION_SORT):
        got = session_selectors.session_list(user=user, sort=value)
        plain = Session.objects.visible_to(user).order_by(*SESSION_SORT.order_by(value))
        assert list(got) == list(plain), value
    for value in _values(DELEGATE_SORT):
        got = delegate_list(user=user, sort=value)
        plain = Delegate.objects.visible_to(user).order_by(*DELEGATE_SORT.order_by(value))
        assert list(got) == list(plain), value


@pytest.mark.parametrize("who", ["province_clerk", "admin"])
def test_session_search_matches_council_names_and_titles_as_before(tree, rows, who):
    """The nation's council-name match is a set, a scope's a join: the same sessions either
    way, matched by council name (without diacritics) or by title."""
    user = tree.users[who]
    SessionFactory(council=tree.council("district"), title="Kỳ họp chuyên đề Quế Sơn")
    for q in ("que", "QUẢNG", "chuyên đề", "bắc"):
        got = session_selectors.session_list(user=user, filters={"q": q})
        plain = (
            Session.objects.visible_to(user)
            .filter(withdrawn_at__isnull=True)
            .filter(Q(council__name_key__contains=search_key(q)) | Q(title__icontains=q))
            .order_by(*SESSION_SORT.order_by(None))
        )
        assert list(got) == list(plain), q
        assert list(got) or q == "bắc"


def test_overdue_tasks_are_those_of_the_engines_rule_in_the_same_order(tree):
    """Late by the task's deadline, late by its periodic report only, not yet late, closed:
    the overdue list is exactly the tasks `overdue_q` finds, nearest deadline first."""
    actor = system_actor()
    district = tree.council("district")
    agency = AgencyFactory(council=district, name="UBND huyện")

    def task(due_on, **kwargs):
        return resolution_services.task_create(
            actor=actor,
            resolution=ResolutionFactory(council=district),
            agency=agency,
            description="Triển khai",
            due_on=due_on,
            **kwargs,
        )

    late = task(date(2024, 3, 1))
    report_late = task(date(2025, 12, 31), report_every_months=3)
    task(date(2025, 12, 31))  # not yet due
    closed = task(date(2024, 2, 1))
    resolution_services.task_close(
        actor=actor,
        task=closed,
        status=ImplementationTask.Status.DONE,
        completed_on=date(2024, 1, 20),
    )
    tied = task(date(2024, 3, 1))
    today = date(2024, 6, 1)
    for who in ("admin", "district_office", "sibling_clerk"):
        user = tree.users[who]
        got = resolution_selectors.task_list(user=user, today=today, overdue_only=True)
        plain = (
            ImplementationTask.objects.visible_to(user)
            .filter(resolution_selectors.overdue_q(today))
            .order_by("obligation__due_on", "id")
        )
        assert list(got) == list(plain)
        expected = [] if who == "sibling_clerk" else [late, tied, report_late]
        assert [t.pk for t in got] == [t.pk for t in expected]

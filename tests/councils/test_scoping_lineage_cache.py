"""The lineage of a user's scope is cached across requests and forgotten when units change."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils import scoping, services
from councils.models import Role, UnitKind, UnitSuccession
from tests.factories import UnitFactory, UserFactory, council_of, system_actor

pytestmark = pytest.mark.django_db


def _fresh_user(tree):
    user = UserFactory()
    services.role_assign(
        actor=system_actor(),
        user=user,
        role=Role.SECRETARIAT,
        council=tree.council("sibling"),
        valid_from=date(2025, 1, 1),
    )
    user.refresh_from_db()  # no memoised scope
    return type(user).objects.get(pk=user.pk)


def _lineage_queries(user) -> tuple[scoping.Reach, int]:
    with CaptureQueriesContext(connection) as ctx:
        reach = scoping.user_scope(user).read
    return reach, sum("councils_unitsuccession" in q["sql"] for q in ctx.captured_queries)


def test_lineage_is_read_once_for_every_request_then_forgotten_on_a_merger(tree):
    absorbed = UnitFactory(parent=None, name="Tỉnh cũ", code="99")
    council_of(absorbed)
    first, queries = _lineage_queries(_fresh_user(tree))
    assert queries == 1
    assert not first.covers(absorbed.path)
    # Another request (a new user object, the same roles): no succession query at all.
    again, queries = _lineage_queries(_fresh_user(tree))
    assert (again, queries) == (first, 0)
    # A merger is seen by the next request, in this process and (token in the cache) any other.
    UnitSuccession.objects.create(
        predecessor=absorbed,
        successor=tree.sibling,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2025, 7, 1),
    )
    merged, queries = _lineage_queries(_fresh_user(tree))
    assert queries >= 1
    assert merged.covers(absorbed.path)


def test_moving_a_unit_forgets_the_cached_lineage(tree):
    user = _fresh_user(tree)
    before, _queries = _lineage_queries(user)
    stray = UnitFactory(parent=tree.district, name="Xã nhập nhầm", code="98", kind=UnitKind.COMMUNE)
    assert not before.covers(stray.path)
    services.unit_move(actor=system_actor(), unit=stray, parent=tree.sibling)
    stray.refresh_from_db()
    after, queries = _lineage_queries(_fresh_user(tree))
    assert queries >= 1
    assert after.covers(stray.path)

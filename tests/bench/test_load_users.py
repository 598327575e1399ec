"""`make loadtest`'s accounts: found or created once, granted through the service, new password."""

from __future__ import annotations

from bench.run import load_users
from councils.models import Level, Role, RoleAssignment


def test_load_users_spread_over_provinces_and_reuse_accounts(tree):
    users = load_users(count=12, password="first-run")
    assert [u.username for u in users[:2]] == ["bench-load-001", "bench-load-002"]
    assert [u.username for u in users if u.is_superuser] == ["bench-load-001", "bench-load-011"]
    grants = RoleAssignment.objects.filter(user__in=users)
    assert grants.count() == 10
    assert set(grants.values_list("role", flat=True)) == {Role.SECRETARIAT}
    assert set(grants.values_list("council__unit__level", flat=True)) == {Level.PROVINCE}
    assert grants.values("council").distinct().count() == 2  # both provinces of the tree

    again = load_users(count=12, password="second-run")
    assert [u.pk for u in again] == [u.pk for u in users]
    assert RoleAssignment.objects.filter(user__in=users).count() == 10
    again[3].refresh_from_db()
    assert again[3].check_password("second-run")
    assert not again[3].check_password("first-run")

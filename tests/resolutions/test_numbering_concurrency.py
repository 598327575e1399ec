"""Issuing numbers under concurrency: real connections and row locks, so PostgreSQL only.

Kept in its own module: it commits for real, which must not meet the shared fixtures' rolled-back
transaction of other modules.
"""

import threading
from datetime import date

import pytest
from django.db import connection

from resolutions import services
from resolutions.models import NumberSequence, Resolution
from tests.factories import UnitFactory, council_of, system_actor


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_consecutive_numbers_without_duplicates():
    """Eight clerks press "Ban hành" at the same moment: 1..8, no gap, no duplicate."""
    if connection.vendor != "postgresql":
        pytest.fail("run this test on PostgreSQL (.ci/run does)")
    unit = UnitFactory(name="Bắc Kạn", code="06")
    council = council_of(unit)
    drafts = [
        services.resolution_create(
            actor=system_actor(),
            council=council,
            kind=Resolution.Kind.INDIVIDUAL,
            title=f"Nghị quyết {i}",
            field="budget",
            adopted_on=date(2023, 12, 8),
        )
        for i in range(8)
    ]
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def issue(draft: Resolution) -> None:
        try:
            barrier.wait(timeout=10)
            services.resolution_issue(
                actor=system_actor(), resolution=draft, issued_on=date(2023, 12, 10)
            )
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    sequences = sorted(
        Resolution.objects.filter(council=council).values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, 9))
    assert NumberSequence.objects.get(council=council, year=2023).last == 8

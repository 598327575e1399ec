"""Benchmark: the register's Excel export at several sizes, rows per second and peak memory.

Reads the national benchmark database (read-only: it only selects) and writes the first N rows
of the administrator's register, in the register's order, through the export's own code
(resolutions.exports.register_sheet, core.xlsx). Each size is timed once without tracing (wall
and CPU of this process; the database's CPU is not in the second figure), then once more under
tracemalloc for the peak of Python memory, which must stay flat as N grows.

Then the export page itself (count up to the limit, build, download) for registers of 2 000 to
12 000 rows (one year, one field), the at-once path whatever EXPORT_SYNC_ROWS says: the limit
is the largest size that stays under 1 s.

    .venv/bin/python bench/export_speed.py [--sizes 5000 50000 200000] [-n 3]

BENCH_DATABASE_URL chooses the database (default: the shared hdnd_bench).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.django_env import setup

    setup()

from django.conf import settings
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from core.models import User
from resolutions import selectors
from resolutions.exports import register_sheet
from resolutions.models import Resolution


def export(user: User, rows: int) -> tuple[int, int]:
    """Write the register's first `rows` rows; returns (rows written, file size in bytes)."""
    out, written = register_sheet(selectors.resolution_list(user=user, filters={})[:rows])
    with out:
        size = out.seek(0, 2)
    return written, size


def at_once(user: User, requests: int) -> None:
    """Time the export page on one year's fields of about 2 000 to 12 000 rows."""
    fields = (
        Resolution.objects.filter(year=2023)
        .values("field")
        .annotate(n=Count("id"))
        .filter(n__gte=2000, n__lte=12500)
        .order_by("n")
    )
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], EXPORT_SYNC_ROWS=10**9
    ):
        client = Client()
        client.force_login(user)
        url = reverse("resolutions:register_export")
        print(f"{'rows':>8} {'median ms':>10} {'max ms':>8}   the export page, at once")
        for row in fields:
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url, {"year": 2023, "field": row["field"]}, secure=True)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
                b"".join(response.streaming_content)
                response.close()
                timings.append((time.perf_counter() - started) * 1000)
            print(f"{row['n']:>8} {statistics.median(timings):>10.0f} {max(timings):>8.0f}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000, 200000])
    parser.add_argument("-n", "--requests", type=int, default=3, help="per size, at once")
    args = parser.parse_args(argv)
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if admin is None:
        raise SystemExit("No active superuser in the benchmark database.")
    export(admin, 500)  # warm: imports, connection, the database's cache
    print(f"{'rows':>8} {'wall s':>8} {'rows/s':>8} {'cpu s':>7} {'rows/cpu s':>10} {'peak MB':>8}")
    for size in args.sizes:
        started, cpu = time.perf_counter(), time.process_time()
        written, nbytes = export(admin, size)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        tracemalloc.start()
        try:
            export(admin, size)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        print(
            f"{written:>8} {wall:>8.2f} {written / wall:>8.0f} {cpu:>7.2f} {written / cpu:>10.0f}"
            f" {peak / 2**20:>8.1f}   ({nbytes / 2**20:.1f} MB file)"
        )
    at_once(admin, args.requests)


if __name__ == "__main__":
    main()

"""Benchmark: the register's Excel export at several sizes, rows per second and peak memory.

Reads the national benchmark database (read-only: it only selects) and writes the first N rows
of the administrator's register, in the register's order, through the export's own code
(resolutions.exports.register_sheet, core.xlsx). Each size is timed once without tracing (wall
and CPU of this process; the database's CPU is not in the second figure), then once more under
tracemalloc for the peak of Python memory, which must stay flat as N grows.

    .venv/bin/python bench/export_speed.py [--sizes 5000 50000 200000]

BENCH_DATABASE_URL chooses the database (default: the shared hdnd_bench).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.django_env import setup

    setup()

from core.models import User
from resolutions import selectors
from resolutions.exports import register_sheet


def export(user: User, rows: int) -> tuple[int, int]:
    """Write the register's first `rows` rows; returns (rows written, file size in bytes)."""
    out, written = register_sheet(selectors.resolution_list(user=user, filters={})[:rows])
    with out:
        size = out.seek(0, 2)
    return written, size


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000, 200000])
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


if __name__ == "__main__":
    main()

"""The daily reminder task over the benchmark's obligations: seconds, and queries per batch.

    .venv/bin/python bench/reminders.py [--today 2026-03-10] [--batch-size 1000] [--keep]

Runs followups.reminders.reminders_send (the task's reminders; not the e-mail digest) on
BENCH_DATABASE_URL (by default hdnd_bench). It writes nothing but the notifications the task
creates, prints how many, and deletes them afterwards (unless --keep). With no obligations, or
without the notifications table (the database predates the migration), it says so and exits 0.
Target (issue 11): at most 60 s for one million obligations, a constant number of queries per
batch.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.django_env import setup

    setup()

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Notification
from followups import reminders
from followups.models import Obligation

TARGET_SECONDS = 60


@dataclass
class Figures:
    """One run of the reminders over the benchmark: what it read, its time and its queries."""

    today: date
    total: int  # obligations in the database
    run: reminders.ReminderRun
    seconds: float
    queries: int  # BEGIN/COMMIT around the insert left out
    created: int
    batch_size: int

    @property
    def per_batch(self) -> float:
        """Queries per batch, the rules' read and the last (empty) batch's read left out."""
        return (self.queries - 2) / self.run.batches if self.run.batches else 0.0

    @property
    def ok(self) -> bool:
        return self.seconds <= TARGET_SECONDS


def measure(
    *, today: date | None = None, batch_size: int = reminders.BATCH_SIZE, keep: bool = False
) -> Figures | str:
    """Run the reminders once and count; the notifications it created are deleted unless
    `keep`. A string says why nothing ran (no obligations, no notifications table)."""
    tables = set(connection.introspection.table_names())
    if Obligation._meta.db_table not in tables or not Obligation.objects.exists():
        return "No obligations in this database: nothing to remind (run the obligations' bench)."
    if Notification._meta.db_table not in tables:
        return "No notifications table here: migrate this database first (core 0003)."
    today = today or timezone.localdate()
    total = Obligation.objects.count()
    started = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        clock = time.perf_counter()
        run = reminders.reminders_send(today=today, batch_size=batch_size)
        seconds = time.perf_counter() - clock
    created = Notification.objects.filter(
        created_at__gte=started, kind__in=[reminders.KIND_REMINDER, reminders.KIND_OVERDUE]
    )
    count = created.count()
    # Transaction control around the insert (BEGIN/COMMIT, or savepoints inside the caller's
    # transaction) is not a query of its own.
    sql = [q["sql"] for q in queries.captured_queries if not _control(q["sql"])]
    if not keep:
        created.delete()
    return Figures(today, total, run, seconds, len(sql), count, batch_size)


def _control(sql: str) -> bool:
    return sql in ("BEGIN", "COMMIT") or sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--batch-size", type=int, default=reminders.BATCH_SIZE)
    parser.add_argument("--keep", action="store_true", help="keep the notifications created")
    args = parser.parse_args(argv)
    f = measure(today=args.today, batch_size=args.batch_size, keep=args.keep)
    if isinstance(f, str):
        print(f)
        return 0
    run = f.run
    print(f"Obligations in the database: {f.total:,}; day {f.today:%d/%m/%Y}")
    print(
        f"Read {run.obligations:,} due on a reminder day or overdue, in {run.batches} batches "
        f"of at most {f.batch_size}"
    )
    print(
        f"{f.seconds:.2f} s in all ({f.seconds / max(run.batches, 1) * 1000:.1f} ms per batch); "
        f"{f.queries} queries, {f.per_batch:.1f} per batch (+1 for the rules, +1 to end)"
    )
    print(f"Notifications offered {run.offered:,}, created {f.created:,}")
    print(f"Target ≤ {TARGET_SECONDS} s: {'OK' if f.ok else 'OVER TARGET'}")
    if not args.keep:
        print(f"Deleted the {f.created:,} notifications this run created.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

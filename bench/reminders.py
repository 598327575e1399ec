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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--batch-size", type=int, default=reminders.BATCH_SIZE)
    parser.add_argument("--keep", action="store_true", help="keep the notifications created")
    args = parser.parse_args(argv)
    tables = set(connection.introspection.table_names())
    if Obligation._meta.db_table not in tables or not Obligation.objects.exists():
        print("No obligations in this database: nothing to remind (run the obligations' bench).")
        return 0
    if Notification._meta.db_table not in tables:
        print("No notifications table here: migrate this database first (core 0003).")
        return 0
    today = args.today or timezone.localdate()
    total = Obligation.objects.count()
    started = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        clock = time.perf_counter()
        run = reminders.reminders_send(today=today, batch_size=args.batch_size)
        seconds = time.perf_counter() - clock
    created = Notification.objects.filter(
        created_at__gte=started, kind__in=[reminders.KIND_REMINDER, reminders.KIND_OVERDUE]
    )
    count = created.count()
    # BEGIN/COMMIT around the insert are not queries of their own.
    sql = [q["sql"] for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]
    per_batch = (len(sql) - 2) / run.batches if run.batches else 0
    print(f"Obligations in the database: {total:,}; day {today:%d/%m/%Y}")
    print(
        f"Read {run.obligations:,} due on a reminder day or overdue, in {run.batches} batches "
        f"of at most {args.batch_size}"
    )
    print(
        f"{seconds:.2f} s in all ({seconds / max(run.batches, 1) * 1000:.1f} ms per batch); "
        f"{len(sql)} queries, {per_batch:.1f} per batch (+1 for the rules, +1 to end)"
    )
    print(f"Notifications offered {run.offered:,}, created {count:,}")
    flag = "OK" if seconds <= TARGET_SECONDS else "OVER TARGET"
    print(f"Target ≤ {TARGET_SECONDS} s: {flag}")
    if not args.keep:
        deleted, _ = created.delete()
        print(f"Deleted the {deleted:,} notifications this run created.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

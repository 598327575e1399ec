"""Kill test: a Celery worker SIGKILLed mid-export loses nothing, and the file appears once.

Run by .ci/run against its PostgreSQL database and Redis (DATABASE_URL, REDIS_URL set, migrated):
queues the register export of ROWS resolutions, starts a worker, SIGKILLs it (the whole process
group) while the row is RUNNING, starts a second worker, and waits for Redis to hand the
unacknowledged job back (after the visibility timeout). Passes when the row is DONE with every
row and the export's folder holds exactly one file. Short time limits keep it under two minutes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("CELERY_TASK_TIME_LIMIT", "30")  # visibility timeout 40 s
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
ROWS = int(os.environ.get("KILL_TEST_ROWS", "60000"))


LOG_DIR = Path(os.environ.get("KILL_TEST_LOG_DIR", tempfile.gettempdir()))


class KillTestError(AssertionError):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise KillTestError(message)


def say(message: str) -> None:
    sys.stdout.write(f"[kill-test {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stdout.flush()


def start_worker(name: str) -> subprocess.Popen:
    log = (LOG_DIR / f"hdnd-kill-{name}.log").open("w")
    return subprocess.Popen(  # noqa: S603
        [
            str(BASE_DIR / ".venv/bin/celery"),
            "-A",
            "hdnd",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
        ],
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def seed() -> tuple[object, str]:
    """A council with ROWS signed resolutions (bulk, like bench/generate.py), a superuser."""
    from django.db import transaction

    from core.models import User
    from councils.models import UnitKind
    from resolutions.models import Field, Resolution
    from tests.factories import UnitFactory, council_of

    with transaction.atomic():
        council = council_of(UnitFactory(name="Đà Nẵng", kind=UnitKind.PROVINCE, code="48"))
        Resolution.objects.bulk_create(
            (
                Resolution(
                    council=council,
                    kind=Resolution.Kind.INDIVIDUAL,
                    year=2025,
                    sequence=i,
                    number=f"{i}/NQ-HĐND",
                    title=f"Nghị quyết về kế hoạch số {i}",
                    search_text=f"nghi quyet ve ke hoach so {i}",
                    field=Field.BUDGET,
                    status=Resolution.Status.IN_FORCE,
                    adopted_on=date(2025, 7, 1),
                    issued_on=date(2025, 7, 2),
                    effective_on=date(2025, 7, 2),
                )
                for i in range(1, ROWS + 1)
            ),
            batch_size=5000,
        )
        user = User.objects.create_superuser("kill-test", "kill@example.invalid", None)
    return user, council


def main() -> int:
    import django

    django.setup()
    from django.db import transaction

    from core import exports
    from core.models import Export
    from hdnd.celery import app

    check(not app.conf.task_always_eager, "needs REDIS_URL and a real worker")
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    say(f"time limit {app.conf.task_time_limit}s, visibility timeout {visibility}s, {ROWS} rows")
    user, _council = seed()
    with transaction.atomic():
        export = exports.export_start(
            user=user,
            kind="resolutions.register",
            title="Sổ nghị quyết",
            params="",
            filename="so-nghi-quyet.xlsx",
        )
    say(f"queued export {export.pk}")
    first = start_worker("first")
    deadline = time.monotonic() + 60
    while Export.objects.get(pk=export.pk).status != Export.Status.RUNNING:
        check(time.monotonic() < deadline, "the first worker never started the build")
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    export.refresh_from_db()
    say(f"SIGKILLed the first worker mid-build: status {export.status}, file {export.file.name!r}")
    check(export.status == Export.Status.RUNNING, "the build was over before the kill")
    check(not export.file, "the killed worker left a file")
    killed_at = time.monotonic()

    second = start_worker("second")
    try:
        deadline = time.monotonic() + visibility + 60
        while export.status != Export.Status.DONE:
            check(export.status != Export.Status.FAILED, f"failed: {export.error}")
            check(time.monotonic() < deadline, "the job never came back to a worker")
            time.sleep(0.5)
            export.refresh_from_db()
        say(f"second worker finished {time.monotonic() - killed_at:.0f}s after the kill")
        time.sleep(2)  # a duplicate delivery, if any, would run now
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    export.refresh_from_db()
    folder = Path(export.file.path).parent
    files = sorted(p.name for p in folder.iterdir())
    say(f"status {export.status}, rows {export.rows}, files in {folder.name}/: {files}")
    check(export.status == Export.Status.DONE, "the export is not done")
    check(export.rows == ROWS, "rows are missing")
    check(files == [export.filename], "the file must appear exactly once")
    runs = (LOG_DIR / "hdnd-kill-second.log").read_text().count("] received")
    say(f"the second worker received the job {runs} time(s)")
    check(runs == 1, "the job was delivered more than once after the kill")
    say("PASS: the killed worker's export was rebuilt once by the next worker")
    return 0


if __name__ == "__main__":
    sys.exit(main())

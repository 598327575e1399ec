"""`make loadtest`: simulated clerks (locust, headless) against gunicorn on the national data.

    .venv/bin/python bench/loadtest.py [--users 100] [--run-time 10m] [--spawn-rate 2]

Runs on the benchmark's database (BENCH_DATABASE_URL, by default hdnd_bench, filled by
`make bench`), on loopback only and bounded in users and time. Steps: ensure the accounts
(run.load_users, a new password each run), write the plan (the ids in each account's reach),
collect static files once (as the browser suite does), start gunicorn as the image runs it
(DEBUG off, production settings, gthread workers), wait for it, run locust (bench/locustfile.py:
5-10 s between clicks), stop gunicorn, then print requests per second, p50 and p95 per page and
the errors. Exits non-zero when a request failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.django_env import setup

    setup()

from django.conf import settings

from bench.run import load_users
from councils import scoping
from councils.models import AdministrativeUnit, Level
from e2e.server import static_root
from resolutions.models import Field, Resolution
from sessions.models import Session

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 1000.0  # issue 10: p95 under load at most 1 s, and no errors
STARTUP_SECONDS = 90
SAMPLE = 30  # sessions and resolutions per account that its clerk opens at random
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100, help="simulated clerks")
    parser.add_argument("--run-time", default="10m", help="how long, e.g. 60s, 10m")
    parser.add_argument("--spawn-rate", type=float, default=2, help="clerks started per second")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1),
        help="gunicorn worker processes (4 threads each, as in the image)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 1000:
        parser.error("--users: between 1 and 1000")

    password = secrets.token_urlsafe(24)
    work = Path(tempfile.mkdtemp(prefix="hdnd-loadtest-"))
    errors = 1
    try:
        print(f"Accounts: {args.users} (bench-load-*), on {settings.DATABASES['default']['NAME']}")
        accounts = load_users(count=args.users, password=password)
        plan = work / "plan.json"
        plan.write_text(json.dumps(build_plan(accounts)))
        static = collect_static()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        print(f"gunicorn: {args.workers} workers x 4 threads on {url}")
        server = start_gunicorn(port=port, workers=args.workers, static=static, work=work)
        try:
            wait_until_up(url, server, work / "gunicorn.log")
            print(
                f"locust: {args.users} clerks, {args.spawn_rate:g}/s, for {args.run_time}, "
                "5-10 s between clicks ..."
            )
            before = os.getloadavg()[0]
            run_locust(args, url=url, plan=plan, password=password, work=work)
            after = os.getloadavg()[0]
        finally:
            stop(server)
        stats = read_stats(work / "locust_stats.csv")
        if not stats:
            print((work / "locust.log").read_text()[-3000:], file=sys.stderr)
            raise SystemExit("locust wrote no statistics.")
        print_stats(stats)
        print(
            f"Machine: {os.cpu_count()} cores, load average {before:.1f} before and {after:.1f} "
            "at the end (locust, gunicorn and PostgreSQL share them)."
        )
        errors = print_failures(work / "locust_failures.csv")
        gunicorn_errors(work / "gunicorn.log")
        return 1 if errors else 0
    finally:
        if errors:
            print(f"Logs kept in {work} (gunicorn.log, locust.log).", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def build_plan(accounts: list) -> dict:
    """What each account's clerk opens: ids in its reach (the scoping rule decides), its council
    and unit; the same for every account of one province, so each reach is queried once."""
    provinces = {
        unit.council.pk: unit
        for unit in AdministrativeUnit.objects.filter(
            valid_to__isnull=True, level=Level.PROVINCE
        ).select_related("council")
    }
    some_province = next(iter(provinces.values()))
    reach: dict[tuple, dict] = {}
    rows = []
    for user in accounts:
        councils = list(
            scoping.councils_visible_to(user)
            .filter(pk__in=provinces)
            .values_list("pk", flat=True)[:2]
        )
        key = ("admin",) if user.is_superuser else tuple(councils)
        if key not in reach:
            unit = some_province if user.is_superuser else provinces[councils[0]]
            reach[key] = {
                "council": unit.council.pk,
                "unit": unit.pk,
                "sessions": list(
                    Session.objects.visible_to(user)
                    .order_by("-planned_start", "-pk")
                    .values_list("pk", flat=True)[:SAMPLE]
                ),
                "resolutions": list(
                    Resolution.objects.visible_to(user)
                    .order_by("-pk")
                    .values_list("pk", flat=True)[:SAMPLE]
                ),
            }
        rows.append({"username": user.username, **reach[key]})
    return {
        "accounts": rows,
        "years": [2023, 2024, 2025],
        "fields": [Field.BUDGET, Field.INVESTMENT, Field.LAND, Field.EDUCATION, Field.HEALTH],
        "words": ["ngan+sach", "dau+tu", "quy+hoach", "bien+che"],
        "names": ["nguyen", "tran", "le+thi", "pham+van"],
    }


def collect_static() -> Path:
    """The browser suite's collected STATIC_ROOT (same fingerprint), collected here if missing:
    production's manifest storage needs it to render any page."""
    static, missing = static_root()
    if missing:
        print("collectstatic (once; reused while static/ and the packages are unchanged) ...")
        partial = static.with_name(f"{static.name}.{os.getpid()}")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**os.environ, "DEBUG": "0", "STATIC_ROOT": str(partial)},
            check=True,
        )
        shutil.rmtree(static, ignore_errors=True)
        partial.rename(static)
    return static


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(*, port: int, workers: int, static: Path, work: Path) -> subprocess.Popen:
    """The image's command (Dockerfile), bound to loopback; production settings, DEBUG off."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hdnd.settings",
        "DATABASE_URL": os.environ["DATABASE_URL"],  # the benchmark's, set by django_env.setup
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static),
        "PRIVATE_MEDIA_ROOT": str(work / "media"),
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    log = (work / "gunicorn.log").open("wb")
    return subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hdnd.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "120",
            "--graceful-timeout",
            "30",
            "--keep-alive",
            "5",
            "--max-requests",
            "1000",
            "--max-requests-jitter",
            "100",
            "--no-control-socket",
            "--error-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    """The sign-in page answers 200 (through the proxy's header, as the image's healthcheck)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    request = urllib.request.Request(  # noqa: S310 - loopback http
        f"{url}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
    )
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within {STARTUP_SECONDS} s")


def run_locust(args: argparse.Namespace, *, url: str, plan: Path, password: str, work: Path):
    env = {**os.environ, "LOADTEST_PLAN": str(plan), "LOADTEST_PASSWORD": password}
    with (work / "locust.log").open("wb") as log:
        subprocess.run(  # noqa: S603 - the venv's locust, fixed arguments
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--host",
                url,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.run_time,
                "--stop-timeout",
                "15",
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,  # locust exits 1 on any failure; the failures are read from its CSV
        )


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@dataclass
class Row:
    name: str
    requests: int
    failures: int
    per_s: float
    p50: float
    p95: float
    max_ms: float


def read_stats(path: Path) -> list[Row]:
    if not path.exists():
        return []

    def ms(value: str) -> float:
        return float(value) if value not in ("", "N/A") else 0.0

    with path.open(newline="") as f:
        return [
            Row(
                name=row["Name"],
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                per_s=float(row["Requests/s"]),
                p50=ms(row["50%"]),
                p95=ms(row["95%"]),
                max_ms=ms(row["Max Response Time"]),
            )
            for row in csv.DictReader(f)
        ]


def print_stats(stats: list[Row]) -> None:
    pages = sorted((r for r in stats if r.name != "Aggregated"), key=lambda r: -r.requests)
    total = next((r for r in stats if r.name == "Aggregated"), None)
    header = ("page", "requests", "errors", "req/s", "p50 ms", "p95 ms", "max ms", "")
    rows = [_cells(r) for r in [*pages, *([total] if total else [])]]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print()
    for i, row in enumerate([header, ["-" * w for w in widths], *rows]):
        if total and i == len(rows) + 1:
            print("  ".join("-" * w for w in widths))
        cells = [c.ljust(widths[0]) if j == 0 else c.rjust(widths[j]) for j, c in enumerate(row)]
        print("  ".join(cells).rstrip())
    print()
    if total:
        print(
            f"Total: {total.requests:,} requests, {total.per_s:.1f} requests/s, "
            f"p50 {total.p50:.0f} ms, p95 {total.p95:.0f} ms, {total.failures} errors "
            f"(targets: 0 errors, p95 <= {TARGET_P95_MS:.0f} ms per page; flag P95)."
        )


def _cells(r: Row) -> tuple[str, ...]:
    return (
        r.name,
        f"{r.requests:,}",
        str(r.failures),
        f"{r.per_s:.2f}",
        f"{r.p50:.0f}",
        f"{r.p95:.0f}",
        f"{r.max_ms:.0f}",
        " ".join(
            flag for flag, on in (("P95", r.p95 > TARGET_P95_MS), ("ERRORS", r.failures > 0)) if on
        ),
    )


def print_failures(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open(newline="") as f:
        failures = list(csv.DictReader(f))
    errors = sum(int(row["Occurrences"]) for row in failures)
    for row in failures:
        print(f"  {row['Occurrences']:>5} x {row['Method']} {row['Name']}: {row['Error'][:200]}")
    return errors


def gunicorn_errors(log: Path) -> None:
    """Tracebacks and worker timeouts gunicorn logged, which a 500 page hides."""
    if not log.exists():
        return
    lines = [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "Traceback" in line or "WORKER TIMEOUT" in line or "[ERROR]" in line
    ]
    if lines:
        print(f"gunicorn logged {len(lines)} error lines; the first:")
        for line in lines[:5]:
            print(f"  {line[:200]}")


if __name__ == "__main__":
    sys.exit(main())

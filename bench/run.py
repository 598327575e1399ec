"""National-scale benchmark: query counts and timings of the main pages on a generated country.

`make bench` runs it on its own PostgreSQL database (BENCH_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/hdnd_bench), created, migrated and filled by generate.py when
missing or stale. Pages are requested through Django's test client with DEBUG off, the full
middleware stack and HTTPS, so a figure is the server-side cost of a request without the network.
A trivial login-required view, timed in the same run, is the floor every page pays.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.django_env import setup

    setup()

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.management import call_command
from django.db import connection, reset_queries
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, include, path, reverse
from openpyxl import load_workbook

from bench import generate
from bench.django_env import ensure_database
from core.models import User
from councils import services
from councils.models import (
    AdministrativeUnit,
    Body,
    BodyMembership,
    Council,
    CouncilMembership,
    Delegate,
    Level,
    Role,
    RoleAssignment,
    Term,
    UnitSuccession,
)
from resolutions.models import ImplementationTask, Resolution, ResolutionLink
from sessions.models import AgendaItem, Session, Vote

QUERY_BUDGET = 12  # a page above this many queries is flagged OVER
SLOW_MS = 300.0  # a page whose median is above this is flagged SLOW
ROLES_FROM = date(2025, 7, 1)


@login_required
def baseline_view(request: HttpRequest) -> HttpResponse:
    """The floor: middleware, session and user loading, and no domain work at all."""
    return HttpResponse("ok")


# The run's ROOT_URLCONF is this module: the project's URLs plus the baseline view.
urlpatterns = [
    path("bench/baseline/", baseline_view),
    path("", include("hdnd.urls")),
]


@dataclass(frozen=True)
class Case:
    label: str
    user: str
    url: str | None  # None: the URL name does not reverse (yet)
    htmx: bool = False
    # A page still being built: an error status or a missing URL is reported, not fatal.
    optional: bool = False


@dataclass
class Result:
    case: Case
    queries: int
    sql_ms: float
    median_ms: float
    p95_ms: float
    kbytes: float
    captured: list[dict]
    status: str = "200"  # or another HTTP status, "no URL", or the exception a view raised

    @property
    def ok(self) -> bool:
        return self.status == "200"

    @property
    def flags(self) -> str:
        if not self.ok:
            return self.status if self.status == "no URL" else f"HTTP {self.status}"
        flags = []
        if self.queries > QUERY_BUDGET:
            flags.append("OVER")
        if self.median_ms > SLOW_MS:
            flags.append("SLOW")
        return " ".join(flags)


@dataclass(frozen=True)
class Targets:
    """The units the cases open: the largest merged province and its most-merged commune."""

    province: AdministrativeUnit
    commune: AdministrativeUnit
    old_province: AdministrativeUnit
    old_district: AdministrativeUnit
    old_term: Term
    session: Session | None  # the province's latest session with a full agenda and votes


@dataclass
class ExportResult:
    """The register's Excel export: time, rows and the Python heap's peak while building it."""

    case: Case
    status: str
    queries: int = 0
    median_ms: float = 0.0
    max_ms: float = 0.0
    rows: int = 0
    peak_mb: float = 0.0
    kbytes: float = 0.0


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
    parser.add_argument(
        "--export-requests", type=int, default=3, help="timed requests per Excel export"
    )
    parser.add_argument("--regenerate", action="store_true", help="rebuild the data even if fresh")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor below provinces")
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument(
        "--show-queries", action="store_true", help="print the SQL of every page, not only flagged"
    )
    args = parser.parse_args(argv)

    # WhiteNoise warns that STATIC_ROOT was never collected; the pages need no static files here.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    name = ensure_database()
    call_command("migrate", interactive=False, verbosity=0)
    generation = prepare_data(
        scale=generate.Scale().scaled(args.scale), seed=args.seed, force=args.regenerate
    )
    targets = find_targets()
    users = bench_users(targets)
    print_header(name=name, generation=generation, requests=args.requests, warmup=args.warmup)
    print_dataset()

    with override_settings(
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        # No collectstatic manifest here; hashed names cost a dict lookup, not a query.
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        clients = {key: _client(user) for key, user in users.items()}
        results = [
            measure(clients[case.user], case, requests=args.requests, warmup=args.warmup)
            for case in cases(targets)
        ]
        exports = [
            measure_export(clients[case.user], case, requests=args.export_requests)
            for case in export_cases()
        ]
    print_results(results)
    print_exports(exports)
    print_queries(results, every=args.show_queries)


def prepare_data(*, scale: generate.Scale, seed: int, force: bool) -> str:
    """Generate unless the database already holds this exact dataset; say how long it took."""
    expected = generate.signature(scale, seed)
    stamp = generate.read_stamp()
    if not force and stamp and stamp.get("signature") == expected:
        return f"reused ({expected}; generated in {stamp['seconds']:.1f} s)"
    print(f"Generating {expected} ...")
    started = time.perf_counter()
    generate.generate(scale=scale, seed=seed)
    return f"generated now in {time.perf_counter() - started:.1f} s ({expected})"


def find_targets() -> Targets:
    current = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    province = (
        current.filter(level=Level.PROVINCE)
        .annotate(merged=Count("predecessor_links"))
        .order_by("-merged", "-numchild", "path")
        .first()
    )
    if province is None:
        raise SystemExit("No data: run with --regenerate.")
    commune = (
        current.filter(level=Level.COMMUNE, path__startswith=province.path)
        .annotate(merged=Count("predecessor_links"))
        .order_by("-merged", "path")
        .first()
    )
    old_province = (
        AdministrativeUnit.objects.filter(successor_links__successor=province)
        .order_by("-numchild", "path")
        .first()
    )
    old_district = (
        AdministrativeUnit.objects.filter(level=Level.DISTRICT, path__startswith=old_province.path)
        .order_by("-numchild", "path")
        .first()
    )
    session = (
        Session.objects.filter(council__unit=province)
        .annotate(items_count=Count("items"))
        .filter(items_count__gte=generate.ITEMS_PER_SESSION)
        .order_by("-planned_start", "-pk")
        .first()
    )
    return Targets(
        province=province,
        commune=commune,
        old_province=old_province,
        old_district=old_district,
        old_term=Term.objects.get(name=generate.OLD_TERM),
        session=session,
    )


def bench_users(targets: Targets) -> dict[str, User]:
    """A superuser, the province secretariat and a commune office, granted through the service."""
    model = get_user_model()
    admin, _created = model.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    users = {"admin": admin}
    grants = {
        "province": ("bench-province", Role.SECRETARIAT, targets.province.council),
        "commune": ("bench-commune", Role.OFFICE, targets.commune.council),
    }
    for key, (username, role, council) in grants.items():
        user, _created = model.objects.get_or_create(username=username)
        if not RoleAssignment.objects.filter(user=user, council=council, role=role).exists():
            services.role_assign(
                actor=admin, user=user, role=role, council=council, valid_from=ROLES_FROM
            )
        users[key] = user
    return users


def cases(t: Targets) -> list[Case]:
    province, commune = t.province.council, t.commune.council
    old_province = t.old_province.council
    return [
        Case("baseline: login_required HttpResponse", "admin", "/bench/baseline/"),
        Case("tree: top level", "admin", "/councils/"),
        Case("tree: top level", "province", "/councils/"),
        Case("tree: province drill-down", "province", f"/councils/?parent={t.province.pk}"),
        Case(
            "tree: old district drill-down (all)",
            "province",
            f"/councils/?parent={t.old_district.pk}&all=on",
        ),
        Case("tree: search q=hoa phu", "admin", "/councils/?q=hoa+phu"),
        Case("tree: search q=hoa phu", "province", "/councils/?q=hoa+phu"),
        Case("council page: province", "province", f"/councils/{province.pk}/"),
        Case("council page: commune", "commune", f"/councils/{commune.pk}/"),
        Case(
            "council page: old province, 2021 term",
            "province",
            f"/councils/{old_province.pk}/?term={t.old_term.pk}",
        ),
        Case("history partial: province", "province", f"/councils/{province.pk}/history/", True),
        Case("history partial: commune", "commune", f"/councils/{commune.pk}/history/", True),
        Case("api: /api/councils/", "admin", "/api/councils/"),
        Case("api: /api/councils/", "province", "/api/councils/"),
        Case(
            "api: /api/delegates/?council=province",
            "province",
            f"/api/delegates/?council={province.pk}",
        ),
        *meeting_cases(t),
    ]


def _url(name: str, *args: object, query: str = "") -> str | None:
    """The path of a URL name, or None while the page does not exist yet."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def meeting_cases(t: Targets) -> list[Case]:
    """Sessions and resolutions (issue 4): the register, its filters and search, the sessions."""
    register = "resolutions:register"
    found = []
    for user in ("admin", "province"):
        found += [
            Case("resolutions: register", user, _url(register), optional=True),
            Case(
                "resolutions: year=2024&field=budget",
                user,
                _url(register, query="year=2024&field=budget"),
                optional=True,
            ),
            Case(
                "resolutions: search q=ngan sach",
                user,
                _url(register, query="q=ngan+sach"),
                optional=True,
            ),
            Case(
                "resolutions: sort=-status",
                user,
                _url(register, query="sort=-status"),
                optional=True,
            ),
            Case("sessions: list", user, _url("sessions:session_list"), optional=True),
            Case(
                "sessions: sort=council",
                user,
                _url("sessions:session_list", query="sort=council"),
                optional=True,
            ),
            Case(
                "commitments: list",
                user,
                _url("sessions:commitment_list", query="sort=-due"),
                optional=True,
            ),
            Case(
                "delegates: sort=council",
                user,
                _url("councils:delegate_list", query="sort=council"),
                optional=True,
            ),
        ]
    session = t.session
    found.append(
        Case(
            "sessions: page, 10 items + 7 votes",
            "province",
            _url("sessions:session_detail", session.pk) if session else None,
            optional=True,
        )
    )
    return found


def export_cases() -> list[Case]:
    url = _url("resolutions:register_export", query="year=2024")
    return [
        Case("resolutions: export year=2024", user, url, optional=True)
        for user in ("province", "admin")
    ]


def measure(client: Client, case: Case, *, requests: int, warmup: int) -> Result:
    """Warm up, count the queries of one request, then time `requests` more without capture."""
    headers = {"HX-Request": "true"} if case.htmx else {}

    def get() -> HttpResponse:
        return client.get(case.url, secure=True, headers=headers)

    if case.url is None:
        return _failed(case, "no URL")
    try:
        for _ in range(warmup):
            get()
        with CaptureQueriesContext(connection) as context:
            response = get()
    except Exception as error:  # a page under construction may still crash
        if not case.optional:
            raise
        return _failed(case, type(error).__name__)
    queries = list(context.captured_queries)  # the log is reset at the next request
    if response.status_code != 200:
        if case.optional:
            return _failed(case, str(response.status_code))
        raise SystemExit(f"{case.label} ({case.user}) {case.url}: HTTP {response.status_code}")
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        get()
        timings.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18] if len(timings) > 1 else 0
    return Result(
        case=case,
        queries=len(queries),
        sql_ms=sum(float(q["time"]) for q in queries) * 1000,
        median_ms=statistics.median(timings) if timings else 0.0,
        p95_ms=p95,
        kbytes=len(response.content) / 1024,
        captured=queries,
    )


def _failed(case: Case, status: str) -> Result:
    print(f"  {case.label} ({case.user}) {case.url or ''}: {status}", file=sys.stderr)
    return Result(case, 0, 0.0, 0.0, 0.0, 0.0, [], status=status)


def measure_export(client: Client, case: Case, *, requests: int) -> ExportResult:
    """Count the queries of one export, time `requests` more (each consumes the whole stream),
    then take one more under tracemalloc for the peak of Python memory, and count its rows."""

    def fetch() -> tuple[int, bytes]:
        response = client.get(case.url, secure=True)
        if response.status_code == 302 and "/exports/" in response["Location"]:
            # Past EXPORT_SYNC_ROWS the export is queued; without REDIS_URL the task ran inside
            # that request (eager), so the file is ready: the figure is the worker's build time.
            response = client.get(response["Location"] + "download/", secure=True)
        try:
            if response.streaming:
                return response.status_code, b"".join(response.streaming_content)
            return response.status_code, response.content
        finally:
            response.close()

    if case.url is None:
        return ExportResult(case, "no URL")
    try:
        # The previous page's captured queries are still in the log until a request starts,
        # which would offset the capture's slice.
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            status, body = fetch()
        queries = len(context.captured_queries)  # a slice of the log the next request resets
        if status != 200:
            return ExportResult(case, str(status))
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            fetch()
            timings.append((time.perf_counter() - started) * 1000)
        tracemalloc.start()
        try:
            fetch()
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    except Exception as error:  # a page under construction may still crash
        return ExportResult(case, type(error).__name__)
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    rows = sum(1 for _row in sheet.iter_rows(values_only=True)) - 1  # less the header
    return ExportResult(
        case,
        "200",
        queries=queries,
        median_ms=statistics.median(timings) if timings else 0.0,
        max_ms=max(timings, default=0.0),
        rows=rows,
        peak_mb=peak / 2**20,
        kbytes=len(body) / 1024,
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def print_header(*, name: str, generation: str, requests: int, warmup: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    print()
    print(
        f"HĐND national benchmark — database {name}, PostgreSQL {pg}, Django {django.get_version()}"
    )
    print(f"Data: {generation}")
    print(f"Per page: {warmup} warm-up, 1 counted, {requests} timed; DEBUG={settings.DEBUG}")


def print_dataset() -> None:
    units = AdministrativeUnit.objects
    rows = [
        ("units (current)", units.filter(valid_to__isnull=True).count()),
        ("units (historical)", units.filter(valid_to__isnull=False).count()),
        ("councils", Council.objects.count()),
        ("successions", UnitSuccession.objects.count()),
        ("delegates", Delegate.objects.count()),
        ("memberships", CouncilMembership.objects.count()),
        ("bodies", Body.objects.count()),
        ("body memberships", BodyMembership.objects.count()),
        ("sessions", Session.objects.count()),
        ("agenda items", AgendaItem.objects.count()),
        ("votes", Vote.objects.count()),
        ("resolutions", Resolution.objects.count()),
        ("resolution links", ResolutionLink.objects.count()),
        ("implementation tasks", ImplementationTask.objects.count()),
    ]
    print("Dataset: " + ", ".join(f"{label} {count:,}" for label, count in rows))
    print()


def print_results(results: list[Result]) -> None:
    header = ("page", "user", "queries", "sql ms", "median ms", "p95 ms", "KB", "")
    rows = [
        (
            r.case.label,
            r.case.user,
            str(r.queries),
            f"{r.sql_ms:.1f}",
            f"{r.median_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.kbytes:.0f}",
            r.flags,
        )
        if r.ok
        else (r.case.label, r.case.user, "-", "-", "-", "-", "-", r.flags)
        for r in results
    ]
    _table(header, rows, right={2, 3, 4, 5, 6})
    print()
    print(
        f"queries and sql ms: one request, counted after warm-up; flags: OVER > {QUERY_BUDGET} "
        f"queries, SLOW > {SLOW_MS:.0f} ms median."
    )


def print_exports(exports: list[ExportResult]) -> None:
    if not exports:
        return
    header = ("export", "user", "queries", "median ms", "max ms", "rows", "peak MB", "KB", "")
    rows = [
        (
            e.case.label,
            e.case.user,
            str(e.queries),
            f"{e.median_ms:.0f}",
            f"{e.max_ms:.0f}",
            f"{e.rows:,}",
            f"{e.peak_mb:.1f}",
            f"{e.kbytes:.0f}",
            "" if e.status == "200" else e.status,
        )
        for e in exports
    ]
    print()
    _table(header, rows, right={2, 3, 4, 5, 6, 7})
    print()
    print(
        "Exports: each timed request reads the whole streamed file; peak MB is tracemalloc's "
        "peak of Python allocations during one more request."
    )


def _table(header: Sequence[str], rows: list[Sequence[str]], *, right: set[int]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    print(line(header))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def print_queries(results: list[Result], *, every: bool) -> None:
    """The captured SQL of flagged pages (of all with --show-queries), to find the cause."""
    for r in results:
        if not (every or r.flags):
            continue
        print()
        print(f"{r.case.label} ({r.case.user}) {r.case.url}: {r.queries} queries")
        for i, q in enumerate(r.captured, start=1):
            sql = " ".join(q["sql"].split())
            print(f"  {i:>2}. {float(q['time']) * 1000:7.2f} ms  {sql[:180]}")


if __name__ == "__main__":
    main()

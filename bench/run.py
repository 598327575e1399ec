"""National-scale benchmark: query counts and timings of the main pages on a generated country.

`make bench` runs it on its own PostgreSQL database (BENCH_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/hdnd_bench), created, migrated and filled by generate.py when
missing or stale. Pages are requested through Django's test client with DEBUG off, the full
middleware stack and HTTPS, so a figure is the server-side cost of a request without the network.
A trivial login-required view, timed in the same run, is the floor every page pays.

It prints four tables: the pages and API lists (p95 and its ratio to the trivial view, flagged
against the targets of issue 10, and the "due and overdue" list of issue 11 against its own),
the register's Excel export (rows written per second, peak memory) and the session results PDF
(bench/results_pdf.py, first request and the stored ones), and the daily reminder task over
every obligation (bench/reminders.py: seconds, queries per batch). The data includes a million
obligations (bench/generate_followups.py), added to a database generated before them.
`--quick` takes fewer requests per page; `--only WORD` keeps the rows whose label has WORD.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.django_env import setup

    setup()

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, reset_queries, transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, include, path, reverse
from openpyxl import load_workbook

from bench import generate, generate_followups
from bench import reminders as bench_reminders
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
from followups.models import EscalationEvent, Obligation, ObligationExtension
from oversight.models import Commitment
from resolutions.models import ImplementationTask, Resolution, ResolutionLink
from sessions.models import AgendaItem, Question, Session, Vote

QUERY_BUDGET = 12  # a page above this many queries is flagged OVER
SLOW_MS = 300.0  # a page whose median is above this is flagged SLOW
# Issue 10's targets for every list page and API list: p95 at most this, and at most this many
# times the trivial view's p95 in the same run (flagged P95 and RATIO).
TARGET_P95_MS = 120.0
TARGET_RATIO = 25.0
# Issue 11's target for the "due and overdue" list over a million obligations (and QUERY_BUDGET).
OBLIGATIONS_P95_MS = 300.0
EXPORT_ROWS_PER_S = 10_000  # an export writing fewer rows per second is flagged ROWS/S
AT_ONCE_MS = 1000.0  # an export served at once (not queued) must take at most this
MEMORY_GROWTH = 2.0  # a bigger export's peak above this many times the smallest's: flagged MEM
PDF_MS = 1000.0  # the results PDF built with WeasyPrint warm
DEEP_PAGE = 100  # the API's deep page: the 100th page of 50 rows
ROLES_FROM = date(2025, 7, 1)


@login_required
def baseline_view(request: HttpRequest) -> HttpResponse:
    """The floor: middleware, session and user loading, and no domain work at all."""
    return HttpResponse("ok")


BASELINE_URL = "/bench/baseline/"
# The run's ROOT_URLCONF is this module: the project's URLs plus the baseline view.
urlpatterns = [
    path(BASELINE_URL.strip("/") + "/", baseline_view),
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
    # A list page or API list held to issue 10's targets (TARGET_P95_MS, TARGET_RATIO).
    target: bool = False
    # Issue 11's "due and overdue" list is held to its own p95 and to no ratio.
    p95_target_ms: float = TARGET_P95_MS
    ratio_target: float | None = TARGET_RATIO


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

    def ratio(self, baseline: Result | None) -> float | None:
        """p95 over the trivial view's p95 in the same run."""
        if not (self.ok and baseline and baseline.ok and baseline.p95_ms > 0):
            return None
        return self.p95_ms / baseline.p95_ms

    def flags(self, baseline: Result | None = None) -> str:
        if not self.ok:
            return self.status if self.status == "no URL" else f"HTTP {self.status}"
        flags = []
        if self.queries > QUERY_BUDGET:
            flags.append("OVER")
        if self.median_ms > SLOW_MS:
            flags.append("SLOW")
        if self.case.target:
            if self.p95_ms > self.case.p95_target_ms:
                flags.append("P95")
            ratio = self.ratio(baseline)
            limit = self.case.ratio_target
            if ratio is not None and limit is not None and ratio > limit:
                flags.append("RATIO")
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
    queued: bool = False  # past the at-once limit: built by the (here in-process) worker

    @property
    def rows_per_s(self) -> float:
        return self.rows / (self.median_ms / 1000) if self.median_ms else 0.0

    def flags(self, smallest: ExportResult | None) -> str:
        if self.status != "200":
            return self.status
        flags = []
        if self.rows_per_s < EXPORT_ROWS_PER_S:
            flags.append("ROWS/S")
        if not self.queued and self.max_ms > AT_ONCE_MS:
            flags.append("SLOW")
        if (
            smallest is not None
            and smallest is not self
            and smallest.peak_mb > 0
            and self.peak_mb > MEMORY_GROWTH * smallest.peak_mb
        ):
            flags.append("MEM")
        return " ".join(flags)


@dataclass
class PdfResult:
    """bench/results_pdf.py's figures, run in a process of its own (its own small database)."""

    status: str
    figures: dict[str, float | int | bool]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first")
    parser.add_argument(
        "--export-requests", type=int, default=3, help="timed requests per Excel export"
    )
    parser.add_argument(
        "--pdf-requests", type=int, default=10, help="results PDF requests after the first"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="5 timed requests per page, 1 warm-up, 1 per export, 3 per PDF: a rough figure fast",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="WORD",
        help="keep the rows whose label contains WORD (repeatable; the trivial view always runs)",
    )
    parser.add_argument("--regenerate", action="store_true", help="rebuild the data even if fresh")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor below provinces")
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument(
        "--show-queries", action="store_true", help="print the SQL of every page, not only flagged"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.requests, args.warmup, args.export_requests, args.pdf_requests = 5, 1, 1, 3

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

    def kept(case: Case) -> bool:
        return case.url == BASELINE_URL or _kept(case.label, args.only)

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
        page_cases = [c for c in [*cases(targets), *api_cases(clients, only=args.only)] if kept(c)]
        results = [
            measure(clients[case.user], case, requests=args.requests, warmup=args.warmup)
            for case in page_cases
        ]
        exports = [
            measure_export(clients[case.user], case, requests=args.export_requests)
            for case in export_cases()
            if kept(case)
        ]
    pdf = measure_pdf(requests=args.pdf_requests) if _kept(PDF_LABEL, args.only) else None
    reminders = measure_reminders() if _kept(REMINDERS_LABEL, args.only) else None
    print_results(results)
    print_exports(exports)
    print_pdf(pdf)
    print_reminders(reminders)
    print_queries(results, every=args.show_queries)


def _kept(label: str, only: Sequence[str]) -> bool:
    return not only or any(word.lower() in label.lower() for word in only)


def prepare_data(*, scale: generate.Scale, seed: int, force: bool) -> str:
    """Generate unless the database already holds this exact dataset; say how long it took."""
    expected = generate.signature(scale, seed)
    stamp = generate.read_stamp()
    if not force and stamp and stamp.get("signature") == expected:
        reused = f"reused ({expected}; generated in {stamp['seconds']:.1f} s)"
        return f"{reused}; follow-ups {prepare_followups(scale=scale, seed=seed)}"
    print(f"Generating {expected} ...")
    started = time.perf_counter()
    generate.generate(scale=scale, seed=seed)
    return f"generated now in {time.perf_counter() - started:.1f} s ({expected})"


def prepare_followups(*, scale: generate.Scale, seed: int) -> str:
    """Add the follow-up data to a database generated before it (or with an older version of
    it), without regenerating the rest."""
    total = generate_followups.total_for(scale)
    expected = generate_followups.signature(seed, total)
    own = (generate.read_stamp() or {}).get(generate_followups.STAMP_KEY) or {}
    if own.get("signature") == expected:
        return f"reused (generated in {own['seconds']:.1f} s)"
    print(f"Generating {expected} ...")
    started = time.perf_counter()
    generate_followups.generate_followups(seed=seed, total=total)
    return f"generated now in {time.perf_counter() - started:.1f} s"


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
    admin = _bench_user("bench-admin", superuser=True)
    users = {"admin": admin}
    grants = {
        "province": ("bench-province", Role.SECRETARIAT, targets.province.council),
        "commune": ("bench-commune", Role.OFFICE, targets.commune.council),
    }
    for key, (username, role, council) in grants.items():
        users[key] = _bench_user(username, grant=(role, council), actor=admin)
    return users


LOAD_USER_PREFIX = "bench-load-"
LOAD_ADMIN_EVERY = 10  # one simulated user in ten is an administrator


def load_users(*, count: int, password: str) -> list[User]:
    """`make loadtest`'s accounts: the secretariats of every province in turn, one in ten an
    administrator, created and granted the way bench_users() does.

    The only write the load test makes to the benchmark database besides what signing in and
    browsing write (sessions, sign-in records). Every account gets `password`, new each run:
    one hash, one UPDATE, so the accounts are not left with a known password.
    """
    admin = _bench_user("bench-admin", superuser=True)
    provinces = list(
        AdministrativeUnit.objects.filter(valid_to__isnull=True, level=Level.PROVINCE)
        .select_related("council")
        .order_by("path")
    )
    if not provinces:
        raise SystemExit("No data in the benchmark database: run `make bench` first.")
    users = []
    for i in range(count):
        username = f"{LOAD_USER_PREFIX}{i + 1:03d}"
        if i % LOAD_ADMIN_EVERY == 0:
            users.append(_bench_user(username, superuser=True))
        else:
            council = provinces[i % len(provinces)].council
            users.append(_bench_user(username, grant=(Role.SECRETARIAT, council), actor=admin))
    get_user_model().objects.filter(pk__in=[u.pk for u in users]).update(
        password=make_password(password)
    )
    return users


def _bench_user(
    username: str,
    *,
    superuser: bool = False,
    grant: tuple[Role, Council] | None = None,
    actor: User | None = None,
) -> User:
    """Find or create one bench account; a role is granted through the service, once."""
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_superuser": superuser, "is_staff": superuser}
    )
    if grant is not None:
        role, council = grant
        if not RoleAssignment.objects.filter(user=user, council=council, role=role).exists():
            services.role_assign(
                actor=actor, user=user, role=role, council=council, valid_from=ROLES_FROM
            )
    return user


def cases(t: Targets) -> list[Case]:
    province, commune = t.province.council, t.commune.council
    old_province = t.old_province.council
    return [
        Case("baseline: login_required HttpResponse", "admin", BASELINE_URL),
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
        *obligation_cases(),
    ]


def _url(name: str, *args: object, query: str = "") -> str | None:
    """The path of a URL name, or None while the page does not exist yet."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def meeting_cases(t: Targets) -> list[Case]:
    """The list pages of issues 4-10 for an administrator and the province's secretariat.

    Each list is timed on page 1 and page 50 (the pager's last page when there are fewer), bare,
    with a filter and with a search for a common word where the list has a search box. The
    labels of page 1 are those of earlier runs, so tables stay comparable.
    """
    province = t.province.council
    lists = [
        # (label prefix, URL name, [(variant label, query)])
        (
            "resolutions",
            "resolutions:register",
            [
                ("register", ""),
                ("year=2024&field=budget", "year=2024&field=budget"),
                ("search q=ngan sach", "q=ngan+sach"),
            ],
        ),
        (
            "sessions",
            "sessions:session_list",
            [("list", ""), ("year=2024", "year=2024"), ("search q=hoa", "q=hoa")],
        ),
        (
            "commitments",
            "sessions:commitment_list",
            [
                ("list", "sort=-due"),
                ("state=overdue", "state=overdue"),
                ("state=open", "state=open"),
            ],
        ),
        (
            "delegates",
            "councils:delegate_list",
            [
                ("list", ""),
                ("council=province", f"council={province.pk}"),
                ("search q=nguyen", "q=nguyen"),
            ],
        ),
        ("tasks", "resolutions:task_overdue", [("overdue", "")]),
    ]
    # A sorted column of each list (labels of earlier runs), page 1 and page 50.
    sorted_rows = [
        ("resolutions", "resolutions:register", "sort=-status"),
        ("sessions", "sessions:session_list", "sort=council"),
        ("delegates", "councils:delegate_list", "sort=council"),
    ]
    found = []
    for user in ("admin", "province"):
        for prefix, name, variants in lists:
            for variant, query in variants:
                for page in (1, 50):
                    paged = "&".join(q for q in (query, "" if page == 1 else f"page={page}") if q)
                    suffix = "" if page == 1 else f", page {page}"
                    found.append(
                        Case(
                            f"{prefix}: {variant}{suffix}",
                            user,
                            _url(name, query=paged),
                            optional=True,
                            target=True,
                        )
                    )
        found += [
            Case(
                f"{prefix}: {query}{'' if page == 1 else f', page {page}'}",
                user,
                _url(name, query=query if page == 1 else f"{query}&page={page}"),
                optional=True,
                target=True,
            )
            for prefix, name, query in sorted_rows
            for page in (1, 50)
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


def obligation_cases() -> list[Case]:
    """Issue 11's "due and overdue" list over every kind, for the nation (an administrator) and
    the province's secretariat: page 1 and page 50, bare, filtered by kind and overdue state, and
    due within 30 days; held to p95 <= OBLIGATIONS_P95_MS and QUERY_BUDGET queries."""
    found = []
    variants = [
        ("list", ""),
        ("kind=petition_item&state=overdue", "kind=petition_item&state=overdue"),
        ("within=30", "within=30"),
    ]
    for user in ("admin", "province"):
        for variant, query in variants:
            for page in (1, 50):
                paged = "&".join(q for q in (query, "" if page == 1 else f"page={page}") if q)
                suffix = "" if page == 1 else f", page {page}"
                found.append(
                    Case(
                        f"followups: due and overdue {variant}{suffix}",
                        user,
                        _url("followups:obligation_list", query=paged),
                        optional=True,
                        target=True,
                        p95_target_ms=OBLIGATIONS_P95_MS,
                        ratio_target=None,
                    )
                )
    return found


# The API lists behind issue 10's list pages (and the follow-ups'), each timed on page 1 and on
# a deep page. Those of earlier runs come first, so tables stay comparable.
API_LISTS = (
    "resolution-list",
    "session-list",
    "commitment-list",
    "delegate-list",
    "resolution-task-list",
    "obligation-list",
)


def api_cases(clients: dict[str, Client], *, only: Sequence[str] = ()) -> list[Case]:
    """The API lists, page 1 and a deep page reached the way a client reaches it (deep_page)."""
    found = []
    for name in API_LISTS:
        url = _url(name)
        if not _kept(f"api: {url} deep", only):
            continue
        for user in ("admin", "province"):
            found.append(Case(f"api: {url}", user, url, target=True, optional=True))
            deep, depth = deep_page(clients[user], url) if url else (None, 0)
            found.append(
                Case(
                    f"api: {url} deep ({depth_label(depth)})",
                    user,
                    deep,
                    target=True,
                    optional=True,
                )
            )
    return found


def depth_label(depth: int) -> str:
    return f"page {depth}" if depth else "page ?"


def deep_page(client: Client, url: str, *, depth: int = DEEP_PAGE) -> tuple[str | None, int]:
    """The URL of the `depth`-th page (or the last, if fewer), by following the API's `next` links.

    A cursor (or any link that is not a plain page number) is followed link by link, untimed, so
    this keeps working whatever the pagination becomes. Page-number links are not walked one by
    one: the page number is set directly, as a client would (and as earlier runs did).
    """
    response = client.get(url, secure=True)
    if response.status_code != 200:
        return None, 0
    data = response.json()
    page, tried_number = 1, False
    while page < depth:
        link = data.get("next") if isinstance(data, dict) else None
        if not link:
            break
        query = parse_qs(urlsplit(link).query)
        if not tried_number and "page" in query and "cursor" not in query:
            tried_number = True
            wanted = depth
            size = len(data.get("results") or ()) or 1
            if isinstance(data.get("count"), int):
                wanted = max(1, min(depth, math.ceil(data["count"] / size)))
            jump = _with_query(link, page=wanted)
            if client.get(jump, secure=True).status_code == 200:
                return jump, wanted
        url = _with_query(link)
        response = client.get(url, secure=True)
        if response.status_code != 200:
            return None, 0
        data = response.json()
        page += 1
    return url, page


def _with_query(link: str, **changes: object) -> str:
    """The link as a local path (the test client's host is not the API's), query changed."""
    parts = urlsplit(link)
    query = parse_qs(parts.query, keep_blank_values=True)
    query.update({key: [str(value)] for key, value in changes.items()})
    encoded = urlencode(query, doseq=True)
    return f"{parts.path}?{encoded}" if encoded else parts.path


def export_cases() -> list[Case]:
    """A year of the province at once, and the national year (queued past the at-once limit)."""
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

    queued = False

    def fetch() -> tuple[int, bytes]:
        nonlocal queued
        response = client.get(case.url, secure=True)
        if response.status_code == 302 and "/exports/" in response["Location"]:
            # Past EXPORT_SYNC_ROWS the export is queued; without REDIS_URL the task ran inside
            # that request (eager), so the file is ready: the figure is the worker's build time.
            queued = True
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
        queued=queued,
    )


PDF_LABEL = "results PDF"
PDF_SCRIPT = Path(__file__).resolve().parent / "results_pdf.py"


def measure_pdf(*, requests: int) -> PdfResult:
    """Run bench/results_pdf.py in a process of its own and read its figures.

    Its own process, because it builds its session in a database of its own (a temporary SQLite
    file: it writes, and hdnd_bench is not written by the bench) and because its first request
    must be a fresh process's. BENCH_DATABASE_URL is left out of its environment for that reason.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"BENCH_DATABASE_URL", "DATABASE_URL"}}
    try:
        done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [sys.executable, str(PDF_SCRIPT), "-n", str(requests), "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=900,
        )
    except subprocess.TimeoutExpired:
        return PdfResult("timeout", {})
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return PdfResult(f"exit {done.returncode}", {})
    return PdfResult("ok", json.loads(done.stdout.strip().splitlines()[-1]))


REMINDERS_LABEL = "daily reminders"


def measure_reminders() -> bench_reminders.Figures | str:
    """The daily reminder task over every obligation (bench/reminders.py), in a transaction
    rolled back at the end: its notifications are inserted and timed, and none is kept."""
    with transaction.atomic():
        figures = bench_reminders.measure()
        transaction.set_rollback(True)
    return figures


def print_reminders(figures: bench_reminders.Figures | str | None) -> None:
    if figures is None:
        return
    print()
    if isinstance(figures, str):
        print(f"{REMINDERS_LABEL}: {figures}")
        return
    f, run = figures, figures.run
    flags = "" if f.ok else "SLOW"
    header = (REMINDERS_LABEL, "obligations", "read", "batches", "queries", "per batch", "s", "")
    row = (
        f"followups.reminders, day {f.today:%d/%m/%Y}",
        f"{f.total:,}",
        f"{run.obligations:,}",
        str(run.batches),
        str(f.queries),
        f"{f.per_batch:.1f}",
        f"{f.seconds:.2f}",
        flags,
    )
    _table(header, [row], right={1, 2, 3, 4, 5, 6})
    print()
    print(
        f"Reminders: {run.offered:,} notifications offered, {f.created:,} created (rolled back); "
        f"per batch: queries after the rules' read and before the last empty read. Flag: SLOW "
        f"over {bench_reminders.TARGET_SECONDS} s (issue 11)."
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
        ("questions", Question.objects.count()),
        ("commitments", Commitment.objects.count()),
        ("obligations", Obligation.objects.count()),
        ("extensions", ObligationExtension.objects.count()),
        ("escalation steps", EscalationEvent.objects.count()),
    ]
    print("Dataset: " + ", ".join(f"{label} {count:,}" for label, count in rows))
    print()


def print_results(results: list[Result]) -> None:
    baseline = next((r for r in results if r.case.url == BASELINE_URL), None)
    header = ("page", "user", "queries", "sql ms", "median ms", "p95 ms", "x base", "KB", "")
    rows = []
    for r in results:
        if not r.ok:
            rows.append((r.case.label, r.case.user, "-", "-", "-", "-", "-", "-", r.flags()))
            continue
        ratio = r.ratio(baseline)
        rows.append(
            (
                r.case.label,
                r.case.user,
                str(r.queries),
                f"{r.sql_ms:.1f}",
                f"{r.median_ms:.1f}",
                f"{r.p95_ms:.1f}",
                "-" if ratio is None else f"{ratio:.1f}",
                f"{r.kbytes:.0f}",
                r.flags(baseline),
            )
        )
    _table(header, rows, right={2, 3, 4, 5, 6, 7})
    print()
    print(
        f"queries and sql ms: one request, counted after warm-up; x base: p95 over the trivial "
        f"view's p95. Flags: OVER > {QUERY_BUDGET} queries, SLOW > {SLOW_MS:.0f} ms median; "
        f"list pages and API lists: P95 > {TARGET_P95_MS:.0f} ms, RATIO > {TARGET_RATIO:.0f}x "
        f"base; the due and overdue list (followups): P95 > {OBLIGATIONS_P95_MS:.0f} ms."
    )
    targeted = [r for r in results if r.case.target]
    missed = [r for r in targeted if r.flags(baseline)]
    print(f"Targets met: {len(targeted) - len(missed)} of {len(targeted)} list and API rows.")


def print_exports(exports: list[ExportResult]) -> None:
    if not exports:
        return
    done = [e for e in exports if e.status == "200" and e.rows]
    smallest = min(done, key=lambda e: e.rows, default=None)
    header = (
        "export",
        "user",
        "how",
        "queries",
        "median ms",
        "max ms",
        "rows",
        "rows/s",
        "peak MB",
        "KB",
        "",
    )
    rows = [
        (
            e.case.label,
            e.case.user,
            "queued" if e.queued else "at once",
            str(e.queries),
            f"{e.median_ms:.0f}",
            f"{e.max_ms:.0f}",
            f"{e.rows:,}",
            f"{e.rows_per_s:,.0f}",
            f"{e.peak_mb:.1f}",
            f"{e.kbytes:.0f}",
            e.flags(smallest),
        )
        for e in exports
    ]
    print()
    _table(header, rows, right={3, 4, 5, 6, 7, 8, 9})
    print()
    print(
        "Exports: each timed request reads the whole streamed file (a queued one is built in "
        "the request, without Redis); peak MB is tracemalloc's peak of Python allocations during "
        f"one more request. Flags: ROWS/S < {EXPORT_ROWS_PER_S:,} rows/s; SLOW: at once over "
        f"{AT_ONCE_MS:.0f} ms; MEM: peak over {MEMORY_GROWTH:.0f}x the smallest export's."
    )


def print_pdf(pdf: PdfResult | None) -> None:
    if pdf is None:
        return
    print()
    if pdf.status != "ok":
        print(f"{PDF_LABEL}: bench/results_pdf.py failed ({pdf.status})")
        return
    f = pdf.figures
    stored_flag = "" if f["runs_before_change"] == 1 and f["identical"] else "REBUILT"
    header = ("results PDF (bench/results_pdf.py)", "ms", "")
    rows = [
        ("first request, fresh process (builds it)", f"{f['first_ms']:.0f}", ""),
        ("second request (served stored)", f"{f['second_ms']:.0f}", stored_flag),
        (f"stored requests, p95 of {f['requests']}", f"{f['stored_p95_ms']:.0f}", ""),
        (
            "after a vote: first request, warm (rebuilds it)",
            f"{f['rebuild_ms']:.0f}",
            "SLOW" if f["rebuild_ms"] > PDF_MS else "",
        ),
        ("session_results() alone", f"{f['data_ms']:.0f}", ""),
    ]
    _table(header, rows, right={1})
    print()
    print(
        f"Results PDF: {f['pages']} pages, its own small database ({f['database']}); flags: "
        f"SLOW: a warm build over {PDF_MS:.0f} ms; REBUILT: a stored request ran WeasyPrint."
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
    """The captured SQL of pages flagged OVER or SLOW (of all with --show-queries)."""
    for r in results:
        if not (every or r.queries > QUERY_BUDGET or r.median_ms > SLOW_MS):
            continue
        print()
        print(f"{r.case.label} ({r.case.user}) {r.case.url}: {r.queries} queries")
        for i, q in enumerate(r.captured, start=1):
            sql = " ".join(q["sql"].split())
            print(f"  {i:>2}. {float(q['time']) * 1000:7.2f} ms  {sql[:180]}")


if __name__ == "__main__":
    main()

"""Oversight benchmark (issue 12): the recommendations tracker, the programme board and an
activity's page on a country of oversight data, with query counts.

    .venv/bin/python bench/oversight.py [--quick] [--scale 0.5] [--regenerate]
    .venv/bin/python bench/oversight.py --quick --only "page 50" --show-queries  # some rows

Its own PostgreSQL database (BENCH_OVERSIGHT_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/hdnd_bench_oversight), created, migrated and filled when
missing or stale: the councils tree of bench/generate.py (old and merged provinces and communes,
their UBND, Sở and Phòng), then over the two terms (June 2021 to today), for each province and
year ~50 activities (each an item of the council's programme) and ~300 recommendations, for each
commune and year 2 activities and ~10 recommendations; every recommendation owed on the follow-up
engine in every state (done on time or late with the five assessed outcomes, overdue, due soon,
not yet due, extended, escalated, roadmap, exempted), written with COPY (bench/generate_followups).
One activity of the province gets five documents of two versions each, through the service.

Pages are requested through Django's test client with DEBUG off and HTTPS, as bench/run.py does,
with the trivial login-required view as the floor. Targets: p95 <= 300 ms, <= 12 queries, and
the same count for a page of 10 rows as for one over the whole country ("same count" rows).

Measured 2026-12-03 on the shared 2-core box, scale 1: 14,118 councils, 57,025 programmes,
105,229 items and activities, 548,284 recommendations and their obligations (49,479
extensions, 113,389 escalation steps); generated in 149 s. 20 timed requests per page,
p50 / p95 in ms, queries (second run, load average 3; the first, below, at 5.5-6):

    baseline: login_required HttpResponse   nation      1.5    1.8   2  OK
    tracker                                 nation     35.4   37.9   7  OK  (header shared 5 min)
    tracker, page 50                        nation     38.6   40.7   7  OK
    tracker, state=overdue                  nation     82.2   94.0   7  OK
    tracker                                 province   75.0   77.6  10  OK  (walks, page <= 10)
    tracker, page 50                        province  155.0  182.6  10  OK  (was 254.6 / 381.0)
    tracker, state=overdue                  province  109.3  116.3  10  OK
    tracker, sort=-due                      province   74.9   76.3  10  OK
    tracker, issued last year               province   75.5   85.7  10  OK
    api: recommendations                    province  105.3  118.3   9  OK  (was 33.2 / 37.8)
    tracker                                 commune    45.1   46.6  10  OK
    tracker, page 50                        commune    37.6   39.6  10  OK
    tracker, council=province               nation     49.0   67.7  11  OK
    programme board: province (~50 items)   province   42.7   45.0  10  OK
    programme board: commune (2 items)      province   21.8   22.7  10  OK
    activity page (5 documents x 2 vers.)   province   34.4   35.3  12  OK  (was 13)
    activity page (5 documents x 2 vers.)   nation     27.5   45.7  10  OK
    same count: a year's rows = all rows for nation (7), province (10), commune (10); the
    board of 2 items = the board of 50 (10).

First run (load 5.5-6), before the fixes of that run: nation tracker 1,258 / 1,302 ms (the
header counted 548,284 rows per request: now shared for NATION_COUNTS_SECONDS, as the
obligations list does), province tracker 348 / 350 ms (header now read from the obligations'
covering index when only the state filters), activity page 15 queries (documents and versions
now one query, the council's unit read with the activity), the tracker filtered by one activity
a 500. It left a province's page 50 at 279.6 / 409.8 ms and the activity page at 13 queries.

Second run: below the nation (or for one council) the tracker sorts the scope's ids
(core.sorting.ScopeFirst, as the register does since issue 10) instead of walking the national
issued-date index backwards testing the scope per row: a deep page of a merged province costs
what sorting its ~30,000 rows costs, ~100 ms in the database whatever the page. Its first
SHALLOW_PAGES pages (core.paging.shallow) keep the plain order, where the walk is quicker
(page 1: 75 ms walking, 155 ms sorting). The API sorts from its first page (its cursor pages
carry the order): 33 → 105 ms, within target ("was": the old code at the same load). The
activity page reads its report requests and recommendations as one list of its obligations
(one query, not two).
A merged province's scope still costs two lineage queries (councils/scoping.py walks the
successions one generation a query; the second finds nothing for a 2025 merger).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    # bench/django_env.py reads BENCH_DATABASE_URL: point it at this benchmark's own database.
    os.environ["BENCH_DATABASE_URL"] = os.environ.get(
        "BENCH_OVERSIGHT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hdnd_bench_oversight"
    )
    from bench.django_env import setup

    setup()

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from bench import generate
from bench import generate_followups as gf
from bench.django_env import ensure_database
from bench.run import BASELINE_URL, Case, Result, _bench_user, _client, measure
from councils.models import AdministrativeUnit, Council, Level, Role
from followups.models import EscalationEvent, Obligation, ObligationExtension
from oversight import services_activities
from oversight.activities import (
    ActivityDocument,
    ActivityKind,
    OversightActivity,
    OversightProgramme,
    ProgrammeItem,
    Recommendation,
)
from resolutions.models import Field

VERSION = 1  # bump when the data changes shape: the next run rebuilds it
STAMP_KEY = "oversight"
P95_MS = 300.0
MAX_QUERIES = 12
FROM = date(2021, 6, 1)  # the 2021-2026 term, then the 2026-2031 one, to today
# (activities, recommendations) a council follows per year of its life, by level.
PER_YEAR = {Level.PROVINCE: (50, 300), Level.COMMUNE: (2, 10)}
COUNCIL_CHUNK = 400  # councils whose rows are built, then copied, together
TOPICS = [
    "Giám sát việc quản lý, sử dụng đất công",
    "Giám sát tiến độ giải ngân vốn đầu tư công",
    "Giám sát thực hiện chương trình xây dựng nông thôn mới",
    "Giám sát công tác bảo đảm an toàn thực phẩm",
    "Giám sát việc thực hiện chính sách đối với người có công",
    "Khảo sát công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
    "Giám sát việc giải quyết kiến nghị cử tri",
    "Khảo sát tình hình cơ sở vật chất trường học",
]
RECOMMENDATIONS = [
    "Đẩy nhanh tiến độ giải ngân, hoàn thành trong năm",
    "Rà soát, xử lý dứt điểm các trường hợp sử dụng đất sai mục đích",
    "Bố trí đủ nguồn vốn đối ứng theo cam kết",
    "Kiểm tra, xử lý nghiêm các cơ sở vi phạm an toàn thực phẩm",
    "Chi trả đầy đủ, kịp thời chế độ cho người có công",
    "Bổ sung giáo viên, sửa chữa phòng học xuống cấp",
]
KINDS = [ActivityKind.THEMATIC, ActivityKind.SURVEY, ActivityKind.REPORT_REVIEW]
A_STATUS = OversightActivity.Status


# --- data -------------------------------------------------------------------------------------


def signature(scale: generate.Scale, seed: int) -> str:
    return f"hdnd-bench-oversight v{VERSION} seed={seed} {scale}"


@dataclass
class Written:
    programmes: int = 0
    items: int = 0
    activities: int = 0
    recommendations: int = 0
    extensions: int = 0
    events: int = 0


def prepare(*, scale: generate.Scale, seed: int, force: bool) -> str:
    """Generate unless the database holds this exact dataset; say what and how long."""
    expected = signature(scale, seed)
    stamp = (generate.read_stamp() or {}).get(STAMP_KEY) or {}
    if not force and stamp.get("signature") == expected:
        return f"reused ({expected}; generated in {stamp['seconds']:.0f} s)"
    print(f"Generating {expected} ...")
    started = time.perf_counter()
    build(scale=scale, seed=seed)
    seconds = time.perf_counter() - started
    generate.write_stamp({STAMP_KEY: {"signature": expected, "seconds": round(seconds)}})
    return f"generated now in {seconds:.0f} s ({expected})"


def build(*, scale: generate.Scale, seed: int) -> Written:
    """The councils tree and its agencies (bench/generate.py), then the oversight rows."""
    generate._require_bench_database()
    rng = random.Random(seed)
    today = timezone.localdate()
    step = generate._Steps(print)
    done = Written()
    with transaction.atomic(), translation.override("vi"):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
        with step("wipe"):
            _wipe()
        loader = generate.loader_user()
        with step("terms, units, councils") as s:
            generate.build_terms(loader=loader)
            units = generate.build_units(rng=rng, scale=scale, loader=loader)
            councils = generate.build_councils(units=units.all, loader=loader)
            generate.build_successions(units=units, loader=loader)
            generate.build_agencies(councils=councils, loader=loader)
            s.rows = len(councils)
        with step("agencies (Sở, Phòng)") as s:
            agencies = gf.build_agencies(councils=gf._councils(), loader=loader)
            s.rows = sum(len(v) for v in agencies.values())
        with step("oversight rows") as s:
            _oversight(rng=rng, today=today, agencies=agencies, loader=loader, done=done)
            s.rows = done.programmes + done.items + done.activities + 2 * done.recommendations
            s.label = f"oversight ({done.recommendations:,} recommendations)"
    with step("vacuum analyze"):
        generate.vacuum_analyze()
    return done


OVERSIGHT_TABLES = (
    Recommendation,
    OversightActivity.agencies.through,
    OversightActivity,
    ProgrammeItem.agencies.through,
    ProgrammeItem,
    OversightProgramme,
)


def _wipe() -> None:
    """Every generated table, the oversight ones and their history included (generate.wipe
    empties councils, sessions, resolutions and follow-ups)."""
    from django.apps import apps

    generate.wipe()
    tables = [m._meta.db_table for m in apps.get_app_config("oversight").get_models()]
    quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


@dataclass
class _Ids:
    programme: int = 0
    item: int = 0
    item_agency: int = 0
    activity: int = 0
    activity_agency: int = 0
    recommendation: int = 0


def _oversight(*, rng, today, agencies, loader, done: Written) -> None:
    """COPY the rows council by council chunk; a recommendation and its obligation share an id
    (both tables start empty), so each row points at the other without a lookup."""
    councils = [
        c
        for c in gf._councils()
        if c.level in PER_YEAR and (c.valid_to is None or c.valid_to >= FROM)
    ]
    ids = _Ids()
    now = timezone.now()
    models = (OversightProgramme, ProgrammeItem, OversightActivity, Recommendation)
    with gf._bulk_load(*models, Obligation, ObligationExtension, EscalationEvent):
        for start in range(0, len(councils), COUNCIL_CHUNK):
            rows = _Rows()
            for council in councils[start : start + COUNCIL_CHUNK]:
                _council_rows(council, rows, ids, rng, today, now, agencies[council.id])
            gf._copy(OversightProgramme, rows.programmes)
            gf._copy(ProgrammeItem, rows.items)
            gf._copy(ProgrammeItem.agencies.through, rows.item_agencies)
            gf._copy(OversightActivity, rows.activities)
            gf._copy(OversightActivity.agencies.through, rows.activity_agencies)
            extensions: list[tuple] = []
            events: list[tuple] = []
            first_extension, first_event = done.extensions, done.events
            obligations = (
                gf._obligation_row(pk, draft, rng, today, now, loader.pk, extensions, events)
                for pk, draft in _drafts(rows.recommendations)
            )
            gf._copy(Obligation, obligations)
            gf._copy(
                ObligationExtension,
                ((first_extension + row[0], *row[1:]) for row in extensions),
            )
            gf._copy(EscalationEvent, ((first_event + row[0], *row[1:]) for row in events))
            gf._copy(Recommendation, (r[:-1] for r in rows.recommendations))
            done.programmes += len(rows.programmes)
            done.items += len(rows.items)
            done.activities += len(rows.activities)
            done.recommendations += len(rows.recommendations)
            done.extensions += len(extensions)
            done.events += len(events)
        for model in (*models, Obligation):
            gf._history_copy(model, now, user_id=loader.pk)


@dataclass
class _Rows:
    programmes: list[tuple] = None
    items: list[tuple] = None
    item_agencies: list[tuple] = None
    activities: list[tuple] = None
    activity_agencies: list[tuple] = None
    recommendations: list[tuple] = None  # the row, then its obligation's _Draft last

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, [])


def _drafts(recommendations: list[tuple]) -> Iterable[tuple[int, gf._Draft]]:
    for row in recommendations:
        yield row[0], row[-1]


def _council_rows(council, rows: _Rows, ids: _Ids, rng, today, now, own) -> None:
    """A council's programme, items, activities and recommendations for each year it lived."""
    n_activities, n_recommendations = PER_YEAR[council.level]
    lo, hi = council.window(today)
    lo = max(lo, FROM)
    if hi < lo:
        return
    terms = gf.TERMS[Obligation.Kind.OVERSIGHT_RECOMMENDATION]
    rec_type = ContentType.objects.get_for_model(Recommendation).pk
    for year in range(lo.year, hi.year + 1):
        first, last = max(lo, date(year, 1, 1)), min(hi, date(year, 12, 31))
        share = ((last - first).days + 1) / 365
        activities = max(1, round(n_activities * share))
        recommendations = round(n_recommendations * share)
        ids.programme += 1
        programme = ids.programme
        rows.programmes.append(
            (programme, now, now, None, None, "", council.id, year, None,
             f"Chương trình giám sát năm {year}", "adopted", None,
             f"{rng.randint(1, 99)}/NQ-HĐND", first)
        )  # fmt: skip
        concluded: list[tuple[int, date]] = []
        for position in range(activities):
            ids.item += 1
            quarter = position % 4 + 1
            topic = f"{TOPICS[rng.randrange(len(TOPICS))]} ({council.name}, {year})"
            kind = KINDS[rng.randrange(len(KINDS))]
            rows.items.append(
                (ids.item, now, now, None, None, "", programme, topic, kind, None, quarter,
                 position)
            )  # fmt: skip
            agency = own[rng.randrange(len(own))][0]
            ids.item_agency += 1
            rows.item_agencies.append((ids.item_agency, ids.item, agency))
            ids.activity += 1
            decided = first + timedelta(days=(last - first).days * (quarter - 1) // 4)
            end = decided + timedelta(days=60)
            if end <= today:
                status, concluded_on = A_STATUS.CONCLUDED, end
                concluded.append((ids.activity, end))
            else:
                status = [A_STATUS.PLANNED, A_STATUS.IN_PROGRESS, A_STATUS.REPORTING][
                    rng.randrange(3)
                ]
                concluded_on = None
            parts = ("Cơ bản đạt yêu cầu.", "Thuận lợi, khó khăn.", "Kết quả.", "Tồn tại.",
                     "Kiến nghị.") if concluded_on else ("",) * 5  # fmt: skip
            rows.activities.append(
                (ids.activity, now, now, None, None, "", council.id, kind, None, ids.item, year,
                 topic, status, None, None, f"{rng.randint(1, 99)}/QĐ-HĐND", decided, "", None,
                 "", "", *parts, concluded_on,
                 f"{rng.randint(1, 99)}/BC-ĐGS" if concluded_on else "", None)
            )  # fmt: skip
            ids.activity_agency += 1
            rows.activity_agencies.append((ids.activity_agency, ids.activity, agency))
        if not concluded:
            continue
        for i in range(recommendations):
            activity, issued = concluded[i % len(concluded)]
            agency = own[rng.randrange(len(own))][0]
            ids.recommendation += 1
            content = RECOMMENDATIONS[rng.randrange(len(RECOMMENDATIONS))]
            term = None
            fixed = None
            if rng.random() < gf.FIXED_SHARE:
                count, unit = terms[rng.randrange(len(terms))]
                fixed = gf._due(issued, count, unit) + timedelta(days=rng.randint(0, 20))
            else:
                term = terms[rng.randrange(len(terms))]
            draft = gf._Draft(
                council=council.id,
                kind=Obligation.Kind.OVERSIGHT_RECOMMENDATION,
                title=content,
                start=issued,
                owed_by=agency,
                term=term,
                fixed=fixed,
                source=(rec_type, ids.recommendation),
            )
            field = Field.values[rng.randrange(len(Field.values))]
            rows.recommendations.append(
                (ids.recommendation, now, now, council.id, activity, agency, content, field,
                 issued, ids.recommendation, None, None, draft)
            )  # fmt: skip


# --- measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    province: Council
    commune: Council
    programme: OversightProgramme  # the province's current-year programme (~50 items)
    small_programme: OversightProgramme  # the commune's (2 items)
    activity: OversightActivity  # a concluded activity of the province, with documents


def find_targets(*, today: date) -> Targets:
    current = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    province_unit = (
        current.filter(level=Level.PROVINCE)
        .annotate(merged=Count("predecessor_links"))
        .order_by("-merged", "path")
        .first()
    )
    if province_unit is None:
        raise SystemExit("No data: run with --regenerate.")
    commune_unit = (
        current.filter(level=Level.COMMUNE, path__startswith=province_unit.path)
        .annotate(merged=Count("predecessor_links"))
        .order_by("-merged", "path")
        .first()
    )
    province, commune = province_unit.council, commune_unit.council
    programme = OversightProgramme.objects.filter(council=province).order_by("-year").first()
    small = OversightProgramme.objects.filter(council=commune).order_by("-year").first()
    activity = (
        OversightActivity.objects.filter(council=province, status=A_STATUS.CONCLUDED)
        .annotate(n=Count("recommendations"))
        .order_by("-n", "-id")
        .first()
    )
    return Targets(province, commune, programme, small, activity)


def add_documents(activity: OversightActivity, actor) -> None:
    """Five documents of two versions each on the measured activity, through the services."""
    if ActivityDocument.objects.filter(activity=activity).exists():
        return
    kinds = list(ActivityDocument.Kind.values)[:5]
    for i, kind in enumerate(kinds):
        document = services_activities.activity_document_upload(
            actor=actor,
            activity=activity,
            kind=kind,
            title=f"Tài liệu {i + 1}",
            file=_pdf(f"tai-lieu-{i + 1}.pdf"),
        )
        services_activities.activity_document_replace(
            actor=actor, document=document, file=_pdf(f"tai-lieu-{i + 1}-v2.pdf")
        )


def _pdf(name: str) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def cases(t: Targets, today: date) -> list[Case]:
    tracker = reverse("oversight:recommendation_list")
    year = today.year - 1
    recent = f"{tracker}?issued_from={date(year, 1, 1).isoformat()}&issued_to={year}-12-31"
    board = reverse("oversight:programme_board", args=[t.programme.pk])
    small_board = reverse("oversight:programme_board", args=[t.small_programme.pk])
    activity = reverse("oversight:activity_detail", args=[t.activity.pk])
    found = [Case("baseline: login_required HttpResponse", "nation", BASELINE_URL)]
    for user in ("nation", "province", "commune"):
        found += [
            Case("tracker", user, tracker),
            Case("tracker, page 50", user, f"{tracker}?page=50"),
            Case("tracker, state=overdue", user, f"{tracker}?state=overdue"),
            Case("tracker, sort=-due", user, f"{tracker}?sort=-due"),
            Case("tracker, one activity", user, f"{tracker}?activity={t.activity.pk}"),
            Case(RECENT, user, recent),
            Case("api: recommendations", user, "/api/oversight-recommendations/"),
        ]
    found += [
        Case("tracker, council=province", "nation", f"{tracker}?council={t.province.pk}"),
        Case("programmes list", "nation", reverse("oversight:programme_list")),
        Case("programmes list", "province", reverse("oversight:programme_list")),
        Case("programme board: province (~50 items)", "nation", board),
        Case("programme board: province (~50 items)", "province", board),
        Case("programme board: commune (2 items)", "commune", small_board),
        Case("programme board: commune (2 items)", "province", small_board),
        Case("activity page (5 documents x 2 versions)", "province", activity),
        Case("activity page (5 documents x 2 versions)", "nation", activity),
    ]
    return found


RECENT = "tracker, issued last year"
# Pages whose query count must not depend on the rows: a few rows against many, same user.
SAME_COUNT = [
    ((RECENT, "commune"), ("tracker", "commune")),
    ((RECENT, "province"), ("tracker", "province")),
    ((RECENT, "nation"), ("tracker", "nation")),
    (("programme board: commune (2 items)", "province"),
     ("programme board: province (~50 items)", "province")),
]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--quick", action="store_true", help="5 timed requests per page")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor below provinces")
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument("--regenerate", action="store_true", help="rebuild the data even if fresh")
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of flagged")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="WORD",
        help="rows whose label or user has WORD",
    )
    args = parser.parse_args(argv)
    requests, warmup = (5, 1) if args.quick else (args.requests, 2)
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    name = ensure_database()
    call_command("migrate", interactive=False, verbosity=0)
    scale = generate.Scale().scaled(args.scale)
    data = prepare(scale=scale, seed=args.seed, force=args.regenerate)
    today = timezone.localdate()
    t = find_targets(today=today)
    admin = _bench_user("bench-admin", superuser=True)
    users = {
        "nation": admin,
        "province": _bench_user(
            "bench-province", grant=(Role.SECRETARIAT, t.province), actor=admin
        ),
        "commune": _bench_user("bench-commune", grant=(Role.OFFICE, t.commune), actor=admin),
    }
    counts = Recommendation.objects.aggregate(n=Count("id"))["n"]
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(
            MEDIA_ROOT=media,
            ROOT_URLCONF="bench.run",
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ),
    ):
        add_documents(t.activity, admin)  # kept; the page never opens their files
        clients = {key: _client(user) for key, user in users.items()}
        chosen = [
            c
            for c in cases(t, today)
            if not args.only or any(word in f"{c.label} {c.user}" for word in args.only)
        ]
        results = [measure(clients[c.user], c, requests=requests, warmup=warmup) for c in chosen]
    print()
    print(f"Oversight benchmark — database {name}; {counts:,} recommendations; data: {data}")
    print(
        f"Per page: {warmup} warm-up, 1 counted, {requests} timed; DEBUG={settings.DEBUG}; "
        f"targets p95 <= {P95_MS:.0f} ms, <= {MAX_QUERIES} queries"
    )
    print_results(results)
    print_same_count(results)
    if args.show_queries:
        for r in results:
            if _flag(r) != "OK":
                print(f"\n{r.case.label} ({r.case.user}):")
                for q in r.captured:
                    print(f"  {q['time']}s {q['sql'][:400]}")


def _flag(r: Result) -> str:
    if not r.ok:
        return f"FAIL (HTTP {r.status})"
    if r.case.url == BASELINE_URL:
        return "OK"
    return "OK" if r.p95_ms <= P95_MS and r.queries <= MAX_QUERIES else "FAIL"


def print_results(results: list[Result]) -> None:
    print(f"\n{'label':<46}{'user':<10}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}  ")
    for r in results:
        print(
            f"{r.case.label:<46}{r.case.user:<10}{r.median_ms:8.1f}{r.p95_ms:8.1f}"
            f"{r.queries:9d}  {_flag(r)}"
        )
    timed = [r.p95_ms for r in results if r.ok and r.case.url != BASELINE_URL]
    if timed:
        print(f"{'worst p95 / median p95':<56}{max(timed):8.1f} / {statistics.median(timed):.1f}")


def print_same_count(results: list[Result]) -> None:
    found = {(r.case.label, r.case.user): r for r in results}
    print()
    for few, many in SAME_COUNT:
        a, b = found.get(few), found.get(many)
        if a is None or b is None:
            continue
        verdict = "OK" if a.queries == b.queries else "FAIL"
        print(
            f"same count: {few[0]} ({few[1]}) {a.queries} = {many[0]} ({many[1]}) "
            f"{b.queries}  {verdict}"
        )


if __name__ == "__main__":
    main()

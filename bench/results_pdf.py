"""Benchmark: the session results PDF, first request and the requests after it.

Builds one district session long enough for an ~8-page report (45 delegates, six sittings with a
roll, 60 voted items, their resolutions and questions) in a throw-away database, then requests
the PDF through Django's test client with DEBUG off, after the warm-up a starting process does
(core.pdf.pdf_warm): the first request builds it with WeasyPrint, the next ones are served from
private storage until the session changes. A recorded vote then shows the cost of a rebuild with
WeasyPrint warm.

    .venv/bin/python bench/results_pdf.py [-n 20] [--json]

With --json the figures are one JSON object on the last line (bench/run.py reads it).

The database is a temporary SQLite file unless BENCH_DATABASE_URL is set; private media go to a
temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    _work = Path(tempfile.mkdtemp(prefix="hdnd-bench-pdf-"))
    os.environ.setdefault("BENCH_DATABASE_URL", f"sqlite:///{_work / 'bench.sqlite3'}")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(_work / "private-media")
    from bench.django_env import setup

    setup()

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from core import pdf as core_pdf
from core.models import User
from councils import services as council_services
from councils.models import Body, BodyMembership, Role, UnitKind
from sessions import services
from sessions.models import Attendance, Session
from sessions.printing import session_results
from tests.factories import (
    AgendaItemFactory,
    DelegateFactory,
    ResolutionFactory,
    SessionFactory,
    TermFactory,
    UnitFactory,
    body,
    body_member,
    council_of,
    seat,
    session_open,
    system_actor,
    vote,
)

DELEGATES = 45
ITEMS = 60
DAYS = 3
WORK = Path(settings.MEDIA_ROOT).parent  # the temporary folder made above


def build() -> tuple[Session, User]:
    """A district session as the tests build it (through the services), only longer."""
    actor = system_actor()
    province = UnitFactory(name="Quảng Nam", kind=UnitKind.PROVINCE, code="49")
    district = UnitFactory(
        parent=province, name="Hiệp Đức", kind=UnitKind.RURAL_DISTRICT, code="514"
    )
    council = council_of(district)
    term = TermFactory()
    delegates = [
        DelegateFactory(council=council, full_name=f"Trần Thị Đại Biểu {i:02d}")
        for i in range(DELEGATES)
    ]
    for d in delegates:
        seat(d, term)
    standing = body(council, term, Body.Kind.STANDING, name="Thường trực HĐND huyện")
    body_member(standing, delegates[-1], BodyMembership.Role.CHAIR)
    start = date(2023, 7, 10)
    session = SessionFactory(
        council=council,
        term=term,
        number="5",
        planned_start=start,
        planned_end=start + timedelta(days=DAYS - 1),
        place="Hội trường HĐND huyện",
    )
    session = session_open(session)
    for day in range(DAYS):
        for part in ("morning", "afternoon"):
            sitting = services.sitting_create(
                actor=actor, session=session, on=start + timedelta(days=day), part=part
            )
            statuses = {d.pk: Attendance.Status.PRESENT for d in delegates[:42]}
            statuses |= {d.pk: Attendance.Status.EXCUSED for d in delegates[42:]}
            services.attendance_record(actor=actor, sitting=sitting, statuses=statuses)
    for i in range(ITEMS):
        item = AgendaItemFactory(
            session=session,
            title=f"Dự thảo nghị quyết về kế hoạch đầu tư công, nội dung số {i + 1:02d} "
            "của huyện năm 2024",
        )
        v = vote(item, 40 - i % 25, total=DELEGATES, present=42, votes_against=i % 25)
        if v.passed:
            ResolutionFactory(
                council=council, session=session, item=item, vote=v, title=item.title[18:]
            )
    for i in range(12):
        services.question_create(
            actor=actor,
            session=session,
            asked_by=delegates[i],
            respondent="Nguyễn Văn Trả Lời",
            respondent_title="Chủ tịch UBND huyện",
            content=f"Câu hỏi chất vấn số {i + 1}",
            answer="Sẽ hoàn thành trong quý III.",
            answered_on=start,
        )
    reader = User.objects.create(username="bench-district-office")
    council_services.role_assign(
        actor=actor, user=reader, role=Role.OFFICE, council=council, valid_from=date(2021, 1, 1)
    )
    return session, reader


def pages(pdf: bytes) -> str:
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        return "?"
    path = WORK / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(  # noqa: S603 - fixed local tool, our own file
        [pdfinfo, str(path)], check=True, capture_output=True, text=True
    ).stdout
    return next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:"))


def timed(client: Client, url: str) -> tuple[float, bytes]:
    elapsed, _cpu, content = timed_cpu(client, url)
    return elapsed, content


def timed_cpu(client: Client, url: str) -> tuple[float, float, bytes]:
    """Wall and CPU milliseconds of one request: on a busy machine the CPU time of this process
    is the steadier figure (the database's share is not in it; SQLite runs in-process)."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    cpu = (time.process_time() - cpu) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, cpu, response.content


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summary(values: Sequence[float]) -> str:
    ordered = sorted(values)
    return (
        f"median {statistics.median(ordered):6.1f} ms, p95 {_p95(ordered):6.1f} ms, "
        f"max {ordered[-1]:6.1f} ms"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=20, help="requests after the first")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    try:
        call_command("migrate", interactive=False, verbosity=0)
        session, reader = build()
        builds = []
        real = core_pdf.html_to_pdf

        def counting(html: str, **kwargs) -> bytes:
            builds.append(html)
            return real(html, **kwargs)

        core_pdf.html_to_pdf = counting
        with override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            client = Client(headers={"x-forwarded-proto": "https"})
            client.force_login(reader)
            url = reverse("sessions:session_results_pdf", args=[session.pk])
            # What a starting worker or web process does (hdnd/celery.py, hdnd/wsgi.py).
            started, cpu = time.perf_counter(), time.process_time()
            core_pdf.pdf_warm()
            warm_ms = (time.perf_counter() - started) * 1000
            warm_cpu = (time.process_time() - cpu) * 1000
            first_ms, first_cpu, first = timed_cpu(client, url)
            cached = [timed(client, url) for _ in range(args.requests)]
            same = all(content == first for _ms, content in cached)
            built_before_change = len(builds)
            item = AgendaItemFactory(session=session, title="Nội dung bổ sung")
            vote(item, 41, total=DELEGATES, present=42)
            rebuild_ms, rebuild_cpu, _content = timed_cpu(client, url)
            after = [timed(client, url)[0] for _ in range(args.requests)]
            started = time.perf_counter()
            session_results(user=reader, session=session)
            data_ms = (time.perf_counter() - started) * 1000
        cached_ms = [ms for ms, _content in cached]
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        if args.json:
            print(
                json.dumps(
                    {
                        "database": database,
                        "pages": pages(first),
                        "kbytes": round(len(first) / 1024),
                        "first_ms": first_ms,
                        "second_ms": cached_ms[0] if cached_ms else 0.0,
                        "requests": len(cached_ms),
                        "stored_median_ms": statistics.median(cached_ms),
                        "stored_p95_ms": _p95(cached_ms),
                        "identical": same,
                        "runs_before_change": built_before_change,
                        "rebuild_ms": rebuild_ms,
                        "data_ms": data_ms,
                        "runs": len(builds),
                    }
                )
            )
            return
        print(f"Database: {database}")
        print(f"Report: {pages(first)} pages, {len(first) / 1024:.0f} KiB")
        print(f"Process start, pdf_warm(): {warm_ms:7.1f} ms (CPU {warm_cpu:.0f} ms)")
        print(f"First request (builds the PDF): {first_ms:7.1f} ms (CPU {first_cpu:.0f} ms)")
        print(f"Next {len(cached_ms)} requests (stored): {summary(cached_ms)}")
        print(f"Identical bytes: {same}; WeasyPrint runs: {built_before_change}")
        print(
            f"After a vote is recorded (rebuild, warm): {rebuild_ms:7.1f} ms"
            f" (CPU {rebuild_cpu:.0f} ms)"
        )
        print(f"Next {len(after)} requests (stored): {summary(after)}")
        print(f"session_results() alone: {data_ms:7.1f} ms")
        print(f"WeasyPrint runs in all: {len(builds)}")
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()

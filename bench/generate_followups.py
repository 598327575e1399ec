"""The follow-up data of the benchmark (issues 10-11): questions, commitments and a million
obligations on top of the national dataset of generate.py, added without regenerating it.

What it writes, all dated within each council's life and the two terms (June 2021 to today):
- departments (Sở) of the provinces and offices (Phòng) of the districts and communes, below
  each UBND, as agencies that owe things;
- the questions (chất vấn) put at held regular sessions and the commitments made answering them
  (~100,000 nationally: a province a dozen or two per session, a commune now and then);
- one obligation per commitment (pointing back at it through `source`; generate.py opened the
  implementation tasks' own, kept here), and obligations of the other kinds (voter petitions,
  oversight recommendations, letters, briefing conclusions, report requests) up to a million,
  spread over councils by level and lifetime; done on time or late (with the engine's outcomes),
  open and overdue, due soon, extended (one or two extensions, moving the due date as
  `obligation_extend` does), on a roadmap or exempted with the approving document; escalation
  steps (urge, urge again, refer...) climbing the ladder for a share of the late ones.

Idempotent and additive: it empties only the tables it fills (TRUNCATE without CASCADE, so a
table of another app that points at them makes it fail rather than lose rows) and the agencies
it added, then rebuilds them in one transaction; its own key in the database's stamp ("followups")
lets bench/run.py add it to a database generated before it existed.

Fast: rows are written with COPY (psycopg 3 `cursor.copy`) with explicit ids, the tables' plain
indexes dropped first and built after, and the history tables filled by one INSERT ... SELECT
each (the "+" record the services' saves would leave). Due dates come from
`followups.calendar.deadline_add`, memoised per (start, count, unit); the services' checks are not
run, the data being valid by construction (the table's check constraints still hold each row).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import chain, islice

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone, translation

from bench import generate
from core.text import nfc, search_key
from councils.models import KIND_PREFIX, Agency, Council, Delegate, Level
from followups import calendar
from followups.models import EscalationEvent, Obligation, ObligationExtension, Step, Unit
from oversight.models import Commitment
from sessions.models import Question, Session

VERSION = 3  # bump when this data changes shape: run.py then rebuilds only this part
# (3: commitments point at their obligations, issue 11)
STAMP_KEY = "followups"
TOTAL_OBLIGATIONS = 1_000_000  # nationally, at scale 1
FROM = generate.SESSIONS_FROM
COPY_CHUNK = 50_000  # rows built, then copied, at a time

# Questions per held regular session (fewest, most), the share of sessions with any, and the
# commitments per question (fewest, most): provinces question at every regular session.
QUESTIONS = {Level.PROVINCE: (6, 12, 1.0), Level.DISTRICT: (2, 5, 0.9), Level.COMMUNE: (1, 2, 0.45)}
COMMITMENTS_PER_QUESTION = {Level.PROVINCE: (1, 3), Level.DISTRICT: (1, 2), Level.COMMUNE: (1, 1)}
# Obligations a council follows per year of its life (other than commitments and tasks), by
# level; today's merged provinces and communes are larger than the ones they replaced.
PER_YEAR = {Level.PROVINCE: 800, Level.DISTRICT: 150, Level.COMMUNE: 20}
MERGED_FACTOR = {Level.PROVINCE: 1.5, Level.DISTRICT: 1.0, Level.COMMUNE: 2.0}
KIND_WEIGHTS = {
    Obligation.Kind.PETITION_ITEM: 45,
    Obligation.Kind.OVERSIGHT_RECOMMENDATION: 20,
    Obligation.Kind.LETTER: 15,
    Obligation.Kind.BRIEFING_CONCLUSION: 10,
    Obligation.Kind.REPORT_REQUEST: 7,
    Obligation.Kind.OTHER: 3,
}
# (count, unit) time limits per kind; a share of each kind has a date fixed by its document.
TERMS = {
    Obligation.Kind.PETITION_ITEM: [(30, Unit.CALENDAR_DAYS), (60, Unit.CALENDAR_DAYS),
                                    (3, Unit.MONTHS)],
    Obligation.Kind.OVERSIGHT_RECOMMENDATION: [(3, Unit.MONTHS), (6, Unit.MONTHS),
                                               (12, Unit.MONTHS)],
    Obligation.Kind.LETTER: [(10, Unit.WORKING_DAYS), (30, Unit.CALENDAR_DAYS),
                             (45, Unit.CALENDAR_DAYS)],
    Obligation.Kind.BRIEFING_CONCLUSION: [(10, Unit.WORKING_DAYS), (15, Unit.WORKING_DAYS),
                                          (30, Unit.CALENDAR_DAYS)],
    Obligation.Kind.REPORT_REQUEST: [(5, Unit.WORKING_DAYS), (7, Unit.WORKING_DAYS),
                                     (10, Unit.WORKING_DAYS)],
    Obligation.Kind.OTHER: [(30, Unit.CALENDAR_DAYS), (60, Unit.CALENDAR_DAYS)],
}  # fmt: skip
FIXED_SHARE = 0.35
TITLES = {
    Obligation.Kind.PETITION_ITEM: [
        "Cử tri kiến nghị sửa chữa, nâng cấp tuyến đường liên xã bị xuống cấp",
        "Cử tri kiến nghị sớm chi trả tiền bồi thường, hỗ trợ giải phóng mặt bằng dự án",
        "Cử tri kiến nghị đầu tư hệ thống nước sạch cho khu dân cư",
        "Cử tri kiến nghị xử lý ô nhiễm môi trường tại cụm công nghiệp",
        "Cử tri kiến nghị cấp giấy chứng nhận quyền sử dụng đất còn tồn đọng",
        "Cử tri kiến nghị bổ sung giáo viên, sửa chữa phòng học xuống cấp",
        "Cử tri kiến nghị lắp đặt hệ thống chiếu sáng công cộng",
        "Cử tri kiến nghị nạo vét kênh mương phục vụ sản xuất nông nghiệp",
    ],
    Obligation.Kind.OVERSIGHT_RECOMMENDATION: [
        "Kiến nghị sau giám sát việc quản lý, sử dụng đất công",
        "Kiến nghị sau giám sát tiến độ giải ngân vốn đầu tư công",
        "Kiến nghị sau giám sát thực hiện chương trình xây dựng nông thôn mới",
        "Kiến nghị sau giám sát công tác bảo đảm an toàn thực phẩm",
        "Kiến nghị sau giám sát việc thực hiện chính sách đối với người có công",
    ],
    Obligation.Kind.LETTER: [
        "Giải quyết đơn khiếu nại về bồi thường, hỗ trợ khi thu hồi đất",
        "Giải quyết đơn tố cáo việc xây dựng trái phép",
        "Trả lời đơn kiến nghị về tranh chấp ranh giới đất",
        "Giải quyết đơn phản ánh về ô nhiễm tiếng ồn, khói bụi",
    ],
    Obligation.Kind.BRIEFING_CONCLUSION: [
        "Thực hiện kết luận giao ban về chuẩn bị kỳ họp thường lệ",
        "Thực hiện kết luận giao ban về tiếp công dân và giải quyết đơn thư",
        "Thực hiện kết luận giao ban về tổng hợp kiến nghị cử tri",
    ],
    Obligation.Kind.REPORT_REQUEST: [
        "Báo cáo tình hình thực hiện dự toán ngân sách",
        "Báo cáo kết quả giải quyết kiến nghị cử tri trước kỳ họp",
        "Báo cáo tiến độ thực hiện các dự án đầu tư công trọng điểm",
    ],
    Obligation.Kind.OTHER: [
        "Cung cấp tài liệu phục vụ hoạt động giám sát chuyên đề",
        "Rà soát, đề xuất sửa đổi quy định về phân cấp nguồn thu",
    ],
}
QUESTION_TOPICS = [
    ("tiến độ giải phóng mặt bằng các dự án trọng điểm", "Chủ tịch UBND"),
    ("việc cấp giấy chứng nhận quyền sử dụng đất còn chậm", "Phó Chủ tịch UBND"),
    ("tình trạng ô nhiễm môi trường tại các khu dân cư", "Phó Chủ tịch UBND"),
    ("chất lượng khám chữa bệnh ở tuyến cơ sở", "Phó Chủ tịch UBND"),
    ("tiến độ giải ngân vốn đầu tư công", "Chủ tịch UBND"),
    ("việc bố trí giáo viên và sửa chữa trường học", "Phó Chủ tịch UBND"),
    ("công tác phòng, chống thiên tai, sạt lở", "Phó Chủ tịch UBND"),
]
COMMITMENT_TEXTS = [
    "Hoàn thành việc {topic} và báo cáo Thường trực HĐND",
    "Chỉ đạo các cơ quan chuyên môn khắc phục tồn tại về {topic}",
    "Rà soát, xử lý dứt điểm các trường hợp tồn đọng liên quan đến {topic}",
]
OUTSIDE_BODIES = [
    "Công ty Điện lực",
    "Chi nhánh Ngân hàng Chính sách xã hội",
    "Thuế cơ sở",
    "Bảo hiểm xã hội khu vực",
    "Công ty cổ phần Cấp nước",
    "Ban Quản lý dự án đầu tư xây dựng khu vực",
]
DEPARTMENTS = ["Sở Tài chính", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường",
               "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Nội vụ", "Sở Công Thương",
               "Sở Văn hóa, Thể thao và Du lịch", "Sở Tư pháp",
               "Sở Khoa học và Công nghệ"]  # fmt: skip
OFFICES = {
    Level.DISTRICT: ["Phòng Tài chính - Kế hoạch", "Phòng Tài nguyên và Môi trường",
                     "Phòng Giáo dục và Đào tạo", "Phòng Kinh tế và Hạ tầng"],
    Level.COMMUNE: ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"],
}  # fmt: skip
ADDED_AGENCY_KINDS = (Agency.Kind.DEPARTMENT, Agency.Kind.OFFICE)
# How the obligations that fell due ended, of those closed (Obligation.Outcome).
OUTCOME_WEIGHTS = {
    Obligation.Outcome.DONE: 80,
    Obligation.Outcome.PARTLY_DONE: 8,
    Obligation.Outcome.NOT_DONE: 6,
    Obligation.Outcome.NOT_MEETING_REQUIREMENT: 4,
    Obligation.Outcome.NOT_CARRIED_OUT: 2,
}
ROADMAP_SHARE, EXEMPTED_SHARE = 0.015, 0.01
EXTENDED_SHARE = 0.08  # of those whose first deadline is past or within a month
ESCALATED_SHARE = 0.35  # of those that went past their due date
DONE_EARLY_SHARE = 0.15
CLOSED_WHEN_DUE = 0.85  # of those past their due date: closed (the rest open, overdue)
ON_TIME_SHARE = 0.65  # of the closed ones past their due date: ended by it
LADDER = [Step.URGE, Step.URGE_AGAIN, Step.REFER, Step.EXPLANATION, Step.QUESTIONING,
          Step.REOVERSIGHT, Step.REPORT_TO_COUNCIL]  # fmt: skip
CLIMB = 0.45  # chance of one more rung after each step


def signature(seed: int, total: int) -> str:
    return f"hdnd-bench followups v{VERSION} seed={seed} obligations={total}"


def total_for(scale: generate.Scale) -> int:
    """A million at scale 1; fewer for a smaller country."""
    return round(TOTAL_OBLIGATIONS * scale.old_communes / generate.Scale().old_communes)


def fresh(seed: int, total: int) -> bool:
    """Whether the database already holds this exact follow-up data."""
    stamp = generate.read_stamp() or {}
    return (stamp.get(STAMP_KEY) or {}).get("signature") == signature(seed, total)


@dataclass
class Followups:
    agencies: int = 0
    questions: int = 0
    commitments: int = 0
    obligations: int = 0
    extensions: int = 0
    events: int = 0


def generate_followups(
    *, seed: int = generate.SEED, total: int = TOTAL_OBLIGATIONS, log: Callable = print
) -> Followups:
    """Replace this step's rows, in one transaction, then stamp the database."""
    generate._require_bench_database()
    started = time.perf_counter()
    rng = random.Random(seed * 31 + 11)
    today = timezone.localdate()
    done = Followups()
    step = generate._Steps(log)
    with transaction.atomic(), translation.override("vi"):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
        with step("wipe follow-ups"):
            wipe()
        loader = generate.loader_user()
        councils = _councils()
        with step("agencies (Sở, Phòng)") as s:
            agencies = build_agencies(councils=councils, loader=loader)
            s.rows = done.agencies = sum(len(v) for v in agencies.values()) - len(agencies)
        with step("questions, commitments") as s:
            done.questions, commitments = build_commitments(
                councils=councils, agencies=agencies, rng=rng, today=today
            )
            done.commitments = len(commitments)
            s.rows = done.questions
        with step("obligations") as s:
            written = build_obligations(
                councils=councils,
                agencies=agencies,
                commitments=commitments,
                rng=rng,
                today=today,
                total=total,
                loader=loader,
            )
            done.obligations, done.extensions, done.events = written
            s.rows = sum(written) + len(commitments)
            s.label = (
                f"obligations ({sum(written) / (time.perf_counter() - s.started):,.0f} rows/s)"
            )
    with step("vacuum analyze"), connection.cursor() as cursor:
        for model in (*WIPED, Agency):
            cursor.execute(f"VACUUM ANALYZE {_table(model)}")
    seconds = round(time.perf_counter() - started, 1)
    stamp = generate.read_stamp() or {}
    stamp[STAMP_KEY] = {"signature": signature(seed, total), "seconds": seconds}
    generate.write_stamp(stamp)
    log(f"  follow-ups generated in {seconds:.1f} s")
    return done


# The tables this step fills, children first; their history tables are emptied with them.
WIPED: tuple[type[Model], ...] = (
    EscalationEvent,
    ObligationExtension,
    Obligation,
    Commitment,
    Question,
)


# The obligations generate.py opened for implementation tasks (and their report requests): the
# tasks point at them, so this step keeps them and adds the other kinds.
TASK_OBLIGATIONS = (
    "SELECT obligation_id FROM resolutions_implementationtask WHERE obligation_id IS NOT NULL"
    " UNION SELECT report_obligation_id FROM resolutions_implementationtask"
    " WHERE report_obligation_id IS NOT NULL"
)


def wipe() -> None:
    """Empty this step's tables (no CASCADE: never another app's rows) and its agencies. The
    obligations and reports that implementation tasks point at are kept (deleted around, since a
    table another app references cannot be truncated); the obligations' history is rebuilt for
    every row after the load."""
    from followups.models import EvidenceFile, ObligationReport

    truncated = (EvidenceFile, EscalationEvent, ObligationExtension, Commitment, Question)
    tables = [_table(m) for m in truncated]
    tables += [_table(m.history.model) for m in (*truncated, Obligation, ObligationReport)
               if hasattr(m, "history")]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
        for model, column in ((ObligationReport, "obligation_id"), (Obligation, "id")):
            cursor.execute(
                f"DELETE FROM {_table(model)} WHERE {column} NOT IN ({TASK_OBLIGATIONS})"  # noqa: S608
            )
        kinds = [str(kind) for kind in ADDED_AGENCY_KINDS]
        history, agencies = _table(Agency.history.model), _table(Agency)
        cursor.execute(f"DELETE FROM {history} WHERE kind = ANY(%s)", [kinds])  # noqa: S608
        cursor.execute(f"DELETE FROM {agencies} WHERE kind = ANY(%s)", [kinds])  # noqa: S608


@dataclass(frozen=True)
class _Council:
    id: int
    level: int
    merged: bool  # born in the 2025 reform
    kind: str
    name: str
    valid_from: date
    valid_to: date | None

    def window(self, today: date) -> tuple[date, date]:
        """The days it could take things on: its life within June 2021 to today."""
        return max(self.valid_from, FROM), min(self.valid_to or today, today)


def _councils() -> list[_Council]:
    rows = Council.objects.order_by("unit__path").values_list(
        "id", "unit__level", "unit__kind", "unit__name", "valid_from", "valid_to"
    )
    return [
        _Council(pk, level, valid_from >= generate.REFORM, kind, name, valid_from, valid_to)
        for pk, level, kind, name, valid_from, valid_to in rows
    ]


def build_agencies(*, councils: Sequence[_Council], loader) -> dict[int, list[tuple[int, str]]]:
    """Each council's agencies as (id, name), its UBND first: departments below a province's
    UBND, offices below a district's or commune's."""
    ubnd = {
        council_id: (pk, name)
        for council_id, pk, name in Agency.objects.filter(
            kind=Agency.Kind.PEOPLE_COMMITTEE
        ).values_list("council_id", "pk", "name")
    }
    added: list[Agency] = []
    for council in councils:
        parent = ubnd[council.id]
        names = DEPARTMENTS if council.level == Level.PROVINCE else OFFICES[council.level]
        kind = Agency.Kind.DEPARTMENT if council.level == Level.PROVINCE else Agency.Kind.OFFICE
        for name in names:
            full = nfc(f"{name} {KIND_PREFIX[council.kind]} {council.name}")
            added.append(
                Agency(
                    council_id=council.id,
                    name=full,
                    name_key=search_key(full),
                    kind=kind,
                    parent_id=parent[0],
                    valid_from=council.valid_from,
                    valid_to=council.valid_to,
                )
            )
    generate._write(Agency, added, loader)
    found = {council_id: [row] for council_id, row in ubnd.items()}
    for agency in added:
        found[agency.council_id].append((agency.pk, agency.name))
    return found


# --- questions and commitments ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Commitment:
    """A commitment before it is written: its row waits for its obligation's id."""

    id: int
    council: int
    question: int
    content: str
    responsible: str
    made_on: date
    due: date
    status: str  # "open", "kept", "not_kept": how its obligation ends (_commitment_drafts)
    kept_on: date | None


def build_commitments(
    *,
    councils: Sequence[_Council],
    agencies: dict[int, list[tuple[int, str]]],
    rng: random.Random,
    today: date,
) -> tuple[int, list[_Commitment]]:
    """Questions at held regular sessions, answered there (copied now), and the commitments
    they drew (written by build_obligations, after the obligations they point to)."""
    by_id = {c.id: c for c in councils}
    delegates: dict[int, list[int]] = {}
    for council_id, pk in Delegate.objects.order_by("id").values_list("council_id", "id"):
        delegates.setdefault(council_id, []).append(pk)
    sessions = (
        Session.objects.filter(kind=Session.Kind.REGULAR, actual_end__lt=today)
        .order_by("council__unit__path", "planned_start", "id")
        .values_list("id", "council_id", "actual_end")
    )
    now = timezone.now()
    questions: list[tuple] = []
    commitments: list[_Commitment] = []
    for session_id, council_id, held in sessions:
        council = by_id[council_id]
        fewest, most, share = QUESTIONS[council.level]
        if not delegates.get(council_id) or rng.random() >= share:
            continue
        ubnd_id = agencies[council_id][0][0]
        prefix = KIND_PREFIX[council.kind]
        for _ in range(rng.randint(fewest, most)):
            topic, role = rng.choice(QUESTION_TOPICS)
            respondent = generate._person(rng)
            title = f"{role} {prefix} {council.name}"
            question_id = len(questions) + 1
            questions.append(
                (
                    question_id, now, now, session_id, rng.choice(delegates[council_id]),
                    respondent, title, ubnd_id,
                    f"Đề nghị cho biết giải pháp khắc phục {topic} trên địa bàn.",
                    f"Trả lời về {topic}; cam kết chỉ đạo khắc phục trong thời gian tới.",
                    held, None,
                )
            )  # fmt: skip
            low, high = COMMITMENTS_PER_QUESTION[council.level]
            for _ in range(rng.randint(low, high)):
                due = held + relativedelta(months=rng.choice((1, 2, 3, 6, 6, 9, 12)))
                status, kept_on = _commitment_end(held, due, rng, today)
                commitments.append(
                    _Commitment(
                        id=len(commitments) + 1,
                        council=council_id,
                        question=question_id,
                        content=nfc(rng.choice(COMMITMENT_TEXTS).format(topic=topic)),
                        responsible=f"{respondent}, {title}",
                        made_on=held,
                        due=due,
                        status=status,
                        kept_on=kept_on,
                    )
                )
    with _bulk_load(Question):
        _copy(Question, questions)
        _history_copy(Question, now)
    return len(questions), commitments


def _commitment_end(
    held: date, due: date, rng: random.Random, today: date
) -> tuple[str, date | None]:
    """Kept (mostly on time), not kept, or still open, by `today`."""
    if due >= today:
        if rng.random() < DONE_EARLY_SHARE:
            return Commitment.Status.KEPT, _between(rng, held, today)
        return Commitment.Status.OPEN, None
    roll = rng.random()
    if roll < 0.72:
        late = rng.random() >= ON_TIME_SHARE
        end = _between(rng, due, min(today, due + timedelta(days=120))) if late else None
        return Commitment.Status.KEPT, end or _between(rng, held, due)
    if roll < 0.82:
        return Commitment.Status.NOT_KEPT, _between(rng, due, today)
    return Commitment.Status.OPEN, None


# --- obligations --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """One obligation before it is written: what the state and the ladder are built from."""

    council: int
    kind: str
    title: str
    start: date
    owed_by: int | None = None
    owed_by_text: str = ""
    term: tuple[int, str] | None = None
    fixed: date | None = None
    source: tuple[int, int] | None = None  # (content type, id)
    outcome: str = ""
    ended: date | None = None
    extendable: bool = True  # False: its source keeps the due date (a commitment, a task)


def build_obligations(
    *,
    councils: Sequence[_Council],
    agencies: dict[int, list[tuple[int, str]]],
    commitments: Sequence[_Commitment] = (),
    rng: random.Random,
    today: date,
    total: int,
    loader,
) -> tuple[int, int, int]:
    """Commitments' obligations, then the other kinds up to `total` with the tasks' obligations
    kept by `wipe`; COPY all three tables, then the commitments pointing at theirs (as
    commitment_create links them), indexes built after. Returns (obligations, extensions, events)
    written here."""
    kept, last_id = _kept_obligations()
    sourced = list(_commitment_drafts(commitments, agencies))
    rest = max(0, total - kept - len(sourced))
    drafts = chain(sourced, _other_drafts(councils, agencies, rng, today, rest))
    now = timezone.now()
    extensions: list[tuple] = []
    events: list[tuple] = []
    commitment_type = ContentType.objects.get_for_model(Commitment).pk
    followed: dict[int, int] = {}  # commitment id -> its obligation's id

    def rows() -> Iterable[tuple]:
        for pk, draft in enumerate(drafts, start=last_id + 1):
            if draft.source is not None and draft.source[0] == commitment_type:
                followed[draft.source[1]] = pk
            yield _obligation_row(pk, draft, rng, today, now, loader.pk, extensions, events)

    with _bulk_load(Obligation, ObligationExtension, EscalationEvent, Commitment):
        written = _copy(Obligation, rows())
        _copy(ObligationExtension, extensions)
        _copy(EscalationEvent, events)
        _history_copy(Obligation, now, user_id=loader.pk)
        _copy(
            Commitment,
            (
                (c.id, now, now, c.council, c.question, None, c.content, c.responsible,
                 followed[c.id])
                for c in commitments
            ),
        )  # fmt: skip
        _history_copy(Commitment, now)
    return written, len(extensions), len(events)


def _kept_obligations() -> tuple[int, int]:
    """(how many, the highest id) of the obligations `wipe` kept: the tasks'."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), COALESCE(MAX(id), 0) FROM {_table(Obligation)}")  # noqa: S608
        count, last = cursor.fetchone()
    return count, last


def _commitment_drafts(
    commitments: Sequence[_Commitment], agencies: dict[int, list[tuple[int, str]]]
) -> Iterable[_Draft]:
    """One obligation per commitment: owed by the council's UBND (the agency that answered),
    from the day it was made to the promised date, ended as the commitment was."""
    kind_id = ContentType.objects.get_for_model(Commitment).pk
    outcomes = {
        Commitment.Status.KEPT: Obligation.Outcome.DONE,
        Commitment.Status.NOT_KEPT: Obligation.Outcome.NOT_DONE,
    }
    for c in commitments:
        outcome = outcomes.get(c.status, "")
        yield _Draft(
            council=c.council,
            kind=Obligation.Kind.COMMITMENT,
            title=" ".join(c.content.split())[:500],
            start=c.made_on,
            owed_by=agencies[c.council][0][0],
            fixed=c.due,
            source=(kind_id, c.id),
            outcome=outcome,
            ended=max(c.kept_on, c.made_on) if outcome and c.kept_on else None,
            extendable=False,
        )


def _other_drafts(
    councils: Sequence[_Council],
    agencies: dict[int, list[tuple[int, str]]],
    rng: random.Random,
    today: date,
    count: int,
) -> Iterable[_Draft]:
    """`count` obligations of the other kinds, apportioned to councils by level and lifetime."""
    weights = []
    for council in councils:
        lo, hi = council.window(today)
        years = max(0, (hi - lo).days) / 365.25
        factor = MERGED_FACTOR[council.level] if council.merged else 1.0
        weights.append(PER_YEAR[council.level] * factor * years)
    if count <= 0 or not any(weights):
        return
    shares = _split(count, weights)
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    for council, n in zip(councils, shares, strict=True):
        if not n:
            continue
        lo, hi = council.window(today)
        own = agencies[council.id]
        prefix = f"{KIND_PREFIX[council.kind]} {council.name}"
        for kind in rng.choices(kinds, weights=kind_weights, k=n):
            start = _between(rng, lo, hi)
            roll = rng.random()
            owed_by, owed_by_text = None, ""
            if roll < 0.55:
                owed_by = own[0][0]
            elif roll < 0.85:
                owed_by = rng.choice(own)[0]
            else:
                owed_by_text = f"{rng.choice(OUTSIDE_BODIES)} {prefix}"
            term, fixed = None, None
            if rng.random() < FIXED_SHARE:
                count_, unit = rng.choice(TERMS[kind])
                fixed = _due(start, count_, unit) + timedelta(days=rng.randint(0, 20))
            else:
                term = rng.choice(TERMS[kind])
            yield _Draft(
                council=council.id,
                kind=kind,
                title=nfc(f"{rng.choice(TITLES[kind])} ({prefix})"),
                start=start,
                owed_by=owed_by,
                owed_by_text=owed_by_text,
                term=term,
                fixed=fixed,
            )


def _obligation_row(
    pk: int,
    draft: _Draft,
    rng: random.Random,
    today: date,
    now: datetime,
    actor: int,
    extensions: list[tuple],
    events: list[tuple],
) -> tuple:
    """The row `obligation_create` and the later extend/escalate/close calls would leave, in
    Obligation's column order; its extensions and ladder steps are appended to the lists."""
    due = draft.fixed if draft.fixed is not None else _due(draft.start, *draft.term)
    outcome, ended = draft.outcome, draft.ended
    exclusion = ("", "", None, "")
    if draft.extendable:
        roll = rng.random()
        if roll < ROADMAP_SHARE + EXEMPTED_SHARE:
            kind = (
                Obligation.Exclusion.ROADMAP
                if roll < ROADMAP_SHARE
                else Obligation.Exclusion.EXEMPTED
            )
            signed = _between(rng, draft.start, min(today, max(draft.start, due)))
            reason = (
                "Thực hiện theo lộ trình giai đoạn 2021 - 2030"
                if kind == Obligation.Exclusion.ROADMAP
                else "Chưa bố trí được nguồn vốn do nguyên nhân khách quan"
            )
            exclusion = (kind, f"{rng.randint(1, 999)}/UBND-TH", signed, reason)
        else:
            if due <= today + timedelta(days=30) and rng.random() < EXTENDED_SHARE:
                due = _extend(pk, draft.start, due, rng, today, now, actor, extensions)
            outcome, ended = _end(draft.start, due, rng, today)
    late = (ended and ended > due) or (not outcome and due < today and not exclusion[0])
    if late and rng.random() < ESCALATED_SHARE:
        _escalate(pk, due, ended or today, rng, now, actor, events)
    owed_text = draft.owed_by_text
    count, unit = draft.term if draft.term else (None, "")
    source_type, source_id = draft.source or (None, None)
    return (
        pk, now, now, None, None, "",
        draft.council, draft.kind, draft.owed_by, owed_text, draft.title, "",
        _search(draft.title, owed_text), source_type, source_id,
        draft.start, count, unit, draft.fixed, due,
        outcome, ended, "" if not outcome else "Đã có báo cáo kết quả thực hiện.",
        *exclusion,
    )  # fmt: skip


def _end(start: date, due: date, rng: random.Random, today: date) -> tuple[str, date | None]:
    """Closed early, on time or late, or still open (overdue, due soon or not yet due)."""
    if due >= today:
        if rng.random() < DONE_EARLY_SHARE:
            return _outcome(rng), _between(rng, start, today)
        return "", None
    if rng.random() >= CLOSED_WHEN_DUE:
        return "", None
    if rng.random() < ON_TIME_SHARE:
        return _outcome(rng), _between(rng, start, due)
    return _outcome(rng), _between(rng, due + timedelta(days=1), min(today, due + timedelta(120)))


def _outcome(rng: random.Random) -> str:
    return rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]


def _extend(
    pk: int,
    start: date,
    due: date,
    rng: random.Random,
    today: date,
    now: datetime,
    actor: int,
    found: list[tuple],
) -> date:
    """One or two extensions, each approved on or before the date it moves and by today."""
    for _ in range(1 if rng.random() < 0.8 else 2):
        signed = _between(rng, max(start, due - timedelta(days=10)), min(due, today))
        if signed > today:
            break
        new_due = due + timedelta(days=rng.choice((30, 45, 60, 90, 180)))
        found.append(
            (
                len(found) + 1, pk, due, new_due,
                "Nội dung phức tạp, cần thêm thời gian phối hợp thực hiện",
                f"{rng.randint(1, 999)}/UBND-VP", signed, actor, now,
            )
        )  # fmt: skip
        due = new_due
    return due


NO_LETTER = (None, None)  # an event's letter files (letter_pdf, letter_docx): none generated


def _escalate(
    pk: int,
    due: date,
    until: date,
    rng: random.Random,
    now: datetime,
    actor: int,
    found: list[tuple],
) -> None:
    """The ladder climbed from an urging a week or more after the due date, never past `until`
    (the day it ended, or today); dates never go back."""
    day = due + timedelta(days=rng.randint(5, 20))
    for step in LADDER:
        if day > until:
            return
        number = f"{rng.randint(1, 999)}/HĐND-VP" if step in (Step.URGE, Step.URGE_AGAIN) else ""
        found.append(
            # The letters' files (letter_pdf, letter_docx) are not generated.
            (
                len(found) + 1,
                pk,
                step,
                day,
                "",
                number,
                day if number else None,
                actor,
                now,
                *NO_LETTER,
            )
        )
        if rng.random() >= CLIMB:
            return
        day += timedelta(days=rng.randint(15, 60))


@cache
def _due(start: date, count: int, unit: str) -> date:
    """deadline_add, memoised: a million rows share a few tens of thousands of (start, term)."""
    return calendar.deadline_add(start, count, unit, None)


@cache
def _search(title: str, owed_by_text: str) -> str:
    return search_key(f"{title} {owed_by_text}")[:800]


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """`total` in parts proportional to the weights (largest remainders; zeros allowed)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    parts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _between(rng: random.Random, lo: date, hi: date) -> date:
    if hi <= lo:
        return lo
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


# --- COPY machinery -----------------------------------------------------------------------------


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model: type[Model]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _copy(model: type[Model], rows: Iterable[Sequence]) -> int:
    """COPY rows (tuples in the model's concrete column order, ids included) into its table,
    then move its id sequence past them.

    A chunk of rows is built before each COPY starts: building a row may query (the holiday
    calendar loads or reloads its table), and a connection in COPY can run nothing else.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _columns(model))
    count = 0
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, COPY_CHUNK)):
            with cursor.cursor.copy(f"COPY {_table(model)} ({columns}) FROM STDIN") as copy:
                for row in chunk:
                    copy.write_row(row)
            count += len(chunk)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1),"  # noqa: S608
            f" MAX(id) IS NOT NULL) FROM {_table(model)}",
            [model._meta.db_table],
        )
    return count


def _history_copy(model: type[Model], at: datetime, *, user_id: int | None = None) -> None:
    """The "+" history record of every row of the table, in one INSERT ... SELECT."""
    history = model.history.model
    quote = connection.ops.quote_name
    own = {f.column for f in model._meta.concrete_fields}  # a history table may keep retired ones
    columns = ", ".join(
        quote(f.column)
        for f in history._meta.concrete_fields
        if f.name not in generate.HISTORY_FIELDS and f.column in own
    )
    user = user_id if user_id is not None else generate.loader_user().pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(history)} ({columns}, history_date, history_type,"  # noqa: S608
            f" history_user_id, history_change_reason) SELECT {columns}, %s, '+', %s, ''"
            f" FROM {_table(model)}",
            [at, user],
        )


@contextmanager
def _bulk_load(*models: type[Model]):
    """Drop the plain indexes of the models' tables (and their history tables) while rows are
    copied in, and build them again after: one sort per index instead of a million inserts.
    The indexes behind constraints (primary keys, unique) stay."""
    tables = [m._meta.db_table for m in models]
    tables += [m.history.model._meta.db_table for m in models if hasattr(m, "history")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = ANY(%s)"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        # Django's foreign keys are deferred to the commit; an index cannot be built on a table
        # with checks pending, so they run at the end of each COPY here.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")

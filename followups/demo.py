"""Demo follow-up (issue 11): the demo's obligations after their deadlines — extensions,
progress reports, the escalation ladder (DOMAIN.md §9), outcomes — and the reminders of the day
the demo is loaded, waiting in the clerks' bells.

Kind-agnostic: a council's story is a list of steps, each taken by the first open obligation of
the council (by due date, then id) that fits it, whatever domain it follows (resolution tasks
today, commitments once they join the engine). A step is taken once: it is keyed on what it
records (an extension's or an event's document number, an outcome's note), never on a date, so
loading twice changes nothing. Everything is dated from the obligation's own due date, except the
extensions: their new due dates fall on the council's reminder days counted from the load day,
so that reminders go out on first login. Every write goes through the services.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from core.models import User
from councils import rules
from councils.models import Agency, Council
from followups import calendar, reminders
from followups import services as followups
from followups.models import EscalationEvent, Obligation, ObligationExtension, Step
from resolutions import services as resolution_services
from resolutions.models import ImplementationTask, Resolution
from sessions.demo import pdf_file

logger = logging.getLogger(__name__)
OLD = date(1997, 1, 1)
REFORM = date(2025, 7, 1)
Outcome = Obligation.Outcome


@dataclass(frozen=True)
class Report:
    """Progress reported by the owing agency, `days` after the due date (negative: before)."""

    days: int
    progress: int | None
    content: str
    number: int  # of the agency's report, "<number>/BC-<issuer>"
    evidence: bool = False


@dataclass(frozen=True)
class Close:
    """The outcome assessed `days` after the due date; `note` keys the step."""

    outcome: str
    days: int
    note: str
    report: Report | None = None


@dataclass(frozen=True)
class Escalate:
    """Steps up the ladder: (step, days after the due date, document number, note); the first
    document number keys the step."""

    events: tuple[tuple[str, int, str, str], ...]
    report: Report | None = None


@dataclass(frozen=True)
class Extend:
    """A later due date on an approving document, on the `rank`-th reminder day from the load day
    (working days first); `document_number` keys the step."""

    rank: int
    document_number: str
    reason: str
    report: Report | None = None


Plan = list[Close | Escalate | Extend]

URGE_NOTE = (
    "Đề nghị cơ quan thực hiện khẩn trương hoàn thành, báo cáo kết quả về Thường trực Hội đồng "
    "nhân dân; nêu rõ nguyên nhân chậm và thời gian hoàn thành."
)
URGE_AGAIN_NOTE = (
    "Đã có văn bản đôn đốc nhưng đến nay chưa nhận được báo cáo; đề nghị báo cáo kết quả trước "
    "phiên họp thường kỳ gần nhất của Thường trực Hội đồng nhân dân."
)

DA_NANG: Plan = [
    Close(
        Outcome.DONE,
        -3,
        "Hoàn thành trước hạn; báo cáo kèm văn bản triển khai.",
        Report(-3, 100, "Đã hoàn thành toàn bộ nội dung được giao.", 71),
    ),
    Close(
        Outcome.DONE,
        18,
        "Hoàn thành sau hạn 18 ngày; cơ quan thực hiện đã giải trình nguyên nhân chậm.",
        Report(18, 100, "Đã hoàn thành; chậm do phải lấy ý kiến các sở, ngành liên quan.", 96),
    ),
    Close(
        Outcome.PARTLY_DONE,
        25,
        "Hoàn thành một phần; phần còn lại đưa vào kế hoạch năm 2027 và tiếp tục theo dõi.",
        Report(20, 70, "Đã thực hiện khoảng 70% khối lượng; phần còn lại vướng thủ tục.", 118),
    ),
    Close(
        Outcome.NOT_CARRIED_OUT,
        30,
        "Không thực hiện do điều kiện thực tế thay đổi; Thường trực HĐND thành phố đã xem xét "
        "báo cáo giải trình của cơ quan thực hiện.",
        Report(28, 0, "Báo cáo giải trình lý do không triển khai thực hiện được.", 131),
    ),
    Escalate(
        (
            (Step.URGE, 7, "215/TTHĐND-VP", URGE_NOTE),
            (
                Step.REFER,
                35,
                "248/TTHĐND-VP",
                "Chuyển Ủy ban nhân dân thành phố chỉ đạo thực hiện và xem xét trách nhiệm của "
                "cơ quan, đơn vị chậm thực hiện.",
            ),
        )
    ),
    Escalate(
        (
            (Step.URGE, 6, "219/TTHĐND-VP", URGE_NOTE),
            (Step.URGE_AGAIN, 20, "236/TTHĐND-VP", URGE_AGAIN_NOTE),
        )
    ),
    Escalate(
        ((Step.URGE, 7, "241/TTHĐND-VP", URGE_NOTE),),
        Report(
            14,
            64,
            "Đã thực hiện được khoảng 64% khối lượng; phần còn lại đang giải quyết vướng mắc về "
            "mặt bằng.",
            152,
        ),
    ),
    Extend(
        0,
        "Công văn số 263/TTHĐND-VP",
        "Cơ quan thực hiện đề nghị gia hạn để tổng hợp số liệu của các phường, xã sau sắp xếp "
        "đơn vị hành chính.",
        Report(
            5,
            80,
            "Đã tổng hợp số liệu của 80% đơn vị; đề nghị gia hạn để hoàn thành.",
            160,
            evidence=True,
        ),
    ),
    Extend(
        1,
        "Công văn số 264/TTHĐND-VP",
        "Cơ quan thực hiện đề nghị gia hạn để lấy ý kiến các sở, ngành trước khi trình kỳ họp.",
    ),
]

THAI_NGUYEN: Plan = [
    Close(
        Outcome.DONE,
        -5,
        "Hoàn thành đúng hạn.",
        Report(-5, 100, "Đã hoàn thành và gửi văn bản về Thường trực HĐND tỉnh.", 44),
    ),
    Escalate(((Step.URGE, 7, "132/TTHĐND-VP", URGE_NOTE),)),
    Extend(
        0,
        "Công văn số 147/TTHĐND-VP",
        "Cơ quan thực hiện đề nghị gia hạn do số liệu của các xã sau hợp nhất chưa đầy đủ.",
        Report(3, 55, "Đã tổng hợp số liệu của 28/50 xã, phường; đề nghị gia hạn.", 57),
    ),
    Extend(
        1,
        "Công văn số 148/TTHĐND-VP",
        "Cơ quan thực hiện đề nghị gia hạn để hoàn thiện phương án xử lý tài sản công.",
    ),
]

BAC_KAN: Plan = [
    Escalate(((Step.URGE, 10, "21/TTHĐND-VP", URGE_NOTE),)),
]

# (unit code, valid from) of each council, the demo clerk who records its story (councils.demo
# DEMO_USERS), and the story.
PLANS: list[tuple[tuple[str, date], str, Plan]] = [
    (("48", REFORM), "danang.vanphong", DA_NANG),
    (("19", REFORM), "thainguyen.vanphong", THAI_NGUYEN),
    (("06", OLD), "backan.vanphong", BAC_KAN),
]

# More tasks of the Đà Nẵng resolutions of July 2026: (resolution title, agency, task, due).
DN = "trên địa bàn thành phố Đà Nẵng"
UBND_DN = "Ủy ban nhân dân thành phố Đà Nẵng"
STC_DN = "Sở Tài chính thành phố Đà Nẵng"
DA_NANG_TASKS: list[tuple[str, str, str, date]] = [
    (
        "Điều chỉnh dự toán ngân sách địa phương năm 2026",
        STC_DN,
        "Thông báo dự toán ngân sách điều chỉnh năm 2026 cho các sở, ban, ngành và Ủy ban nhân "
        "dân các phường, xã",
        date(2026, 7, 31),
    ),
    (
        "Quy định mức hỗ trợ phát triển sản xuất vùng đồng bào dân tộc thiểu số miền núi phía tây "
        "thành phố Đà Nẵng",
        UBND_DN,
        "Ban hành hướng dẫn hồ sơ, trình tự, thủ tục hỗ trợ phát triển sản xuất theo nghị quyết",
        date(2026, 8, 31),
    ),
    (
        "Phê chuẩn quyết toán ngân sách địa phương năm 2025",
        STC_DN,
        "Công khai quyết toán ngân sách địa phương năm 2025; thu hồi nộp ngân sách các khoản chi "
        "sai chế độ theo kiến nghị của Kiểm toán nhà nước",
        date(2026, 9, 15),
    ),
    (
        "Điều chỉnh dự toán ngân sách địa phương năm 2026",
        UBND_DN,
        "Tổ chức đấu giá quyền sử dụng đất 03 khu đất tại phường Hải Châu để bổ sung nguồn thu "
        "ngân sách năm 2026",
        date(2026, 9, 20),
    ),
    (
        "Phê duyệt chủ trương đầu tư dự án Kè chống sạt lở bờ sông Tranh đoạn qua xã Hiệp Đức",
        UBND_DN,
        "Phê duyệt dự án, lựa chọn nhà thầu và khởi công Kè chống sạt lở bờ sông Tranh trước mùa "
        "mưa bão năm 2026",
        date(2026, 10, 15),
    ),
    (
        "Thông qua danh mục công trình, dự án cần thu hồi đất năm 2026 " + DN + " (bổ sung)",
        UBND_DN,
        "Hoàn thành bồi thường, hỗ trợ, tái định cư và thu hồi đất đối với 14 công trình, dự án "
        "bổ sung trong danh mục",
        date(2026, 10, 31),
    ),
    (
        "Quy định mức thu học phí đối với cơ sở giáo dục công lập năm học 2026 - 2027 " + DN,
        UBND_DN,
        "Rà soát, tổng hợp kết quả miễn, giảm học phí học kỳ I năm học 2026 - 2027 tại các "
        "phường, xã; báo cáo Thường trực HĐND thành phố",
        date(2026, 11, 20),
    ),
]

# Thái Nguyên after the merger with Bắc Kạn (seed 004: the coordination regulation of the
# Thường trực, UBND and the Front): (agency, title, start, due); kind OTHER, no resolution.
UBND_TN = "Ủy ban nhân dân tỉnh Thái Nguyên"
STC_TN = "Sở Tài chính tỉnh Thái Nguyên"
THAI_NGUYEN_OBLIGATIONS: list[tuple[str, str, date, date]] = [
    (
        UBND_TN,
        "Dự thảo Quy chế phối hợp giữa Thường trực HĐND tỉnh, UBND tỉnh và Ban Thường trực Ủy ban "
        "MTTQ Việt Nam tỉnh nhiệm kỳ 2026 - 2031, thay Quy chế 379/QCPH của tỉnh Bắc Kạn (cũ)",
        date(2026, 8, 12),
        date(2026, 9, 30),
    ),
    (
        UBND_TN,
        "Báo cáo Thường trực HĐND tỉnh kết quả rà soát các dự án đầu tư công chuyển tiếp trên địa "
        "bàn tỉnh Bắc Kạn (cũ) sau hợp nhất",
        date(2026, 9, 14),
        date(2026, 10, 31),
    ),
    (
        STC_TN,
        "Báo cáo kết quả giải ngân vốn các Chương trình mục tiêu quốc gia năm 2026 tại các xã "
        "vùng đồng bào dân tộc thiểu số thuộc tỉnh Bắc Kạn (cũ)",
        date(2026, 9, 14),
        date(2026, 11, 15),
    ),
    (
        UBND_TN,
        "Hoàn thành phương án sắp xếp, xử lý trụ sở, tài sản công dôi dư tại phường Bắc Kạn và "
        "phường Đức Xuân sau sắp xếp đơn vị hành chính",
        date(2026, 9, 14),
        date(2026, 11, 30),
    ),
]


def load(actor: User) -> None:
    """Load (or complete) the follow-up demo; safe to run any number of times."""
    today = timezone.localdate()
    councils = {key: _council(*key) for key, _clerk, _plan in PLANS}
    _da_nang_tasks(actor, councils[("48", REFORM)])
    _thai_nguyen_obligations(actor, councils[("19", REFORM)])
    for key, username, plan in PLANS:
        council = councils[key]
        if council is not None:
            _play(_clerk(username, council) or actor, council, plan, today)
    # The same call as the daily task: a second run the same day adds nothing.
    reminders.reminders_send(today=today)


def _council(code: str, valid_from: date) -> Council | None:
    return Council.objects.filter(unit__code=code, unit__valid_from=valid_from).first()


def _clerk(username: str, council: Council) -> User | None:
    """The office records what happened, as it would (the pages show who entered each step)."""
    clerk = User.objects.filter(username=username).first()
    if clerk is not None and followups.may(clerk, followups.ESCALATE, council):
        return clerk
    return None


def _agency(council: Council, name: str) -> Agency | None:
    return Agency.objects.filter(council=council, name=name).first()


def _da_nang_tasks(actor: User, council: Council | None) -> None:
    if council is None:
        return
    for title, agency_name, description, due_on in DA_NANG_TASKS:
        resolution = Resolution.objects.filter(council=council, title=title).first()
        agency = _agency(council, agency_name)
        if resolution is None or agency is None:
            logger.warning("Demo follow-up task skipped (no resolution or agency): %s", title)
            continue
        if ImplementationTask.objects.filter(
            resolution=resolution, description=description
        ).exists():
            continue
        resolution_services.task_create(
            actor=actor,
            resolution=resolution,
            agency=agency,
            description=description,
            due_on=due_on,
        )


def _thai_nguyen_obligations(actor: User, council: Council | None) -> None:
    if council is None:
        return
    for agency_name, title, start_on, due_on in THAI_NGUYEN_OBLIGATIONS:
        agency = _agency(council, agency_name)
        if agency is None or Obligation.objects.filter(council=council, title=title).exists():
            continue
        followups.obligation_create(
            actor=actor,
            council=council,
            kind=Obligation.Kind.OTHER,
            title=title,
            owed_by=agency,
            start_on=start_on,
            fixed_due_on=due_on,
        )


# --- the story of a council --------------------------------------------------------------------


def _play(actor: User, council: Council, plan: Plan, today: date) -> None:
    targets = _extension_days(council, today)
    for step in plan:
        if _taken(council, step):
            continue
        for obligation in _candidates(council):
            if _fits(obligation, step, today, targets):
                _take(actor, obligation, step, today, targets)
                break
        else:
            logger.warning("Demo follow-up step without an obligation in %s: %s", council, step)


def _taken(council: Council, step: Close | Escalate | Extend) -> bool:
    if isinstance(step, Close):
        return Obligation.objects.filter(council=council, outcome_note=step.note).exists()
    if isinstance(step, Escalate):
        return EscalationEvent.objects.filter(
            obligation__council=council, document_number=step.events[0][2]
        ).exists()
    return ObligationExtension.objects.filter(
        obligation__council=council, document_number=step.document_number
    ).exists()


def _candidates(council: Council) -> QuerySet[Obligation]:
    """Open, counted obligations no step has touched, by due date. Periodic report requests
    follow their task's reports (resolutions.services) and are left to them."""
    extended = ObligationExtension.objects.filter(obligation=OuterRef("pk"))
    escalated = EscalationEvent.objects.filter(obligation=OuterRef("pk"))
    return (
        Obligation.objects.filter(
            council=council, outcome="", exclusion="", withdrawn_at__isnull=True
        )
        .exclude(kind=Obligation.Kind.REPORT_REQUEST)
        .exclude(Exists(extended) | Exists(escalated))
        .select_related("owed_by")
        .order_by("due_on", "id")
    )


def _extension_days(council: Council, today: date) -> list[date]:
    """The council's reminder days from today, working days first (an approved due date rarely
    falls on a weekend), nearest first."""
    days = [today + timedelta(days=d) for d in rules.day_list(council, rules.REMINDER_DAYS, today)]
    return sorted(days, key=lambda day: (not calendar.is_working_day(day, council), day))


def _on(obligation: Obligation, days: int) -> date:
    return max(obligation.due_on + timedelta(days=days), obligation.start_on)


def _fits(
    obligation: Obligation, step: Close | Escalate | Extend, today: date, targets: list[date]
) -> bool:
    if isinstance(step, Close):
        pending = Obligation.objects.filter(
            source_type_id=obligation.source_type_id,
            source_id=obligation.source_id,
            outcome="",
            withdrawn_at__isnull=True,
        ).exclude(pk=obligation.pk)
        # A task still owing a periodic report is closed through its task, not here.
        return _on(obligation, step.days) <= today and not (
            obligation.source_id is not None and pending.exists()
        )
    if isinstance(step, Escalate):
        last = max(days for _step, days, _number, _note in step.events)
        if step.report is not None:
            last = max(last, step.report.days)
        return obligation.due_on < today and _on(obligation, last) <= today
    if step.rank >= len(targets) or targets[step.rank] <= obligation.due_on:
        return False
    return step.report is None or _on(obligation, step.report.days) <= today


def _take(
    actor: User,
    obligation: Obligation,
    step: Close | Escalate | Extend,
    today: date,
    targets: list[date],
) -> None:
    if isinstance(step, Escalate):
        for kind, days, number, note in step.events:
            followups.obligation_escalate(
                actor=actor,
                obligation=obligation,
                step=kind,
                happened_on=_on(obligation, days),
                note=note,
                document_number=number,
                document_date=_on(obligation, days),
            )
    if step.report is not None:
        _report(actor, obligation, step.report)
    if isinstance(step, Close):
        followups.obligation_close(
            actor=actor,
            obligation=obligation,
            outcome=step.outcome,
            ended_on=_on(obligation, step.days),
            outcome_note=step.note,
        )
    elif isinstance(step, Extend):
        followups.obligation_extend(
            actor=actor,
            obligation=obligation,
            new_due_on=targets[step.rank],
            reason=step.reason,
            document_number=step.document_number,
            document_date=today,
        )


def _report(actor: User, obligation: Obligation, report: Report) -> None:
    issuer = _issuer(obligation.owed_by)
    on = _on(obligation, report.days)
    files = []
    if report.evidence:
        files = [
            pdf_file(
                f"bao-cao-{report.number}.pdf",
                f"Bao cao so {report.number}/BC-{issuer} ngay {on:%d/%m/%Y}",
                obligation.title,
                report.content,
            )
        ]
    followups.obligation_report(
        actor=actor,
        obligation=obligation,
        reported_on=on,
        content=report.content,
        reference=f"{report.number}/BC-{issuer}" if issuer else "",
        progress=report.progress,
        files=files,
    )


def _issuer(agency: Agency | None) -> str:
    """The issuer's code of a report number: UBND for a people's committee, "STC" for "Sở Tài
    chính ..." (initials up to the place name); "" where no usual code is known."""
    if agency is None:
        return ""
    if agency.kind == Agency.Kind.PEOPLE_COMMITTEE:
        return "UBND"
    words = agency.name.split()
    if not words or words[0] != "Sở":
        return ""
    initials = []
    for word in words[1:]:
        if word in ("thành", "tỉnh"):
            break
        if word != "và":
            initials.append(word[0].upper())
    return "S" + "".join(initials)

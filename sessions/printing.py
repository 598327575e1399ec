"""What the session results report (Báo cáo kết quả kỳ họp) says, read in a fixed number of queries.

The print view and the PDF render the same `SessionResults`; the templates only lay it out in the
format of Decree 30/2020/NĐ-CP (DOMAIN.md §14). Percentages are of the total number of delegates
stored with each vote, never of those present (§5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

from core.documents import Block, Cell, Column, OfficialDocument, Signer, heading, paragraph, table
from core.text import percent
from councils import rules
from councils.models import AdministrativeUnit
from councils.selectors import standing_chair_name
from sessions import selectors
from sessions.models import ConfidencePoll, Session, Sitting, Vote
from sessions.services import Quorum, sitting_quorums

if TYPE_CHECKING:
    from core.models import User
    from resolutions.models import Resolution

# A session has results to report once it has opened; they are final once it has closed, and
# until then every copy carries the "DỰ THẢO" (draft) mark.
NOT_OPENED = (
    Session.Status.PLANNED,
    Session.Status.CONVENED,
    Session.Status.DOCUMENTS_SENT,
)
FINAL = (Session.Status.CLOSED, Session.Status.RECORDS_PUBLISHED)
PART_ORDER = {
    Sitting.Part.MORNING: 0,
    Sitting.Part.AFTERNOON: 1,
    Sitting.Part.EVENING: 2,
}


@dataclass(frozen=True)
class SittingRow:
    sitting: Sitting
    present: int
    excused: int
    absent: int
    quorum: Quorum
    present_pct: str

    @property
    def unrecorded(self) -> int:
        return max(self.quorum.total - self.present - self.excused - self.absent, 0)


@dataclass(frozen=True)
class VoteRow:
    number: int
    title: str
    vote: Vote
    for_pct: str
    against_pct: str
    abstain_pct: str


@dataclass(frozen=True)
class PollResult:
    poll: ConfidencePoll
    rows: list[dict]


@dataclass
class SessionResults:
    session: Session
    start: date  # the session's dates: actual when recorded, else planned
    end: date
    dated: date  # the report's date: the day the session closed (or was planned to)
    place: str  # "Hiệp Đức": the unit's short name, for the place-and-date line
    unit_label: str  # "huyện Hiệp Đức"
    delegates: int
    sittings: list[SittingRow]
    item_count: int
    votes: list[VoteRow]
    resolutions: list[Resolution]
    questions: dict[str, int]
    polls: list[PollResult]
    chair: str
    parent_label: str = ""  # "tỉnh Quảng Nam": the level above, first of the recipients

    @property
    def draft(self) -> bool:
        return self.session.status not in FINAL

    @property
    def unit_caps(self) -> str:
        return self.unit_label.upper()

    @property
    def passed_count(self) -> int:
        return sum(1 for row in self.votes if row.vote.passed)

    @property
    def document(self) -> OfficialDocument:
        """The whole report as one official document: the print page and the PDF lay it out with
        the shared partials (templates/documents/), the DOCX with python-docx, from these same
        blocks. Read inside the document's language (Vietnamese): the print page and the PDF
        read it while their template renders in Vietnamese, the DOCX view under an override."""
        number, term, unit = self.session.number, self.session.term.name, self.unit_label
        recipients = [gettext("Thường trực HĐND %(parent)s;") % {"parent": self.parent_label}]
        recipients = recipients if self.parent_label else []
        recipients += [
            gettext("Thường trực HĐND, UBND %(unit)s;") % {"unit": unit},
            gettext("Ủy ban MTTQ Việt Nam %(unit)s;") % {"unit": unit},
            gettext("Đại biểu HĐND %(unit)s;") % {"unit": unit},
            gettext("Lưu: VT, VP."),
        ]
        closing = gettext(
            "Trên đây là báo cáo kết quả Kỳ họp thứ %(number)s, HĐND %(unit)s nhiệm kỳ %(term)s./."
        ) % {"number": number, "unit": unit, "term": term}
        return OfficialDocument(
            issuer=(gettext("HỘI ĐỒNG NHÂN DÂN"), self.unit_caps),
            symbol="BC-HĐND",
            place=self.place,
            dated=self.dated,
            kind=gettext("BÁO CÁO"),
            title=gettext("Kết quả Kỳ họp thứ %(number)s, HĐND %(unit)s nhiệm kỳ %(term)s")
            % {"number": number, "unit": unit, "term": term},
            body=[
                self._opening(),
                *self._attendance(),
                *self._votes(),
                *self._resolutions(),
                *self._questions(),
                *self._polls(),
            ],
            closing=[paragraph(closing)],
            recipients=tuple(recipients),
            signer=Signer(gettext("TM. THƯỜNG TRỰC HĐND"), gettext("CHỦ TỊCH"), self.chair),
            draft=self.draft,
        )

    def _opening(self) -> Block:
        s = self.session
        values = {
            "number": s.number,
            "unit": self.unit_label,
            "term": s.term.name,
            "start": _day(self.start),
            "end": _day(self.end),
            "place": s.place,
        }
        if self.start == self.end:
            text = gettext(
                "Kỳ họp thứ %(number)s, Hội đồng nhân dân %(unit)s nhiệm kỳ %(term)s diễn ra "
                "ngày %(start)s"
            )
        else:
            text = gettext(
                "Kỳ họp thứ %(number)s, Hội đồng nhân dân %(unit)s nhiệm kỳ %(term)s diễn ra "
                "từ ngày %(start)s đến ngày %(end)s"
            )
        text %= values
        if s.place:
            text += " " + gettext("tại %(place)s") % values
        if s.title:
            text += f" ({s.title})"
        text += ". " + gettext("Thường trực HĐND %(unit)s báo cáo kết quả kỳ họp như sau:") % values
        return paragraph(text)

    def _attendance(self) -> list[Block]:
        text = gettext("Tổng số đại biểu HĐND %(unit)s: %(total)s đại biểu.") % {
            "unit": self.unit_label,
            "total": self.delegates,
        }
        if not self.sittings:
            text += " " + gettext("Chưa ghi nhận điểm danh các phiên họp.")
            return [heading(gettext("I. TÌNH HÌNH ĐẠI BIỂU THAM DỰ KỲ HỌP")), paragraph(text)]
        text += " " + gettext(
            "Số đại biểu tham dự từng phiên họp (tỷ lệ tính trên tổng số đại biểu):"
        )
        rows = []
        for i, row in enumerate(self.sittings, 1):
            sitting = f"{row.sitting.get_part_display()} {_day(row.sitting.on)}"
            if row.sitting.closed:
                sitting += f" ({gettext('họp kín')})"
            met = gettext("Đủ") if row.quorum.met else gettext("Không đủ")
            needed = gettext("cần ít nhất %(required)s") % {"required": row.quorum.required}
            rows.append(
                (
                    Cell(str(i), align="c"),
                    Cell(sitting),
                    Cell(f"{row.present}/{row.quorum.total}", row.present_pct, "n"),
                    Cell(str(row.excused), align="n"),
                    Cell(str(row.absent), align="n"),
                    Cell(met, needed, "c"),
                )
            )
        columns = [
            Column(gettext("TT"), 7),
            Column(gettext("Phiên họp")),
            Column(gettext("Có mặt"), 15),
            Column(gettext("Vắng có lý do"), 13),
            Column(gettext("Vắng không lý do"), 13),
            Column(gettext("Điều kiện tiến hành"), 24),
        ]
        return [
            heading(gettext("I. TÌNH HÌNH ĐẠI BIỂU THAM DỰ KỲ HỌP")),
            paragraph(text),
            table(columns, rows),
        ]

    def _votes(self) -> list[Block]:
        title = heading(gettext("II. KẾT QUẢ BIỂU QUYẾT"))
        if not self.votes:
            text = gettext(
                "Kỳ họp đã xem xét %(items)s nội dung theo chương trình; chưa ghi nhận kết quả "
                "biểu quyết."
            ) % {"items": self.item_count}
            return [title, paragraph(text)]
        text = gettext(
            "Kỳ họp đã xem xét %(items)s nội dung theo chương trình và tiến hành %(votes)s lượt "
            "biểu quyết, trong đó %(passed)s lượt được thông qua. Tỷ lệ tính trên tổng số đại biểu "
            "HĐND; nội dung được thông qua khi số đại biểu tán thành đạt mức cần thiết."
        ) % {"items": self.item_count, "votes": len(self.votes), "passed": self.passed_count}
        columns = [
            Column(gettext("TT"), 6),
            Column(gettext("Nội dung biểu quyết")),
            Column(gettext("Tán thành"), 12),
            Column(gettext("Không tán thành"), 12),
            Column(gettext("Không biểu quyết"), 12),
            Column(gettext("Cần đạt"), 9),
            Column(gettext("Kết quả"), 13),
        ]
        rows = [
            (
                Cell(str(row.number), align="c"),
                Cell(row.title),
                Cell(f"{row.vote.votes_for}/{row.vote.total_delegates}", row.for_pct, "n"),
                Cell(str(row.vote.votes_against), row.against_pct, "n"),
                Cell(str(row.vote.votes_abstain), row.abstain_pct, "n"),
                Cell(str(row.vote.required), align="n"),
                Cell(
                    gettext("Thông qua") if row.vote.passed else gettext("Không thông qua"),
                    align="c",
                ),
            )
            for row in self.votes
        ]
        return [title, paragraph(text), table(columns, rows)]

    def _resolutions(self) -> list[Block]:
        title = heading(gettext("III. CÁC NGHỊ QUYẾT ĐÃ THÔNG QUA"))
        if not self.resolutions:
            return [title, paragraph(gettext("Kỳ họp chưa ghi nhận nghị quyết được thông qua."))]
        text = gettext("Kỳ họp đã thông qua %(count)s nghị quyết:") % {
            "count": len(self.resolutions)
        }
        columns = [
            Column(gettext("TT"), 6),
            Column(gettext("Số, ký hiệu"), 24),
            Column(gettext("Trích yếu")),
        ]
        rows = [
            (
                Cell(str(i), align="c"),
                Cell(r.number or gettext("Chưa cấp số"), align="n"),
                Cell(r.title),
            )
            for i, r in enumerate(self.resolutions, 1)
        ]
        return [title, paragraph(text), table(columns, rows)]

    def _questions(self) -> list[Block]:
        title = heading(gettext("IV. HOẠT ĐỘNG CHẤT VẤN VÀ TRẢ LỜI CHẤT VẤN"))
        q = self.questions
        if not q["asked"]:
            return [title, paragraph(gettext("Kỳ họp không tiến hành hoạt động chất vấn."))]
        text = (
            gettext(
                "Tại kỳ họp, %(delegates)s đại biểu đã nêu %(asked)s câu hỏi chất vấn đối với "
                "%(respondents)s người trả lời chất vấn; %(answered)s câu hỏi đã được trả "
                "lời. Thường trực HĐND ghi nhận %(commitments)s nội dung cam kết để theo dõi, "
                "giám sát việc thực hiện."
            )
            % q
        )
        return [title, paragraph(text)]

    def _polls(self) -> list[Block]:
        if not self.polls:
            return []
        blocks = [heading(gettext("V. KẾT QUẢ LẤY PHIẾU, BỎ PHIẾU TÍN NHIỆM"))]
        for result in self.polls:
            poll = result.poll
            values = {"kind": poll.get_kind_display(), "held_on": _day(poll.held_on)}
            if poll.denominator == "ballots":
                text = gettext("%(kind)s ngày %(held_on)s; tỷ lệ tính trên tổng số phiếu phát ra.")
            else:
                text = gettext("%(kind)s ngày %(held_on)s; tỷ lệ tính trên tổng số đại biểu HĐND.")
            graded = poll.kind == "poll"  # lấy phiếu: three grades; bỏ phiếu: two
            columns = [Column(gettext("TT"), 6), Column(gettext("Họ và tên, chức vụ"))]
            if graded:
                columns += [
                    Column(gettext("Tín nhiệm cao"), 15),
                    Column(gettext("Tín nhiệm"), 15),
                    Column(gettext("Tín nhiệm thấp"), 15),
                ]
            else:
                columns += [
                    Column(gettext("Tín nhiệm"), 18),
                    Column(gettext("Không tín nhiệm"), 18),
                ]
            rows = []
            for i, row in enumerate(result.rows, 1):
                entry = row["entry"]
                counts = [("high", entry.high)] if graded else []
                counts += [("confidence", entry.confidence), ("low", entry.low)]
                rows.append(
                    (
                        Cell(str(i), align="c"),
                        Cell(entry.full_name, entry.office),
                        *(
                            Cell("—" if n is None else str(n), row[f"{key}_pct"], "n")
                            for key, n in counts
                        ),
                    )
                )
            blocks += [paragraph(text % values), table(columns, rows)]
            blocks += [
                paragraph(
                    f"{row['entry'].full_name} ({row['entry'].office}): {row['consequence_label']}."
                )
                for row in result.rows
                if row["consequence"] != "none"
            ]
        return blocks


def _day(value: date) -> str:
    return date_format(value, "d/m/Y")


RESULTS_TEMPLATE = "sessions/pdf/results.html"


def session_results_pdf(*, user: User, session: Session) -> bytes:
    """The report as PDF bytes, from core.pdf's cache when its HTML was built before.

    `session` comes from `session_get(user=...)`; the view and the background build call this
    same function, so they render the same HTML and share the stored file.
    """
    from core.pdf import cached_pdf

    report = session_results(user=user, session=session)
    return cached_pdf(
        RESULTS_TEMPLATE,
        {"session": session, "report": report},
        key_prefix=f"reports/session-results/{session.pk}",
    )


def session_results_prebuild(*, session_id: int, requested_by_id: int) -> bool:
    """Build (or find already built) the report as the user whose change queued it sees it.

    Safe to run twice or late: the file is named by its HTML, so a second run, or one that comes
    after further changes, finds or builds the report as it stands. False when there is nothing
    to build: the user or session is gone, out of the user's scope, or has no results.
    """
    user = get_user_model().objects.filter(pk=requested_by_id, is_active=True).first()
    if user is None:
        return False
    try:
        session = selectors.session_get(user=user, pk=session_id)
    except Session.DoesNotExist:
        return False
    if not has_results(session):
        return False
    session_results_pdf(user=user, session=session)
    return True


def has_results(session: Session) -> bool:
    """A session that has not opened has nothing to report: no report is offered for it."""
    return session.status not in NOT_OPENED


def unit_label(unit: AdministrativeUnit) -> str:
    """'huyện Hiệp Đức': the unit's name with its lower-case kind, as written inside a sentence."""
    return unit.label


def chair_name(*, user: User, session: Session, on: date) -> str:
    """The Chủ tịch of the council's standing committee of the session's term on the day."""
    return standing_chair_name(user=user, council=session.council, on=on, term=session.term)


def _sitting_rows(session: Session, decimals: int) -> list[SittingRow]:
    """Every sitting with its roll and quorum, in the same queries whatever their number."""
    rows = []
    sittings = sorted(
        selectors.session_sittings(session), key=lambda s: (s.on, PART_ORDER.get(s.part, 9), s.pk)
    )
    quorums = sitting_quorums(session, sittings)
    for s in sittings:
        quorum = quorums[s.pk]
        rows.append(
            SittingRow(
                sitting=s,
                present=s.present,
                excused=s.excused,
                absent=s.absent,
                quorum=quorum,
                present_pct=percent(s.present, quorum.total, decimals),
            )
        )
    return rows


def _vote_rows(session: Session, decimals: int) -> tuple[int, list[VoteRow]]:
    items = list(selectors.session_items(session))
    rows = []
    for item in items:
        for vote in item.votes.all():
            title = item.title
            if vote.subject and vote.subject != item.title:
                title = f"{item.title}: {vote.subject}"
            total = vote.total_delegates
            rows.append(
                VoteRow(
                    number=len(rows) + 1,
                    title=title,
                    vote=vote,
                    for_pct=percent(vote.votes_for, total, decimals),
                    against_pct=percent(vote.votes_against, total, decimals),
                    abstain_pct=percent(vote.votes_abstain, total, decimals),
                )
            )
    return len(items), rows


def session_results(*, user: User, session: Session) -> SessionResults:
    """Everything the report prints; `session` comes from `session_get`, so it is in scope."""
    council = session.council
    unit = council.unit
    start = session.actual_start or session.planned_start
    dated = end = session.actual_end or session.planned_end
    decimals = rules.int_value(council, rules.PERCENT_DECIMALS, dated)
    item_count, votes = _vote_rows(session, decimals)
    from resolutions.selectors import session_resolutions_passed  # resolutions import sessions

    passed = session_resolutions_passed(user=user, session_id=session.pk).order_by(
        "year", "kind", "sequence", "id"
    )
    questions = selectors.question_list(user=user, session=session).aggregate(
        asked=Count("id", distinct=True),
        answered=Count("id", filter=~Q(answer=""), distinct=True),
        delegates=Count("asked_by", distinct=True),
        respondents=Count("respondent", distinct=True),
        commitments=Count("commitments", distinct=True),
    )
    polls = [
        PollResult(poll=poll, rows=selectors.poll_rows(poll))
        for poll in selectors.poll_list(user=user, session=session)
        .filter(status__in=(ConfidencePoll.Status.COUNTED, ConfidencePoll.Status.CONFIRMED))
        .order_by("held_on", "id")
    ]
    label = unit_label(unit)
    return SessionResults(
        session=session,
        start=start,
        end=end,
        dated=dated,
        place=unit.name,
        unit_label=label,
        delegates=selectors.delegate_total(council, start),
        sittings=_sitting_rows(session, decimals),
        item_count=item_count,
        votes=votes,
        resolutions=list(passed),
        questions=questions,
        polls=polls,
        chair=chair_name(user=user, session=session, on=dated),
        parent_label=unit_label(parent)
        if (parent := AdministrativeUnit.objects.get_parent(unit))
        else "",
    )

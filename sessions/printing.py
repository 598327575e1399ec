"""What the session results report (Báo cáo kết quả kỳ họp) says, read in a fixed number of queries.

The print view and the PDF render the same `SessionResults`; the templates only lay it out in the
format of Decree 30/2020/NĐ-CP (DOMAIN.md §14). Percentages are of the total number of delegates
stored with each vote, never of those present (§5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext

from core.documents import OfficialDocument, Signer
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
        """The report's head and signature in the shared layout (templates/documents/); read
        while the template renders, so its words are in the document's language (Vietnamese)."""
        number, term, unit = self.session.number, self.session.term.name, self.unit_label
        recipients = [gettext("Thường trực HĐND %(parent)s;") % {"parent": self.parent_label}]
        recipients = recipients if self.parent_label else []
        recipients += [
            gettext("Thường trực HĐND, UBND %(unit)s;") % {"unit": unit},
            gettext("Ủy ban MTTQ Việt Nam %(unit)s;") % {"unit": unit},
            gettext("Đại biểu HĐND %(unit)s;") % {"unit": unit},
            gettext("Lưu: VT, VP."),
        ]
        return OfficialDocument(
            issuer=(gettext("HỘI ĐỒNG NHÂN DÂN"), self.unit_caps),
            symbol="BC-HĐND",
            place=self.place,
            dated=self.dated,
            kind=gettext("BÁO CÁO"),
            title=gettext("Kết quả Kỳ họp thứ %(number)s, HĐND %(unit)s nhiệm kỳ %(term)s")
            % {"number": number, "unit": unit, "term": term},
            recipients=tuple(recipients),
            signer=Signer(gettext("TM. THƯỜNG TRỰC HĐND"), gettext("CHỦ TỊCH"), self.chair),
            draft=self.draft,
        )


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

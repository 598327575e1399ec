"""Demo sessions and resolutions, after the seed articles (shared/seeds).

The figures the articles give are kept: Huyện Hiệp Đức held 2 sessions and passed 11 resolutions
in the first 8 months of 2023 (seed 000); Tỉnh Bắc Kạn held 8 sessions in 2023, 6 of them
thematic, passed 97 resolutions and polled confidence at its year-end session (seed 004). People
the articles name keep their roles; everything else (titles, dates, numbers of decisions, votes,
people the articles do not name, every poll figure) is illustrative.

Every write goes through the services and every step first looks for its natural key (a session
by council, term and number; a resolution by council and title; an agenda item or a document by
session and title...), so loading twice changes nothing.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.text import slugify

from core.demo import date_steps as _date_steps
from core.demo import on_day as _on_day
from councils import services as council_services
from councils.models import Agency, Body, BodyMembership, Council, CouncilMembership, Term
from oversight import demo as oversight_demo
from oversight.models import Commitment, ExplanationHearing, StandingMeeting
from resolutions import services as resolution_services
from resolutions.models import (
    Field,
    ImplementationReport,
    ImplementationTask,
    Resolution,
    ResolutionLink,
    ResolutionTransition,
)
from sessions import services
from sessions.models import (
    AgendaItem,
    Attendance,
    ConfidencePoll,
    Document,
    Question,
    Session,
    SessionTransition,
    Sitting,
    Vote,
)
from sessions.selectors import seated_delegates

if TYPE_CHECKING:
    from core.models import User

logger = logging.getLogger(__name__)
OLD = date(1997, 1, 1)
REFORM = date(2025, 7, 1)

S = Session.Status
STATUS_ORDER = [s.value for s in Session.Status]  # planned → ... → records_published
NORM = Resolution.Kind.NORMATIVE
IND = Resolution.Kind.INDIVIDUAL
F = Field
C = Body.CommitteeType
R = BodyMembership.Role
K = AgendaItem.Kind
UBND = "ubnd"  # the council's people's committee presents the item
HDND = "hdnd"  # the standing committee presents it (no agency)

# Which Ban reviews a draft, by field: the first of these the council has.
BAN_FOR_FIELD: dict[str, tuple[str, ...]] = {
    F.BUDGET: (C.ECONOMY_BUDGET, C.ECONOMY_SOCIETY),
    F.SOCIO_ECONOMIC: (C.ECONOMY_BUDGET, C.ECONOMY_SOCIETY),
    F.INVESTMENT: (C.ECONOMY_BUDGET, C.ECONOMY_SOCIETY),
    F.LAND: (C.URBAN, C.ECONOMY_BUDGET, C.ECONOMY_SOCIETY),
    F.AGRICULTURE: (C.ECONOMY_BUDGET, C.ECONOMY_SOCIETY),
    F.INDUSTRY: (C.URBAN, C.ECONOMY_BUDGET, C.ECONOMY_SOCIETY),
    F.ENVIRONMENT: (C.URBAN, C.ECONOMY_BUDGET, C.ECONOMY_SOCIETY),
    F.EDUCATION: (C.CULTURE_SOCIETY, C.ECONOMY_SOCIETY),
    F.HEALTH: (C.CULTURE_SOCIETY, C.ECONOMY_SOCIETY),
    F.CULTURE: (C.CULTURE_SOCIETY, C.ECONOMY_SOCIETY),
    F.SOCIAL: (C.CULTURE_SOCIETY, C.ECONOMY_SOCIETY),
    F.ETHNIC: (C.ETHNIC, C.CULTURE_SOCIETY, C.ECONOMY_SOCIETY),
    F.ORGANISATION: (C.LEGAL,),
    F.SECURITY: (C.LEGAL,),
    F.OVERSIGHT: (C.LEGAL,),
    F.OTHER: (C.LEGAL,),
}


@dataclass(frozen=True)
class Draft:
    """A draft resolution on the agenda; adopted (and registered) unless `fails`.

    `link` = (title of an earlier resolution of the council, link kind): the title may contain
    "{number}", filled with that resolution's number.
    """

    title: str
    field: str
    kind: str = IND
    presenter: str = UBND
    effective_days: int = 0
    link: tuple[str, str] | None = None
    fails: bool = False
    ballots: bool = False
    item_kind: str = K.DRAFT_RESOLUTION
    method: str = ""


@dataclass(frozen=True)
class Plan:
    """One session: its dates, decision, agenda and how far its workflow has gone."""

    number: str
    kind: str
    title: str
    start: date
    end: date
    status: str
    drafts: list[Draft]
    convening: tuple[str, date] | None = None
    sent_on: date | None = None
    reports: list[tuple[str, str, str]] = field(default_factory=list)  # title, kind, presenter
    published_on: date | None = None


@dataclass
class Ctx:
    """What the sessions of one council in one term share."""

    council: Council
    term: Term
    actor: User
    place: str
    method: str
    agencies: dict[str, Agency]
    bans: dict[str, Body]
    signer: str = ""
    guarded: set[int] = field(default_factory=set)  # delegates never marked away (leaders)


# --- small helpers -----------------------------------------------------------------------------


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.encode("ascii", "replace").decode("ascii")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(*lines: str) -> bytes:
    """A small, valid one-page PDF with the given lines (ASCII-folded: no embedded font)."""
    wrapped: list[str] = []
    for line in lines:
        words, current = _ascii(line).split(), ""
        for word in words:
            if len(current) + len(word) + 1 > 88:
                wrapped.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        wrapped.append(current)
    text = " T* ".join(f"({w}) Tj" for w in wrapped[:45])
    stream = f"BT /F1 11 Tf 14 TL 56 790 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_file(name: str, *lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(*lines), content_type="application/pdf")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _reached(session: Session, status: str) -> bool:
    return STATUS_ORDER.index(session.status) >= STATUS_ORDER.index(status)


def _council(code: str, valid_from: date = OLD) -> Council:
    return Council.objects.select_related("unit").get(unit__code=code, unit__valid_from=valid_from)


def _agency_kind(name: str) -> str:
    A = Agency.Kind  # noqa: N806
    if name.startswith("Ủy ban nhân dân"):
        return A.PEOPLE_COMMITTEE
    if name.startswith("Ủy ban MTTQ"):
        return A.FATHERLAND_FRONT
    if name.startswith(("Sở", "Ban ")):
        return A.DEPARTMENT
    if name.startswith(("Phòng", "Văn phòng")):
        return A.OFFICE
    return A.OTHER


class DemoConflictError(Exception):
    """A session with the demo's number exists but is not the demo's (data entered by hand)."""


class SessionDemo:
    """Builds sessions and what hangs off them; every helper returns what exists or creates it."""

    def __init__(self, actor: User) -> None:
        self.actor = actor

    # --- councils' people and agencies ---------------------------------------------------------
    def agency(self, council: Council, name: str) -> Agency:
        found = Agency.objects.filter(council=council, name=name).first()
        if found is not None:
            return found
        return council_services.agency_create(
            actor=self.actor, council=council, name=name, kind=_agency_kind(name)
        )

    def leadership(self, council: Council, term: Term, on: date, vice_chairs: int) -> list:
        """Give the standing committee a chair and vice-chairs where the councils' demo left
        them out, from seated delegates who hold no other post; returns [chair, *vice-chairs]."""
        standing = Body.objects.get(council=council, term=term, kind=Body.Kind.STANDING)
        posts = BodyMembership.objects.filter(body__council=council, body__term=term).exclude(
            body__kind=Body.Kind.DELEGATE_GROUP
        )
        busy = set(posts.values_list("delegate_id", flat=True))
        seated = CouncilMembership.objects.filter(council=council, term=term).order_by("id")
        free = [m.delegate for m in seated.select_related("delegate") if m.delegate_id not in busy]
        wanted = [(R.CHAIR, 1), (R.VICE_CHAIR, vice_chairs)]
        for role, count in wanted:
            have = standing.members.filter(role=role).count()
            for _i in range(count - have):
                council_services.body_membership_create(
                    actor=self.actor,
                    body=standing,
                    delegate=free.pop(0),
                    role=role,
                    start_on=max(on, term.start_on),
                )
        chair = standing.members.filter(role=R.CHAIR).select_related("delegate").first()
        vices = standing.members.filter(role=R.VICE_CHAIR).select_related("delegate")
        return [chair.delegate, *(m.delegate for m in vices.order_by("id"))]

    def context(
        self, council: Council, term: Term, *, place: str, method: str, agencies: list[str]
    ) -> Ctx:
        bans = {
            b.committee_type: b
            for b in Body.objects.filter(council=council, term=term, kind=Body.Kind.COMMITTEE)
        }
        found = {name: self.agency(council, name) for name in agencies}
        ubnd = next(a for a in found.values() if a.kind == Agency.Kind.PEOPLE_COMMITTEE)
        leaders = BodyMembership.objects.filter(
            body__council=council, body__term=term, role__in=[R.CHAIR, R.VICE_CHAIR]
        ).select_related("delegate")
        chair = next((m.delegate.full_name for m in leaders if m.role == R.CHAIR), "")
        return Ctx(
            council=council,
            term=term,
            actor=self.actor,
            place=place,
            method=method,
            agencies={UBND: ubnd, **found},
            bans=bans,
            signer=chair,
            guarded={m.delegate_id for m in leaders},
        )

    # --- one session ---------------------------------------------------------------------------
    def run(self, ctx: Ctx, plan: Plan) -> Session:
        """Create the session (or find it) and take it as far as the plan says."""
        session = Session.objects.filter(
            council=ctx.council, term=ctx.term, number=plan.number
        ).first()
        if session is not None and (session.planned_start, session.kind) != (plan.start, plan.kind):
            raise DemoConflictError(
                f"{ctx.council.name}: {session} ({session.planned_start:%d/%m/%Y}) "
                "is not the demo's session"
            )
        if session is None:
            convening_number, convening_date = plan.convening or ("", None)
            session = services.session_create(
                actor=self.actor,
                council=ctx.council,
                term=ctx.term,
                number=plan.number,
                kind=plan.kind,
                title=plan.title,
                planned_start=plan.start,
                planned_end=plan.end,
                place=ctx.place,
                convening_number=convening_number,
                convening_date=convening_date,
            )
        sittings = self.sittings(session, plan)
        items = self.agenda(ctx, session, plan, sittings)
        self.documents(ctx, session, plan, items)
        session = self.advance(
            session, plan, min(plan.status, S.IN_SESSION, key=STATUS_ORDER.index)
        )
        if _reached(session, S.IN_SESSION):
            for i, sitting in enumerate(sittings):
                self.roll(ctx, sitting, i)
            for draft, item in items:
                if draft is not None:
                    self.vote(ctx, item, draft)
        session = self.advance(session, plan, min(plan.status, S.CLOSED, key=STATUS_ORDER.index))
        if _reached(session, S.CLOSED):
            first = True
            for draft, item in items:
                if draft is not None and not draft.fails:
                    self.resolution(ctx, session, plan, draft, item, signed=first)
                    first = False
            self.document(
                session,
                Document.Kind.MINUTES,
                f"Biên bản {session} {ctx.council.name}",
                body=[f"Kỳ họp bế mạc ngày {plan.end:%d/%m/%Y}."],
            )
        return self.advance(session, plan, plan.status)

    def advance(self, session: Session, plan: Plan, target: str) -> Session:
        """Move the session step by step up to `target`, each step on its own day."""
        days = {
            S.CONVENED: plan.convening[1] if plan.convening else None,
            S.DOCUMENTS_SENT: plan.sent_on,
            S.IN_SESSION: plan.start,
            S.CLOSED: plan.end,
            S.RECORDS_PUBLISHED: plan.published_on or plan.end + timedelta(days=5),
        }
        while STATUS_ORDER.index(session.status) < STATUS_ORDER.index(target):
            step = STATUS_ORDER[STATUS_ORDER.index(session.status) + 1]
            session = services.session_transition(
                actor=self.actor, session=session, to_status=step, on=days[step]
            )
        _date_steps(SessionTransition.objects.filter(session=session), days)
        return session

    def sittings(self, session: Session, plan: Plan) -> list[Sitting]:
        """Morning and afternoon of each day; a one-day session with a short agenda: morning."""
        have = {(s.on, s.part): s for s in session.sittings.all()}
        days = (plan.end - plan.start).days + 1
        parts = [Sitting.Part.MORNING]
        if days > 1 or len(plan.drafts) > 6:
            parts.append(Sitting.Part.AFTERNOON)
        out = []
        for d in range(days):
            on = plan.start + timedelta(days=d)
            for part in parts:
                sitting = have.get((on, part)) or services.sitting_create(
                    actor=self.actor, session=session, on=on, part=part
                )
                out.append(sitting)
        return out

    def agenda(
        self, ctx: Ctx, session: Session, plan: Plan, sittings: list[Sitting]
    ) -> list[tuple[Draft | None, AgendaItem]]:
        """Opening, reports, drafts in order, closing; items spread evenly over the sittings."""
        rows: list[tuple[Draft | None, str, str, str, str]] = [
            (None, f"Khai mạc {session}", K.CEREMONY, HDND, "")
        ]
        for title, kind, presenter in plan.reports:
            rows.append((None, title, kind, presenter, ""))
        for draft in plan.drafts:
            title = self.title(ctx, draft)
            lead = (
                "Dự thảo Nghị quyết" if draft.presenter == HDND else "Tờ trình, dự thảo Nghị quyết"
            )
            rows.append(
                (
                    draft,
                    f"{lead} {_lower_first(title)}",
                    draft.item_kind,
                    draft.presenter,
                    draft.field,
                )
            )
        rows.append((None, f"Bế mạc {session}", K.CEREMONY, HDND, ""))
        have = {i.title: i for i in session.items.all()}
        out = []
        for n, (draft, title, kind, presenter, fld) in enumerate(rows):
            item = have.get(title)
            if item is None:
                sitting = sittings[n * len(sittings) // len(rows)]
                reviewer = None
                if fld:
                    reviewer = next(
                        (ctx.bans[c] for c in BAN_FOR_FIELD[fld] if c in ctx.bans),
                        next(iter(ctx.bans.values()), None),
                    )
                item = services.agenda_item_create(
                    actor=self.actor,
                    session=session,
                    title=title,
                    kind=kind,
                    presenter=None if presenter == HDND else self.presenter(ctx, presenter),
                    reviewer=reviewer,
                    sitting=sitting,
                )
            out.append((draft, item))
        return out

    def presenter(self, ctx: Ctx, key: str) -> Agency:
        if key not in ctx.agencies:
            ctx.agencies[key] = self.agency(ctx.council, key)
        return ctx.agencies[key]

    def title(self, ctx: Ctx, draft: Draft) -> str:
        if draft.link is None:
            return draft.title
        target = Resolution.objects.get(council=ctx.council, title=draft.link[0])
        return draft.title.format(number=target.number)

    def document(
        self,
        session: Session,
        kind: str,
        title: str,
        *,
        item: AgendaItem | None = None,
        reference: str = "",
        body: list[str] | None = None,
    ) -> Document:
        found = Document.objects.filter(session=session, title=title).first()
        if found is not None:
            return found
        lines = [session.council.name.upper(), reference, "", title, "", *(body or [])]
        return services.document_upload(
            actor=self.actor,
            session=session,
            kind=kind,
            title=title,
            file=pdf_file(f"{slugify(_ascii(title))[:60].strip('-')}.pdf", *lines),
            item=item,
            reference=reference,
        )

    def documents(
        self,
        ctx: Ctx,
        session: Session,
        plan: Plan,
        items: list[tuple[Draft | None, AgendaItem]],
    ) -> None:
        """The convening decision, the programme and the papers of the first draft."""
        where = f"{ctx.council.name} nhiệm kỳ {ctx.term.name.replace('-', ' - ')}"
        if plan.convening:
            number, on = plan.convening
            self.document(
                session,
                Document.Kind.CONVENING_DECISION,
                f"Quyết định triệu tập {session} {where}",
                reference=number,
                body=[
                    f"Triệu tập {session} vào ngày {plan.start:%d/%m/%Y} tại {ctx.place}.",
                    f"Ký ngày {on:%d/%m/%Y}.",
                ],
            )
        if plan.status == S.PLANNED:
            return
        self.document(
            session,
            Document.Kind.PROGRAMME,
            f"Chương trình {session} {where}",
            body=[i.title for _d, i in items],
        )
        drafts = [(d, i) for d, i in items if d is not None and d.presenter != HDND]
        for n, (draft, item) in enumerate(drafts[:1], start=1):
            subject = _lower_first(self.title(ctx, draft))
            number = f"{n + 10 * int(session.number) if session.number.isdigit() else n:02d}"
            self.document(
                session,
                Document.Kind.SUBMISSION,
                f"Tờ trình về dự thảo Nghị quyết {subject}",
                item=item,
                reference=f"{number}/TTr-UBND",
                body=[f"Kính trình {ctx.council.name} xem xét, quyết nghị."],
            )
            self.document(
                session,
                Document.Kind.REVIEW_REPORT,
                f"Báo cáo thẩm tra dự thảo Nghị quyết {subject}",
                item=item,
                reference=f"{number}/BC-HĐND",
                body=[f"{item.reviewer.name if item.reviewer else ''} thống nhất trình kỳ họp."],
            )

    # --- what happens at the session -------------------------------------------------------------
    def roll(self, ctx: Ctx, sitting: Sitting, index: int) -> None:
        """Most delegates present; one or two away (excused, now and then without reason)."""
        if sitting.attendance.exists():
            return
        seated = [d.pk for d in seated_delegates(ctx.council, sitting.on)]
        n = len(seated)
        if not n:
            return
        away = []
        for k in range([1, 2, 1, 0, 2, 1][index % 6]):
            pos = (index * 7 + 3 + k * 11 + sitting.session_id) % n
            while seated[pos] in ctx.guarded or seated[pos] in away:
                pos = (pos + 1) % n
            away.append(seated[pos])
        statuses = dict.fromkeys(seated, Attendance.Status.PRESENT)
        for k, pk in enumerate(away):
            absent = k == 1 and index % 3 == 0
            statuses[pk] = Attendance.Status.ABSENT if absent else Attendance.Status.EXCUSED
        services.attendance_record(actor=self.actor, sitting=sitting, statuses=statuses)

    def vote(self, ctx: Ctx, item: AgendaItem, draft: Draft) -> Vote:
        found = item.votes.first()
        if found is not None:
            return found
        sitting = item.sitting
        present_ids = list(
            sitting.attendance.filter(status=Attendance.Status.PRESENT).values_list(
                "delegate_id", flat=True
            )
        )
        present = len(present_ids)
        salt = item.position + item.session_id
        method = draft.method or (
            Vote.Method.BALLOT if draft.item_kind == K.ELECTION else ctx.method
        )
        if draft.ballots:
            choices = dict.fromkeys(present_ids, "for")
            choices[present_ids[-1]] = "against"
            choices.pop(present_ids[-2])  # present, did not vote
            return services.vote_record_ballots(
                actor=self.actor,
                item=item,
                held_on=sitting.on,
                method=Vote.Method.ELECTRONIC,
                choices=choices,
                subject=item.title,
            )
        if draft.fails:
            against, abstain = present // 3, present // 4
        else:
            against = 1 if salt % 7 == 3 else 0
            abstain = 1 if salt % 5 == 1 else 0
        return services.vote_record(
            actor=self.actor,
            item=item,
            held_on=sitting.on,
            method=method,
            present=present,
            votes_for=present - against - abstain,
            votes_against=against,
            votes_abstain=abstain,
            subject=item.title,
        )

    def resolution(
        self, ctx: Ctx, session: Session, plan: Plan, draft: Draft, item: AgendaItem, signed: bool
    ) -> Resolution:
        title = self.title(ctx, draft)
        found = Resolution.objects.filter(council=ctx.council, title=title).first()
        if found is None:
            vote = item.votes.first()
            adopted = vote.held_on if vote else plan.end
            issued = plan.end
            effective = issued + timedelta(
                days=draft.effective_days or (10 if draft.kind == NORM else 0)
            )
            found = resolution_services.resolution_register(
                actor=self.actor,
                council=ctx.council,
                kind=draft.kind,
                title=title,
                field=draft.field,
                adopted_on=adopted,
                issued_on=issued,
                effective_on=effective,
                signer=ctx.signer,
                session=session,
                item=item,
                vote=vote,
                signed_file=pdf_file(
                    "nghi-quyet.pdf",
                    ctx.council.name.upper(),
                    "NGHI QUYET",
                    title,
                    f"Thong qua ngay {adopted:%d/%m/%Y}.",
                )
                if signed
                else None,
            )
        if draft.link is not None:
            target = Resolution.objects.get(council=ctx.council, title=draft.link[0])
            if not ResolutionLink.objects.filter(source=found, target=target).exists():
                resolution_services.resolution_link(
                    actor=self.actor,
                    source=found,
                    target=target,
                    kind=draft.link[1],
                    effective_on=found.effective_on or found.issued_on,
                )
            self.date_resolution(target)
        self.date_resolution(found)
        return found

    def date_resolution(self, resolution: Resolution) -> None:
        """The register's history on the days of the story: passed, signed, in force, and the
        day a later resolution took effect on it."""
        records = ResolutionTransition.objects.filter(resolution=resolution)
        status = Resolution.Status
        _date_steps(
            records,
            {
                status.ADOPTED: resolution.adopted_on,
                status.SIGNED: resolution.issued_on,
                status.IN_FORCE: resolution.effective_on or resolution.issued_on,
            },
        )
        for link in ResolutionLink.objects.filter(target=resolution):
            records.filter(note=link.source.number).update(at=_on_day(link.effective_on))

    # --- after the session ---------------------------------------------------------------------
    def task(
        self,
        ctx: Ctx,
        title: str,
        description: str,
        *,
        due_on: date | None,
        every: int | None = None,
        reports: list[tuple[date, int, str]] = (),
        closed: tuple[str, date] | None = None,
    ) -> ImplementationTask:
        """A task for the UBND with its periodic reports (date, progress %, text)."""
        resolution = Resolution.objects.get(council=ctx.council, title=title)
        task = ImplementationTask.objects.filter(
            resolution=resolution, description=description
        ).first()
        if task is None:
            task = resolution_services.task_create(
                actor=self.actor,
                resolution=resolution,
                agency=ctx.agencies[UBND],
                description=description,
                due_on=due_on,
                report_every_months=every,
            )
            for n, (on, progress, text) in enumerate(reports, start=1):
                resolution_services.task_report(
                    actor=self.actor,
                    task=task,
                    kind=ImplementationReport.Kind.REPORT,
                    reported_on=on,
                    content=text,
                    progress=progress,
                    reference=f"{n * 17 + on.month:02d}/BC-UBND",
                )
            if closed is not None:
                resolution_services.task_close(
                    actor=self.actor, task=task, status=closed[0], completed_on=closed[1]
                )
        return task

    def question(
        self,
        ctx: Ctx,
        session: Session,
        *,
        asked_by: int,
        respondent: tuple[str, str],
        agency: str,
        content: str,
        answer: str,
        answered_on: date,
        commitments: list[tuple[str, date, str, date | None, str]] = (),
    ) -> Question:
        """A question with its answer and the commitments made (content, due, status, kept
        on, progress); `asked_by` is the index of a delegate among those without a post."""
        found = Question.objects.filter(session=session, content=content).first()
        if found is not None:
            return found
        busy = BodyMembership.objects.filter(
            body__council=ctx.council, body__term=ctx.term, role__in=[R.CHAIR, R.VICE_CHAIR]
        ).values("delegate_id")
        askers = seated_delegates(ctx.council, session.planned_start).exclude(pk__in=busy)
        question = services.question_create(
            actor=self.actor,
            session=session,
            asked_by=askers[asked_by],
            respondent=respondent[0],
            respondent_title=respondent[1],
            agency=self.agency(ctx.council, agency) if agency else None,
            content=content,
            answer=answer,
            answered_on=answered_on,
        )
        for text, due, status, kept_on, progress in commitments:
            self.commitment(
                ctx, text, respondent[1], due, status, kept_on, progress, question=question
            )
        return question

    def commitment(
        self,
        ctx: Ctx,
        content: str,
        responsible: str,
        due: date,
        status: str,
        kept_on: date | None,
        progress: str,
        *,
        question: Question | None = None,
        hearing: ExplanationHearing | None = None,
    ) -> Commitment:
        return oversight_demo.commitment(
            self.actor,
            ctx.council,
            content,
            responsible,
            due,
            status,
            kept_on,
            progress,
            question=question,
            hearing=hearing,
        )

    def meeting(self, ctx: Ctx, held_on: date, **fields) -> StandingMeeting:
        return oversight_demo.meeting(self.actor, ctx.council, held_on, **fields)

    def hearing(
        self,
        ctx: Ctx,
        *,
        body: Body,
        held_on: date,
        topic: str,
        agency: str,
        conclusion: str,
        meeting: StandingMeeting | None = None,
        commitments: list[tuple[str, str, date, str, date | None, str]] = (),
    ) -> ExplanationHearing:
        found = oversight_demo.hearing(
            self.actor,
            ctx.council,
            body=body,
            held_on=held_on,
            topic=topic,
            agency=self.agency(ctx.council, agency),
            conclusion=conclusion,
            meeting=meeting,
        )
        for text, responsible, due, status, kept_on, progress in commitments:
            self.commitment(ctx, text, responsible, due, status, kept_on, progress, hearing=found)
        return found

    def poll(
        self,
        ctx: Ctx,
        session: Session,
        held_on: date,
        rows: list[tuple[str, str, tuple[int, int, int, int, int, int]]],
    ) -> ConfidencePoll:
        """A three-level poll: (name, office, (issued, returned, valid, high, confidence, low))."""
        poll = session.confidence_polls.filter(kind=ConfidencePoll.Kind.POLL).first()
        if poll is None:
            poll = services.confidence_poll_create(
                actor=self.actor,
                session=session,
                kind=ConfidencePoll.Kind.POLL,
                held_on=held_on,
                people=[(name, office) for name, office, _n in rows],
            )
        figures = {name: n for name, _o, n in rows}
        for entry in poll.entries.filter(low__isnull=True):
            issued, returned, valid, high, confidence, low = figures[entry.full_name]
            services.confidence_entry_count(
                actor=self.actor,
                entry=entry,
                ballots_issued=issued,
                ballots_returned=returned,
                ballots_valid=valid,
                high=high,
                confidence=confidence,
                low=low,
            )
        poll.refresh_from_db()
        if poll.status == ConfidencePoll.Status.COUNTED:
            poll = services.confidence_poll_confirm(actor=self.actor, poll=poll)
        return poll


def load(actor: User) -> None:
    """Load (or complete) the demo sessions and resolutions; safe to run any number of times.

    Each council is loaded in its own savepoint: a council whose sessions someone entered by
    hand under the demo's numbers is left alone (with a warning) instead of failing the load.
    """
    demo = SessionDemo(actor)
    t21 = Term.objects.get(name="2021-2026")
    t26 = Term.objects.get(name="2026-2031")
    for step, term in [(_hiep_duc, t21), (_bac_kan, t21), (_da_nang, t26), (_xa_hiep_duc, t26)]:
        try:
            with transaction.atomic():
                step(demo, term)
        except (DemoConflictError, ValidationError) as error:
            logger.warning("Demo sessions skipped (%s): %s", step.__name__, error)


def _heads(ctx: Ctx, where: str) -> list[tuple[str, str]]:
    """(name, office) of the heads of the council's Bans, in the Bans' order."""
    rows = BodyMembership.objects.filter(
        body__council=ctx.council, body__term=ctx.term, body__kind=Body.Kind.COMMITTEE, role=R.HEAD
    ).select_related("delegate", "body")
    return [
        (m.delegate.full_name, f"Trưởng {m.body.name} HĐND {where}")
        for m in rows.order_by("body__id")
    ]


# --- Huyện Hiệp Đức, 2023 (seed 000: 2 sessions and 11 resolutions in the first 8 months) -----

HD_CHUONG_QUE = (
    "Thông qua Đề án phát triển cây quế gắn với chế biến sâu trên địa bàn huyện Hiệp Đức "
    "giai đoạn 2023 - 2025"
)
HD_DTC_2023_2 = "Điều chỉnh Kế hoạch đầu tư công năm 2023 nguồn vốn ngân sách huyện (đợt 2)"
HD_KTXH_2024 = "Nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an ninh năm 2024"
HD_POLL = (
    "Xác nhận kết quả lấy phiếu tín nhiệm đối với người giữ chức vụ do Hội đồng nhân dân huyện "
    "Hiệp Đức bầu"
)

HIEP_DUC = [
    Plan(
        number="10",
        kind=Session.Kind.THEMATIC,
        title="Kỳ họp chuyên đề về đầu tư công và Chương trình mục tiêu quốc gia năm 2023",
        start=date(2023, 4, 6),
        end=date(2023, 4, 6),
        convening=("08/QĐ-HĐND", date(2023, 3, 24)),
        sent_on=date(2023, 3, 29),
        status=S.RECORDS_PUBLISHED,
        drafts=[
            Draft(
                "Điều chỉnh Kế hoạch đầu tư công năm 2023 nguồn vốn ngân sách huyện", F.INVESTMENT
            ),
            Draft(
                "Phân bổ kế hoạch vốn Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội "
                "vùng đồng bào dân tộc thiểu số và miền núi năm 2023 trên địa bàn huyện Hiệp Đức",
                F.ETHNIC,
            ),
            Draft(
                "Thông qua Đề án xây dựng xã Bình Lâm đạt chuẩn nông thôn mới nâng cao "
                "giai đoạn 2023 - 2025",
                F.AGRICULTURE,
            ),
        ],
    ),
    Plan(
        number="11",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thường lệ giữa năm 2023",
        start=date(2023, 7, 18),
        end=date(2023, 7, 19),
        convening=("15/QĐ-HĐND", date(2023, 6, 30)),
        sent_on=date(2023, 7, 7),
        status=S.RECORDS_PUBLISHED,
        reports=[
            (
                "Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu "
                "năm, nhiệm vụ, giải pháp 6 tháng cuối năm 2023",
                K.REPORT,
                UBND,
            ),
            (
                "Báo cáo kết quả hoạt động 6 tháng đầu năm 2023 của Thường trực HĐND huyện",
                K.REPORT,
                HDND,
            ),
            ("Chất vấn và trả lời chất vấn", K.QUESTIONING, HDND),
        ],
        drafts=[
            Draft(
                "Phê chuẩn quyết toán thu ngân sách nhà nước trên địa bàn, chi ngân sách địa "
                "phương huyện Hiệp Đức năm 2022",
                F.BUDGET,
                presenter="Phòng Tài chính - Kế hoạch huyện Hiệp Đức",
            ),
            Draft("Điều chỉnh dự toán thu, chi ngân sách huyện năm 2023", F.BUDGET),
            Draft(
                "Chương trình giám sát của Hội đồng nhân dân huyện năm 2024",
                F.OVERSIGHT,
                presenter=HDND,
            ),
            Draft(
                "Thông qua dự kiến Kế hoạch đầu tư công năm 2024 nguồn vốn ngân sách huyện",
                F.INVESTMENT,
            ),
            Draft(HD_DTC_2023_2, F.INVESTMENT),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Đường giao thông nội đồng xã Quế Thọ",
                F.INVESTMENT,
            ),
            Draft(
                HD_CHUONG_QUE,
                F.AGRICULTURE,
                presenter="Phòng Nông nghiệp và Phát triển nông thôn huyện Hiệp Đức",
                ballots=True,
            ),
            Draft(
                "Kết quả giám sát việc thực hiện Chương trình mục tiêu quốc gia xây dựng nông "
                "thôn mới trên địa bàn huyện giai đoạn 2021 - 2023",
                F.OVERSIGHT,
                presenter=HDND,
            ),
        ],
    ),
    Plan(
        number="12",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thường lệ cuối năm 2023",
        start=date(2023, 12, 19),
        end=date(2023, 12, 20),
        convening=("27/QĐ-HĐND", date(2023, 12, 1)),
        sent_on=date(2023, 12, 8),
        status=S.RECORDS_PUBLISHED,
        reports=[
            (
                "Báo cáo tình hình kinh tế - xã hội năm 2023, phương hướng, nhiệm vụ năm 2024",
                K.REPORT,
                UBND,
            ),
            (
                "Lấy phiếu tín nhiệm đối với người giữ chức vụ do Hội đồng nhân dân huyện bầu",
                K.CONFIDENCE,
                HDND,
            ),
        ],
        drafts=[
            Draft(HD_KTXH_2024, F.SOCIO_ECONOMIC),
            Draft(
                "Dự toán thu ngân sách nhà nước trên địa bàn, thu, chi ngân sách huyện năm 2024",
                F.BUDGET,
            ),
            Draft("Phân bổ dự toán ngân sách huyện Hiệp Đức năm 2024", F.BUDGET),
            Draft("Kế hoạch đầu tư công năm 2024 nguồn vốn ngân sách huyện", F.INVESTMENT),
            Draft(
                "Sửa đổi, bổ sung Nghị quyết số {number} về điều chỉnh Kế hoạch đầu tư công năm "
                "2023 nguồn vốn ngân sách huyện (đợt 2)",
                F.INVESTMENT,
                link=(HD_DTC_2023_2, ResolutionLink.Kind.AMENDS),
            ),
            Draft(
                "Tổ chức các kỳ họp thường lệ của Hội đồng nhân dân huyện năm 2024",
                F.ORGANISATION,
                presenter=HDND,
            ),
            Draft(HD_POLL, F.ORGANISATION, presenter=HDND),
        ],
    ),
]


def _hiep_duc(demo: SessionDemo, t21: Term) -> None:
    ctx = demo.context(
        _council("514"),
        t21,
        place="Hội trường Huyện ủy Hiệp Đức, thị trấn Tân Bình",
        method=Vote.Method.SHOW_OF_HANDS,
        agencies=[
            "Ủy ban nhân dân huyện Hiệp Đức",
            "Phòng Tài chính - Kế hoạch huyện Hiệp Đức",
            "Phòng Nông nghiệp và Phát triển nông thôn huyện Hiệp Đức",
        ],
    )
    _s10, s11, s12 = (demo.run(ctx, plan) for plan in HIEP_DUC)
    demo.question(
        ctx,
        s11,
        asked_by=3,
        respondent=("Hoàng Văn Hùng", "Phó Chủ tịch UBND huyện Hiệp Đức"),
        agency="Ủy ban nhân dân huyện Hiệp Đức",
        content=(
            "Tiến độ giải ngân vốn Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2023 "
            "của huyện còn chậm; đề nghị cho biết nguyên nhân và giải pháp để giải ngân hết vốn "
            "trong năm."
        ),
        answer=(
            "Vốn được giao chậm, một số xã chậm hoàn thiện hồ sơ thủ tục đầu tư. UBND huyện đã "
            "thành lập tổ công tác, giao chỉ tiêu giải ngân từng tháng cho các xã, thị trấn và "
            "xử lý trách nhiệm người đứng đầu nếu không đạt."
        ),
        answered_on=date(2023, 7, 19),
        commitments=[
            (
                "Giải ngân toàn bộ vốn Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm "
                "2023 trước ngày 31/12/2023",
                date(2023, 12, 31),
                Commitment.Status.KEPT,
                date(2023, 12, 27),
                "Đã giải ngân 100% kế hoạch vốn (báo cáo của UBND huyện tại Kỳ họp thứ 12).",
            )
        ],
    )
    demo.question(
        ctx,
        s11,
        asked_by=7,
        respondent=("Trần Minh Phong", "Trưởng phòng Nông nghiệp và Phát triển nông thôn huyện"),
        agency="Phòng Nông nghiệp và Phát triển nông thôn huyện Hiệp Đức",
        content=(
            "Nhiều hộ dân ven sông Tranh ở xã Sông Trà vẫn sống trong vùng có nguy cơ sạt lở sau "
            "mùa mưa bão năm 2022; khi nào có phương án di dời?"
        ),
        answer=(
            "Phòng đã phối hợp với UBND xã rà soát 37 hộ trong vùng nguy cơ cao, đang lập phương "
            "án di dời, bố trí đất tái định cư và đề xuất nguồn vốn."
        ),
        answered_on=date(2023, 7, 19),
        commitments=[
            (
                "Hoàn thành phương án di dời các hộ dân vùng có nguy cơ sạt lở tại xã Sông Trà "
                "trước mùa mưa bão năm 2023",
                date(2023, 9, 30),
                Commitment.Status.NOT_KEPT,
                None,
                "Mới hoàn thành khảo sát; phương án di dời chuyển sang năm 2024 do chưa bố trí "
                "được vốn.",
            )
        ],
    )
    heads = _heads(ctx, "huyện")
    demo.poll(
        ctx,
        s12,
        date(2023, 12, 19),
        [
            ("Nguyễn Văn Tỉnh", "Chủ tịch HĐND huyện", (23, 23, 23, 19, 4, 0)),
            ("Huỳnh Đức Viên", "Phó Chủ tịch HĐND huyện", (23, 23, 23, 16, 6, 1)),
            *(
                (name, office, (23, 23, 23, 12 - 2 * i, 10 + 2 * i, 1))
                for i, (name, office) in enumerate(heads)
            ),
            ("Phạm Văn Bình", "Chủ tịch UBND huyện", (23, 23, 23, 15, 7, 1)),
            ("Hoàng Văn Hùng", "Phó Chủ tịch UBND huyện", (23, 23, 22, 11, 10, 1)),
        ],
    )
    demo.task(
        ctx,
        HD_CHUONG_QUE,
        "Xây dựng kế hoạch, tổ chức thực hiện Đề án phát triển cây quế; báo cáo kết quả 6 tháng "
        "một lần",
        due_on=date(2025, 6, 30),
        every=6,
        reports=[
            (date(2024, 1, 15), 25, "Đã ban hành kế hoạch; trồng mới 120 ha quế tại 5 xã."),
            (
                date(2024, 7, 10),
                55,
                "Trồng mới lũy kế 310 ha; khởi công nhà máy chưng cất tinh dầu.",
            ),
            (date(2025, 1, 10), 80, "Trồng mới lũy kế 520 ha; 2 hợp tác xã liên kết tiêu thụ."),
        ],
        closed=(ImplementationTask.Status.DONE, date(2025, 6, 20)),
    )
    demo.task(
        ctx,
        HD_KTXH_2024,
        "Tổ chức thực hiện các chỉ tiêu kinh tế - xã hội năm 2024; báo cáo tại kỳ họp giữa năm "
        "và cuối năm",
        due_on=date(2024, 12, 31),
        every=6,
        reports=[
            (date(2024, 6, 25), 50, "Đạt và vượt 9/17 chỉ tiêu 6 tháng đầu năm."),
            (date(2024, 12, 5), 95, "Ước đạt 16/17 chỉ tiêu; chỉ tiêu thu ngân sách chưa đạt."),
        ],
        closed=(ImplementationTask.Status.DONE, date(2024, 12, 31)),
    )


# --- Tỉnh Bắc Kạn, 2023 (seed 004: 8 sessions, 6 thematic, 97 resolutions, a confidence poll) --

BK = "trên địa bàn tỉnh Bắc Kạn"
BK_LAND = (
    "Thông qua danh mục công trình, dự án cần thu hồi đất; chuyển mục đích sử dụng đất trồng "
    "lúa, đất rừng phòng hộ, đất rừng đặc dụng năm 2023 " + BK + " (đợt {n})"
)
BK_DTC = "Điều chỉnh Kế hoạch đầu tư công năm 2023 nguồn vốn ngân sách địa phương (đợt {n})"
BK_DTC_TRUNG_HAN = (
    "Điều chỉnh, bổ sung Kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025 nguồn vốn ngân "
    "sách địa phương (lần {n} năm 2023)"
)
BK_DTTS_2023 = (
    "Phân bổ chi tiết kế hoạch vốn sự nghiệp năm 2023 thực hiện Chương trình mục tiêu quốc gia "
    "phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi"
)
BK_HO_TRO_SX = (
    "Quy định nội dung, mức hỗ trợ dự án, phương án sản xuất thuộc các Chương trình mục tiêu "
    "quốc gia " + BK
)
BK_PHI_DAT = (
    "Quy định mức thu, miễn, giảm, quản lý và sử dụng phí thẩm định hồ sơ cấp giấy chứng nhận "
    "quyền sử dụng đất " + BK
)
BK_HOC_SINH = "Quy định mức hỗ trợ học sinh và trường phổ thông ở xã, thôn đặc biệt khó khăn " + BK
BK_KTXH_2024 = "Nhiệm vụ phát triển kinh tế - xã hội năm 2024"
BK_VON_CTMTQG_2024 = (
    "Phân bổ kế hoạch vốn đầu tư công năm 2024 thực hiện các Chương trình mục tiêu quốc gia"
)
BK_POLL = (
    "Xác nhận kết quả lấy phiếu tín nhiệm đối với người giữ chức vụ do Hội đồng nhân dân tỉnh "
    "Bắc Kạn bầu"
)
BK_PLACE = "Hội trường Trung tâm Hội nghị tỉnh, thành phố Bắc Kạn"


def _bk_thematic(number, start, convened, sent, title, drafts) -> Plan:
    return Plan(
        number=number,
        kind=Session.Kind.THEMATIC,
        title=title,
        start=start,
        end=start,
        convening=(f"{int(number) * 3 - 20:02d}/QĐ-HĐND", convened),
        sent_on=sent,
        status=S.RECORDS_PUBLISHED,
        drafts=drafts,
    )


BAC_KAN = [
    _bk_thematic(
        "12",
        date(2023, 3, 15),
        date(2023, 3, 3),
        date(2023, 3, 7),
        "Kỳ họp chuyên đề về đầu tư công, đất đai và các Chương trình mục tiêu quốc gia",
        [
            Draft(BK_DTC_TRUNG_HAN.format(n=1), F.INVESTMENT),
            Draft(BK_DTC.format(n=1), F.INVESTMENT),
            Draft(BK_LAND.format(n=1), F.LAND),
            Draft(
                "Quy định mức chi hỗ trợ phát triển sản xuất cộng đồng thuộc Chương trình mục "
                "tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025 " + BK,
                F.SOCIAL,
                NORM,
            ),
            Draft(BK_DTTS_2023, F.ETHNIC),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Cải tạo, nâng cấp đường tỉnh từ Phủ Thông "
                "đi Chợ Rã",
                F.INVESTMENT,
            ),
        ],
    ),
    _bk_thematic(
        "13",
        date(2023, 4, 25),
        date(2023, 4, 12),
        date(2023, 4, 17),
        "Kỳ họp chuyên đề về chính sách hỗ trợ sản xuất, giáo dục và phí, lệ phí",
        [
            Draft(BK_HO_TRO_SX, F.AGRICULTURE, NORM),
            Draft(BK_HOC_SINH, F.EDUCATION, NORM),
            Draft(BK_LAND.format(n=2), F.LAND),
            Draft(BK_DTC.format(n=2), F.INVESTMENT),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Kè chống sạt lở bờ sông Cầu đoạn qua thành "
                "phố Bắc Kạn",
                F.INVESTMENT,
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Trường Trung học phổ thông Ba Bể (giai đoạn 2)",
                F.INVESTMENT,
            ),
            Draft(BK_PHI_DAT, F.BUDGET, NORM, presenter="Sở Tài chính tỉnh Bắc Kạn"),
            Draft(
                "Giao bổ sung biên chế sự nghiệp giáo dục năm học 2023 - 2024",
                F.ORGANISATION,
            ),
        ],
    ),
    _bk_thematic(
        "14",
        date(2023, 6, 9),
        date(2023, 5, 26),
        date(2023, 6, 1),
        "Kỳ họp chuyên đề về đầu tư công, du lịch và nông thôn mới",
        [
            Draft(BK_DTC_TRUNG_HAN.format(n=2), F.INVESTMENT),
            Draft(BK_LAND.format(n=3), F.LAND),
            Draft(
                "Quy định chính sách hỗ trợ phát triển du lịch cộng đồng " + BK + " giai đoạn "
                "2023 - 2025",
                F.CULTURE,
                NORM,
            ),
            Draft(
                "Quy định mức chi đón tiếp, thăm hỏi, chúc mừng đối với một số đối tượng do Ủy "
                "ban Mặt trận Tổ quốc Việt Nam các cấp tỉnh Bắc Kạn thực hiện",
                F.BUDGET,
                NORM,
                presenter="Sở Tài chính tỉnh Bắc Kạn",
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Đường liên xã Quảng Khê - Đồng Phúc, huyện "
                "Ba Bể",
                F.INVESTMENT,
            ),
            Draft(
                "Phân bổ vốn đầu tư phát triển Chương trình mục tiêu quốc gia xây dựng nông "
                "thôn mới năm 2023",
                F.AGRICULTURE,
            ),
            Draft(
                "Thành lập Đoàn giám sát chuyên đề của Hội đồng nhân dân tỉnh về việc thực hiện "
                "chính sách hỗ trợ nhà ở cho hộ nghèo giai đoạn 2021 - 2023",
                F.OVERSIGHT,
                presenter=HDND,
            ),
        ],
    ),
    Plan(
        number="15",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thường lệ giữa năm 2023",
        start=date(2023, 7, 11),
        end=date(2023, 7, 13),
        convening=("26/QĐ-HĐND", date(2023, 6, 20)),
        sent_on=date(2023, 7, 1),
        status=S.RECORDS_PUBLISHED,
        reports=[
            (
                "Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu "
                "năm, nhiệm vụ trọng tâm 6 tháng cuối năm 2023",
                K.REPORT,
                UBND,
            ),
            (
                "Báo cáo kết quả giải quyết ý kiến, kiến nghị của cử tri gửi đến Kỳ họp thứ 11",
                K.REPORT,
                UBND,
            ),
            ("Chất vấn và trả lời chất vấn", K.QUESTIONING, HDND),
        ],
        drafts=[
            Draft(
                "Chương trình giám sát của Hội đồng nhân dân tỉnh Bắc Kạn năm 2024",
                F.OVERSIGHT,
                presenter=HDND,
            ),
            Draft("Phê chuẩn quyết toán ngân sách địa phương năm 2022", F.BUDGET),
            Draft("Điều chỉnh dự toán ngân sách địa phương năm 2023", F.BUDGET),
            Draft(
                "Thông qua dự kiến Kế hoạch đầu tư công năm 2024 nguồn vốn ngân sách địa phương",
                F.INVESTMENT,
            ),
            Draft(BK_DTC.format(n=3), F.INVESTMENT),
            Draft(BK_LAND.format(n=4), F.LAND),
            Draft(
                "Quy định mức thu học phí đối với cơ sở giáo dục mầm non, giáo dục phổ thông "
                "công lập năm học 2023 - 2024 " + BK,
                F.EDUCATION,
                NORM,
            ),
            Draft(
                "Quy định chức danh, mức phụ cấp của người hoạt động không chuyên trách ở cấp "
                "xã, ở thôn, tổ dân phố " + BK,
                F.ORGANISATION,
                NORM,
            ),
            Draft(
                "Quy định mức hỗ trợ đối với nhân viên y tế thôn bản và cô đỡ thôn bản " + BK,
                F.HEALTH,
                NORM,
            ),
            Draft(
                "Quy định chính sách hỗ trợ người có uy tín trong đồng bào dân tộc thiểu số " + BK,
                F.ETHNIC,
                NORM,
            ),
            Draft(
                "Quy định mức chi bảo đảm cho công tác phổ biến, giáo dục pháp luật và hòa giải "
                "ở cơ sở " + BK,
                F.SECURITY,
                NORM,
            ),
            Draft(
                "Quy định mức thu, miễn, giảm, quản lý và sử dụng phí tham quan danh lam thắng "
                "cảnh Hồ Ba Bể",
                F.CULTURE,
                NORM,
            ),
            Draft(
                "Quy định mức thu phí trông giữ xe đạp, xe máy, ô tô " + BK,
                F.BUDGET,
                NORM,
                fails=True,
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Nâng cấp Bệnh viện Đa khoa huyện Chợ Đồn",
                F.INVESTMENT,
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Đường giao thông nông thôn liên xã huyện "
                "Pác Nặm",
                F.INVESTMENT,
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Hạ tầng kỹ thuật khu dân cư tổ 10, phường "
                "Đức Xuân, thành phố Bắc Kạn",
                F.LAND,
            ),
            Draft(
                "Sáp nhập, đổi tên thôn, tổ dân phố tại các huyện Na Rì, Ngân Sơn", F.ORGANISATION
            ),
            Draft("Đặt tên một số tuyến đường, phố trên địa bàn thành phố Bắc Kạn", F.CULTURE),
            Draft(
                "Kết quả giám sát chuyên đề việc thực hiện chính sách hỗ trợ nhà ở cho hộ nghèo "
                "giai đoạn 2021 - 2023",
                F.OVERSIGHT,
                presenter=HDND,
            ),
            Draft(
                "Hoạt động chất vấn và trả lời chất vấn tại Kỳ họp thứ 15 Hội đồng nhân dân "
                "tỉnh Bắc Kạn",
                F.OVERSIGHT,
                presenter=HDND,
            ),
            Draft(
                "Miễn nhiệm Ủy viên Ủy ban nhân dân tỉnh Bắc Kạn nhiệm kỳ 2021 - 2026",
                F.ORGANISATION,
                item_kind=K.ELECTION,
            ),
            Draft(
                "Xác nhận kết quả bầu bổ sung Ủy viên Ủy ban nhân dân tỉnh Bắc Kạn nhiệm kỳ "
                "2021 - 2026",
                F.ORGANISATION,
                item_kind=K.ELECTION,
            ),
            Draft(
                "Phê duyệt tổng số người làm việc trong đơn vị sự nghiệp công lập tỉnh Bắc Kạn "
                "năm 2023 (bổ sung)",
                F.ORGANISATION,
            ),
            Draft(
                "Quy định mức hỗ trợ thực hiện chính sách bảo vệ và phát triển đất trồng lúa " + BK,
                F.AGRICULTURE,
                NORM,
            ),
            Draft(
                "Thông qua Đề án phát triển lâm nghiệp bền vững tỉnh Bắc Kạn giai đoạn 2023 - 2030",
                F.AGRICULTURE,
            ),
        ],
    ),
    _bk_thematic(
        "16",
        date(2023, 8, 25),
        date(2023, 8, 11),
        date(2023, 8, 17),
        "Kỳ họp chuyên đề về giảm nghèo, đào tạo nghề và giá dịch vụ y tế",
        [
            Draft(BK_DTC.format(n=4), F.INVESTMENT),
            Draft(BK_LAND.format(n=5), F.LAND),
            Draft(
                "Phân bổ kế hoạch vốn ngân sách trung ương năm 2023 thực hiện Chương trình mục "
                "tiêu quốc gia giảm nghèo bền vững (bổ sung)",
                F.SOCIAL,
            ),
            Draft(
                "Quy định mức hỗ trợ kinh phí đào tạo nghề cho lao động nông thôn " + BK,
                F.SOCIAL,
                NORM,
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Khắc phục hậu quả thiên tai, sạt lở đất tại "
                "xã Nông Thượng, thành phố Bắc Kạn",
                F.ENVIRONMENT,
            ),
            Draft(
                "Quy định giá dịch vụ khám bệnh, chữa bệnh không thuộc phạm vi thanh toán của "
                "Quỹ bảo hiểm y tế trong các cơ sở khám bệnh, chữa bệnh của Nhà nước " + BK,
                F.HEALTH,
                NORM,
            ),
        ],
    ),
    _bk_thematic(
        "17",
        date(2023, 9, 28),
        date(2023, 9, 15),
        date(2023, 9, 20),
        "Kỳ họp chuyên đề về vùng đồng bào dân tộc thiểu số và sắp xếp đơn vị hành chính",
        [
            Draft(BK_DTC_TRUNG_HAN.format(n=3), F.INVESTMENT),
            Draft(BK_LAND.format(n=6), F.LAND),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Cấp nước sinh hoạt tập trung cho các xã "
                "vùng cao huyện Ngân Sơn",
                F.INVESTMENT,
            ),
            Draft(
                "Quy định mức hỗ trợ phát triển hạ tầng kinh tế - xã hội các thôn đặc biệt khó "
                "khăn vùng đồng bào dân tộc thiểu số " + BK,
                F.ETHNIC,
                NORM,
            ),
            Draft(
                "Điều chỉnh phân bổ kế hoạch vốn sự nghiệp năm 2023 thực hiện Chương trình mục "
                "tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và "
                "miền núi (thay thế Nghị quyết số {number})",
                F.ETHNIC,
                link=(BK_DTTS_2023, ResolutionLink.Kind.REPLACES),
            ),
            Draft(
                "Quy định chế độ dinh dưỡng đối với vận động viên, huấn luyện viên thể thao "
                "thành tích cao tỉnh Bắc Kạn",
                F.CULTURE,
                NORM,
            ),
            Draft(
                "Thông qua Đề án sắp xếp đơn vị hành chính cấp xã giai đoạn 2023 - 2025 của "
                "tỉnh Bắc Kạn",
                F.ORGANISATION,
            ),
        ],
    ),
    _bk_thematic(
        "18",
        date(2023, 10, 31),
        date(2023, 10, 18),
        date(2023, 10, 23),
        "Kỳ họp chuyên đề về phí, lệ phí và an ninh, trật tự ở cơ sở",
        [
            Draft(
                "Quy định mức thu, miễn, giảm, quản lý và sử dụng phí thẩm định hồ sơ cấp giấy "
                "chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với "
                "đất " + BK + " (thay thế Nghị quyết số {number})",
                F.BUDGET,
                NORM,
                presenter="Sở Tài chính tỉnh Bắc Kạn",
                link=(BK_PHI_DAT, ResolutionLink.Kind.REPLACES),
            ),
            Draft(BK_LAND.format(n=7), F.LAND),
            Draft(BK_DTC.format(n=5), F.INVESTMENT),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Sửa chữa, nâng cấp hồ chứa nước Nà Khoang, "
                "huyện Chợ Mới",
                F.INVESTMENT,
            ),
            Draft(
                "Quy định mức chi hỗ trợ cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở "
                + BK,
                F.SECURITY,
                NORM,
            ),
        ],
    ),
    Plan(
        number="19",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thường lệ cuối năm 2023",
        start=date(2023, 12, 6),
        end=date(2023, 12, 8),
        convening=("34/QĐ-HĐND", date(2023, 11, 17)),
        sent_on=date(2023, 11, 27),
        status=S.RECORDS_PUBLISHED,
        reports=[
            (
                "Báo cáo tình hình kinh tế - xã hội năm 2023, phương hướng, nhiệm vụ năm 2024",
                K.REPORT,
                UBND,
            ),
            (
                "Lấy phiếu tín nhiệm đối với người giữ chức vụ do Hội đồng nhân dân tỉnh bầu",
                K.CONFIDENCE,
                HDND,
            ),
        ],
        drafts=[
            Draft(BK_KTXH_2024, F.SOCIO_ECONOMIC),
            Draft(
                "Dự toán thu ngân sách nhà nước trên địa bàn, thu, chi ngân sách địa phương "
                "năm 2024",
                F.BUDGET,
            ),
            Draft("Phân bổ dự toán ngân sách địa phương năm 2024", F.BUDGET),
            Draft("Kế hoạch tài chính - ngân sách nhà nước 03 năm 2024 - 2026", F.BUDGET),
            Draft("Kế hoạch đầu tư công năm 2024 nguồn vốn ngân sách địa phương", F.INVESTMENT),
            Draft(BK_VON_CTMTQG_2024, F.INVESTMENT),
            Draft(
                "Tổ chức các kỳ họp thường lệ của Hội đồng nhân dân tỉnh năm 2024",
                F.ORGANISATION,
                presenter=HDND,
            ),
            Draft(BK_POLL, F.ORGANISATION, presenter=HDND),
            Draft(
                "Giao biên chế công chức trong cơ quan, tổ chức hành chính nhà nước tỉnh Bắc "
                "Kạn năm 2024",
                F.ORGANISATION,
            ),
            Draft(
                "Phê duyệt tổng số người làm việc trong đơn vị sự nghiệp công lập tỉnh Bắc Kạn "
                "năm 2024",
                F.ORGANISATION,
            ),
            Draft(
                "Thông qua danh mục công trình, dự án cần thu hồi đất; chuyển mục đích sử dụng "
                "đất trồng lúa, đất rừng phòng hộ, đất rừng đặc dụng năm 2024 " + BK,
                F.LAND,
            ),
            Draft(
                "Sửa đổi, bổ sung Bảng giá đất giai đoạn 2020 - 2024 " + BK,
                F.LAND,
                NORM,
                effective_days=24,
            ),
            Draft(
                "Sửa đổi, bổ sung một số điều của Nghị quyết số {number} quy định nội dung, mức "
                "hỗ trợ dự án, phương án sản xuất thuộc các Chương trình mục tiêu quốc gia " + BK,
                F.AGRICULTURE,
                NORM,
                link=(BK_HO_TRO_SX, ResolutionLink.Kind.AMENDS),
            ),
            Draft(
                "Quy định định mức phân bổ chi thường xuyên ngân sách địa phương năm 2024",
                F.BUDGET,
                NORM,
                effective_days=24,
            ),
            Draft(
                "Quy định mức hỗ trợ đóng bảo hiểm y tế cho người thuộc hộ gia đình cận nghèo "
                + BK,
                F.HEALTH,
                NORM,
                effective_days=24,
            ),
            Draft(
                "Quy định chính sách thu hút, hỗ trợ bác sĩ về công tác tại các cơ sở y tế "
                "công lập tỉnh Bắc Kạn",
                F.HEALTH,
                NORM,
            ),
            Draft(
                "Quy định mức hỗ trợ tiền ăn trưa cho trẻ em mẫu giáo vùng đồng bào dân tộc "
                "thiểu số " + BK,
                F.EDUCATION,
                NORM,
            ),
            Draft(
                "Quy định chính sách hỗ trợ phát triển kinh tế tập thể, hợp tác xã " + BK + " "
                "giai đoạn 2024 - 2025",
                F.AGRICULTURE,
                NORM,
                effective_days=24,
            ),
            Draft(
                "Quy định mức hỗ trợ bảo tồn, phát huy giá trị văn hóa truyền thống của đồng bào "
                "dân tộc Tày, Nùng, Dao, Mông " + BK,
                F.ETHNIC,
                NORM,
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Cải tạo, nâng cấp đường từ trung tâm huyện "
                "Na Rì đi xã Cư Lễ",
                F.INVESTMENT,
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Cải tạo, mở rộng Trung tâm Y tế huyện Bạch "
                "Thông",
                F.INVESTMENT,
            ),
            Draft(
                "Phê duyệt điều chỉnh chủ trương đầu tư dự án Kè chống sạt lở bờ sông Cầu đoạn "
                "qua thành phố Bắc Kạn",
                F.INVESTMENT,
            ),
            Draft(
                "Thông qua Đề án bảo tồn và phát huy giá trị Vườn quốc gia Ba Bể gắn với phát "
                "triển du lịch giai đoạn 2024 - 2030",
                F.CULTURE,
            ),
            Draft(
                "Chủ trương chuyển mục đích sử dụng rừng sang mục đích khác để thực hiện các dự "
                "án " + BK + " năm 2024",
                F.ENVIRONMENT,
            ),
            Draft(
                "Quy định mức thu, miễn, giảm, quản lý và sử dụng phí bảo vệ môi trường đối với "
                "khai thác khoáng sản " + BK,
                F.ENVIRONMENT,
                NORM,
            ),
            Draft(
                "Quy định mức chi tổ chức các kỳ thi, hội thi trong lĩnh vực giáo dục " + BK,
                F.EDUCATION,
                NORM,
            ),
            Draft(
                "Quy định chế độ hỗ trợ đối với cán bộ, công chức làm công tác tiếp công dân, "
                "xử lý đơn thư " + BK,
                F.SECURITY,
                NORM,
            ),
            Draft(
                "Kết quả giám sát chuyên đề việc quản lý, sử dụng vốn các Chương trình mục tiêu "
                "quốc gia năm 2022 - 2023",
                F.OVERSIGHT,
                presenter=HDND,
            ),
            Draft(
                "Thành lập Đoàn giám sát chuyên đề năm 2024 của Hội đồng nhân dân tỉnh",
                F.OVERSIGHT,
                presenter=HDND,
            ),
            Draft(
                "Sáp nhập, đổi tên thôn, tổ dân phố tại các huyện Chợ Đồn, Bạch Thông",
                F.ORGANISATION,
            ),
            Draft(
                "Đặt tên một số tuyến đường trên địa bàn thị trấn Chợ Rã, huyện Ba Bể", F.CULTURE
            ),
            Draft(
                "Phê duyệt mức hỗ trợ kinh phí thực hiện Chương trình mỗi xã một sản phẩm (OCOP) "
                "giai đoạn 2024 - 2025",
                F.AGRICULTURE,
            ),
            Draft(
                "Quy định mức chi hỗ trợ hoạt động của Ban Thanh tra nhân dân, Ban Giám sát đầu "
                "tư của cộng đồng " + BK,
                F.SECURITY,
                NORM,
            ),
            Draft(
                "Bãi bỏ một số nghị quyết quy phạm pháp luật của Hội đồng nhân dân tỉnh Bắc Kạn "
                "không còn phù hợp",
                F.OTHER,
                NORM,
                presenter="Sở Tư pháp tỉnh Bắc Kạn",
            ),
        ],
    ),
]


def _bac_kan(demo: SessionDemo, t21: Term) -> None:
    bk = _council("06")
    _chair, *vices = demo.leadership(bk, t21, date(2021, 6, 25), vice_chairs=2)
    ctx = demo.context(
        bk,
        t21,
        place=BK_PLACE,
        method=Vote.Method.ELECTRONIC,
        agencies=[
            "Ủy ban nhân dân tỉnh Bắc Kạn",
            "Sở Tài chính tỉnh Bắc Kạn",
            "Ủy ban MTTQ Việt Nam tỉnh Bắc Kạn",
        ],
    )
    sessions = {plan.number: demo.run(ctx, plan) for plan in BAC_KAN}
    s15, s19 = sessions["15"], sessions["19"]
    kept, open_, not_kept = (
        Commitment.Status.KEPT,
        Commitment.Status.OPEN,
        Commitment.Status.NOT_KEPT,
    )
    demo.question(
        ctx,
        s15,
        asked_by=4,
        respondent=("Hà Văn Phúc", "Giám đốc Sở Tài nguyên và Môi trường tỉnh Bắc Kạn"),
        agency="Sở Tài nguyên và Môi trường tỉnh Bắc Kạn",
        content=(
            "Việc cấp giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình, cá nhân còn "
            "chậm, nhiều hồ sơ tồn đọng quá hạn. Đề nghị Giám đốc Sở cho biết trách nhiệm và "
            "giải pháp khắc phục."
        ),
        answer=(
            "Toàn tỉnh còn 1.240 hồ sơ quá hạn, chủ yếu do thiếu nhân lực đo đạc và vướng nguồn "
            "gốc đất. Sở nhận trách nhiệm, đã lập tổ công tác liên ngành và rà soát từng hồ sơ."
        ),
        answered_on=date(2023, 7, 12),
        commitments=[
            (
                "Giải quyết dứt điểm các hồ sơ cấp giấy chứng nhận quyền sử dụng đất tồn đọng quá "
                "hạn trước ngày 31/12/2023",
                date(2023, 12, 31),
                open_,
                None,
                "Đến 30/11/2023 mới giải quyết được 61% số hồ sơ tồn đọng.",
            )
        ],
    )
    demo.question(
        ctx,
        s15,
        asked_by=9,
        respondent=("Lục Thị Minh", "Giám đốc Sở Giáo dục và Đào tạo tỉnh Bắc Kạn"),
        agency="Sở Giáo dục và Đào tạo tỉnh Bắc Kạn",
        content=(
            "Các huyện vùng cao Pác Nặm, Ngân Sơn vẫn thiếu giáo viên mầm non và tiểu học; năm "
            "học 2023 - 2024 có bảo đảm đủ giáo viên đứng lớp không?"
        ),
        answer=(
            "Toàn tỉnh thiếu 150 giáo viên so với định mức. Sở đã trình UBND tỉnh kế hoạch tuyển "
            "dụng và điều động giáo viên từ nơi thừa sang nơi thiếu."
        ),
        answered_on=date(2023, 7, 12),
        commitments=[
            (
                "Tham mưu UBND tỉnh tuyển dụng đủ 150 giáo viên còn thiếu trước khai giảng năm "
                "học 2023 - 2024",
                date(2023, 9, 5),
                kept,
                date(2023, 8, 28),
                "Đã tuyển dụng 152 giáo viên (Quyết định của UBND tỉnh ngày 28/8/2023).",
            )
        ],
    )
    demo.question(
        ctx,
        s15,
        asked_by=12,
        respondent=("Triệu Văn Lâm", "Giám đốc Sở Y tế tỉnh Bắc Kạn"),
        agency="Sở Y tế tỉnh Bắc Kạn",
        content=(
            "Tình trạng thiếu thuốc, vật tư y tế tại bệnh viện tuyến tỉnh và trung tâm y tế "
            "huyện kéo dài; người bệnh bảo hiểm y tế phải tự mua thuốc ngoài."
        ),
        answer=(
            "Nguyên nhân là gói thầu tập trung năm 2023 bị chậm. Sở đã cho phép mua sắm bổ "
            "sung theo hình thức chỉ định thầu rút gọn cho các thuốc thiết yếu."
        ),
        answered_on=date(2023, 7, 13),
        commitments=[
            (
                "Hoàn thành đấu thầu tập trung thuốc, vật tư y tế năm 2023 - 2024 trước ngày "
                "31/10/2023",
                date(2023, 10, 31),
                kept,
                date(2023, 10, 20),
                "Đã phê duyệt kết quả lựa chọn nhà thầu ngày 20/10/2023.",
            )
        ],
    )

    standing = Body.objects.get(council=bk, term=t21, kind=Body.Kind.STANDING)
    ethnic = ctx.bans[C.ETHNIC]
    may = demo.meeting(
        ctx,
        date(2023, 5, 16),
        number="05/2023",
        agenda=(
            "Phiên họp thường kỳ tháng 5/2023: cho ý kiến chuẩn bị Kỳ họp thứ 14; phiên giải "
            "trình về công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng."
        ),
        conclusions="Thống nhất nội dung, thời gian tổ chức Kỳ họp thứ 14 vào ngày 09/6/2023.",
        conclusion_reference="62/TB-HĐND",
    )
    demo.hearing(
        ctx,
        body=standing,
        meeting=may,
        held_on=date(2023, 5, 16),
        topic="Công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng năm 2023",
        agency="Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Kạn",
        conclusion=(
            "Đề nghị Sở rà soát phương án phòng cháy, chữa cháy rừng ở các huyện trọng điểm và "
            "xử lý nghiêm các vụ phá rừng trái phép."
        ),
        commitments=[
            (
                "Hoàn thành rà soát, phê duyệt phương án phòng cháy, chữa cháy rừng cấp xã ở 4 "
                "huyện trọng điểm trước ngày 30/6/2023",
                "Giám đốc Sở Nông nghiệp và Phát triển nông thôn",
                date(2023, 6, 30),
                kept,
                date(2023, 6, 26),
                "Đã phê duyệt 52 phương án cấp xã.",
            )
        ],
    )
    demo.hearing(
        ctx,
        body=ethnic,
        held_on=date(2023, 8, 15),
        topic=(
            "Việc thực hiện chính sách hỗ trợ đất ở, nhà ở, nước sinh hoạt cho hộ đồng bào dân "
            "tộc thiểu số nghèo"
        ),
        agency="Ban Dân tộc tỉnh Bắc Kạn",
        conclusion="Đề nghị đẩy nhanh tiến độ hỗ trợ nhà ở, ưu tiên các xã đặc biệt khó khăn.",
        commitments=[
            (
                "Hoàn thành hỗ trợ nhà ở cho 500 hộ nghèo đồng bào dân tộc thiểu số trong năm 2023",
                "Trưởng Ban Dân tộc tỉnh",
                date(2023, 12, 31),
                not_kept,
                None,
                "Hoàn thành 412/500 hộ; số còn lại chuyển sang năm 2024.",
            )
        ],
    )
    october = demo.meeting(
        ctx,
        date(2023, 10, 10),
        number="10/2023",
        agenda=(
            "Phiên họp thường kỳ tháng 10/2023: cho ý kiến về nội dung, chương trình Kỳ họp thứ "
            "18; phiên giải trình về tiến độ giải ngân vốn đầu tư công và vốn các Chương trình "
            "mục tiêu quốc gia năm 2023."
        ),
        conclusions=(
            "Thống nhất tổ chức Kỳ họp thứ 18 (chuyên đề) ngày 31/10/2023; yêu cầu UBND tỉnh "
            "chỉ đạo quyết liệt giải ngân vốn đầu tư công."
        ),
        conclusion_reference="145/TB-HĐND",
    )
    demo.hearing(
        ctx,
        body=standing,
        meeting=october,
        held_on=date(2023, 10, 10),
        topic=(
            "Tiến độ giải ngân vốn đầu tư công và vốn các Chương trình mục tiêu quốc gia năm 2023"
        ),
        agency="Sở Kế hoạch và Đầu tư tỉnh Bắc Kạn",
        conclusion=(
            "Tỷ lệ giải ngân đến 30/9/2023 mới đạt 48%; đề nghị điều chuyển vốn từ các dự án "
            "chậm sang dự án có khả năng giải ngân."
        ),
        commitments=[
            (
                "Giải ngân trên 95% kế hoạch vốn đầu tư công năm 2023 trước ngày 31/01/2024",
                "Giám đốc Sở Kế hoạch và Đầu tư",
                date(2024, 1, 31),
                kept,
                date(2024, 1, 30),
                "Giải ngân đạt 96,2% kế hoạch vốn.",
            )
        ],
    )
    demo.meeting(
        ctx,
        date(2024, 1, 4),
        number="01/2024",
        agenda=(
            "Phiên họp thường kỳ tháng 01/2024: cho ý kiến về dự thảo Kế hoạch thực hiện Chương "
            "trình kiểm tra, giám sát của Thường trực HĐND tỉnh năm 2024; Báo cáo tổng hợp kết "
            "quả giám sát của các Tổ đại biểu HĐND tỉnh năm 2023; Báo cáo kết quả hoạt động của "
            "các Ban, Tổ đại biểu, đại biểu HĐND tỉnh năm 2023."
        ),
        conclusions=(
            "Thống nhất các dự thảo; giao các Ban hoàn thiện và ban hành trong tháng 01/2024."
        ),
        conclusion_reference="03/TB-HĐND",
    )

    heads = _heads(ctx, "tỉnh")
    demo.poll(
        ctx,
        s19,
        date(2023, 12, 7),
        [
            ("Đoàn Thị Hậu", "Chủ tịch HĐND tỉnh", (19, 19, 19, 15, 4, 0)),
            (vices[0].full_name, "Phó Chủ tịch HĐND tỉnh", (19, 19, 19, 12, 6, 1)),
            (vices[1].full_name, "Phó Chủ tịch HĐND tỉnh", (19, 19, 19, 10, 8, 1)),
            *(
                (name, office, (19, 19, 19, 11 - i, 7 + i, 1))
                for i, (name, office) in enumerate(heads)
            ),
            ("Triệu Đức Thành", "Chủ tịch UBND tỉnh", (19, 19, 19, 13, 5, 1)),
            ("Lương Trọng Quỳnh", "Phó Chủ tịch UBND tỉnh", (19, 19, 19, 10, 8, 1)),
            ("Phạm Duy Hưng", "Phó Chủ tịch UBND tỉnh", (19, 19, 18, 6, 9, 3)),
            (
                "Hà Văn Phúc",
                "Ủy viên UBND tỉnh, Giám đốc Sở Tài nguyên và Môi trường",
                (19, 19, 19, 1, 7, 11),
            ),
        ],
    )

    demo.task(
        ctx,
        BK_HOC_SINH,
        "Hướng dẫn và tổ chức chi trả hỗ trợ cho học sinh từ học kỳ I năm học 2023 - 2024",
        due_on=date(2023, 10, 31),
        reports=[(date(2023, 10, 25), 100, "Đã chi trả hỗ trợ cho 8.920 học sinh ở 62 trường.")],
        closed=(ImplementationTask.Status.DONE, date(2023, 10, 25)),
    )
    demo.task(
        ctx,
        BK_KTXH_2024,
        "Tổ chức thực hiện các chỉ tiêu kinh tế - xã hội năm 2024; báo cáo tại kỳ họp giữa năm "
        "và cuối năm",
        due_on=date(2024, 12, 31),
        every=6,
        reports=[
            (date(2024, 6, 28), 50, "Đạt và vượt 11/24 chỉ tiêu 6 tháng đầu năm."),
            (date(2024, 12, 3), 90, "Ước đạt 21/24 chỉ tiêu; tăng trưởng GRDP ước 6,2%."),
        ],
        closed=(ImplementationTask.Status.DONE, date(2024, 12, 31)),
    )
    demo.task(
        ctx,
        BK_VON_CTMTQG_2024,
        "Giao vốn chi tiết và giải ngân vốn các Chương trình mục tiêu quốc gia năm 2024; báo cáo "
        "tiến độ hằng quý",
        due_on=date(2025, 1, 31),
        every=3,
        reports=[
            (date(2024, 4, 5), 18, "Đã giao chi tiết 100% vốn; giải ngân 18%."),
            (date(2024, 7, 4), 41, "Giải ngân 41%; vướng thủ tục đất đai ở 3 huyện."),
            (date(2024, 10, 3), 67, "Giải ngân 67%."),
        ],
    )


# --- After the 2025 reform, 2026-2031 term: Thành phố Đà Nẵng and xã Hiệp Đức -----------------

DN = "trên địa bàn thành phố Đà Nẵng"
DN_DTC_TRUNG_HAN = (
    "Dự kiến Kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030 nguồn vốn ngân sách địa phương"
)
DN_DOI_DU = (
    "Quy định chính sách hỗ trợ cán bộ, công chức, viên chức dôi dư do sắp xếp đơn vị hành "
    "chính " + DN
)
DN_HOC_PHI = "Quy định mức thu học phí đối với cơ sở giáo dục công lập năm học 2026 - 2027 " + DN


def _elections(where: str, offices: list[str]) -> list[Draft]:
    return [
        Draft(
            f"Xác nhận kết quả bầu {office} {where} nhiệm kỳ 2026 - 2031",
            F.ORGANISATION,
            presenter=HDND,
            item_kind=K.ELECTION,
        )
        for office in offices
    ]


DA_NANG = [
    Plan(
        number="1",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thứ nhất: bầu các chức danh của HĐND, UBND thành phố nhiệm kỳ 2026 - 2031",
        start=date(2026, 3, 27),
        end=date(2026, 3, 27),
        convening=("01/QĐ-HĐND", date(2026, 3, 18)),
        sent_on=date(2026, 3, 20),
        status=S.RECORDS_PUBLISHED,
        drafts=_elections(
            "thành phố Đà Nẵng",
            [
                "Chủ tịch Hội đồng nhân dân",
                "Phó Chủ tịch Hội đồng nhân dân",
                "Trưởng Ban, Phó Trưởng Ban của Hội đồng nhân dân",
                "Chủ tịch Ủy ban nhân dân",
                "Phó Chủ tịch, Ủy viên Ủy ban nhân dân",
            ],
        ),
    ),
    Plan(
        number="2",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thường lệ giữa năm 2026",
        start=date(2026, 7, 8),
        end=date(2026, 7, 10),
        convening=("12/QĐ-HĐND", date(2026, 6, 19)),
        sent_on=date(2026, 6, 29),
        status=S.RECORDS_PUBLISHED,
        reports=[
            (
                "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm, nhiệm vụ, giải pháp 6 tháng "
                "cuối năm 2026",
                K.REPORT,
                UBND,
            ),
            ("Chất vấn và trả lời chất vấn", K.QUESTIONING, HDND),
        ],
        drafts=[
            Draft(
                "Chương trình giám sát của Hội đồng nhân dân thành phố năm 2027",
                F.OVERSIGHT,
                presenter=HDND,
            ),
            Draft("Phê chuẩn quyết toán ngân sách địa phương năm 2025", F.BUDGET),
            Draft(
                "Điều chỉnh dự toán ngân sách địa phương năm 2026",
                F.BUDGET,
                presenter="Sở Tài chính thành phố Đà Nẵng",
            ),
            Draft(DN_DTC_TRUNG_HAN, F.INVESTMENT),
            Draft(DN_DOI_DU, F.ORGANISATION, NORM),
            Draft(DN_HOC_PHI, F.EDUCATION, NORM),
            Draft(
                "Quy định mức hỗ trợ phát triển sản xuất vùng đồng bào dân tộc thiểu số miền núi "
                "phía tây thành phố Đà Nẵng",
                F.ETHNIC,
                NORM,
            ),
            Draft(
                "Thông qua danh mục công trình, dự án cần thu hồi đất năm 2026 "
                + DN
                + " (bổ sung)",
                F.LAND,
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Kè chống sạt lở bờ sông Tranh đoạn qua xã "
                "Hiệp Đức",
                F.INVESTMENT,
            ),
        ],
    ),
    Plan(
        number="3",
        kind=Session.Kind.THEMATIC,
        title="Kỳ họp chuyên đề về khắc phục thiệt hại do thiên tai và đầu tư công năm 2026",
        start=date(2026, 11, 26),
        end=date(2026, 11, 26),
        convening=("21/QĐ-HĐND", date(2026, 11, 13)),
        sent_on=date(2026, 11, 21),  # 5 days before opening: the lead-time warning shows
        status=S.DOCUMENTS_SENT,
        drafts=[
            Draft(
                "Quy định chính sách hỗ trợ khôi phục sản xuất nông nghiệp vùng bị thiệt hại do "
                "thiên tai " + DN,
                F.AGRICULTURE,
                NORM,
            ),
            Draft(
                "Điều chỉnh Kế hoạch đầu tư công năm 2026 nguồn vốn ngân sách thành phố (đợt 2)",
                F.INVESTMENT,
            ),
            Draft(
                "Phê duyệt chủ trương đầu tư dự án Đường nối Khu công nghệ cao với khu vực phía "
                "tây thành phố",
                F.INVESTMENT,
            ),
        ],
    ),
    Plan(
        number="4",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thường lệ cuối năm 2026",
        start=date(2026, 12, 9),
        end=date(2026, 12, 11),
        convening=("23/QĐ-HĐND", date(2026, 11, 18)),
        status=S.CONVENED,
        reports=[
            (
                "Báo cáo tình hình kinh tế - xã hội năm 2026, phương hướng, nhiệm vụ năm 2027",
                K.REPORT,
                UBND,
            ),
            ("Chất vấn và trả lời chất vấn", K.QUESTIONING, HDND),
        ],
        drafts=[
            Draft("Nhiệm vụ phát triển kinh tế - xã hội năm 2027", F.SOCIO_ECONOMIC),
            Draft(
                "Dự toán thu ngân sách nhà nước trên địa bàn, thu, chi ngân sách địa phương "
                "năm 2027",
                F.BUDGET,
            ),
            Draft("Phân bổ dự toán ngân sách địa phương năm 2027", F.BUDGET),
            Draft(
                "Kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030 nguồn vốn ngân sách địa "
                "phương",
                F.INVESTMENT,
            ),
            Draft(
                "Tổ chức các kỳ họp thường lệ của Hội đồng nhân dân thành phố năm 2027",
                F.ORGANISATION,
                presenter=HDND,
            ),
        ],
    ),
]

XHD_NHA_CONG_DONG = (
    "Phê duyệt chủ trương đầu tư công trình Nhà sinh hoạt cộng đồng kết hợp tránh lũ các thôn "
    "ven sông xã Hiệp Đức"
)

XA_HIEP_DUC = [
    Plan(
        number="1",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thứ nhất, nhiệm kỳ 2026 - 2031",
        start=date(2026, 3, 27),
        end=date(2026, 3, 27),
        convening=("01/QĐ-HĐND", date(2026, 3, 19)),
        sent_on=date(2026, 3, 20),
        status=S.RECORDS_PUBLISHED,
        drafts=_elections(
            "xã Hiệp Đức", ["Chủ tịch Hội đồng nhân dân", "Chủ tịch Ủy ban nhân dân"]
        ),
    ),
    Plan(
        number="2",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thường lệ giữa năm 2026",
        start=date(2026, 7, 14),
        end=date(2026, 7, 14),
        convening=("05/QĐ-HĐND", date(2026, 6, 26)),
        sent_on=date(2026, 7, 3),
        status=S.RECORDS_PUBLISHED,
        reports=[
            ("Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2026", K.REPORT, UBND),
        ],
        drafts=[
            Draft("Điều chỉnh dự toán thu, chi ngân sách xã Hiệp Đức năm 2026", F.BUDGET),
            Draft(
                "Thông qua dự kiến Kế hoạch đầu tư công năm 2027 nguồn vốn ngân sách xã",
                F.INVESTMENT,
            ),
            Draft(
                "Chương trình giám sát của Hội đồng nhân dân xã năm 2027",
                F.OVERSIGHT,
                presenter=HDND,
            ),
            Draft(XHD_NHA_CONG_DONG, F.INVESTMENT),
        ],
    ),
    Plan(
        number="3",
        kind=Session.Kind.REGULAR,
        title="Kỳ họp thường lệ cuối năm 2026",
        start=date(2026, 12, 17),
        end=date(2026, 12, 18),
        status=S.PLANNED,
        drafts=[
            Draft("Dự toán thu, chi ngân sách xã Hiệp Đức năm 2027", F.BUDGET),
            Draft("Nhiệm vụ phát triển kinh tế - xã hội năm 2027", F.SOCIO_ECONOMIC),
        ],
    ),
]


def _da_nang(demo: SessionDemo, t26: Term) -> None:
    dn = _council("48", REFORM)
    demo.leadership(dn, t26, date(2026, 3, 27), vice_chairs=2)
    ctx = demo.context(
        dn,
        t26,
        place="Trung tâm Hành chính thành phố Đà Nẵng, 24 Trần Phú",
        method=Vote.Method.ELECTRONIC,
        agencies=["Ủy ban nhân dân thành phố Đà Nẵng", "Sở Tài chính thành phố Đà Nẵng"],
    )
    sessions = {plan.number: demo.run(ctx, plan) for plan in DA_NANG}
    s2 = sessions["2"]
    kept, open_ = Commitment.Status.KEPT, Commitment.Status.OPEN
    demo.question(
        ctx,
        s2,
        asked_by=2,
        respondent=("Lê Quang Nam", "Giám đốc Sở Xây dựng thành phố Đà Nẵng"),
        agency="Sở Xây dựng thành phố Đà Nẵng",
        content=(
            "Nhiều tuyến đường khu vực trung tâm vẫn ngập úng cục bộ sau mỗi trận mưa lớn; tiến "
            "độ các dự án chống ngập, cải tạo hệ thống thoát nước đến đâu?"
        ),
        answer=(
            "Thành phố có 12 điểm ngập trọng điểm; Sở đã giao nạo vét, cải tạo cống thoát nước "
            "và đang lập dự án hồ điều hòa cho lưu vực trung tâm."
        ),
        answered_on=date(2026, 7, 9),
        commitments=[
            (
                "Hoàn thành nạo vét, cải tạo hệ thống thoát nước tại 12 điểm ngập trọng điểm "
                "trước mùa mưa năm 2026",
                date(2026, 9, 30),
                open_,
                None,
                "Hoàn thành 7/12 điểm; 5 điểm còn lại vướng mặt bằng.",
            )
        ],
    )
    demo.question(
        ctx,
        s2,
        asked_by=5,
        respondent=("Trần Thị Kim Oanh", "Giám đốc Sở Nội vụ thành phố Đà Nẵng"),
        agency="Sở Nội vụ thành phố Đà Nẵng",
        content=(
            "Việc bố trí cán bộ, công chức dôi dư sau sắp xếp đơn vị hành chính và giải quyết "
            "chế độ cho người nghỉ việc còn chậm; khi nào giải quyết xong?"
        ),
        answer=(
            "Đã bố trí công tác cho 82% số người dôi dư; số còn lại đang giải quyết chế độ nghỉ "
            "việc theo chính sách của Trung ương và nghị quyết của HĐND thành phố."
        ),
        answered_on=date(2026, 7, 9),
        commitments=[
            (
                "Giải quyết xong chế độ cho cán bộ, công chức, viên chức dôi dư nghỉ việc trước "
                "ngày 31/12/2026",
                date(2026, 12, 31),
                open_,
                None,
                "",
            )
        ],
    )
    demo.question(
        ctx,
        s2,
        asked_by=8,
        respondent=("Phạm Đức Hải", "Giám đốc Sở Giáo dục và Đào tạo thành phố Đà Nẵng"),
        agency="Sở Giáo dục và Đào tạo thành phố Đà Nẵng",
        content=(
            "Sĩ số học sinh tiểu học ở các phường ven biển vượt quy định; thành phố có kế hoạch "
            "bổ sung phòng học cho năm học 2026 - 2027 không?"
        ),
        answer="Thành phố đang xây mới 40 phòng học ở 5 trường, dự kiến xong trước khai giảng.",
        answered_on=date(2026, 7, 10),
        commitments=[
            (
                "Đưa vào sử dụng 40 phòng học mới trước khai giảng năm học 2026 - 2027",
                date(2026, 9, 5),
                kept,
                date(2026, 8, 30),
                "Đã bàn giao 40 phòng học ngày 30/8/2026.",
            )
        ],
    )
    standing = Body.objects.get(council=dn, term=t26, kind=Body.Kind.STANDING)
    october = demo.meeting(
        ctx,
        date(2026, 10, 13),
        number="10/2026",
        agenda=(
            "Phiên họp thường kỳ tháng 10/2026: chuẩn bị kỳ họp chuyên đề và kỳ họp thường lệ "
            "cuối năm 2026; phiên giải trình về quản lý trật tự xây dựng sau sắp xếp đơn vị "
            "hành chính."
        ),
        conclusions="Thống nhất dự kiến nội dung hai kỳ họp cuối năm 2026.",
        conclusion_reference="88/TB-HĐND",
    )
    demo.hearing(
        ctx,
        body=standing,
        meeting=october,
        held_on=date(2026, 10, 13),
        topic=(
            "Công tác quản lý trật tự xây dựng, quản lý đô thị tại các phường, xã sau sắp xếp "
            "đơn vị hành chính"
        ),
        agency="Sở Xây dựng thành phố Đà Nẵng",
        conclusion=(
            "Phân định rõ trách nhiệm giữa Sở và UBND các phường, xã; xử lý dứt điểm các công "
            "trình vi phạm tồn đọng."
        ),
        commitments=[
            (
                "Ban hành quy chế phối hợp quản lý trật tự xây dựng giữa Sở Xây dựng và UBND các "
                "phường, xã trước ngày 15/11/2026",
                "Giám đốc Sở Xây dựng",
                date(2026, 11, 15),
                open_,
                None,
                "",
            ),
            (
                "Xử lý dứt điểm 35 công trình vi phạm trật tự xây dựng tồn đọng trong năm 2026",
                "Giám đốc Sở Xây dựng",
                date(2026, 12, 31),
                open_,
                None,
                "Đã xử lý 19/35 công trình.",
            ),
        ],
    )
    demo.task(
        ctx,
        DN_DTC_TRUNG_HAN,
        "Hoàn thiện danh mục dự án đầu tư công trung hạn 2026 - 2030, trình HĐND thành phố tại "
        "kỳ họp cuối năm 2026; báo cáo tiến độ hằng quý",
        due_on=date(2026, 11, 30),
        every=3,
    )
    demo.task(
        ctx,
        DN_DOI_DU,
        "Tổ chức chi trả hỗ trợ cho cán bộ, công chức, viên chức dôi dư; báo cáo kết quả",
        due_on=date(2026, 9, 30),
        reports=[(date(2026, 8, 20), 60, "Đã chi trả cho 1.126/1.870 người.")],
    )
    demo.task(
        ctx,
        DN_HOC_PHI,
        "Hướng dẫn các cơ sở giáo dục thu học phí năm học 2026 - 2027",
        due_on=date(2026, 8, 31),
        reports=[(date(2026, 8, 25), 100, "Sở Giáo dục và Đào tạo đã ban hành hướng dẫn.")],
        closed=(ImplementationTask.Status.DONE, date(2026, 8, 25)),
    )


def _xa_hiep_duc(demo: SessionDemo, t26: Term) -> None:
    xhd = _council("20500", REFORM)
    demo.leadership(xhd, t26, date(2026, 3, 27), vice_chairs=1)
    ctx = demo.context(
        xhd,
        t26,
        place="Hội trường Ủy ban nhân dân xã Hiệp Đức",
        method=Vote.Method.SHOW_OF_HANDS,
        agencies=["Ủy ban nhân dân xã Hiệp Đức"],
    )
    for plan in XA_HIEP_DUC:
        demo.run(ctx, plan)
    demo.task(
        ctx,
        XHD_NHA_CONG_DONG,
        "Lập hồ sơ, lựa chọn nhà thầu và khởi công công trình; báo cáo tiến độ",
        due_on=date(2026, 11, 15),
        reports=[(date(2026, 9, 30), 70, "Đã lựa chọn nhà thầu; khởi công 2/3 nhà.")],
    )

"""The official documents of an oversight activity and of the follow-up of its recommendations
(issue 12), each one `OfficialDocument` of the shared template (core/documents.py): the PDF in the
Decree 30/2020 layout and the editable DOCX come from the same object, so they say the same.

- the decision setting up the oversight delegation (Quyết định thành lập Đoàn giám sát);
- the plan (Kế hoạch giám sát);
- the conclusion report (Báo cáo kết quả giám sát) in the five parts of DOMAIN.md §9, with the
  recommendations by agency;
- the follow-up report on the recommendations of a period, counted by the tracker's counting
  (activity_selectors.recommendation_counts and its per-agency twin), roadmap and exempted apart.

Functions here only lay out what the selectors read; build them inside
`translation.override("vi")` (official documents are Vietnamese whatever the UI language).
The legal basis is the dated rule in force on the document's date (councils.rules.oversight_basis).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import (
    Block,
    Cell,
    Column,
    OfficialDocument,
    Signer,
    heading,
    item,
    paragraph,
    subheading,
    table,
)
from councils import rules
from councils.issuers import Issuer, issuer_of
from councils.models import Council
from councils.selectors import standing_chair_name
from followups.models import Obligation
from oversight.activities import ActivityMember, OversightActivity

if TYPE_CHECKING:
    from core.models import User
    from councils.models import Agency
    from followups.selectors import Counts
    from oversight.activities import Recommendation

# The activity's documents exist from these states on (DOMAIN.md §9.2): the decision and the
# plan once the delegation is set up (or, for a survey, the work has started); the report once
# it is concluded.
DECIDED = (
    OversightActivity.Status.DECIDED,
    OversightActivity.Status.IN_PROGRESS,
    OversightActivity.Status.REPORTING,
    OversightActivity.Status.CONCLUDED,
)
ROLE_ORDER = {role: i for i, role in enumerate(ActivityMember.Role.values)}


def has_decision(activity: OversightActivity) -> bool:
    return activity.status in DECIDED and activity.decision_date is not None


def has_plan(activity: OversightActivity) -> bool:
    return activity.status in DECIDED


def has_conclusion(activity: OversightActivity) -> bool:
    return activity.status == OversightActivity.Status.CONCLUDED


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _lines(text: str) -> list[Block]:
    return [paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def _names(agencies: Sequence[Agency]) -> str:
    return ", ".join(a.name for a in agencies)


# --- one activity --------------------------------------------------------------------------------


@dataclass
class ActivityRows:
    """What the activity's documents print besides the activity itself (one query each)."""

    agencies: list[Agency]
    members: list[ActivityMember]
    visits: list
    report_requests: list
    recommendations: list[Recommendation]

    def __post_init__(self) -> None:
        self.members = sorted(self.members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.pk))


def _member_items(activity: OversightActivity, rows: ActivityRows) -> list[Block]:
    blocks = []
    for number, m in enumerate(rows.members, 1):
        who = m.delegate.full_name
        if m.delegate.occupation:
            who += f", {m.delegate.occupation}"
        blocks.append(item(f"{number}. {who} - {m.get_role_display()}."))
    if activity.invited_members.strip():
        blocks.append(
            paragraph(_("Mời tham gia Đoàn giám sát: %(who)s") % {"who": activity.invited_members})
        )
    if not blocks:
        blocks.append(paragraph(_("Thành phần Đoàn giám sát: chưa cập nhật.")))
    return blocks


def _period(activity: OversightActivity) -> str:
    if activity.period_from and activity.period_to:
        return _("thời kỳ giám sát từ ngày %(start)s đến ngày %(end)s") % {
            "start": _day(activity.period_from),
            "end": _day(activity.period_to),
        }
    if activity.period_from:
        return _("thời kỳ giám sát từ ngày %(start)s") % {"start": _day(activity.period_from)}
    if activity.period_to:
        return _("thời kỳ giám sát đến ngày %(end)s") % {"end": _day(activity.period_to)}
    return ""


def _bases(on: date, activity: OversightActivity) -> list[Block]:
    """ "Căn cứ ..." lines: the oversight law in force on the document's date, then the programme
    the activity carries out."""
    blocks = [
        paragraph(_("Căn cứ %(law)s;") % {"law": part.strip()})
        for part in rules.oversight_basis(on).split(";")
        if part.strip()
    ]
    item_ = activity.programme_item
    if item_ is not None:
        programme = item_.programme
        text = _("Căn cứ %(title)s") % {"title": programme.title}
        if programme.document_number and programme.adopted_on:
            text += " " + _("(văn bản số %(number)s ngày %(day)s)") % {
                "number": programme.document_number,
                "day": _day(programme.adopted_on),
            }
        blocks.append(paragraph(text + ";"))
    return blocks


def _decision_ref(activity: OversightActivity, issuer: Issuer) -> str:
    return _("Quyết định số %(number)s ngày %(day)s của %(issuer)s") % {
        "number": activity.decision_number,
        "day": _day(activity.decision_date),
        "issuer": issuer.name,
    }


def decision_document(
    activity: OversightActivity, rows: ActivityRows, *, user: User
) -> OfficialDocument:
    """Quyết định thành lập Đoàn giám sát: bases (the law in force on the decision's date),
    the delegation and its members with their roles, its tasks, the effect."""
    on = activity.decision_date
    issuer = issuer_of(activity.council, activity.body, user=user, on=on)
    unit = activity.council.unit.label
    agencies = _names(rows.agencies)
    article1 = _("Điều 1. Thành lập Đoàn giám sát “%(topic)s”") % {"topic": activity.topic}
    if agencies:
        article1 += " " + _("đối với %(agencies)s") % {"agencies": agencies}
    if _period(activity):
        article1 += f" ({_period(activity)})"
    article1 += ", " + _("gồm các thành viên sau:")
    body = [
        *_bases(on, activity),
        paragraph(_("Theo đề nghị của Chánh Văn phòng HĐND %(unit)s,") % {"unit": unit}),
        heading(_("QUYẾT ĐỊNH:")),
        paragraph(article1),
        *_member_items(activity, rows),
        paragraph(
            _(
                "Điều 2. Đoàn giám sát có nhiệm vụ: xây dựng và thực hiện kế hoạch giám sát; "
                "yêu cầu cơ quan, tổ chức, cá nhân chịu sự giám sát báo cáo bằng văn bản, cung "
                "cấp thông tin, tài liệu có liên quan; làm việc, khảo sát thực tế; báo cáo kết "
                "quả giám sát với %(issuer)s, kiến nghị cơ quan có thẩm quyền xem xét, giải "
                "quyết những vấn đề phát hiện qua giám sát. Đoàn giám sát tự giải thể sau khi "
                "hoàn thành nhiệm vụ."
            )
            % {"issuer": issuer.name}
        ),
    ]
    responsible = _("Văn phòng HĐND %(unit)s, các thành viên Đoàn giám sát") % {"unit": unit}
    if agencies:
        responsible += ", " + agencies
    closing = _(
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. %(who)s và các cơ quan, tổ chức, "
        "cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./."
    ) % {"who": responsible}
    return OfficialDocument(
        parent=issuer.parent,
        issuer=issuer.lines,
        symbol=f"QĐ-{issuer.code}",
        number=activity.decision_number,
        place=activity.council.unit.name,
        dated=on,
        kind=_("QUYẾT ĐỊNH"),
        title=_("Về việc thành lập Đoàn giám sát “%(topic)s”") % {"topic": activity.topic},
        body=body,
        closing=[paragraph(closing)],
        recipients=(
            _("Như Điều 3;"),
            _("Thường trực HĐND %(unit)s;") % {"unit": unit},
            _("Lưu: VT, VP."),
        ),
        signer=issuer.signer,
    )


def plan_date(activity: OversightActivity) -> date:
    """The plan's date: its own, else the decision's, else when the activity was entered."""
    return activity.plan_date or activity.decision_date or timezone.localdate(activity.created_at)


def plan_document(
    activity: OversightActivity, rows: ActivityRows, *, user: User
) -> OfficialDocument:
    """Kế hoạch giám sát: purpose and requirements, content, the agencies overseen, the reports
    requested with their due dates, the schedule of visits, the members, the organisation."""
    on = plan_date(activity)
    issuer = issuer_of(activity.council, activity.body, user=user, on=on)
    unit = activity.council.unit.label
    topic = activity.topic
    if activity.decision_number and activity.decision_date:
        opening = _("Thực hiện %(decision)s về việc thành lập Đoàn giám sát “%(topic)s”") % {
            "decision": _decision_ref(activity, issuer),
            "topic": topic,
        }
    else:
        opening = _("Thực hiện chức năng giám sát theo %(law)s") % {
            "law": rules.oversight_basis(on).replace(";", ",")
        }
    opening += ", " + _("%(issuer)s ban hành Kế hoạch %(kind)s như sau:") % {
        "issuer": issuer.name,
        "kind": str(activity.get_kind_display()).lower(),
    }
    body: list[Block] = [
        paragraph(opening),
        heading(_("I. MỤC ĐÍCH, YÊU CẦU")),
        paragraph(
            _(
                "1. Mục đích: Xem xét, đánh giá tình hình, kết quả thực hiện nội dung “%(topic)s”; "
                "chỉ ra những tồn tại, hạn chế và nguyên nhân; kiến nghị cơ quan có thẩm quyền "
                "có giải pháp khắc phục, nâng cao hiệu quả trong thời gian tới."
            )
            % {"topic": topic}
        ),
        paragraph(
            _(
                "2. Yêu cầu: Hoạt động giám sát bảo đảm khách quan, công khai, minh bạch, hiệu "
                "quả, đúng quy định của pháp luật (%(law)s); không làm cản trở hoạt động bình "
                "thường của cơ quan, tổ chức, cá nhân chịu sự giám sát. Cơ quan chịu sự giám sát "
                "báo cáo đầy đủ, đúng nội dung và thời hạn."
            )
            % {"law": rules.oversight_basis(on)}
        ),
        heading(_("II. NỘI DUNG GIÁM SÁT")),
        paragraph(topic + (f" ({_period(activity)})." if _period(activity) else ".")),
        heading(_("III. ĐỐI TƯỢNG CHỊU SỰ GIÁM SÁT")),
    ]
    if rows.agencies:
        body += [item(f"{n}. {a.name}.") for n, a in enumerate(rows.agencies, 1)]
    else:
        body.append(paragraph(_("Đoàn giám sát sẽ thông báo cụ thể.")))
    body.append(heading(_("IV. BÁO CÁO YÊU CẦU CƠ QUAN CHỊU SỰ GIÁM SÁT")))
    if rows.report_requests:
        body.append(
            table(
                [
                    Column(_("STT"), 6),
                    Column(_("Cơ quan báo cáo"), 24),
                    Column(_("Nội dung báo cáo")),
                    Column(_("Hạn gửi"), 15),
                ],
                [
                    (
                        Cell(str(n), align="c"),
                        Cell(r.agency.name),
                        Cell(r.subject),
                        Cell(_day(r.due_on), align="n"),
                    )
                    for n, r in enumerate(rows.report_requests, 1)
                ],
            )
        )
        body.append(
            paragraph(
                _(
                    "Báo cáo gửi về Đoàn giám sát (qua Văn phòng HĐND %(unit)s) theo thời hạn "
                    "trên; khi được yêu cầu, cơ quan chịu sự giám sát gửi báo cáo bổ sung trong "
                    "thời hạn quy định."
                )
                % {"unit": unit}
            )
        )
    else:
        body.append(paragraph(_("Đoàn giám sát sẽ có văn bản yêu cầu báo cáo cụ thể.")))
    body.append(heading(_("V. LỊCH LÀM VIỆC CỦA ĐOÀN GIÁM SÁT")))
    if rows.visits:
        body.append(
            table(
                [
                    Column(_("STT"), 6),
                    Column(_("Ngày"), 15),
                    Column(_("Cơ quan, đơn vị, địa điểm làm việc")),
                    Column(_("Ghi chú"), 24),
                ],
                [
                    (
                        Cell(str(n), align="c"),
                        Cell(_day(v.visit_on), align="n"),
                        Cell(
                            ", ".join(
                                x for x in (v.agency.name if v.agency_id else "", v.place) if x
                            )
                        ),
                        Cell(v.note),
                    )
                    for n, v in enumerate(rows.visits, 1)
                ],
            )
        )
    else:
        body.append(paragraph(_("Lịch làm việc cụ thể sẽ được thông báo sau.")))
    body += [
        heading(_("VI. THÀNH PHẦN ĐOÀN GIÁM SÁT")),
        *_member_items(activity, rows),
        heading(_("VII. TỔ CHỨC THỰC HIỆN")),
        paragraph(
            _(
                "1. Các thành viên Đoàn giám sát bố trí thời gian tham gia đầy đủ các hoạt động "
                "của Đoàn; nghiên cứu báo cáo, tài liệu và tham gia ý kiến vào báo cáo kết quả "
                "giám sát."
            )
        ),
        paragraph(
            _(
                "2. Đề nghị %(agencies)s chuẩn bị báo cáo theo nội dung yêu cầu, gửi đúng thời "
                "hạn; bố trí thành phần, địa điểm làm việc với Đoàn giám sát."
            )
            % {"agencies": _names(rows.agencies) or _("các cơ quan chịu sự giám sát")}
        ),
        paragraph(
            _(
                "3. Văn phòng HĐND %(unit)s chuẩn bị các điều kiện phục vụ hoạt động của Đoàn "
                "giám sát; giúp Đoàn tổng hợp, dự thảo báo cáo kết quả giám sát."
            )
            % {"unit": unit}
        ),
    ]
    closing = _("Trên đây là Kế hoạch giám sát “%(topic)s” của %(issuer)s./.") % {
        "topic": topic,
        "issuer": issuer.name,
    }
    recipients = [r.name + ";" for r in rows.agencies]
    return OfficialDocument(
        parent=issuer.parent,
        issuer=issuer.lines,
        symbol=f"KH-{issuer.code}",
        number=activity.plan_number,
        place=activity.council.unit.name,
        dated=on,
        kind=_("KẾ HOẠCH"),
        title=_("Giám sát “%(topic)s”") % {"topic": topic},
        body=body,
        closing=[paragraph(closing)],
        recipients=(
            _("Thường trực HĐND %(unit)s;") % {"unit": unit},
            _("Thành viên Đoàn giám sát;"),
            *recipients,
            _("Lưu: VT, VP."),
        ),
        signer=issuer.signer,
    )


def conclusion_parts() -> list[tuple[str, str]]:
    """The conclusion report's five parts (DOMAIN.md §9), in order: (heading, field)."""
    return [
        (_("I. ĐÁNH GIÁ CHUNG"), "general_assessment"),
        (_("II. THUẬN LỢI, KHÓ KHĂN"), "advantages_difficulties"),
        (_("III. KẾT QUẢ ĐẠT ĐƯỢC"), "results"),
        (_("IV. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"), "shortcomings_causes"),
        (_("V. KIẾN NGHỊ, ĐỀ XUẤT"), "proposals"),
    ]


def _recommendations_by_agency(recommendations: Sequence[Recommendation]) -> list[Block]:
    """ "1. Đối với <agency>" and its recommendations, each with its due date; agencies in the
    order of their first recommendation."""
    grouped: dict[int, list[Recommendation]] = {}
    for rec in recommendations:
        grouped.setdefault(rec.agency_id, []).append(rec)
    blocks: list[Block] = []
    for n, recs in enumerate(grouped.values(), 1):
        blocks.append(
            subheading(_("%(n)s. Đối với %(agency)s") % {"n": n, "agency": recs[0].agency.name})
        )
        for rec in recs:
            text = rec.content.strip().rstrip(".;")
            due = rec.obligation.due_on if rec.obligation_id else None
            if due:
                text += " " + _("(thời hạn thực hiện: %(due)s)") % {"due": _day(due)}
            blocks.append(item(f"- {text}."))
    return blocks


def conclusion_document(
    activity: OversightActivity, rows: ActivityRows, *, user: User
) -> OfficialDocument:
    """Báo cáo kết quả giám sát: what was done, then the five parts of DOMAIN.md §9, the last
    one followed by the recommendations addressed to each agency."""
    on = activity.concluded_on
    issuer = issuer_of(activity.council, activity.body, user=user, on=on)
    unit = activity.council.unit.label
    topic = activity.topic
    steps = []
    if activity.decision_number and activity.decision_date:
        steps.append(_decision_ref(activity, issuer))
    if activity.plan_number and activity.plan_date:
        steps.append(
            _("Kế hoạch số %(number)s ngày %(day)s")
            % {"number": activity.plan_number, "day": _day(activity.plan_date)}
        )
    opening = _("Thực hiện %(steps)s, ") % {"steps": _(" và ").join(steps)} if steps else ""
    opening += _("Đoàn giám sát của %(issuer)s đã tiến hành %(kind)s “%(topic)s”") % {
        "issuer": issuer.name,
        "kind": str(activity.get_kind_display()).lower(),
        "topic": topic,
    }
    if rows.agencies:
        opening += " " + _("đối với %(agencies)s") % {"agencies": _names(rows.agencies)}
    if rows.visits:
        places = []
        for v in rows.visits:
            where = v.agency.name if v.agency_id else v.place
            if where not in places:
                places.append(where)
        first, last = rows.visits[0].visit_on, rows.visits[-1].visit_on
        days = (
            _("ngày %(day)s") % {"day": _day(first)}
            if first == last
            else _("từ ngày %(start)s đến ngày %(end)s") % {"start": _day(first), "end": _day(last)}
        )
        opening += "; " + _("%(days)s, Đoàn đã làm việc, khảo sát tại %(places)s") % {
            "days": days,
            "places": ", ".join(places),
        }
    opening += ". " + _(
        "Trên cơ sở báo cáo của các cơ quan chịu sự giám sát và kết quả làm việc, khảo sát thực "
        "tế, Đoàn giám sát báo cáo kết quả như sau:"
    )
    body: list[Block] = [paragraph(opening)]
    for title, name in conclusion_parts():
        body.append(heading(title))
        body += _lines(getattr(activity, name))
    if rows.recommendations:
        body.append(paragraph(_("Đoàn giám sát kiến nghị các cơ quan sau:")))
        body += _recommendations_by_agency(rows.recommendations)
    head = next((m for m in rows.members if m.role == ActivityMember.Role.HEAD), None)
    signer = (
        Signer(_("TM. ĐOÀN GIÁM SÁT"), _("TRƯỞNG ĐOÀN"), head.delegate.full_name)
        if head is not None
        else issuer.signer
    )
    closing = _("Trên đây là báo cáo kết quả giám sát “%(topic)s” của %(issuer)s./.") % {
        "topic": topic,
        "issuer": issuer.name,
    }
    return OfficialDocument(
        parent=issuer.parent,
        issuer=issuer.lines,
        symbol=f"BC-{issuer.code}",
        number=activity.conclusion_reference,
        place=activity.council.unit.name,
        dated=on,
        kind=_("BÁO CÁO"),
        title=_("Kết quả giám sát “%(topic)s”") % {"topic": topic},
        body=body,
        closing=[paragraph(closing)],
        recipients=(
            _("Thường trực HĐND %(unit)s;") % {"unit": unit},
            *(a.name + ";" for a in rows.agencies),
            _("Đại biểu HĐND %(unit)s;") % {"unit": unit},
            _("Lưu: VT, VP."),
        ),
        signer=signer,
        draft=not has_conclusion(activity),
    )


# --- the follow-up report of a period ------------------------------------------------------------


@dataclass
class FollowupFigures:
    """What the follow-up report prints, read by the tracker's selectors."""

    council: Council
    issued_from: date
    issued_to: date
    dated: date  # counted as of this day (the report's date)
    counts: Counts
    by_agency: list[tuple[str, Counts]]
    set_apart: list[Recommendation]

    @property
    def not_yet_due(self) -> int:
        c = self.counts
        return c.total - c.fell_due - c.roadmap - c.exempted


def official_sentence(counts: Counts) -> str:
    """ "Trong N kiến nghị đã đến hạn: hoàn thành x (z %), ...": the tracker's header sentence."""
    c = counts
    return _(
        "Trong %(n)s kiến nghị đã đến hạn: hoàn thành %(done)s (%(done_pct)s), hoàn thành một "
        "phần %(partly)s (%(partly_pct)s), không hoàn thành %(not_done)s, không thực hiện "
        "%(not_carried)s, thực hiện nhưng chưa đạt yêu cầu %(not_meeting)s, đang quá hạn "
        "%(overdue)s (%(overdue_pct)s)."
    ) % {
        "n": c.fell_due,
        "done": c.done,
        "done_pct": c.share(c.done),
        "partly": c.partly_done,
        "partly_pct": c.share(c.partly_done),
        "not_done": c.not_done,
        "not_carried": c.not_carried_out,
        "not_meeting": c.not_meeting_requirement,
        "overdue": c.open_overdue,
        "overdue_pct": c.share(c.open_overdue),
    }


def _agency_row(number: str, name: str, c: Counts) -> tuple[Cell, ...]:
    others = c.not_done + c.not_carried_out + c.not_meeting_requirement
    return (
        Cell(number, align="c"),
        Cell(name),
        Cell(str(c.total), align="n"),
        Cell(str(c.fell_due), align="n"),
        Cell(str(c.done), note=c.share(c.done) if c.fell_due else "", align="n"),
        Cell(str(c.partly_done), align="n"),
        Cell(str(others), align="n"),
        Cell(str(c.open_overdue), align="n"),
        Cell(str(c.roadmap + c.exempted), align="n"),
    )


def followup_document(figures: FollowupFigures, *, user: User) -> OfficialDocument:
    """Báo cáo kết quả thực hiện kiến nghị sau giám sát of a council (and the councils below it,
    as the tracker filtered by that council shows) for recommendations issued in a period."""
    council, c = figures.council, figures.counts
    unit = council.unit.label
    period = {"start": _day(figures.issued_from), "end": _day(figures.issued_to)}
    body: list[Block] = [
        paragraph(
            _(
                "Thường trực HĐND %(unit)s báo cáo kết quả thực hiện các kiến nghị sau giám sát "
                "ban hành từ ngày %(start)s đến ngày %(end)s của HĐND, Thường trực HĐND, các Ban "
                "và Tổ đại biểu HĐND %(unit)s và HĐND cấp dưới, tính đến ngày %(day)s, như sau:"
            )
            % {**period, "unit": unit, "day": _day(figures.dated)}
        ),
        heading(_("I. KẾT QUẢ CHUNG")),
        paragraph(
            _(
                "Tổng số kiến nghị sau giám sát: %(total)s; trong đó đã đến hạn %(fell_due)s, "
                "chưa đến hạn %(not_yet)s, thực hiện theo lộ trình nhiều năm %(roadmap)s, không "
                "thực hiện được vì lý do khách quan %(exempted)s."
            )
            % {
                "total": c.total,
                "fell_due": c.fell_due,
                "not_yet": figures.not_yet_due,
                "roadmap": c.roadmap,
                "exempted": c.exempted,
            }
        ),
        paragraph(official_sentence(c)),
        paragraph(
            _(
                "Trong số kiến nghị hoàn thành: đúng hạn %(on_time)s, quá hạn %(late)s. Số kiến "
                "nghị sắp đến hạn: %(soon)s."
            )
            % {"on_time": c.done_on_time, "late": c.done_late, "soon": c.due_soon}
        ),
        heading(_("II. KẾT QUẢ THEO CƠ QUAN THỰC HIỆN")),
    ]
    if figures.by_agency:
        rows = [
            _agency_row(str(n), name, counts)
            for n, (name, counts) in enumerate(figures.by_agency, 1)
        ]
        rows.append(_agency_row("", _("Tổng cộng"), c))
        body.append(
            table(
                [
                    Column(_("STT"), 6),
                    Column(_("Cơ quan thực hiện"), 18),
                    Column(_("Tổng số"), 7),
                    Column(_("Đã đến hạn"), 9),
                    Column(_("Hoàn thành"), 12),
                    Column(_("Hoàn thành một phần"), 12),
                    Column(_("Không hoàn thành, không thực hiện, chưa đạt"), 13),
                    Column(_("Đang quá hạn"), 9),
                    Column(_("Lộ trình, lý do khách quan"), 12),
                ],
                rows,
            )
        )
    else:
        body.append(paragraph(_("Không có kiến nghị nào ban hành trong kỳ.")))
    body += [
        heading(
            _(
                "III. KIẾN NGHỊ THỰC HIỆN THEO LỘ TRÌNH NHIỀU NĂM, KIẾN NGHỊ KHÔNG THỰC HIỆN "
                "ĐƯỢC VÌ LÝ DO KHÁCH QUAN"
            )
        ),
        paragraph(
            _(
                "Các kiến nghị sau không tính vào số kiến nghị đã đến hạn: thực hiện theo lộ "
                "trình nhiều năm %(roadmap)s; không thực hiện được vì lý do khách quan "
                "%(exempted)s."
            )
            % {"roadmap": c.roadmap, "exempted": c.exempted}
        ),
    ]
    if figures.set_apart:
        body.append(
            table(
                [
                    Column(_("STT"), 6),
                    Column(_("Cơ quan thực hiện"), 18),
                    Column(_("Nội dung kiến nghị")),
                    Column(_("Diện"), 18),
                    Column(_("Văn bản chấp thuận"), 18),
                ],
                [
                    (
                        Cell(str(n), align="c"),
                        Cell(rec.agency.name),
                        Cell(rec.content),
                        Cell(str(Obligation.Exclusion(rec.obligation.exclusion).label)),
                        Cell(
                            _("Số %(number)s ngày %(day)s")
                            % {
                                "number": rec.obligation.exclusion_document_number,
                                "day": _day(rec.obligation.exclusion_document_date),
                            },
                            note=rec.obligation.exclusion_reason,
                        ),
                    )
                    for n, rec in enumerate(figures.set_apart, 1)
                ],
            )
        )
    closing = _(
        "Trên đây là báo cáo kết quả thực hiện kiến nghị sau giám sát từ ngày %(start)s đến "
        "ngày %(end)s của Thường trực HĐND %(unit)s./."
    ) % {**period, "unit": unit}
    return OfficialDocument(
        issuer=(_("THƯỜNG TRỰC HĐND"), unit.upper()),
        symbol="BC-HĐND",
        place=council.unit.name,
        dated=figures.dated,
        kind=_("BÁO CÁO"),
        title=_("Kết quả thực hiện kiến nghị sau giám sát từ ngày %(start)s đến ngày %(end)s")
        % period,
        body=body,
        closing=[paragraph(closing)],
        recipients=(
            _("Thường trực HĐND, UBND %(unit)s;") % {"unit": unit},
            _("Các Ban của HĐND %(unit)s;") % {"unit": unit},
            _("Đại biểu HĐND %(unit)s;") % {"unit": unit},
            _("Lưu: VT, VP."),
        ),
        signer=Signer(
            _("TM. THƯỜNG TRỰC HĐND"),
            _("CHỦ TỊCH"),
            standing_chair_name(user=user, council=council, on=figures.dated),
        ),
    )

"""The official documents of voters' work (issue 13), each one `OfficialDocument` of the shared
template (core/documents.py): the PDF in the Decree 30/2020 layout and the editable DOCX come
from the same object, so they say the same.

- the compiled report of voters' petitions after a contact round (Báo cáo tổng hợp ý kiến,
  kiến nghị của cử tri): the round, then the compiled items by level of competence and field,
  each with the places that raised it;
- the report on the answers (Báo cáo kết quả giải quyết, trả lời kiến nghị của cử tri): the
  official "x/y (z %)" figures and an appendix per level (DOMAIN.md §10);
- the transfer slip of a letter (Phiếu chuyển đơn, DOMAIN.md §12), with the sender's data.

The figures are `selectors.petition_statistics`' (the statistics page's), never counted again
here; functions here only lay out what the selectors read. Build them inside
`translation.override("vi")` (official documents are Vietnamese whatever the UI language).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.documents import (
    Block,
    Cell,
    Column,
    OfficialDocument,
    Signer,
    appendix,
    heading,
    item,
    paragraph,
    subheading,
    table,
)
from core.text import percent, share
from councils.issuers import issuer_of
from followups.models import Unit
from resolutions.models import Field
from voters.models import Competence, Letter, LetterCategory, PetitionItem

if TYPE_CHECKING:
    from core.models import User
    from councils.models import Council
    from sessions.models import Session
    from voters.selectors import ContactRound, StatRow

# Central first (they go to the National Assembly delegation), then down the tree; items not
# classified yet last.
LEVELS = (Competence.CENTRAL, Competence.PROVINCE, Competence.DISTRICT, Competence.COMMUNE, "")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
ANSWER_SUMMARY = 300  # characters of an answer printed in an appendix
FIELD_LABELS = dict(Field.choices)


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class ReportPeriod:
    """The council and days a report covers, as the clerk chose them."""

    council: Council
    date_from: date
    date_to: date
    dated: date  # the report's date; answers are counted as of it
    subtree: bool = True
    session: Session | None = None

    @property
    def unit(self) -> str:
        return self.council.unit.label

    def span(self) -> str:
        """ "từ ngày 01/01/2025 đến ngày 30/06/2025", and the session the round belongs to."""
        text = _("từ ngày %(start)s đến ngày %(end)s") % {
            "start": _day(self.date_from),
            "end": _day(self.date_to),
        }
        if self.session is not None:
            text = _("gửi đến %(session)s (%(span)s)") % {
                "session": self._session_name(),
                "span": text,
            }
        return text

    def _session_name(self) -> str:
        return _("Kỳ họp thứ %(number)s HĐND %(unit)s") % {
            "number": self.session.number,
            "unit": self.session.council.unit.label,
        }

    def scope(self) -> str:
        """Whose petitions: the council's, or with the councils below it."""
        if self.subtree:
            return _("HĐND %(unit)s và HĐND cấp dưới") % {"unit": self.unit}
        return _("HĐND %(unit)s") % {"unit": self.unit}


LEVEL_NAMES = {
    Competence.CENTRAL: gettext_lazy("Trung ương"),
    Competence.PROVINCE: gettext_lazy("cấp tỉnh"),
    Competence.DISTRICT: gettext_lazy("cấp huyện"),
    Competence.COMMUNE: gettext_lazy("cấp xã"),
}


def level_heading(key: str) -> str:
    """ "Kiến nghị thuộc thẩm quyền cấp tỉnh", as a line of the report."""
    if key not in LEVEL_NAMES:
        return _("Kiến nghị chưa phân loại thẩm quyền")
    return _("Kiến nghị thuộc thẩm quyền %(level)s") % {"level": LEVEL_NAMES[key]}


def level_scope(key: str) -> str:
    """ "THUỘC THẨM QUYỀN CẤP TỈNH": which level's items an appendix holds."""
    if key not in LEVEL_NAMES:
        return _("CHƯA PHÂN LOẠI THẨM QUYỀN")
    return _("THUỘC THẨM QUYỀN %(level)s") % {"level": str(LEVEL_NAMES[key]).upper()}


def _by_level(items: Sequence[PetitionItem]) -> dict[str, list[PetitionItem]]:
    grouped: dict[str, list[PetitionItem]] = {key: [] for key in LEVELS}
    for found in items:
        grouped.setdefault(found.competence, []).append(found)
    return {key: rows for key, rows in grouped.items() if rows}


def places(found: PetitionItem) -> str:
    """Who raised an item: "Cử tri xã A tại <meeting>, <meeting>; xã B", each source's council
    and meeting place once, in the order raised."""
    where: dict[str, list[str]] = {}
    for source in getattr(found, "sources", [found]):
        at = where.setdefault(source.council.unit.label, [])
        meeting = source.petition.meeting
        if meeting is not None and meeting.place not in at:
            at.append(meeting.place)
    parts = [
        _("%(council)s tại %(places)s") % {"council": council, "places": ", ".join(at)}
        if at
        else council
        for council, at in where.items()
    ]
    return _("Cử tri %(places)s") % {"places": "; ".join(parts)}


def _issuer(period: ReportPeriod, user: User):
    return issuer_of(period.council, None, user=user, on=period.dated)


def _report_document(
    period: ReportPeriod,
    *,
    user: User,
    title: str,
    body: list[Block],
    closing: str,
    recipients: Sequence[str],
    annex: list[Block] | None = None,
) -> OfficialDocument:
    issuer = _issuer(period, user)
    return OfficialDocument(
        parent=issuer.parent,
        issuer=issuer.lines,
        symbol=f"BC-{issuer.code}",
        place=period.council.unit.name,
        dated=period.dated,
        kind=_("BÁO CÁO"),
        title=title,
        body=body,
        closing=[paragraph(closing)],
        recipients=(*recipients, _("Lưu: VT, VP.")),
        signer=issuer.signer,
        annex=annex or [],
    )


# --- the compiled report of a contact round ----------------------------------------------------


@dataclass
class PetitionReport:
    """What the compiled report prints, read by the selectors."""

    period: ReportPeriod
    round: ContactRound
    items: list[PetitionItem]  # the compiled items, by level and field (petition_report_items)
    levels: list[StatRow]  # petition_statistics(by="competence")
    total: StatRow | None


def _level_counts(report_levels: Sequence[StatRow]) -> dict[str, int]:
    return {row.key: row.total for row in report_levels}


def petition_report_document(report: PetitionReport, *, user: User) -> OfficialDocument:
    """Báo cáo tổng hợp ý kiến, kiến nghị của cử tri: the meetings held, delegates and voters
    attending, then each compiled item once, by level of competence and field, with the
    places that raised it."""
    period, held = report.period, report.round
    total = report.total.total if report.total else 0
    counts = _level_counts(report.levels)
    split = "; ".join(
        _("%(level)s: %(n)s")
        % {"level": str(dict(Competence.choices).get(key, _("chưa phân loại"))), "n": counts[key]}
        for key in LEVELS
        if counts.get(key)
    )
    body: list[Block] = [
        paragraph(
            _(
                "Thực hiện kế hoạch tiếp xúc cử tri, Thường trực HĐND %(unit)s phối hợp với Ủy "
                "ban Mặt trận Tổ quốc Việt Nam cùng cấp tổ chức cho đại biểu HĐND tiếp xúc cử "
                "tri %(span)s. Thường trực HĐND tổng hợp ý kiến, kiến nghị của cử tri gửi đến "
                "%(scope)s như sau:"
            )
            % {"unit": period.unit, "span": period.span(), "scope": period.scope()}
        ),
        heading(_("I. TÌNH HÌNH TỔ CHỨC TIẾP XÚC CỬ TRI")),
        paragraph(
            _(
                "Đã tổ chức %(meetings)s cuộc tiếp xúc cử tri, với %(delegates)s đại biểu HĐND "
                "và %(voters)s lượt cử tri tham dự. Cử tri đã nêu %(opinions)s ý kiến; sau khi "
                "tổng hợp, gộp các nội dung trùng nhau, có %(items)s nội dung kiến nghị."
            )
            % {
                "meetings": held.meetings,
                "delegates": held.delegates,
                "voters": held.voters,
                "opinions": held.opinions,
                "items": total,
            }
        ),
    ]
    if split:
        body.append(paragraph(_("Phân theo thẩm quyền giải quyết: %(split)s.") % {"split": split}))
    body.append(heading(_("II. NỘI DUNG Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI")))
    grouped = _by_level(report.items)
    if not grouped:
        body.append(paragraph(_("Không có ý kiến, kiến nghị nào của cử tri trong kỳ.")))
    for n, (key, rows) in enumerate(grouped.items(), 1):
        body.append(
            subheading(
                _("%(n)s. %(title)s (%(count)s nội dung)")
                % {"n": n, "title": level_heading(key), "count": counts.get(key, 0)}
            )
        )
        field = None
        for number, found in enumerate(rows, 1):
            if found.field != field:
                field = found.field
                body.append(
                    item(
                        _("* Lĩnh vực %(field)s:")
                        % {"field": FIELD_LABELS.get(field, _("chưa phân loại"))}
                    )
                )
            text = _one_line(found.content).rstrip(".;")
            body.append(
                item(
                    _("%(n)s. %(text)s (%(places)s).")
                    % {"n": number, "text": text, "places": places(found)}
                )
            )
    proposal = _(
        "Đề nghị Ủy ban nhân dân và các cơ quan có thẩm quyền xem xét, giải quyết, trả lời các "
        "kiến nghị nêu trên và báo cáo kết quả tại kỳ họp thường lệ tiếp theo của HĐND %(unit)s."
    ) % {"unit": period.unit}
    if counts.get(Competence.CENTRAL):
        proposal += " " + _(
            "Các kiến nghị thuộc thẩm quyền Trung ương được chuyển đến Đoàn đại biểu Quốc hội "
            "để tổng hợp, chuyển đến cơ quan có thẩm quyền."
        )
    body += [heading(_("III. ĐỀ NGHỊ")), paragraph(proposal)]
    title = _("Tổng hợp ý kiến, kiến nghị của cử tri %(span)s") % {"span": period.span()}
    closing = _(
        "Trên đây là báo cáo tổng hợp ý kiến, kiến nghị của cử tri của Thường trực HĐND %(unit)s./."
    ) % {"unit": period.unit}
    recipients = [
        _("Thường trực HĐND, UBND %(unit)s;") % {"unit": period.unit},
        _("Ban Thường trực Ủy ban MTTQ Việt Nam %(unit)s;") % {"unit": period.unit},
    ]
    if counts.get(Competence.CENTRAL):
        recipients.append(_("Đoàn đại biểu Quốc hội;"))
    recipients += [
        _("Các Ban của HĐND %(unit)s;") % {"unit": period.unit},
        _("Đại biểu HĐND %(unit)s;") % {"unit": period.unit},
    ]
    return _report_document(
        period, user=user, title=title, body=body, closing=closing, recipients=recipients
    )


# --- the report on the answers -----------------------------------------------------------------


def result_label(found: PetitionItem) -> str:
    """The appendix's "Kết quả" column: the assessment, else how far the item went."""
    if found.assessment:
        return str(PetitionItem.Assessment(found.assessment).label)
    if found.answered_on:
        return _("Đã trả lời, chưa đánh giá")
    if found.obligation_id:
        return _("Chưa trả lời")
    return _("Chưa chuyển cơ quan giải quyết")


def _answer_summary(found: PetitionItem) -> str:
    text = _one_line(found.answer)
    if len(text) > ANSWER_SUMMARY:
        text = text[: ANSWER_SUMMARY - 1].rsplit(" ", 1)[0] + "…"
    return text


def official_figures(row: StatRow) -> list[str]:
    """The "x/y (z %)" sentences of a set of items (the statistics page's counting)."""
    unanswered = row.transferred - row.answered
    lines = [
        _(
            "Tổng số nội dung kiến nghị: %(total)s; đã chuyển cơ quan có thẩm quyền giải "
            "quyết: %(transferred)s."
        )
        % {"total": row.total, "transferred": row.transferred},
        _("Đã trả lời: %(answered)s; chưa trả lời: %(unanswered)s.")
        % {
            "answered": row.answered_share,
            "unanswered": share(unanswered, row.transferred, row.decimals),
        },
        _(
            "Kết quả giải quyết: đã giải quyết xong %(resolved)s; đang giải quyết "
            "%(in_progress)s; đã giải trình, thông tin %(explained)s; không thể giải quyết vì "
            "lý do khách quan %(not_resolvable)s."
        )
        % {
            "resolved": row.resolved_share,
            "in_progress": share(row.in_progress, row.total, row.decimals),
            "explained": share(row.explained, row.total, row.decimals),
            "not_resolvable": share(row.not_resolvable, row.total, row.decimals),
        },
    ]
    if row.overdue:
        lines.append(_("Số kiến nghị quá hạn trả lời: %(n)s.") % {"n": row.overdue})
    return lines


@dataclass
class AnswerReport:
    period: ReportPeriod
    items: list[PetitionItem]
    levels: list[StatRow]  # petition_statistics(by="competence", since=the term's start)
    total: StatRow | None


def _level_row(number: str, label: str, row: StatRow) -> tuple[Cell, ...]:
    unanswered = row.transferred - row.answered
    return (
        Cell(number, align="c"),
        Cell(label),
        Cell(str(row.total), align="n"),
        Cell(
            str(row.answered),
            note=percent(row.answered, row.transferred, row.decimals) if row.transferred else "",
            align="n",
        ),
        Cell(
            str(row.resolved),
            note=percent(row.resolved, row.total, row.decimals) if row.total else "",
            align="n",
        ),
        Cell(str(row.in_progress), align="n"),
        Cell(str(row.explained), align="n"),
        Cell(str(row.not_resolvable), align="n"),
        Cell(str(unanswered), align="n"),
    )


def _appendix_table(rows: Sequence[PetitionItem]) -> Block:
    return table(
        [
            Column(_("STT"), 6),
            Column(_("Nội dung kiến nghị")),
            Column(_("Cơ quan trả lời"), 15),
            Column(_("Tóm tắt nội dung trả lời"), 24),
            Column(_("Kết quả"), 13),
        ],
        [
            (
                Cell(str(n), align="c"),
                Cell(_one_line(found.content), note=places(found)),
                Cell(found.agency_name),
                Cell(
                    _answer_summary(found),
                    note=_("Ngày %(day)s") % {"day": _day(found.answered_on)}
                    if found.answered_on
                    else "",
                ),
                Cell(result_label(found), align="c"),
            )
            for n, found in enumerate(rows, 1)
        ],
    )


def answer_report_document(report: AnswerReport, *, user: User) -> OfficialDocument:
    """Báo cáo kết quả giải quyết, trả lời kiến nghị của cử tri: the official figures, a row
    per level of competence, and an appendix per level listing each item's answer."""
    period = report.period
    labels = dict(Competence.choices)
    body: list[Block] = [
        paragraph(
            _(
                "Thường trực HĐND %(unit)s báo cáo kết quả giải quyết, trả lời ý kiến, kiến "
                "nghị của cử tri %(span)s gửi đến %(scope)s, tính đến ngày %(day)s, như sau:"
            )
            % {
                "unit": period.unit,
                "span": period.span(),
                "scope": period.scope(),
                "day": _day(period.dated),
            }
        ),
        heading(_("I. KẾT QUẢ CHUNG")),
    ]
    if report.total is None:
        body.append(paragraph(_("Không có ý kiến, kiến nghị nào của cử tri trong kỳ.")))
    else:
        body += [paragraph(line) for line in official_figures(report.total)]
        if report.total.backlog:
            body.append(
                paragraph(
                    _(
                        "Kiến nghị tồn đọng từ đầu nhiệm kỳ chuyển sang: %(backlog)s; đã giải "
                        "quyết xong trong kỳ %(resolved)s."
                    )
                    % {
                        "backlog": report.total.backlog,
                        "resolved": report.total.backlog_resolved_share,
                    }
                )
            )
        body += [
            heading(_("II. KẾT QUẢ THEO THẨM QUYỀN GIẢI QUYẾT")),
            table(
                [
                    Column(_("STT"), 6),
                    Column(_("Thẩm quyền giải quyết")),
                    Column(_("Tổng số"), 7),
                    Column(_("Đã trả lời"), 12),
                    Column(_("Đã giải quyết xong"), 12),
                    Column(_("Đang giải quyết"), 10),
                    Column(_("Đã giải trình, thông tin"), 10),
                    Column(_("Không thể giải quyết"), 10),
                    Column(_("Chưa trả lời"), 10),
                ],
                [
                    *(
                        _level_row(str(n), str(labels.get(row.key, _("Chưa phân loại"))), row)
                        for n, row in enumerate(_in_level_order(report.levels), 1)
                    ),
                    _level_row("", _("Tổng cộng"), report.total),
                ],
            ),
            paragraph(_("(Chi tiết kết quả từng kiến nghị tại các Phụ lục kèm theo.)")),
        ]
    body += [
        heading(_("III. ĐỀ NGHỊ")),
        paragraph(
            _(
                "Đề nghị Ủy ban nhân dân và các cơ quan có thẩm quyền tiếp tục giải quyết dứt "
                "điểm các kiến nghị đang giải quyết, trả lời các kiến nghị chưa được trả lời và "
                "thông tin kết quả đến cử tri; Thường trực HĐND %(unit)s tiếp tục giám sát việc "
                "giải quyết và báo cáo tại kỳ họp tiếp theo."
            )
            % {"unit": period.unit}
        ),
    ]
    annex: list[Block] = []
    for n, (key, rows) in enumerate(_by_level(report.items).items()):
        annex += [
            appendix(
                _("PHỤ LỤC %(n)s") % {"n": ROMAN[n]},
                _("KẾT QUẢ GIẢI QUYẾT, TRẢ LỜI KIẾN NGHỊ CỦA CỬ TRI\n%(level)s")
                % {"level": level_scope(key)},
            ),
            _appendix_table(rows),
        ]
    title = _("Kết quả giải quyết, trả lời kiến nghị của cử tri %(span)s") % {"span": period.span()}
    closing = _(
        "Trên đây là báo cáo kết quả giải quyết, trả lời kiến nghị của cử tri của Thường trực "
        "HĐND %(unit)s./."
    ) % {"unit": period.unit}
    return _report_document(
        period,
        user=user,
        title=title,
        body=body,
        closing=closing,
        recipients=(
            _("Thường trực HĐND, UBND %(unit)s;") % {"unit": period.unit},
            _("Ban Thường trực Ủy ban MTTQ Việt Nam %(unit)s;") % {"unit": period.unit},
            _("Các Ban của HĐND %(unit)s;") % {"unit": period.unit},
            _("Đại biểu HĐND %(unit)s;") % {"unit": period.unit},
        ),
        annex=annex,
    )


def _in_level_order(rows: Sequence[StatRow]) -> list[StatRow]:
    order = {key: i for i, key in enumerate(LEVELS)}
    return sorted(rows, key=lambda row: order.get(row.key, len(order)))


# --- the transfer slip of a letter -------------------------------------------------------------

LAWS = {
    LetterCategory.COMPLAINT: gettext_lazy("Luật Khiếu nại năm 2011"),
    LetterCategory.DENUNCIATION: gettext_lazy("Luật Tố cáo năm 2018"),
    LetterCategory.PETITION: gettext_lazy("Luật Tiếp công dân năm 2013"),
    LetterCategory.FEEDBACK: gettext_lazy("Luật Tiếp công dân năm 2013"),
    LetterCategory.MIXED: gettext_lazy("Luật Khiếu nại năm 2011, Luật Tố cáo năm 2018"),
}


def has_slip(letter: Letter) -> bool:
    """A slip exists once the letter was forwarded (a date and an agency), whatever came next."""
    return letter.transfer_date is not None and bool(letter.agency_id or letter.agency_text)


def letter_slip_document(letter: Letter, *, user: User) -> OfficialDocument:
    """Phiếu chuyển đơn: the council office sends the letter to the competent agency "để xem
    xét, giải quyết theo thẩm quyền", with the statutory term, and a copy to the sender.
    Carries the sender's name and address: only for readers of personal data."""
    council = letter.council
    unit = council.unit.label
    agency = letter.agency_name
    sender = letter.sender_name or _("người gửi đơn (không ghi tên)")
    about = _("đơn của %(sender)s") % {"sender": sender}
    if letter.sender_address:
        about += ", " + _("địa chỉ: %(address)s") % {"address": letter.sender_address}
    if letter.signers > 1:
        about += " " + _("(%(n)s người ký đơn)") % {"n": letter.signers}
    kind = _("đơn")
    if letter.category:
        kind += " " + str(LetterCategory(letter.category).label).lower()
    body: list[Block] = [
        paragraph(
            _("Ngày %(day)s, HĐND %(unit)s nhận được %(about)s.")
            % {"day": _day(letter.received_on), "unit": unit, "about": about}
        ),
        paragraph(
            _("Nội dung đơn: %(content)s.") % {"content": _one_line(letter.content).rstrip(".;")}
        ),
        paragraph(
            _(
                "Căn cứ %(law)s và quy định của pháp luật về xử lý đơn, Văn phòng HĐND %(unit)s "
                "chuyển %(kind)s đến %(agency)s để xem xét, giải quyết theo thẩm quyền."
            )
            % {
                "law": LAWS.get(letter.category, _("quy định của pháp luật")),
                "unit": unit,
                "kind": kind,
                "agency": agency,
            }
        ),
    ]
    obligation = letter.obligation
    if obligation is not None and obligation.term_count:
        body.append(
            paragraph(
                _(
                    "Thời hạn giải quyết theo quy định: %(count)s %(unit)s kể từ ngày chuyển "
                    "đơn (đến ngày %(due)s)."
                )
                % {
                    "count": obligation.term_count,
                    "unit": str(dict(Unit.choices).get(obligation.term_unit, "")),
                    "due": _day(obligation.due_on),
                }
            )
        )
    elif obligation is not None:
        body.append(
            paragraph(_("Hạn giải quyết: ngày %(due)s.") % {"due": _day(obligation.due_on)})
        )
    body.append(
        paragraph(
            _(
                "Đề nghị %(agency)s thông báo kết quả giải quyết cho người gửi đơn và Thường "
                "trực HĐND %(unit)s (qua Văn phòng) để theo dõi, giám sát."
            )
            % {"agency": agency, "unit": unit}
        )
    )
    return OfficialDocument(
        parent=_("HĐND %(unit)s") % {"unit": unit.upper()},
        issuer=(_("VĂN PHÒNG"),),
        symbol="PC-VP",
        number=letter.transfer_number,
        place=council.unit.name,
        dated=letter.transfer_date,
        kind=_("PHIẾU CHUYỂN ĐƠN"),
        title=_("Về việc chuyển %(kind)s của công dân") % {"kind": kind},
        addressees=(agency,),
        body=body,
        recipients=(
            _("Như trên;"),
            # The copy to the sender, who is told where the letter went (none if unnamed).
            *([_("%(sender)s (để biết);") % {"sender": sender}] if letter.sender_name else []),
            _("Thường trực HĐND %(unit)s (để báo cáo);") % {"unit": unit},
            _("Lưu: VT, hồ sơ đơn."),
        ),
        signer=Signer(_("CHÁNH VĂN PHÒNG"), ""),
    )

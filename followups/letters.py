"""The urging letter (công văn đôn đốc): the document of an "urge" or "urge again" step.

When `obligation_escalate` records such a step, the letter is queued as two generated files
(core.exports: the official PDF and an editable DOCX, from ONE `OfficialDocument`,
core/documents.py) and kept with the event. Its content comes from the obligation as it stands
when the letter is built: the issuer is the council's Thường trực, the addressee the owing agency;
what is owed and where it comes from; the original and extended due dates; what has been
reported; the earlier urgings; and the date to complete and report by, `URGE_RESPONSE_DAYS`
working days (the council's dated rule) after the letter's date (followups.calendar).
"""

from __future__ import annotations

import io
from datetime import date
from typing import IO, TYPE_CHECKING

from django.http import QueryDict
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.documents import OfficialDocument, Signer, document_docx, document_pdf, paragraph
from core.exports import export_delete, export_start
from core.models import Export
from councils import rules
from councils.selectors import standing_chair_name
from followups.calendar import deadline_add
from followups.models import EscalationEvent, Obligation, Step, Unit

if TYPE_CHECKING:
    from core.models import User

PDF_KIND = "followups.urging_letter_pdf"
DOCX_KIND = "followups.urging_letter_docx"
SYMBOL = "HĐND-VP"  # a công văn of the council's office: no type code (DOMAIN.md §14)


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def letter_filename(event: EscalationEvent, extension: str) -> str:
    return f"cong-van-don-doc-{event.obligation_id}-{event.pk}.{extension}"


def letter_start(*, actor: User, event: EscalationEvent) -> EscalationEvent:
    """Queue the letter's PDF and DOCX after the commit; an earlier build's files are deleted."""
    old = [pk for pk in (event.letter_pdf_id, event.letter_docx_id) if pk]
    params = urlencode({"event": event.pk, "obligation": event.obligation_id})
    with translation.override("vi"):
        title = _("Công văn đôn đốc: %(title)s") % {"title": event.obligation.title[:150]}
    event.letter_pdf = export_start(
        user=actor,
        kind=PDF_KIND,
        title=title,
        params=params,
        filename=letter_filename(event, "pdf"),
    )
    event.letter_docx = export_start(
        user=actor,
        kind=DOCX_KIND,
        title=title,
        params=params,
        filename=letter_filename(event, "docx"),
    )
    event.save(update_fields=["letter_pdf", "letter_docx"])
    export_delete(Export.objects.filter(pk__in=old))
    return event


def respond_by(obligation: Obligation, dated: date) -> date:
    """The date the agency is asked to complete and report by (the council's rule in force)."""
    days = rules.int_value(obligation.council, rules.URGE_RESPONSE_DAYS, dated)
    return deadline_add(dated, days, Unit.WORKING_DAYS, obligation.council)


def _kind_text(obligation: Obligation) -> str:
    label = str(obligation.get_kind_display())
    return label[:1].lower() + label[1:]


def _event_text(event: EscalationEvent) -> str:
    day = _day(event.document_date or event.happened_on)
    if event.document_number:
        return _("văn bản số %(number)s ngày %(day)s") % {
            "number": event.document_number,
            "day": day,
        }
    return _("văn bản ngày %(day)s") % {"day": day}


def urging_letter(event: EscalationEvent, *, user: User) -> OfficialDocument:
    """The letter of one urging step, from the obligation as it stands (read in the user's scope:
    the event comes through `visible_to`)."""
    obligation = event.obligation
    council = obligation.council
    unit = council.unit.label
    agency = obligation.owed_by_name
    dated = event.document_date or event.happened_on
    standing = _("Thường trực HĐND %(unit)s") % {"unit": unit}
    kind = _kind_text(obligation)
    urgings = [
        e
        for e in obligation.events.filter(step__in=(Step.URGE, Step.URGE_AGAIN)).order_by(
            "happened_on", "id"
        )
        if e.pk != event.pk and (e.happened_on, e.pk) < (event.happened_on, event.pk)
    ]
    body = []
    opening = _(
        "Thực hiện chức năng giám sát, %(standing)s theo dõi việc thực hiện %(kind)s "
        "đối với %(agency)s: “%(title)s”"
    ) % {"standing": standing, "kind": kind, "agency": agency, "title": obligation.title}
    source = obligation.source
    if source is not None and str(source) != obligation.title:
        opening += " " + _("(nguồn: %(source)s)") % {"source": source}
    body.append(paragraph(opening + "."))
    body += [paragraph(line.strip()) for line in obligation.content.splitlines() if line.strip()]

    extensions = list(obligation.extensions.order_by("at", "id"))
    if extensions:
        last = extensions[-1]
        deadline = _(
            "Thời hạn hoàn thành ban đầu là ngày %(first)s; đã được gia hạn đến ngày %(due)s "
            "theo văn bản số %(number)s ngày %(day)s."
        ) % {
            "first": _day(extensions[0].previous_due_on),
            "due": _day(last.new_due_on),
            "number": last.document_number,
            "day": _day(last.document_date),
        }
    else:
        deadline = _("Thời hạn hoàn thành là ngày %(due)s.") % {"due": _day(obligation.due_on)}
    if obligation.due_on < dated and not obligation.closed:
        deadline += " " + _("Đến ngày %(day)s đã quá hạn %(days)s ngày.") % {
            "day": _day(dated),
            "days": (dated - obligation.due_on).days,
        }
    body.append(paragraph(deadline))

    reports = list(
        obligation.reports.filter(reported_on__lte=dated).order_by("-reported_on", "-id")
    )
    if reports:
        latest = reports[0]
        reported = _(
            "Đến ngày %(day)s, %(agency)s đã có %(count)s báo cáo tiến độ; báo cáo gần nhất "
            "ngày %(latest)s"
        ) % {
            "day": _day(dated),
            "agency": agency,
            "count": len(reports),
            "latest": _day(latest.reported_on),
        }
        if latest.reference:
            reported += " " + _("(số %(reference)s)") % {"reference": latest.reference}
        if latest.progress is not None:
            reported += ", " + _("tiến độ %(progress)s%%") % {"progress": latest.progress}
        reported += ": " + latest.content.strip().rstrip(".") + "."
    else:
        reported = _(
            "Đến ngày %(day)s, %(standing)s chưa nhận được báo cáo kết quả thực hiện "
            "của %(agency)s."
        ) % {"day": _day(dated), "standing": standing, "agency": agency}
    body.append(paragraph(reported))

    if urgings:
        body.append(
            paragraph(
                _(
                    "%(standing)s đã đôn đốc bằng %(letters)s nhưng nội dung trên chưa được "
                    "hoàn thành."
                )
                % {"standing": standing, "letters": "; ".join(_event_text(e) for e in urgings)}
            )
        )
    if event.note:
        body.append(paragraph(event.note))
    body.append(
        paragraph(
            _(
                "%(standing)s đề nghị %(agency)s khẩn trương chỉ đạo hoàn thành nội dung trên và "
                "báo cáo kết quả bằng văn bản về %(standing)s (qua Văn phòng) trước ngày %(by)s."
            )
            % {"standing": standing, "agency": agency, "by": _day(respond_by(obligation, dated))}
        )
    )
    regarding = (
        _("đôn đốc thực hiện %(kind)s") % {"kind": kind}
        if not urgings
        else _("đôn đốc (lần %(count)s) thực hiện %(kind)s")
        % {"count": len(urgings) + 1, "kind": kind}
    )
    return OfficialDocument(
        issuer=(_("THƯỜNG TRỰC HĐND"), council.unit.label.upper()),
        symbol=SYMBOL,
        number=event.document_number,
        place=council.unit.name,
        dated=dated,
        title=regarding,
        addressees=(agency,),
        body=body,
        closing=[paragraph(_("Đề nghị %(agency)s quan tâm, thực hiện./.") % {"agency": agency})],
        recipients=(_("Như trên;"), _("Lưu: VT, VP.")),
        signer=Signer(
            _("TM. THƯỜNG TRỰC HĐND"),
            _("CHỦ TỊCH"),
            standing_chair_name(user=user, council=council, on=dated),
        ),
    )


def _letter(user: User, filters: QueryDict) -> OfficialDocument:
    event = (
        EscalationEvent.objects.visible_to(user)
        .select_related("obligation__council__unit", "obligation__owed_by")
        .get(pk=filters.get("event"), obligation__withdrawn_at__isnull=True)
    )
    with translation.override("vi"):
        return urging_letter(event, user=user)


def urging_letter_pdf(*, user: User, filters: QueryDict) -> tuple[IO[bytes], None]:
    """The letter as the official PDF (a core.exports builder)."""
    return io.BytesIO(document_pdf(_letter(user, filters))), None


def urging_letter_docx(*, user: User, filters: QueryDict) -> tuple[IO[bytes], None]:
    """The letter as an editable DOCX, the same blocks as the PDF (a core.exports builder)."""
    return io.BytesIO(document_docx(_letter(user, filters))), None

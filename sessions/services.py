"""Every write about sessions goes through these functions (STYLE.md §2.4).

Rights: the secretariat of a council (or of a council above it) prepares and records its
sessions; `scoping.can_edit_council` decides. Results are computed here, never typed by hand.
"""

from __future__ import annotations

import copy
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.attachments import version_add
from core.models import stamp_actor as _stamp
from core.services import lock, save_fields, validate
from core.uploads import check_upload
from core.validation import FieldErrors
from councils import rules, scoping
from councils.models import Agency, Body, Council, Delegate, Level, Term
from sessions.models import (
    SESSION_WORKFLOW,
    AgendaItem,
    Attendance,
    Ballot,
    ConfidenceEntry,
    ConfidencePoll,
    Document,
    DocumentVersion,
    Question,
    Session,
    Sitting,
    Vote,
)
from sessions.selectors import delegate_total, present_at_roll, seated_delegates

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from core.models import User


# --- sessions -------------------------------------------------------------------------------


SESSION_FIELDS = (
    "number",
    "kind",
    "title",
    "planned_start",
    "planned_end",
    "place",
    "convening_number",
    "convening_date",
)


def _session_number(raw: str, errors: FieldErrors) -> str:
    """ "Kỳ họp thứ 3": a positive whole number, stored without leading zeros ("03" → "3")."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        errors.add("number", _("Số kỳ họp phải là số nguyên dương, ví dụ 3."), code="bad_number")
        return text
    return str(int(text))


def _overlapping(session: Session) -> list[Session]:
    """Other sessions of the council whose planned days share at least one day with this one."""
    if not (session.planned_start and session.planned_end and session.council_id):
        return []
    return list(
        Session.objects.filter(
            council_id=session.council_id,
            planned_start__lte=session.planned_end,
            planned_end__gte=session.planned_start,
        )
        .exclude(pk=session.pk)
        .order_by("planned_start", "pk")[:3]
    )


def _check_session(session: Session, errors: FieldErrors, *, confirm_overlap: bool) -> None:
    """Every rule of the plan at once: dates in order, inside the term, a unique number.

    A value that is None (a form input that did not parse) skips the rules that need it.
    """
    start, end = session.planned_start, session.planned_end
    if end and start and end < start:
        errors.add(
            "planned_end", _("Ngày bế mạc dự kiến không được trước ngày khai mạc."), "bad_date"
        )
    term = session.term if session.term_id else None
    if start and term and not term.covers(start):
        errors.add(
            "planned_start",
            _("Ngày khai mạc nằm ngoài nhiệm kỳ %(term)s.") % {"term": term.name},
            "outside_term",
        )
    council = session.council if session.council_id else None
    if (
        start
        and council
        and (start < council.valid_from or (council.valid_to and start > council.valid_to))
    ):
        errors.add(
            "planned_start", _("Hội đồng nhân dân không hoạt động vào ngày này."), "inactive"
        )
    opening = session.actual_start or start
    if session.convening_date and opening and session.convening_date >= opening:
        errors.add(
            "convening_date",
            _("Quyết định triệu tập phải ban hành trước ngày khai mạc (%(day)s).")
            % {"day": opening.strftime("%d/%m/%Y")},
            "convening_after_opening",
        )
    if "number" not in errors and council and term:
        clash = (
            Session.objects.filter(
                council=session.council, term=session.term, number=session.number
            )
            .exclude(pk=session.pk)
            .values_list("withdrawn_at")
            .first()
        )
        if clash is not None:
            # A withdrawn session keeps its number, so that restoring it always fits: say so.
            message = (
                _(
                    "Kỳ họp thứ %(number)s của nhiệm kỳ này đã bị rút nhưng vẫn giữ số; khôi "
                    "phục kỳ họp đó hoặc chọn số khác."
                )
                if clash[0]
                else _("Nhiệm kỳ này đã có Kỳ họp thứ %(number)s.")
            )
            code = "withdrawn_number" if clash[0] else "duplicate_number"
            errors.add("number", message % {"number": session.number}, code)
    if not confirm_overlap:
        others = _overlapping(session)
        if others:
            errors.add(
                "confirm_overlap",
                _(
                    "Trùng thời gian với %(sessions)s của Hội đồng này. Kiểm tra lại ngày, hoặc "
                    "đánh dấu “Tôi đã kiểm tra, vẫn lưu”."
                )
                % {
                    "sessions": ", ".join(
                        _("%(session)s (%(start)s - %(end)s)")
                        % {
                            "session": s,
                            "start": s.planned_start.strftime("%d/%m/%Y"),
                            "end": s.planned_end.strftime("%d/%m/%Y"),
                        }
                        for s in others
                    )
                },
                "overlap",
            )


def _plan_errors(
    session: Session, fields: Mapping[str, Any], *, confirm_overlap: bool
) -> FieldErrors:
    """Put `fields` on `session` (a new one, or a stored one being changed) and judge the plan:
    every error at once, nothing written. The one copy of the rules, for writes and checks."""
    days, number = (session.planned_start, session.planned_end), session.number
    for name in SESSION_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(session, name, value.strip() if isinstance(value, str) else value)
    errors = FieldErrors()
    if session.pk is None or session.number != number:  # an old number is not judged anew
        session.number = _session_number(session.number, errors)
    # Days already accepted are not questioned again; only a move of the dates warns.
    if session.pk is not None and days == (session.planned_start, session.planned_end):
        confirm_overlap = True
    _check_session(session, errors, confirm_overlap=confirm_overlap)
    errors.run(
        validate,
        session,
        exclude=[f for f in ("number", "planned_start", "planned_end") if f in errors],
    )
    return errors


def session_check(
    *,
    actor: User,
    council: Council | None = None,
    term: Term | None = None,
    instance: Session | None = None,
    confirm_overlap: bool = False,
    **fields: Any,
) -> FieldErrors:
    """The rules of `session_create` (or of `session_update` of `instance`), writing nothing.

    A page whose form has a shape error calls it with what did parse (the rest as None), so
    the clerk meets the rule errors in the same round.
    """
    if instance is not None:
        scoping.require_edit(actor, instance.council)
        session = copy.copy(instance)  # the caller's copy stays as stored
    else:
        if council is not None:
            scoping.require_edit(actor, council)
        session = Session(council=council, term=term)
    return _plan_errors(session, fields, confirm_overlap=confirm_overlap)


@transaction.atomic
def session_create(
    *,
    actor: User,
    council: Council,
    term: Term,
    number: str,
    kind: str,
    planned_start: date,
    planned_end: date,
    title: str = "",
    place: str = "",
    convening_number: str = "",
    convening_date: date | None = None,
    confirm_overlap: bool = False,
) -> Session:
    """Plan a session; it starts as `planned` and moves only through session_transition.

    Another session of the council on overlapping days is refused unless `confirm_overlap`:
    it is usually a typing mistake, rarely a real double sitting.
    """
    scoping.require_edit(actor, council)
    session = Session(council=council, term=term)
    fields = {
        "number": number,
        "kind": kind,
        "title": title,
        "planned_start": planned_start,
        "planned_end": planned_end,
        "place": place,
        "convening_number": convening_number,
        "convening_date": convening_date,
    }
    _plan_errors(session, fields, confirm_overlap=confirm_overlap).raise_if_any()
    _stamp(session, actor)
    session.save()
    return session


@transaction.atomic
def session_update(
    *, actor: User, session: Session, confirm_overlap: bool = False, **fields
) -> Session:
    """Change the plan; the workflow status is not a field here."""
    scoping.require_edit(actor, session.council)
    session = (
        Session.objects.select_for_update().select_related("council", "term").get(pk=session.pk)
    )
    changed = [name for name in SESSION_FIELDS if name in fields]
    _plan_errors(session, fields, confirm_overlap=confirm_overlap).raise_if_any()
    _stamp(session, actor)
    session.save(update_fields=[*changed, "updated_at"])
    return session


def _check_move_day(session: Session, to_status: str, on: date) -> None:
    """The day of a step that has happened: not after today, and in the order of the steps
    (convening decision, documents sent, opening, closing)."""
    status = Session.Status
    errors = FieldErrors()
    today = timezone.localdate()

    def day(value: date) -> str:
        return value.strftime("%d/%m/%Y")

    if to_status in (status.DOCUMENTS_SENT, status.IN_SESSION, status.CLOSED) and on > today:
        errors.add(
            "on",
            _("Ngày %(day)s chưa đến; chỉ ghi việc đã diễn ra (hôm nay là %(today)s).")
            % {"day": day(on), "today": day(today)},
            "future_date",
        )
    convened = session.convening_date
    if to_status == status.DOCUMENTS_SENT and convened and on < convened:
        errors.add(
            "on",
            _("Ngày gửi tài liệu không được trước ngày quyết định triệu tập (%(day)s).")
            % {"day": day(convened)},
            "before_convening",
        )
    if to_status == status.IN_SESSION:
        if convened and on <= convened:
            errors.add(
                "on",
                _("Ngày khai mạc phải sau ngày quyết định triệu tập (%(day)s).")
                % {"day": day(convened)},
                "before_convening",
            )
        sent = session.documents_sent_on
        if sent and on < sent:
            errors.add(
                "on",
                _("Ngày khai mạc không được trước ngày gửi tài liệu (%(day)s).")
                % {"day": day(sent)},
                "before_documents_sent",
            )
    if to_status == status.CLOSED and session.actual_start and on < session.actual_start:
        errors.add("on", _("Ngày bế mạc không được trước ngày khai mạc."), "bad_date")
    errors.raise_if_any()


@transaction.atomic
def results_changed(*, actor: User, session_id: int) -> None:
    """Queue a build of the session's results PDF for once this change is committed (nothing if
    it rolls back), so the next reader is served from core.pdf's cache instead of waiting for
    WeasyPrint. Built as `actor` sees it: whoever could make the change sees the whole report.

    A prebuild is an optimisation: a broker that cannot be reached costs a reader's wait, never
    the clerk's change, so a failure to queue is logged, not raised.
    """
    if not settings.SESSION_RESULTS_PREBUILD:
        return

    def queue() -> None:
        from sessions.tasks import session_results_pdf_task

        try:
            session_results_pdf_task.delay(session_id, actor.pk)
        except Exception:
            logger.exception("Could not queue the results PDF of session %s.", session_id)

    transaction.on_commit(queue)


def session_transition(
    *, actor: User, session: Session, to_status: str, on: date | None = None, note: str = ""
) -> Session:
    """Move a session one allowed step (DOMAIN.md §17) and keep an audit row.

    `on` is the day the step happened: documents sent, opening or closing day.
    """
    on = on or timezone.localdate()
    day_of = {
        Session.Status.DOCUMENTS_SENT: "documents_sent_on",
        Session.Status.IN_SESSION: "actual_start",
        Session.Status.CLOSED: "actual_end",
    }
    session = SESSION_WORKFLOW.move(
        obj=session,
        to=to_status,
        actor=actor,
        note=note,
        check=lambda row: _check_move_day(row, to_status, on),
        fields={day_of[to_status]: on} if to_status in day_of else {},
    )
    if to_status == Session.Status.DOCUMENTS_SENT:  # withdrawn papers stay unsent
        session.documents.filter(withdrawn_at__isnull=True, sent_on__isnull=True).update(sent_on=on)
    from sessions.printing import has_results  # printing reads quorums from here

    if has_results(session):  # opened, closed, published: the report (and its draft mark) change
        results_changed(actor=actor, session_id=session.pk)
    return session


def lead_time_warning(session: Session, sent_on: date | None = None) -> str:
    """A warning when documents went out later than the council's lead time before opening."""
    sent_on = sent_on or session.documents_sent_on
    if sent_on is None:
        return ""
    lead = rules.int_value(session.council, rules.DOCUMENT_LEAD_DAYS, session.planned_start)
    gap = (session.planned_start - sent_on).days
    if gap >= lead:
        return ""
    return _(
        "Tài liệu gửi ngày %(sent)s, chỉ %(gap)s ngày trước khai mạc; quy định tối thiểu "
        "%(lead)s ngày."
    ) % {"sent": sent_on.strftime("%d/%m/%Y"), "gap": gap, "lead": lead}


# --- sittings and agenda ------------------------------------------------------------------


@transaction.atomic
def sitting_create(
    *, actor: User, session: Session, on: date, part: str, closed: bool = False
) -> Sitting:
    scoping.require_edit(actor, session.council)
    start = session.actual_start or session.planned_start
    end = session.actual_end or session.planned_end
    if not (start <= on <= end):
        raise ValidationError(
            {
                "on": _("Ngày họp phải trong thời gian kỳ họp (%(start)s - %(end)s).")
                % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
            }
        )
    if Sitting.objects.filter(session=session, on=on, part=part).exists():
        raise ValidationError({"part": _("Buổi họp này đã có.")}, code="duplicate_sitting")
    return Sitting.objects.create(session=session, on=on, part=part, closed=closed)


def _item_errors(item: AgendaItem) -> FieldErrors:
    """Every rule of an agenda item at once, nothing written; the model's own checks join in.

    A value that is None (a form input that did not parse) skips the rules that need it.
    """
    errors = FieldErrors()
    council = item.session.council
    if item.presenter_id and item.presenter.council_id != council.pk:
        errors.add("presenter", _("Cơ quan trình bày không thuộc địa bàn này."), "other_council")
    if item.reviewer_id and (
        item.reviewer.council_id != council.pk or item.reviewer.kind != Body.Kind.COMMITTEE
    ):
        errors.add("reviewer", _("Ban thẩm tra phải là một Ban của HĐND này."), "not_a_committee")
    if item.sitting_id and item.sitting.session_id != item.session_id:
        errors.add("sitting", _("Phiên họp không thuộc kỳ họp này."), "other_session")
    if item.starts_at and item.ends_at and item.ends_at <= item.starts_at:
        errors.add("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."), "bad_time")
    unnumbered = ["position"] if item.position is None else []  # numbered when it is added
    errors.run(
        validate,
        item,
        exclude=[
            *unnumbered,
            *(f for f in ("presenter", "reviewer", "sitting", "ends_at") if f in errors),
        ],
    )
    return errors


ITEM_FIELDS = (
    "title",
    "kind",
    "presenter",
    "reviewer",
    "sitting",
    "starts_at",
    "ends_at",
    "vote_rule",
)


def _item_with(item: AgendaItem, fields: Mapping[str, Any]) -> AgendaItem:
    for name in ITEM_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(item, name, value.strip() if isinstance(value, str) else value)
    return item


def agenda_item_check(
    *, actor: User, session: Session, instance: AgendaItem | None = None, **fields: Any
) -> FieldErrors:
    """The rules of `agenda_item_create` (or `agenda_item_update` of `instance`), writing
    nothing: a form with a shape error still shows the rule errors in the same round."""
    scoping.require_edit(actor, session.council)
    item = copy.copy(instance) if instance is not None else AgendaItem(session=session)
    return _item_errors(_item_with(item, fields))


@transaction.atomic
def agenda_item_create(
    *,
    actor: User,
    session: Session,
    title: str,
    kind: str,
    presenter: Agency | None = None,
    reviewer: Body | None = None,
    sitting: Sitting | None = None,
    starts_at: time | None = None,
    ends_at: time | None = None,
    vote_rule: str = AgendaItem.VoteRule.MAJORITY,
    position: int | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda (or at `position`, shifting the rest down)."""
    scoping.require_edit(actor, session.council)
    Session.objects.select_for_update().filter(pk=session.pk).first()
    last = session.items.aggregate(m=Max("position"))["m"] or 0
    if position is None or position > last:
        position = last + 1
    else:
        position = max(position, 1)
        for shifted in session.items.filter(position__gte=position).order_by("-position"):
            shifted.position += 1
            shifted.save(update_fields=["position"])
    item = AgendaItem(
        session=session,
        position=position,
        title=title.strip(),
        kind=kind,
        presenter=presenter,
        reviewer=reviewer,
        sitting=sitting,
        starts_at=starts_at,
        ends_at=ends_at,
        vote_rule=vote_rule,
    )
    _item_errors(item).raise_if_any()
    _stamp(item, actor)
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, actor: User, item: AgendaItem, **fields) -> AgendaItem:
    """Change what the clerk edited; its place and withdrawal are other services' fields."""
    scoping.require_edit(actor, item.session.council)
    item = lock(item)
    _item_errors(_item_with(item, fields)).raise_if_any()
    _stamp(item, actor)
    item.save(update_fields=[*(n for n in ITEM_FIELDS if n in fields), "updated_at"])
    return item


@transaction.atomic
def agenda_item_move(*, actor: User, item: AgendaItem, offset: int) -> AgendaItem:
    """Swap an item with its neighbour above (-1) or below (+1)."""
    scoping.require_edit(actor, item.session.council)
    item = lock(item)
    siblings = AgendaItem.objects.select_for_update().filter(session_id=item.session_id)
    siblings = siblings.order_by("position")
    shown = siblings.filter(withdrawn_at__isnull=True)  # a withdrawn item is not a neighbour
    neighbour = (
        shown.filter(position__lt=item.position).last()
        if offset < 0
        else shown.filter(position__gt=item.position).first()
    )
    if neighbour is None:
        return item
    a, b = item.position, neighbour.position
    # Through a free slot, so the unique (session, position) holds at every step.
    free = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    AgendaItem.objects.filter(pk=item.pk).update(position=free)
    AgendaItem.objects.filter(pk=neighbour.pk).update(position=a)
    AgendaItem.objects.filter(pk=item.pk).update(position=b)
    item.position = b
    return item


# --- documents ----------------------------------------------------------------------------


def document_sent_on_check(sent_on: date | None) -> None:
    """A paper's sent date records what happened: never a day still to come. The upload form
    runs it too, so the date is judged in the same round as the file."""
    today = timezone.localdate()
    if sent_on and sent_on > today:
        message = _("Ngày gửi %(day)s chưa đến; chỉ ghi ngày đã gửi (hôm nay là %(today)s).") % {
            "day": sent_on.strftime("%d/%m/%Y"),
            "today": today.strftime("%d/%m/%Y"),
        }
        raise ValidationError({"sent_on": ValidationError(message, code="future_date")})


@transaction.atomic
def document_upload(
    *,
    actor: User,
    session: Session,
    kind: str,
    title: str,
    file: UploadedFile,
    item: AgendaItem | None = None,
    reference: str = "",
    confidential: bool = False,
    sent_on: date | None = None,
) -> Document:
    """Attach a paper to the session or one of its items; the file's real type is checked."""
    scoping.require_edit(actor, session.council)
    errors = FieldErrors()
    if item is not None and item.session_id != session.pk:
        errors.add("item", _("Nội dung này không thuộc kỳ họp."), "other_session")
    errors.run(document_sent_on_check, sent_on)
    errors.run(check_upload, file)  # before any row is written
    document = Document(
        session=session,
        item=item,
        kind=kind,
        title=title.strip(),
        reference=reference.strip(),
        confidential=confidential,
        sent_on=sent_on,
    )
    errors.run(
        document.full_clean,
        exclude=["current_version", *(f for f in ("item", "sent_on") if f in errors)],
        validate_constraints=False,
    )
    errors.raise_if_any()
    _stamp(document, actor)
    document.save()
    version_add(actor=actor, document=document, file=file)
    return document


@transaction.atomic
def document_replace(
    *, actor: User, document: Document, file: UploadedFile, note: str = ""
) -> DocumentVersion:
    """Upload a new version; earlier versions stay downloadable."""
    scoping.require_edit(actor, document.session.council)
    document = lock(document)
    return version_add(actor=actor, document=document, file=file, note=note)


@transaction.atomic
def document_mark_sent(*, actor: User, document: Document, sent_on: date) -> Document:
    scoping.require_edit(actor, document.session.council)
    errors = FieldErrors()
    errors.run(document_sent_on_check, sent_on)
    errors.raise_if_any()
    document.sent_on = sent_on
    _stamp(document, actor)
    document.save(update_fields=["sent_on", "updated_at"])
    return document


# --- withdrawing and restoring ------------------------------------------------------------

WithdrawableRecord = Session | AgendaItem | Document
WITHDRAWAL_FIELDS = ["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"]


def _locked(record: WithdrawableRecord, actor: User) -> WithdrawableRecord:
    """The record under a row lock, once the actor may change its session's council."""
    session = record if isinstance(record, Session) else record.session
    scoping.require_edit(actor, session.council)
    return lock(record)


@transaction.atomic
def record_withdraw(*, actor: User, record: WithdrawableRecord, reason: str) -> WithdrawableRecord:
    """Withdraw a session, agenda item or document typed in error: never deleted, it leaves the
    lists and reports, and the history keeps who withdrew it and why."""
    record = _locked(record, actor)
    errors: dict[str, list[ValidationError]] = {}
    if not reason.strip():
        errors["reason"] = [ValidationError(_("Nhập lý do rút."), code="required")]
    if record.withdrawn:
        errors[NON_FIELD_ERRORS] = [ValidationError(_("Đã rút trước đó."), code="withdrawn")]
    elif not isinstance(record, Document) and record.resolutions.exists():
        errors[NON_FIELD_ERRORS] = [
            ValidationError(
                _("Đã có nghị quyết gắn với mục này; không thể rút."), code="has_resolutions"
            )
        ]
    if errors:
        raise ValidationError(errors)
    record.withdrawn_at = timezone.now()
    record.withdrawn_by = actor
    record.withdrawal_reason = reason.strip()
    record._change_reason = record.withdrawal_reason  # django-simple-history keeps the why
    _stamp(record, actor)
    record.save(update_fields=WITHDRAWAL_FIELDS)
    if isinstance(record, AgendaItem):  # its votes leave (or rejoin) the report
        results_changed(actor=actor, session_id=record.session_id)
    return record


@transaction.atomic
def record_restore(*, actor: User, record: WithdrawableRecord) -> WithdrawableRecord:
    """Put a withdrawn record back; the history keeps both steps."""
    record = _locked(record, actor)
    if not record.withdrawn:
        raise ValidationError(_("Mục này chưa bị rút."), code="not_withdrawn")
    record.withdrawn_at, record.withdrawn_by, record.withdrawal_reason = None, None, ""
    record._change_reason = _("Khôi phục")
    _stamp(record, actor)
    record.save(update_fields=WITHDRAWAL_FIELDS)
    if isinstance(record, AgendaItem):  # its votes leave (or rejoin) the report
        results_changed(actor=actor, session_id=record.session_id)
    return record


# --- attendance ---------------------------------------------------------------------------


# The roll is taken once the session has opened; after closing, mistakes may still be corrected.
ROLL_STATUSES = (Session.Status.IN_SESSION, Session.Status.CLOSED)


def attendance_check_open(session: Session) -> None:
    """Refuse a roll before the session opens (or once its results are published)."""
    if session.status not in ROLL_STATUSES:
        raise ValidationError(
            _("Chỉ điểm danh khi kỳ họp đã khai mạc (trạng thái hiện tại: %(status)s).")
            % {"status": session.get_status_display()},
            code="session_not_open",
        )


@transaction.atomic
def attendance_record(
    *,
    actor: User,
    sitting: Sitting,
    statuses: Mapping[int, str],
    notes: Mapping[int, str] | None = None,
) -> int:
    """Record the roll of a sitting (delegate id → status); returns how many rows were written."""
    # Read the session afresh: the caller's copy may predate the opening.
    session = sitting.session = Session.objects.select_related("council").get(pk=sitting.session_id)
    scoping.require_edit(actor, session.council)
    attendance_check_open(session)
    roll = set(seated_delegates(session.council, sitting.on).values_list("pk", flat=True))
    unknown = [pk for pk in statuses if pk not in roll]
    if unknown:
        raise ValidationError(
            _("Có %(n)s người không phải đại biểu của HĐND vào ngày họp.") % {"n": len(unknown)},
            code="not_seated",
        )
    bad = [s for s in statuses.values() if s not in Attendance.Status.values]
    if bad:
        raise ValidationError(_("Tình trạng điểm danh không hợp lệ."), code="bad_status")
    notes = notes or {}
    existing = {a.delegate_id: a for a in sitting.attendance.all()}
    create, update = [], []
    for delegate_id, status in statuses.items():
        row = existing.get(delegate_id)
        note = (notes.get(delegate_id) or "").strip()
        if row is None:
            create.append(
                Attendance(sitting=sitting, delegate_id=delegate_id, status=status, note=note)
            )
        elif row.status != status or row.note != note:
            row.status, row.note = status, note
            update.append(row)
    Attendance.objects.bulk_create(create)
    Attendance.objects.bulk_update(update, ["status", "note"])
    if create or update:
        results_changed(actor=actor, session_id=session.pk)
    return len(create) + len(update)


@dataclass(frozen=True)
class Quorum:
    total: int
    present: int
    required: int

    @property
    def met(self) -> bool:
        return self.present >= self.required


def quorum_for(sitting: Sitting, present: int | None = None, total: int | None = None) -> Quorum:
    """Present against the council's quorum rule (a setting, ⚠ 2/3 by tradition)."""
    council = sitting.session.council
    total = delegate_total(council, sitting.on) if total is None else total
    if present is None:
        present = sitting.attendance.filter(status=Attendance.Status.PRESENT).count()
    share = rules.ratio(rules.rule_value(council, rules.QUORUM, sitting.on))
    return Quorum(total=total, present=present, required=math.ceil(total * share))


# --- votes --------------------------------------------------------------------------------


def required_votes(*, rule: str, total: int, council: Council | None, on: date) -> int:
    """Votes in favour needed: more than the pass ratio, or at least the qualified ratio, of the
    council's total number of delegates — never of those present (DOMAIN.md §5, §20.3)."""
    values = rules.rule_values(council, on, [rules.PASS_RATIO, rules.QUALIFIED_RATIO])
    if rule == AgendaItem.VoteRule.QUALIFIED:
        return math.ceil(total * rules.ratio(values[rules.QUALIFIED_RATIO]))
    return math.floor(total * rules.ratio(values[rules.PASS_RATIO])) + 1


def _vote_total(item: AgendaItem, held_on: date, total_delegates: int | None) -> int:
    if total_delegates:
        return total_delegates
    total = delegate_total(item.session.council, held_on)
    if not total:
        raise ValidationError(
            {
                "total_delegates": ValidationError(
                    _("Chưa có danh sách đại biểu vào ngày biểu quyết; nhập tổng số đại biểu."),
                    code="no_total",
                )
            }
        )
    return total


def vote_check_open(session: Session) -> None:
    """Votes are taken while the session sits; afterwards a result is a correction, not an entry."""
    if session.status != Session.Status.IN_SESSION:
        raise ValidationError(
            _("Chỉ ghi kết quả biểu quyết khi kỳ họp đang họp (trạng thái hiện tại: %(status)s).")
            % {"status": session.get_status_display()},
            code="session_not_open",
        )


def _vote_check(item: AgendaItem, held_on: date | None, errors: FieldErrors) -> None:
    # Read the session afresh: the caller's copy may predate the latest status move.
    session = item.session = Session.objects.select_related("council__unit").get(pk=item.session_id)
    vote_check_open(session)
    if held_on is None:
        return
    start = session.actual_start or session.planned_start
    end = session.actual_end or session.planned_end
    if not (start <= held_on <= end):
        errors.add("held_on", _("Ngày biểu quyết phải trong thời gian kỳ họp."), "bad_date")
    elif held_on > timezone.localdate():
        errors.add("held_on", _("Ngày biểu quyết chưa đến."), "future_date")


def _check_counts(
    errors: FieldErrors, total: int | None, present: int | None, counts: Mapping[str, int | None]
) -> None:
    """Every inconsistency of the counts in one pass, each on the number that is wrong."""
    for name, value in {"present": present, **counts}.items():
        if value is None:
            errors.add(name, _("Nhập số đại biểu."), "required")
        elif value < 0:
            errors.add(name, _("Số đại biểu không được âm."), "negative")
    if "present" not in errors and total and present > total:
        errors.add(
            "present",
            _("Số đại biểu có mặt (%(p)s) vượt tổng số đại biểu (%(t)s).")
            % {"p": present, "t": total},
            "present_over_total",
        )
    if "present" not in errors and not any(name in errors for name in counts):
        cast = sum(counts.values())
        if cast > present:
            errors.add(
                "votes_for",
                _(
                    "Tổng tán thành, không tán thành và không biểu quyết (%(s)s) vượt số "
                    "đại biểu có mặt (%(p)s)."
                )
                % {"s": cast, "p": present},
                "counts_over_present",
            )


def _vote_errors(
    item: AgendaItem,
    held_on: date | None,
    total_delegates: int | None,
    present: int | None,
    counts: Mapping[str, int | None],
) -> tuple[FieldErrors, int | None]:
    """Every rule of a vote at once, nothing written, and the total it is judged against.

    A value that is None (a form input that did not parse) skips the rules that need it.
    """
    errors = FieldErrors()
    _vote_check(item, held_on, errors)
    total = None
    if held_on is not None or total_delegates:
        total = errors.run(_vote_total, item, held_on, total_delegates)
    _check_counts(errors, total, present, counts)
    return errors, total


def vote_check(
    *,
    actor: User,
    item: AgendaItem,
    held_on: date | None,
    present: int | None,
    votes_for: int | None,
    votes_against: int | None,
    votes_abstain: int | None,
    total_delegates: int | None = None,
    method: str | None = None,
    subject: str | None = None,
) -> FieldErrors:
    """The rules of `vote_record` (same arguments), writing nothing: a form with a shape error
    still shows the count and date errors in the same round."""
    scoping.require_edit(actor, item.session.council)
    counts = {
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes_abstain": votes_abstain,
    }
    return _vote_errors(item, held_on, total_delegates, present, counts)[0]


@transaction.atomic
def vote_record(
    *,
    actor: User,
    item: AgendaItem,
    held_on: date,
    method: str,
    present: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    total_delegates: int | None = None,
    subject: str = "",
) -> Vote:
    """Record a vote from its counts; whether it passed follows from the rule and the total.

    Only while the session is sitting; every wrong count is reported at once.
    """
    scoping.require_edit(actor, item.session.council)
    counts = {
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes_abstain": votes_abstain,
    }
    errors, total = _vote_errors(item, held_on, total_delegates, present, counts)
    errors.raise_if_any()
    vote = Vote(
        item=item,
        subject=subject.strip(),
        held_on=held_on,
        method=method,
        rule=item.vote_rule,
        total_delegates=total,
        required=required_votes(
            rule=item.vote_rule, total=total, council=item.session.council, on=held_on
        ),
        present=present,
        **counts,
    )
    validate(vote)
    _stamp(vote, actor)
    vote.save()
    results_changed(actor=actor, session_id=item.session_id)
    return vote


@transaction.atomic
def vote_record_ballots(
    *,
    actor: User,
    item: AgendaItem,
    held_on: date,
    method: str,
    choices: Mapping[int, str],
    present: int | None = None,
    total_delegates: int | None = None,
    subject: str = "",
) -> Vote:
    """Record one choice per delegate; the counts are tallied from the ballots.

    Delegates present but not in `choices` count as "không biểu quyết". `present` defaults to
    the delegates marked present at the item's sitting, else to those who chose.
    """
    council = item.session.council
    scoping.require_edit(actor, council)
    roll = set(seated_delegates(council, held_on).values_list("pk", flat=True))
    if any(pk not in roll for pk in choices):
        raise ValidationError(
            _("Có phiếu của người không phải đại biểu vào ngày biểu quyết."), code="not_seated"
        )
    if any(c not in Ballot.Choice.values for c in choices.values()):
        raise ValidationError(_("Lựa chọn biểu quyết không hợp lệ."), code="bad_choice")
    tally = dict.fromkeys(Ballot.Choice.values, 0)
    for choice in choices.values():
        tally[choice] += 1
    if present is None:
        sitting = item.sitting if item.sitting_id else None
        present = present_at_roll(item.session, held_on, sitting) or None
    present = max(present or 0, len(choices))
    vote = vote_record(
        actor=actor,
        item=item,
        held_on=held_on,
        method=method,
        present=present,
        votes_for=tally[Ballot.Choice.FOR],
        votes_against=tally[Ballot.Choice.AGAINST],
        votes_abstain=present - tally[Ballot.Choice.FOR] - tally[Ballot.Choice.AGAINST],
        total_delegates=total_delegates,
        subject=subject,
    )
    Ballot.objects.bulk_create(
        Ballot(vote=vote, delegate_id=pk, choice=choice) for pk, choice in choices.items()
    )
    vote.by_ballots = True
    vote.save(update_fields=["by_ballots"])
    return vote


# --- questioning ----------------------------------------------------------------------------


@transaction.atomic
def question_create(
    *,
    actor: User,
    session: Session,
    asked_by: Delegate,
    respondent: str,
    respondent_title: str,
    content: str,
    agency: Agency | None = None,
    answer: str = "",
    answered_on: date | None = None,
    written_answer_due: date | None = None,
) -> Question:
    scoping.require_edit(actor, session.council)
    if asked_by.council_id != session.council_id:
        raise ValidationError({"asked_by": _("Người chất vấn phải là đại biểu của HĐND này.")})
    question = Question(
        session=session,
        asked_by=asked_by,
        respondent=respondent.strip(),
        respondent_title=respondent_title.strip(),
        content=content.strip(),
        agency=agency,
        answer=answer.strip(),
        answered_on=answered_on,
        written_answer_due=written_answer_due,
    )
    validate(question)
    _stamp(question, actor)
    question.save()
    return question


@transaction.atomic
def question_answer(*, actor: User, question: Question, answer: str, answered_on: date) -> Question:
    scoping.require_edit(actor, question.session.council)
    if not answer.strip():
        raise ValidationError({"answer": _("Nhập nội dung trả lời.")})
    question = lock(question)
    question.answer, question.answered_on = answer.strip(), answered_on
    _stamp(question, actor)
    return save_fields(question, ["answer", "answered_on"])


# --- confidence polls ---------------------------------------------------------------------


def poll_applies(council: Council, on: date) -> bool:
    levels = rules.rule_value(council, rules.CONFIDENCE_LEVELS, on).split(",")
    return council.unit.level in {lv.strip() for lv in levels}


@transaction.atomic
def confidence_poll_create(
    *,
    actor: User,
    session: Session,
    kind: str,
    held_on: date,
    people: Iterable[tuple[str, str]],
    total_delegates: int | None = None,
) -> ConfidencePoll:
    """Open a poll with its approved list of office holders (name, office)."""
    council = session.council
    scoping.require_edit(actor, council)
    if not poll_applies(council, held_on):
        raise ValidationError(
            _("Quy định hiện hành không áp dụng lấy phiếu tín nhiệm ở %(level)s.")
            % {"level": Level(council.unit.level).label},
            code="level_excluded",
        )
    people = [(n.strip(), o.strip()) for n, o in people if n and n.strip()]
    if not people:
        raise ValidationError({"people": _("Danh sách người được lấy phiếu đang trống.")})
    total = total_delegates or delegate_total(council, held_on)
    if not total:
        raise ValidationError(
            {"total_delegates": _("Nhập tổng số đại biểu HĐND.")}, code="no_total"
        )
    poll = ConfidencePoll(
        session=session,
        kind=kind,
        held_on=held_on,
        total_delegates=total,
        denominator=rules.rule_value(council, rules.CONFIDENCE_DENOMINATOR, held_on),
    )
    validate(poll)
    _stamp(poll, actor)
    poll.save()
    names = {d.name_key: d for d in Delegate.objects.filter(council=council)}
    from core.text import search_key

    ConfidenceEntry.objects.bulk_create(
        ConfidenceEntry(
            poll=poll,
            full_name=name,
            office=office,
            delegate=names.get(search_key(name)),
            position=i,
        )
        for i, (name, office) in enumerate(people, start=1)
    )
    return poll


@transaction.atomic
def confidence_entry_count(
    *,
    actor: User,
    entry: ConfidenceEntry,
    ballots_issued: int,
    ballots_returned: int,
    ballots_valid: int,
    high: int | None,
    confidence: int,
    low: int,
) -> ConfidenceEntry:
    """Enter the counting committee's figures for one person; they must add up."""
    scoping.require_edit(actor, entry.poll.session.council)
    poll = lock(entry.poll)  # a confirmation made meanwhile freezes the figures
    if poll.status == ConfidencePoll.Status.CONFIRMED:
        raise ValidationError(_("Kết quả đã được xác nhận, không sửa được."), code="confirmed")
    if poll.kind == ConfidencePoll.Kind.VOTE:
        high = None
    if not (ballots_valid <= ballots_returned <= ballots_issued <= poll.total_delegates):
        raise ValidationError(
            {"ballots_valid": _("Phải có: hợp lệ ≤ thu về ≤ phát ra ≤ tổng số đại biểu.")},
            code="ballot_order",
        )
    if (high or 0) + confidence + low != ballots_valid:
        raise ValidationError(
            {
                "low": _("Tổng số phiếu các mức (%(s)s) phải bằng số phiếu hợp lệ (%(v)s).")
                % {"s": (high or 0) + confidence + low, "v": ballots_valid}
            },
            code="levels_sum",
        )
    entry.ballots_issued, entry.ballots_returned, entry.ballots_valid = (
        ballots_issued,
        ballots_returned,
        ballots_valid,
    )
    entry.high, entry.confidence, entry.low = high, confidence, low
    figures = ["ballots_issued", "ballots_returned", "ballots_valid", "high", "confidence", "low"]
    save_fields(entry, figures)
    counting = (ConfidencePoll.Status.LIST_APPROVED, ConfidencePoll.Status.BALLOTED)
    if poll.status in counting and not poll.entries.filter(low__isnull=True).exists():
        poll.status = ConfidencePoll.Status.COUNTED
        _stamp(poll, actor)
        poll.save(update_fields=["status", "updated_at"])
    return entry


@transaction.atomic
def confidence_poll_confirm(*, actor: User, poll: ConfidencePoll) -> ConfidencePoll:
    """The resolution confirming the results has passed; figures are frozen."""
    scoping.require_edit(actor, poll.session.council)
    poll = lock(poll)
    if poll.status != ConfidencePoll.Status.COUNTED:
        raise ValidationError(_("Chỉ xác nhận khi đã kiểm phiếu xong."), code="not_counted")
    poll.status = ConfidencePoll.Status.CONFIRMED
    _stamp(poll, actor)
    poll.save(update_fields=["status", "updated_at"])
    return poll


def sitting_quorums(session: Session, sittings: Iterable[Sitting]) -> dict[int, Quorum]:
    """`quorum_for` every sitting of a session in two queries, from the `present` counts that
    `selectors.session_sittings` attached. A session is convened under one rule: the quorum
    ratio in force on its first sitting day applies to all of its sittings."""
    sittings = list(sittings)
    if not sittings:
        return {}
    from sessions.selectors import delegate_totals

    council = session.council
    totals = delegate_totals(council, (s.on for s in sittings))
    first = min(totals)
    share = rules.ratio(rules.rule_value(council, rules.QUORUM, first))
    return {
        s.pk: Quorum(
            total=totals[s.on], present=s.present, required=math.ceil(totals[s.on] * share)
        )
        for s in sittings
    }

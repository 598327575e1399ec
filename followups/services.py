"""Every write of the follow-up engine: create, extend, report, escalate, close, reopen.

Each service checks the right to act in one place (`may`), validates every input at once
(core.validation.FieldErrors), locks the obligation row before changing it (core.services.lock)
and records who did it: the extension, report and event rows carry their actor, and
django-simple-history keeps every change of the obligation itself with its user and reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import stamp_actor
from core.services import lock, save_fields, validate
from core.text import search_key
from core.uploads import check_upload
from core.validation import FieldErrors, validate_record_date
from councils import scoping
from councils.models import Agency, Council
from followups import calendar, letters, watchers
from followups.models import (
    LETTER_STEPS,
    REPEATABLE_STEPS,
    STEP_RANK,
    EscalationEvent,
    EvidenceFile,
    Holiday,
    Obligation,
    ObligationExtension,
    ObligationReport,
    Step,
    Unit,
)

if TYPE_CHECKING:
    from django.db.models import Model

    from core.models import User

# What a user does to an obligation; `may` answers for each.
CREATE, EDIT_TEXT, EXTEND, REPORT, ESCALATE, CLOSE, REOPEN, EXCLUDE, WITHDRAW, LETTER = (
    "followups.create",
    "followups.edit_text",
    "followups.extend",
    "followups.report",
    "followups.escalate",
    "followups.close",
    "followups.reopen",
    "followups.exclude",
    "followups.withdraw",
    "followups.letter",  # download or rebuild an urging letter (a draft for the office to sign)
)
# The longest time limit a rule may set, per unit (a typo such as 300 months is refused).
MAX_COUNT = {Unit.CALENDAR_DAYS: 3650, Unit.WORKING_DAYS: 2500, Unit.MONTHS: 120}


def may(
    user: User,
    action: str,
    council: Council,
    *,
    obligation: Obligation | None = None,
    source: Model | None = None,
) -> bool:
    """The one place this app asks whether `user` may do `action` for `council`'s obligations.

    The council's editors may (councils/scoping.py); so may whoever the obligation's source
    record admits through its `followup_permits(user, action)`: an oversight recommendation is
    followed by those who run the oversight of the Ban that made it (issue 12).
    """
    if scoping.can_edit_council(user, council):
        return True
    if source is None and obligation is not None and obligation.source_type_id is not None:
        source = obligation.source
    permits = getattr(source, "followup_permits", None)
    return bool(permits is not None and permits(user, action))


def may_somewhere(user: User, action: str) -> bool:
    """Whether `user` may do `action` at some council: the list's "new" button. Follows `may`."""
    return scoping.can_edit_any(user)


def _require(
    actor: User,
    action: str,
    council: Council,
    obligation: Obligation | None = None,
    source: Model | None = None,
) -> None:
    scoping.require(may(actor, action, council, obligation=obligation, source=source))


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _not_future(errors: FieldErrors, field: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        errors.add(
            field,
            _("Ngày %(day)s chưa đến; chỉ ghi việc đã xảy ra (hôm nay là %(today)s).")
            % {"day": _day(value), "today": _day(today)},
            "future",
        )


def _dates(errors: FieldErrors, **values: date | None) -> None:
    """Dates typed outside the records' years (1945-2100) are typing errors."""
    for field, value in values.items():
        try:
            validate_record_date(value)
        except ValidationError as exc:
            errors.add(field, exc.messages[0], "date_out_of_range")


def _check_open(errors: FieldErrors, obligation: Obligation) -> None:
    if obligation.closed:
        errors.add(
            None,
            _("Việc đã kết thúc theo dõi; mở lại trước khi ghi tiếp."),
            "closed",
        )
    if obligation.withdrawn:
        errors.add(None, _("Việc đã bị rút khỏi danh sách theo dõi."), "withdrawn")


def _check_exclusion(
    errors: FieldErrors,
    exclusion: str,
    document_number: str,
    document_date: date | None,
    reason: str,
    today: date,
) -> None:
    """Roadmap and exemption leave an item out of the official counts: only with the
    approving document and the reason (DOMAIN.md §9)."""
    if not exclusion:
        return
    if not document_number.strip():
        errors.add("exclusion_document_number", _("Nhập số văn bản chấp thuận."), "required")
    if document_date is None:
        errors.add("exclusion_document_date", _("Nhập ngày văn bản chấp thuận."), "required")
    _not_future(errors, "exclusion_document_date", document_date, today)
    if not reason.strip():
        errors.add("exclusion_reason", _("Nhập lý do."), "required")


def obligation_due(
    *,
    start_on: date,
    term_count: int | None,
    term_unit: str,
    fixed_due_on: date | None,
    council: Council | None,
) -> date:
    """The due date before any extension: the document's date, or the time limit's end."""
    if fixed_due_on is not None:
        return fixed_due_on
    return calendar.deadline_add(start_on, term_count or 0, term_unit, council)


def obligation_create_check(
    *,
    council: Council | None,
    start_on: date | None,
    owed_by: Agency | None = None,
    owed_by_text: str = "",
    term_count: int | None = None,
    term_unit: str = "",
    fixed_due_on: date | None = None,
    exclusion: str = "",
    exclusion_document_number: str = "",
    exclusion_document_date: date | None = None,
    exclusion_reason: str = "",
    **_ignored,
) -> FieldErrors:
    """The rules of a new obligation, writing nothing (the form runs them with its own errors)."""
    errors = FieldErrors()
    today = timezone.localdate()
    _dates(errors, start_on=start_on, fixed_due_on=fixed_due_on)
    owed_by_text = (owed_by_text or "").strip()
    if owed_by is None and not owed_by_text:
        errors.add(
            "owed_by", _("Chọn cơ quan thực hiện, hoặc ghi tên cơ quan ngoài danh mục."), "required"
        )
    elif owed_by is not None and owed_by_text:
        errors.add(
            "owed_by_text",
            _("Đã chọn cơ quan trong danh mục; để trống tên cơ quan ngoài danh mục."),
            "both",
        )
    if (
        owed_by is not None
        and council is not None
        and not owed_by.council.unit.path.startswith(council.unit.path)
    ):
        errors.add(
            "owed_by", _("Cơ quan không thuộc địa bàn của Hội đồng nhân dân theo dõi."), "area"
        )
    by_term = term_count is not None or bool(term_unit)
    if by_term and fixed_due_on is not None:
        errors.add(
            "fixed_due_on",
            _("Ghi thời hạn (số và đơn vị) hoặc hạn ghi trong văn bản, không ghi cả hai."),
            "both",
        )
    elif not by_term and fixed_due_on is None:
        errors.add(
            "term_count",
            _("Ghi thời hạn (số và đơn vị) hoặc hạn ghi trong văn bản."),
            "required",
        )
    elif by_term:
        if not term_unit:
            errors.add("term_unit", _("Chọn đơn vị thời hạn."), "required")
        elif term_unit not in Unit.values:
            errors.add("term_unit", _("Đơn vị thời hạn không hợp lệ."), "invalid")
        if term_count is None:
            errors.add("term_count", _("Nhập thời hạn."), "required")
        elif term_unit in MAX_COUNT and not 1 <= term_count <= MAX_COUNT[term_unit]:
            errors.add(
                "term_count",
                _("Thời hạn phải từ 1 đến %(max)s %(unit)s.")
                % {"max": MAX_COUNT[term_unit], "unit": Unit(term_unit).label},
                "out_of_range",
            )
    if fixed_due_on is not None and start_on is not None and fixed_due_on < start_on:
        errors.add(
            "fixed_due_on", _("Hạn hoàn thành không được trước ngày bắt đầu tính hạn."), "order"
        )
    _check_exclusion(
        errors,
        exclusion,
        exclusion_document_number or "",
        exclusion_document_date,
        exclusion_reason or "",
        today,
    )
    return errors


@transaction.atomic
def obligation_create(
    *,
    actor: User,
    council: Council,
    kind: str,
    title: str,
    start_on: date,
    owed_by: Agency | None = None,
    owed_by_text: str = "",
    content: str = "",
    term_count: int | None = None,
    term_unit: str = "",
    fixed_due_on: date | None = None,
    source: Model | None = None,
    exclusion: str = "",
    exclusion_document_number: str = "",
    exclusion_document_date: date | None = None,
    exclusion_reason: str = "",
) -> Obligation:
    """Open the follow-up of something owed to `council`; the due date is computed, never typed
    twice: from a time limit (count and unit) or the date the source document fixes."""
    _require(actor, CREATE, council, source=source)
    errors = obligation_create_check(
        council=council,
        start_on=start_on,
        owed_by=owed_by,
        owed_by_text=owed_by_text,
        term_count=term_count,
        term_unit=term_unit,
        fixed_due_on=fixed_due_on,
        exclusion=exclusion,
        exclusion_document_number=exclusion_document_number,
        exclusion_document_date=exclusion_document_date,
        exclusion_reason=exclusion_reason,
    )
    due_on = None
    if not errors:
        due_on = obligation_due(
            start_on=start_on,
            term_count=term_count,
            term_unit=term_unit,
            fixed_due_on=fixed_due_on,
            council=council,
        )
    obligation = Obligation(
        council=council,
        kind=kind,
        owed_by=owed_by,
        owed_by_text=(owed_by_text or "").strip(),
        title=(title or "").strip(),
        content=(content or "").strip(),
        search_text=search_key(f"{title} {owed_by_text}")[:800],
        start_on=start_on,
        term_count=term_count,
        term_unit=term_unit or "",
        fixed_due_on=fixed_due_on,
        due_on=due_on or start_on,
        exclusion=exclusion or "",
        exclusion_document_number=(exclusion_document_number or "").strip(),
        exclusion_document_date=exclusion_document_date,
        exclusion_reason=(exclusion_reason or "").strip(),
    )
    if source is not None:
        obligation.source_type = ContentType.objects.get_for_model(source)
        obligation.source_id = source.pk
    if not errors:
        errors.run(validate, obligation)
    errors.raise_if_any()
    stamp_actor(obligation, actor)
    obligation.save()
    return obligation


@transaction.atomic
def obligation_extend(
    *,
    actor: User,
    obligation: Obligation,
    new_due_on: date,
    reason: str,
    document_number: str,
    document_date: date,
) -> Obligation:
    """Move the due date later on an approving document; the obligation is judged against the
    latest due date only, never against the old one."""
    _require(actor, EXTEND, obligation.council, obligation)
    obligation = lock(obligation)
    errors = FieldErrors()
    today = timezone.localdate()
    _check_open(errors, obligation)
    _dates(errors, new_due_on=new_due_on, document_date=document_date)
    if new_due_on is not None and new_due_on <= obligation.due_on:
        errors.add(
            "new_due_on",
            _("Hạn mới phải sau hạn hiện tại (%(due)s).") % {"due": _day(obligation.due_on)},
            "not_later",
        )
    if not (reason or "").strip():
        errors.add("reason", _("Nhập lý do gia hạn."), "required")
    if not (document_number or "").strip():
        errors.add("document_number", _("Nhập số văn bản cho gia hạn."), "required")
    _not_future(errors, "document_date", document_date, today)
    errors.raise_if_any()
    ObligationExtension.objects.create(
        obligation=obligation,
        previous_due_on=obligation.due_on,
        new_due_on=new_due_on,
        reason=reason.strip(),
        document_number=document_number.strip(),
        document_date=document_date,
        actor=actor,
    )
    obligation.due_on = new_due_on
    obligation._change_reason = reason.strip()[:100]
    stamp_actor(obligation, actor)
    with watchers.changing([obligation]):
        return save_fields(obligation, ["due_on"])


@transaction.atomic
def obligation_report(
    *,
    actor: User,
    obligation: Obligation,
    reported_on: date,
    content: str,
    reference: str = "",
    progress: int | None = None,
    files: Iterable[UploadedFile] = (),
) -> ObligationReport:
    """Record progress reported by the agency, with evidence files judged by their bytes."""
    _require(actor, REPORT, obligation.council, obligation)
    obligation = lock(obligation)
    errors = FieldErrors()
    files = list(files or ())
    _check_open(errors, obligation)
    _dates(errors, reported_on=reported_on)
    _not_future(errors, "reported_on", reported_on, timezone.localdate())
    if reported_on is not None and reported_on < obligation.start_on:
        errors.add(
            "reported_on",
            _("Ngày báo cáo không được trước ngày bắt đầu tính hạn (%(day)s).")
            % {"day": _day(obligation.start_on)},
            "order",
        )
    if not (content or "").strip():
        errors.add("content", _("Nhập nội dung báo cáo."), "required")
    if progress is not None and not 0 <= progress <= 100:
        errors.add("progress", _("Tiến độ phải từ 0 đến 100%."), "out_of_range")
    checked = [errors.run(check_upload, f, field="files") for f in files]
    errors.raise_if_any()
    report = ObligationReport.objects.create(
        obligation=obligation,
        reported_on=reported_on,
        content=content.strip(),
        reference=(reference or "").strip(),
        progress=progress,
        author=actor,
    )
    for upload, found in zip(files, checked, strict=True):
        evidence = EvidenceFile(
            report=report,
            original_name=found.original_name,
            content_type=found.kind.content_type,
            size=found.size,
            sha256=found.sha256,
            uploaded_by=actor,
        )
        evidence.file.save(f"{found.sha256[:16]}.{found.kind.extension}", upload, save=False)
        evidence.save()
    return report


def escalation_check(
    obligation: Obligation, step: str | None, happened_on: date | None
) -> FieldErrors:
    """The ladder only climbs (DOMAIN.md §9): a step is at or above the highest taken so far,
    the first urging is taken once (later ones are "urge again"), and dates never go back."""
    errors = FieldErrors()
    _check_open(errors, obligation)
    _dates(errors, happened_on=happened_on)
    _not_future(errors, "happened_on", happened_on, timezone.localdate())
    if happened_on is not None and happened_on < obligation.start_on:
        errors.add(
            "happened_on",
            _("Ngày không được trước ngày bắt đầu tính hạn (%(day)s).")
            % {"day": _day(obligation.start_on)},
            "order",
        )
    taken = list(obligation.events.values_list("step", "happened_on"))
    if step is not None and taken:
        top = max(taken, key=lambda row: STEP_RANK[row[0]])[0]
        if STEP_RANK[step] < STEP_RANK[top]:
            errors.add(
                "step",
                _("Đã đến bước “%(top)s”; không quay lại bước “%(step)s”.")
                % {"top": Step(top).label, "step": Step(step).label},
                "step_backwards",
            )
        elif step == top and step not in REPEATABLE_STEPS:
            errors.add(
                "step",
                _("Đã đôn đốc; lần sau chọn “%(again)s”.") % {"again": Step.URGE_AGAIN.label},
                "step_repeated",
            )
    if happened_on is not None and taken:
        last = max(day for _step, day in taken)
        if happened_on < last:
            errors.add(
                "happened_on",
                _("Bước trước đã ghi ngày %(day)s; ngày của bước sau không được sớm hơn.")
                % {"day": _day(last)},
                "date_backwards",
            )
    return errors


@transaction.atomic
def obligation_escalate(
    *,
    actor: User,
    obligation: Obligation,
    step: str,
    happened_on: date,
    note: str = "",
    document_number: str = "",
    document_date: date | None = None,
) -> EscalationEvent:
    """One dated step up the escalation ladder; the lock keeps two clerks from crossing. An
    urging step queues its letter (followups.letters), built once the step is committed."""
    _require(actor, ESCALATE, obligation.council, obligation)
    obligation = lock(obligation)
    errors = escalation_check(obligation, step, happened_on)
    if step not in STEP_RANK:
        errors.add("step", _("Bước không hợp lệ."), "invalid")
    _dates(errors, document_date=document_date)
    _not_future(errors, "document_date", document_date, timezone.localdate())
    errors.raise_if_any()
    event = EscalationEvent.objects.create(
        obligation=obligation,
        step=step,
        happened_on=happened_on,
        note=(note or "").strip(),
        document_number=(document_number or "").strip(),
        document_date=document_date,
        actor=actor,
    )
    if step in LETTER_STEPS:
        letters.letter_start(actor=actor, event=event)
    return event


@transaction.atomic
def escalation_letter_rebuild(*, actor: User, event: EscalationEvent) -> EscalationEvent:
    """Build an urging step's letter again, from the obligation as it stands now (a report or
    an extension recorded since, the letter's number entered...); the old files go."""
    _require(actor, LETTER, event.obligation.council)
    lock(event.obligation)
    event = lock(event)
    if event.step not in LETTER_STEPS:
        errors = FieldErrors()
        errors.add(None, _("Bước này không có công văn đôn đốc."), "no_letter")
        errors.raise_if_any()
    return letters.letter_start(actor=actor, event=event)


@transaction.atomic
def obligation_close(
    *,
    actor: User,
    obligation: Obligation,
    outcome: str,
    ended_on: date,
    outcome_note: str = "",
) -> Obligation:
    """End the follow-up with its assessed outcome (DOMAIN.md §9); on time or late is derived."""
    _require(actor, CLOSE, obligation.council, obligation)
    obligation = lock(obligation)
    errors = FieldErrors()
    _check_open(errors, obligation)
    if outcome not in Obligation.Outcome.values:
        errors.add("outcome", _("Chọn kết quả."), "required")
    _dates(errors, ended_on=ended_on)
    _not_future(errors, "ended_on", ended_on, timezone.localdate())
    if ended_on is not None and ended_on < obligation.start_on:
        errors.add(
            "ended_on",
            _("Ngày kết thúc không được trước ngày bắt đầu tính hạn (%(day)s).")
            % {"day": _day(obligation.start_on)},
            "order",
        )
    errors.raise_if_any()
    obligation.outcome, obligation.ended_on = outcome, ended_on
    obligation.outcome_note = (outcome_note or "").strip()
    stamp_actor(obligation, actor)
    with watchers.changing([obligation]):
        return save_fields(obligation, ["outcome", "ended_on", "outcome_note"])


@transaction.atomic
def obligation_reopen(*, actor: User, obligation: Obligation, reason: str) -> Obligation:
    """Take a closed obligation back into follow-up (an assessment revised); the history keeps
    the outcome it had, who reopened it and why."""
    _require(actor, REOPEN, obligation.council, obligation)
    obligation = lock(obligation)
    errors = FieldErrors()
    if not obligation.closed:
        errors.add(None, _("Việc đang được theo dõi, không cần mở lại."), "not_closed")
    if not (reason or "").strip():
        errors.add("reason", _("Nhập lý do mở lại."), "required")
    errors.raise_if_any()
    obligation.outcome, obligation.ended_on, obligation.outcome_note = "", None, ""
    obligation._change_reason = reason.strip()[:100]
    stamp_actor(obligation, actor)
    with watchers.changing([obligation]):
        return save_fields(obligation, ["outcome", "ended_on", "outcome_note"])


@transaction.atomic
def obligation_set_exclusion(
    *,
    actor: User,
    obligation: Obligation,
    exclusion: str,
    exclusion_document_number: str = "",
    exclusion_document_date: date | None = None,
    exclusion_reason: str = "",
) -> Obligation:
    """Put an item on a multi-year roadmap or exempt it (with the approving document), or take
    it back into the counts (an empty `exclusion`)."""
    _require(actor, EXCLUDE, obligation.council, obligation)
    obligation = lock(obligation)
    errors = FieldErrors()
    if exclusion and exclusion not in Obligation.Exclusion.values:
        errors.add("exclusion", _("Lựa chọn không hợp lệ."), "invalid")
    _dates(errors, exclusion_document_date=exclusion_document_date)
    _check_exclusion(
        errors,
        exclusion,
        exclusion_document_number or "",
        exclusion_document_date,
        exclusion_reason or "",
        timezone.localdate(),
    )
    errors.raise_if_any()
    obligation.exclusion = exclusion
    if exclusion:
        obligation.exclusion_document_number = exclusion_document_number.strip()
        obligation.exclusion_document_date = exclusion_document_date
        obligation.exclusion_reason = exclusion_reason.strip()
    else:
        obligation.exclusion_document_number = obligation.exclusion_reason = ""
        obligation.exclusion_document_date = None
    stamp_actor(obligation, actor)
    return save_fields(
        obligation,
        [
            "exclusion",
            "exclusion_document_number",
            "exclusion_document_date",
            "exclusion_reason",
        ],
    )


@transaction.atomic
def obligation_describe(
    *, actor: User, obligation: Obligation, title: str, content: str = ""
) -> Obligation:
    """Correct what is owed (the source record's text changed); the deadline, the agency and
    the outcome change only through their own services."""
    _require(actor, EDIT_TEXT, obligation.council, obligation)
    obligation = lock(obligation)
    errors = FieldErrors()
    if obligation.withdrawn:
        errors.add(None, _("Việc đã bị rút khỏi danh sách theo dõi."), "withdrawn")
    if not (title or "").strip():
        errors.add("title", _("Nhập nội dung."), "required")
    errors.raise_if_any()
    obligation.title, obligation.content = title.strip(), (content or "").strip()
    if obligation.content == obligation.title:
        obligation.content = ""
    obligation.search_text = search_key(f"{obligation.title} {obligation.owed_by_text}")[:800]
    stamp_actor(obligation, actor)
    return save_fields(obligation, ["title", "content", "search_text"])


@transaction.atomic
def obligation_withdraw(*, actor: User, obligation: Obligation, reason: str) -> Obligation:
    """Withdraw an obligation entered in error: never deleted, it leaves the lists and counts."""
    _require(actor, WITHDRAW, obligation.council, obligation)
    obligation = lock(obligation)
    errors = FieldErrors()
    if obligation.withdrawn:
        errors.add(None, _("Đã rút trước đó."), "withdrawn")
    if not (reason or "").strip():
        errors.add("reason", _("Nhập lý do rút."), "required")
    errors.raise_if_any()
    obligation.withdrawn_at = timezone.now()
    obligation.withdrawn_by = actor
    obligation.withdrawal_reason = reason.strip()
    obligation._change_reason = obligation.withdrawal_reason[:100]
    stamp_actor(obligation, actor)
    with watchers.changing([obligation]):
        return save_fields(obligation, ["withdrawn_at", "withdrawn_by", "withdrawal_reason"])


# --- the holiday table ------------------------------------------------------------------------


def _recompute_due_around(day: date) -> int:
    """Stored due dates are a cache of deadline_add: after a change of the calendar, recompute
    the open, never-extended ones whose time limit spans `day`; returns how many moved."""
    extended = ObligationExtension.objects.filter(obligation=OuterRef("pk"))
    rows = (
        Obligation.objects.filter(
            outcome="", term_count__isnull=False, start_on__lt=day, due_on__gte=day
        )
        .exclude(Exists(extended))
        .select_related("council")
    )
    moved = []
    for obligation in rows.iterator(chunk_size=2000):
        due = calendar.deadline_add(
            obligation.start_on, obligation.term_count, obligation.term_unit, obligation.council
        )
        if due != obligation.due_on:
            obligation.due_on = due
            moved.append(obligation)
    with watchers.changing(moved):
        Obligation.objects.bulk_update(moved, ["due_on"], batch_size=2000)
    return len(moved)


@transaction.atomic
def holiday_save(
    *,
    actor: User,
    day: date,
    kind: str,
    name: str,
    legal_basis: str = "",
    holiday: Holiday | None = None,
) -> Holiday:
    """Add or correct a day of the calendar (system administrators, DOMAIN.md §16); deadlines
    computed across it are recomputed."""
    scoping.require(scoping.can_manage_settings(actor))
    before = None
    if holiday is not None:
        holiday = lock(holiday)
        before = holiday.day
    else:
        holiday = Holiday()
    holiday.day, holiday.kind, holiday.name = day, kind, (name or "").strip()
    holiday.legal_basis = (legal_basis or "").strip()
    stamp_actor(holiday, actor)
    save_fields(holiday, ["day", "kind", "name", "legal_basis"], unique=True)
    calendar.forget()
    transaction.on_commit(calendar.forget)  # a rollback must not leave the change cached
    for changed in {day, before} - {None}:
        _recompute_due_around(changed)
    return holiday


@transaction.atomic
def holiday_delete(*, actor: User, holiday: Holiday) -> None:
    scoping.require(scoping.can_manage_settings(actor))
    day = holiday.day
    stamp_actor(holiday, actor)
    holiday.delete()
    calendar.forget()
    transaction.on_commit(calendar.forget)
    _recompute_due_around(day)


def obligation_last_step(obligation: Obligation) -> str | None:
    """The highest rung taken so far (None before the first urging)."""
    steps = set(obligation.events.values_list("step", flat=True))
    return max(steps, key=STEP_RANK.__getitem__) if steps else None

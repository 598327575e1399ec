"""Every write about resolutions goes through these functions (STYLE.md §2.4)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import stamp_actor as _stamp
from core.services import lock, save_fields, validate
from core.text import search_key
from core.uploads import PDF, check_upload
from core.validation import FieldErrors, renamed_errors
from councils import rules, scoping
from councils.models import Agency, Council, Term
from followups import services as followups
from followups.models import Obligation
from resolutions.models import (
    RESOLUTION_WORKFLOW,
    Field,
    ImplementationReport,
    ImplementationTask,
    NumberSequence,
    Resolution,
    ResolutionCorrection,
    ResolutionLink,
)
from sessions.models import AgendaItem, Session, Vote

if TYPE_CHECKING:
    from core.models import User

# The status a target takes when a newer resolution acts on it.
LINK_STATUS = {
    ResolutionLink.Kind.AMENDS: Resolution.Status.AMENDED,
    ResolutionLink.Kind.REPLACES: Resolution.Status.REPLACED,
    ResolutionLink.Kind.ANNULS: Resolution.Status.ANNULLED,
}
ISSUED = {
    Resolution.Status.SIGNED,
    Resolution.Status.PUBLISHED,
    Resolution.Status.IN_FORCE,
    Resolution.Status.AMENDED,
    Resolution.Status.REPLACED,
    Resolution.Status.EXPIRED,
    Resolution.Status.ANNULLED,
}


def format_number(*, sequence: int, year: int, kind: str) -> str:
    """'12/2023/NQ-HĐND' for normative resolutions, '45/NQ-HĐND' otherwise; 0 below 10."""
    if kind == Resolution.Kind.NORMATIVE:
        return f"{sequence:02d}/{year}/NQ-HĐND"
    return f"{sequence:02d}/NQ-HĐND"


def _series(council: Council, kind: str, on: date) -> str:
    """One sequence for every resolution, or one per kind: a per-council setting (§6)."""
    scheme = rules.rule_value(council, rules.RESOLUTION_SERIES, on)
    return "all" if scheme == "shared" else kind


def _next_sequence(council: Council, year: int, series: str) -> int:
    """Take the next number under a row lock, in the caller's transaction: no gap, no double.

    The counter row is created with ON CONFLICT DO NOTHING, so two first numbers of a year
    cannot both insert it; the row lock then serialises everyone who takes a number.
    """
    NumberSequence.objects.bulk_create(
        [NumberSequence(council=council, year=year, series=series, last=0)],
        ignore_conflicts=True,
    )
    counter = NumberSequence.objects.select_for_update().get(
        council=council, year=year, series=series
    )
    NumberSequence.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return counter.last


def _check_links(
    resolution: Resolution, session: Session | None, item: AgendaItem | None, vote: Vote | None
) -> None:
    if session is not None and session.council_id != resolution.council_id:
        raise ValidationError({"session": _("Kỳ họp không thuộc HĐND ban hành.")})
    if item is not None and (session is None or item.session_id != session.pk):
        raise ValidationError({"item": _("Nội dung không thuộc kỳ họp đã chọn.")})
    if vote is not None:
        if item is None or vote.item_id != item.pk:
            raise ValidationError({"vote": _("Kết quả biểu quyết không thuộc nội dung đã chọn.")})
        if not vote.passed:
            raise ValidationError(
                {"vote": _("Nội dung này không được thông qua, không thể ban hành nghị quyết.")},
                code="vote_failed",
            )


def _attach(resolution: Resolution, file: UploadedFile | None) -> None:
    if file is None:
        return
    checked = check_upload(file, field="signed_file")
    if checked.kind != PDF:
        raise ValidationError({"signed_file": _("Bản ký nghị quyết phải là tệp PDF.")})
    resolution.signed_file.save(f"nq-{resolution.pk}.pdf", file, save=False)
    resolution.signed_file_name = checked.original_name


@transaction.atomic
def resolution_create(
    *,
    actor: User,
    council: Council,
    kind: str,
    title: str,
    field: str,
    session: Session | None = None,
    item: AgendaItem | None = None,
    vote: Vote | None = None,
    adopted_on: date | None = None,
) -> Resolution:
    """Start a draft resolution (from a submission), or record one adopted at a session."""
    scoping.require_edit(actor, council)
    resolution = Resolution(
        council=council,
        kind=kind,
        title=title.strip(),
        field=field,
        session=session,
        item=item,
        vote=vote,
        adopted_on=adopted_on,
        search_text=search_key(title),
    )
    _check_links(resolution, session, item, vote)
    validate(resolution)
    _stamp(resolution, actor)
    resolution.save()
    if adopted_on is not None:
        RESOLUTION_WORKFLOW.step(obj=resolution, to=Resolution.Status.ADOPTED, actor=actor)
        resolution.save(update_fields=["status"])
    return resolution


@transaction.atomic
def resolution_transition(
    *, actor: User, resolution: Resolution, to_status: str, on: date | None = None, note: str = ""
) -> Resolution:
    """Move along the workflow; issuing (a number) goes through resolution_issue instead."""
    scoping.require_edit(actor, resolution.council)
    if to_status == Resolution.Status.SIGNED:
        raise ValidationError(
            _("Dùng chức năng “Ban hành” để cấp số nghị quyết."), code="use_issue"
        )
    if to_status in LINK_STATUS.values():
        raise ValidationError(
            _("Trạng thái này được ghi khi liên kết với nghị quyết sửa đổi, thay thế, bãi bỏ."),
            code="use_link",
        )
    on = on or timezone.localdate()

    def check(row: Resolution) -> None:
        if to_status == Resolution.Status.EXPIRED and row.effective_on and on < row.effective_on:
            raise ValidationError(
                {
                    "on": ValidationError(
                        _("Ngày hết hiệu lực không được trước ngày có hiệu lực (%(day)s).")
                        % {"day": row.effective_on.strftime("%d/%m/%Y")},
                        code="bad_date",
                    )
                }
            )

    def fields(row: Resolution) -> dict[str, date]:
        if to_status == Resolution.Status.ADOPTED:
            return {"adopted_on": row.adopted_on or on}
        if to_status == Resolution.Status.EXPIRED:
            return {"effective_to": on}
        return {}

    return RESOLUTION_WORKFLOW.move(
        obj=resolution, to=to_status, actor=actor, note=note, check=check, fields=fields
    )


@transaction.atomic
def resolution_issue(
    *,
    actor: User,
    resolution: Resolution,
    issued_on: date,
    effective_on: date | None = None,
    signer: str = "",
    signed_file: UploadedFile | None = None,
) -> Resolution:
    """Sign an adopted resolution: it takes the council's next number for the issue year.

    The effective date is read from the text by the clerk, never computed (DOMAIN.md §20.15).
    """
    scoping.require_edit(actor, resolution.council)
    resolution = lock(resolution)
    if resolution.status != Resolution.Status.ADOPTED:
        raise ValidationError(
            _("Chỉ nghị quyết đã được thông qua mới được ban hành."), code="not_adopted"
        )
    if resolution.adopted_on and issued_on < resolution.adopted_on:
        raise ValidationError({"issued_on": _("Ngày ký không được trước ngày thông qua.")})
    if effective_on is not None and effective_on < issued_on:
        raise ValidationError(
            {"effective_on": _("Ngày có hiệu lực không được trước ngày ký ban hành.")}
        )
    if signed_file is not None:
        check_upload(signed_file, field="signed_file")
    series = _series(resolution.council, resolution.kind, issued_on)
    resolution.year = issued_on.year
    resolution.sequence = _next_sequence(resolution.council, issued_on.year, series)
    resolution.number = format_number(
        sequence=resolution.sequence, year=resolution.year, kind=resolution.kind
    )
    resolution.issued_on = issued_on
    resolution.effective_on = effective_on
    resolution.signer = signer.strip()
    resolution.search_text = search_key(f"{resolution.number} {resolution.title}")
    _attach(resolution, signed_file)
    RESOLUTION_WORKFLOW.step(obj=resolution, to=Resolution.Status.SIGNED, actor=actor)
    if effective_on is not None and effective_on <= timezone.localdate():
        RESOLUTION_WORKFLOW.step(obj=resolution, to=Resolution.Status.IN_FORCE, actor=actor)
    _stamp(resolution, actor)
    issued = ["year", "sequence", "number", "issued_on", "effective_on", "signer", "search_text"]
    signed = ["signed_file", "signed_file_name"] if signed_file is not None else []
    save_fields(resolution, [*issued, *signed, "status"])
    return resolution


@transaction.atomic
def resolution_register(
    *,
    actor: User,
    council: Council,
    kind: str,
    title: str,
    field: str,
    adopted_on: date,
    issued_on: date,
    effective_on: date | None = None,
    signer: str = "",
    session: Session | None = None,
    item: AgendaItem | None = None,
    vote: Vote | None = None,
    signed_file: UploadedFile | None = None,
) -> Resolution:
    """Enter a resolution the session passed and the chair signed, in one step, with its number."""
    resolution = resolution_create(
        actor=actor,
        council=council,
        kind=kind,
        title=title,
        field=field,
        session=session,
        item=item,
        vote=vote,
        adopted_on=adopted_on,
    )
    return resolution_issue(
        actor=actor,
        resolution=resolution,
        issued_on=issued_on,
        effective_on=effective_on,
        signer=signer,
        signed_file=signed_file,
    )


# What may change, and how: a draft is still the clerk's text; once past draft, a correction of
# the record needs a reason and is kept (who, when, why, old -> new). The number never changes.
DRAFT_FIELDS = ("council", "kind", "title", "field", "session", "item", "vote", "adopted_on")
CORRECTABLE = ("title", "field", "adopted_on")
CORRECTABLE_ISSUED = (*CORRECTABLE, "issued_on", "signer", "effective_on", "effective_to")
NEVER_EDITED = ("number", "sequence", "year", "status")


def correctable_fields(resolution: Resolution) -> tuple[str, ...]:
    """The fields the edit page offers for this resolution now."""
    if resolution.status == Resolution.Status.DRAFT:
        return DRAFT_FIELDS
    return CORRECTABLE_ISSUED if resolution.status in ISSUED else CORRECTABLE


def _shown(name: str, value) -> str:
    """A value as the resolution page shows it, for the correction record."""
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if name == "field":
        return str(Field(value).label)
    return str(value)


def _check_dates(resolution: Resolution) -> dict[str, str]:
    r, errors = resolution, {}
    if r.adopted_on and r.issued_on and r.issued_on < r.adopted_on:
        errors["issued_on"] = _("Ngày ký không được trước ngày thông qua.")
    if r.effective_on and r.issued_on and r.effective_on < r.issued_on:
        errors["effective_on"] = _("Ngày có hiệu lực không được trước ngày ký ban hành.")
    if r.effective_on and r.effective_to and r.effective_to < r.effective_on:
        errors["effective_to"] = _("Ngày hết hiệu lực không được trước ngày có hiệu lực.")
    return errors


@transaction.atomic
def resolution_update(
    *, actor: User, resolution: Resolution, reason: str = "", **fields
) -> Resolution:
    """Edit a draft freely; correct a resolution past its draft with a reason, kept with who
    and what changed. The number is the register's and never changes (DOMAIN.md §6)."""
    scoping.require_edit(actor, resolution.council)
    resolution = (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("council__unit")
        .get(pk=resolution.pk)
    )
    status_before = resolution.status
    draft = resolution.status == Resolution.Status.DRAFT
    allowed = correctable_fields(resolution)
    errors: dict[str, ValidationError] = {}
    for name in fields:
        if name in NEVER_EDITED:
            errors[name] = ValidationError(
                _("Số nghị quyết do hệ thống cấp, không sửa được."), code="number_fixed"
            )
        elif name not in allowed:
            errors[name] = ValidationError(
                _("Không sửa được mục này sau khi nghị quyết đã qua dự thảo."),
                code="not_correctable",
            )
    if not draft and not reason.strip():
        errors["reason"] = ValidationError(_("Nhập lý do đính chính."), code="required")
    if errors:
        raise ValidationError(errors)
    if draft and "council" in fields and fields["council"].pk != resolution.council_id:
        scoping.require_edit(actor, fields["council"])
    old_year = resolution.year
    changes = []
    for name in allowed:
        if name not in fields:
            continue
        value = fields[name]
        value = value.strip() if isinstance(value, str) else value
        old = getattr(resolution, name)
        if old != value:
            changes.append({"field": name, "old": _shown(name, old), "new": _shown(name, value)})
            setattr(resolution, name, value)
    errors = {
        name: ValidationError(message, code="bad_date")
        for name, message in _check_dates(resolution).items()
    }
    if old_year and resolution.issued_on and resolution.issued_on.year != old_year:
        errors["issued_on"] = ValidationError(
            _("Năm ký phải là năm %(year)s của số nghị quyết; số không thay đổi.")
            % {"year": old_year},
            code="year_fixed",
        )
    if not draft and not changes:
        errors[NON_FIELD_ERRORS] = ValidationError(
            _("Không có thay đổi nào để đính chính."), code="no_change"
        )
    if errors:
        raise ValidationError(errors)
    if draft:
        _check_links(resolution, resolution.session, resolution.item, resolution.vote)
    resolution.search_text = search_key(f"{resolution.number} {resolution.title}")
    validate(resolution)
    if draft and resolution.adopted_on is not None:
        # as when created with the date
        RESOLUTION_WORKFLOW.step(obj=resolution, to=Resolution.Status.ADOPTED, actor=actor)
    _stamp(resolution, actor)
    if not draft:
        resolution._change_reason = reason.strip()
        ResolutionCorrection.objects.create(
            resolution=resolution, actor=actor, reason=reason.strip(), changes=changes
        )
    moved = ["status"] if resolution.status != status_before else []
    save_fields(resolution, [*(c["field"] for c in changes), "search_text", *moved])
    return resolution


@transaction.atomic
def resolution_link(
    *, actor: User, source: Resolution, target: Resolution, kind: str, effective_on: date
) -> ResolutionLink:
    """Record that `source` amends, replaces or annuls `target`; the target's status follows."""
    scoping.require_edit(actor, source.council)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Nghị quyết không thể tác động đến chính nó.")})
    if source.status not in ISSUED or target.status not in ISSUED:
        raise ValidationError(
            {"target": _("Chỉ liên kết giữa các nghị quyết đã ban hành.")}, code="not_issued"
        )
    if ResolutionLink.objects.filter(source=source, target=target).exists():
        raise ValidationError({"target": _("Liên kết này đã có.")}, code="duplicate_link")
    ends = kind != ResolutionLink.Kind.AMENDS
    if ends and target.effective_on and effective_on < target.effective_on:
        raise ValidationError(
            {
                "effective_on": _(
                    "Ngày hiệu lực của liên kết không được trước ngày có hiệu lực của nghị quyết "
                    "bị tác động (%(day)s)."
                )
                % {"day": target.effective_on.strftime("%d/%m/%Y")}
            },
            code="bad_date",
        )
    target = lock(target)
    if target.status in (Resolution.Status.SIGNED, Resolution.Status.PUBLISHED):
        RESOLUTION_WORKFLOW.step(obj=target, to=Resolution.Status.IN_FORCE, actor=actor)
    RESOLUTION_WORKFLOW.step(obj=target, to=LINK_STATUS[kind], actor=actor, note=source.number)
    if kind != ResolutionLink.Kind.AMENDS:
        target.effective_to = effective_on
    _stamp(target, actor)
    save_fields(target, ["status", "effective_to"])
    return ResolutionLink.objects.create(
        source=source, target=target, kind=kind, effective_on=effective_on
    )


# --- implementation tracking ---------------------------------------------------------------


# The engine names its inputs after the obligation; the task forms after the task.
TASK_FIELDS = {
    "fixed_due_on": "due_on",
    "owed_by": "agency",
    "title": "description",
    "ended_on": "completed_on",
    "outcome": "status",
}
REPORT_REQUEST_FIELDS = {"fixed_due_on": "first_report_due", "start_on": "first_report_due"}


def task_title(description: str) -> str:
    """The obligation's title: the task's text on one line, cut to the column (the whole text
    stays on the task and in the obligation's content)."""
    return " ".join(description.split())[:500]


def open_ended_due(resolution: Resolution, start: date) -> tuple[date, dict[str, object]]:
    """A resolution that sets no deadline for a task is followed to the end of the term it was
    issued in, on the multi-year roadmap (out of the "fell due" counts), the resolution itself
    being the approving document. Migration 0008 applies the same rule to existing tasks."""
    term = Term.objects.filter(start_on__lte=start, end_on__gte=start).order_by("-start_on").first()
    due = term.end_on if term is not None else start + relativedelta(years=5)
    return due, {
        "exclusion": Obligation.Exclusion.ROADMAP,
        "exclusion_document_number": resolution.number or "—",
        "exclusion_document_date": resolution.issued_on or start,
        "exclusion_reason": _("Nghị quyết không ghi thời hạn; theo dõi đến hết nhiệm kỳ."),
    }


def _report_request(
    *, actor: User, task: ImplementationTask, start_on: date, due_on: date
) -> Obligation:
    """The periodic report the agency owes next, as an obligation of the engine (so a late
    report is overdue, reminded and escalated by the engine's rules, like any deadline)."""
    title = _("Báo cáo định kỳ: %(task)s") % {"task": task_title(task.description)}
    return followups.obligation_create(
        actor=actor,
        council=task.resolution.council,
        kind=Obligation.Kind.REPORT_REQUEST,
        title=title[:500],
        owed_by=task.agency,
        start_on=start_on,
        fixed_due_on=due_on,
        source=task,
    )


@transaction.atomic
def task_create(
    *,
    actor: User,
    resolution: Resolution,
    agency: Agency,
    description: str,
    due_on: date | None = None,
    report_every_months: int | None = None,
    first_report_due: date | None = None,
) -> ImplementationTask:
    """Assign an agency what the resolution asks of it: the deadline is followed by the engine,
    from the signing date; a reporting rhythm opens the first periodic report request."""
    scoping.require_edit(actor, resolution.council)
    if resolution.status not in ISSUED:
        raise ValidationError(
            _("Chỉ theo dõi thực hiện nghị quyết đã ban hành."), code="not_issued"
        )
    if agency.council_id != resolution.council_id:
        raise ValidationError({"agency": _("Cơ quan không thuộc địa bàn của HĐND ban hành.")})
    start = resolution.issued_on or timezone.localdate()
    errors = FieldErrors()
    if due_on is not None and due_on < start:
        errors.add("due_on", _("Thời hạn không được trước ngày ban hành."), "order")
    if first_report_due is not None and first_report_due < start:
        errors.add("first_report_due", _("Hạn báo cáo không được trước ngày ban hành."), "order")
    if not (description or "").strip():
        errors.add("description", _("Nhập nhiệm vụ."), "required")
    errors.raise_if_any()
    exclusion: dict[str, object] = {}
    if due_on is None:
        due_on, exclusion = open_ended_due(resolution, start)
    title = task_title(description)
    try:
        obligation = followups.obligation_create(
            actor=actor,
            council=resolution.council,
            kind=Obligation.Kind.IMPLEMENTATION_TASK,
            title=title,
            content=description.strip() if description.strip() != title else "",
            owed_by=agency,
            start_on=start,
            fixed_due_on=due_on,
            **exclusion,
        )
    except ValidationError as exc:
        raise renamed_errors(exc, TASK_FIELDS) from None
    task = ImplementationTask(
        resolution=resolution,
        agency=agency,
        description=description.strip(),
        report_every_months=report_every_months,
        obligation=obligation,
    )
    validate(task)
    _stamp(task, actor)
    task.save()
    # The obligation points back at its source (the task exists only now).
    Obligation.objects.filter(pk=obligation.pk).update(
        source_type=ContentType.objects.get_for_model(task), source_id=task.pk
    )
    next_due = first_report_due
    if next_due is None and report_every_months:
        next_due = start + relativedelta(months=report_every_months)
    if next_due is not None:
        try:
            task.report_obligation = _report_request(
                actor=actor, task=task, start_on=start, due_on=next_due
            )
        except ValidationError as exc:
            raise renamed_errors(exc, REPORT_REQUEST_FIELDS) from None
        save_fields(task, ["report_obligation"])
    return task


def _task_locked(task: ImplementationTask) -> ImplementationTask:
    """The stored task with its obligations, locked: two reports at once move the schedule
    once each, in turn."""
    return (
        ImplementationTask.objects.select_for_update(of=("self",))
        .select_related("resolution__council", "agency", "obligation", "report_obligation")
        .get(pk=task.pk)
    )


@transaction.atomic
def task_report(
    *,
    actor: User,
    task: ImplementationTask,
    kind: str,
    reported_on: date,
    content: str,
    progress: int | None = None,
    reference: str = "",
    files: Iterable[UploadedFile] = (),
) -> ImplementationReport:
    """A progress report of the task's obligation (with evidence files). A periodic report also
    fulfils the report request due and opens the next one, a rhythm later."""
    scoping.require_edit(actor, task.resolution.council)
    if kind not in ImplementationReport.Kind.values:
        raise ValidationError({"kind": _("Chọn loại báo cáo.")})
    task = _task_locked(task)
    report = followups.obligation_report(
        actor=actor,
        obligation=task.obligation,
        reported_on=reported_on,
        content=content,
        reference=reference,
        progress=progress,
        files=files,
    )
    row = ImplementationReport.objects.create(task=task, kind=kind, report=report)
    if kind != ImplementationReport.Kind.REPORT:
        return row
    pending = task.report_obligation
    if pending is not None and (pending.closed or pending.withdrawn):
        pending = None
    if pending is not None:
        followups.obligation_close(
            actor=actor,
            obligation=pending,
            outcome=Obligation.Outcome.DONE,
            ended_on=max(reported_on, pending.start_on),
            outcome_note=(reference or "").strip(),
        )
    if task.report_every_months:
        base = max(pending.due_on if pending is not None else reported_on, reported_on)
        task.report_obligation = _report_request(
            actor=actor,
            task=task,
            start_on=reported_on,
            due_on=base + relativedelta(months=task.report_every_months),
        )
        _stamp(task, actor)
        save_fields(task, ["report_obligation"])
    return row


@transaction.atomic
def task_close(
    *, actor: User, task: ImplementationTask, status: str, completed_on: date
) -> ImplementationTask:
    """End the task's follow-up with its outcome (the engine judges on time or late); no periodic
    report is owed any longer, so the pending request is withdrawn with that reason."""
    scoping.require_edit(actor, task.resolution.council)
    outcome = {
        ImplementationTask.Status.DONE: Obligation.Outcome.DONE,
        ImplementationTask.Status.NOT_DONE: Obligation.Outcome.NOT_DONE,
    }.get(status)
    if outcome is None:
        raise ValidationError({"status": _("Chọn hoàn thành hoặc không hoàn thành.")})
    task = _task_locked(task)
    try:
        followups.obligation_close(
            actor=actor, obligation=task.obligation, outcome=outcome, ended_on=completed_on
        )
    except ValidationError as exc:
        raise renamed_errors(exc, TASK_FIELDS) from None
    pending = task.report_obligation
    if pending is not None and not pending.closed and not pending.withdrawn:
        followups.obligation_withdraw(
            actor=actor,
            obligation=pending,
            reason=_("Nhiệm vụ đã kết thúc theo dõi; không còn phải báo cáo định kỳ."),
        )
    return _task_locked(task)

"""Every write of oversight programmes, activities and recommendations (issue 12, STYLE.md §2.4).

Rights: `scoping.can_run_oversight` (a Ban member runs their own Ban's oversight, a group member
their group's, the office everything of the councils it edits). Every refusal is collected with
core.validation.FieldErrors and raised at once, on the input it concerns. Deadlines are the
follow-up engine's: report requests and recommendations open obligations through
`followups.services`, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.attachments import version_add
from core.models import stamp_actor
from core.services import lock, save_fields, validate
from core.uploads import check_upload
from core.validation import YEAR_MAX, YEAR_MIN, FieldErrors, validate_record_date
from councils import rules, scoping
from councils.models import Agency, Body, Council, Delegate
from followups import calendar
from followups import services as followups
from followups.models import Obligation, Step
from oversight.activities import (
    ACTIVITY_WORKFLOW,
    PROGRAMME_WORKFLOW,
    ActivityDocument,
    ActivityDocumentVersion,
    ActivityKind,
    ActivityMember,
    OversightActivity,
    OversightProgramme,
    ProgrammeItem,
    Recommendation,
    ReportRequest,
    Visit,
)
from oversight.models import ExplanationHearing
from resolutions.models import Field, Resolution

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from core.models import User

CONCLUSION_PARTS = (
    "general_assessment",
    "advantages_difficulties",
    "results",
    "shortcomings_causes",
    "proposals",
)


def _require_run(actor: User, council: Council, body: Body | None) -> None:
    scoping.require(scoping.can_run_oversight(actor, council, body))


def _text(value: str | None) -> str:
    return (value or "").strip()


def _required(errors: FieldErrors, **values: str | None) -> None:
    for field, value in values.items():
        if not _text(value):
            errors.add(field, _("Trường này là bắt buộc."), "required")


def _dates(errors: FieldErrors, **values: date | None) -> None:
    for field, value in values.items():
        errors.run(_on_field, field, validate_record_date, value)


def _on_field(field: str, check, *args) -> None:
    try:
        check(*args)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from None


def _year(errors: FieldErrors, year: int | None) -> None:
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        errors.add(
            "year",
            _("Năm phải từ %(min)s đến %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX},
            "out_of_range",
        )


def _body(errors: FieldErrors, council: Council, body: Body | None, field: str = "body") -> None:
    if body is not None and body.council_id != council.pk:
        errors.add(field, _("Cơ quan tiến hành không thuộc Hội đồng nhân dân này."), "council")


def _in_area(agency: Agency, council: Council) -> bool:
    """An agency of the council's area: its own or one below it (a lower UBND, a ward's)."""
    return agency.council.unit.path.startswith(council.unit.path)


def _agencies(
    errors: FieldErrors, council: Council, agencies: Iterable[Agency], field: str = "agencies"
) -> list[Agency]:
    found = list(agencies or ())
    if any(not _in_area(a, council) for a in found):
        errors.add(field, _("Có cơ quan không thuộc địa bàn của Hội đồng nhân dân này."), "area")
    return found


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


# --- programmes ----------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, actor: User, council: Council, year: int, title: str, body: Body | None = None
) -> OversightProgramme:
    """A draft programme of the council (no body) or of one of its bodies, one a year each."""
    _require_run(actor, council, body)
    errors = FieldErrors()
    _year(errors, year)
    _body(errors, council, body)
    _required(errors, title=title)
    programme = OversightProgramme(council=council, year=year, body=body, title=_text(title))
    if not errors and _programme_exists(programme):
        errors.add(
            "year",
            _("Năm %(year)s đã có chương trình giám sát của cơ quan này.") % {"year": year},
            "exists",
        )
    if not errors:
        errors.run(validate, programme)
    errors.raise_if_any()
    stamp_actor(programme, actor)
    programme.save()
    return programme


def _programme_exists(programme: OversightProgramme) -> bool:
    """One live programme a year per council (its own) and per body."""
    return OversightProgramme.objects.filter(
        council=programme.council,
        year=programme.year,
        body=programme.body,
        withdrawn_at__isnull=True,
    ).exists()


@transaction.atomic
def programme_update(
    *, actor: User, programme: OversightProgramme, title: str
) -> OversightProgramme:
    _require_run(actor, programme.council, programme.body)
    programme = lock(programme)
    errors = FieldErrors()
    _required(errors, title=title)
    errors.raise_if_any()
    programme.title = _text(title)
    stamp_actor(programme, actor)
    return save_fields(programme, ["title"])


@transaction.atomic
def programme_adopt(
    *,
    actor: User,
    programme: OversightProgramme,
    adopted_on: date,
    resolution: Resolution | None = None,
    document_number: str = "",
) -> OversightProgramme:
    """Adopt a draft: the council's programme by its resolution (87/2015 Art. 58; 121/2025),
    a body's by its own document (number and date)."""

    def check(row: OversightProgramme) -> None:
        errors = FieldErrors()
        _dates(errors, adopted_on=adopted_on)
        if adopted_on is None:
            errors.add("adopted_on", _("Nhập ngày thông qua, ban hành."), "required")
        if row.withdrawn:
            errors.add(None, _("Chương trình đã bị rút."), "withdrawn")
        if row.body_id is None and resolution is None:
            errors.add(
                "resolution",
                _("Chương trình của HĐND được thông qua bằng nghị quyết: chọn nghị quyết."),
                "required",
            )
        if resolution is not None and resolution.council_id != row.council_id:
            errors.add(
                "resolution", _("Nghị quyết không phải của Hội đồng nhân dân này."), "council"
            )
        if resolution is None and not _text(document_number):
            errors.add("document_number", _("Nhập số, ký hiệu văn bản ban hành."), "required")
        errors.raise_if_any()

    return PROGRAMME_WORKFLOW.move(
        obj=programme,
        to=OversightProgramme.Status.ADOPTED,
        actor=actor,
        check=check,
        fields={
            "adopted_on": adopted_on,
            "resolution": resolution,
            "document_number": _text(document_number) or (resolution.number if resolution else ""),
        },
    )


@transaction.atomic
def programme_withdraw(
    *, actor: User, programme: OversightProgramme, reason: str
) -> OversightProgramme:
    """Withdraw a programme entered in error: kept with who and why, out of the board."""
    _require_run(actor, programme.council, programme.body)
    programme = lock(programme)
    return _withdraw(actor, programme, reason)


def _withdraw(actor: User, row, reason: str):
    errors = FieldErrors()
    if row.withdrawn:
        errors.add(None, _("Đã rút trước đó."), "withdrawn")
    _required(errors, reason=reason)
    errors.raise_if_any()
    row.withdrawn_at, row.withdrawn_by = timezone.now(), actor
    row.withdrawal_reason = _text(reason)[:500]
    row._change_reason = row.withdrawal_reason[:100]
    stamp_actor(row, actor)
    return save_fields(row, ["withdrawn_at", "withdrawn_by", "withdrawal_reason"])


def _item_check(
    errors: FieldErrors,
    programme: OversightProgramme,
    *,
    topic: str,
    kind: str,
    quarter: int | None,
    body: Body | None,
    agencies: Iterable[Agency],
) -> list[Agency]:
    if programme.withdrawn:
        errors.add(None, _("Chương trình đã bị rút."), "withdrawn")
    _required(errors, topic=topic)
    if kind not in ActivityKind.values:
        errors.add("kind", _("Chọn hình thức giám sát."), "invalid")
    if quarter is None or not 1 <= quarter <= 4:
        errors.add("quarter", _("Quý phải từ 1 đến 4."), "out_of_range")
    _body(errors, programme.council, body)
    return _agencies(errors, programme.council, agencies)


@transaction.atomic
def item_create(
    *,
    actor: User,
    programme: OversightProgramme,
    topic: str,
    kind: str,
    quarter: int,
    body: Body | None = None,
    agencies: Iterable[Agency] = (),
    position: int = 0,
) -> ProgrammeItem:
    _require_run(actor, programme.council, programme.body)
    errors = FieldErrors()
    found = _item_check(
        errors, programme, topic=topic, kind=kind, quarter=quarter, body=body, agencies=agencies
    )
    item = ProgrammeItem(
        programme=programme,
        topic=_text(topic),
        kind=kind,
        quarter=quarter,
        body=body if body is not None else programme.body,
        position=position or 0,
    )
    if not errors:
        errors.run(validate, item)
    errors.raise_if_any()
    stamp_actor(item, actor)
    item.save()
    item.agencies.set(found)
    return item


@transaction.atomic
def item_update(
    *,
    actor: User,
    item: ProgrammeItem,
    topic: str,
    kind: str,
    quarter: int,
    body: Body | None = None,
    agencies: Iterable[Agency] = (),
    position: int = 0,
) -> ProgrammeItem:
    programme = item.programme
    _require_run(actor, programme.council, programme.body)
    item = lock(item)
    errors = FieldErrors()
    if item.withdrawn:
        errors.add(None, _("Nội dung đã bị rút."), "withdrawn")
    found = _item_check(
        errors, programme, topic=topic, kind=kind, quarter=quarter, body=body, agencies=agencies
    )
    errors.raise_if_any()
    item.topic, item.kind, item.quarter = _text(topic), kind, quarter
    item.body = body if body is not None else programme.body
    item.position = position or 0
    stamp_actor(item, actor)
    save_fields(item, ["topic", "kind", "quarter", "body", "position"])
    item.agencies.set(found)
    return item


@transaction.atomic
def item_withdraw(*, actor: User, item: ProgrammeItem, reason: str) -> ProgrammeItem:
    programme = item.programme
    _require_run(actor, programme.council, programme.body)
    return _withdraw(actor, lock(item), reason)


# --- activities ----------------------------------------------------------------------------------

# What activity_update may change (the status moves by activity_transition / activity_conclude).
ACTIVITY_FIELDS = (
    "topic",
    "period_from",
    "period_to",
    "decision_number",
    "decision_date",
    "plan_number",
    "plan_date",
    "invited_members",
    "findings",
)


def _activity_check(errors: FieldErrors, activity: OversightActivity) -> None:
    """The rules of the activity's own fields and links, on the row as it would be saved."""
    council = activity.council
    _required(errors, topic=activity.topic)
    if activity.kind not in ActivityKind.values:
        errors.add("kind", _("Chọn hình thức giám sát."), "invalid")
    _year(errors, activity.year)
    _dates(
        errors,
        period_from=activity.period_from,
        period_to=activity.period_to,
        decision_date=activity.decision_date,
        plan_date=activity.plan_date,
    )
    if (
        activity.period_from is not None
        and activity.period_to is not None
        and activity.period_to < activity.period_from
    ):
        errors.add("period_to", _("Thời kỳ giám sát: ngày cuối trước ngày đầu."), "order")
    if (
        activity.decision_date is not None
        and activity.plan_date is not None
        and activity.plan_date < activity.decision_date
    ):
        errors.add("plan_date", _("Kế hoạch không được trước quyết định thành lập đoàn."), "order")
    item = activity.programme_item
    if item is not None and (item.programme.council_id != council.pk or item.withdrawn):
        errors.add("programme_item", _("Nội dung chương trình không thuộc HĐND này."), "council")
    earlier = activity.reoversight_of
    if activity.kind == ActivityKind.REOVERSIGHT and earlier is None:
        errors.add("reoversight_of", _("Chọn hoạt động giám sát được tái giám sát."), "required")
    if earlier is not None:
        if activity.kind != ActivityKind.REOVERSIGHT:
            errors.add(
                "reoversight_of", _("Chỉ tái giám sát mới ghi hoạt động được kiểm tra."), "kind"
            )
        elif earlier.council_id != council.pk or earlier.pk == activity.pk:
            errors.add("reoversight_of", _("Hoạt động được tái giám sát không hợp lệ."), "council")


@transaction.atomic
def activity_create(
    *,
    actor: User,
    council: Council,
    kind: str,
    topic: str,
    year: int,
    body: Body | None = None,
    programme_item: ProgrammeItem | None = None,
    agencies: Iterable[Agency] = (),
    period_from: date | None = None,
    period_to: date | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    plan_number: str = "",
    plan_date: date | None = None,
    invited_members: str = "",
    reoversight_of: OversightActivity | None = None,
) -> OversightActivity:
    """An activity in the plan; it moves on by activity_transition (the audit keeps each move)."""
    _require_run(actor, council, body)
    errors = FieldErrors()
    _body(errors, council, body)
    found = _agencies(errors, council, agencies)
    activity = OversightActivity(
        council=council,
        kind=kind,
        topic=_text(topic),
        year=year,
        body=body,
        programme_item=programme_item,
        period_from=period_from,
        period_to=period_to,
        decision_number=_text(decision_number),
        decision_date=decision_date,
        plan_number=_text(plan_number),
        plan_date=plan_date,
        invited_members=_text(invited_members),
        reoversight_of=reoversight_of,
    )
    _activity_check(errors, activity)
    if not errors:
        errors.run(validate, activity)
    errors.raise_if_any()
    stamp_actor(activity, actor)
    activity.save()
    activity.agencies.set(found)
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: User,
    activity: OversightActivity,
    agencies: Iterable[Agency] | None = None,
    **changes,
) -> OversightActivity:
    """Change what the activity records (not its status, body or council); every error at once."""
    _require_run(actor, activity.council, activity.body)
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError({name: _("Không sửa được trường này.") for name in sorted(unknown)})
    activity = lock(activity)
    errors = FieldErrors()
    if activity.withdrawn:
        errors.add(None, _("Hoạt động đã bị rút."), "withdrawn")
    if activity.status in (OversightActivity.Status.CONCLUDED, OversightActivity.Status.CANCELLED):
        errors.add(None, _("Hoạt động đã kết thúc; không sửa được."), "ended")
    for name, value in changes.items():
        setattr(activity, name, _text(value) if isinstance(value, str) else value)
    found = _agencies(errors, activity.council, agencies) if agencies is not None else None
    _activity_check(errors, activity)
    errors.raise_if_any()
    stamp_actor(activity, actor)
    save_fields(activity, list(changes))
    if found is not None:
        activity.agencies.set(found)
    return activity


@transaction.atomic
def activity_transition(
    *, actor: User, activity: OversightActivity, to: str, note: str = ""
) -> OversightActivity:
    """One move of ACTIVITY_WORKFLOW (planned → decided → in progress → reporting), with its
    audit row; concluding takes the report (activity_conclude)."""
    if to == OversightActivity.Status.CONCLUDED:
        raise ValidationError({"to": _("Kết thúc bằng việc nhập báo cáo kết quả giám sát.")})

    def check(row: OversightActivity) -> None:
        if row.withdrawn:
            raise ValidationError(_("Hoạt động đã bị rút."), code="withdrawn")

    return ACTIVITY_WORKFLOW.move(obj=activity, to=to, actor=actor, note=_text(note), check=check)


@transaction.atomic
def activity_decide(
    *,
    actor: User,
    activity: OversightActivity,
    decision_number: str,
    decision_date: date | None,
    note: str = "",
) -> OversightActivity:
    """The decision setting up the delegation (§9.2), recorded with the move it makes: the
    number and date are saved only if the move is allowed, and judged with it."""
    values = {"decision_number": _text(decision_number), "decision_date": decision_date}

    def check(row: OversightActivity) -> None:
        errors = FieldErrors()
        if row.withdrawn:
            errors.add(None, _("Hoạt động đã bị rút."), "withdrawn")
        _dates(errors, decision_date=decision_date)
        if decision_date is not None and decision_date > timezone.localdate():
            errors.add("decision_date", _("Ngày quyết định chưa đến."), "future")
        for name, value in values.items():  # the guard judges the row with these values
            setattr(row, name, value)
        errors.raise_if_any()

    return ACTIVITY_WORKFLOW.move(
        obj=activity,
        to=OversightActivity.Status.DECIDED,
        actor=actor,
        note=_text(note),
        check=check,
        fields=values,
    )


@transaction.atomic
def activity_conclude(
    *,
    actor: User,
    activity: OversightActivity,
    general_assessment: str,
    advantages_difficulties: str,
    results: str,
    shortcomings_causes: str,
    proposals: str,
    concluded_on: date,
    conclusion_reference: str = "",
) -> OversightActivity:
    """Record the conclusion report in its five parts (DOMAIN.md §9) and conclude."""
    values = {
        "general_assessment": _text(general_assessment),
        "advantages_difficulties": _text(advantages_difficulties),
        "results": _text(results),
        "shortcomings_causes": _text(shortcomings_causes),
        "proposals": _text(proposals),
        "concluded_on": concluded_on,
        "conclusion_reference": _text(conclusion_reference),
    }

    def check(row: OversightActivity) -> None:
        errors = FieldErrors()
        _dates(errors, concluded_on=concluded_on)
        started = row.decision_date or row.plan_date
        if concluded_on is not None and started is not None and concluded_on < started:
            errors.add(
                "concluded_on",
                _("Ngày báo cáo không được trước ngày %(day)s của quyết định, kế hoạch.")
                % {"day": _day(started)},
                "order",
            )
        if concluded_on is not None and concluded_on > timezone.localdate():
            errors.add("concluded_on", _("Ngày báo cáo chưa đến."), "future")
        for name, value in values.items():  # the guard judges the row with these values
            setattr(row, name, value)
        errors.raise_if_any()

    return ACTIVITY_WORKFLOW.move(
        obj=activity,
        to=OversightActivity.Status.CONCLUDED,
        actor=actor,
        check=check,
        fields=values,
    )


@transaction.atomic
def activity_withdraw(
    *, actor: User, activity: OversightActivity, reason: str
) -> OversightActivity:
    """Withdraw an activity entered in error; one that made recommendations is kept."""
    _require_run(actor, activity.council, activity.body)
    activity = lock(activity)
    if activity.recommendations.filter(obligation__withdrawn_at__isnull=True).exists():
        raise ValidationError(
            _("Hoạt động đã có kiến nghị đang theo dõi; rút các kiến nghị trước."),
            code="has_recommendations",
        )
    return _withdraw(actor, activity, reason)


@transaction.atomic
def activity_members_set(
    *,
    actor: User,
    activity: OversightActivity,
    members: Iterable[tuple[Delegate, str]],
    invited_members: str | None = None,
) -> OversightActivity:
    """The delegation: delegates of the council with their role (one head), and the invited."""
    _require_run(actor, activity.council, activity.body)
    activity = lock(activity)
    errors = FieldErrors()
    pairs = list(members or ())
    if any(d.council_id != activity.council_id for d, _role in pairs):
        errors.add("members", _("Có đại biểu không thuộc Hội đồng nhân dân này."), "council")
    if any(role not in ActivityMember.Role.values for _d, role in pairs):
        errors.add("members", _("Vai trò không hợp lệ."), "invalid")
    if len({d.pk for d, _role in pairs}) != len(pairs):
        errors.add("members", _("Một đại biểu được ghi hai lần."), "duplicate")
    if sum(1 for _d, role in pairs if role == ActivityMember.Role.HEAD) > 1:
        errors.add("members", _("Đoàn chỉ có một Trưởng đoàn."), "two_heads")
    errors.raise_if_any()
    activity.memberships.all().delete()
    ActivityMember.objects.bulk_create(
        ActivityMember(activity=activity, delegate=d, role=role) for d, role in pairs
    )
    if invited_members is not None:
        activity.invited_members = _text(invited_members)
        stamp_actor(activity, actor)
        save_fields(activity, ["invited_members"])
    return activity


@transaction.atomic
def visit_add(
    *,
    actor: User,
    activity: OversightActivity,
    visit_on: date,
    agency: Agency | None = None,
    place: str = "",
    note: str = "",
) -> Visit:
    """One day of the delegation's schedule, at an agency of the area or a named place."""
    _require_run(actor, activity.council, activity.body)
    errors = FieldErrors()
    _dates(errors, visit_on=visit_on)
    if agency is None and not _text(place):
        errors.add("place", _("Chọn cơ quan làm việc hoặc ghi địa điểm."), "required")
    if agency is not None and not _in_area(agency, activity.council):
        errors.add("agency", _("Cơ quan không thuộc địa bàn của Hội đồng nhân dân này."), "area")
    errors.raise_if_any()
    visit = Visit(
        activity=activity, visit_on=visit_on, agency=agency, place=_text(place), note=_text(note)
    )
    validate(visit)
    stamp_actor(visit, actor)
    visit.save()
    return visit


@transaction.atomic
def visit_remove(*, actor: User, visit: Visit) -> None:
    """A visit taken off the schedule (the history keeps it)."""
    activity = visit.activity
    _require_run(actor, activity.council, activity.body)
    stamp_actor(visit, actor)
    visit.delete()


# --- report requests -----------------------------------------------------------------------------

REQUEST_FIELDS = {"fixed_due_on": "due_on", "owed_by": "agency", "start_on": "requested_on"}


def _renamed(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """The engine's error keyed by this service's input names, so it lands on the right field."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors: dict[str, list[ValidationError]] = {}
    for field, found in exc.error_dict.items():
        errors.setdefault(names.get(field, field), []).extend(found)
    return ValidationError(errors)


def _source_link(obligation: Obligation, record) -> None:
    """The obligation points back at the record that owns it (the record exists only now)."""
    obligation.source_type = ContentType.objects.get_for_model(record)
    obligation.source_id = record.pk
    Obligation.objects.filter(pk=obligation.pk).update(
        source_type=obligation.source_type, source_id=record.pk
    )


def _open_request(
    *,
    actor: User,
    activity: OversightActivity,
    agency: Agency,
    subject: str,
    requested_on: date,
    due_on: date,
    reference: str,
    supplements: ReportRequest | None,
) -> ReportRequest:
    request = ReportRequest(
        activity=activity,
        agency=agency,
        subject=_text(subject),
        requested_on=requested_on,
        reference=_text(reference),
        supplements=supplements,
    )
    try:
        obligation = followups.obligation_create(
            actor=actor,
            council=activity.council,
            kind=Obligation.Kind.REPORT_REQUEST,
            title=_text(subject)[:500],
            owed_by=agency,
            start_on=requested_on,
            fixed_due_on=due_on,
            source=request,
        )
    except ValidationError as exc:
        raise _renamed(exc, REQUEST_FIELDS) from None
    request.obligation = obligation
    validate(request)
    stamp_actor(request, actor)
    request.save()
    _source_link(obligation, request)
    return request


@transaction.atomic
def report_request_create(
    *,
    actor: User,
    activity: OversightActivity,
    agency: Agency | None,
    subject: str,
    requested_on: date,
    due_on: date,
    reference: str = "",
) -> ReportRequest:
    """Ask an overseen agency for its report by a date (§9.2); followed on the engine."""
    _require_run(actor, activity.council, activity.body)
    errors = FieldErrors()
    _required(errors, subject=subject)
    if agency is None:
        errors.add("agency", _("Chọn cơ quan được yêu cầu báo cáo."), "required")
    elif not _in_area(agency, activity.council):
        errors.add("agency", _("Cơ quan không thuộc địa bàn của Hội đồng nhân dân này."), "area")
    if requested_on is None:
        errors.add("requested_on", _("Nhập ngày yêu cầu."), "required")
    if due_on is None:
        errors.add("due_on", _("Nhập hạn gửi báo cáo."), "required")
    errors.raise_if_any()
    return _open_request(
        actor=actor,
        activity=activity,
        agency=agency,
        subject=subject,
        requested_on=requested_on,
        due_on=due_on,
        reference=reference,
        supplements=None,
    )


def supplementary_due(council: Council, requested_on: date) -> date:
    """When a supplementary report is due: the council's dated rule (5 days, DOMAIN.md §9) from
    the request, counted by the engine's calendar."""
    count = rules.int_value(council, rules.SUPPLEMENTARY_REPORT_DAYS, requested_on)
    unit = rules.rule_value(council, rules.SUPPLEMENTARY_REPORT_UNIT, requested_on)
    return calendar.deadline_add(requested_on, count, unit, council)


@transaction.atomic
def report_request_supplement(
    *,
    actor: User,
    request: ReportRequest,
    requested_on: date,
    subject: str = "",
    reference: str = "",
) -> ReportRequest:
    """Ask the same agency for a supplementary report, due within the council's rule."""
    activity = request.activity
    _require_run(actor, activity.council, activity.body)
    errors = FieldErrors()
    _dates(errors, requested_on=requested_on)
    if requested_on is not None and requested_on < request.requested_on:
        errors.add(
            "requested_on",
            _("Ngày yêu cầu bổ sung không được trước ngày yêu cầu đầu (%(day)s).")
            % {"day": _day(request.requested_on)},
            "order",
        )
    errors.raise_if_any()
    return _open_request(
        actor=actor,
        activity=activity,
        agency=request.agency,
        subject=_text(subject) or _("Báo cáo bổ sung: %(subject)s") % {"subject": request.subject},
        requested_on=requested_on,
        due_on=supplementary_due(activity.council, requested_on),
        reference=reference,
        supplements=request,
    )


@transaction.atomic
def report_request_receive(
    *, actor: User, request: ReportRequest, received_on: date, reference: str = ""
) -> ReportRequest:
    """The report came in: its obligation is closed as done (on time or late is derived)."""
    activity = request.activity
    _require_run(actor, activity.council, activity.body)
    try:
        followups.obligation_close(
            actor=actor,
            obligation=request.obligation,
            outcome=Obligation.Outcome.DONE,
            ended_on=received_on,
            outcome_note=_text(reference),
        )
    except ValidationError as exc:
        raise _renamed(exc, {"ended_on": "received_on"}) from None
    return ReportRequest.objects.select_related("obligation").get(pk=request.pk)


# --- recommendations -----------------------------------------------------------------------------

RECOMMENDATION_FIELDS = {
    "fixed_due_on": "due_on",
    "owed_by": "agency",
    "start_on": "issued_on",
    "title": "content",
}


def _recommendation_check(
    errors: FieldErrors,
    activity: OversightActivity,
    *,
    content: str,
    field: str,
    resolution: Resolution | None,
) -> None:
    _required(errors, content=content)
    if field not in Field.values:
        errors.add("field", _("Chọn lĩnh vực."), "invalid")
    if resolution is not None and resolution.council_id != activity.council_id:
        errors.add("resolution", _("Nghị quyết không phải của Hội đồng nhân dân này."), "council")


@transaction.atomic
def recommendation_create(
    *,
    actor: User,
    activity: OversightActivity,
    agency: Agency,
    content: str,
    field: str,
    due_on: date | None = None,
    term_count: int | None = None,
    term_unit: str = "",
    issued_on: date | None = None,
    resolution: Resolution | None = None,
    exclusion: str = "",
    exclusion_document_number: str = "",
    exclusion_document_date: date | None = None,
    exclusion_reason: str = "",
) -> Recommendation:
    """A recommendation of the activity to one agency, followed on the engine from the day it
    was made (the conclusion report's, unless told) to the date it sets or a time limit."""
    _require_run(actor, activity.council, activity.body)
    errors = FieldErrors()
    issued_on = issued_on or activity.concluded_on
    if activity.withdrawn:
        errors.add(None, _("Hoạt động đã bị rút."), "withdrawn")
    if issued_on is None:
        errors.add(
            "issued_on", _("Nhập ngày kiến nghị (hoặc kết thúc hoạt động trước)."), "required"
        )
    _recommendation_check(errors, activity, content=content, field=field, resolution=resolution)
    recommendation = Recommendation(
        council=activity.council,
        activity=activity,
        agency=agency,
        content=_text(content),
        field=field,
        issued_on=issued_on,
        resolution=resolution,
    )
    checks = followups.obligation_create_check(
        council=activity.council,
        start_on=issued_on,
        owed_by=agency,
        term_count=term_count,
        term_unit=term_unit,
        fixed_due_on=due_on,
        exclusion=exclusion,
        exclusion_document_number=exclusion_document_number,
        exclusion_document_date=exclusion_document_date,
        exclusion_reason=exclusion_reason,
    )
    if checks:
        try:
            checks.raise_if_any()
        except ValidationError as exc:
            errors.merge(_renamed(exc, RECOMMENDATION_FIELDS))
    errors.raise_if_any()
    obligation = followups.obligation_create(
        actor=actor,
        council=activity.council,
        kind=Obligation.Kind.OVERSIGHT_RECOMMENDATION,
        title=" ".join(_text(content).split())[:500],
        content=_text(content),
        owed_by=agency,
        start_on=issued_on,
        term_count=term_count,
        term_unit=term_unit,
        fixed_due_on=due_on,
        source=recommendation,
        exclusion=exclusion,
        exclusion_document_number=exclusion_document_number,
        exclusion_document_date=exclusion_document_date,
        exclusion_reason=exclusion_reason,
    )
    recommendation.obligation = obligation
    validate(recommendation)
    stamp_actor(recommendation, actor)
    recommendation.save()
    _source_link(obligation, recommendation)
    return recommendation


def _rec_locked(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("activity__council", "activity__body", "obligation")
        .get(pk=recommendation.pk)
    )


@transaction.atomic
def recommendation_update(
    *,
    actor: User,
    recommendation: Recommendation,
    content: str,
    field: str,
    resolution: Resolution | None = None,
) -> Recommendation:
    """Correct the text or field, or link the resolution that adopted it; the deadline and the
    outcome change through the engine (extend, close), the agency by withdrawing and re-issuing."""
    activity = recommendation.activity
    _require_run(actor, activity.council, activity.body)
    recommendation = _rec_locked(recommendation)
    errors = FieldErrors()
    if recommendation.obligation.withdrawn:
        errors.add(None, _("Kiến nghị đã bị rút."), "withdrawn")
    _recommendation_check(errors, activity, content=content, field=field, resolution=resolution)
    errors.raise_if_any()
    recommendation.content, recommendation.field = _text(content), field
    recommendation.resolution = resolution
    stamp_actor(recommendation, actor)
    save_fields(recommendation, ["content", "field", "resolution"])
    followups.obligation_describe(
        actor=actor,
        obligation=recommendation.obligation,
        title=" ".join(recommendation.content.split())[:500],
        content=recommendation.content,
    )
    return recommendation


@transaction.atomic
def recommendation_withdraw(
    *, actor: User, recommendation: Recommendation, reason: str
) -> Recommendation:
    """Withdraw a recommendation entered in error: its obligation leaves the lists and counts."""
    activity = recommendation.activity
    _require_run(actor, activity.council, activity.body)
    followups.obligation_withdraw(actor=actor, obligation=recommendation.obligation, reason=reason)
    return _rec_locked(recommendation)


@transaction.atomic
def recommendation_hearing_link(
    *, actor: User, recommendation: Recommendation, hearing: ExplanationHearing, note: str = ""
) -> Recommendation:
    """An explanation session held because the recommendation is late: a step of its ladder
    (DOMAIN.md §9), dated the day of the hearing."""
    activity = recommendation.activity
    _require_run(actor, activity.council, activity.body)
    if hearing.council_id != recommendation.council_id:
        raise ValidationError({"hearing": _("Phiên giải trình không thuộc HĐND này.")})
    recommendation = _rec_locked(recommendation)
    if not recommendation.hearings.filter(pk=hearing.pk).exists():
        followups.obligation_escalate(
            actor=actor,
            obligation=recommendation.obligation,
            step=Step.EXPLANATION,
            happened_on=hearing.held_on,
            note=_text(note) or hearing.topic[:1000],
        )
        recommendation.hearings.add(hearing)
    return recommendation


@transaction.atomic
def recommendation_reoversee(
    *,
    actor: User,
    recommendation: Recommendation,
    reoversight: OversightActivity,
    happened_on: date | None = None,
) -> Recommendation:
    """The re-oversight that checks this recommendation; while it is open, a step of its ladder
    dated by the re-oversight's decision (or `happened_on`)."""
    activity = recommendation.activity
    _require_run(actor, activity.council, activity.body)
    errors = FieldErrors()
    if reoversight.kind != ActivityKind.REOVERSIGHT or reoversight.withdrawn:
        errors.add("reoversight", _("Chọn một hoạt động tái giám sát."), "kind")
    elif reoversight.council_id != recommendation.council_id:
        errors.add("reoversight", _("Hoạt động tái giám sát không thuộc HĐND này."), "council")
    errors.raise_if_any()
    recommendation = _rec_locked(recommendation)
    obligation = recommendation.obligation
    on = happened_on or reoversight.decision_date or reoversight.plan_date
    if not obligation.closed and not obligation.withdrawn:
        try:
            followups.obligation_escalate(
                actor=actor,
                obligation=obligation,
                step=Step.REOVERSIGHT,
                happened_on=on or timezone.localdate(),
                note=reoversight.topic[:1000],
                document_number=reoversight.decision_number,
                document_date=reoversight.decision_date,
            )
        except ValidationError as exc:
            raise _renamed(exc, {"step": "reoversight"}) from None
    recommendation.reoversight = reoversight
    stamp_actor(recommendation, actor)
    return save_fields(recommendation, ["reoversight"])


# --- documents -----------------------------------------------------------------------------------


@transaction.atomic
def activity_document_upload(
    *,
    actor: User,
    activity: OversightActivity,
    kind: str,
    title: str,
    file: UploadedFile,
    reference: str = "",
    issued_on: date | None = None,
) -> ActivityDocument:
    """Keep one of the activity's documents (decision, plan, an agency's report, minutes, the
    conclusion report...) as its first version; the file is judged before any row is written."""
    _require_run(actor, activity.council, activity.body)
    errors = FieldErrors()
    if activity.withdrawn:
        errors.add(None, _("Hoạt động giám sát đã bị rút."), "withdrawn")
    if kind not in ActivityDocument.Kind.values:
        errors.add("kind", _("Chọn loại tài liệu."), "invalid_choice")
    _required(errors, title=title)
    _dates(errors, issued_on=issued_on)
    errors.run(check_upload, file)
    errors.raise_if_any()
    document = ActivityDocument(
        activity=activity,
        kind=kind,
        title=_text(title),
        reference=_text(reference),
        issued_on=issued_on,
    )
    validate(document, exclude=["current_version"])
    stamp_actor(document, actor)
    document.save()
    version_add(actor=actor, document=document, file=file)
    return document


def _document_locked(actor: User, document: ActivityDocument) -> ActivityDocument:
    activity = document.activity
    _require_run(actor, activity.council, activity.body)
    return lock(document)


@transaction.atomic
def activity_document_replace(
    *, actor: User, document: ActivityDocument, file: UploadedFile, note: str = ""
) -> ActivityDocumentVersion:
    """A new version of a document (a corrected plan, the signed report); the earlier versions
    stay downloadable."""
    document = _document_locked(actor, document)
    if document.withdrawn:
        raise ValidationError(_("Tài liệu đã bị rút."), code="withdrawn")
    return version_add(actor=actor, document=document, file=file, note=note)


@transaction.atomic
def activity_document_withdraw(
    *, actor: User, document: ActivityDocument, reason: str
) -> ActivityDocument:
    """Withdraw a document uploaded in error: off the activity's page and downloads, kept with
    its versions and who withdrew it and why."""
    document = _document_locked(actor, document)
    return _withdraw(actor, document, reason)

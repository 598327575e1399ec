"""Every write about voters' work (STYLE.md §2.4): meetings, petitions and their items,
receptions, letters.

Rights come from councils.scoping only: a delegate's own voter work (meetings, receptions)
through `Capability.OWN_VOTER_WORK` on the record (its `delegate`), the office's handling
(classify, merge, transfer, forward, answer) through `Capability.EDIT`. Every rule is checked
with every error at once, on its field (core.validation.FieldErrors). What an agency owes is an
obligation of the follow-up engine, opened here with the term of the council's dated rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import stamp_actor
from core.services import lock, save_fields
from core.text import nfc, search_key
from core.uploads import check_upload
from core.validation import FieldErrors, renamed, validate_record_date
from core.workflow import Workflow
from councils import rules, scoping
from councils.models import Agency, Body, Capability, Council, Delegate
from followups import services as followups
from followups.models import Obligation
from voters import statistics
from voters.models import (
    LETTER_WORKFLOW,
    PETITION_WORKFLOW,
    SEARCH_MAX,
    Competence,
    ContactMeeting,
    Field,
    Letter,
    LetterCategory,
    Petition,
    PetitionItem,
    PetitionMerge,
    Reception,
    ReceptionSchedule,
)

if TYPE_CHECKING:
    from django.db.models import Model

    from core.models import User
    from sessions.models import Session

# The letter deadline rule of each category (councils/rules.py, dated, per council).
LETTER_TERMS = {
    LetterCategory.COMPLAINT: rules.LETTER_TERM_COMPLAINT,
    LetterCategory.DENUNCIATION: rules.LETTER_TERM_DENUNCIATION,
    LetterCategory.PETITION: rules.LETTER_TERM_PETITION,
    LetterCategory.FEEDBACK: rules.LETTER_TERM_FEEDBACK,
    LetterCategory.MIXED: rules.LETTER_TERM_MIXED,
}
# The engine's input names, as the transfer and forward forms call them.
TRANSFER_FIELDS = {
    "owed_by": "agency",
    "owed_by_text": "agency_text",
    "start_on": "transfer_date",
    "fixed_due_on": "due_on",
    "ended_on": "answered_on",
}
# CMND (9 digits), CCCD (12 digits) or a passport (a letter and 7 or 8 digits).
ID_NUMBER = re.compile(r"[0-9]{9}|[0-9]{12}|[A-Z][0-9]{7,8}")


# --- shared checks ------------------------------------------------------------------------------


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _dates(errors: FieldErrors, **values: date | None) -> None:
    for field, value in values.items():
        try:
            validate_record_date(value)
        except ValidationError as exc:
            errors.add(field, exc.messages[0], "date_out_of_range")


def _happened(errors: FieldErrors, **values: date | None) -> None:
    """Dates of what already happened: in the records' years, not in the future."""
    _dates(errors, **values)
    today = timezone.localdate()
    for field, value in values.items():
        if value is not None and value > today and field not in errors:
            errors.add(
                field,
                _("Ngày %(day)s chưa đến; chỉ ghi việc đã xảy ra.") % {"day": _day(value)},
                "future",
            )


def _required(errors: FieldErrors, **values: object) -> None:
    for field, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.add(field, _("Trường này là bắt buộc."), "required")


def _not_before(errors: FieldErrors, field: str, value: date | None, start: date | None) -> None:
    if value is not None and start is not None and value < start and field not in errors:
        errors.add(
            field,
            _("Ngày không được trước ngày %(day)s.") % {"day": _day(start)},
            "order",
        )


def _move(errors: FieldErrors, workflow: Workflow, row: Model, to: str) -> None:
    """Whether the workflow allows the move from the row's state, among the other errors."""
    state = str(getattr(row, workflow.field))
    if to not in workflow.allowed(state):
        errors.add(
            None,
            _("Không thể chuyển %(what)s từ “%(from)s” sang “%(to)s”.")
            % {
                "what": row._meta.verbose_name,
                "from": workflow.label(state),
                "to": workflow.label(to),
            },
            "bad_transition",
        )


def _of_council(errors: FieldErrors, field: str, obj: Model | None, council: Council) -> None:
    if obj is not None and obj.council_id != council.pk:
        errors.add(field, _("Không thuộc Hội đồng nhân dân của hồ sơ."), "other_council")


def _owed_term(council: Council, key: str, on: date) -> dict[str, object]:
    count, unit = rules.term(council, key, on)
    return {"term_count": count, "term_unit": unit}


def _link_source(obligation: Obligation, source: Model) -> None:
    """The obligation points back at its source (which exists only after the obligation)."""
    obligation.source_type = ContentType.objects.get_for_model(source)
    obligation.source_id = source.pk
    Obligation.objects.filter(pk=obligation.pk).update(
        source_type=obligation.source_type, source_id=source.pk
    )


def _withdraw(actor: User, row: Model, reason: str) -> Model:
    errors = FieldErrors()
    if row.withdrawn:
        errors.add(None, _("Đã rút trước đó."), "withdrawn")
    _required(errors, reason=reason)
    errors.raise_if_any()
    row.withdrawn_at, row.withdrawn_by = timezone.now(), actor
    row.withdrawal_reason = reason.strip()
    row._change_reason = row.withdrawal_reason[:100]
    stamp_actor(row, actor)
    return save_fields(row, ["withdrawn_at", "withdrawn_by", "withdrawal_reason"])


# --- contact meetings ----------------------------------------------------------------------------

MEETING_FIELDS = (
    "kind",
    "session",
    "held_on",
    "place",
    "voters_count",
    "front_cohost",
    "minutes",
    "delegate",
)


def _noted_move(
    *,
    workflow: Workflow,
    row: Model,
    to: str,
    actor: User,
    day: tuple[str, date | None],
    text: tuple[str, str],
    after: date | None,
    errors: FieldErrors | None = None,
) -> Model:
    """A move that records only its day and its words, both kept on the audit row; the row
    is locked and the actor's right checked by the caller."""
    errors = errors or FieldErrors()
    (day_field, on), (text_field, words) = day, text
    _move(errors, workflow, row, to)
    _required(errors, **{day_field: on, text_field: words})
    _happened(errors, **{day_field: on})
    _not_before(errors, day_field, on, after)
    errors.raise_if_any()
    workflow.step(obj=row, to=to, actor=actor, note=f"{_day(on)}: {words.strip()}"[:255])
    stamp_actor(row, actor)
    return save_fields(row, [workflow.field])


def _meeting_check(meeting: ContactMeeting, delegates: Iterable[Delegate]) -> FieldErrors:
    errors = FieldErrors()
    _required(errors, kind=meeting.kind, held_on=meeting.held_on, place=meeting.place)
    _dates(errors, held_on=meeting.held_on)
    council = meeting.council
    around_session = (ContactMeeting.Kind.BEFORE_SESSION, ContactMeeting.Kind.AFTER_SESSION)
    if meeting.kind in around_session and meeting.session is None:
        errors.add("session", _("Chọn kỳ họp của cuộc tiếp xúc trước, sau kỳ họp."), "required")
    _of_council(errors, "session", meeting.session, council)
    _of_council(errors, "delegate", meeting.delegate, council)
    if any(d.council_id != council.pk for d in delegates):
        errors.add(
            "delegates", _("Có đại biểu không thuộc Hội đồng nhân dân này."), "other_council"
        )
    return errors


def meeting_check(
    *, council: Council, delegates: Iterable[Delegate] | None = None, **values: object
) -> FieldErrors:
    """The meeting's rules on what a form holds, writing nothing: the form shows them together
    with its own errors, in one round (core.forms.submit)."""
    values = {k: v for k, v in values.items() if k in MEETING_FIELDS}
    return _meeting_check(ContactMeeting(council=council, **values), list(delegates or ()))


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    council: Council,
    kind: str,
    held_on: date,
    place: str,
    session: Session | None = None,
    voters_count: int | None = None,
    front_cohost: str = "",
    minutes: str = "",
    delegates: Iterable[Delegate] = (),
    delegate: Delegate | None = None,
) -> ContactMeeting:
    """Record a voter-contact meeting; a delegate records their own (`delegate` is theirs)."""
    meeting = ContactMeeting(
        council=council,
        kind=kind,
        session=session,
        held_on=held_on,
        place=nfc(place or ""),
        voters_count=voters_count,
        front_cohost=(front_cohost or "").strip(),
        minutes=(minutes or "").strip(),
        delegate=delegate,
    )
    scoping.require_can(actor, Capability.OWN_VOTER_WORK, council, obj=meeting)
    delegates = list(delegates)
    errors = _meeting_check(meeting, delegates)
    errors.raise_if_any()
    stamp_actor(meeting, actor)
    save_fields(meeting, [])
    meeting.delegates.set(delegates)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    meeting: ContactMeeting,
    delegates: Iterable[Delegate] | None = None,
    **changes: object,
) -> ContactMeeting:
    """Correct a meeting's record; only the fields given change."""
    scoping.require_can(actor, Capability.OWN_VOTER_WORK, meeting.council, obj=meeting)
    meeting = lock(meeting)
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    # The delegate may not hand their record to someone else's name.
    scoping.require_can(actor, Capability.OWN_VOTER_WORK, meeting.council, obj=meeting)
    delegates = list(delegates) if delegates is not None else None
    errors = _meeting_check(meeting, delegates or [])
    if meeting.withdrawn:
        errors.add(None, _("Cuộc tiếp xúc đã bị rút."), "withdrawn")
    errors.raise_if_any()
    stamp_actor(meeting, actor)
    save_fields(meeting, list(changes))
    if delegates is not None:
        meeting.delegates.set(delegates)
    return meeting


@transaction.atomic
def meeting_withdraw(*, actor: User, meeting: ContactMeeting, reason: str) -> ContactMeeting:
    scoping.require_can(actor, Capability.OWN_VOTER_WORK, meeting.council, obj=meeting)
    return _withdraw(actor, lock(meeting), reason)


# --- petitions and their items -------------------------------------------------------------------


def _new_item(petition: Petition, content: str) -> PetitionItem:
    content = nfc(content)
    return PetitionItem(
        petition=petition,
        council_id=petition.council_id,
        raised_on=petition.raised_on,
        content=content,
        search_text=search_key(content)[:SEARCH_MAX],
    )


def _contents(errors: FieldErrors, field: str, contents: Iterable[str]) -> list[str]:
    found = [c.strip() for c in contents or () if c and c.strip()]
    if not found:
        errors.add(field, _("Nhập ít nhất một nội dung kiến nghị."), "required")
    return found


@transaction.atomic
def petition_create(
    *,
    actor: User,
    text: str,
    meeting: ContactMeeting | None = None,
    council: Council | None = None,
    raised_on: date | None = None,
    voter_name: str = "",
    voter_address: str = "",
    items: Iterable[str] = (),
) -> Petition:
    """Record an opinion raised at a meeting (or sent outside one) with the issues it holds;
    without `items` the opinion is one issue."""
    errors = FieldErrors()
    if meeting is not None:
        council = meeting.council
        raised_on = raised_on or meeting.held_on
        scoping.require_can(actor, Capability.OWN_VOTER_WORK, council, obj=meeting)
        if meeting.withdrawn:
            errors.add("meeting", _("Cuộc tiếp xúc đã bị rút."), "withdrawn")
    elif council is None:
        raise ValidationError({"meeting": _("Chọn cuộc tiếp xúc cử tri hoặc Hội đồng nhân dân.")})
    else:
        scoping.require_can(actor, Capability.EDIT, council)
    _required(errors, text=text, raised_on=raised_on)
    _happened(errors, raised_on=raised_on)
    items = list(items or ())
    contents = _contents(errors, "items", items) if items else [text or ""]
    errors.raise_if_any()
    petition = Petition(
        council=council,
        meeting=meeting,
        raised_on=raised_on,
        text=nfc(text),
        voter_name=nfc(voter_name or ""),
        voter_address=nfc(voter_address or ""),
    )
    stamp_actor(petition, actor)
    save_fields(petition, [])
    made = []
    for content in contents:
        item = _new_item(petition, content)
        stamp_actor(item, actor)
        made.append(save_fields(item, []).pk)
    statistics.add(made)
    return petition


def _owed(item: PetitionItem) -> list[int]:
    return [item.obligation_id] if item.obligation_id else []


def _item_right(actor: User, item: PetitionItem, action: str = Capability.EDIT) -> None:
    scoping.require_can(actor, action, item.council)


@transaction.atomic
def petition_item_split(
    *, actor: User, item: PetitionItem, contents: list[str]
) -> list[PetitionItem]:
    """Split an issue that holds several: it keeps the first text, each other one becomes an
    item of the same opinion (nothing deleted; the first text's change is in the history)."""
    petition = item.petition
    if petition.meeting_id is not None:
        meeting = petition.meeting
        scoping.require_can(actor, Capability.OWN_VOTER_WORK, meeting.council, obj=meeting)
    else:
        _item_right(actor, item)
    item = lock(item)
    errors = FieldErrors()
    contents = _contents(errors, "contents", contents)
    if len(contents) < 2:
        errors.add("contents", _("Tách thành ít nhất hai nội dung."), "too_few")
    if item.status not in (PetitionItem.Status.RECEIVED, PetitionItem.Status.CLASSIFIED):
        errors.add(None, _("Chỉ tách nội dung chưa chuyển cơ quan trả lời."), "transferred")
    if item.merged_into_id or item.merged_items.exists():
        errors.add(None, _("Tách gộp trước khi tách nội dung."), "merged")
    errors.raise_if_any()
    item.content = nfc(contents[0])
    item.search_text = search_key(item.content)[:SEARCH_MAX]
    stamp_actor(item, actor)
    save_fields(item, ["content", "search_text"])
    made = [item]
    for content in contents[1:]:
        new = _new_item(petition, content)
        stamp_actor(new, actor)
        made.append(save_fields(new, []))
    statistics.add(row.pk for row in made[1:])
    return made


@transaction.atomic
def petition_item_classify(
    *,
    actor: User,
    item: PetitionItem,
    competence: str,
    field: str,
    ban: Body | None = None,
) -> PetitionItem:
    """Classify an issue by level of competence, field and the Ban that follows it."""
    _item_right(actor, item)
    item = lock(item)
    errors = FieldErrors()
    _move(errors, PETITION_WORKFLOW, item, PetitionItem.Status.CLASSIFIED)
    if competence not in Competence.values:
        errors.add("competence", _("Chọn thẩm quyền giải quyết."), "required")
    if field not in Field.values:
        errors.add("field", _("Chọn lĩnh vực."), "required")
    if ban is not None and (ban.council_id != item.council_id or ban.kind != Body.Kind.COMMITTEE):
        errors.add("ban", _("Chọn một Ban của Hội đồng nhân dân này."), "not_a_ban")
    errors.raise_if_any()
    PETITION_WORKFLOW.step(obj=item, to=PetitionItem.Status.CLASSIFIED, actor=actor)
    item.competence, item.field, item.ban = competence, field, ban
    stamp_actor(item, actor)
    with statistics.tracking(rows=[item.pk]):
        return save_fields(item, ["status", "competence", "field", "ban"])


def _mergeable(errors: FieldErrors, item: PetitionItem, into: PetitionItem) -> None:
    field = "items"
    if item.pk == into.pk:
        errors.add(field, _("Không gộp một nội dung vào chính nó."), "self")
    elif item.council_id != into.council_id:
        errors.add(field, _("Chỉ gộp các nội dung của cùng Hội đồng nhân dân."), "other_council")
    elif item.merged_into_id is not None:
        errors.add(field, _("Nội dung đã được gộp vào nội dung khác."), "already_merged")
    elif item.obligation_id is not None:
        errors.add(field, _("Nội dung đã chuyển cơ quan trả lời, không gộp được."), "transferred")
    elif item.merged_items.exists():
        errors.add(field, _("Nội dung đang là nội dung tổng hợp; tách gộp trước."), "is_compiled")


@transaction.atomic
def petition_items_merge(
    *, actor: User, into: PetitionItem, items: Iterable[PetitionItem]
) -> PetitionItem:
    """Merge the same issue raised at several meetings into one compiled item (`into`), which is
    then transferred and answered for all; each merge is kept (PetitionMerge) and reversible."""
    _item_right(actor, into)
    into = lock(into)
    rows = [lock(item) for item in sorted(items, key=lambda i: i.pk)]
    errors = FieldErrors()
    if not rows:
        errors.add("items", _("Chọn nội dung cần gộp."), "required")
    if into.merged_into_id is not None:
        errors.add("into", _("Nội dung tổng hợp đã được gộp vào nội dung khác."), "already_merged")
    for row in rows:
        _mergeable(errors, row, into)
    errors.raise_if_any()
    with statistics.tracking(rows=[row.pk for row in rows]):
        for row in rows:
            row.merged_into = into
            stamp_actor(row, actor)
            save_fields(row, ["merged_into"])
            PetitionMerge.objects.create(item=row, into=into, actor=actor)
    return into


@transaction.atomic
def petition_item_unmerge(*, actor: User, item: PetitionItem) -> PetitionItem:
    """Take an item back out of its compiled item; the merge row keeps who undid it and when."""
    _item_right(actor, item)
    item = lock(item)
    if item.merged_into_id is None:
        raise ValidationError(_("Nội dung chưa được gộp."), code="not_merged")
    PetitionMerge.objects.filter(item=item, into_id=item.merged_into_id, undone_at=None).update(
        undone_at=timezone.now(), undone_by=actor
    )
    item.merged_into = None
    stamp_actor(item, actor)
    with statistics.tracking(rows=[item.pk]):
        return save_fields(item, ["merged_into"])


@transaction.atomic
def petition_create_merging(
    *, actor: User, merges: Mapping[int, PetitionItem], **values: object
) -> Petition:
    """Record an opinion and merge each of its new items that the clerk matched, while typing,
    to the same issue raised elsewhere (`merges`: index of the item among those typed → the
    compiled item), in one transaction: nothing is kept when a merge is refused."""
    petition = petition_create(actor=actor, **values)
    items = list(petition.items.order_by("id"))
    for index, into in sorted(merges.items()):
        petition_items_merge(actor=actor, into=into, items=[items[index]])
    return petition


@transaction.atomic
def petition_item_link_repeated(
    *, actor: User, item: PetitionItem, earlier: PetitionItem | None
) -> PetitionItem:
    """Link an issue raised again to the one raised at an earlier session (of this council or
    of one it absorbed); `None` removes the link. The caller fetched `earlier` in scope."""
    _item_right(actor, item)
    item = lock(item)
    errors = FieldErrors()
    if earlier is not None:
        if earlier.pk == item.pk:
            errors.add("earlier", _("Không liên kết một nội dung với chính nó."), "self")
        elif earlier.raised_on >= item.raised_on:
            errors.add(
                "earlier",
                _("Nội dung trước phải được nêu trước ngày %(day)s.")
                % {"day": _day(item.raised_on)},
                "not_earlier",
            )
        elif not PetitionItem.objects.filter(
            scoping.council_lineage_q(item.council), pk=earlier.pk
        ).exists():
            errors.add(
                "earlier",
                _("Nội dung trước không thuộc Hội đồng nhân dân này hoặc cấp dưới."),
                "other_council",
            )
    errors.raise_if_any()
    item.repeated_from = earlier
    stamp_actor(item, actor)
    return save_fields(item, ["repeated_from"])


@transaction.atomic
def petition_item_transfer(
    *,
    actor: User,
    item: PetitionItem,
    transfer_date: date,
    transfer_number: str,
    agency: Agency | None = None,
    agency_text: str = "",
    due_on: date | None = None,
) -> PetitionItem:
    """Transfer a classified issue to the agency that must answer it; the answer is an
    obligation due after the council's dated term (or by the date the transfer document sets)."""
    _item_right(actor, item)
    item = lock(item)
    errors = FieldErrors()
    _move(errors, PETITION_WORKFLOW, item, PetitionItem.Status.TRANSFERRED)
    if item.merged_into_id is not None:
        errors.add(None, _("Nội dung đã gộp: chuyển nội dung tổng hợp."), "merged")
    _required(errors, transfer_number=transfer_number, transfer_date=transfer_date)
    _happened(errors, transfer_date=transfer_date)
    _not_before(errors, "transfer_date", transfer_date, item.raised_on)
    term = {}
    if due_on is None and transfer_date is not None and "transfer_date" not in errors:
        term = _owed_term(item.council, rules.PETITION_ANSWER_TERM, transfer_date)
    errors.raise_if_any()
    try:
        obligation = followups.obligation_create(
            actor=actor,
            council=item.council,
            kind=Obligation.Kind.PETITION_ITEM,
            title=" ".join(item.content.split())[:500],
            content=item.content,
            owed_by=agency,
            owed_by_text=agency_text,
            start_on=transfer_date,
            fixed_due_on=due_on,
            **term,
        )
    except ValidationError as exc:
        raise renamed(exc, TRANSFER_FIELDS) from None
    PETITION_WORKFLOW.step(obj=item, to=PetitionItem.Status.TRANSFERRED, actor=actor)
    item.agency, item.agency_text = agency, (agency_text or "").strip()
    item.transfer_number, item.transfer_date = transfer_number.strip(), transfer_date
    item.obligation = obligation
    stamp_actor(item, actor)
    with statistics.tracking(rows=[item.pk]):
        save_fields(
            item,
            ["status", "agency", "agency_text", "transfer_number", "transfer_date", "obligation"],
        )
    _link_source(obligation, item)
    return item


def _answer_file(errors: FieldErrors, item: PetitionItem, file: UploadedFile | None) -> None:
    if file is None:
        return
    checked = errors.run(check_upload, file, field="answer_file")
    if checked is not None:
        item.answer_file.save(
            f"{item.pk}-{checked.sha256[:16]}.{checked.kind.extension}", file, save=False
        )
        item.answer_file_name = checked.original_name


def _record_answer(
    *,
    actor: User,
    row: PetitionItem | Letter,
    workflow: Workflow,
    answered_on: date,
    answer: str,
    file: UploadedFile | None = None,
) -> PetitionItem | Letter:
    """The answer received for a transferred item or a forwarded letter: what was owed is
    delivered, so the obligation ends (on time or late is the engine's to judge)."""
    row = lock(row)
    errors = FieldErrors()
    _move(errors, workflow, row, "answered")
    _required(errors, answered_on=answered_on, answer=answer)
    _happened(errors, answered_on=answered_on)
    _not_before(errors, "answered_on", answered_on, row.transfer_date)
    errors.raise_if_any()
    fields = ["status", "answered_on", "answer"]
    if file is not None:
        _answer_file(errors, row, file)
        errors.raise_if_any()
        fields += ["answer_file", "answer_file_name"]
    try:
        followups.obligation_close(
            actor=actor,
            obligation=row.obligation,
            outcome=Obligation.Outcome.DONE,
            ended_on=answered_on,
        )
    except ValidationError as exc:
        raise renamed(exc, TRANSFER_FIELDS) from None
    workflow.step(obj=row, to="answered", actor=actor)
    row.answered_on, row.answer = answered_on, answer.strip()
    stamp_actor(row, actor)
    return save_fields(row, fields)


@transaction.atomic
def petition_item_answer(
    *,
    actor: User,
    item: PetitionItem,
    answered_on: date,
    answer: str,
    answer_file: UploadedFile | None = None,
) -> PetitionItem:
    """Record the agency's answer (with its document); whether the issue is resolved is
    assessed apart (DOMAIN.md §10: answered and resolved are counted apart)."""
    _item_right(actor, item)
    # The obligation closes with the answer: counted once, here.
    with statistics.tracking(rows=[item.pk], obligations=_owed(item)):
        return _record_answer(
            actor=actor,
            row=item,
            workflow=PETITION_WORKFLOW,
            answered_on=answered_on,
            answer=answer,
            file=answer_file,
        )


@transaction.atomic
def petition_item_assess(
    *, actor: User, item: PetitionItem, assessment: str, assessed_on: date
) -> PetitionItem:
    """Assess the answered issue (resolved, in progress, explained, not resolvable); an issue
    in progress is assessed again later, the history keeps each assessment."""
    _item_right(actor, item)
    item = lock(item)
    errors = FieldErrors()
    _move(errors, PETITION_WORKFLOW, item, PetitionItem.Status.ASSESSED)
    if assessment not in PetitionItem.Assessment.values:
        errors.add("assessment", _("Chọn kết quả đánh giá."), "required")
    _required(errors, assessed_on=assessed_on)
    _happened(errors, assessed_on=assessed_on)
    _not_before(errors, "assessed_on", assessed_on, item.answered_on)
    errors.raise_if_any()
    PETITION_WORKFLOW.step(obj=item, to=PetitionItem.Status.ASSESSED, actor=actor)
    item.assessment, item.assessed_on = assessment, assessed_on
    stamp_actor(item, actor)
    with statistics.tracking(rows=[item.pk]):
        return save_fields(item, ["status", "assessment", "assessed_on"])


@transaction.atomic
def petition_item_inform_voters(
    *, actor: User, item: PetitionItem, informed_on: date
) -> PetitionItem:
    """Note the day the answer was sent back to the voters."""
    _item_right(actor, item)
    item = lock(item)
    errors = FieldErrors()
    if item.answered_on is None:
        errors.add(None, _("Chưa có trả lời để thông tin lại cử tri."), "not_answered")
    _required(errors, informed_on=informed_on)
    _happened(errors, informed_on=informed_on)
    _not_before(errors, "informed_on", informed_on, item.answered_on)
    errors.raise_if_any()
    item.voters_informed_on = informed_on
    stamp_actor(item, actor)
    return save_fields(item, ["voters_informed_on"])


@transaction.atomic
def petition_item_report(
    *, actor: User, item: PetitionItem, reported_on: date, report: str
) -> PetitionItem:
    """The assessed result was reported to the council at its session (DOMAIN.md §10: answers
    are reported at the next regular session); the report's reference stays on the audit row."""
    _item_right(actor, item)
    with statistics.tracking(rows=[item.pk]):
        return _noted_move(
            workflow=PETITION_WORKFLOW,
            row=lock(item),
            to=PetitionItem.Status.REPORTED,
            actor=actor,
            day=("reported_on", reported_on),
            text=("report", report),
            after=item.assessed_on,
        )


@transaction.atomic
def petition_item_close(
    *, actor: User, item: PetitionItem, closed_on: date, reason: str
) -> PetitionItem:
    """End the follow-up of a reported issue whose result is final; one still in progress is
    carried to the next session's report (the term's backlog), so it cannot be closed."""
    _item_right(actor, item)
    item = lock(item)
    errors = FieldErrors()
    if item.assessment == PetitionItem.Assessment.IN_PROGRESS:
        errors.add(
            None,
            _(
                "Kiến nghị đang giải quyết được tiếp tục theo dõi và báo cáo tại kỳ họp sau; "
                "đánh giá lại khi có kết quả rồi mới kết thúc theo dõi."
            ),
            "in_progress",
        )
    with statistics.tracking(rows=[item.pk]):
        return _noted_move(
            workflow=PETITION_WORKFLOW,
            row=item,
            to=PetitionItem.Status.CLOSED,
            actor=actor,
            day=("closed_on", closed_on),
            text=("reason", reason),
            after=item.assessed_on,
            errors=errors,
        )


# --- citizen reception -------------------------------------------------------------------------

RECEPTION_FIELDS = (
    "received_on",
    "person_name",
    "address",
    "id_number",
    "phone",
    "persons",
    "content",
    "category",
    "handled_before_by",
    "handling",
    "forwarded_to",
    "result",
    "note",
    "delegate",
    "receiver_name",
    "schedule",
)


def _reception_check(reception: Reception) -> FieldErrors:
    errors = FieldErrors()
    _required(
        errors,
        received_on=reception.received_on,
        person_name=reception.person_name,
        content=reception.content,
    )
    _happened(errors, received_on=reception.received_on)
    if reception.category not in LetterCategory.values:
        errors.add("category", _("Chọn phân loại đơn."), "required")
    if reception.handling not in Reception.Handling.values:
        errors.add("handling", _("Chọn hướng xử lý."), "required")
    if reception.handling == Reception.Handling.FORWARDED and reception.forwarded_to is None:
        errors.add("forwarded_to", _("Chọn cơ quan nhận đơn chuyển."), "required")
    if reception.id_number and not ID_NUMBER.fullmatch(reception.id_number):
        errors.add(
            "id_number",
            _("Số CMND 9 chữ số, CCCD 12 chữ số, hoặc hộ chiếu (một chữ cái và 7-8 chữ số)."),
            "invalid",
        )
    if reception.delegate is None and not reception.receiver_name:
        errors.add("receiver_name", _("Ghi người tiếp, hoặc chọn đại biểu tiếp."), "required")
    _of_council(errors, "delegate", reception.delegate, reception.council)
    _of_council(errors, "schedule", reception.schedule, reception.council)
    if reception.persons is not None and not 1 <= reception.persons <= 10000:
        errors.add("persons", _("Số người từ 1 đến 10.000."), "out_of_range")
    return errors


def _clean_reception_text(reception: Reception) -> None:
    for name in ("person_name", "address", "content", "receiver_name", "handled_before_by"):
        setattr(reception, name, nfc(getattr(reception, name) or ""))
    reception.id_number = (reception.id_number or "").strip().upper()
    reception.search_text = search_key(reception.content)[:SEARCH_MAX]


def reception_check(*, council: Council, **values: object) -> FieldErrors:
    """The rules of a reception, writing nothing: the entry form shows them with its own (values
    that did not parse are None and left to the form)."""
    known = {k: v for k, v in values.items() if k in RECEPTION_FIELDS}
    reception = Reception(council=council, **known)
    _clean_reception_text(reception)
    return _reception_check(reception)


@transaction.atomic
def reception_create(*, actor: User, council: Council, **values: object) -> Reception:
    """One line of the reception log; a group is one reception with `persons` persons."""
    unknown = set(values) - set(RECEPTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown reception fields: {sorted(unknown)}")
    reception = Reception(council=council, **values)
    scoping.require_can(actor, Capability.OWN_VOTER_WORK, council, obj=reception)
    _clean_reception_text(reception)
    _reception_check(reception).raise_if_any()
    stamp_actor(reception, actor)
    return save_fields(reception, [])


@transaction.atomic
def reception_update(*, actor: User, reception: Reception, **changes: object) -> Reception:
    scoping.require_can(actor, Capability.OWN_VOTER_WORK, reception.council, obj=reception)
    reception = lock(reception)
    unknown = set(changes) - set(RECEPTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown reception fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(reception, name, value)
    scoping.require_can(actor, Capability.OWN_VOTER_WORK, reception.council, obj=reception)
    _clean_reception_text(reception)
    errors = _reception_check(reception)
    if reception.withdrawn:
        errors.add(None, _("Lượt tiếp đã bị rút."), "withdrawn")
    errors.raise_if_any()
    stamp_actor(reception, actor)
    return save_fields(reception, [*changes, "search_text"])


@transaction.atomic
def reception_withdraw(*, actor: User, reception: Reception, reason: str) -> Reception:
    scoping.require_can(actor, Capability.OWN_VOTER_WORK, reception.council, obj=reception)
    return _withdraw(actor, lock(reception), reason)


def _schedule_values(schedule: ReceptionSchedule) -> dict[str, object]:
    return {
        name: getattr(schedule, name)
        for name in (
            "receiver",
            "delegate",
            "place",
            "frequency",
            "weekday",
            "day_of_month",
            "note",
            "legal_basis",
            "valid_from",
            "valid_to",
        )
    }


def reception_schedule_check(
    *,
    council: Council,
    receiver: str | None,
    place: str | None,
    frequency: str | None,
    valid_from: date | None,
    legal_basis: str | None,
    delegate: Delegate | None = None,
    weekday: int | None = None,
    day_of_month: int | None = None,
    note: str | None = "",
    valid_to: date | None = None,
    **_ignored: object,
) -> FieldErrors:
    """The rules of a reception schedule, writing nothing (the entry form shows them at once)."""
    errors = FieldErrors()
    _required(errors, place=place, legal_basis=legal_basis, valid_from=valid_from)
    _dates(errors, valid_from=valid_from, valid_to=valid_to)
    _not_before(errors, "valid_to", valid_to, valid_from)
    if receiver == ReceptionSchedule.Receiver.DELEGATE and delegate is None:
        errors.add("delegate", _("Chọn đại biểu tiếp công dân."), "required")
    _of_council(errors, "delegate", delegate, council)
    if frequency == ReceptionSchedule.Frequency.WEEKLY and weekday is None:
        errors.add("weekday", _("Chọn thứ trong tuần."), "required")
    if frequency == ReceptionSchedule.Frequency.MONTHLY and day_of_month is None:
        errors.add("day_of_month", _("Chọn ngày trong tháng."), "required")
    if frequency == ReceptionSchedule.Frequency.OTHER and not (note or "").strip():
        errors.add("note", _("Ghi rõ định kỳ tiếp công dân."), "required")
    return errors


@transaction.atomic
def reception_schedule_create(
    *,
    actor: User,
    council: Council,
    receiver: str,
    place: str,
    frequency: str,
    valid_from: date,
    legal_basis: str,
    delegate: Delegate | None = None,
    weekday: int | None = None,
    day_of_month: int | None = None,
    note: str = "",
    valid_to: date | None = None,
) -> ReceptionSchedule:
    """The standing committee's schedule of receptions for a period (a dated rule)."""
    scoping.require_can(actor, Capability.EDIT, council)
    schedule = ReceptionSchedule(
        council=council,
        receiver=receiver,
        delegate=delegate,
        place=(place or "").strip(),
        frequency=frequency,
        weekday=weekday,
        day_of_month=day_of_month,
        note=(note or "").strip(),
        legal_basis=(legal_basis or "").strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    errors = reception_schedule_check(council=council, **_schedule_values(schedule))
    if not errors:
        stamp_actor(schedule, actor)
        errors.run(save_fields, schedule, [])
    errors.raise_if_any()
    return schedule


# --- letters -------------------------------------------------------------------------------------


def letter_create_check(
    *,
    received_on: date | None,
    channel: str,
    content: str,
    sender_name: str = "",
    sender_id_number: str = "",
    anonymous: bool = False,
    category: str = "",
    **_ignored: object,
) -> FieldErrors:
    """The rules of a new letter, writing nothing: the entry form shows them with its own."""
    errors = FieldErrors()
    _required(errors, received_on=received_on, content=content)
    _happened(errors, received_on=received_on)
    if channel not in Letter.Channel.values:
        errors.add("channel", _("Chọn nguồn đơn."), "required")
    if not anonymous and not nfc(sender_name or ""):
        errors.add("sender_name", _("Ghi người gửi, hoặc đánh dấu đơn nặc danh."), "required")
    id_number = (sender_id_number or "").strip().upper()
    if id_number and not ID_NUMBER.fullmatch(id_number):
        errors.add(
            "sender_id_number",
            _("Số CMND 9 chữ số, CCCD 12 chữ số, hoặc hộ chiếu (một chữ cái và 7-8 chữ số)."),
            "invalid",
        )
    if category and category not in LetterCategory.values:
        errors.add("category", _("Chọn phân loại đơn."), "invalid")
    return errors


@transaction.atomic
def letter_create(
    *,
    actor: User,
    council: Council,
    received_on: date,
    channel: str,
    content: str,
    sender_name: str = "",
    sender_address: str = "",
    sender_id_number: str = "",
    sender_phone: str = "",
    signers: int = 1,
    anonymous: bool = False,
    category: str = "",
    outside_competence: bool = False,
    not_eligible: bool = False,
) -> Letter:
    """Register a letter received (vào sổ); with a category it is classified at once (the
    entry form does both), otherwise classification and handling follow."""
    scoping.require_can(actor, Capability.EDIT, council)
    letter = Letter(
        council=council,
        received_on=received_on,
        channel=channel,
        content=nfc(content or ""),
        sender_name=nfc(sender_name or ""),
        sender_address=nfc(sender_address or ""),
        sender_id_number=(sender_id_number or "").strip().upper(),
        sender_phone=(sender_phone or "").strip(),
        signers=signers,
        anonymous=anonymous,
    )
    letter.search_text = search_key(letter.content)[:SEARCH_MAX]
    errors = letter_create_check(
        received_on=received_on,
        channel=channel,
        content=content,
        sender_name=sender_name,
        sender_id_number=sender_id_number,
        anonymous=anonymous,
        category=category,
    )
    if not errors:
        stamp_actor(letter, actor)
        errors.run(save_fields, letter, [])
    errors.raise_if_any()
    statistics.add([letter.pk], statistics.LETTERS)
    if category:
        letter = letter_classify(
            actor=actor,
            letter=letter,
            category=category,
            anonymous=anonymous,
            outside_competence=outside_competence,
            not_eligible=not_eligible,
        )
    return letter


def _letter_right(actor: User, letter: Letter) -> None:
    scoping.require_can(actor, Capability.EDIT, letter.council)


@transaction.atomic
def letter_classify(
    *,
    actor: User,
    letter: Letter,
    category: str,
    anonymous: bool = False,
    outside_competence: bool = False,
    not_eligible: bool = False,
) -> Letter:
    """Classify a letter and flag it (anonymous, outside competence, not eligible)."""
    _letter_right(actor, letter)
    letter = lock(letter)
    errors = FieldErrors()
    _move(errors, LETTER_WORKFLOW, letter, Letter.Status.CLASSIFIED)
    if category not in LetterCategory.values:
        errors.add("category", _("Chọn phân loại đơn."), "required")
    errors.raise_if_any()
    LETTER_WORKFLOW.step(obj=letter, to=Letter.Status.CLASSIFIED, actor=actor)
    letter.category, letter.anonymous = category, anonymous
    letter.outside_competence, letter.not_eligible = outside_competence, not_eligible
    stamp_actor(letter, actor)
    with statistics.tracking(rows=[letter.pk], summary=statistics.LETTERS):
        return save_fields(
            letter, ["status", "category", "anonymous", "outside_competence", "not_eligible"]
        )


@transaction.atomic
def letter_mark_duplicate(*, actor: User, letter: Letter, duplicate_of: Letter | None) -> Letter:
    """Link a letter to the earlier one it repeats (same sender and content, often sent to many
    bodies); the link goes to the first of the chain; `None` removes it. Nothing is deleted."""
    _letter_right(actor, letter)
    letter = lock(letter)
    errors = FieldErrors()
    if duplicate_of is not None:
        while duplicate_of.duplicate_of_id is not None:
            duplicate_of = duplicate_of.duplicate_of
        if duplicate_of.pk == letter.pk:
            errors.add("duplicate_of", _("Không đánh dấu một đơn trùng với chính nó."), "self")
        elif duplicate_of.received_on > letter.received_on:
            errors.add(
                "duplicate_of",
                _("Đơn gốc phải nhận trước hoặc cùng ngày %(day)s.")
                % {"day": _day(letter.received_on)},
                "not_earlier",
            )
    errors.raise_if_any()
    letter.duplicate_of = duplicate_of
    stamp_actor(letter, actor)
    with statistics.tracking(rows=[letter.pk], summary=statistics.LETTERS):
        return save_fields(letter, ["duplicate_of"])


@transaction.atomic
def letter_forward(
    *,
    actor: User,
    letter: Letter,
    transfer_date: date,
    transfer_number: str,
    agency: Agency | None = None,
    agency_text: str = "",
) -> Letter:
    """Forward a classified letter with a transfer slip; the answer is followed on the engine
    with the statutory term of its category, counted in the law's unit (working days across
    holidays), from the slip's date."""
    _letter_right(actor, letter)
    letter = lock(letter)
    errors = FieldErrors()
    _move(errors, LETTER_WORKFLOW, letter, Letter.Status.FORWARDED)
    _required(errors, transfer_number=transfer_number, transfer_date=transfer_date)
    _happened(errors, transfer_date=transfer_date)
    _not_before(errors, "transfer_date", transfer_date, letter.received_on)
    errors.raise_if_any()
    term = _owed_term(letter.council, LETTER_TERMS[letter.category], transfer_date)
    try:
        obligation = followups.obligation_create(
            actor=actor,
            council=letter.council,
            kind=Obligation.Kind.LETTER,
            title=" ".join(letter.content.split())[:500],
            owed_by=agency,
            owed_by_text=agency_text,
            start_on=transfer_date,
            **term,
        )
    except ValidationError as exc:
        raise renamed(exc, TRANSFER_FIELDS) from None
    LETTER_WORKFLOW.step(obj=letter, to=Letter.Status.FORWARDED, actor=actor)
    letter.agency, letter.agency_text = agency, (agency_text or "").strip()
    letter.transfer_number, letter.transfer_date = transfer_number.strip(), transfer_date
    letter.handled_on, letter.obligation = transfer_date, obligation
    stamp_actor(letter, actor)
    with statistics.tracking(rows=[letter.pk], summary=statistics.LETTERS):
        save_fields(
            letter,
            [
                "status",
                "agency",
                "agency_text",
                "transfer_number",
                "transfer_date",
                "handled_on",
                "obligation",
            ],
        )
    _link_source(obligation, letter)
    return letter


def _letter_close_out(
    *, actor: User, letter: Letter, to: str, handled_on: date, handling_note: str
) -> Letter:
    _letter_right(actor, letter)
    letter = lock(letter)
    errors = FieldErrors()
    _move(errors, LETTER_WORKFLOW, letter, to)
    _required(errors, handled_on=handled_on, handling_note=handling_note)
    _happened(errors, handled_on=handled_on)
    _not_before(errors, "handled_on", handled_on, letter.received_on)
    errors.raise_if_any()
    LETTER_WORKFLOW.step(obj=letter, to=to, actor=actor)
    letter.handled_on, letter.handling_note = handled_on, handling_note.strip()
    stamp_actor(letter, actor)
    return save_fields(letter, ["status", "handled_on", "handling_note"])


@transaction.atomic
def letter_guide(*, actor: User, letter: Letter, handled_on: date, handling_note: str) -> Letter:
    """Guide the citizen to the competent body (hướng dẫn); nothing is owed to the council."""
    return _letter_close_out(
        actor=actor,
        letter=letter,
        to=Letter.Status.GUIDED,
        handled_on=handled_on,
        handling_note=handling_note,
    )


@transaction.atomic
def letter_file(*, actor: User, letter: Letter, handled_on: date, handling_note: str) -> Letter:
    """File a letter (lưu đơn): not eligible, anonymous, a duplicate; the reason is kept."""
    return _letter_close_out(
        actor=actor,
        letter=letter,
        to=Letter.Status.FILED,
        handled_on=handled_on,
        handling_note=handling_note,
    )


@transaction.atomic
def letter_answer(*, actor: User, letter: Letter, answered_on: date, answer: str) -> Letter:
    """The result received from the agency the letter was forwarded to."""
    _letter_right(actor, letter)
    with statistics.tracking(rows=[letter.pk], summary=statistics.LETTERS):
        return _record_answer(
            actor=actor,
            row=letter,
            workflow=LETTER_WORKFLOW,
            answered_on=answered_on,
            answer=answer,
        )


@transaction.atomic
def letter_close(*, actor: User, letter: Letter, closed_on: date, note: str) -> Letter:
    """End the follow-up of a guided or answered letter (kết thúc theo dõi); the day and the
    reason stay on the audit row."""
    _letter_right(actor, letter)
    letter = lock(letter)
    return _noted_move(
        workflow=LETTER_WORKFLOW,
        row=letter,
        to=Letter.Status.CLOSED,
        actor=actor,
        day=("closed_on", closed_on),
        text=("note", note),
        after=letter.answered_on or letter.handled_on,
    )


@transaction.atomic
def letter_extend(
    *,
    actor: User,
    letter: Letter,
    new_due_on: date,
    reason: str,
    document_number: str,
    document_date: date,
) -> Letter:
    """A complex case's extension, on the approving document (the engine keeps it)."""
    _letter_right(actor, letter)
    if letter.obligation_id is None:
        raise ValidationError(_("Đơn chưa được chuyển, không có thời hạn để gia hạn."), code="open")
    followups.obligation_extend(
        actor=actor,
        obligation=letter.obligation,
        new_due_on=new_due_on,
        reason=reason,
        document_number=document_number,
        document_date=document_date,
    )
    return letter


@transaction.atomic
def letter_withdraw(*, actor: User, letter: Letter, reason: str) -> Letter:
    """Withdraw a letter entered in error (never deleted); its obligation leaves the lists."""
    _letter_right(actor, letter)
    with statistics.tracking(rows=[letter.pk], summary=statistics.LETTERS):
        letter = _withdraw(actor, lock(letter), reason)
        if letter.obligation_id is not None and letter.obligation.withdrawn_at is None:
            followups.obligation_withdraw(actor=actor, obligation=letter.obligation, reason=reason)
    return letter

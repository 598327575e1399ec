"""Entry pages of the petition flow (issue 13): a clerk records a contact meeting, types the
opinions raised there with their items in one form (likely duplicates offered while typing),
then moves each item on: split, classify, merge and unmerge, link to the earlier one it repeats,
transfer, answer, assess, voters informed. And the items list as Excel.

Each view: login, a scoped read (out of scope is a 404), the right from councils.scoping (no
right is a 403, and the control is not shown), a form, one service, redirect (STYLE.md §2.6).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import exports as export_services
from core.forms import WithdrawForm, add_service_errors, submit
from core.paging import paginate
from core.text import grouped
from core.uploads import XLSX
from councils import scoping
from councils.models import Body, Capability, Council
from councils.selectors import agency_list, council_list, delegate_list
from sessions.selectors import session_choices
from voters import item_exports, selectors, services
from voters.filters import MEETING_SORT
from voters.forms_items import (
    MAX_ITEM_ROWS,
    CouncilPickForm,
    ItemAnswerForm,
    ItemAssessForm,
    ItemClassifyForm,
    ItemCloseForm,
    ItemInformForm,
    ItemLinkForm,
    ItemMergeForm,
    ItemReportForm,
    ItemRowForm,
    ItemRowFormSet,
    ItemSplitForm,
    ItemTransferForm,
    MeetingForm,
    PetitionForm,
)
from voters.models import ContactMeeting, PetitionItem

PAGE_SIZE = 50
COUNT_CAP = 10_000
ROW_PREFIX = re.compile(r"items-[0-9]{1,2}")
_S = PetitionItem.Status


def _posted(request: HttpRequest):
    """The form's data on a POST, even an empty one (`request.POST or None` would leave an
    empty POST unbound, and silently accepted)."""
    return request.POST if request.method == "POST" else None


# --- contact meetings ----------------------------------------------------------------------------


def _meeting(request: HttpRequest, pk: int) -> ContactMeeting:
    try:
        return selectors.meeting_get(user=request.user, pk=pk)
    except ContactMeeting.DoesNotExist:
        raise Http404 from None


def _may_record(user, meeting: ContactMeeting) -> bool:
    return scoping.can(user, Capability.OWN_VOTER_WORK, meeting.council, obj=meeting)


def _meeting_form(request: HttpRequest, council: Council, **kwargs: Any) -> MeetingForm:
    user = request.user
    return MeetingForm(
        _posted(request),
        sessions=session_choices(user=user, council=council),
        delegates=delegate_list(user=user, council=council).filter(council=council),
        **kwargs,
    )


@login_required
@require_GET
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    """Contact meetings in scope (a delegate: their own), newest first."""
    rows = selectors.meeting_list(user=request.user, filters=request.GET)
    page = paginate(rows, request.GET.get("page"), per_page=PAGE_SIZE, cap=COUNT_CAP)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "voters/items/meeting_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "sorting": MEETING_SORT,
            "may_add": scoping.can_somewhere(request.user, Capability.OWN_VOTER_WORK),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest) -> HttpResponse:
    """A new meeting; its council is chosen first (`?council=`), so the sessions and delegates
    offered are that council's. A clerk of one council has nothing to choose."""
    user = request.user
    councils = scoping.councils_where(user, Capability.OWN_VOTER_WORK).order_by("unit__path")
    picker = CouncilPickForm(request.GET if "council" in request.GET else None, councils=councils)
    if picker.is_bound:
        council = picker.cleaned_data["council"] if picker.is_valid() else None
    else:
        only = list(councils[:2])
        council = only[0] if len(only) == 1 else None
        if not only:
            raise PermissionDenied
    form = None
    if council is not None:
        form = _meeting_form(request, council)
        saved = submit(
            request,
            form,
            lambda values: services.meeting_create(actor=user, council=council, **values),
            check=lambda values: services.meeting_check(council=council, **values),
        )
        if saved is not None:
            messages.success(request, _("Đã ghi cuộc tiếp xúc cử tri; nhập các ý kiến cử tri."))
            return redirect("voters:petition_create", pk=saved.pk)
    elif request.method == "POST":
        raise PermissionDenied  # a meeting is posted only with its council chosen
    return render(
        request,
        "voters/items/meeting_form.html",
        {"picker": picker, "form": form, "council": council},
    )


@login_required
@require_GET
def meeting_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting with the opinions raised there and their items."""
    meeting = _meeting(request, pk)
    petitions = selectors.meeting_petitions(user=request.user, meeting=meeting)
    return render(
        request,
        "voters/items/meeting_detail.html",
        {
            "meeting": meeting,
            "petitions": petitions,
            "items_count": sum(len(p.items.all()) for p in petitions),
            "may_record": _may_record(request.user, meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = _meeting(request, pk)
    scoping.require(_may_record(user, meeting))
    initial = {
        "kind": meeting.kind,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "session": meeting.session_id,
        "voters_count": meeting.voters_count,
        "front_cohost": meeting.front_cohost,
        "delegates": [d.pk for d in meeting.delegates.all()],
        "delegate": meeting.delegate_id,
        "minutes": meeting.minutes,
    }
    form = _meeting_form(request, meeting.council, initial=initial)
    saved = submit(
        request,
        form,
        lambda values: services.meeting_update(actor=user, meeting=meeting, **values),
        check=lambda values: services.meeting_check(council=meeting.council, **values),
    )
    if saved is not None:
        messages.success(request, _("Đã lưu cuộc tiếp xúc cử tri."))
        return redirect("voters:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "voters/items/meeting_form.html",
        {"form": form, "council": meeting.council, "meeting": meeting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a meeting typed in error (never deleted): it leaves the lists."""
    user = request.user
    meeting = _meeting(request, pk)
    scoping.require(_may_record(user, meeting))
    form = WithdrawForm(_posted(request))
    done = submit(
        request,
        form,
        lambda values: services.meeting_withdraw(actor=user, meeting=meeting, **values),
    )
    if done is not None:
        messages.success(request, _("Đã rút cuộc tiếp xúc cử tri."))
        return redirect("voters:meeting_list")
    return render(
        request,
        "withdraw_confirm.html",
        {
            "form": form,
            "record": meeting,
            "back": reverse("voters:meeting_detail", args=[meeting.pk]),
        },
    )


# --- opinions and their items typed at a meeting ---------------------------------------------


def _merge_targets(user, ids: set[int]) -> dict[int, PetitionItem]:
    """The items a new one is merged into, read in the user's scope (others are not found)."""
    if not ids:
        return {}
    rows = selectors.petition_item_list(user=user).filter(pk__in=ids)
    return {row.pk: row for row in rows}


@login_required
@require_http_methods(["GET", "POST"])
def petition_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An opinion raised at the meeting with its items, in one form; "save and add another"
    comes back to an empty form for the next opinion."""
    user = request.user
    meeting = _meeting(request, pk)
    scoping.require(_may_record(user, meeting))
    form = PetitionForm(_posted(request))
    rows = ItemRowFormSet(_posted(request), prefix="items")
    if request.method == "POST":
        valid = form.is_valid() & rows.is_valid()  # both validated: every error at once
        if valid:
            typed = [r for r in rows if (r.cleaned_data.get("content") or "").strip()]
            targets = _merge_targets(user, {r.cleaned_data["merge_into"] for r in typed} - {None})
            merges = {}
            for index, row in enumerate(typed):
                wanted = row.cleaned_data.get("merge_into")
                if wanted is None:
                    continue
                if wanted not in targets:
                    row.add_error("content", _("Không tìm thấy nội dung cần gộp vào."))
                    valid = False
                merges[index] = targets.get(wanted)
        if valid:
            try:
                services.petition_create_merging(
                    actor=user,
                    meeting=meeting,
                    merges=merges,
                    items=[r.cleaned_data["content"] for r in typed],
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu ý kiến cử tri."))
                if "save_next" in request.POST:
                    return redirect("voters:petition_create", pk=meeting.pk)
                return redirect("voters:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "voters/items/petition_form.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": rows,
            "next_index": rows.total_form_count(),
            "may_merge": scoping.can(user, Capability.EDIT, meeting.council),
        },
    )


@login_required
@require_GET
def petition_item_row_view(request: HttpRequest) -> HttpResponse:
    """One more empty item row for the opinion form (htmx), with the form count updated."""
    try:
        index = int(request.GET.get("index", ""))
        council = int(request.GET.get("council", ""))
    except ValueError:
        raise Http404 from None
    if not 0 <= index < MAX_ITEM_ROWS:
        raise Http404
    get_object_or_404(council_list(user=request.user), pk=council)
    row = ItemRowForm(prefix=f"items-{index}")
    return render(
        request,
        "voters/items/_item_row.html",
        {
            "row": row,
            "index": index,
            "council_id": council,
            "next_index": index + 1,
            "max_rows": MAX_ITEM_ROWS,
            "oob": True,
        },
    )


@login_required
@require_GET
def petition_item_suggest_view(request: HttpRequest) -> HttpResponse:
    """Likely duplicates of the text being typed (htmx, on a pause in typing): the council's
    lineage in the user's scope; on an opinion's row, each can be chosen to merge into."""
    user = request.user
    try:
        council_id = int(request.GET.get("council", ""))
    except ValueError:
        raise Http404 from None
    council = get_object_or_404(council_list(user=user), pk=council_id)
    row = request.GET.get("row", "")
    if row and not ROW_PREFIX.fullmatch(row):
        raise Http404
    text = request.GET.get(f"{row}-content" if row else "text", "")
    found = selectors.duplicate_suggestions(user=user, text=text, council=council)
    chosen = request.GET.get(f"{row}-merge_into", "") if row else ""
    return render(
        request,
        "voters/items/_suggestions.html",
        {
            "found": found,
            "row": row,
            "chosen": chosen,
            "may_merge": bool(row) and scoping.can(user, Capability.EDIT, council),
        },
    )


# --- the steps of an item ----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemAction:
    """One step of an item's page: its form, the service it calls, and when it is offered."""

    title: Any
    form: type
    run: Callable[..., Any]  # (actor, item, values) -> the service's result
    done: Any
    shown: Callable[[PetitionItem], bool]
    form_kwargs: Callable[..., dict] = lambda user, item: {}
    files: bool = False


def _bans(user, item: PetitionItem) -> dict:
    bans = (
        Body.objects.visible_to(user)
        .filter(council_id=item.council_id, kind=Body.Kind.COMMITTEE)
        .order_by("name", "id")
    )
    return {"bans": bans}


def _agencies(user, item: PetitionItem) -> dict:
    agencies = agency_list(user=user).filter(council_id=item.council_id).order_by("name", "id")
    return {"agencies": agencies}


def _candidates(user, item: PetitionItem) -> list[PetitionItem]:
    """Items of the same council that look like this one and may still be merged into it."""
    found = selectors.duplicate_suggestions(user=user, text=item.content, council=item.council)
    return [
        c
        for c in found
        if c.pk != item.pk and c.council_id == item.council_id and c.merged_into_id is None
    ]


def _in_scope(user, pk: int | None, field: str) -> PetitionItem | None:
    if pk is None:
        return None
    found = selectors.petition_item_list(user=user).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("Không tìm thấy nội dung mã %(pk)s.") % {"pk": pk}})
    return found


def _merge(actor, item: PetitionItem, values: dict) -> PetitionItem:
    rows = [_in_scope(actor, pk, "items") for pk in values["ids"]]
    return services.petition_items_merge(actor=actor, into=item, items=rows)


def _link(actor, item: PetitionItem, values: dict) -> PetitionItem:
    earlier = _in_scope(actor, values["earlier"], "earlier")
    return services.petition_item_link_repeated(actor=actor, item=item, earlier=earlier)


def _open(item: PetitionItem) -> bool:
    return item.status in (_S.RECEIVED, _S.CLASSIFIED) and item.merged_into_id is None


def _assessable(item: PetitionItem) -> bool:
    """Answered, assessed, or reported while still in progress (assessed again later)."""
    if item.status == _S.REPORTED:
        return item.assessment == PetitionItem.Assessment.IN_PROGRESS
    return item.status in (_S.ANSWERED, _S.ASSESSED)


ACTIONS: dict[str, ItemAction] = {
    "split": ItemAction(
        gettext_lazy("Tách nội dung"),
        ItemSplitForm,
        lambda actor, item, v: services.petition_item_split(actor=actor, item=item, **v),
        gettext_lazy("Đã tách nội dung."),
        _open,
    ),
    "classify": ItemAction(
        gettext_lazy("Phân loại"),
        ItemClassifyForm,
        lambda actor, item, v: services.petition_item_classify(actor=actor, item=item, **v),
        gettext_lazy("Đã phân loại nội dung."),
        lambda item: item.status in (_S.RECEIVED, _S.CLASSIFIED),
        _bans,
    ),
    "merge": ItemAction(
        gettext_lazy("Gộp các ý kiến trùng vào nội dung này"),
        ItemMergeForm,
        _merge,
        gettext_lazy("Đã gộp vào nội dung tổng hợp."),
        lambda item: item.merged_into_id is None and item.obligation_id is None,
        lambda user, item: {"candidates": _candidates(user, item)},
    ),
    "link": ItemAction(
        gettext_lazy("Liên kết với kiến nghị kỳ trước"),
        ItemLinkForm,
        _link,
        gettext_lazy("Đã lưu liên kết với kiến nghị kỳ trước."),
        lambda item: True,
    ),
    "transfer": ItemAction(
        gettext_lazy("Chuyển cơ quan trả lời"),
        ItemTransferForm,
        lambda actor, item, v: services.petition_item_transfer(actor=actor, item=item, **v),
        gettext_lazy("Đã chuyển cơ quan trả lời; việc trả lời được theo dõi hạn."),
        lambda item: item.status == _S.CLASSIFIED and item.merged_into_id is None,
        _agencies,
    ),
    "answer": ItemAction(
        gettext_lazy("Ghi nhận trả lời"),
        ItemAnswerForm,
        lambda actor, item, v: services.petition_item_answer(actor=actor, item=item, **v),
        gettext_lazy("Đã ghi nhận trả lời."),
        lambda item: item.status == _S.TRANSFERRED,
        files=True,
    ),
    "assess": ItemAction(
        gettext_lazy("Đánh giá kết quả"),
        ItemAssessForm,
        lambda actor, item, v: services.petition_item_assess(actor=actor, item=item, **v),
        gettext_lazy("Đã đánh giá kết quả giải quyết."),
        _assessable,
    ),
    "report": ItemAction(
        gettext_lazy("Đã báo cáo tại kỳ họp"),
        ItemReportForm,
        lambda actor, item, v: services.petition_item_report(actor=actor, item=item, **v),
        gettext_lazy("Đã ghi việc báo cáo kết quả tại kỳ họp."),
        lambda item: item.status == _S.ASSESSED,
    ),
    "close": ItemAction(
        gettext_lazy("Kết thúc theo dõi"),
        ItemCloseForm,
        lambda actor, item, v: services.petition_item_close(actor=actor, item=item, **v),
        gettext_lazy("Đã kết thúc theo dõi kiến nghị."),
        lambda item: (
            item.status == _S.REPORTED and item.assessment != PetitionItem.Assessment.IN_PROGRESS
        ),
    ),
    "inform": ItemAction(
        gettext_lazy("Đã thông tin lại cử tri"),
        ItemInformForm,
        lambda actor, item, v: services.petition_item_inform_voters(actor=actor, item=item, **v),
        gettext_lazy("Đã ghi ngày thông tin lại cử tri."),
        lambda item: item.answered_on is not None,
    ),
}


def _item(request: HttpRequest, pk: int) -> PetitionItem:
    try:
        return selectors.petition_item_get(user=request.user, pk=pk)
    except PetitionItem.DoesNotExist:
        raise Http404 from None


def may_handle(user, item: PetitionItem) -> bool:
    """Whether the item's steps are offered: the office's handling right at its council."""
    return scoping.can(user, Capability.EDIT, item.council)


def item_actions(user, item: PetitionItem) -> list[tuple[str, Any]]:
    """The steps offered on the item's page now (none for a reader)."""
    if not may_handle(user, item):
        return []
    return [(name, action.title) for name, action in ACTIONS.items() if action.shown(item)]


@login_required
@require_http_methods(["GET", "POST"])
def petition_item_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of an item: its form, its service, back to the item."""
    user = request.user
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    item = _item(request, pk)
    scoping.require(may_handle(user, item) and step.shown(item))  # offered now, or refused
    data = _posted(request)
    files = request.FILES if step.files and request.method == "POST" else None
    form = step.form(data, files, **step.form_kwargs(user, item))
    done = submit(request, form, lambda values: step.run(user, item, values))
    if done is not None:
        messages.success(request, str(step.done))
        return redirect("voters:petition_item_detail", pk=item.pk)
    return render(
        request,
        "voters/items/item_action.html",
        {"item": item, "form": form, "title": step.title, "action": action},
    )


@login_required
@require_POST
def petition_item_unmerge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an item back out of its compiled item (the merge row keeps who undid it)."""
    user = request.user
    item = _item(request, pk)
    scoping.require(may_handle(user, item))
    try:
        services.petition_item_unmerge(actor=user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã tách nội dung khỏi nội dung tổng hợp."))
    return redirect("voters:petition_item_detail", pk=item.pk)


# --- Excel ------------------------------------------------------------------------------------


@login_required
@require_GET
def petition_item_export_view(request: HttpRequest) -> HttpResponse:
    """The items list with the same query string, all pages, as .xlsx; a big list goes to a
    worker (core.exports)."""
    today = timezone.localdate()
    name = f"kien-nghi-cu-tri-{today:%Y%m%d}.xlsx"
    rows = selectors.petition_item_list(user=request.user, filters=request.GET, today=today)
    if export_services.wants_queue(rows):
        export = export_services.export_start(
            user=request.user,
            kind=item_exports.KIND,
            title=_("Kiến nghị cử tri (hơn %(rows)s dòng)")
            % {"rows": grouped(settings.EXPORT_SYNC_ROWS)},
            params=request.GET.urlencode(),
            filename=name,
        )
        return redirect("core:export_detail", pk=export.pk)
    workbook, _rows = item_exports.petition_item_workbook_rows(
        user=request.user, filters=request.GET
    )
    return FileResponse(workbook, as_attachment=True, filename=name, content_type=XLSX.content_type)

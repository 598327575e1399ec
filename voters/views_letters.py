"""Entry pages of issue 13 for letters, the reception log and its schedule, and their Excel
exports (the reception log in the layout of Form 03 of Circular 04/2021/TT-TTCP).

Each view: login, a scoped read (out of scope is a 404), a right checked by councils.scoping (a
reader who may not act gets a 403 and sees no control), a form, one service, redirect (STYLE.md
§2.6). "Lưu và nhập tiếp" returns to a blank form that keeps the council, date and channel.
Citizens' personal data is never put back into a form for a reader who may not see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core import exports as export_services
from core.forms import WithdrawForm, submit
from core.text import grouped
from core.uploads import XLSX
from core.viewlog import record_view
from councils import scoping
from councils.models import Agency, Capability, Council, Delegate
from councils.selectors import council_list, councils_editable_by, home_council
from voters import exports, selectors, services
from voters.forms_letters import (
    WEEKDAYS,
    LetterAnswerForm,
    LetterClassifyForm,
    LetterCloseForm,
    LetterDuplicateForm,
    LetterExtendForm,
    LetterForm,
    LetterForwardForm,
    LetterHandleForm,
    ReceptionForm,
    ReceptionScheduleFilterForm,
    ReceptionScheduleForm,
)
from voters.models import LETTER_WORKFLOW, Letter, Reception, ReceptionSchedule

PERSONAL = ("person_name", "address", "id_number", "phone")


# --- shared --------------------------------------------------------------------------------------


def _entry_council(request: HttpRequest, councils: QuerySet[Council]) -> Council | None:
    """The council a new entry goes to: the one typed or carried over (POST, then the query
    string), else the user's own, among those the user may enter."""
    raw = request.POST.get("council") or request.GET.get("council")
    if raw and raw.isdigit():
        return councils.filter(pk=int(raw)).first()
    own = home_council(request.user)
    return councils.filter(pk=own.pk).first() if own is not None else None


def _again(name: str, **kept: object) -> str:
    """The blank form again, keeping what a run of entries shares."""
    query = {k: v for k, v in kept.items() if v not in (None, "")}
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _with_council(check: Callable[..., Any], data: dict[str, Any]) -> Any:
    """Run a service's rules on a form whose council did not parse yet (an empty council then:
    the rules of the council's own records are left to the next round)."""
    return check(**{**data, "council": data.get("council") or Council()})


def _export(request: HttpRequest, *, kind: str, name: str, title: str, rows: QuerySet, build):
    """A list's rows with the page's query string as .xlsx; a big one goes to a worker."""
    if export_services.wants_queue(rows):
        export = export_services.export_start(
            user=request.user,
            kind=kind,
            title=_("%(title)s (hơn %(rows)s dòng)")
            % {"title": title, "rows": grouped(settings.EXPORT_SYNC_ROWS)},
            params=request.GET.urlencode(),
            filename=name,
        )
        return redirect("core:export_detail", pk=export.pk)
    workbook, _rows = build(user=request.user, filters=request.GET)
    return FileResponse(workbook, as_attachment=True, filename=name, content_type=XLSX.content_type)


# --- letters -------------------------------------------------------------------------------------


def _letter_councils(user) -> QuerySet[Council]:
    return councils_editable_by(user)


@login_required
@require_http_methods(["GET", "POST"])
def letter_create_view(request: HttpRequest) -> HttpResponse:
    """Register a letter (and classify it when the category is known), keyboard first."""
    user = request.user
    councils = _letter_councils(user)
    if not scoping.can_somewhere(user, Capability.EDIT):
        raise PermissionDenied
    council = _entry_council(request, councils)
    initial = {
        "council": council,
        "received_on": request.GET.get("received_on") or _day(timezone.localdate()),
        "channel": request.GET.get("channel", ""),
    }
    form = LetterForm(request.POST or None, initial=initial, councils=councils)
    letter = submit(
        request,
        form,
        lambda data: services.letter_create(actor=user, **data),
        check=lambda data: services.letter_create_check(**data),
    )
    if letter is not None:
        messages.success(request, _("Đã vào sổ đơn thư #%(id)s.") % {"id": letter.pk})
        if "add_another" in request.POST:
            return redirect(
                _again(
                    "voters:letter_create",
                    council=letter.council_id,
                    received_on=_day(letter.received_on),
                    channel=letter.channel,
                )
            )
        return redirect("voters:letter_detail", pk=letter.pk)
    return render(request, "voters/letter_form.html", {"form": form})


@dataclass(frozen=True)
class LetterAction:
    """One handling step of a letter: its form, its service, and when it is offered."""

    title: str
    done: str
    form: type
    service: Callable[..., Letter]
    offered: Callable[[Letter], bool]


def _moves_to(status: str) -> Callable[[Letter], bool]:
    return lambda letter: status in LETTER_WORKFLOW.allowed(letter.status)


LETTER_ACTIONS: dict[str, LetterAction] = {
    "classify": LetterAction(
        gettext_lazy("Phân loại đơn"),
        gettext_lazy("Đã phân loại đơn."),
        LetterClassifyForm,
        services.letter_classify,
        _moves_to(Letter.Status.CLASSIFIED),
    ),
    "duplicate": LetterAction(
        gettext_lazy("Đánh dấu đơn trùng"),
        gettext_lazy("Đã cập nhật liên kết đơn trùng."),
        LetterDuplicateForm,
        services.letter_mark_duplicate,
        lambda letter: True,
    ),
    "forward": LetterAction(
        gettext_lazy("Chuyển đơn"),
        gettext_lazy("Đã chuyển đơn; hạn trả lời được theo dõi."),
        LetterForwardForm,
        services.letter_forward,
        _moves_to(Letter.Status.FORWARDED),
    ),
    "guide": LetterAction(
        gettext_lazy("Hướng dẫn công dân"),
        gettext_lazy("Đã ghi việc hướng dẫn công dân."),
        LetterHandleForm,
        services.letter_guide,
        _moves_to(Letter.Status.GUIDED),
    ),
    "file": LetterAction(
        gettext_lazy("Lưu đơn"),
        gettext_lazy("Đã lưu đơn."),
        LetterHandleForm,
        services.letter_file,
        _moves_to(Letter.Status.FILED),
    ),
    "answer": LetterAction(
        gettext_lazy("Ghi kết quả giải quyết"),
        gettext_lazy("Đã ghi kết quả giải quyết."),
        LetterAnswerForm,
        services.letter_answer,
        _moves_to(Letter.Status.ANSWERED),
    ),
    "extend": LetterAction(
        gettext_lazy("Gia hạn (vụ việc phức tạp)"),
        gettext_lazy("Đã gia hạn."),
        LetterExtendForm,
        services.letter_extend,
        lambda letter: letter.status == Letter.Status.FORWARDED and letter.obligation_id,
    ),
    "close": LetterAction(
        gettext_lazy("Kết thúc theo dõi"),
        gettext_lazy("Đã kết thúc theo dõi đơn."),
        LetterCloseForm,
        services.letter_close,
        _moves_to(Letter.Status.CLOSED),
    ),
    "withdraw": LetterAction(
        gettext_lazy("Rút đơn nhập nhầm"),
        gettext_lazy("Đã rút đơn thư khỏi sổ."),
        WithdrawForm,
        services.letter_withdraw,
        lambda letter: True,
    ),
}


def letter_actions(user, letter: Letter) -> list[tuple[str, str]]:
    """The steps the page offers: none to a reader who may not edit the letter's council."""
    if not scoping.can(user, Capability.EDIT, letter.council):
        return []
    return [(key, str(a.title)) for key, a in LETTER_ACTIONS.items() if a.offered(letter)]


def _action_form(request: HttpRequest, action: str, letter: Letter):
    user = request.user
    form_class = LETTER_ACTIONS[action].form
    data = request.POST or None
    if action == "duplicate":
        return form_class(
            data,
            initial={"duplicate_of": letter.duplicate_of_id},
            candidates=selectors.letter_duplicate_candidates(user=user, letter=letter),
            shown=selectors.letter_duplicate_shown(user=user, letter=letter),
        )
    if action == "forward":
        agencies = Agency.objects.visible_to(user).filter(council=letter.council).order_by("name")
        today = _day(timezone.localdate())
        return form_class(data, initial={"transfer_date": today}, agencies=agencies)
    if action in ("guide", "file"):
        return form_class(data, initial={"handled_on": _day(timezone.localdate())})
    return form_class(data)


@login_required
@require_http_methods(["GET", "POST"])
def letter_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One handling step of a letter (classify, duplicate, forward, guide, file, answer, extend,
    withdraw): offered only when the letter's state allows it and the user may edit."""
    if action not in LETTER_ACTIONS:
        raise Http404
    user = request.user
    today = timezone.localdate()
    try:
        letter = selectors.letter_get(user=user, pk=pk, today=today)
    except ObjectDoesNotExist:
        raise Http404 from None
    if action not in dict(letter_actions(user, letter)):
        raise PermissionDenied
    step = LETTER_ACTIONS[action]
    form = _action_form(request, action, letter)
    done = submit(request, form, lambda data: step.service(actor=user, letter=letter, **data))
    if done is not None:
        messages.success(request, str(step.done))
        if action == "withdraw":
            return redirect("voters:letter_list")
        return redirect("voters:letter_detail", pk=letter.pk)
    term = None
    if action == "forward":
        on = getattr(form, "cleaned_data", {}).get("transfer_date")
        term = selectors.letter_term(letter, on or today)
    return render(
        request,
        "voters/letter_action.html",
        {"letter": letter, "form": form, "title": step.title, "action": action, "term": term},
    )


@login_required
@require_GET
def letter_export_view(request: HttpRequest) -> HttpResponse:
    """The letters list as filtered, all pages, as .xlsx (senders masked as on the page)."""
    today = timezone.localdate()
    return _export(
        request,
        kind=exports.LETTERS,
        name=f"don-thu-{today:%Y%m%d}.xlsx",
        title=_("Đơn thư"),
        rows=selectors.letter_list(user=request.user, filters=request.GET, today=today),
        build=exports.letter_workbook_rows,
    )


# --- receptions ----------------------------------------------------------------------------------


def _reception_choices(user, council: Council | None) -> dict[str, QuerySet]:
    if council is None:
        return {
            "agencies": Agency.objects.none(),
            "delegates": Delegate.objects.none(),
            "schedules": ReceptionSchedule.objects.none(),
        }
    return {
        "agencies": Agency.objects.visible_to(user).filter(council=council).order_by("name"),
        "delegates": scoping.voter_work_delegates(
            user, council, Delegate.objects.filter(council=council).order_by("full_name")
        ),
        "schedules": selectors.reception_schedule_list(user=user).filter(council=council),
    }


def _reception_councils(user) -> QuerySet[Council]:
    return (
        scoping.councils_where(user, Capability.OWN_VOTER_WORK)
        .filter(pk__in=council_list(user=user).values("pk"))
        .select_related("unit")
        .order_by("unit__path")
    )


@login_required
@require_http_methods(["GET", "POST"])
def reception_create_view(request: HttpRequest) -> HttpResponse:
    """One line of the reception log (a group: one line, N persons), keyboard first."""
    user = request.user
    if not scoping.can_somewhere(user, Capability.OWN_VOTER_WORK):
        raise PermissionDenied
    councils = _reception_councils(user)
    council = _entry_council(request, councils)
    initial = {
        "council": council,
        "received_on": request.GET.get("received_on") or _day(timezone.localdate()),
        "receiver_name": request.GET.get("receiver_name", ""),
        "delegate": request.GET.get("delegate") or None,
        "schedule": request.GET.get("schedule") or None,
    }
    form = ReceptionForm(
        request.POST or None,
        initial=initial,
        councils=councils,
        **_reception_choices(user, council),
    )
    reception = submit(
        request,
        form,
        lambda data: services.reception_create(actor=user, **data),
        check=lambda data: _with_council(services.reception_check, data),
    )
    if reception is not None:
        messages.success(request, _("Đã ghi lượt tiếp công dân."))
        if "add_another" in request.POST:
            return redirect(
                _again(
                    "voters:reception_create",
                    council=reception.council_id,
                    received_on=_day(reception.received_on),
                    receiver_name=reception.receiver_name,
                    delegate=reception.delegate_id,
                    schedule=reception.schedule_id,
                )
            )
        return redirect("voters:reception_detail", pk=reception.pk)
    return render(request, "voters/reception_form.html", {"form": form})


def _reception_for_change(request: HttpRequest, pk: int) -> Reception:
    try:
        reception = selectors.reception_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    if not reception_may_change(request.user, reception):
        raise PermissionDenied
    return reception


def reception_may_change(user, reception: Reception) -> bool:
    return scoping.can(user, Capability.OWN_VOTER_WORK, reception.council, obj=reception)


@login_required
@require_http_methods(["GET", "POST"])
def reception_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a line of the log; without the personal-data capability the citizen's data is
    neither shown nor changed here."""
    user = request.user
    reception = _reception_for_change(request, pk)
    visible = bool(reception.personal_visible)
    initial = {name: getattr(reception, name) for name in services.RECEPTION_FIELDS}
    form = ReceptionForm(
        request.POST or None,
        initial=initial,
        councils=None,
        **_reception_choices(user, reception.council),
    )
    if not visible:
        for name in PERSONAL:
            del form.fields[name]
    elif request.method == "GET":
        record_view(user, reception, request)
    changed = submit(
        request,
        form,
        lambda data: services.reception_update(actor=user, reception=reception, **data),
        check=lambda data: services.reception_check(
            council=reception.council,
            **{**{n: getattr(reception, n) for n in PERSONAL}, **data},
        ),
    )
    if changed is not None:
        messages.success(request, _("Đã sửa lượt tiếp công dân."))
        return redirect("voters:reception_detail", pk=reception.pk)
    return render(
        request,
        "voters/reception_form.html",
        {"form": form, "reception": reception, "masked": not visible},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reception_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a line typed in error: kept in the history with the reason, never deleted."""
    reception = _reception_for_change(request, pk)
    form = WithdrawForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.reception_withdraw(
            actor=request.user, reception=reception, reason=data["reason"]
        ),
    )
    if done is not None:
        messages.success(request, _("Đã rút lượt tiếp khỏi sổ."))
        return redirect("voters:reception_list")
    return render(request, "voters/reception_withdraw.html", {"form": form, "reception": reception})


@login_required
@require_GET
def reception_export_view(request: HttpRequest) -> HttpResponse:
    """The reception log of the filtered period in the layout of Form 03, as .xlsx."""
    today = timezone.localdate()
    return _export(
        request,
        kind=exports.RECEPTIONS,
        name=f"so-tiep-cong-dan-{today:%Y%m%d}.xlsx",
        title=_("Sổ tiếp công dân"),
        rows=selectors.reception_list(user=request.user, filters=request.GET),
        build=exports.reception_log_workbook_rows,
    )


# --- reception schedule --------------------------------------------------------------------------


def _month(value: date | None) -> tuple[date, date]:
    first = (value or timezone.localdate()).replace(day=1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last


@login_required
@require_GET
def reception_schedule_list_view(request: HttpRequest) -> HttpResponse:
    """The schedules in force during a month and the reception days they give that month."""
    user = request.user
    form = ReceptionScheduleFilterForm(request.GET or None, councils=council_list(user=user))
    chosen: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    first, last = _month(chosen.get("month"))
    schedules = list(
        selectors.reception_schedule_list(user=user, council=chosen.get("council"))
        .exclude(valid_to__lt=first)
        .exclude(valid_from__gt=last)[:500]
    )
    days = selectors.reception_schedule_days(schedules, first, last)
    weekdays = dict(WEEKDAYS)
    for schedule in schedules:
        schedule.weekday_label = weekdays.get(schedule.weekday, "")
    return render(
        request,
        "voters/reception_schedule_list.html",
        {
            "form": form,
            "schedules": schedules,
            "days": days,
            "first": first,
            "previous": _day(first - timedelta(days=1))[3:],
            "next": _day(last + timedelta(days=1))[3:],
            "may_add": scoping.can_somewhere(user, Capability.EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reception_schedule_create_view(request: HttpRequest) -> HttpResponse:
    """The standing committee's schedule (its own days, or a delegate's) for a period."""
    user = request.user
    if not scoping.can_somewhere(user, Capability.EDIT):
        raise PermissionDenied
    councils = councils_editable_by(user)
    council = _entry_council(request, councils)
    delegates = (
        Delegate.objects.filter(council=council).order_by("full_name")
        if council is not None
        else Delegate.objects.none()
    )
    form = ReceptionScheduleForm(
        request.POST or None,
        initial={"council": council},
        councils=councils,
        delegates=delegates,
    )
    schedule = submit(
        request,
        form,
        lambda data: services.reception_schedule_create(actor=user, **data),
        check=lambda data: _with_council(services.reception_schedule_check, data),
    )
    if schedule is not None:
        messages.success(request, _("Đã ghi lịch tiếp công dân."))
        return redirect(
            f"{reverse('voters:reception_schedule_list')}?council={schedule.council_id}"
        )
    return render(request, "voters/reception_schedule_form.html", {"form": form})

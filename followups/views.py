"""Follow-up pages: the "due and overdue" list and its Excel export, one obligation and its
actions (extend, report, escalate, close, reopen), evidence downloads.

Each view: login, scoped fetch (out of scope is a 404), the right to act (403), a form, one
service, render or redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import exports as export_services
from core.forms import submit
from core.paging import paginate
from core.text import grouped
from core.uploads import XLSX
from councils import rules, scoping
from councils.models import Agency
from councils.selectors import agency_list, council_list, councils_editable_by
from followups import exports, selectors, services
from followups.filters import OBLIGATION_SORT
from followups.forms import (
    HolidayForm,
    HolidayYearForm,
    ObligationCloseForm,
    ObligationCouncilForm,
    ObligationCreateForm,
    ObligationEscalateForm,
    ObligationExclusionForm,
    ObligationExtendForm,
    ObligationFilterForm,
    ObligationReopenForm,
    ObligationReportForm,
    ObligationWithdrawForm,
)
from followups.models import (
    LETTER_STEPS,
    STATE_BADGES,
    EscalationEvent,
    EvidenceFile,
    Holiday,
    Obligation,
)

PAGE_SIZE = 50

BADGES = STATE_BADGES


def _badge(obligation: Obligation) -> Obligation:
    obligation.badge = BADGES.get(obligation.state, "text-bg-secondary")
    return obligation


def _list_rules(today: date) -> tuple[int, int]:
    """(due-soon window, percent decimals): the national rules, in one query."""
    values = rules.rule_values(None, today, [rules.DUE_SOON_DAYS, rules.PERCENT_DECIMALS])
    return int(values[rules.DUE_SOON_DAYS]), int(values[rules.PERCENT_DECIMALS])


# --- the list ----------------------------------------------------------------------------------


@login_required
@require_GET
def obligation_list_view(request: HttpRequest) -> HttpResponse:
    """Everything owed in the user's scope, across every kind; the filters are the query
    string, shared with the Excel export; the counts are those of the filtered rows."""
    user = request.user
    today = timezone.localdate()
    soon, decimals = _list_rules(today)
    form = ObligationFilterForm(request.GET, councils=council_list(user=user))
    form.is_valid()
    rows = selectors.obligation_list(user=user, today=today, filters=request.GET, soon_days=soon)
    counts = selectors.obligation_list_counts(
        user=user, rows=rows, filters=request.GET, today=today, soon_days=soon, decimals=decimals
    )
    # Ids first, counted up to the cap (core.paging): page 50 reads index entries, not rows.
    page = paginate(rows, request.GET.get("page"), per_page=PAGE_SIZE)
    page.object_list = [_badge(o) for o in page.object_list]
    agency = None
    if form.cleaned_data.get("owed_by"):
        agency = Agency.objects.visible_to(user).filter(pk=form.cleaned_data["owed_by"]).first()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "followups/obligation_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "today": today,
            "soon_days": soon,
            "counts_minutes": selectors.NATION_COUNTS_SECONDS // 60,
            "agency": agency,
            "query": query.urlencode(),
            "filtered": any(v for k, v in query.items() if k != "page"),
            "sorting": OBLIGATION_SORT,
        },
    )


@login_required
@require_GET
def obligation_export_view(request: HttpRequest) -> HttpResponse:
    """The same rows as the list with the same query string, all pages, as .xlsx; a big list
    goes to a worker (core.exports)."""
    today = timezone.localdate()
    name = f"viec-den-han-{today:%Y%m%d}.xlsx"
    rows = selectors.obligation_list(user=request.user, today=today, filters=request.GET)
    if export_services.wants_queue(rows):
        export = export_services.export_start(
            user=request.user,
            kind=exports.KIND,
            # Counted only up to the limit; the exact number shows once the file is built.
            title=_("Việc đến hạn và quá hạn (hơn %(rows)s dòng)")
            % {"rows": grouped(settings.EXPORT_SYNC_ROWS)},
            params=request.GET.urlencode(),
            filename=name,
        )
        return redirect("core:export_detail", pk=export.pk)
    workbook, _rows = exports.obligation_workbook_rows(user=request.user, filters=request.GET)
    return FileResponse(workbook, as_attachment=True, filename=name, content_type=XLSX.content_type)


# --- one obligation ----------------------------------------------------------------------------


def _obligation(request: HttpRequest, pk: int) -> Obligation:
    try:
        return selectors.obligation_get(user=request.user, pk=pk, today=timezone.localdate())
    except Obligation.DoesNotExist:
        raise Http404 from None


def _today_text() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


@login_required
@require_GET
def obligation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _badge(_obligation(request, pk))
    user = request.user
    may = {
        name: services.may(user, action, obligation.council, obligation=obligation)
        for name, action in (
            ("extend", services.EXTEND),
            ("report", services.REPORT),
            ("escalate", services.ESCALATE),
            ("close", services.CLOSE),
            ("reopen", services.REOPEN),
            ("exclude", services.EXCLUDE),
            ("withdraw", services.WITHDRAW),
            ("letter", services.LETTER),
        )
    }
    may["withdraw"] = may["withdraw"] and _withdrawable_here(obligation)
    forms_shown = {}
    if not obligation.closed:
        today = {"initial": {"happened_on": _today_text(), "reported_on": _today_text()}}
        for name, form_class in ACTIONS.items():
            if name != "reopen" and may[name]:
                forms_shown[name] = form_class(**today)
    elif may["reopen"]:
        forms_shown["reopen"] = ObligationReopenForm()
    return render(
        request,
        "followups/obligation_detail.html",
        {
            "obligation": obligation,
            **selectors.obligation_history(obligation),
            "forms": forms_shown,
            "may": may,
            "last_step": services.obligation_last_step(obligation),
            "may_letter": may["letter"],
            "letter_steps": LETTER_STEPS,
        },
    )


ACTIONS: dict[str, type[forms.Form]] = {
    "extend": ObligationExtendForm,
    "report": ObligationReportForm,
    "escalate": ObligationEscalateForm,
    "close": ObligationCloseForm,
    "reopen": ObligationReopenForm,
}
TITLES = {
    "extend": gettext_lazy("Gia hạn"),
    "report": gettext_lazy("Ghi báo cáo tiến độ"),
    "escalate": gettext_lazy("Ghi bước đôn đốc, xử lý"),
    "close": gettext_lazy("Kết thúc theo dõi"),
    "reopen": gettext_lazy("Mở lại để theo dõi tiếp"),
}
DONE = {
    "extend": gettext_lazy("Đã gia hạn."),
    "report": gettext_lazy("Đã ghi báo cáo tiến độ."),
    "escalate": gettext_lazy("Đã ghi bước đôn đốc, xử lý."),
    "close": gettext_lazy("Đã kết thúc theo dõi."),
    "reopen": gettext_lazy("Đã mở lại để theo dõi tiếp."),
}


def _action_view(
    name: str, action: str, call: Callable[[Any, Obligation, dict], Any]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """One page per action: GET shows the form, POST calls the service. The five views differ
    only in their form and service, so they are built here rather than copied."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obligation = _obligation(request, pk)
        if not services.may(request.user, action, obligation.council, obligation=obligation):
            raise PermissionDenied
        form = ACTIONS[name](request.POST or None, request.FILES or None)
        saved = submit(request, form, lambda values: call(request.user, obligation, values))
        if saved is not None:
            messages.success(request, DONE[name])
            return redirect(reverse("followups:obligation_detail", args=[obligation.pk]))
        return render(
            request,
            "followups/obligation_action.html",
            {"obligation": obligation, "form": form, "heading": TITLES[name]},
        )

    view.__name__ = f"obligation_{name}_view"
    return view


obligation_extend_view = _action_view(
    "extend",
    services.EXTEND,
    lambda actor, ob, values: services.obligation_extend(actor=actor, obligation=ob, **values),
)
obligation_report_view = _action_view(
    "report",
    services.REPORT,
    lambda actor, ob, values: services.obligation_report(actor=actor, obligation=ob, **values),
)
obligation_escalate_view = _action_view(
    "escalate",
    services.ESCALATE,
    lambda actor, ob, values: services.obligation_escalate(actor=actor, obligation=ob, **values),
)
obligation_close_view = _action_view(
    "close",
    services.CLOSE,
    lambda actor, ob, values: services.obligation_close(actor=actor, obligation=ob, **values),
)
obligation_reopen_view = _action_view(
    "reopen",
    services.REOPEN,
    lambda actor, ob, values: services.obligation_reopen(actor=actor, obligation=ob, **values),
)


@login_required
@require_GET
def evidence_download_view(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence leaves only through here, in scope (the private storage has no URL)."""
    try:
        evidence = selectors.evidence_get(user=request.user, pk=pk)
    except EvidenceFile.DoesNotExist:
        raise Http404 from None
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


# --- a new obligation, its exclusion from the counts, its withdrawal ---------------------------


@login_required
@require_http_methods(["GET", "POST"])
def obligation_create_view(request: HttpRequest) -> HttpResponse:
    """A follow-up opened by hand (kind "other": a standing-committee conclusion...). The
    council is chosen first (`?council=`), so the agencies offered are that council's."""
    user = request.user
    if not services.may_somewhere(user, services.CREATE):
        raise PermissionDenied
    councils = councils_editable_by(user)
    picker = ObligationCouncilForm(
        request.GET if "council" in request.GET else None, councils=councils
    )
    if picker.is_bound:
        council = picker.cleaned_data["council"] if picker.is_valid() else None
    else:  # a clerk of one council has nothing to choose
        only = list(councils[:2])
        council = only[0] if len(only) == 1 else None
    form = None
    if council is not None:
        if not services.may(user, services.CREATE, council):
            raise PermissionDenied
        agencies = agency_list(user=user).filter(council=council).order_by("name_key", "id")
        form = ObligationCreateForm(
            request.POST or None, agencies=agencies, initial={"start_on": _today_text()}
        )
        saved = submit(
            request,
            form,
            lambda values: services.obligation_create(
                actor=user, council=council, kind=Obligation.Kind.OTHER, **values
            ),
            check=lambda values: services.obligation_create_check(council=council, **values),
        )
        if saved is not None:
            messages.success(request, _("Đã thêm việc cần theo dõi."))
            return redirect("followups:obligation_detail", pk=saved.pk)
    elif request.method == "POST":
        raise PermissionDenied  # a new obligation is posted only with its council chosen
    return render(
        request,
        "followups/obligation_create.html",
        {"picker": picker, "form": form, "council": council},
    )


def _obligation_to_change(request: HttpRequest, pk: int, action: str) -> Obligation:
    """In scope (else 404) and the user's to change (else 403)."""
    obligation = _obligation(request, pk)
    if not services.may(request.user, action, obligation.council):
        raise PermissionDenied
    return obligation


EXCLUSION_FIELDS = (
    "exclusion",
    "exclusion_document_number",
    "exclusion_document_date",
    "exclusion_reason",
)


@login_required
@require_http_methods(["GET", "POST"])
def obligation_exclusion_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the item on a roadmap or exempt it, with the approving document, or count it again."""
    obligation = _obligation_to_change(request, pk, services.EXCLUDE)
    form = ObligationExclusionForm(
        request.POST or None, initial={f: getattr(obligation, f) for f in EXCLUSION_FIELDS}
    )
    saved = submit(
        request,
        form,
        lambda values: services.obligation_set_exclusion(
            actor=request.user, obligation=obligation, **values
        ),
    )
    if saved is not None:
        messages.success(
            request,
            _("Đã ghi: %(what)s.") % {"what": saved.get_exclusion_display()}
            if saved.exclusion
            else _("Đã tính lại vào số đến hạn."),
        )
        return redirect("followups:obligation_detail", pk=obligation.pk)
    return render(
        request,
        "followups/obligation_action.html",
        {"obligation": obligation, "form": form, "heading": _("Không tính vào số đến hạn")},
    )


def _withdrawable_here(obligation: Obligation) -> bool:
    """Only what was opened by hand is withdrawn here; an obligation that follows a record (a
    commitment, a resolution's task...) leaves with that record, through its own pages."""
    return obligation.source_type_id is None


@login_required
@require_http_methods(["GET", "POST"])
def obligation_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an obligation typed in error, with the reason; it leaves every list and count."""
    obligation = _obligation_to_change(request, pk, services.WITHDRAW)
    if not _withdrawable_here(obligation):
        raise PermissionDenied
    form = ObligationWithdrawForm(request.POST or None)
    saved = submit(
        request,
        form,
        lambda values: services.obligation_withdraw(
            actor=request.user, obligation=obligation, **values
        ),
    )
    if saved is not None:
        messages.success(request, _("Đã rút “%(what)s”.") % {"what": obligation})
        return redirect("followups:obligation_list")
    return render(
        request,
        "followups/obligation_withdraw.html",
        {
            "form": form,
            "record": obligation,
            "back": reverse("followups:obligation_detail", args=[obligation.pk]),
        },
    )


# --- the holiday table (system administrators) -------------------------------------------------


HOLIDAY_FIELDS = ("day", "kind", "name", "legal_basis")


def _require_calendar_editor(request: HttpRequest) -> None:
    if not scoping.can_manage_settings(request.user):
        raise PermissionDenied


@login_required
@require_GET
def holiday_list_view(request: HttpRequest) -> HttpResponse:
    """One year of the calendar (this year unless `?year=`): holidays, days off, make-up days."""
    _require_calendar_editor(request)
    form = HolidayYearForm(request.GET)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    return render(
        request,
        "followups/holiday_list.html",
        {"holidays": selectors.holiday_list(year=year), "year": year, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def holiday_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add or correct a day; the deadlines computed across it are recomputed by the service."""
    _require_calendar_editor(request)
    holiday = None
    if pk is not None:
        try:
            holiday = selectors.holiday_get(pk=pk)
        except Holiday.DoesNotExist:
            raise Http404 from None
    initial = {f: getattr(holiday, f) for f in HOLIDAY_FIELDS} if holiday else None
    form = HolidayForm(request.POST or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda values: services.holiday_save(actor=request.user, holiday=holiday, **values),
    )
    if saved is not None:
        messages.success(
            request, _("Đã lưu ngày %(day)s.") % {"day": saved.day.strftime("%d/%m/%Y")}
        )
        return redirect(f"{reverse('followups:holiday_list')}?year={saved.day.year}")
    return render(request, "followups/holiday_form.html", {"form": form, "holiday": holiday})


@login_required
@require_POST
def holiday_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_calendar_editor(request)
    try:
        holiday = selectors.holiday_get(pk=pk)
    except Holiday.DoesNotExist:
        raise Http404 from None
    services.holiday_delete(actor=request.user, holiday=holiday)
    messages.success(
        request, _("Đã xóa ngày %(day)s khỏi lịch.") % {"day": holiday.day.strftime("%d/%m/%Y")}
    )
    return redirect(f"{reverse('followups:holiday_list')}?year={holiday.day.year}")


# --- the urging letter -------------------------------------------------------------------------


def _letter_event(request: HttpRequest, pk: int) -> EscalationEvent:
    """An urging step in scope (else 404) whose letter this user may have (else 403)."""
    try:
        event = selectors.escalation_event_get(user=request.user, pk=pk)
    except EscalationEvent.DoesNotExist:
        raise Http404 from None
    if event.step not in LETTER_STEPS:
        raise Http404
    if not services.may(request.user, services.LETTER, event.obligation.council):
        raise PermissionDenied
    return event


@login_required
@require_GET
def escalation_letter_view(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """The urging letter as built (PDF or DOCX); private storage, so only through here."""
    event = _letter_event(request, pk)
    export = event.letter_pdf if fmt == "pdf" else event.letter_docx
    if export is None or export.status != export.Status.DONE or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=fmt == "docx",
        filename=export.filename,
        content_type=export_services.file_kind(export).content_type,
    )


@login_required
@require_POST
def escalation_letter_rebuild_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Build the letter again from the obligation as it stands (in the background)."""
    event = _letter_event(request, pk)
    services.escalation_letter_rebuild(actor=request.user, event=event)
    messages.success(request, _("Đang tạo lại công văn đôn đốc; tải về khi trang báo đã xong."))
    return redirect(reverse("followups:obligation_detail", args=[event.obligation_id]) + "#events")

"""Resolution pages: the register and its Excel export, one resolution and its actions, tasks.

Each view: login, scoped fetch (out of scope is a 404), form, one service, render or redirect.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import exports as export_services
from core.forms import submit
from core.paging import paginate
from core.text import grouped
from core.uploads import PDF, XLSX
from councils import rules, scoping
from councils.models import Council
from councils.selectors import agency_list, council_list, councils_editable_by
from resolutions import exports, selectors, services
from resolutions.filters import RESOLUTION_SORT
from resolutions.forms import (
    RegisterFilterForm,
    ResolutionCorrectForm,
    ResolutionDraftForm,
    ResolutionIssueForm,
    ResolutionLinkForm,
    ResolutionRegisterForm,
    ResolutionTransitionForm,
    TaskCloseForm,
    TaskForm,
    TaskReportForm,
)
from resolutions.models import ImplementationTask, Resolution
from sessions.models import Session, Vote
from sessions.selectors import item_choices, session_choices

if TYPE_CHECKING:
    pass


# Bootstrap badge per status: green while in force, grey once its effect has ended.
BADGES: dict[str, str] = {
    Resolution.Status.DRAFT: "text-bg-light border",
    Resolution.Status.UNDER_REVIEW: "text-bg-info",
    Resolution.Status.ADOPTED: "text-bg-primary",
    Resolution.Status.REJECTED: "text-bg-dark",
    Resolution.Status.SIGNED: "text-bg-primary",
    Resolution.Status.PUBLISHED: "text-bg-primary",
    Resolution.Status.IN_FORCE: "text-bg-success",
    Resolution.Status.AMENDED: "text-bg-warning",
    Resolution.Status.REPLACED: "text-bg-secondary",
    Resolution.Status.EXPIRED: "text-bg-secondary",
    Resolution.Status.ANNULLED: "text-bg-secondary",
}


def _badge(resolution: Resolution) -> Resolution:
    resolution.badge = BADGES.get(resolution.status, "text-bg-secondary")
    return resolution


def _resolution(request: HttpRequest, pk: int) -> Resolution:
    try:
        return selectors.resolution_page_get(user=request.user, pk=pk)
    except Resolution.DoesNotExist:
        raise Http404 from None


def _detail_url(resolution_id: int, anchor: str = "") -> str:
    url = reverse("resolutions:resolution_detail", args=[resolution_id])
    return f"{url}#{anchor}" if anchor else url


# --- the register ----------------------------------------------------------------------------


@login_required
@require_GET
def register_view(request: HttpRequest) -> HttpResponse:
    """The register; the filters are the query string, shared with the Excel export."""
    user = request.user
    form = RegisterFilterForm(request.GET, councils=council_list(user=user))
    form.is_valid()
    today = timezone.localdate()
    rows = selectors.with_overdue_flag(
        selectors.resolution_list(user=user, filters=request.GET), today
    )
    page = paginate(rows, request.GET.get("page"))
    page.object_list = [_badge(r) for r in page.object_list]
    session = None
    if form.cleaned_data.get("session"):
        session = Session.objects.visible_to(user).filter(pk=form.cleaned_data["session"]).first()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "resolutions/register.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(v for k, v in query.items() if k != "page"),
            "session": session,
            "can_create": scoping.can_edit_any(user),
            "sorting": RESOLUTION_SORT,
        },
    )


@login_required
@require_GET
def register_export_view(request: HttpRequest) -> HttpResponse:
    """The same rows as the register with the same query string, all pages, as .xlsx.

    A few thousand rows come at once; a bigger register goes to a worker (core.exports) and the
    user is sent to the page where the file appears.
    """
    name = f"so-nghi-quyet-{timezone.localdate():%Y%m%d}.xlsx"
    rows = selectors.resolution_list(user=request.user, filters=request.GET)
    if export_services.wants_queue(rows):
        export = export_services.export_start(
            user=request.user,
            kind="resolutions.register",
            # Counted only up to the limit; the exact number shows once the file is built.
            title=_("Sổ nghị quyết (hơn %(rows)s dòng)")
            % {"rows": grouped(settings.EXPORT_SYNC_ROWS)},
            params=request.GET.urlencode(),
            filename=name,
        )
        return redirect("core:export_detail", pk=export.pk)
    workbook = exports.register_workbook(user=request.user, filters=request.GET)
    return FileResponse(workbook, as_attachment=True, filename=name, content_type=XLSX.content_type)


# --- one resolution --------------------------------------------------------------------------


@login_required
@require_GET
def resolution_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _badge(_resolution(request, pk))
    today = timezone.localdate()
    tasks = selectors.resolution_tasks(user=request.user, resolution=resolution, today=today)
    issued = resolution.status in services.ISSUED
    transition_form = ResolutionTransitionForm(resolution=resolution, user=request.user)
    return render(
        request,
        "resolutions/resolution_detail.html",
        {
            "resolution": resolution,
            "tasks": tasks,
            # The moves the status allows and the user may make; none: no form.
            "transition_form": transition_form
            if transition_form.fields["to_status"].choices
            else None,
            "draft": resolution.status == Resolution.Status.DRAFT,
            "issuable": resolution.status == Resolution.Status.ADOPTED,
            "issued": issued,
            "TaskStatus": ImplementationTask.Status,
            "today": today,
            "reminder_days": rules.day_list(resolution.council, rules.REMINDER_DAYS, today),
        },
    )


@login_required
@require_GET
def resolution_file_view(request: HttpRequest, pk: int) -> FileResponse:
    """The signed copy, only through scope: the private storage has no URL of its own."""
    resolution = get_object_or_404(selectors.resolution_list(user=request.user), pk=pk)
    if not resolution.signed_file:
        raise Http404
    name = resolution.signed_file_name or f"nghi-quyet-{resolution.pk}.pdf"
    return FileResponse(
        resolution.signed_file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=PDF.content_type,
    )


def _draft_form(
    request: HttpRequest,
    form_class: type[ResolutionDraftForm],
    *,
    council: Council | None,
    session: Session | None,
    refresh_url: str,
    initial: dict | None = None,
) -> ResolutionDraftForm:
    """The draft form with its council, session, item and vote choices, all from the council
    chosen (in the data, else `council`): a new council or session reloads them (htmx)."""
    user = request.user
    councils = councils_editable_by(user)
    data = request.POST if request.method == "POST" else request.GET
    if data.get("council", "").isdigit():
        council = councils.filter(pk=data["council"]).first()
    sessions = session_choices(user=user, council=council)
    if data.get("session", "").isdigit():
        session = sessions.filter(pk=data["session"]).first()
    votes = (
        Vote.objects.visible_to(user)
        .filter(item__session=session)
        .select_related("item")
        .order_by("item__position", "held_on", "id")
    )
    return form_class(
        request.POST or None,
        request.FILES or None,
        initial={**(initial or {}), "council": council, "session": session},
        councils=councils,
        sessions=sessions,
        items=item_choices(user=user, session=session),
        votes=votes,
        refresh_url=refresh_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def resolution_create_view(request: HttpRequest) -> HttpResponse:
    """A draft, or (mode=register) an adopted and signed resolution entered with its number.

    `?session=` opens the form on a session's council; choosing a council or a session reloads
    the session, item and vote choices (htmx), which always come from that council alone.
    """
    user = request.user
    register = request.GET.get("mode") == "register"
    prefill = None
    if request.GET.get("session", "").isdigit():
        prefill = get_object_or_404(
            Session.objects.visible_to(user).select_related("council__unit"),
            pk=request.GET["session"],
        )
        scoping.require_edit(user, prefill.council)
    scoping.require(scoping.can_edit_any(user))
    if prefill is not None:
        council = prefill.council
    else:
        home = scoping.user_scope(user).home_council_id
        council = councils_editable_by(user).filter(pk=home).first() if home else None
    form = _draft_form(
        request,
        ResolutionRegisterForm if register else ResolutionDraftForm,
        council=council,
        session=None,
        refresh_url=f"{request.path}?mode=register" if register else request.path,
    )
    if request.htmx and request.method == "GET":
        return render(request, "resolutions/_linked_fields.html", {"form": form})

    def save(values: dict) -> Resolution:
        if register:
            return services.resolution_register(actor=user, **values)
        return services.resolution_create(actor=user, **values)

    saved = submit(request, form, save)
    if saved is not None:
        if saved.number:
            messages.success(
                request, _("Đã vào sổ nghị quyết số %(number)s.") % {"number": saved.number}
            )
        else:
            messages.success(request, _("Đã tạo nghị quyết (chưa có số)."))
        return redirect("resolutions:resolution_detail", pk=saved.pk)
    return render(
        request,
        "resolutions/resolution_create.html",
        {"form": form, "register": register, "prefill": prefill},
    )


@login_required
@require_http_methods(["GET", "POST"])
def resolution_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft: every field of the create form. Past the draft: a correction with a reason,
    kept on the resolution's page; the number is never on the form."""
    resolution = _resolution(request, pk)
    scoping.require_edit(request.user, resolution.council)
    editable = services.correctable_fields(resolution)
    draft = resolution.status == Resolution.Status.DRAFT
    values = {name: getattr(resolution, name) for name in editable}
    if draft:
        form = _draft_form(
            request,
            ResolutionDraftForm,
            council=resolution.council,
            session=resolution.session,
            refresh_url=request.path,
            initial=values,
        )
        if request.htmx and request.method == "GET":
            return render(request, "resolutions/_linked_fields.html", {"form": form})
    else:
        form = ResolutionCorrectForm(request.POST or None, initial=values, editable=editable)
    saved = submit(
        request,
        form,
        lambda data: services.resolution_update(actor=request.user, resolution=resolution, **data),
    )
    if saved is not None:
        messages.success(
            request, _("Đã lưu dự thảo.") if draft else _("Đã ghi đính chính nghị quyết.")
        )
        return redirect("resolutions:resolution_detail", pk=resolution.pk)
    template = (
        "resolutions/resolution_create.html" if draft else "resolutions/resolution_correct.html"
    )
    return render(request, template, {"form": form, "resolution": resolution})


@login_required
@require_http_methods(["GET", "POST"])
def resolution_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(request, pk)
    scoping.require_edit(request.user, resolution.council)
    form = ResolutionTransitionForm(request.POST or None, resolution=resolution, user=request.user)
    saved = submit(
        request,
        form,
        lambda values: services.resolution_transition(
            actor=request.user, resolution=resolution, **values
        ),
    )
    if saved is not None:
        messages.success(
            request,
            _("Đã chuyển nghị quyết sang “%(status)s”.") % {"status": saved.get_status_display()},
        )
        return redirect("resolutions:resolution_detail", pk=resolution.pk)
    return render(
        request, "resolutions/resolution_transition.html", {"form": form, "resolution": resolution}
    )


@login_required
@require_http_methods(["GET", "POST"])
def resolution_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Signing: the system gives the council's next number for the issue year."""
    resolution = _resolution(request, pk)
    scoping.require_edit(request.user, resolution.council)
    form = ResolutionIssueForm(request.POST or None, request.FILES or None)
    saved = submit(
        request,
        form,
        lambda values: services.resolution_issue(
            actor=request.user, resolution=resolution, **values
        ),
    )
    if saved is not None:
        messages.success(
            request, _("Đã ban hành nghị quyết số %(number)s.") % {"number": saved.number}
        )
        return redirect("resolutions:resolution_detail", pk=resolution.pk)
    return render(
        request, "resolutions/resolution_issue.html", {"form": form, "resolution": resolution}
    )


@login_required
@require_http_methods(["GET", "POST"])
def resolution_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    """This resolution amends, replaces or annuls an earlier one of the same council."""
    resolution = _resolution(request, pk)
    scoping.require_edit(request.user, resolution.council)
    targets = (
        selectors.resolution_list(user=request.user)
        .filter(council_id=resolution.council_id, status__in=services.ISSUED)
        .exclude(pk=resolution.pk)
        .order_by("-issued_on", "-id")
    )
    form = ResolutionLinkForm(request.POST or None, targets=targets)
    saved = submit(
        request,
        form,
        lambda values: services.resolution_link(actor=request.user, source=resolution, **values),
    )
    if saved is not None:
        messages.success(
            request,
            _("Đã ghi: %(kind)s nghị quyết số %(number)s.")
            % {"kind": saved.get_kind_display().lower(), "number": saved.target.number},
        )
        return redirect(_detail_url(resolution.pk, "links"))
    return render(
        request, "resolutions/resolution_link.html", {"form": form, "resolution": resolution}
    )


# --- implementation tasks --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def task_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(request, pk)
    scoping.require_edit(request.user, resolution.council)
    agencies = (
        agency_list(user=request.user)
        .filter(council_id=resolution.council_id)
        .order_by("name_key", "id")
    )
    form = TaskForm(request.POST or None, agencies=agencies)
    saved = submit(
        request,
        form,
        lambda values: services.task_create(actor=request.user, resolution=resolution, **values),
    )
    if saved is not None:
        messages.success(
            request, _("Đã giao nhiệm vụ cho %(agency)s.") % {"agency": saved.agency.name}
        )
        return redirect(_detail_url(resolution.pk, "tasks"))
    return render(request, "resolutions/task_create.html", {"form": form, "resolution": resolution})


def _task(request: HttpRequest, pk: int) -> ImplementationTask:
    task = get_object_or_404(
        selectors.task_list(user=request.user, today=timezone.localdate()), pk=pk
    )
    scoping.require_edit(request.user, task.resolution.council)
    return task


@login_required
@require_http_methods(["GET", "POST"])
def task_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A periodic report from the agency, or a progress note by the secretariat."""
    task = _task(request, pk)
    form = TaskReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"reported_on": timezone.localdate().strftime("%d/%m/%Y")},
    )
    saved = submit(
        request,
        form,
        lambda values: services.task_report(actor=request.user, task=task, **values),
    )
    if saved is not None:
        messages.success(request, _("Đã ghi báo cáo, tiến độ."))
        return redirect(_detail_url(task.resolution_id, f"task-{task.pk}"))
    return render(request, "resolutions/task_report.html", {"form": form, "task": task})


@login_required
@require_http_methods(["GET", "POST"])
def task_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = TaskCloseForm(
        request.POST or None, initial={"completed_on": timezone.localdate().strftime("%d/%m/%Y")}
    )
    saved = submit(
        request,
        form,
        lambda values: services.task_close(actor=request.user, task=task, **values),
    )
    if saved is not None:
        messages.success(request, _("Đã kết thúc theo dõi nhiệm vụ."))
        return redirect(_detail_url(task.resolution_id, f"task-{task.pk}"))
    return render(request, "resolutions/task_close.html", {"form": form, "task": task})


@login_required
@require_GET
def task_overdue_view(request: HttpRequest) -> HttpResponse:
    """Every implementation task past its deadline or its report date, in scope."""
    today = timezone.localdate()
    tasks = selectors.task_list(user=request.user, today=today, overdue_only=True)
    page = paginate(tasks, request.GET.get("page"))
    return render(
        request,
        "resolutions/task_overdue.html",
        {"page": page, "today": today, "reminder_days": _reminder_days(today)},
    )


def _reminder_days(today: date) -> tuple[int, ...]:
    """The national reminder rule, for a list across councils (one number set, one query)."""
    return rules.day_list(None, rules.REMINDER_DAYS, today)

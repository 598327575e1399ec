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
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core import exports as export_services
from core.forms import submit
from core.text import grouped
from core.uploads import XLSX
from councils import rules
from councils.models import Agency
from councils.selectors import council_list
from followups import exports, selectors, services
from followups.filters import OBLIGATION_SORT
from followups.forms import (
    ObligationCloseForm,
    ObligationEscalateForm,
    ObligationExtendForm,
    ObligationFilterForm,
    ObligationReopenForm,
    ObligationReportForm,
)
from followups.models import STATE_BADGES, EvidenceFile, Obligation

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
    counts = selectors.obligation_counts(rows, today=today, soon_days=soon, decimals=decimals)
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = counts.total  # counted by the aggregate already: no second COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
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
        )
    }
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
            "last_step": services.obligation_last_step(obligation),
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

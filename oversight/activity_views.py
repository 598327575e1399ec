"""Pages of issue 12: the recommendations tracker (and its Excel export), the programmes of the
councils in scope with each one's board by quarter, and an activity's page.

Each view: login, scoped fetch (out of scope is a 404), render (STYLE.md §2.6); reads only: the
entry forms are oversight.activity_edit_views, linked here only for who may use them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import exports as export_services
from core.attachments import version_response
from core.paging import paginate, shallow
from core.text import grouped
from core.uploads import XLSX
from councils import rules, scoping
from councils.models import Agency, Body
from councils.selectors import council_list
from followups.models import STATE_BADGES
from followups.selectors import NATION_COUNTS_SECONDS, nation_counts_shared
from oversight import activity_exports
from oversight import activity_selectors as selectors
from oversight.activities import (
    ACTIVITY_WORKFLOW,
    ActivityDocument,
    ActivityDocumentVersion,
    OversightActivity,
)
from oversight.activity_filters import RECOMMENDATION_SORT, RecommendationFilter
from oversight.document_views import activity_documents
from oversight.forms import RecommendationFilterForm

PAGE_SIZE = 50
# The activity's status as a badge, on the board and the activity's page.
STATUS_BADGES: dict[str, str] = {
    OversightActivity.Status.PLANNED: "text-bg-light border",
    OversightActivity.Status.DECIDED: "text-bg-info",
    OversightActivity.Status.IN_PROGRESS: "text-bg-primary",
    OversightActivity.Status.REPORTING: "text-bg-warning",
    OversightActivity.Status.CONCLUDED: "text-bg-success",
    OversightActivity.Status.CANCELLED: "text-bg-secondary",
}


def _list_rules(today: date) -> tuple[int, int]:
    """(due-soon window, percent decimals): the national rules, in one query."""
    values = rules.rule_values(None, today, [rules.DUE_SOON_DAYS, rules.PERCENT_DECIMALS])
    return int(values[rules.DUE_SOON_DAYS]), int(values[rules.PERCENT_DECIMALS])


# --- the tracker -------------------------------------------------------------------------------


@login_required
@require_GET
def recommendation_list_view(request: HttpRequest) -> HttpResponse:
    """Every recommendation in scope, filtered by the query string (shared with the export);
    the header gives the official figures of the filtered rows."""
    user = request.user
    today = timezone.localdate()
    soon, decimals = _list_rules(today)
    form = RecommendationFilterForm(request.GET, councils=council_list(user=user))
    form.is_valid()
    rows = selectors.recommendation_list(
        user=user,
        today=today,
        filters=request.GET,
        soon_days=soon,
        walk=shallow(request.GET.get("page")),
    )
    counts = nation_counts_shared(
        user=user,
        name="oversight-tracker",
        filters={k: v for k, v in request.GET.items() if k in RecommendationFilter.base_filters},
        today=today,
        soon_days=soon,
        decimals=decimals,
        count=lambda: selectors.recommendation_header(
            user=user,
            rows=rows,
            filters=request.GET,
            today=today,
            soon_days=soon,
            decimals=decimals,
        ),
    )
    page = paginate(rows, request.GET.get("page"), per_page=PAGE_SIZE)
    for rec in page.object_list:
        rec.obligation.state_code = rec.state_code  # read by Obligation.state
        rec.badge = STATE_BADGES.get(rec.state_code, "text-bg-secondary")
    chosen = form.cleaned_data
    agency = body = activity = None
    if chosen.get("agency"):
        agency = Agency.objects.visible_to(user).filter(pk=chosen["agency"]).first()
    if chosen.get("body"):
        body = Body.objects.visible_to(user).filter(pk=chosen["body"]).first()
    if chosen.get("activity"):
        activity = (
            selectors.activity_list(user=user)
            .select_related(None)  # only its topic is shown
            .filter(pk=chosen["activity"])
            .only("topic")
            .first()
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "oversight/recommendation_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "counts_minutes": NATION_COUNTS_SECONDS // 60,
            "today": today,
            "soon_days": soon,
            "agency": agency,
            "body": body,
            "activity": activity,
            "query": query.urlencode(),
            "filtered": any(v for k, v in query.items() if k != "page"),
            "sorting": RECOMMENDATION_SORT,
        },
    )


@login_required
@require_GET
def recommendation_export_view(request: HttpRequest) -> HttpResponse:
    """The tracker's rows with the same query string, all pages, as .xlsx; a big list goes to
    a worker (core.exports)."""
    today = timezone.localdate()
    name = f"kien-nghi-sau-giam-sat-{today:%Y%m%d}.xlsx"
    rows = selectors.recommendation_list(user=request.user, today=today, filters=request.GET)
    if export_services.wants_queue(rows):
        export = export_services.export_start(
            user=request.user,
            kind=activity_exports.KIND,
            title=_("Kiến nghị sau giám sát (hơn %(rows)s dòng)")
            % {"rows": grouped(settings.EXPORT_SYNC_ROWS)},
            params=request.GET.urlencode(),
            filename=name,
        )
        return redirect("core:export_detail", pk=export.pk)
    workbook, _rows = activity_exports.recommendation_workbook_rows(
        user=request.user, filters=request.GET
    )
    return FileResponse(workbook, as_attachment=True, filename=name, content_type=XLSX.content_type)


# --- programmes --------------------------------------------------------------------------------


@login_required
@require_GET
def programme_list_view(request: HttpRequest) -> HttpResponse:
    """The programmes of the councils in scope, newest year first; each opens its board."""
    programmes = selectors.programme_list(user=request.user, filters=request.GET)
    page = paginate(programmes, request.GET.get("page"), per_page=PAGE_SIZE)
    may_add = scoping.runs_oversight_somewhere(request.user)
    return render(request, "oversight/programme_list.html", {"page": page, "may_add": may_add})


@login_required
@require_GET
def programme_board_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's programmes of the programme's council as a board by quarter: every item with
    its activities, their status and how many are concluded."""
    programme = get_object_or_404(selectors.programme_list(user=request.user), pk=pk)
    board = selectors.programme_board(
        user=request.user, council=programme.council, year=programme.year
    )
    done = OversightActivity.Status.CONCLUDED
    runs: dict[int | None, bool] = {}  # by programme body: the controls of each item

    def may_run(body) -> bool:
        key = body.pk if body is not None else None
        if key not in runs:
            runs[key] = scoping.can_run_oversight(request.user, programme.council, body)
        return runs[key]

    for items in board.values():
        for item in items:
            item.may = may_run(item.programme.body)
            item.done = sum(1 for a in item.live if a.status == done)
            for a in item.live:
                a.badge = STATUS_BADGES.get(a.status, "text-bg-secondary")
    return render(
        request,
        "oversight/programme_board.html",
        {
            "programme": programme,
            "quarters": list(board.items()),
            "may": may_run(programme.body),
            "draft": programme.status == programme.Status.DRAFT,
        },
    )


# --- one activity ------------------------------------------------------------------------------


@login_required
@require_GET
def activity_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity from the decision setting up the delegation to its conclusion report."""
    activity = get_object_or_404(
        selectors.activity_list(user=request.user).select_related(
            "reoversight_of", "council__unit"
        ),
        pk=pk,
    )
    activity.badge = STATUS_BADGES.get(activity.status, "text-bg-secondary")
    today = timezone.localdate()
    soon, _decimals = _list_rules(today)
    rows = selectors.activity_detail_rows(activity, today=today, soon_days=soon)
    rows["files"] = selectors.activity_files(activity)
    for row in (*rows["report_requests"], *rows["recommendations"]):
        row.badge = STATE_BADGES.get(row.state_code, "text-bg-secondary")
    conclusion = [
        (OversightActivity._meta.get_field(name).verbose_name, getattr(activity, name))
        for name in (
            "general_assessment",
            "advantages_difficulties",
            "results",
            "shortcomings_causes",
            "proposals",
        )
    ]
    return render(
        request,
        "oversight/activity_detail.html",
        {
            "activity": activity,
            **rows,
            "timeline": _timeline(activity, rows),
            "conclusion": conclusion,
            "documents": activity_documents(activity),
            "file_kinds": ActivityDocument.Kind.choices,
            "today": today,
            **_controls(request, activity),
        },
    )


def _controls(request: HttpRequest, activity: OversightActivity) -> dict:
    """What the user may do on the activity's page: nothing for a reader; the moves the
    workflow offers (concluding takes the report, so it is offered while reporting)."""
    may = scoping.can_run_oversight(request.user, activity.council, activity.body)
    if not may:
        return {"may": False, "moves": []}
    moves = ACTIVITY_WORKFLOW.choices(activity, request.user)
    if activity.status == OversightActivity.Status.REPORTING:
        concluded = OversightActivity.Status.CONCLUDED
        moves.insert(0, (concluded, _("Nhập báo cáo kết quả, kết thúc")))
    open_ = activity.status not in (
        OversightActivity.Status.CONCLUDED,
        OversightActivity.Status.CANCELLED,
    )
    return {"may": True, "moves": moves, "editable": open_}


def _timeline(activity: OversightActivity, rows: dict[str, list]) -> list[tuple[date, str, str]]:
    """The activity's steps in date order: the decision and plan, its status moves, the visits,
    the reports requested, the conclusion and the recommendations (from rows already read)."""
    steps: list[tuple[date, int, str, str]] = []
    if activity.decision_date:
        steps.append(
            (activity.decision_date, 0, _("Quyết định thành lập đoàn"), activity.decision_number)
        )
    if activity.plan_date:
        steps.append((activity.plan_date, 1, _("Kế hoạch giám sát"), activity.plan_number))
    for move in rows["transitions"]:
        text = f"{move.get_from_status_display()} → {move.get_to_status_display()} ({move.actor})"
        steps.append((timezone.localdate(move.at), 2, _("Chuyển trạng thái"), text))
    for visit in rows["visits"]:
        where = visit.agency.name if visit.agency_id else visit.place
        steps.append((visit.visit_on, 3, _("Làm việc, khảo sát"), where))
    for request_ in rows["report_requests"]:
        steps.append((request_.requested_on, 4, _("Yêu cầu báo cáo"), request_.subject))
    if activity.concluded_on:
        steps.append(
            (
                activity.concluded_on,
                5,
                _("Báo cáo kết quả giám sát"),
                activity.conclusion_reference,
            )
        )
    for rec in rows["recommendations"]:
        steps.append((rec.issued_on, 6, _("Kiến nghị"), rec.content[:160]))
    for doc in rows["files"]:
        day = doc.issued_on or timezone.localdate(doc.created_at)
        text = f"{doc.reference} {doc.title}".strip()
        steps.append((day, 7, str(doc.get_kind_display()), text[:160]))
    return [(day, label, text) for day, _order, label, text in sorted(steps, key=lambda s: s[:2])]


@login_required
@require_GET
def document_download_view(request: HttpRequest, pk: int) -> FileResponse:
    """An activity's uploaded file leaves only through here: to whoever sees the activity
    (its page's rule); out of scope, withdrawn or missing alike are 404."""
    try:
        version = selectors.activity_document_version_get(user=request.user, pk=pk)
    except ActivityDocumentVersion.DoesNotExist:
        raise Http404 from None
    return version_response(version)

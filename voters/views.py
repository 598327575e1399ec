"""Voters pages (issue 13): petition items, letters and the reception log with their filters,
one item, one letter, one reception, and the statistics of a period.

Each view: login, a scoped read (out of scope is a 404), render. Citizens' personal data is
masked by the selectors' `personal_visible` flag; every opening of a letter or a reception is
logged (core.viewlog), as the API does. Lists count up to 10,000 rows (issue 13) and no more.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.paging import paginate, paginate_list
from core.viewlog import record_view
from councils import scoping
from councils.models import Agency, Body, Capability
from councils.selectors import council_list, term_on
from followups.models import STATE_BADGES, Obligation
from followups.selectors import due_soon_days
from voters import imports, selectors, views_items
from voters.document_views import report_links
from voters.documents import has_slip
from voters.filters import RECEPTION_SORT, LetterFilter, PetitionItemFilter
from voters.forms import (
    LetterFilterForm,
    PetitionImportForm,
    PetitionItemFilterForm,
    ReceptionFilterForm,
    StatisticsForm,
)
from voters.models import LetterCategory, PetitionItem
from voters.views_letters import letter_actions, reception_may_change

PAGE_SIZE = 50
COUNT_CAP = 10_000  # "hơn 10.000": past it an exact count would cost a scan (issue 13)
# A text search counts up to 1,000 ("hơn 1.000"): a common word's matches are found by filtering
# rows, and 10,000 of them would be 300,000 rows read. A common word walks the list's order
# (core.paging.paginate), within SEARCH_WALK_MS a statement, before the trigram index.
SEARCH_CAP = 1_000
SEARCH_WALK_MS = 1_000
STATE_LABELS = dict(Obligation.State.choices)


def _shown(rows: list) -> list:
    """Mask what the reader may not see and label each row's follow-up state."""
    for row in selectors.mask_rows(rows):
        state = getattr(row, "obligation_state", "")
        row.state_label = STATE_LABELS.get(state, "")
        row.badge = STATE_BADGES.get(state, "text-bg-secondary")
    return rows


def _paginate(request: HttpRequest, rows):
    """The list's page; a text search counted up to SEARCH_CAP, a common word's walked."""
    page, text = request.GET.get("page"), request.GET.get("q", "")
    if not text.strip():
        return paginate(rows, page, per_page=PAGE_SIZE, cap=COUNT_CAP)
    walk = SEARCH_WALK_MS if selectors.search_is_common(rows.model, text) else None
    return paginate(rows, page, per_page=PAGE_SIZE, cap=SEARCH_CAP, walk_ms=walk)


def _list_context(request: HttpRequest, form, page, sorting) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(v for v in query.values()),
        "sorting": sorting,
    }


@login_required
@require_GET
def petition_item_list_view(request: HttpRequest) -> HttpResponse:
    """Petition items in scope with the issue's filters; overdue and due-soon marked."""
    user = request.user
    today = timezone.localdate()
    soon = due_soon_days(None, today)
    form = PetitionItemFilterForm(request.GET, councils=council_list(user=user))
    form.is_valid()
    rows = selectors.petition_item_list(user=user, filters=request.GET, today=today, soon_days=soon)
    page = _paginate(request, rows)
    page.object_list = _shown(page.object_list)
    chosen = form.cleaned_data
    return render(
        request,
        "voters/petition_item_list.html",
        {
            **_list_context(request, form, page, PetitionItemFilter.sorting_for(request.GET)),
            "today": today,
            "soon_days": soon,
            "agency": _chosen(Agency, user, chosen.get("agency")),
            "ban": _chosen(Body, user, chosen.get("ban")),
            "reports": _report_links(user, request.GET),
        },
    )


def _report_links(user, query) -> list[tuple[str, str]]:
    """The official reports' buttons, with the page's council and period, for whoever reads a
    council (voters/document_views.py)."""
    return report_links(dict(query.items())) if scoping.reads_any_council(user) else []


def _chosen(model, user, pk: int | None):
    """The agency or Ban a row's link filtered by, for its badge (None when out of scope)."""
    if not pk:
        return None
    return model.objects.visible_to(user).filter(pk=pk).only("pk", "name").first()


@login_required
@require_GET
def petition_item_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    try:
        item = selectors.petition_item_get(user=request.user, pk=pk, today=today)
    except PetitionItem.DoesNotExist:
        raise Http404 from None
    _shown([item])
    merged = selectors.petition_item_list(user=request.user, today=today).filter(merged_into=item)
    return render(
        request,
        "voters/petition_item_detail.html",
        {
            "item": item,
            "merged": list(merged.order_by("id")[:100]),
            "actions": views_items.item_actions(request.user, item),
            "may_handle": views_items.may_handle(request.user, item),
            "transitions": item.transitions.select_related("actor"),
        },
    )


@login_required
@require_GET
def letter_list_view(request: HttpRequest) -> HttpResponse:
    """Letters in scope (category, state, deadline, flags); senders masked without the
    personal-data capability."""
    user = request.user
    today = timezone.localdate()
    soon = due_soon_days(None, today)
    form = LetterFilterForm(request.GET, councils=council_list(user=user))
    form.is_valid()
    rows = selectors.letter_list(user=user, filters=request.GET, today=today, soon_days=soon)
    page = _paginate(request, rows)
    page.object_list = _shown(page.object_list)
    return render(
        request,
        "voters/letter_list.html",
        {
            **_list_context(request, form, page, LetterFilter.sorting_for(request.GET)),
            "today": today,
            "soon_days": soon,
            "agency": _chosen(Agency, user, form.cleaned_data.get("agency")),
            "may_add": scoping.can_somewhere(user, Capability.EDIT),
        },
    )


@login_required
@require_GET
def letter_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One letter; the opening is logged whether or not the reader sees the sender."""
    try:
        letter = selectors.letter_get(user=request.user, pk=pk, today=timezone.localdate())
    except ObjectDoesNotExist:
        raise Http404 from None
    record_view(request.user, letter, request)
    _shown([letter])
    return render(
        request,
        "voters/letter_detail.html",
        {
            "letter": letter,
            "actions": letter_actions(request.user, letter),
            "transitions": letter.transitions.select_related("actor"),
            # The slip names the sender: offered only to those who may read it.
            "slip": letter.personal_visible and has_slip(letter),
        },
    )


@login_required
@require_GET
def reception_list_view(request: HttpRequest) -> HttpResponse:
    """The reception log in the columns of Form 03 (Circular 04/2021/TT-TTCP), masked."""
    user = request.user
    form = ReceptionFilterForm(request.GET, councils=council_list(user=user))
    form.is_valid()
    rows = selectors.reception_list(user=user, filters=request.GET)
    page = _paginate(request, rows)
    page.object_list = selectors.mask_rows(page.object_list)
    return render(
        request,
        "voters/reception_list.html",
        {
            **_list_context(request, form, page, RECEPTION_SORT),
            "may_add": scoping.can_somewhere(user, Capability.OWN_VOTER_WORK),
        },
    )


@login_required
@require_GET
def reception_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        reception = selectors.reception_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    record_view(request.user, reception, request)
    may_change = reception_may_change(request.user, reception)
    selectors.mask_personal_data(reception)
    return render(
        request,
        "voters/reception_detail.html",
        {"reception": reception, "may_change": may_change},
    )


@login_required
@require_GET
def statistics_view(request: HttpRequest) -> HttpResponse:
    """Petition items of a period by field, agency, level or state in "x/y (z %)", answered and
    resolved counted apart; letters of the period by category. Defaults: this year, by field.
    By agency the rows are paged (50 a page), the total still over all of them."""
    user = request.user
    today = timezone.localdate()
    data = (
        request.GET
        if any(key != "page" for key in request.GET)
        else {
            "date_from": date(today.year, 1, 1).strftime("%d/%m/%Y"),
            "date_to": today.strftime("%d/%m/%Y"),
            "by": "field",
        }
    )
    form = StatisticsForm(data, councils=council_list(user=user))
    rows, letters, by_label, total, term, page = [], [], "", None, None, None
    if form.is_valid():
        by_label = dict(form.fields["by"].choices)[form.cleaned_data["by"]]
        period = {
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
            "council": form.cleaned_data["council"],
        }
        # The backlog is carried from the start of the term the period begins in.
        term = term_on(period["date_from"])
        rows = selectors.petition_statistics(
            user=user,
            by=form.cleaned_data["by"],
            today=today,
            since=term.start_on if term else None,
            **period,
        )
        if rows:
            total = selectors.stat_total(rows, _("Tổng cộng"), rows[0].decimals)
        if form.cleaned_data["by"] == "agency":  # thousands of agencies nationally: paged
            page = paginate_list(rows, request.GET.get("page"), per_page=PAGE_SIZE)
        counts = selectors.letter_counts(user=user, today=today, **period)
        labels = dict(LetterCategory.choices)
        letters = [(labels.get(key, ""), values) for key, values in counts.items()]
    return render(
        request,
        "voters/statistics.html",
        {
            "form": form,
            "rows": rows,  # all of them; `page`'s only are shown when paged
            "page": page,
            "total": total,
            "term": term,
            "letters": letters,
            "by_label": by_label,
            "today": today,
            "reports": _report_links(user, data),
        },
    )


# --- import of a compiled petition list (voters.imports) ---------------------------------------


def _may_import(user) -> None:
    """The import page is for whoever may enter petitions somewhere (councils.scoping)."""
    scoping.require(scoping.can_somewhere(user, Capability.EDIT))


@login_required
@require_http_methods(["GET", "POST"])
def petition_import_view(request: HttpRequest) -> HttpResponse:
    """Upload a compiled list and see every row judged (the preview); nothing is written but
    the file kept for the import, and only when no row is wrong."""
    user = request.user
    _may_import(user)
    councils = scoping.councils_where(user, Capability.EDIT).select_related("unit")
    form = PetitionImportForm(
        request.POST or None, request.FILES or None, councils=councils, user=user
    )
    preview, job = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            target, preview = imports.petition_import_check(
                actor=user, upload=upload, **form.target_values()
            )
            if preview.importable:
                job = imports.petition_import_create(
                    actor=user, upload=upload, target=target, preview=preview
                )
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "voters/petition_import_form.html",
        {"form": form, "preview": preview, "job": job, "columns": imports.COLUMNS},
    )


@login_required
@require_GET
def petition_import_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress; the page asks again every second while it runs (htmx)."""
    job = get_object_or_404(selectors.petition_import_list(user=request.user), pk=pk)
    template = (
        "voters/_petition_import_status.html"
        if request.headers.get("HX-Request")
        else "voters/petition_import_detail.html"
    )
    return render(request, template, {"job": job, "progress": imports.import_progress(job)})


@login_required
@require_POST
def petition_import_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(selectors.petition_import_list(user=request.user), pk=pk)
    try:
        imports.petition_import_start(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("voters:petition_import_detail", pk=job.pk)

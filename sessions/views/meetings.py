"""Session pages: list, calendar, the session page, agenda, documents, attendance and votes.

Each view: login, scoped fetch (out of scope is a 404), the right to act (a 403 for readers),
a form for shape, one service, then render or redirect.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.attachments import version_response, versions_split
from core.forms import add_service_errors, submit
from core.paging import paginate
from core.viewlog import record_view
from councils import rules, scoping
from councils.models import Body
from councils.selectors import agency_list, councils_editable_by, term_for, term_list
from sessions import selectors, services
from sessions.filters import SESSION_SORT
from sessions.forms.meetings import (
    AgendaItemForm,
    AttendanceForm,
    BallotForm,
    DocumentReplaceForm,
    DocumentUploadForm,
    SessionFilterForm,
    SessionForm,
    SittingForm,
    TransitionForm,
    VoteForm,
    WithdrawForm,
)
from sessions.models import (
    SESSION_WORKFLOW,
    AgendaItem,
    Attendance,
    Document,
    DocumentVersion,
    Session,
    Sitting,
)
from sessions.printing import has_results

# What the button of each workflow step says, and what its date field means.
MOVE_LABELS = {
    Session.Status.PLANNED: (gettext_lazy("Hủy triệu tập (trở về dự kiến)"), None),
    Session.Status.CONVENED: (gettext_lazy("Triệu tập kỳ họp"), None),
    Session.Status.DOCUMENTS_SENT: (
        gettext_lazy("Đã gửi tài liệu đến đại biểu"),
        gettext_lazy("Ngày gửi"),
    ),
    Session.Status.IN_SESSION: (gettext_lazy("Khai mạc kỳ họp"), gettext_lazy("Ngày khai mạc")),
    Session.Status.CLOSED: (gettext_lazy("Bế mạc kỳ họp"), gettext_lazy("Ngày bế mạc")),
    Session.Status.RECORDS_PUBLISHED: (gettext_lazy("Công bố kết quả kỳ họp"), None),
}
# Items the council votes on; their page shows how many votes in favour they need.
VOTED_KINDS = {
    AgendaItem.Kind.DRAFT_RESOLUTION,
    AgendaItem.Kind.SUBMISSION,
    AgendaItem.Kind.ELECTION,
}
# Items never put to a vote from the agenda (confidence polls have pages of their own).
UNVOTED_KINDS = {
    AgendaItem.Kind.REPORT,
    AgendaItem.Kind.QUESTIONING,
    AgendaItem.Kind.CEREMONY,
    AgendaItem.Kind.CONFIDENCE,
}
# Sittings of a day in the order they are held (the stored codes sort alphabetically).
PART_ORDER = {part: i for i, part in enumerate(Sitting.Part.values)}


# --- fetching ------------------------------------------------------------------------------


def _session(request: HttpRequest, pk: int, *, edit: bool = False) -> Session:
    """The session if in scope (else 404); with `edit`, only for its council's editors (403)."""
    try:
        session = selectors.session_get(user=request.user, pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None
    if edit:
        scoping.require_edit(request.user, session.council)
    return session


def _item(request: HttpRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related(
            "session__council__unit", "session__term", "sitting"
        ),
        pk=pk,
    )
    scoping.require_edit(request.user, item.session.council)
    return item


def _detail_url(session_id: int, anchor: str = "") -> str:
    url = reverse("sessions:session_detail", args=[session_id])
    return f"{url}#{anchor}" if anchor else url


def _session_day(session: Session, today: date | None = None) -> date:
    """The day a vote or roll most likely belongs to: today during the session, else its start."""
    start = session.actual_start or session.planned_start
    end = session.actual_end or session.planned_end
    today = today or timezone.localdate()
    return today if start <= today <= end else start


# --- list and calendar --------------------------------------------------------------------


@login_required
@require_GET
def session_list_view(request: HttpRequest) -> HttpResponse:
    councils = scoping.councils_visible_to(request.user).select_related("unit")
    form = SessionFilterForm(request.GET or None, councils=councils.order_by("unit__path"))
    form.is_valid()  # a bad field is reported; the valid ones still filter
    filters = getattr(form, "cleaned_data", {})
    sessions = selectors.session_list(
        user=request.user, filters=filters, sort=request.GET.get("sort")
    )
    page = paginate(sessions, request.GET.get("page"))
    council = filters.get("council")
    can_add = scoping.can_edit_any(request.user)
    add_url = reverse("sessions:session_create")
    if can_add and council is not None and scoping.can_edit_council(request.user, council):
        add_url = f"{add_url}?council={council.pk}"
    return render(
        request,
        "sessions/session_list.html",
        {
            "form": form,
            "page": page,
            "can_add": can_add,
            "add_url": add_url,
            "sorting": SESSION_SORT,
        },
    )


def _month_arg(request: HttpRequest) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
    except ValueError:
        return today.year, today.month
    if not (1900 <= year <= 2200 and 1 <= month <= 12):
        return today.year, today.month
    return year, month


@login_required
@require_GET
def session_calendar_view(request: HttpRequest) -> HttpResponse:
    """A month grid, Monday first; a session shows on every day from its opening to closing."""
    year, month = _month_arg(request)
    sessions = list(selectors.session_month(user=request.user, year=year, month=month))
    for s in sessions:  # a bar is narrow: "HĐND xã Quế Thọ" rather than the full name
        s.short_council = s.council.name.replace("Hội đồng nhân dân", "HĐND", 1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for day in week:
            on_day = [s for s in sessions if s.planned_start <= day <= s.planned_end]
            days.append(
                {
                    "day": day,
                    "in_month": day.month == month,
                    "sessions": [
                        {
                            "session": s,
                            "starts": s.planned_start == day,
                            "ends": s.planned_end == day,
                            "continued": s.planned_start < day and day.weekday() == 0,
                        }
                        for s in on_day
                    ],
                }
            )
        weeks.append(days)
    prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return render(
        request,
        "sessions/session_calendar.html",
        {
            "weeks": weeks,
            "first": date(year, month, 1),
            "year": year,
            "month": month,
            "sessions": sessions,
            "today": timezone.localdate(),
            "prev": {"year": prev_year, "month": prev_month},
            "next": {"year": next_year, "month": next_month},
            "can_add": scoping.can_edit_any(request.user),
        },
    )


# --- the session itself --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_create_view(request: HttpRequest) -> HttpResponse:
    council = None
    council_id = request.GET.get("council", "")
    if council_id.isdigit():
        council = get_object_or_404(scoping.councils_visible_to(request.user), pk=council_id)
        scoping.require_edit(request.user, council)
    else:
        scoping.require(scoping.can_edit_any(request.user))
    terms = term_list()
    councils = councils_editable_by(request.user)
    if council is None:  # a clerk of one council need not pick it
        only = list(councils[:2])
        council = only[0] if len(only) == 1 else None
    form = SessionForm(
        request.POST or None,
        initial={
            "council": council,
            "term": term_for(list(terms), None, timezone.localdate()),
            "kind": Session.Kind.REGULAR,
        },
        councils=councils,
        terms=terms,
    )
    session = submit(
        request,
        form,
        lambda data: services.session_create(actor=request.user, **data),
        check=lambda data: services.session_check(actor=request.user, **data),
    )
    if session is not None:
        messages.success(request, _("Đã thêm %(session)s.") % {"session": session})
        return redirect("sessions:session_detail", pk=session.pk)
    return render(request, "sessions/session_form.html", {"form": form, "council": council})


@login_required
@require_http_methods(["GET", "POST"])
def session_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, edit=True)
    initial = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    form = SessionForm(request.POST or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.session_update(actor=request.user, session=session, **data),
        check=lambda data: services.session_check(actor=request.user, instance=session, **data),
    )
    if saved is not None:
        messages.success(request, _("Đã lưu %(session)s.") % {"session": saved})
        return redirect("sessions:session_detail", pk=session.pk)
    return render(
        request,
        "sessions/session_form.html",
        {"form": form, "session": session, "council": session.council},
    )


@login_required
@require_POST
def session_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One step of the workflow; a refused step comes back as a message on the session page."""
    session = _session(request, pk, edit=True)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_detail_url(session.pk))
    try:
        session = services.session_transition(
            actor=request.user, session=session, **form.cleaned_data
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã chuyển kỳ họp sang “%(status)s”.") % {"status": session.get_status_display()},
        )
    return redirect(_detail_url(session.pk))


def _move_day(session: Session, to: str, today: date) -> date:
    """The likely day of a step: today when it fits the plan, else the planned day, never a
    day still to come (the service refuses those)."""
    status = Session.Status
    if to == status.DOCUMENTS_SENT:
        return min(today, session.planned_start)
    if to == status.IN_SESSION:
        return (
            today
            if session.planned_start <= today <= session.planned_end
            else min(session.planned_start, today)
        )
    if to == status.CLOSED:
        start = session.actual_start or session.planned_start
        return today if start <= today <= session.planned_end else min(session.planned_end, today)
    return today


def _documents_with_versions(documents: list[Document], lead: int, session: Session) -> None:
    """Attach the current version, the older ones and the late flag to each document."""
    versions_split(documents)  # newest first (model ordering)
    for doc in documents:
        doc.late = bool(doc.sent_on and (session.planned_start - doc.sent_on).days < lead)


@login_required
@require_GET
def session_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about a session in a fixed number of queries, whatever its size."""
    session = _session(request, pk)
    user = request.user
    council = session.council
    day = session.actual_start or session.planned_start
    values = rules.rule_values(
        council, session.planned_start, [rules.PERCENT_DECIMALS, rules.DOCUMENT_LEAD_DAYS]
    )
    lead = int(values[rules.DOCUMENT_LEAD_DAYS])

    documents = list(selectors.session_documents(session, user=request.user))
    _documents_with_versions(documents, lead, session)
    by_item: dict[int | None, list[Document]] = defaultdict(list)
    for doc in documents:
        by_item[doc.item_id].append(doc)

    total = selectors.delegate_total(council, day)
    needed = {
        rule: services.required_votes(rule=rule, total=total, council=council, on=day)
        for rule in AgendaItem.VoteRule.values
    }
    items = list(selectors.session_items(session))
    for item in items:
        item.doc_list = by_item.get(item.pk, [])
        item.vote_list = list(item.votes.all())
        item.needed = needed[item.vote_rule] if item.kind in VOTED_KINDS and total else None
        item.votable = item.kind not in UNVOTED_KINDS or bool(item.vote_list)

    sittings = sorted(
        selectors.session_sittings(session), key=lambda s: (s.on, PART_ORDER[s.part], s.pk)
    )
    quorums = services.sitting_quorums(session, sittings)
    for sitting in sittings:
        sitting.quorum = quorums[sitting.pk]

    from resolutions.selectors import session_resolutions_passed  # resolutions import sessions

    resolutions = list(session_resolutions_passed(user=user, session_id=session.pk))
    can_edit = scoping.can_edit_council(user, council)
    withdrawn_items, withdrawn_documents = (
        selectors.session_withdrawn(session) if can_edit else ([], [])
    )
    today = timezone.localdate()
    moves = [
        {
            "to": to,
            "label": MOVE_LABELS[to][0],
            "date_label": MOVE_LABELS[to][1],
            "on": _move_day(session, to, today),
            "backwards": to == Session.Status.PLANNED,
        }
        for to in SESSION_WORKFLOW.next_states(session, user)  # only the moves she may make
    ]
    return render(
        request,
        "sessions/session_detail.html",
        {
            "session": session,
            "council": council,
            "moves": moves,
            "today": today,
            "transitions": list(session.transitions.select_related("actor")),
            "lead_warning": services.lead_time_warning(session),
            "lead_days": lead,
            "decimals": int(values[rules.PERCENT_DECIMALS]),
            "total_delegates": total,
            "items": items,
            "general_documents": by_item.get(None, []),
            "withdrawn_items": withdrawn_items,
            "withdrawn_documents": withdrawn_documents,
            "documents": documents,
            "sittings": sittings,
            "resolutions": resolutions,
            "voting_open": _voting_open(session),
            "roll_open": session.status in services.ROLL_STATUSES,
            "has_results": has_results(session),
        },
    )


# --- agenda --------------------------------------------------------------------------------


def _item_form(request: HttpRequest, session: Session, **kwargs) -> AgendaItemForm:
    """Presenters are the agencies of the session's council; reviewers its committees (Ban) of
    the session's term; sittings the session's own."""
    council = session.council
    return AgendaItemForm(
        request.POST or None,
        presenters=agency_list(user=request.user).filter(council=council),
        reviewers=Body.objects.visible_to(request.user)
        .filter(council=council, term=session.term, kind=Body.Kind.COMMITTEE)
        .order_by("position", "name"),
        sittings=Sitting.objects.visible_to(request.user)
        .filter(session=session)
        .order_by("on", _part_rank(), "id"),
        **kwargs,
    )


def _part_rank() -> Case:
    return Case(
        *(When(part=part, then=Value(i)) for part, i in PART_ORDER.items()),
        output_field=IntegerField(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, edit=True)
    form = _item_form(request, session)
    item = submit(
        request,
        form,
        lambda data: services.agenda_item_create(actor=request.user, session=session, **data),
        check=lambda data: services.agenda_item_check(actor=request.user, session=session, **data),
    )
    if item is not None:
        messages.success(
            request, _("Đã thêm nội dung %(n)s vào chương trình.") % {"n": item.position}
        )
        if "add_another" in request.POST:
            return redirect("sessions:agenda_item_create", pk=session.pk)
        return redirect(_detail_url(session.pk, "agenda"))
    return render(request, "sessions/agenda_item_form.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    session = item.session
    initial = {name: getattr(item, name) for name in services.ITEM_FIELDS}
    form = _item_form(request, session, initial=initial)
    if submit(
        request,
        form,
        lambda data: services.agenda_item_update(actor=request.user, item=item, **data),
        check=lambda data: services.agenda_item_check(
            actor=request.user, session=session, instance=item, **data
        ),
    ):
        messages.success(request, _("Đã lưu nội dung %(n)s.") % {"n": item.position})
        return redirect(_detail_url(session.pk, f"item-{item.pk}"))
    return render(
        request,
        "sessions/agenda_item_form.html",
        {"form": form, "session": session, "item": item},
    )


@login_required
@require_POST
def agenda_item_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    item = services.agenda_item_move(actor=request.user, item=item, offset=offset)
    return redirect(_detail_url(item.session_id, f"item-{item.pk}"))


# --- documents -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def document_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, edit=True)
    item_id = request.GET.get("item", "")
    form = DocumentUploadForm(
        request.POST or None,
        request.FILES or None,
        items=selectors.item_choices(user=request.user, session=session),
        initial={"item": int(item_id)} if item_id.isdigit() else None,
    )
    document = submit(
        request,
        form,
        lambda data: services.document_upload(actor=request.user, session=session, **data),
    )
    if document is not None:
        messages.success(request, _("Đã tải lên “%(title)s”.") % {"title": document.title})
        return redirect(_detail_url(session.pk, "documents"))
    return render(request, "sessions/document_form.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
def document_replace_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    session = document.session
    form = DocumentReplaceForm(request.POST or None, request.FILES or None)
    version = submit(
        request,
        form,
        lambda data: services.document_replace(actor=request.user, document=document, **data),
    )
    if version is not None:
        messages.success(
            request,
            _("Đã tải lên phiên bản %(n)s của “%(title)s”.")
            % {"n": version.number, "title": document.title},
        )
        return redirect(_detail_url(session.pk, "documents"))
    return render(
        request,
        "sessions/document_form.html",
        {"form": form, "session": session, "document": document},
    )


@login_required
@require_GET
def document_download_view(request: HttpRequest, pk: int) -> FileResponse:
    """Files leave only through here: in scope, and confidential ones for those entitled,
    each opening of a confidential one logged."""
    try:
        version = selectors.document_version_get(user=request.user, pk=pk)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None
    if version.document.confidential:
        record_view(request.user, version.document, request)
    return version_response(version)


def _document(request: HttpRequest, pk: int) -> Document:
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related("session__council__unit", "item"),
        pk=pk,
    )
    scoping.require_edit(request.user, document.session.council)
    return document


# --- withdrawing and restoring -------------------------------------------------------------


def _withdraw(
    request: HttpRequest, record: services.WithdrawableRecord, session: Session, back: str
) -> HttpResponse:
    """The confirm page of a withdrawal: the reason is required and kept in the history."""
    form = WithdrawForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.record_withdraw(actor=request.user, record=record, **data),
    )
    if done is not None:
        messages.success(request, _("Đã rút “%(what)s”.") % {"what": record})
        return redirect(back)
    return render(
        request,
        "sessions/withdraw_confirm.html",
        {"form": form, "record": record, "session": session, "back": back},
    )


def _restore(request: HttpRequest, record: services.WithdrawableRecord, back: str) -> HttpResponse:
    try:
        services.record_restore(actor=request.user, record=record)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã khôi phục “%(what)s”.") % {"what": record})
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def session_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, edit=True)
    return _withdraw(request, session, session, _detail_url(session.pk))


@login_required
@require_POST
def session_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, edit=True)
    return _restore(request, session, _detail_url(session.pk))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _withdraw(request, item, item.session, _detail_url(item.session_id, "agenda"))


@login_required
@require_POST
def agenda_item_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _restore(request, item, _detail_url(item.session_id, f"item-{item.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def document_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return _withdraw(
        request, document, document.session, _detail_url(document.session_id, "documents")
    )


@login_required
@require_POST
def document_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return _restore(request, document, _detail_url(document.session_id, f"doc-{document.pk}"))


# --- sittings and attendance ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sitting_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, edit=True)
    form = SittingForm(request.POST or None, initial={"on": _session_day(session)})
    sitting = submit(
        request,
        form,
        lambda data: services.sitting_create(actor=request.user, session=session, **data),
    )
    if sitting is not None:
        messages.success(request, _("Đã thêm phiên họp %(sitting)s.") % {"sitting": sitting})
        if "take_roll" in request.POST and session.status in services.ROLL_STATUSES:
            return redirect("sessions:attendance_entry", pk=sitting.pk)
        return redirect(_detail_url(session.pk, "sittings"))
    return render(
        request,
        "sessions/sitting_form.html",
        {
            "form": form,
            "session": session,
            "roll_open": session.status in services.ROLL_STATUSES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_entry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The roll of a sitting: one row per delegate seated that day, keyboard-fast."""
    sitting = get_object_or_404(
        Sitting.objects.visible_to(request.user).select_related(
            "session__council__unit", "session__term"
        ),
        pk=pk,
    )
    session = sitting.session
    scoping.require_edit(request.user, session.council)
    try:
        services.attendance_check_open(session)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(_detail_url(session.pk, "sittings"))
    delegates = list(selectors.seated_delegates(session.council, sitting.on))
    initial = {}
    for row in sitting.attendance.all():
        initial[f"status_{row.delegate_id}"] = row.status
        initial[f"note_{row.delegate_id}"] = row.note
    form = AttendanceForm(request.POST or None, initial=initial, delegates=delegates)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                actor=request.user, sitting=sitting, statuses=form.chosen(), notes=form.notes()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            quorum = services.quorum_for(sitting)
            text = _(
                "Đã lưu điểm danh: %(present)s/%(total)s đại biểu có mặt (cần %(required)s)."
            ) % {"present": quorum.present, "total": quorum.total, "required": quorum.required}
            verdict = _("Đủ số đại biểu.") if quorum.met else _("Không đủ số đại biểu.")
            parts = [text, verdict]
            marked = sitting.attendance.filter(delegate__in=[d.pk for d in delegates]).count()
            unmarked = len(delegates) - marked
            if unmarked:
                parts.append(
                    ngettext(
                        "Còn %(n)s đại biểu chưa điểm danh.",
                        "Còn %(n)s đại biểu chưa điểm danh.",
                        unmarked,
                    )
                    % {"n": unmarked}
                )
            ok = quorum.met and not unmarked
            (messages.success if ok else messages.warning)(request, " ".join(parts))
            return redirect("sessions:attendance_entry", pk=sitting.pk)
    counts = selectors.attendance_counts([sitting.pk]).get(sitting.pk, {})
    sitting.present = counts.get(Attendance.Status.PRESENT, 0)
    quorum = services.sitting_quorums(session, [sitting])[sitting.pk]
    return render(
        request,
        "sessions/attendance_entry.html",
        {
            "form": form,
            "rows": form.rows(),
            "sitting": sitting,
            "session": session,
            "quorum": quorum,
            "counts": counts,
            "recorded": sum(counts.values()),
            "keys": [
                ("C", Attendance.Status.PRESENT),
                ("P", Attendance.Status.EXCUSED),
                ("K", Attendance.Status.ABSENT),
            ],
        },
    )


# --- votes ---------------------------------------------------------------------------------


def _vote_day(item: AgendaItem) -> date:
    return item.sitting.on if item.sitting_id else _session_day(item.session)


@login_required
@require_http_methods(["GET", "POST"])
def vote_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A vote by its counts; the total is the council's roll that day, the result computed."""
    item = _item(request, pk)
    session = item.session
    closed = _voting_closed(request, session, item)
    if closed is not None:
        return closed
    day = _vote_day(item)
    form = VoteForm(
        request.POST or None,
        initial={
            "held_on": day,
            "method": "electronic",
            "total_delegates": selectors.delegate_total(session.council, day) or None,
            "present": selectors.present_at_roll(
                session, day, item.sitting if item.sitting_id else None
            ),
        },
    )
    vote = submit(
        request,
        form,
        lambda data: services.vote_record(actor=request.user, item=item, **data),
        check=lambda data: services.vote_check(actor=request.user, item=item, **data),
    )
    if vote is not None:
        _vote_saved_message(request, vote)
        return redirect(_detail_url(session.pk, f"item-{item.pk}"))
    return render(
        request,
        "sessions/vote_form.html",
        {"form": form, "item": item, "session": session},
    )


def _voting_open(session: Session) -> bool:
    return session.status == Session.Status.IN_SESSION


def _voting_closed(request: HttpRequest, session: Session, item: AgendaItem) -> HttpResponse | None:
    """Outside the sitting days the vote pages send the clerk back to the session, saying why."""
    try:
        services.vote_check_open(session)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(_detail_url(session.pk, f"item-{item.pk}"))
    return None


def _vote_saved_message(request: HttpRequest, vote) -> None:
    result = _("Thông qua") if vote.passed else _("Không thông qua")
    messages.success(
        request,
        _("Đã ghi kết quả biểu quyết: %(for)s/%(total)s tán thành (cần %(required)s) — %(result)s.")
        % {
            "for": vote.votes_for,
            "total": vote.total_delegates,
            "required": vote.required,
            "result": result,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def vote_ballots_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One choice per seated delegate, entered from the keyboard; counts are tallied."""
    item = _item(request, pk)
    session = item.session
    closed = _voting_closed(request, session, item)
    if closed is not None:
        return closed
    council = session.council
    day = _vote_day(item)
    delegates = list(selectors.seated_delegates(council, day))
    form = BallotForm(
        request.POST or None,
        initial={
            "held_on": day,
            "method": "electronic",
            "total_delegates": len(delegates) or None,
            "present": selectors.present_at_roll(
                session, day, item.sitting if item.sitting_id else None
            ),
        },
        delegates=delegates,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = services.vote_record_ballots(
                actor=request.user,
                item=item,
                held_on=data["held_on"],
                method=data["method"],
                choices=form.chosen(),
                present=data["present"],
                total_delegates=data["total_delegates"],
                subject=data["subject"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _vote_saved_message(request, vote)
            return redirect(_detail_url(session.pk, f"item-{item.pk}"))
    attendance: dict[int, str] = {}
    if item.sitting_id:
        attendance = dict(
            Attendance.objects.visible_to(request.user)
            .filter(sitting_id=item.sitting_id)
            .values_list("delegate_id", "status")
        )
    rows = form.rows()
    labels = dict(Attendance.Status.choices)
    for row in rows:
        status = attendance.get(row["delegate"].pk)
        row["away"] = status in (Attendance.Status.EXCUSED, Attendance.Status.ABSENT)
        row["attendance"] = labels[status] if row["away"] else ""
    return render(
        request,
        "sessions/vote_ballots.html",
        {
            "form": form,
            "rows": rows,
            "item": item,
            "session": session,
            "keys": [("T", "for"), ("K", "against"), ("B", "abstain")],
        },
    )


urlpatterns: list = [
    path("", session_list_view, name="session_list"),
    path("calendar/", session_calendar_view, name="session_calendar"),
    path("new/", session_create_view, name="session_create"),
    path("<int:pk>/", session_detail_view, name="session_detail"),
    path("<int:pk>/edit/", session_update_view, name="session_update"),
    path("<int:pk>/transition/", session_transition_view, name="session_transition"),
    path("<int:pk>/items/new/", agenda_item_create_view, name="agenda_item_create"),
    path("items/<int:pk>/edit/", agenda_item_update_view, name="agenda_item_update"),
    path("items/<int:pk>/move/", agenda_item_move_view, name="agenda_item_move"),
    path("items/<int:pk>/votes/new/", vote_create_view, name="vote_create"),
    path("items/<int:pk>/votes/ballots/", vote_ballots_view, name="vote_ballots"),
    path("<int:pk>/documents/new/", document_upload_view, name="document_upload"),
    path("documents/<int:pk>/replace/", document_replace_view, name="document_replace"),
    path(
        "documents/versions/<int:pk>/download/",
        document_download_view,
        name="document_download",
    ),
    path("<int:pk>/withdraw/", session_withdraw_view, name="session_withdraw"),
    path("<int:pk>/restore/", session_restore_view, name="session_restore"),
    path("items/<int:pk>/withdraw/", agenda_item_withdraw_view, name="agenda_item_withdraw"),
    path("items/<int:pk>/restore/", agenda_item_restore_view, name="agenda_item_restore"),
    path("documents/<int:pk>/withdraw/", document_withdraw_view, name="document_withdraw"),
    path("documents/<int:pk>/restore/", document_restore_view, name="document_restore"),
    path("<int:pk>/sittings/new/", sitting_create_view, name="sitting_create"),
    path("sittings/<int:pk>/attendance/", attendance_entry_view, name="attendance_entry"),
]

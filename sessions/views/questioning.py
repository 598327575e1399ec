"""Questioning, commitments, explanation hearings, standing meetings and confidence polls.

Each view: login, scoped fetch (out of scope is a 404), the edit right for writes (403 for a
reader in scope), a form, one service, render or redirect (STYLE.md §2.6).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors, submit
from core.paging import paginate
from councils import scoping
from councils import selectors as council_selectors
from councils.models import Body, Council
from sessions import selectors, services
from sessions.filters import COMMITMENT_SORT
from sessions.forms.questioning import (
    CommitmentFilterForm,
    CommitmentFollowUpForm,
    CommitmentForm,
    ConfidenceCountForm,
    ConfidencePollForm,
    CouncilFilterForm,
    HearingForm,
    QuestionAnswerForm,
    QuestionForm,
    StandingMeetingForm,
)
from sessions.models import (
    ConfidencePoll,
    ExplanationHearing,
    Session,
)


def _session(request: HttpRequest, pk: int) -> Session:
    """In scope (a withdrawn session only for its editors), else a 404."""
    try:
        return selectors.session_get(user=request.user, pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None


def _agencies(request: HttpRequest, council: Council) -> QuerySet:
    return council_selectors.agency_list(user=request.user).filter(council=council)


# --- questions --------------------------------------------------------------------------------


@login_required
@require_GET
def question_list_view(request: HttpRequest, session_pk: int) -> HttpResponse:
    """A session's questions with their answers and the commitments made, overdue flagged."""
    session = _session(request, session_pk)
    commitments = selectors.commitment_list(user=request.user, today=timezone.localdate())
    questions = (
        selectors.question_list(user=request.user, session=session)
        .prefetch_related(None)
        .prefetch_related(Prefetch("commitments", queryset=commitments))
        .order_by("id")
    )
    return render(
        request,
        "sessions/question_list.html",
        {
            "session": session,
            "questions": questions,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create_view(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _session(request, session_pk)
    scoping.require_edit(request.user, session.council)
    form = QuestionForm(
        request.POST or None,
        delegates=selectors.seated_delegates(session.council, session.planned_start),
        agencies=_agencies(request, session.council),
    )
    question = submit(
        request,
        form,
        lambda data: services.question_create(actor=request.user, session=session, **data),
    )
    if question is not None:
        messages.success(request, _("Đã ghi chất vấn."))
        if "add_another" in request.POST:
            return redirect("sessions:question_create", session_pk=session.pk)
        return redirect(f"{reverse('sessions:question_list', args=[session.pk])}#q{question.pk}")
    return render(request, "sessions/question_form.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
def question_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(
        selectors.question_list(user=request.user).select_related("session__council__unit"),
        pk=pk,
    )
    session = question.session
    scoping.require_edit(request.user, session.council)
    initial = {"answer": question.answer, "answered_on": question.answered_on}
    if not question.answered_on:
        initial["answered_on"] = session.actual_start or session.planned_start
    form = QuestionAnswerForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda data: services.question_answer(actor=request.user, question=question, **data),
    ):
        messages.success(request, _("Đã ghi nội dung trả lời."))
        return redirect(f"{reverse('sessions:question_list', args=[session.pk])}#q{question.pk}")
    return render(
        request,
        "sessions/question_answer.html",
        {"form": form, "question": question, "session": session},
    )


# --- commitments ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create_view(
    request: HttpRequest, question_pk: int | None = None, hearing_pk: int | None = None
) -> HttpResponse:
    """A commitment made answering a question, or at an explanation hearing."""
    question = hearing = None
    if question_pk is not None:
        question = get_object_or_404(
            selectors.question_list(user=request.user).select_related("session__council__unit"),
            pk=question_pk,
        )
        council = question.session.council
        back = f"{reverse('sessions:question_list', args=[question.session_id])}#q{question.pk}"
    else:
        hearing = get_object_or_404(
            selectors.hearing_list(user=request.user).select_related("council__unit"),
            pk=hearing_pk,
        )
        council = hearing.council
        back = reverse("sessions:hearing_detail", args=[hearing.pk])
    scoping.require_edit(request.user, council)
    responsible = ""
    if question is not None:
        responsible = f"{question.respondent}, {question.respondent_title}"
    elif hearing is not None:
        responsible = hearing.agency.name
    form = CommitmentForm(request.POST or None, initial={"responsible": responsible})
    commitment = submit(
        request,
        form,
        lambda data: services.commitment_create(
            actor=request.user, question=question, hearing=hearing, **data
        ),
    )
    if commitment is not None:
        messages.success(request, _("Đã ghi cam kết."))
        return redirect(back)
    return render(
        request,
        "sessions/commitment_form.html",
        {"form": form, "question": question, "hearing": hearing, "back": back},
    )


@login_required
@require_GET
def commitment_list_view(request: HttpRequest) -> HttpResponse:
    """Every commitment in scope; overdue is derived from the deadline, never stored."""
    today = timezone.localdate()
    form = CommitmentFilterForm(
        request.GET or None, councils=council_selectors.council_list(user=request.user)
    )
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    commitments = selectors.commitment_list(
        user=request.user,
        today=today,
        overdue_only=bool(data.get("overdue")),
        council=data.get("council"),
        sort=request.GET.get("sort"),
    ).select_related("council__unit")
    if data.get("status"):
        commitments = commitments.filter(status=data["status"])
    page = paginate(commitments, request.GET.get("page"))
    return render(
        request,
        "sessions/commitment_list.html",
        {"form": form, "page": page, "today": today, "sorting": COMMITMENT_SORT},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_follow_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        selectors.commitment_list(user=request.user, today=timezone.localdate()).select_related(
            "council__unit"
        ),
        pk=pk,
    )
    scoping.require_edit(request.user, commitment.council)
    form = CommitmentFollowUpForm(
        request.POST or None,
        initial={
            "status": commitment.status,
            "kept_on": commitment.kept_on,
            "progress": commitment.progress,
        },
    )
    if submit(
        request,
        form,
        lambda data: services.commitment_follow_up(
            actor=request.user, commitment=commitment, **data
        ),
    ):
        messages.success(request, _("Đã cập nhật kết quả theo dõi cam kết."))
        return redirect(_safe_next(request) or reverse("sessions:commitment_list"))
    return render(
        request,
        "sessions/commitment_follow_up.html",
        {"form": form, "commitment": commitment, "next": _safe_next(request)},
    )


def _safe_next(request: HttpRequest) -> str:
    """Only a path on this site: the follow-up form returns to the filtered register."""
    value = request.POST.get("next") or request.GET.get("next") or ""
    if value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


# --- standing-committee meetings --------------------------------------------------------------


def _add_target(request: HttpRequest, council: Council | None) -> Council | None:
    """The council a new meeting or hearing goes to: the one filtered on, else the user's own."""
    council = council or council_selectors.home_council(request.user)
    if council is not None and scoping.can_edit_council(request.user, council):
        return council
    return None


@login_required
@require_GET
def standing_meeting_list_view(request: HttpRequest) -> HttpResponse:
    form = CouncilFilterForm(
        request.GET or None, councils=council_selectors.council_list(user=request.user)
    )
    form.is_valid()
    council = getattr(form, "cleaned_data", {}).get("council")
    meetings = selectors.standing_meeting_list(user=request.user, council=council)
    page = paginate(meetings, request.GET.get("page"))
    return render(
        request,
        "sessions/standing_meeting_list.html",
        {"form": form, "page": page, "add_to": _add_target(request, council)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def standing_meeting_create_view(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = council_selectors.council_get(user=request.user, pk=council_pk)
    scoping.require_edit(request.user, council)
    form = StandingMeetingForm(request.POST or None)
    meeting = submit(
        request,
        form,
        lambda data: services.standing_meeting_create(actor=request.user, council=council, **data),
    )
    if meeting is not None:
        messages.success(request, _("Đã ghi phiên họp Thường trực."))
        return redirect("sessions:standing_meeting_detail", pk=meeting.pk)
    return render(
        request, "sessions/standing_meeting_form.html", {"form": form, "council": council}
    )


@login_required
@require_GET
def standing_meeting_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        selectors.standing_meeting_list(user=request.user)
        .select_related("council__unit")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "hearings",
                queryset=ExplanationHearing.objects.select_related("body", "agency").order_by(
                    "held_on", "id"
                ),
            )
        ),
        pk=pk,
    )
    return render(
        request,
        "sessions/standing_meeting_detail.html",
        {
            "meeting": meeting,
        },
    )


# --- explanation hearings ---------------------------------------------------------------------


@login_required
@require_GET
def hearing_list_view(request: HttpRequest) -> HttpResponse:
    form = CouncilFilterForm(
        request.GET or None, councils=council_selectors.council_list(user=request.user)
    )
    form.is_valid()
    council = getattr(form, "cleaned_data", {}).get("council")
    hearings = selectors.hearing_list(user=request.user, council=council).select_related("meeting")
    page = paginate(hearings, request.GET.get("page"))
    return render(
        request,
        "sessions/hearing_list.html",
        {"form": form, "page": page, "add_to": _add_target(request, council)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_create_view(request: HttpRequest, council_pk: int) -> HttpResponse:
    """Held by the standing committee or a Ban (87/2015 Art. 66(4)), maybe at a meeting."""
    council = council_selectors.council_get(user=request.user, pk=council_pk)
    scoping.require_edit(request.user, council)
    meetings = selectors.standing_meeting_list(user=request.user, council=council).prefetch_related(
        None
    )
    bodies = (
        Body.objects.visible_to(request.user)
        .filter(council=council, kind__in=[Body.Kind.STANDING, Body.Kind.COMMITTEE])
        .select_related("term")
        .order_by("-term__start_on", "kind", "position", "id")
    )
    initial = {}
    meeting_id = request.GET.get("meeting", "")
    if meeting_id.isdigit():
        meeting = meetings.filter(pk=meeting_id).first()
        if meeting is not None:
            initial = {"meeting": meeting.pk, "held_on": meeting.held_on}
            standing = bodies.filter(kind=Body.Kind.STANDING).first()
            if standing is not None:
                initial["body"] = standing.pk
    form = HearingForm(
        request.POST or None,
        initial=initial,
        bodies=bodies,
        agencies=_agencies(request, council),
        meetings=meetings,
    )
    hearing = submit(
        request,
        form,
        lambda data: services.hearing_create(actor=request.user, council=council, **data),
    )
    if hearing is not None:
        messages.success(request, _("Đã ghi phiên giải trình."))
        return redirect("sessions:hearing_detail", pk=hearing.pk)
    return render(request, "sessions/hearing_form.html", {"form": form, "council": council})


@login_required
@require_GET
def hearing_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = get_object_or_404(
        selectors.hearing_list(user=request.user)
        .select_related("council__unit", "meeting")
        .prefetch_related(None),
        pk=pk,
    )
    commitments = selectors.commitment_list(user=request.user, today=timezone.localdate()).filter(
        hearing=hearing
    )
    return render(
        request,
        "sessions/hearing_detail.html",
        {
            "hearing": hearing,
            "commitments": commitments,
        },
    )


# --- confidence polls -------------------------------------------------------------------------


@login_required
@require_GET
def poll_list_view(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _session(request, session_pk)
    polls = selectors.poll_list(user=request.user, session=session)
    return render(
        request,
        "sessions/poll_list.html",
        {
            "session": session,
            "polls": polls,
            "applies": services.poll_applies(session.council, session.planned_start),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def poll_create_view(request: HttpRequest, session_pk: int) -> HttpResponse:
    """Res. 96/2023/QH15: the levels that hold polls are a setting; others are refused."""
    session = _session(request, session_pk)
    scoping.require_edit(request.user, session.council)
    held_on = session.actual_end or session.planned_end
    form = ConfidencePollForm(
        request.POST or None, initial={"kind": ConfidencePoll.Kind.POLL, "held_on": held_on}
    )
    poll = submit(
        request,
        form,
        lambda data: services.confidence_poll_create(actor=request.user, session=session, **data),
    )
    if poll is not None:
        messages.success(request, _("Đã lập danh sách lấy phiếu tín nhiệm."))
        return redirect("sessions:poll_detail", pk=poll.pk)
    return render(
        request,
        "sessions/poll_form.html",
        {
            "form": form,
            "session": session,
            "applies": services.poll_applies(session.council, held_on),
        },
    )


def _poll(request: HttpRequest, pk: int) -> ConfidencePoll:
    return get_object_or_404(selectors.poll_list(user=request.user), pk=pk)


def _count_forms(poll: ConfidencePoll, data=None) -> dict[int, ConfidenceCountForm]:
    fields = ("ballots_issued", "ballots_returned", "ballots_valid", "high", "confidence", "low")
    return {
        entry.pk: ConfidenceCountForm(
            data,
            prefix=f"e{entry.pk}",
            kind=poll.kind,
            initial={f: getattr(entry, f) for f in fields},
        )
        for entry in poll.entries.all()
    }


def _render_poll(
    request: HttpRequest, poll: ConfidencePoll, forms: dict | None, status: int = 200
) -> HttpResponse:
    rows = selectors.poll_rows(poll)
    for row in rows:
        row["form"] = forms.get(row["entry"].pk) if forms else None
    if forms:
        # The cursor starts where work is: the first row in error, else the first not counted.
        target = next((r for r in rows if r["form"].errors), None) or next(
            (r for r in rows if r["entry"].low is None), None
        )
        if target is not None:
            form = target["form"]
            name = next(iter(form.errors), "ballots_issued")
            form.fields.get(name, form.fields["ballots_issued"]).widget.attrs["autofocus"] = True
    can_edit = scoping.can_edit_council(request.user, poll.session.council)
    return render(
        request,
        "sessions/poll_detail.html",
        {
            "poll": poll,
            "session": poll.session,
            "rows": rows,
            "editing": forms is not None,
            "can_confirm": can_edit and poll.status == ConfidencePoll.Status.COUNTED,
            "is_vote": poll.kind == ConfidencePoll.Kind.VOTE,
            "by_ballots": poll.denominator == ConfidencePoll.Denominator.BALLOTS,
        },
        status=status,
    )


@login_required
@require_GET
def poll_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The result table; those who may edit count straight into it until it is confirmed."""
    poll = _poll(request, pk)
    editable = (
        scoping.can_edit_council(request.user, poll.session.council)
        and poll.status != ConfidencePoll.Status.CONFIRMED
    )
    return _render_poll(request, poll, _count_forms(poll) if editable else None)


@login_required
@require_http_methods(["GET", "POST"])
def poll_count_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the counting committee's figures for every changed row, all or nothing."""
    poll = _poll(request, pk)
    scoping.require_edit(request.user, poll.session.council)
    if poll.status == ConfidencePoll.Status.CONFIRMED:
        messages.error(request, _("Kết quả đã được xác nhận, không sửa được."))
        return redirect("sessions:poll_detail", pk=poll.pk)
    if request.method != "POST":
        return _render_poll(request, poll, _count_forms(poll))
    forms = _count_forms(poll, request.POST)
    entries = {e.pk: e for e in poll.entries.all()}
    checked = [form.is_valid() for form in forms.values()]  # every row, to show every error
    valid = all(checked)
    if valid:
        with transaction.atomic():
            for pk_, form in forms.items():
                if form.is_blank or not form.has_changed():
                    continue
                try:
                    services.confidence_entry_count(
                        actor=request.user, entry=entries[pk_], **form.values()
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                    valid = False
            if not valid:
                transaction.set_rollback(True)
    if valid:
        messages.success(request, _("Đã lưu kết quả kiểm phiếu."))
        return redirect("sessions:poll_detail", pk=poll.pk)
    poll = _poll(request, pk)  # figures as stored: the rolled-back rows must not show
    return _render_poll(request, poll, forms)


@login_required
@require_POST
def poll_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll(request, pk)
    scoping.require_edit(request.user, poll.session.council)
    try:
        services.confidence_poll_confirm(actor=request.user, poll=poll)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã xác nhận kết quả lấy phiếu tín nhiệm."))
    return redirect("sessions:poll_detail", pk=poll.pk)


urlpatterns: list = [
    path("<int:session_pk>/questions/", question_list_view, name="question_list"),
    path("<int:session_pk>/questions/new/", question_create_view, name="question_create"),
    path("questions/<int:pk>/answer/", question_answer_view, name="question_answer"),
    path(
        "questions/<int:question_pk>/commitments/new/",
        commitment_create_view,
        name="commitment_create",
    ),
    path(
        "hearings/<int:hearing_pk>/commitments/new/",
        commitment_create_view,
        name="commitment_create",
    ),
    path("commitments/", commitment_list_view, name="commitment_list"),
    path("commitments/<int:pk>/follow-up/", commitment_follow_up_view, name="commitment_follow_up"),
    path("standing-meetings/", standing_meeting_list_view, name="standing_meeting_list"),
    path(
        "standing-meetings/new/<int:council_pk>/",
        standing_meeting_create_view,
        name="standing_meeting_create",
    ),
    path(
        "standing-meetings/<int:pk>/",
        standing_meeting_detail_view,
        name="standing_meeting_detail",
    ),
    path("hearings/", hearing_list_view, name="hearing_list"),
    path("hearings/new/<int:council_pk>/", hearing_create_view, name="hearing_create"),
    path("hearings/<int:pk>/", hearing_detail_view, name="hearing_detail"),
    path("<int:session_pk>/polls/", poll_list_view, name="poll_list"),
    path("<int:session_pk>/polls/new/", poll_create_view, name="poll_create"),
    path("polls/<int:pk>/", poll_detail_view, name="poll_detail"),
    path("polls/<int:pk>/count/", poll_count_view, name="poll_count"),
    path("polls/<int:pk>/confirm/", poll_confirm_view, name="poll_confirm"),
]

"""Questioning and confidence polls (commitments, hearings and standing meetings: oversight/).

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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors, submit
from councils import scoping
from councils import selectors as council_selectors
from councils.models import Council
from oversight import selectors as oversight_selectors
from sessions import selectors, services
from sessions.forms.questioning import (
    ConfidenceCountForm,
    ConfidencePollForm,
    QuestionAnswerForm,
    QuestionForm,
)
from sessions.models import ConfidencePoll, Session


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
    commitments = oversight_selectors.commitment_list(user=request.user, today=timezone.localdate())
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
    path("<int:session_pk>/polls/", poll_list_view, name="poll_list"),
    path("<int:session_pk>/polls/new/", poll_create_view, name="poll_create"),
    path("polls/<int:pk>/", poll_detail_view, name="poll_detail"),
    path("polls/<int:pk>/count/", poll_count_view, name="poll_count"),
    path("polls/<int:pk>/confirm/", poll_confirm_view, name="poll_confirm"),
]

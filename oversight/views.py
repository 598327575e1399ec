"""Standing-committee meetings, explanation hearings and the commitment register.

Each view: login, scoped fetch (out of scope is a 404), the edit right for writes (403 for a
reader in scope), a form, one service, render or redirect (STYLE.md §2.6). The pages keep their
addresses and names under /sessions/ (`sessions:commitment_list`...): sessions/urls.py mounts
`urlpatterns` below.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import RedirectView

from core.forms import submit
from core.paging import paginate
from councils import rules, scoping
from councils import selectors as council_selectors
from councils.models import Body, Council
from followups import services as followups
from followups.filters import OBLIGATION_SORT
from followups.selectors import due_soon_days
from oversight import selectors, services
from oversight.forms import (
    CommitmentFilterForm,
    CommitmentForm,
    CouncilFilterForm,
    HearingForm,
    StandingMeetingForm,
)
from oversight.models import ExplanationHearing
from sessions import selectors as session_selectors


def _agencies(request: HttpRequest, council: Council) -> QuerySet:
    return council_selectors.agency_list(user=request.user).filter(council=council)


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
            session_selectors.question_list(user=request.user).select_related(
                "session__council__unit"
            ),
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
        "oversight/commitment_form.html",
        {"form": form, "question": question, "hearing": hearing, "back": back},
    )


def _reminder_days(council: Council | None, today: date) -> tuple[int, ...]:
    """The reminder rule in force (the national one for a list across councils)."""
    return rules.day_list(council, rules.REMINDER_DAYS, today)


@login_required
@require_GET
def commitment_list_view(request: HttpRequest) -> HttpResponse:
    """The commitment register: every commitment in scope with what the follow-up engine
    derives of it (state, due date after extensions, next reminder, last escalation step)."""
    today = timezone.localdate()
    form = CommitmentFilterForm(
        request.GET or None, councils=council_selectors.council_list(user=request.user)
    )
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    council = data.get("council")
    rows = selectors.commitment_register(
        user=request.user,
        today=today,
        filters={
            "council": council.pk if council else "",
            "state": data.get("state") or "",
            "sort": request.GET.get("sort", ""),
        },
        soon_days=due_soon_days(None, today),
    )
    page = paginate(rows, request.GET.get("page"))
    return render(
        request,
        "oversight/commitment_list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "sorting": OBLIGATION_SORT,
            "reminder_days": _reminder_days(None, today),
        },
    )


@login_required
@require_GET
def commitment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One commitment and where its follow-up stands; extending, reporting, escalating and
    closing are the engine's pages (followups), linked from here for those who may."""
    today = timezone.localdate()
    commitment = get_object_or_404(
        selectors.commitment_list(user=request.user, today=today).select_related(
            "council__unit", "question__asked_by", "obligation__owed_by"
        ),
        pk=pk,
    )
    obligation = commitment.obligation
    may = {
        name: followups.may(request.user, action, commitment.council)
        for name, action in (
            ("extend", followups.EXTEND),
            ("report", followups.REPORT),
            ("escalate", followups.ESCALATE),
            ("close", followups.CLOSE),
            ("reopen", followups.REOPEN),
        )
    }
    return render(
        request,
        "oversight/commitment_detail.html",
        {
            "commitment": commitment,
            "obligation": obligation,
            "today": today,
            "reminder_days": _reminder_days(commitment.council, today),
            "last_report": obligation.reports.select_related("author").first(),
            "last_event": obligation.events.order_by("-happened_on", "-id").first(),
            "may": may,
        },
    )


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
        "oversight/standing_meeting_list.html",
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
        request, "oversight/standing_meeting_form.html", {"form": form, "council": council}
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
        "oversight/standing_meeting_detail.html",
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
        "oversight/hearing_list.html",
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
    return render(request, "oversight/hearing_form.html", {"form": form, "council": council})


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
        "oversight/hearing_detail.html",
        {
            "hearing": hearing,
            "commitments": commitments,
        },
    )


urlpatterns: list = [
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
    path("commitments/<int:pk>/", commitment_detail_view, name="commitment_detail"),
    # The follow-up form of old (bookmarks, sent links) now opens the commitment's page.
    path(
        "commitments/<int:pk>/follow-up/",
        RedirectView.as_view(pattern_name="sessions:commitment_detail", permanent=True),
        name="commitment_follow_up",
    ),
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
]

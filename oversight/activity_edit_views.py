"""Entry pages of issue 12: programmes and their items, activities from the decision to the
conclusion, the delegation, visits, report requests and recommendations.

Each view: login, scoped fetch (out of scope is a 404), `scoping.can_run_oversight` for the
record's body (403 for a reader in scope), a form, one service, redirect or render with every
error on its field and what was typed kept (STYLE.md §2.6).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import WithdrawForm, submit
from councils import scoping
from councils import selectors as council_selectors
from councils.models import Body, Council, Delegate
from oversight import activity_selectors as selectors
from oversight import services_activities as services
from oversight.activities import (
    ActivityDocument,
    ActivityKind,
    ActivityMember,
    OversightActivity,
    OversightProgramme,
    ProgrammeItem,
    Recommendation,
    ReportRequest,
    Visit,
)
from oversight.activity_forms import (
    ActivityCreateForm,
    ActivityDocumentForm,
    ActivityEditForm,
    ConcludeForm,
    DecideForm,
    HearingLinkForm,
    ItemForm,
    MembersForm,
    MoveForm,
    OversightCouncilForm,
    ProgrammeAdoptForm,
    ProgrammeEditForm,
    ProgrammeForm,
    ReceiveForm,
    RecommendationEditForm,
    RecommendationForm,
    ReoverseeForm,
    ReportRequestForm,
    SupplementForm,
    VisitForm,
)
from oversight.models import ExplanationHearing
from resolutions.models import Resolution
from sessions.forms.meetings import DocumentReplaceForm  # one shape for a new version

Status = OversightActivity.Status
Role = ActivityMember.Role
FORM = "oversight/oversight_form.html"
CREATE = "oversight/oversight_create.html"
WITHDRAW = "withdraw_confirm.html"


# --- shared reads ------------------------------------------------------------------------------


def _posted(request: HttpRequest):
    """The form's data on a POST, even an empty one (every field left blank is still judged)."""
    return request.POST if request.method == "POST" else None


def _run(request: HttpRequest, council: Council, body: Body | None) -> None:
    if not scoping.can_run_oversight(request.user, council, body):
        raise PermissionDenied


def _programme(request: HttpRequest, pk: int) -> OversightProgramme:
    programme = get_object_or_404(selectors.programme_list(user=request.user), pk=pk)
    _run(request, programme.council, programme.body)
    return programme


def _item(request: HttpRequest, pk: int) -> ProgrammeItem:
    item = get_object_or_404(
        ProgrammeItem.objects.visible_to(request.user)
        .filter(withdrawn_at__isnull=True, programme__withdrawn_at__isnull=True)
        .select_related("programme__council__unit", "programme__body", "body"),
        pk=pk,
    )
    _run(request, item.programme.council, item.programme.body)
    return item


def _activity(request: HttpRequest, pk: int) -> OversightActivity:
    activity = get_object_or_404(
        OversightActivity.objects.visible_to(request.user)
        .filter(withdrawn_at__isnull=True)
        .select_related("council__unit", "body"),
        pk=pk,
    )
    _run(request, activity.council, activity.body)
    return activity


def _of_activity(request: HttpRequest, model, pk: int):
    """A visit, report request or recommendation in scope whose activity the user runs."""
    row = get_object_or_404(
        model.objects.visible_to(request.user).select_related(
            "activity__council__unit", "activity__body"
        ),
        pk=pk,
    )
    _run(request, row.activity.council, row.activity.body)
    return row


def _agencies(request: HttpRequest, council: Council) -> QuerySet:
    return (
        council_selectors.agency_list(user=request.user)
        .filter(council=council)
        .order_by("name_key", "id")
    )


def _bodies(request: HttpRequest, council: Council) -> list[Body]:
    """The council's bodies of a term running today whose oversight the user runs."""
    today = timezone.localdate()
    bodies = Body.objects.filter(
        council=council, term__start_on__lte=today, term__end_on__gte=today
    ).order_by("kind", "position", "id")
    return scoping.oversight_bodies(request.user, council, bodies)


def _resolutions(request: HttpRequest, council: Council) -> QuerySet:
    return (
        Resolution.objects.visible_to(request.user)
        .filter(council=council)
        .order_by("-issued_on", "-id")
    )


def _page(request: HttpRequest, form, heading: str, back: str, **extra) -> HttpResponse:
    return render(request, FORM, {"form": form, "heading": heading, "back": back, **extra})


def _saved(request: HttpRequest, text: str, to: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(to)


def _board(programme_id: int) -> str:
    return reverse("oversight:programme_board", args=[programme_id])


def _detail(activity_id: int) -> str:
    return reverse("oversight:activity_detail", args=[activity_id])


def _withdraw(
    request: HttpRequest, record, back: str, action: Callable[[str], object], done: str, to: str
) -> HttpResponse:
    form = WithdrawForm(_posted(request))
    if submit(request, form, lambda data: action(data["reason"]) or True):
        return _saved(request, done, to)
    return render(request, WITHDRAW, {"form": form, "record": record, "back": back})


def _council_step(request: HttpRequest) -> tuple[OversightCouncilForm, Council | None]:
    """The first step of a new record: the council among those where the user runs oversight
    (none to choose when there is one)."""
    councils = scoping.councils_running_oversight(request.user)
    picker = OversightCouncilForm(
        request.GET if "council" in request.GET else None, councils=councils
    )
    if picker.is_bound:
        return picker, picker.cleaned_data["council"] if picker.is_valid() else None
    only = list(councils[:2])
    if not only:
        raise PermissionDenied
    return picker, only[0] if len(only) == 1 else None


# --- programmes --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def programme_create_view(request: HttpRequest) -> HttpResponse:
    picker, council = _council_step(request)
    form = None
    if council is not None:
        bodies = _bodies(request, council)
        own = scoping.can_run_oversight(request.user, council, None)
        if not own and not bodies:
            raise PermissionDenied
        form = ProgrammeForm(
            _posted(request),
            bodies=bodies,
            council_allowed=own,
            initial={"year": timezone.localdate().year + 1},
        )
        programme = submit(
            request,
            form,
            lambda data: services.programme_create(actor=request.user, council=council, **data),
        )
        if programme is not None:
            return _saved(request, _("Đã thêm chương trình giám sát."), _board(programme.pk))
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        CREATE,
        {
            "picker": picker,
            "form": form,
            "council": council,
            "heading": _("Thêm chương trình giám sát"),
            "back": reverse("oversight:programme_list"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    form = ProgrammeEditForm(_posted(request), initial={"title": programme.title})
    if submit(
        request,
        form,
        lambda data: services.programme_update(actor=request.user, programme=programme, **data),
    ):
        return _saved(request, _("Đã sửa chương trình giám sát."), _board(programme.pk))
    return _page(request, form, _("Sửa chương trình giám sát"), _board(programme.pk))


@login_required
@require_http_methods(["GET", "POST"])
def programme_adopt_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The council's programme adopted by its resolution in the register; a body's by its own
    document (number and date)."""
    programme = _programme(request, pk)
    form = ProgrammeAdoptForm(
        _posted(request), resolutions=_resolutions(request, programme.council)
    )
    if submit(
        request,
        form,
        lambda data: services.programme_adopt(actor=request.user, programme=programme, **data),
    ):
        return _saved(request, _("Đã ghi chương trình được thông qua."), _board(programme.pk))
    return _page(
        request,
        form,
        _("Thông qua, ban hành chương trình giám sát"),
        _board(programme.pk),
        record=programme,
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    return _withdraw(
        request,
        programme,
        _board(programme.pk),
        lambda reason: services.programme_withdraw(
            actor=request.user, programme=programme, reason=reason
        ),
        _("Đã rút chương trình giám sát."),
        reverse("oversight:programme_list"),
    )


def _item_form(request: HttpRequest, programme: OversightProgramme, **kwargs) -> ItemForm:
    return ItemForm(
        _posted(request),
        bodies=_bodies(request, programme.council),
        agencies=_agencies(request, programme.council),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    form = _item_form(request, programme)
    item = submit(
        request,
        form,
        lambda data: services.item_create(actor=request.user, programme=programme, **data),
    )
    if item is not None:
        return _saved(request, _("Đã thêm nội dung chương trình."), _board(programme.pk))
    return _page(request, form, _("Thêm nội dung chương trình giám sát"), _board(programme.pk))


@login_required
@require_http_methods(["GET", "POST"])
def item_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    programme = item.programme
    form = _item_form(
        request,
        programme,
        initial={
            "topic": item.topic,
            "kind": item.kind,
            "quarter": item.quarter,
            "body": item.body_id if item.body_id != programme.body_id else None,
            "agencies": list(item.agencies.values_list("pk", flat=True)),
            "position": item.position,
        },
    )
    if submit(
        request, form, lambda data: services.item_update(actor=request.user, item=item, **data)
    ):
        return _saved(request, _("Đã sửa nội dung chương trình."), _board(programme.pk))
    return _page(request, form, _("Sửa nội dung chương trình giám sát"), _board(programme.pk))


@login_required
@require_http_methods(["GET", "POST"])
def item_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    back = _board(item.programme_id)
    return _withdraw(
        request,
        item,
        back,
        lambda reason: services.item_withdraw(actor=request.user, item=item, reason=reason),
        _("Đã rút nội dung chương trình."),
        back,
    )


# --- activities --------------------------------------------------------------------------------


def _activity_create_form(
    request: HttpRequest, council: Council, item: ProgrammeItem | None
) -> ActivityCreateForm:
    bodies = _bodies(request, council)
    own = scoping.can_run_oversight(request.user, council, None)
    if item is not None:
        items = ProgrammeItem.objects.filter(pk=item.pk)
        initial = {
            "kind": item.kind,
            "topic": item.topic,
            "year": item.programme.year,
            "body": item.body_id,
            "programme_item": item.pk,
            "agencies": list(item.agencies.values_list("pk", flat=True)),
        }
    else:
        items = (
            ProgrammeItem.objects.visible_to(request.user)
            .filter(
                programme__council=council,
                withdrawn_at__isnull=True,
                programme__withdrawn_at__isnull=True,
            )
            .select_related("programme")
            .order_by("-programme__year", "quarter", "position", "id")
        )
        initial = {"year": timezone.localdate().year}
    if not own and not bodies:
        raise PermissionDenied
    earlier = (
        OversightActivity.objects.visible_to(request.user)
        .filter(council=council, withdrawn_at__isnull=True)
        .exclude(kind=ActivityKind.REOVERSIGHT)
        .only("id", "year", "topic")
        .order_by("-year", "-id")
    )
    return ActivityCreateForm(
        _posted(request),
        bodies=bodies,
        council_allowed=own,
        items=items,
        earlier=earlier,
        agencies=_agencies(request, council),
        initial=initial,
    )


def _create_activity(request: HttpRequest, council: Council, form) -> OversightActivity | None:
    return submit(
        request,
        form,
        lambda data: services.activity_create(actor=request.user, council=council, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create_view(request: HttpRequest) -> HttpResponse:
    """An activity outside the programme (or choosing its item): council first."""
    picker, council = _council_step(request)
    form = None
    if council is not None:
        form = _activity_create_form(request, council, None)
        activity = _create_activity(request, council, form)
        if activity is not None:
            return _saved(request, _("Đã thêm hoạt động giám sát."), _detail(activity.pk))
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        CREATE,
        {
            "picker": picker,
            "form": form,
            "council": council,
            "heading": _("Thêm hoạt động giám sát"),
            "back": reverse("oversight:programme_list"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_activity_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity carrying out a programme item: its topic, kind, body and agencies copied."""
    item = _item(request, pk)
    council = item.programme.council
    form = _activity_create_form(request, council, item)
    activity = _create_activity(request, council, form)
    if activity is not None:
        return _saved(request, _("Đã thêm hoạt động giám sát."), _detail(activity.pk))
    return _page(
        request,
        form,
        _("Triển khai nội dung: %(topic)s") % {"topic": item.topic[:120]},
        _board(item.programme_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
    initial["agencies"] = list(activity.agencies.values_list("pk", flat=True))
    form = ActivityEditForm(
        _posted(request), agencies=_agencies(request, activity.council), initial=initial
    )
    if submit(
        request,
        form,
        lambda data: services.activity_update(actor=request.user, activity=activity, **data),
    ):
        return _saved(request, _("Đã sửa hoạt động giám sát."), _detail(activity.pk))
    return _page(request, form, _("Sửa hoạt động giám sát"), _detail(activity.pk), record=activity)


MOVE_HEADINGS = {
    Status.DECIDED: gettext_lazy("Thành lập đoàn giám sát"),
    Status.IN_PROGRESS: gettext_lazy("Bắt đầu giám sát, khảo sát"),
    Status.REPORTING: gettext_lazy("Chuyển sang dự thảo báo cáo"),
    Status.CONCLUDED: gettext_lazy("Báo cáo kết quả giám sát"),
    Status.CANCELLED: gettext_lazy("Không tiến hành"),
}


@login_required
@require_http_methods(["GET", "POST"])
def activity_move_view(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    """One status move with what it needs: the decision (number, date), the conclusion report
    in its five parts, or a note (required to cancel or to go back)."""
    if to not in OversightActivity.Status.values or to == OversightActivity.Status.PLANNED:
        raise Http404
    activity = _activity(request, pk)
    if to == Status.DECIDED:
        form = DecideForm(
            _posted(request),
            initial={
                "decision_number": activity.decision_number,
                "decision_date": activity.decision_date,
            },
        )
        action = services.activity_decide
    elif to == Status.CONCLUDED:
        form = ConcludeForm(
            _posted(request),
            initial={name: getattr(activity, name) for name in ConcludeForm.base_fields},
        )
        action = services.activity_conclude
    else:
        form = MoveForm(_posted(request))

        def action(**kwargs):
            return services.activity_transition(to=to, **kwargs)

    if submit(request, form, lambda data: action(actor=request.user, activity=activity, **data)):
        return _saved(request, _("Đã chuyển trạng thái hoạt động."), _detail(activity.pk))
    heading = MOVE_HEADINGS.get(to, "")
    if to == Status.IN_PROGRESS and activity.status == Status.REPORTING:
        heading = _("Trở lại giám sát")
    return _page(request, form, heading, _detail(activity.pk), record=activity)


@login_required
@require_http_methods(["GET", "POST"])
def activity_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    return _withdraw(
        request,
        activity,
        _detail(activity.pk),
        lambda reason: services.activity_withdraw(
            actor=request.user, activity=activity, reason=reason
        ),
        _("Đã rút hoạt động giám sát."),
        reverse("oversight:programme_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_members_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The delegation: delegates of the council with their roles, and who is invited."""
    activity = _activity(request, pk)
    current = list(activity.memberships.all())
    by_role = {role: [m.delegate_id for m in current if m.role == role] for role in Role.values}
    delegates = (
        Delegate.objects.visible_to(request.user)
        .filter(council=activity.council)
        .order_by("name_key", "id")
    )
    form = MembersForm(
        _posted(request),
        delegates=delegates,
        initial={
            "head": next(iter(by_role[Role.HEAD]), None),
            "deputies": by_role[Role.DEPUTY],
            "members": by_role[Role.MEMBER],
            "secretary": next(iter(by_role[Role.SECRETARY]), None),
            "invited_members": activity.invited_members,
        },
    )

    def save(data):
        pairs = [(d, Role.HEAD) for d in [data["head"]] if d]
        pairs += [(d, Role.DEPUTY) for d in data["deputies"]]
        pairs += [(d, Role.MEMBER) for d in data["members"]]
        pairs += [(d, Role.SECRETARY) for d in [data["secretary"]] if d]
        return services.activity_members_set(
            actor=request.user,
            activity=activity,
            members=pairs,
            invited_members=data["invited_members"],
        )

    if submit(request, form, save):
        return _saved(request, _("Đã ghi thành viên đoàn."), _detail(activity.pk))
    return _page(
        request, form, _("Thành viên đoàn giám sát"), _detail(activity.pk), record=activity
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    form = VisitForm(_posted(request), agencies=_agencies(request, activity.council))
    if submit(
        request,
        form,
        lambda data: services.visit_add(actor=request.user, activity=activity, **data),
    ):
        return _saved(request, _("Đã thêm lịch làm việc."), _detail(activity.pk) + "#visits")
    return _page(
        request, form, _("Thêm lịch làm việc của đoàn"), _detail(activity.pk), record=activity
    )


@login_required
@require_POST
def visit_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _of_activity(request, Visit, pk)
    activity_id = visit.activity_id
    services.visit_remove(actor=request.user, visit=visit)
    return _saved(request, _("Đã bỏ lịch làm việc."), _detail(activity_id) + "#visits")


# --- report requests ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_request_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    form = ReportRequestForm(
        _posted(request),
        agencies=_agencies(request, activity.council),
        initial={"requested_on": timezone.localdate()},
    )
    if submit(
        request,
        form,
        lambda data: services.report_request_create(actor=request.user, activity=activity, **data),
    ):
        return _saved(request, _("Đã ghi yêu cầu báo cáo."), _detail(activity.pk))
    return _page(request, form, _("Yêu cầu cơ quan báo cáo"), _detail(activity.pk), record=activity)


@login_required
@require_http_methods(["GET", "POST"])
def report_request_supplement_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A supplementary report of the same agency, due within the council's rule (5 days)."""
    report = _of_activity(request, ReportRequest, pk)
    form = SupplementForm(_posted(request), initial={"requested_on": timezone.localdate()})
    if submit(
        request,
        form,
        lambda data: services.report_request_supplement(actor=request.user, request=report, **data),
    ):
        return _saved(request, _("Đã ghi yêu cầu báo cáo bổ sung."), _detail(report.activity_id))
    return _page(
        request,
        form,
        _("Yêu cầu báo cáo bổ sung: %(subject)s") % {"subject": report.subject[:120]},
        _detail(report.activity_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_request_receive_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _of_activity(request, ReportRequest, pk)
    form = ReceiveForm(_posted(request), initial={"received_on": timezone.localdate()})
    if submit(
        request,
        form,
        lambda data: services.report_request_receive(actor=request.user, request=report, **data),
    ):
        return _saved(request, _("Đã ghi nhận báo cáo."), _detail(report.activity_id))
    return _page(
        request,
        form,
        _("Nhận báo cáo: %(subject)s") % {"subject": report.subject[:120]},
        _detail(report.activity_id),
    )


# --- recommendations ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    form = RecommendationForm(
        _posted(request),
        agencies=_agencies(request, activity.council),
        resolutions=_resolutions(request, activity.council),
        initial={"issued_on": activity.concluded_on},
    )
    if submit(
        request,
        form,
        lambda data: services.recommendation_create(actor=request.user, activity=activity, **data),
    ):
        return _saved(request, _("Đã thêm kiến nghị."), _detail(activity.pk) + "#recommendations")
    return _page(
        request, form, _("Thêm kiến nghị sau giám sát"), _detail(activity.pk), record=activity
    )


def _recommendation(request: HttpRequest, pk: int) -> Recommendation:
    rec = _of_activity(request, Recommendation, pk)
    if rec.obligation.withdrawn:
        raise Http404
    return rec


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation(request, pk)
    form = RecommendationEditForm(
        _posted(request),
        resolutions=_resolutions(request, rec.council),
        initial={"content": rec.content, "field": rec.field, "resolution": rec.resolution_id},
    )
    if submit(
        request,
        form,
        lambda data: services.recommendation_update(actor=request.user, recommendation=rec, **data),
    ):
        return _saved(request, _("Đã sửa kiến nghị."), _detail(rec.activity_id))
    return _page(request, form, _("Sửa kiến nghị sau giám sát"), _detail(rec.activity_id))


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation(request, pk)
    back = _detail(rec.activity_id)
    return _withdraw(
        request,
        rec,
        back,
        lambda reason: services.recommendation_withdraw(
            actor=request.user, recommendation=rec, reason=reason
        ),
        _("Đã rút kiến nghị."),
        back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_hearing_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The explanation hearing held because the recommendation is late: a step of its ladder."""
    rec = _recommendation(request, pk)
    hearings = (
        ExplanationHearing.objects.visible_to(request.user)
        .filter(council=rec.council_id)
        .order_by("-held_on", "-id")
    )
    form = HearingLinkForm(_posted(request), hearings=hearings)
    if submit(
        request,
        form,
        lambda data: services.recommendation_hearing_link(
            actor=request.user, recommendation=rec, **data
        ),
    ):
        return _saved(request, _("Đã gắn phiên giải trình."), _detail(rec.activity_id))
    return _page(request, form, _("Gắn phiên giải trình"), _detail(rec.activity_id), record=rec)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_reoversee_view(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation(request, pk)
    reoversights = (
        OversightActivity.objects.visible_to(request.user)
        .filter(council=rec.council_id, kind=ActivityKind.REOVERSIGHT, withdrawn_at__isnull=True)
        .only("id", "year", "topic")
        .order_by("-year", "-id")
    )
    form = ReoverseeForm(
        _posted(request),
        reoversights=reoversights,
        initial={"reoversight": rec.reoversight_id},
    )
    if submit(
        request,
        form,
        lambda data: services.recommendation_reoversee(
            actor=request.user, recommendation=rec, **data
        ),
    ):
        return _saved(request, _("Đã gắn hoạt động tái giám sát."), _detail(rec.activity_id))
    return _page(request, form, _("Tái giám sát kiến nghị"), _detail(rec.activity_id), record=rec)


# --- documents ---------------------------------------------------------------------------------


def _document(request: HttpRequest, pk: int) -> ActivityDocument:
    """A live document in scope whose activity the user runs (404 out of scope, 403 a reader)."""
    document = get_object_or_404(
        selectors.activity_document_list(user=request.user)
        .prefetch_related(None)
        .select_related("activity__council__unit", "activity__body"),
        pk=pk,
    )
    _run(request, document.activity.council, document.activity.body)
    return document


@login_required
@require_http_methods(["GET", "POST"])
def document_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep a document of the activity: decision, plan, an agency's report, minutes, the
    conclusion report, other."""
    activity = _activity(request, pk)
    kind = request.GET.get("kind", "")
    form = ActivityDocumentForm(
        _posted(request),
        request.FILES or None,
        initial={"kind": kind} if kind in ActivityDocument.Kind.values else None,
    )
    document = submit(
        request,
        form,
        lambda data: services.activity_document_upload(
            actor=request.user, activity=activity, **data
        ),
    )
    if document is not None:
        return _saved(
            request,
            _("Đã tải lên “%(title)s”.") % {"title": document.title},
            _detail(activity.pk) + "#files",
        )
    return _page(request, form, _("Tải lên tài liệu"), _detail(activity.pk), record=activity)


@login_required
@require_http_methods(["GET", "POST"])
def document_replace_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of a document; the earlier ones stay downloadable."""
    document = _document(request, pk)
    form = DocumentReplaceForm(_posted(request), request.FILES or None)
    version = submit(
        request,
        form,
        lambda data: services.activity_document_replace(
            actor=request.user, document=document, **data
        ),
    )
    back = _detail(document.activity_id) + "#files"
    if version is not None:
        return _saved(
            request,
            _("Đã tải lên phiên bản %(n)s của “%(title)s”.")
            % {"n": version.number, "title": document.title},
            back,
        )
    return _page(request, form, _("Thay phiên bản mới"), back, record=document)


@login_required
@require_http_methods(["GET", "POST"])
def document_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    back = _detail(document.activity_id) + "#files"
    return _withdraw(
        request,
        document,
        back,
        lambda reason: services.activity_document_withdraw(
            actor=request.user, document=document, reason=reason
        ),
        _("Đã rút tài liệu."),
        back,
    )

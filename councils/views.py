"""Pages of the council tree. Each view: login, scoped fetch, form, one service, render."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import submit
from core.paging import paginate
from councils import scoping, selectors, services
from councils.filters import DELEGATE_SORT
from councils.forms import (
    BodyForm,
    BodyMembershipForm,
    CouncilForm,
    DelegateAccountForm,
    DelegateFilterForm,
    DelegateForm,
    MembershipForm,
    RoleEndForm,
    RoleGrantFilterForm,
    RoleGrantForm,
    SearchForm,
    TermForm,
    UnitForm,
)
from councils.models import AdministrativeUnit, Body, Capability, CouncilMembership, Delegate


def _tree_url(parent: AdministrativeUnit | None) -> str:
    url = reverse("councils:tree")
    return f"{url}?parent={parent.pk}" if parent is not None else url


@login_required
@require_GET
def home_view(request: HttpRequest) -> HttpResponse:
    """Open on the user's own council; administrators and users without one get the tree."""
    council = selectors.home_council(request.user)
    if council is not None:
        return redirect("councils:council_detail", pk=council.pk)
    return redirect("councils:tree")


@login_required
@require_GET
def tree_view(request: HttpRequest) -> HttpResponse:
    """Drill down one level at a time; search looks across the whole reach, without diacritics."""
    form = SearchForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    today = timezone.localdate()
    # A search looks through history too, unless a date is given: clerks search old names.
    query = data.get("q") or ""
    on = None if data.get("all") or (query and not data.get("on")) else (data.get("on") or today)
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = get_object_or_404(
            AdministrativeUnit.objects.visible_to(request.user), pk=request.GET["parent"]
        )
    # A unit that was merged away opens on its last day, unless a date was asked for.
    ended = parent.valid_to if parent is not None else None
    if on is not None and ended is not None and ended < on and not data.get("on"):
        on = ended
    units = selectors.unit_list(user=request.user, parent=parent, on=on, query=query)
    page = paginate(units, request.GET.get("page"))
    if query:
        selectors.attach_trails(list(page.object_list))
    breadcrumb = (
        [*selectors.unit_ancestors(parent, user=request.user), parent] if parent is not None else []
    )
    return render(
        request,
        "councils/tree.html",
        {
            "form": form,
            "page": page,
            "parent": parent,
            "breadcrumb": breadcrumb,
            "query": query,
            "on": on,
            "can_add": scoping.can_add_child_unit(request.user, parent),
        },
    )


@login_required
@require_GET
def council_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    council = selectors.council_get(user=request.user, pk=pk)
    term_id = request.GET.get("term")
    data = selectors.council_page(
        user=request.user,
        council=council,
        term_id=int(term_id) if term_id and term_id.isdigit() else None,
        on=timezone.localdate(),
    )
    return render(
        request,
        "councils/council_detail.html",
        {
            "page": data,
            "council": council,
            "unit": council.unit,
            "breadcrumb": selectors.unit_ancestors(council.unit, user=request.user),
        },
    )


@login_required
@require_GET
def council_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    council = selectors.council_get(user=request.user, pk=pk)
    # Inline on the council page: the latest changes; the full page shows more.
    rows = selectors.council_history(council=council, limit=15 if request.htmx else 200)
    template = "councils/_history.html" if request.htmx else "councils/council_history.html"
    return render(request, template, {"council": council, "rows": rows, "inline": request.htmx})


@login_required
@require_http_methods(["GET", "POST"])
def unit_create_view(request: HttpRequest) -> HttpResponse:
    parent = None
    parent_id = request.GET.get("parent") or request.POST.get("parent")
    if parent_id:
        parent = get_object_or_404(
            AdministrativeUnit.objects.visible_to(request.user), pk=parent_id
        )
    scoping.require(scoping.can_add_child_unit(request.user, parent))
    form = UnitForm(request.POST or None, initial={"with_council": True})
    unit = submit(
        request,
        form,
        lambda data: services.unit_create(actor=request.user, parent=parent, **data),
    )
    if unit is not None:
        messages.success(request, _("Đã thêm %(unit)s.") % {"unit": unit.title})
        return redirect(_tree_url(parent))
    return render(request, "councils/unit_form.html", {"form": form, "parent": parent})


@login_required
@require_http_methods(["GET", "POST"])
def unit_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(AdministrativeUnit.objects.visible_to(request.user), pk=pk)
    scoping.require(scoping.can_edit_unit(request.user, unit))
    initial = {f: getattr(unit, f) for f in ("name", "kind", "code", "valid_from", "valid_to")}
    form = UnitForm(request.POST or None, initial=initial, editing=True)
    if submit(
        request, form, lambda data: services.unit_update(actor=request.user, unit=unit, **data)
    ):
        messages.success(request, _("Đã lưu %(unit)s.") % {"unit": unit.title})
        parent = AdministrativeUnit.objects.get_parent(unit)
        return redirect(_tree_url(parent))
    return render(request, "councils/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def council_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    council = selectors.council_get(user=request.user, pk=pk)
    scoping.require_edit(request.user, council)
    initial = {f: getattr(council, f) for f in ("name", "valid_from", "valid_to")}
    form = CouncilForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda data: services.council_update(actor=request.user, council=council, **data),
    ):
        messages.success(request, _("Đã lưu thông tin Hội đồng."))
        return redirect("councils:council_detail", pk=council.pk)
    return render(request, "councils/council_form.html", {"form": form, "council": council})


@login_required
@require_GET
def term_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "councils/term_list.html",
        {"terms": selectors.term_list(), "can_manage": scoping.can_manage_terms(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scoping.require(scoping.can_manage_terms(request.user))
    term = get_object_or_404(selectors.term_list(), pk=pk) if pk else None
    initial = {f: getattr(term, f) for f in ("name", "start_on", "end_on")} if term else None
    form = TermForm(request.POST or None, initial=initial)

    def save(data):
        if term is None:
            return services.term_create(actor=request.user, **data)
        return services.term_update(actor=request.user, term=term, **data)

    if submit(request, form, save):
        messages.success(request, _("Đã lưu nhiệm kỳ."))
        return redirect("councils:term_list")
    return render(request, "councils/term_form.html", {"form": form, "term": term})


@login_required
@require_GET
def delegate_list_view(request: HttpRequest) -> HttpResponse:
    form = DelegateFilterForm(request.GET, councils=selectors.council_list(user=request.user))
    form.is_valid()  # a bad council is reported; the name still filters
    data = getattr(form, "cleaned_data", {})
    delegates = selectors.delegate_list(
        user=request.user,
        query=data.get("q") or "",
        council=data.get("council"),
        sort=request.GET.get("sort"),
    )
    page = paginate(delegates, request.GET.get("page"))
    return render(
        request,
        "councils/delegate_list.html",
        {"page": page, "form": form, "sorting": DELEGATE_SORT},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegate_form_view(
    request: HttpRequest, council_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    delegate = None
    if pk is not None:
        delegate = get_object_or_404(selectors.delegate_list(user=request.user), pk=pk)
        council = delegate.council
    else:
        council = selectors.council_get(user=request.user, pk=council_pk)
    scoping.require_edit(request.user, council)
    initial = {f: getattr(delegate, f) for f in services.DELEGATE_FIELDS} if delegate else None
    form = DelegateForm(request.POST or None, initial=initial)

    def save(data):
        if delegate is None:
            return services.delegate_create(actor=request.user, council=council, **data)
        return services.delegate_update(actor=request.user, delegate=delegate, **data)

    saved = submit(request, form, save)
    if saved is not None:
        messages.success(request, _("Đã lưu đại biểu %(name)s.") % {"name": saved.full_name})
        if delegate is None and "add_membership" in request.POST:
            return redirect(
                f"{reverse('councils:membership_create', args=[council.pk])}?delegate={saved.pk}"
            )
        return redirect("councils:council_detail", pk=council.pk)
    account_form = None
    if delegate is not None and scoping.can(request.user, Capability.MANAGE_ROLES, council):
        account_form = DelegateAccountForm(
            accounts=selectors.delegate_accounts(council=council),
            initial={"user": delegate.user_id},
            auto_id="account_%s",
        )
    return render(
        request,
        "councils/delegate_form.html",
        {"form": form, "council": council, "delegate": delegate, "account_form": account_form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegate_account_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the delegate to their own account, or unlink it: for those who manage roles at the
    delegate's council (the link makes the delegate role personal)."""
    delegate = get_object_or_404(
        selectors.delegate_list(user=request.user).select_related("user"), pk=pk
    )
    scoping.require_can(request.user, Capability.MANAGE_ROLES, delegate.council)
    form = DelegateAccountForm(
        request.POST or None,
        accounts=selectors.delegate_accounts(council=delegate.council),
        initial={"user": delegate.user_id},
        auto_id="account_%s",
    )
    saved = submit(
        request,
        form,
        lambda data: services.delegate_user_link(
            actor=request.user, delegate=delegate, user=data["user"]
        ),
        check=lambda data: services.delegate_user_link_check(delegate=delegate, user=data["user"]),
    )
    if saved is not None:
        if saved.user is None:
            message = _("Đã bỏ gắn tài khoản của đại biểu %(name)s.")
        else:
            message = _("Đã gắn tài khoản %(account)s cho đại biểu %(name)s.")
        messages.success(
            request,
            message % {"name": saved.full_name, "account": getattr(saved.user, "username", "")},
        )
        return redirect("councils:delegate_update", pk=delegate.pk)
    return render(request, "councils/delegate_account.html", {"form": form, "delegate": delegate})


@login_required
@require_http_methods(["GET", "POST"])
def membership_form_view(
    request: HttpRequest, council_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    membership = None
    if pk is not None:
        membership = get_object_or_404(selectors.membership_list(user=request.user), pk=pk)
        council = membership.council
    else:
        council = selectors.council_get(user=request.user, pk=council_pk)
    scoping.require_edit(request.user, council)
    delegates = (
        Delegate.objects.visible_to(request.user).filter(council=council).order_by("name_key")
    )
    fields = ("term", "kind", "position", "constituency", "start_on", "end_on", "end_reason")
    if membership is not None:
        initial = {f: getattr(membership, f) for f in fields}
    else:
        initial = {
            "delegate": request.GET.get("delegate"),
            "kind": CouncilMembership.Kind.PART_TIME,
        }
    form = MembershipForm(
        request.POST or None, initial=initial, delegates=delegates, editing=membership is not None
    )

    def save(data):
        if membership is None:
            return services.membership_create(actor=request.user, council=council, **data)
        return services.membership_update(actor=request.user, membership=membership, **data)

    saved = submit(request, form, save)
    if saved is not None:
        messages.success(request, _("Đã lưu tư cách đại biểu."))
        return redirect(
            f"{reverse('councils:council_detail', args=[council.pk])}?term={saved.term_id}"
        )
    return render(
        request,
        "councils/membership_form.html",
        {"form": form, "council": council, "membership": membership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_create_view(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = selectors.council_get(user=request.user, pk=council_pk)
    scoping.require_edit(request.user, council)
    form = BodyForm(request.POST or None, initial={"term": request.GET.get("term")})
    body = submit(
        request,
        form,
        lambda data: services.body_create(actor=request.user, council=council, **data),
    )
    if body is not None:
        messages.success(request, _("Đã thêm %(body)s.") % {"body": body.name})
        return redirect(
            f"{reverse('councils:council_detail', args=[council.pk])}?term={body.term_id}"
        )
    return render(request, "councils/body_form.html", {"form": form, "council": council})


@login_required
@require_http_methods(["GET", "POST"])
def body_member_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(
        Body.objects.visible_to(request.user).select_related("council__unit", "term"), pk=pk
    )
    council = body.council
    scoping.require_edit(request.user, council)
    delegates = (
        Delegate.objects.visible_to(request.user)
        .filter(memberships__council=council, memberships__term=body.term)
        .distinct()
        .order_by("name_key")
    )
    form = BodyMembershipForm(request.POST or None, delegates=delegates)
    saved = submit(
        request,
        form,
        lambda data: services.body_membership_create(actor=request.user, body=body, **data),
    )
    if saved is not None:
        messages.success(request, _("Đã thêm thành viên vào %(body)s.") % {"body": body.name})
        return redirect(
            f"{reverse('councils:council_detail', args=[council.pk])}?term={body.term_id}"
        )
    return render(
        request, "councils/body_member_form.html", {"form": form, "council": council, "body": body}
    )


@login_required
@require_GET
def council_suggest_view(request: HttpRequest) -> JsonResponse:
    """Matches for the council picker, as JSON; `editable=1` keeps those the user may edit."""
    rows = selectors.council_suggestions(
        user=request.user,
        query=request.GET.get("q", "")[:100],
        editable=request.GET.get("editable") == "1",
    )
    return JsonResponse(rows, safe=False)


@login_required
@require_GET
def role_grant_list_view(request: HttpRequest) -> HttpResponse:
    """Current grants where the user manages roles, with a council and a user filter."""
    user = request.user
    scoping.require(scoping.can_somewhere(user, Capability.MANAGE_ROLES))
    councils = selectors.councils_granting(user)
    form = RoleGrantFilterForm(request.GET, councils=councils)
    form.is_valid()  # a bad council is reported; the rest still filters
    data = getattr(form, "cleaned_data", {})
    grants = selectors.role_grant_list(
        user=user,
        council=data.get("council"),
        query=data.get("q") or "",
        include_ended=bool(data.get("ended")),
        today=timezone.localdate(),
    )
    page = paginate(grants, request.GET.get("page"))
    return render(
        request,
        "councils/role_grant_list.html",
        {
            "page": page,
            "form": form,
            "today": timezone.localdate(),
            "capabilities": selectors.role_capability_table(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_grant_create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    scoping.require(scoping.can_somewhere(user, Capability.MANAGE_ROLES))
    form = RoleGrantForm(
        request.POST or None,
        councils=selectors.councils_granting(user),
        initial={"valid_from": timezone.localdate()},
    )
    grant = submit(
        request,
        form,
        lambda data: services.role_assign(actor=user, **data),
        check=lambda data: services.role_grant_check(actor=user, **data),
    )
    if grant is not None:
        messages.success(
            request,
            _("Đã cấp quyền %(role)s cho %(user)s.")
            % {"role": grant.get_role_display(), "user": grant.user},
        )
        return redirect("councils:role_grant_list")
    return render(request, "councils/role_grant_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def role_grant_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    """End a grant on a chosen day (yesterday by default: the right stops today)."""
    grants = selectors.role_grant_list(user=request.user, include_ended=True)
    grant = get_object_or_404(grants, pk=pk)
    yesterday = timezone.localdate() - timedelta(days=1)
    form = RoleEndForm(request.POST or None, initial={"valid_to": max(yesterday, grant.valid_from)})
    if submit(
        request,
        form,
        lambda data: services.role_end(actor=request.user, assignment=grant, **data),
    ):
        messages.success(
            request,
            _("Đã kết thúc quyền %(role)s của %(user)s.")
            % {"role": grant.get_role_display(), "user": grant.user},
        )
        return redirect("councils:role_grant_list")
    return render(request, "councils/role_grant_end.html", {"form": form, "grant": grant})

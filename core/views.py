"""The user's exports (the page of one queued spreadsheet, the list, the download), the user's
notifications (the bell, the list, mark read, the digest preference), and the application's
error pages."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseServerError,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import exports, notifications, selectors, viewlog
from core.forms import DigestPreferenceForm, ViewLogFilterForm
from core.paging import paginate

logger = logging.getLogger(__name__)


@login_required
@require_GET
def export_list_view(request: HttpRequest) -> HttpResponse:
    exports = selectors.export_list(user=request.user)[:30]
    return render(request, "core/export_list.html", {"exports": exports})


@login_required
@require_GET
def export_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Refreshes itself (htmx) while the worker builds the file; the status block alone then."""
    export = selectors.export_get(user=request.user, pk=pk)
    template = "core/_export_status.html" if request.htmx else "core/export_detail.html"
    return render(request, template, {"export": export, "source_url": exports.source_url(export)})


@login_required
@require_GET
def export_download_view(request: HttpRequest, pk: int) -> FileResponse:
    return export_file(selectors.export_get(user=request.user, pk=pk))


def export_file(export) -> FileResponse:
    """A built export's file as a download (the page's and the API's); 404 until it is built."""
    if export.status != export.Status.DONE or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=exports.file_kind(export).content_type,
    )


# --- notifications ------------------------------------------------------------------------------

NOTIFICATION_PAGE = 30


@require_GET
def notification_bell_view(request: HttpRequest) -> HttpResponse:
    """The bell's unread count, fetched by hdnd.js after the page loaded: no page pays a query.
    Signed out (a session expired in an open tab): 204, so no login page lands in the bell."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    count = selectors.notification_unread_count(user=request.user)
    return render(
        request,
        "core/_notification_bell.html",
        {"count": count, "capped": count > selectors.UNREAD_CAP, "cap": selectors.UNREAD_CAP},
    )


@login_required
@require_GET
def notification_list_view(request: HttpRequest) -> HttpResponse:
    """Newest first, a page at a time by id (`?before=`): no count of a long history."""
    rows = selectors.notification_list(user=request.user)
    before = request.GET.get("before", "")
    if before.isdigit() and len(before) <= 18:
        rows = rows.filter(id__lt=int(before))
    else:
        before = ""
    page = list(rows[: NOTIFICATION_PAGE + 1])
    older = page[NOTIFICATION_PAGE - 1].pk if len(page) > NOTIFICATION_PAGE else None
    count = selectors.notification_unread_count(user=request.user)
    return render(
        request,
        "core/notification_list.html",
        {
            "notifications": page[:NOTIFICATION_PAGE],
            "older": older,
            "paged": bool(before),
            "unread": count,
            "capped": count > selectors.UNREAD_CAP,
            "cap": selectors.UNREAD_CAP,
            "form": DigestPreferenceForm(initial={"email_digest": request.user.email_digest}),
            "digest_enabled": notifications.digest_enabled(),
        },
    )


@login_required
@require_GET
def notification_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes where it points (a page of this site)."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    notifications.notification_mark_read(user=request.user, notification=notification)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(url)
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_read_view(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get(user=request.user, pk=pk)
    notifications.notification_mark_read(user=request.user, notification=notification)
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    marked = notifications.notification_mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": marked})
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_preferences_view(request: HttpRequest) -> HttpResponse:
    form = DigestPreferenceForm(request.POST)
    form.is_valid()  # a checkbox: absent means off, never invalid
    enabled = bool(form.cleaned_data.get("email_digest"))
    notifications.user_set_email_digest(actor=request.user, email_digest=enabled)
    messages.success(
        request,
        _("Đã bật thư tổng hợp hằng ngày.") if enabled else _("Đã tắt thư tổng hợp hằng ngày."),
    )
    return redirect("core:notification_list")


# --- the view log --------------------------------------------------------------------------------


@login_required
@require_GET
def view_log_list_view(request: HttpRequest) -> HttpResponse:
    """Who opened which protected record, for administrators who reach every council (403 for
    anyone else: the page is not a record of a council, it hides nothing by existing)."""
    from councils import scoping  # councils builds on core

    if not scoping.can_read_view_log(request.user):
        raise PermissionDenied
    form = ViewLogFilterForm(request.GET, record_types=viewlog.logged_types())
    form.is_valid()  # a bad field is reported; the others still filter
    rows = selectors.view_log_list(filters=getattr(form, "cleaned_data", {}))
    page = paginate(rows, request.GET.get("page"))
    return render(request, "core/view_log_list.html", {"form": form, "page": page})


def server_error_view(request: HttpRequest) -> HttpResponse:
    """The 500 page with the menu, in the request's language; a plain page if that fails too.

    Django's own handler renders without the request (no menu, no language); the full page may
    itself fail (the database is down, the request is broken), so the bare page is the fallback.
    """
    language = translation.get_language_from_request(request)
    with translation.override(language):
        try:
            html = render_to_string("500.html", request=request)
        except Exception:
            logger.exception("The 500 page failed to render; serving the plain one.")
            html = render_to_string("500_plain.html", {"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)


def csrf_failure_view(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A rejected form (expired page, cookies off) explained in the application's page."""
    html = render_to_string("403_csrf.html", {"reason": reason}, request=request)
    return HttpResponseForbidden(html)

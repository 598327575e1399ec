"""The official documents of issue 12 as files: an activity's decision, plan and conclusion report,
and the follow-up report on the recommendations of a period, each as a PDF (Decree 30/2020
layout, shown inline) and an editable DOCX (downloaded), from ONE `OfficialDocument`
(oversight/documents.py, core/documents.py).

Anyone who may see the activity (or the council) may download; out of scope is a 404, as if the
record did not exist. A PDF is built once per change of its HTML and then served as stored
(core.pdf.cached_pdf), as the session results report is.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.documents import FORMATS, document_response
from councils.selectors import council_list
from oversight import activity_selectors as selectors
from oversight import documents
from oversight.activities import OversightActivity
from oversight.forms import FollowupReportForm

# name: (label, offered when, builder, file name)
ACTIVITY_DOCUMENTS = {
    "decision": (
        _("Quyết định thành lập đoàn"),
        documents.has_decision,
        documents.decision_document,
        "quyet-dinh-thanh-lap-doan-giam-sat",
    ),
    "plan": (
        _("Kế hoạch giám sát"),
        documents.has_plan,
        documents.plan_document,
        "ke-hoach-giam-sat",
    ),
    "conclusion": (
        _("Báo cáo kết quả giám sát"),
        documents.has_conclusion,
        documents.conclusion_document,
        "bao-cao-ket-qua-giam-sat",
    ),
}


def activity_documents(activity: OversightActivity) -> list[tuple[str, str, str]]:
    """The documents the activity has reached, for its page: (label, PDF url, DOCX url)."""
    return [
        (
            label,
            reverse("oversight:activity_document", args=[activity.pk, name, "pdf"]),
            reverse("oversight:activity_document", args=[activity.pk, name, "docx"]),
        )
        for name, (label, offered, _build, _file) in ACTIVITY_DOCUMENTS.items()
        if offered(activity)
    ]


@login_required
@require_GET
def activity_document_view(request: HttpRequest, pk: int, name: str, fmt: str) -> HttpResponse:
    """One of the activity's documents; 404 out of scope or before the activity reached it."""
    if name not in ACTIVITY_DOCUMENTS or fmt not in FORMATS:
        raise Http404
    activity = get_object_or_404(
        selectors.activity_list(user=request.user).select_related(
            "council__unit", "programme_item__programme"
        ),
        pk=pk,
    )
    _label, offered, build, filename = ACTIVITY_DOCUMENTS[name]
    if not offered(activity):
        raise Http404
    rows = documents.ActivityRows(**selectors.activity_document_rows(activity))
    with translation.override("vi"):  # an official document is Vietnamese whatever the UI
        doc = build(activity, rows, user=request.user)
    return document_response(
        doc, fmt, f"{filename}-{activity.pk}", f"reports/oversight/{activity.pk}/{name}"
    )


@login_required
@require_GET
def followup_report_view(request: HttpRequest) -> HttpResponse:
    """The follow-up report of a council and a period: the form (reached from the tracker with
    its filters), then the PDF or the DOCX as the button chose (`format`)."""
    councils = council_list(user=request.user)
    chosen = request.GET.get("council", "")
    if chosen.isdigit() and not councils.filter(pk=chosen).exists():
        raise Http404  # a council out of scope looks exactly like a missing one
    submitted = request.GET.get("format") in FORMATS
    form = FollowupReportForm(request.GET if submitted else None, councils=councils)
    if not submitted or not form.is_valid():
        if not submitted:
            form.initial = {k: v for k, v in request.GET.items() if k in form.fields}
        return render(
            request,
            "oversight/followup_report_form.html",
            {"form": form},
            status=400 if submitted else 200,
        )
    from oversight.activity_views import _list_rules  # the tracker's page imports this module

    data = form.cleaned_data
    council = data["council"]
    today = timezone.localdate()
    soon, decimals = _list_rules(today)  # the tracker's rules: the same figures as its header
    figures = documents.FollowupFigures(
        **selectors.followup_report_rows(
            user=request.user,
            council=council,
            issued_from=data["issued_from"],
            issued_to=data["issued_to"],
            today=today,
            soon_days=soon,
            decimals=decimals,
        )
    )
    with translation.override("vi"):
        doc = documents.followup_document(figures, user=request.user)
    filename = (
        f"bao-cao-kien-nghi-sau-giam-sat-{council.pk}-"
        f"{data['issued_from']:%Y%m%d}-{data['issued_to']:%Y%m%d}"
    )
    return document_response(
        doc, request.GET["format"], filename, f"reports/oversight-followup/{council.pk}"
    )

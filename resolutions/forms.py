"""Forms check shape only; the services decide the rules. Every choice comes from a scoped read."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from councils.forms import BootstrapMixin, date_field
from councils.models import Agency, Council
from councils.widgets import CouncilChoiceField
from followups.forms import ObligationReportForm
from resolutions.models import (
    RESOLUTION_WORKFLOW,
    Field,
    ImplementationReport,
    ImplementationTask,
    Resolution,
    ResolutionLink,
)
from sessions.models import AgendaItem, Session, Vote

ALL = _("— tất cả —")


def _any(choices) -> list[tuple[str, str]]:
    return [("", ALL), *choices]


class RegisterFilterForm(BootstrapMixin, forms.Form):
    """The register's filter bar: shows what the user chose; the FilterSet does the filtering."""

    q = forms.CharField(
        label=_("Số, trích yếu (gõ không dấu được)"), required=False, max_length=200
    )
    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=1945,
        max_value=2100,
        error_messages={"invalid": _("Nhập năm bằng số, ví dụ 2023.")},
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=_any(Field.choices), required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=_any(Resolution.Status.choices), required=False
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=_any(Resolution.Kind.choices), required=False)
    # A search box, not a select: a filter bar must not read the councils on every page.
    council = CouncilChoiceField(
        label=_("HĐND (gồm cấp dưới)"), required=False, empty_label=ALL, search=True
    )
    session = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["q"].widget.attrs["placeholder"] = _("vd: nghi quyet bien che")
        self.fields["year"].widget.attrs["placeholder"] = _("vd: 2023")


class ResolutionDraftForm(BootstrapMixin, forms.Form):
    """A draft from a submission, or one adopted at a session (a date makes it adopted)."""

    council = CouncilChoiceField(label=_("HĐND ban hành"), editable=True)
    kind = forms.ChoiceField(
        label=_("Loại nghị quyết"),
        choices=Resolution.Kind.choices,
        initial=Resolution.Kind.INDIVIDUAL,  # most resolutions are individual (cá biệt)
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=[("", _("— chọn lĩnh vực —")), *Field.choices]
    )
    title = forms.CharField(
        label=_("Trích yếu"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    session = forms.ModelChoiceField(
        label=_("Kỳ họp"), queryset=Session.objects.none(), required=False
    )
    item = forms.ModelChoiceField(
        label=_("Nội dung chương trình kỳ họp"), queryset=AgendaItem.objects.none(), required=False
    )
    vote = forms.ModelChoiceField(
        label=_("Kết quả biểu quyết"), queryset=Vote.objects.none(), required=False
    )
    adopted_on = date_field(_("Ngày thông qua"), required=False)

    # Fields whose choices depend on the council (and the session): swapped in place by htmx.
    linked = ("session", "item", "vote")

    def __init__(
        self,
        *args,
        councils: QuerySet[Council],
        sessions: QuerySet[Session],
        items: QuerySet[AgendaItem],
        votes: QuerySet[Vote],
        refresh_url: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if refresh_url:
            # A new council or session reloads the dependent choices in place.
            for name in ("council", "session"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": refresh_url,
                        "hx-trigger": "change",
                        "hx-target": "#linked-fields",
                        "hx-swap": "outerHTML",
                        "hx-include": "[name=council],[name=session]",
                    }
                )
        self.fields["council"].queryset = councils
        self.fields["council"].empty_label = _("— chọn HĐND —")
        self.fields["session"].queryset = sessions
        self.fields["session"].empty_label = _("— không gắn kỳ họp —")
        self.fields["session"].label_from_instance = lambda s: (
            _("Kỳ họp thứ %(number)s (%(start)s)")
            % {"number": s.number, "start": s.planned_start.strftime("%d/%m/%Y")}
        )
        self.fields["item"].queryset = items
        self.fields["item"].empty_label = "—"
        self.fields["item"].label_from_instance = lambda i: f"{i.position}. {i.title}"
        self.fields["vote"].queryset = votes
        self.fields["vote"].empty_label = "—"
        self.fields["vote"].label_from_instance = lambda v: (
            _("%(item)s: %(for)s/%(total)s tán thành (%(day)s)")
            % {
                "item": v.item.title[:60],
                "for": v.votes_for,
                "total": v.total_delegates,
                "day": v.held_on.strftime("%d/%m/%Y"),
            }
        )
        self.fields["title"].widget.attrs["autofocus"] = True

    def clean(self):
        data = super().clean()
        vote = data.get("vote")
        if vote is not None and data.get("item") is None:
            data["item"] = vote.item  # the vote names its item; no need to pick both
        return data

    @property
    def head_fields(self):
        return [self[name] for name in ("council", "kind", "field", "title")]

    @property
    def tail_fields(self):
        head = {"council", "kind", "field", "title", *self.linked}
        return [f for f in self.visible_fields() if f.name not in head]

    @property
    def linked_fields(self):
        return [self[name] for name in self.linked]


class ResolutionRegisterForm(ResolutionDraftForm):
    """Adopted and signed already: the number is taken on save."""

    adopted_on = date_field(_("Ngày thông qua"))
    issued_on = date_field(_("Ngày ký ban hành"))
    effective_on = date_field(_("Ngày có hiệu lực (theo văn bản)"), required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signed_file = forms.FileField(label=_("Bản ký (PDF)"), required=False)


class ResolutionCorrectForm(BootstrapMixin, forms.Form):
    """A correction past the draft: the fields the service allows now, and why (required)."""

    title = forms.CharField(
        label=_("Trích yếu"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    adopted_on = date_field(_("Ngày thông qua"), required=False)
    issued_on = date_field(_("Ngày ký ban hành"))
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    effective_on = date_field(_("Ngày có hiệu lực"), required=False)
    effective_to = date_field(_("Ngày hết hiệu lực"), required=False)
    reason = forms.CharField(
        label=_("Lý do đính chính"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Nhập lý do đính chính.")},
    )

    def __init__(self, *args, editable: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "reason" and name not in editable:
                del self.fields[name]


class ResolutionTransitionForm(BootstrapMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("Chuyển sang"))
    on = date_field(_("Ngày"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, resolution: Resolution, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The moves a clerk makes by hand and may make; no choice at all: show no control.
        self.fields["to_status"].choices = RESOLUTION_WORKFLOW.choices(resolution, user)
        self.fields["on"].help_text = _("Để trống: hôm nay.")


class ResolutionIssueForm(BootstrapMixin, forms.Form):
    issued_on = date_field(_("Ngày ký ban hành"))
    effective_on = date_field(_("Ngày có hiệu lực (theo văn bản)"), required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signed_file = forms.FileField(label=_("Bản ký (PDF)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].help_text = _(
            "Ghi đúng ngày ghi trong nghị quyết; hệ thống không tự tính."
        )
        self.fields["issued_on"].widget.attrs["autofocus"] = True


class ResolutionLinkForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Nghị quyết này"), choices=ResolutionLink.Kind.choices)
    target = forms.ModelChoiceField(
        label=_("Nghị quyết bị tác động"), queryset=Resolution.objects.none()
    )
    effective_on = date_field(_("Từ ngày"))

    def __init__(self, *args, targets: QuerySet[Resolution], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets
        self.fields["target"].empty_label = _("— chọn nghị quyết cùng HĐND —")
        self.fields["target"].label_from_instance = lambda r: (
            f"{r.number} ({r.issued_on:%d/%m/%Y}) {r.title[:90]}"
            if r.issued_on
            else f"{r.number} {r.title[:90]}"
        )


class TaskForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan thực hiện"), queryset=Agency.objects.none())
    description = forms.CharField(
        label=_("Nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    due_on = date_field(_("Thời hạn hoàn thành"), required=False)
    report_every_months = forms.IntegerField(
        label=_("Định kỳ báo cáo (tháng)"), required=False, min_value=1, max_value=24
    )
    first_report_due = date_field(_("Hạn báo cáo đầu tiên"), required=False)

    def __init__(self, *args, agencies: QuerySet[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = _("— chọn cơ quan —")
        self.fields["first_report_due"].help_text = _(
            "Để trống: tính từ ngày ban hành theo định kỳ."
        )
        self.fields["due_on"].help_text = _(
            "Để trống nếu nghị quyết không ghi thời hạn: theo dõi đến hết nhiệm kỳ, không tính "
            "vào số việc đến hạn."
        )


class TaskReportForm(ObligationReportForm):
    """The engine's progress report (with evidence files), and whether it is the periodic
    report the agency owes (which moves the schedule on) or a note of the secretariat."""

    kind = forms.ChoiceField(label=_("Loại"), choices=ImplementationReport.Kind.choices)
    field_order = ["kind", "reported_on", "reference", "content", "progress", "files"]


class TaskCloseForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[
            (s, label)
            for s, label in ImplementationTask.Status.choices
            if s != ImplementationTask.Status.IN_PROGRESS
        ],
    )
    completed_on = date_field(_("Ngày kết thúc"))

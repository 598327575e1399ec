"""Forms of the session pages: shape only (types, dd/mm/yyyy dates); the services decide.

Every choice comes from a queryset the view passes in, taken from a scoped selector.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import CheckedFileField, ReuploadHintMixin
from core.forms import WithdrawForm as BaseWithdrawForm
from councils.forms import BootstrapMixin, DateInput, date_field
from councils.models import Council, Delegate
from councils.widgets import CouncilChoiceField
from sessions import services
from sessions.models import AgendaItem, Attendance, Ballot, Document, Session, Sitting, Vote

FIRST_YEAR = 2004  # the 2004-2011 term: the oldest records a secretariat keeps on file


class SessionFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    council = CouncilChoiceField(
        label=_("Hội đồng nhân dân (gồm cấp dưới)"),
        required=False,
        empty_label=_("— mọi Hội đồng —"),
        search=True,  # a filter bar must not read the councils on every page
    )
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Loại kỳ họp"), choices=[("", _("— mọi loại —")), *Session.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("— mọi trạng thái —")), *Session.Status.choices]
    )

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["kind"].required = self.fields["status"].required = False
        this_year = timezone.localdate().year
        self.fields["year"].choices = [
            ("", _("Năm")),
            *((y, str(y)) for y in range(this_year + 1, FIRST_YEAR - 1, -1)),
        ]
        for name, field in self.fields.items():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"
            field.widget.attrs["aria-label"] = field.label
            if name == "q":
                field.widget.attrs["placeholder"] = _("Tên HĐND, nội dung (gõ không dấu được)")


class SessionForm(BootstrapMixin, forms.Form):
    council = CouncilChoiceField(label=_("Hội đồng nhân dân"), editable=True)
    term = forms.ModelChoiceField(label=_("Nhiệm kỳ"), queryset=None)
    number = forms.CharField(
        label=_("Kỳ họp thứ"), max_length=20, help_text=_("Số thứ tự trong nhiệm kỳ, ví dụ 5")
    )
    kind = forms.ChoiceField(label=_("Loại kỳ họp"), choices=Session.Kind.choices)
    title = forms.CharField(label=_("Nội dung chính"), max_length=255, required=False)
    planned_start = date_field(_("Dự kiến khai mạc"))
    planned_end = date_field(_("Dự kiến bế mạc"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    convening_number = forms.CharField(
        label=_("Số quyết định triệu tập"),
        max_length=50,
        required=False,
        help_text=_("Ví dụ 15/QĐ-HĐND"),
    )
    convening_date = date_field(_("Ngày quyết định triệu tập"), required=False)
    # Shown only once the service warns of another session on the same days.
    confirm_overlap = forms.BooleanField(
        label=_("Tôi đã kiểm tra, vẫn lưu"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, councils: QuerySet[Council] | None = None, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.fields["confirm_overlap"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("confirm_overlap")
        ) in ("on", "True", "true", "1"):
            self._show_overlap_confirm()
        if councils is None:  # editing: the council and term of a session never change
            del self.fields["council"]
            del self.fields["term"]
        else:
            self.fields["council"].queryset = councils
            self.fields["council"].empty_label = _("— chọn Hội đồng —")
            self.fields["term"].queryset = terms
            self.fields["term"].empty_label = _("— chọn nhiệm kỳ —")

    def add_error(self, field, error):
        super().add_error(field, error)
        if "confirm_overlap" in (self._errors or {}):
            self._show_overlap_confirm()

    def _show_overlap_confirm(self) -> None:
        field = self.fields["confirm_overlap"]
        if isinstance(field.widget, forms.HiddenInput):
            field.widget = forms.CheckboxInput(attrs={"class": "form-check-input"})


class TransitionForm(forms.Form):
    """One step of the workflow and the day it happened (sent, opened, closed)."""

    to_status = forms.ChoiceField(choices=Session.Status.choices)
    on = forms.DateField(
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2025.")},
    )
    note = forms.CharField(max_length=255, required=False)


class WithdrawForm(BootstrapMixin, BaseWithdrawForm):
    """Why a session, agenda item or document is withdrawn; the history keeps it."""


class AgendaItemForm(BootstrapMixin, forms.Form):
    title = forms.CharField(
        label=_("Nội dung"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=_("Loại nội dung"), choices=AgendaItem.Kind.choices)
    presenter = forms.ModelChoiceField(
        label=_("Cơ quan trình bày"), queryset=None, required=False, empty_label="—"
    )
    reviewer = forms.ModelChoiceField(
        label=_("Ban thẩm tra"), queryset=None, required=False, empty_label="—"
    )
    sitting = forms.ModelChoiceField(
        label=_("Phiên họp"), queryset=None, required=False, empty_label="—"
    )
    starts_at = forms.TimeField(
        label=_("Bắt đầu"),
        required=False,
        widget=forms.TimeInput(attrs={"placeholder": "hh:mm"}, format="%H:%M"),
        error_messages={"invalid": _("Nhập giờ theo dạng hh:mm, ví dụ 08:30.")},
    )
    ends_at = forms.TimeField(
        label=_("Kết thúc"),
        required=False,
        widget=forms.TimeInput(attrs={"placeholder": "hh:mm"}, format="%H:%M"),
        error_messages={"invalid": _("Nhập giờ theo dạng hh:mm, ví dụ 08:30.")},
    )
    vote_rule = forms.ChoiceField(
        label=_("Điều kiện thông qua"),
        choices=AgendaItem.VoteRule.choices,
        initial=AgendaItem.VoteRule.MAJORITY,
    )

    def __init__(self, *args, presenters, reviewers, sittings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = presenters
        self.fields["reviewer"].queryset = reviewers
        self.fields["sitting"].queryset = sittings


class DocumentUploadForm(ReuploadHintMixin, BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=Document.Kind.choices)
    item = forms.ModelChoiceField(
        label=_("Thuộc nội dung chương trình"),
        queryset=None,
        required=False,
        empty_label=_("— tài liệu chung của kỳ họp —"),
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    reference = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, required=False, help_text=_("Ví dụ 45/TTr-UBND")
    )
    sent_on = date_field(_("Ngày gửi đại biểu"), required=False)
    file = CheckedFileField(
        label=_("Tệp"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx) hoặc ảnh PNG/JPEG; tối đa 25 MB."),
        error_messages={"required": _("Chọn tệp cần tải lên.")},
    )
    confidential = forms.BooleanField(label=_("Tài liệu mật / họp kín"), required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.position}. {i.title[:90]}"

    def clean(self):
        """The service's date rule, in the same round as the file's check (one page of errors)."""
        data = super().clean()
        try:
            services.document_sent_on_check(data.get("sent_on"))
        except ValidationError as exc:
            self.add_error(None, exc)
        return data


class DocumentReplaceForm(ReuploadHintMixin, BootstrapMixin, forms.Form):
    file = CheckedFileField(
        label=_("Tệp phiên bản mới"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx) hoặc ảnh PNG/JPEG; tối đa 25 MB."),
        error_messages={"required": _("Chọn tệp cần tải lên.")},
    )
    note = forms.CharField(
        label=_("Nội dung thay đổi"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: chỉnh sửa theo ý kiến thẩm tra"),
    )


class SittingForm(BootstrapMixin, forms.Form):
    on = date_field(_("Ngày họp"))
    part = forms.ChoiceField(label=_("Buổi"), choices=Sitting.Part.choices)
    closed = forms.BooleanField(label=_("Họp kín"), required=False)


class RollForm(BootstrapMixin, forms.Form):
    """One radio group (and a note) per delegate of a roll: attendance or a ballot each.

    Field names carry the delegate's id (`status_12`, `note_12`), so one POST saves the roll.
    """

    choice_prefix = "status"
    choices: Iterable[tuple[str, str]] = ()
    with_notes = False

    def __init__(self, *args, delegates: Iterable[Delegate], **kwargs):
        super().__init__(*args, **kwargs)
        self.delegates = list(delegates)
        for d in self.delegates:
            self.fields[f"{self.choice_prefix}_{d.pk}"] = forms.ChoiceField(
                label=d.full_name,
                choices=list(self.choices),
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            if self.with_notes:
                self.fields[f"note_{d.pk}"] = forms.CharField(
                    label=_("Ghi chú"),
                    max_length=255,
                    required=False,
                    widget=forms.TextInput(
                        attrs={
                            "class": "form-control form-control-sm",
                            # A column header is no label: name the delegate for screen readers.
                            "aria-label": _("Ghi chú về %(name)s") % {"name": d.full_name},
                        }
                    ),
                )

    def rows(self) -> list[dict]:
        """What the template draws: the delegate, their radio group and their note."""
        return [
            {
                "delegate": d,
                "choice": self[f"{self.choice_prefix}_{d.pk}"],
                "note": self[f"note_{d.pk}"] if self.with_notes else None,
            }
            for d in self.delegates
        ]

    def chosen(self) -> dict[int, str]:
        return {
            d.pk: self.cleaned_data[f"{self.choice_prefix}_{d.pk}"]
            for d in self.delegates
            if self.cleaned_data.get(f"{self.choice_prefix}_{d.pk}")
        }

    def notes(self) -> dict[int, str]:
        return {d.pk: self.cleaned_data.get(f"note_{d.pk}", "") for d in self.delegates}


class AttendanceForm(RollForm):
    choice_prefix = "status"
    choices = Attendance.Status.choices
    with_notes = True


class VoteForm(BootstrapMixin, forms.Form):
    """A vote by its counts. There is no "passed" input: the service computes the result."""

    subject = forms.CharField(
        label=_("Vấn đề biểu quyết"),
        max_length=500,
        required=False,
        help_text=_("Để trống nếu biểu quyết toàn bộ nội dung"),
    )
    held_on = date_field(_("Ngày biểu quyết"))
    method = forms.ChoiceField(label=_("Hình thức"), choices=Vote.Method.choices)
    total_delegates = forms.IntegerField(
        label=_("Tổng số đại biểu HĐND"),
        min_value=1,
        required=False,
        help_text=_("Mẫu số tính tỷ lệ; lấy theo danh sách đại biểu vào ngày biểu quyết"),
    )
    present = forms.IntegerField(label=_("Số đại biểu có mặt"), min_value=0)
    votes_for = forms.IntegerField(label=_("Tán thành"), min_value=0)
    votes_against = forms.IntegerField(label=_("Không tán thành"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("Không biểu quyết"), min_value=0)


class BallotForm(RollForm):
    """One choice per seated delegate; a delegate left blank did not vote (or was away)."""

    choice_prefix = "choice"
    choices = Ballot.Choice.choices
    HEAD = ("subject", "held_on", "method", "total_delegates", "present")

    def __init__(self, *args, delegates: Iterable[Delegate], **kwargs):
        super().__init__(*args, delegates=delegates, **kwargs)
        for name in self.HEAD[:-1]:
            self.fields[name] = copy.deepcopy(VoteForm.base_fields[name])
        self.fields["present"] = forms.IntegerField(
            label=_("Số đại biểu có mặt"),
            min_value=0,
            required=False,
            help_text=_("Để trống: theo điểm danh phiên họp, hoặc số người đã chọn"),
        )
        for name in self.HEAD:
            widget = self.fields[name].widget
            widget.attrs["class"] = (
                "form-select" if isinstance(widget, forms.Select) else "form-control"
            )

    def head_fields(self) -> list:
        return [self[n] for n in self.HEAD]

"""Questioning and confidence polls: shape only.

Choice fields take their querysets from the view, which gets them from scoped selectors; the
services decide every rule (who may ask, deadlines, which levels hold confidence polls).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.forms import BootstrapMixin, date_field
from councils.models import Agency, Delegate
from sessions.models import ConfidencePoll


def text_field(label, *, required: bool = True, rows: int = 3, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows, **attrs}),
    )


class QuestionForm(BootstrapMixin, forms.Form):
    asked_by = forms.ModelChoiceField(
        label=_("Đại biểu chất vấn"), queryset=Delegate.objects.none()
    )
    respondent = forms.CharField(label=_("Người trả lời chất vấn"), max_length=200)
    respondent_title = forms.CharField(label=_("Chức vụ người trả lời"), max_length=200)
    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.none(), required=False
    )
    written_answer_due = date_field(_("Hạn trả lời bằng văn bản"), required=False)
    content = text_field(_("Nội dung chất vấn"), rows=4)
    answer = text_field(_("Nội dung trả lời"), required=False, rows=4)
    answered_on = date_field(_("Ngày trả lời"), required=False)

    def __init__(self, *args, delegates, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asked_by"].queryset = delegates
        self.fields["asked_by"].empty_label = _("— chọn đại biểu —")
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = "—"


class QuestionAnswerForm(BootstrapMixin, forms.Form):
    answer = text_field(_("Nội dung trả lời"), rows=6)
    answered_on = date_field(_("Ngày trả lời"))


class ConfidencePollForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ConfidencePoll.Kind.choices)
    held_on = date_field(_("Ngày thực hiện"))
    total_delegates = forms.IntegerField(
        label=_("Tổng số đại biểu HĐND"),
        min_value=1,
        required=False,
        help_text=_("Để trống: lấy số đại biểu đang có tư cách vào ngày thực hiện."),
    )
    people = forms.CharField(
        label=_("Danh sách người được lấy phiếu"),
        widget=forms.Textarea(
            attrs={"rows": 10, "placeholder": _("Nguyễn Văn An | Chủ tịch HĐND tỉnh")}
        ),
        help_text=_("Mỗi dòng một người: Họ và tên | Chức vụ."),
    )

    def clean_people(self) -> list[tuple[str, str]]:
        """One "Họ tên | Chức vụ" per line; a line without its office is named in the error."""
        people = []
        bad = []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, office = line.partition("|")
            if not sep or not name.strip() or not office.strip():
                bad.append(str(number))
                continue
            people.append((" ".join(name.split()), " ".join(office.split())))
        if bad:
            raise forms.ValidationError(
                _("Dòng %(lines)s chưa đúng dạng “Họ và tên | Chức vụ”.")
                % {"lines": ", ".join(bad)}
            )
        return people


def _count(label) -> forms.IntegerField:
    """A plain text box for a ballot count: no spinner, digits only, Tab moves along the row."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=32767,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Nhập một số nguyên."),
            "min_value": _("Số phiếu không được âm."),
        },
    )


class ConfidenceCountForm(BootstrapMixin, forms.Form):
    """One person's row of the counting grid; a row left empty is not counted yet."""

    ballots_issued = _count(_("Phát ra"))
    ballots_returned = _count(_("Thu về"))
    ballots_valid = _count(_("Hợp lệ"))
    high = _count(_("Tín nhiệm cao"))
    confidence = _count(_("Tín nhiệm"))
    low = _count(_("Tín nhiệm thấp"))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == ConfidencePoll.Kind.VOTE:
            del self.fields["high"]
            self.fields["low"].label = _("Không tín nhiệm")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm text-end"
            field.widget.attrs["style"] = "width: 4.5rem"

    @property
    def is_blank(self) -> bool:
        return all(self.cleaned_data.get(name) is None for name in self.fields)

    def clean(self):
        data = super().clean()
        if any(data.get(name) is not None for name in self.fields):
            for name in self.fields:
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Nhập số phiếu."))
        return data

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields}
        data.setdefault("high", None)
        return data

"""Questioning, commitments, hearings, standing meetings and confidence polls: shape only.

Choice fields take their querysets from the view, which gets them from scoped selectors; the
services decide every rule (who may ask, deadlines, which levels hold confidence polls).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.forms import BootstrapMixin, date_field
from councils.models import Agency, Body, Delegate
from councils.widgets import CouncilChoiceField
from sessions.models import Commitment, ConfidencePoll, StandingMeeting


def _text(label, *, required: bool = True, rows: int = 3, **attrs) -> forms.CharField:
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
    content = _text(_("Nội dung chất vấn"), rows=4)
    answer = _text(_("Nội dung trả lời"), required=False, rows=4)
    answered_on = date_field(_("Ngày trả lời"), required=False)

    def __init__(self, *args, delegates, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asked_by"].queryset = delegates
        self.fields["asked_by"].empty_label = _("— chọn đại biểu —")
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = "—"


class QuestionAnswerForm(BootstrapMixin, forms.Form):
    answer = _text(_("Nội dung trả lời"), rows=6)
    answered_on = date_field(_("Ngày trả lời"))


class CommitmentForm(BootstrapMixin, forms.Form):
    content = _text(_("Nội dung cam kết"))
    responsible = forms.CharField(label=_("Người, cơ quan cam kết"), max_length=255)
    due_on = date_field(_("Thời hạn"))


class CommitmentFollowUpForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Commitment.Status.choices)
    kept_on = date_field(_("Ngày hoàn thành"), required=False)
    progress = _text(_("Kết quả theo dõi"), required=False, rows=4)


class CommitmentFilterForm(forms.Form):
    """The register's filters; a bad value is ignored rather than refused."""

    # A search box, not a select: a filter bar must not read the councils on every page.
    council = CouncilChoiceField(label=_("Hội đồng nhân dân"), required=False, search=True)
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[("", _("Mọi tình trạng")), *Commitment.Status.choices],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Chỉ quá hạn"), required=False)

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].empty_label = _("Mọi Hội đồng trong phạm vi")
        self.fields["council"].widget.attrs["class"] = "form-select"
        self.fields["status"].widget.attrs["class"] = "form-select"
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"


class CouncilFilterForm(forms.Form):
    council = CouncilChoiceField(label=_("Hội đồng nhân dân"), required=False, search=True)

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].empty_label = _("Mọi Hội đồng trong phạm vi")
        self.fields["council"].widget.attrs["class"] = "form-select"


class StandingMeetingForm(BootstrapMixin, forms.Form):
    held_on = date_field(_("Ngày họp"))
    number = forms.CharField(label=_("Phiên họp số"), max_length=20, required=False)
    agenda = _text(_("Nội dung phiên họp"), rows=5)
    conclusions = _text(_("Kết luận"), required=False, rows=5)
    conclusion_reference = forms.CharField(
        label=_("Số thông báo kết luận"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ: 25/TB-HĐND"),
    )


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Body) -> str:
        return f"{obj.name} ({obj.term.name})"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StandingMeeting) -> str:
        if obj.number:
            return _("Phiên họp số %(number)s, ngày %(date)s") % {
                "number": obj.number,
                "date": f"{obj.held_on:%d/%m/%Y}",
            }
        return _("Phiên họp ngày %(date)s") % {"date": f"{obj.held_on:%d/%m/%Y}"}


class HearingForm(BootstrapMixin, forms.Form):
    body = BodyChoiceField(label=_("Cơ quan tổ chức"), queryset=Body.objects.none())
    held_on = date_field(_("Ngày giải trình"))
    agency = forms.ModelChoiceField(label=_("Cơ quan giải trình"), queryset=Agency.objects.none())
    meeting = MeetingChoiceField(
        label=_("Tại phiên họp Thường trực"),
        queryset=StandingMeeting.objects.none(),
        required=False,
    )
    topic = forms.CharField(label=_("Vấn đề giải trình"), max_length=500)
    conclusion = _text(_("Kết luận"), required=False, rows=5)

    def __init__(self, *args, bodies, agencies, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].empty_label = _("— Thường trực hoặc một Ban —")
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = _("— chọn cơ quan —")
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].empty_label = "—"


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

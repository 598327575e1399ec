"""Forms check shape only; the services decide the rules. Every choice comes from a scoped read."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import ReuploadHintMixin, WithdrawForm
from core.uploads import check_upload
from core.validation import YEAR_MAX, YEAR_MIN
from councils.forms import BootstrapMixin, date_field
from councils.models import Agency, Council
from councils.widgets import CouncilChoiceField
from followups.filters import STATE_CHOICES
from followups.models import Holiday, Obligation, Step, Unit

ALL = _("— tất cả —")


class ObligationFilterForm(BootstrapMixin, forms.Form):
    """The list's filter bar: shows what the user chose; the FilterSet does the filtering."""

    q = forms.CharField(label=_("Nội dung (gõ không dấu được)"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Loại việc"), choices=[("", ALL), *Obligation.Kind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("Tình trạng"), choices=[("", ALL), *STATE_CHOICES], required=False
    )
    within = forms.IntegerField(
        label=_("Đến hạn trong (ngày)"), required=False, min_value=0, max_value=3650
    )
    council = CouncilChoiceField(
        label=_("HĐND (gồm cấp dưới)"), required=False, empty_label=ALL, search=True
    )
    due_from = date_field(_("Hạn từ ngày"), required=False)
    due_to = date_field(_("Hạn đến ngày"), required=False)
    owed_by = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["q"].widget.attrs["placeholder"] = _("vd: giai phong mat bang")


class ObligationExtendForm(BootstrapMixin, forms.Form):
    new_due_on = date_field(_("Hạn mới"))
    reason = forms.CharField(
        label=_("Lý do gia hạn"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    document_number = forms.CharField(label=_("Số văn bản cho gia hạn"), max_length=60)
    document_date = date_field(_("Ngày văn bản cho gia hạn"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files, each judged by its bytes while the form is validated."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        errors = []
        for upload in uploads:
            super().clean(upload, initial)
            try:
                check_upload(upload, field="files")
            except ValidationError as exc:
                errors.extend(exc.error_dict["files"])
        if errors:
            raise ValidationError(errors)
        return list(uploads)


class ObligationReportForm(ReuploadHintMixin, BootstrapMixin, forms.Form):
    reported_on = date_field(_("Ngày báo cáo"))
    reference = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=60, required=False)
    content = forms.CharField(
        label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Tiến độ phải từ 0 đến 100%%."),
            "max_value": _("Tiến độ phải từ 0 đến 100%%."),
        },
    )
    files = EvidenceField(label=_("Tệp minh chứng (PDF, Word, Excel, ảnh)"), required=False)


class ObligationEscalateForm(BootstrapMixin, forms.Form):
    step = forms.ChoiceField(label=_("Bước"), choices=Step.choices)
    happened_on = date_field(_("Ngày"))
    document_number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=60, required=False)
    document_date = date_field(_("Ngày văn bản"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ObligationCloseForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Obligation.Outcome.choices)
    ended_on = date_field(_("Ngày kết thúc"))
    outcome_note = forms.CharField(
        label=_("Đánh giá kết quả"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ObligationReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObligationCouncilForm(BootstrapMixin, forms.Form):
    """The first step of a new obligation: the council that follows it (its agencies are the
    choices of the second step)."""

    council = CouncilChoiceField(
        label=_("Hội đồng nhân dân theo dõi"),
        empty_label=_("— chọn Hội đồng —"),
        editable=True,
        error_messages={"invalid_choice": _("Chọn Hội đồng trong phạm vi bạn được nhập liệu.")},
    )

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].widget.attrs["data-submit-on-change"] = ""


class ObligationCreateForm(BootstrapMixin, forms.Form):
    """A follow-up opened by hand (a standing-committee conclusion...); the due date comes from
    a time limit or from the date the document fixes, never typed twice."""

    title = forms.CharField(
        label=_("Nội dung việc phải thực hiện"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    content = forms.CharField(
        label=_("Chi tiết"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owed_by = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"), queryset=Agency.objects.none(), required=False
    )
    owed_by_text = forms.CharField(
        label=_("hoặc cơ quan ngoài danh mục"), max_length=255, required=False
    )
    start_on = date_field(_("Ngày bắt đầu tính hạn"))
    fixed_due_on = date_field(_("Hạn ghi trong văn bản"), required=False)
    term_count = forms.IntegerField(label=_("hoặc thời hạn (số)"), required=False)
    term_unit = forms.ChoiceField(
        label=_("Đơn vị thời hạn"), choices=[("", "—"), *Unit.choices], required=False
    )

    def __init__(self, *args, agencies: QuerySet[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owed_by"].queryset = agencies
        self.fields["owed_by"].empty_label = _("— chọn cơ quan —")


class ObligationExclusionForm(BootstrapMixin, forms.Form):
    """Roadmap or exemption, with the approving document; "counted" takes the item back."""

    exclusion = forms.ChoiceField(
        label=_("Tính vào số đến hạn"),
        choices=[("", _("Có tính (bình thường)")), *Obligation.Exclusion.choices],
        required=False,
    )
    exclusion_document_number = forms.CharField(
        label=_("Số văn bản chấp thuận"), max_length=60, required=False
    )
    exclusion_document_date = date_field(_("Ngày văn bản chấp thuận"), required=False)
    exclusion_reason = forms.CharField(
        label=_("Lý do"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ObligationWithdrawForm(BootstrapMixin, WithdrawForm):
    """Why an obligation typed in error leaves the lists."""


class HolidayYearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)


class HolidayForm(BootstrapMixin, forms.Form):
    day = date_field(_("Ngày"))
    kind = forms.ChoiceField(label=_("Loại"), choices=Holiday.Kind.choices)
    name = forms.CharField(label=_("Tên"), max_length=200)
    legal_basis = forms.CharField(
        label=_("Căn cứ"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Thông báo số 6150/TB-LĐTBXH"),
    )

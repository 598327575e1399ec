"""Entry forms for letters, the reception log and its schedule (issue 13): shape only, in the
order a clerk types from the paper (first field focused); the services decide the rules. Every
choice (council, agency, delegate, schedule, the letter a duplicate repeats) comes from a scoped
read, so a form never offers what the user may not see or act on."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from councils.forms import BootstrapMixin, date_field
from councils.models import Agency, Council, Delegate
from councils.widgets import CouncilChoiceField
from voters.models import Letter, LetterCategory, Reception, ReceptionSchedule

WEEKDAYS = [
    (0, _("Thứ Hai")),
    (1, _("Thứ Ba")),
    (2, _("Thứ Tư")),
    (3, _("Thứ Năm")),
    (4, _("Thứ Sáu")),
    (5, _("Thứ Bảy")),
    (6, _("Chủ nhật")),
]
NONE = "—"


def _text(label, *, max_length: int, rows: int = 0, required: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


class _EntryForm(BootstrapMixin, forms.Form):
    """The first visible field gets the focus: the clerk types at once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = next((f for f in self.visible_fields()), None)
        if first is not None:
            first.field.widget.attrs["autofocus"] = True


class _CouncilEntryForm(_EntryForm):
    """A record of one council among those the user may enter (`councils`); it comes last in the
    tab order, as it is chosen once (the user's own council, or the one of the last entry)."""

    council = CouncilChoiceField(label=_("Hội đồng nhân dân"), editable=True)

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["council"]
        field.queryset = councils
        field.empty_label = _("— chọn HĐND —")


def _related(field: forms.ModelChoiceField, queryset: QuerySet, empty: str = NONE) -> None:
    field.queryset = queryset
    field.empty_label = empty


# --- letters -------------------------------------------------------------------------------------


class LetterForm(_CouncilEntryForm):
    """A letter as it arrives: when and how, who sent it, what it says, and its classification
    (optional here: it may wait for the office's reading)."""

    field_order = [
        "received_on",
        "channel",
        "sender_name",
        "signers",
        "sender_address",
        "sender_id_number",
        "sender_phone",
        "content",
        "category",
        "anonymous",
        "outside_competence",
        "not_eligible",
        "council",
    ]

    received_on = date_field(_("Ngày nhận"))
    channel = forms.ChoiceField(label=_("Nguồn đơn"), choices=[("", NONE), *Letter.Channel.choices])
    sender_name = _text(_("Người gửi (họ tên)"), max_length=255)
    signers = forms.IntegerField(
        label=_("Số người ký đơn"),
        min_value=1,
        max_value=10000,
        initial=1,
        error_messages={
            "min_value": _("Số người ký từ 1 đến 10.000."),
            "max_value": _("Số người ký từ 1 đến 10.000."),
        },
    )
    sender_address = _text(_("Địa chỉ người gửi"), max_length=255)
    sender_id_number = _text(_("Số CCCD/CMND/hộ chiếu"), max_length=20)
    sender_phone = _text(_("Điện thoại"), max_length=20)
    content = _text(_("Nội dung đơn"), max_length=20000, rows=4, required=True)
    category = forms.ChoiceField(
        label=_("Phân loại đơn"),
        choices=[("", _("— phân loại sau —")), *LetterCategory.choices],
        required=False,
    )
    anonymous = forms.BooleanField(label=_("Đơn nặc danh"), required=False)
    outside_competence = forms.BooleanField(label=_("Không thuộc thẩm quyền"), required=False)
    not_eligible = forms.BooleanField(label=_("Không đủ điều kiện xử lý"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].error_messages["required"] = _("Nhập nội dung đơn.")
        self.fields["received_on"].error_messages["required"] = _("Nhập ngày nhận đơn.")
        self.fields["channel"].error_messages["required"] = _("Chọn nguồn đơn.")
        self.fields["signers"].error_messages["required"] = _("Nhập số người ký đơn.")


class LetterClassifyForm(_EntryForm):
    category = forms.ChoiceField(
        label=_("Phân loại đơn"),
        choices=[("", NONE), *LetterCategory.choices],
        error_messages={"required": _("Chọn phân loại đơn.")},
    )
    anonymous = forms.BooleanField(label=_("Đơn nặc danh"), required=False)
    outside_competence = forms.BooleanField(label=_("Không thuộc thẩm quyền"), required=False)
    not_eligible = forms.BooleanField(label=_("Không đủ điều kiện xử lý"), required=False)


class LetterDuplicateForm(_EntryForm):
    """The earlier letter this one repeats, among the letters in scope (none: unlink)."""

    duplicate_of = forms.ModelChoiceField(
        label=_("Trùng với đơn"),
        queryset=Letter.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Chọn một đơn trong danh sách.")},
    )

    def __init__(self, *args, candidates: QuerySet[Letter], shown: list[Letter], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["duplicate_of"]
        field.queryset = candidates  # what may be chosen: every letter in scope
        field.empty_label = _("— không trùng đơn nào —")
        # What is listed: the latest candidates (never millions of options).
        field.widget.choices = [
            ("", field.empty_label),
            *((letter.pk, _label(letter)) for letter in shown),
        ]
        field.help_text = _("Đơn trùng được liên kết với đơn gốc, không bị xóa.")


def _label(letter: Letter) -> str:
    text = " ".join(letter.content.split())[:80]
    return f"#{letter.pk} · {letter.received_on:%d/%m/%Y} · {text}"


class LetterForwardForm(_EntryForm):
    """The transfer slip (phiếu chuyển): to which agency, its number and date."""

    agency = forms.ModelChoiceField(
        label=_("Cơ quan nhận đơn chuyển"), queryset=None, required=False
    )
    agency_text = _text(_("Hoặc ghi tên cơ quan (ngoài danh mục)"), max_length=255)
    transfer_number = forms.CharField(
        label=_("Số phiếu chuyển"),
        max_length=60,
        error_messages={"required": _("Nhập số phiếu chuyển.")},
    )
    transfer_date = date_field(_("Ngày phiếu chuyển"))

    def __init__(self, *args, agencies: QuerySet[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        _related(self.fields["agency"], agencies)
        self.fields["transfer_date"].error_messages["required"] = _("Nhập ngày phiếu chuyển.")

    def clean(self):
        data = super().clean()
        if not data.get("agency") and not (data.get("agency_text") or "").strip():
            self.add_error("agency", _("Chọn cơ quan nhận đơn, hoặc ghi tên cơ quan."))
        return data


class LetterHandleForm(_EntryForm):
    """Guide the citizen, or file the letter: when, and what was said or why."""

    handled_on = date_field(_("Ngày xử lý"))
    handling_note = forms.CharField(
        label=_("Nội dung hướng dẫn, lý do lưu đơn"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Nhập nội dung hướng dẫn hoặc lý do lưu đơn.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handled_on"].error_messages["required"] = _("Nhập ngày xử lý.")


class LetterAnswerForm(_EntryForm):
    answered_on = date_field(_("Ngày nhận kết quả"))
    answer = forms.CharField(
        label=_("Kết quả giải quyết"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Nhập kết quả giải quyết.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].error_messages["required"] = _("Nhập ngày nhận kết quả.")


class LetterCloseForm(_EntryForm):
    """End of the follow-up of a letter: when, and why."""

    closed_on = date_field(_("Ngày kết thúc theo dõi"))
    note = forms.CharField(
        label=_("Lý do kết thúc theo dõi"),
        max_length=200,
        error_messages={"required": _("Nhập lý do kết thúc theo dõi.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].error_messages["required"] = _("Nhập ngày kết thúc theo dõi.")


class LetterExtendForm(_EntryForm):
    """A complex case's extension, on the approving document."""

    new_due_on = date_field(_("Hạn mới"))
    reason = forms.CharField(
        label=_("Lý do gia hạn"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Nhập lý do gia hạn.")},
    )
    document_number = forms.CharField(
        label=_("Số văn bản gia hạn"),
        max_length=60,
        error_messages={"required": _("Nhập số văn bản cho gia hạn.")},
    )
    document_date = date_field(_("Ngày văn bản"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_due_on"].error_messages["required"] = _("Nhập hạn mới.")
        self.fields["document_date"].error_messages["required"] = _("Nhập ngày văn bản.")


# --- receptions ----------------------------------------------------------------------------------


class ReceptionForm(_CouncilEntryForm):
    """One line of the reception log in the order of Form 03's columns; a group is one line with
    its number of persons. Without `councils` (an edit) the council stays the reception's."""

    field_order = [
        "received_on",
        "person_name",
        "persons",
        "address",
        "id_number",
        "phone",
        "content",
        "category",
        "handled_before_by",
        "handling",
        "forwarded_to",
        "result",
        "note",
        "delegate",
        "receiver_name",
        "schedule",
        "council",
    ]

    received_on = date_field(_("Ngày tiếp"))
    person_name = _text(_("Họ tên người được tiếp (người đại diện)"), max_length=255, required=True)
    persons = forms.IntegerField(
        label=_("Số người"),
        min_value=1,
        max_value=10000,
        initial=1,
        error_messages={
            "required": _("Nhập số người."),
            "min_value": _("Số người từ 1 đến 10.000."),
            "max_value": _("Số người từ 1 đến 10.000."),
        },
    )
    address = _text(_("Địa chỉ"), max_length=255)
    id_number = _text(_("Số CCCD/CMND/hộ chiếu"), max_length=20)
    phone = _text(_("Điện thoại"), max_length=20)
    content = _text(_("Nội dung vụ việc"), max_length=20000, rows=3, required=True)
    category = forms.ChoiceField(
        label=_("Phân loại đơn"),
        choices=[("", NONE), *LetterCategory.choices],
        error_messages={"required": _("Chọn phân loại đơn.")},
    )
    handled_before_by = _text(_("Cơ quan đã giải quyết"), max_length=255)
    handling = forms.ChoiceField(
        label=_("Hướng xử lý"),
        choices=[("", NONE), *Reception.Handling.choices],
        error_messages={"required": _("Chọn hướng xử lý.")},
    )
    forwarded_to = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"), queryset=None, required=False
    )
    result = _text(_("Theo dõi kết quả giải quyết"), max_length=20000, rows=2)
    note = _text(_("Ghi chú"), max_length=500)
    delegate = forms.ModelChoiceField(label=_("Đại biểu tiếp"), queryset=None, required=False)
    receiver_name = _text(_("Người tiếp (nếu không phải đại biểu trong danh sách)"), max_length=120)
    schedule = forms.ModelChoiceField(label=_("Theo lịch tiếp"), queryset=None, required=False)

    def __init__(
        self,
        *args,
        councils: QuerySet[Council] | None,
        agencies: QuerySet[Agency],
        delegates: QuerySet[Delegate],
        schedules: QuerySet[ReceptionSchedule],
        **kwargs,
    ):
        super().__init__(*args, councils=councils or Council.objects.none(), **kwargs)
        if councils is None:
            del self.fields["council"]
        _related(self.fields["forwarded_to"], agencies)
        _related(self.fields["delegate"], delegates)
        self.fields["delegate"].label_from_instance = lambda d: d.full_name
        _related(self.fields["schedule"], schedules)
        self.fields["received_on"].error_messages["required"] = _("Nhập ngày tiếp.")
        self.fields["person_name"].error_messages["required"] = _("Nhập họ tên người được tiếp.")
        self.fields["content"].error_messages["required"] = _("Nhập nội dung vụ việc.")


class ReceptionScheduleForm(_CouncilEntryForm):
    """Who receives citizens (the standing committee or a delegate), where, how often, from when
    (the standing committee's decision is its legal basis)."""

    field_order = [
        "receiver",
        "delegate",
        "place",
        "frequency",
        "weekday",
        "day_of_month",
        "note",
        "legal_basis",
        "valid_from",
        "valid_to",
        "council",
    ]

    receiver = forms.ChoiceField(
        label=_("Người tiếp"),
        choices=[("", NONE), *ReceptionSchedule.Receiver.choices],
        error_messages={"required": _("Chọn người tiếp.")},
    )
    delegate = forms.ModelChoiceField(label=_("Đại biểu"), queryset=None, required=False)
    place = forms.CharField(
        label=_("Địa điểm"), max_length=255, error_messages={"required": _("Nhập địa điểm.")}
    )
    frequency = forms.ChoiceField(
        label=_("Định kỳ"),
        choices=[("", NONE), *ReceptionSchedule.Frequency.choices],
        error_messages={"required": _("Chọn định kỳ.")},
    )
    weekday = forms.TypedChoiceField(
        label=_("Thứ trong tuần"),
        choices=[("", NONE), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    day_of_month = forms.IntegerField(
        label=_("Ngày trong tháng"),
        min_value=1,
        max_value=31,
        required=False,
        error_messages={
            "min_value": _("Ngày trong tháng từ 1 đến 31."),
            "max_value": _("Ngày trong tháng từ 1 đến 31."),
        },
    )
    note = _text(_("Ghi chú (định kỳ khác: ghi rõ)"), max_length=500)
    legal_basis = forms.CharField(
        label=_("Căn cứ (văn bản của Thường trực)"),
        max_length=255,
        error_messages={"required": _("Nhập văn bản của Thường trực làm căn cứ.")},
    )
    valid_from = date_field(_("Áp dụng từ ngày"))
    valid_to = date_field(_("Áp dụng đến ngày"), required=False)

    def __init__(self, *args, delegates: QuerySet[Delegate], **kwargs):
        super().__init__(*args, **kwargs)
        _related(self.fields["delegate"], delegates)
        self.fields["delegate"].label_from_instance = lambda d: d.full_name
        self.fields["valid_from"].error_messages["required"] = _("Nhập ngày áp dụng.")


class ReceptionScheduleFilterForm(BootstrapMixin, forms.Form):
    council = CouncilChoiceField(
        label=_("HĐND (gồm cấp dưới)"), required=False, empty_label=_("— tất cả —"), search=True
    )
    month = forms.DateField(
        label=_("Tháng (mm/yyyy)"),
        required=False,
        input_formats=["%m/%Y"],
        widget=forms.DateInput(format="%m/%Y", attrs={"placeholder": "mm/yyyy"}),
        error_messages={"invalid": _("Nhập tháng theo dạng mm/yyyy, ví dụ 03/2025.")},
    )

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils

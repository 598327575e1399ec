"""Entry forms of the petition flow (issue 13): a contact meeting, the opinions raised there with
their items typed in one form, and each step of an item (split, classify, merge, link, transfer,
answer, assess, voters informed).

Forms check shape only; the services decide the rules (STYLE.md §2.6). Argument names match the
services', so a service's error lands on the field the clerk typed in. Every choice comes from a
scoped read passed in by the view.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import CheckedFileField, ReuploadHintMixin
from councils.forms import BootstrapMixin, date_field
from councils.models import Agency, Body, Council, Delegate
from councils.widgets import CouncilChoiceField
from voters.models import Competence, ContactMeeting, Field, PetitionItem

CHOOSE = _("— chọn —")
ITEM_ROWS = 3  # empty item rows offered on a new opinion; more are added without a reload
MAX_ITEM_ROWS = 50


def _choices(choices) -> list[tuple[str, str]]:
    return [("", CHOOSE), *choices]


def _focus(form: forms.Form, name: str) -> None:
    """The first field a clerk types in gets the cursor when the page opens."""
    form.fields[name].widget.attrs["autofocus"] = True


class CouncilPickForm(BootstrapMixin, forms.Form):
    """The first step of a new meeting: its council (the sessions and delegates offered next
    are that council's)."""

    council = CouncilChoiceField(
        label=_("Hội đồng nhân dân"),
        empty_label=_("— chọn Hội đồng —"),
        editable=True,
        error_messages={"invalid_choice": _("Chọn Hội đồng trong phạm vi bạn được nhập liệu.")},
    )

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


class DelegateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Delegate) -> str:
        return obj.full_name


class DelegatesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Delegate) -> str:
        return obj.full_name


class MeetingForm(BootstrapMixin, forms.Form):
    """A voter-contact meeting (DOMAIN.md §10): kind, when, where, who attended."""

    kind = forms.ChoiceField(label=_("Hình thức"), choices=_choices(ContactMeeting.Kind.choices))
    held_on = date_field(_("Ngày tiếp xúc"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    session = forms.ModelChoiceField(
        label=_("Kỳ họp (tiếp xúc trước, sau kỳ họp)"),
        queryset=None,
        required=False,
        empty_label=CHOOSE,
    )
    voters_count = forms.IntegerField(
        label=_("Số cử tri tham dự"), required=False, min_value=0, max_value=100000
    )
    front_cohost = forms.CharField(
        label=_("Ủy ban MTTQ phối hợp tổ chức"), max_length=255, required=False
    )
    delegates = DelegatesField(
        label=_("Đại biểu tham dự"),
        queryset=None,
        required=False,
        help_text=_("Giữ Ctrl để chọn nhiều đại biểu."),
    )
    delegate = DelegateChoiceField(
        label=_("Đại biểu ghi nhận (cuộc tiếp xúc của riêng đại biểu)"),
        queryset=None,
        required=False,
        empty_label=_("— văn phòng ghi nhận —"),
    )
    minutes = forms.CharField(
        label=_("Biên bản (tóm tắt)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, sessions: QuerySet, delegates: QuerySet[Delegate], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["delegates"].queryset = delegates
        self.fields["delegates"].widget.attrs["size"] = 6
        self.fields["delegate"].queryset = delegates
        _focus(self, "kind")


class PetitionForm(BootstrapMixin, forms.Form):
    """One opinion as the voter raised it; its issues are the item rows below it."""

    text = forms.CharField(
        label=_("Ý kiến của cử tri"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Không nhập nội dung bên dưới thì cả ý kiến là một nội dung kiến nghị."),
    )
    voter_name = forms.CharField(label=_("Họ tên cử tri"), max_length=120, required=False)
    voter_address = forms.CharField(label=_("Địa chỉ cử tri"), max_length=255, required=False)
    raised_on = date_field(_("Ngày nêu ý kiến"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _focus(self, "text")
        self.fields["raised_on"].help_text = _("Để trống: ngày của cuộc tiếp xúc.")


class ItemRowForm(BootstrapMixin, forms.Form):
    """One issue of the opinion; `merge_into` is the earlier item it repeats, chosen among the
    likely duplicates offered while typing."""

    content = forms.CharField(
        label=_("Nội dung kiến nghị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    merge_into = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


ItemRowFormSet = forms.formset_factory(
    ItemRowForm, extra=ITEM_ROWS, max_num=MAX_ITEM_ROWS, validate_max=True
)


class ItemSplitForm(BootstrapMixin, forms.Form):
    """An issue that holds several: one per paragraph (a blank line between them)."""

    contents = forms.CharField(
        label=_("Các nội dung sau khi tách"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Mỗi nội dung một đoạn, cách nhau bằng một dòng trống."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _focus(self, "contents")

    def clean_contents(self) -> list[str]:
        text = self.cleaned_data["contents"].replace("\r\n", "\n")
        return [part.strip() for part in text.split("\n\n") if part.strip()]


class BanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Body) -> str:
        return obj.name


class ItemClassifyForm(BootstrapMixin, forms.Form):
    competence = forms.ChoiceField(
        label=_("Thẩm quyền giải quyết"), choices=_choices(Competence.choices)
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=_choices(Field.choices))
    ban = BanChoiceField(label=_("Ban theo dõi"), queryset=None, required=False, empty_label=CHOOSE)

    def __init__(self, *args, bans: QuerySet[Body], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ban"].queryset = bans
        _focus(self, "competence")


class ItemMergeForm(BootstrapMixin, forms.Form):
    """The items merged into this compiled one, chosen among its likely duplicates (or by id)."""

    items = forms.TypedMultipleChoiceField(
        label=_("Nội dung gộp vào nội dung này"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.IntegerField(
        label=_("Hoặc mã nội dung khác"), required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args, candidates: list[PetitionItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(c.pk, f"#{c.pk} · {c.content[:160]}") for c in candidates]
        self.fields["items"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict:
        data = super().clean()
        ids = list(data.get("items") or [])
        if data.get("other"):
            ids.append(data["other"])
        if not ids and not self.errors:
            self.add_error("items", _("Chọn nội dung cần gộp."))
        data["ids"] = ids
        return data


class ItemLinkForm(BootstrapMixin, forms.Form):
    """The item raised at an earlier session that this one repeats (empty: remove the link)."""

    earlier = forms.IntegerField(
        label=_("Mã nội dung đã kiến nghị trước đây"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("Để trống để bỏ liên kết."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _focus(self, "earlier")


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class ItemTransferForm(BootstrapMixin, forms.Form):
    agency = AgencyChoiceField(
        label=_("Cơ quan trả lời"), queryset=None, required=False, empty_label=CHOOSE
    )
    agency_text = forms.CharField(
        label=_("Cơ quan trả lời (nếu không có trong danh mục)"), max_length=255, required=False
    )
    transfer_number = forms.CharField(label=_("Số văn bản chuyển"), max_length=60)
    transfer_date = date_field(_("Ngày văn bản chuyển"))
    due_on = date_field(_("Hạn trả lời (nếu văn bản chuyển ghi hạn)"), required=False)

    def __init__(self, *args, agencies: QuerySet[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["due_on"].help_text = _(
            "Để trống: hạn tính theo thời hạn trả lời kiến nghị của Hội đồng."
        )
        _focus(self, "agency")


class ItemAnswerForm(ReuploadHintMixin, BootstrapMixin, forms.Form):
    answered_on = date_field(_("Ngày trả lời"))
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 6}))
    answer_file = CheckedFileField(label=_("Văn bản trả lời"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _focus(self, "answered_on")


class ItemAssessForm(BootstrapMixin, forms.Form):
    assessment = forms.ChoiceField(
        label=_("Kết quả đánh giá"), choices=_choices(PetitionItem.Assessment.choices)
    )
    assessed_on = date_field(_("Ngày đánh giá"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _focus(self, "assessment")


class ItemInformForm(BootstrapMixin, forms.Form):
    informed_on = date_field(_("Ngày thông tin lại cử tri"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _focus(self, "informed_on")


class ItemReportForm(BootstrapMixin, forms.Form):
    """The session report that carried the item's result to the council."""

    reported_on = date_field(_("Ngày báo cáo tại kỳ họp"))
    report = forms.CharField(
        label=_("Báo cáo, kỳ họp"),
        max_length=200,
        help_text=_("Ví dụ: Báo cáo số 12/BC-HĐND tại kỳ họp thứ 8."),
        error_messages={"required": _("Nhập số báo cáo hoặc kỳ họp đã báo cáo.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _focus(self, "reported_on")


class ItemCloseForm(BootstrapMixin, forms.Form):
    closed_on = date_field(_("Ngày kết thúc theo dõi"))
    reason = forms.CharField(
        label=_("Lý do kết thúc theo dõi"),
        max_length=200,
        error_messages={"required": _("Nhập lý do kết thúc theo dõi.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _focus(self, "closed_on")

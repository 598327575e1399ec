"""Forms check shape only; the services decide the rules. Choices come from scoped selectors."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.validation import validate_record_date
from councils import rules
from councils.models import (
    Body,
    BodyMembership,
    Council,
    CouncilMembership,
    CouncilSetting,
    Delegate,
    Role,
    Term,
    UnitKind,
)
from councils.widgets import CouncilChoiceField


class DateInput(forms.DateInput):
    """dd/mm/yyyy text input: what clerks type, and what the Vietnamese formats parse."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2025.")},
        validators=[validate_record_date],
    )


class BootstrapMixin:
    """Bootstrap classes on every widget, and the invalid state on fields with errors.

    Errors are marked after validation (and after a service adds one), never in __init__: reading
    `self.errors` there would validate before subclasses finish setting up their fields.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            base = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                base = "form-check-input"
            widget.attrs["class"] = base

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class UnitForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=120)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    code = forms.CharField(label=_("Mã đơn vị hành chính"), max_length=10)
    valid_from = date_field(_("Hiệu lực từ ngày"))
    valid_to = date_field(_("Hiệu lực đến ngày"), required=False)
    with_council = forms.BooleanField(
        label=_("Đơn vị có Hội đồng nhân dân"), required=False, initial=True
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["with_council"]


class CouncilForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Tên Hội đồng nhân dân"), max_length=200)
    valid_from = date_field(_("Hoạt động từ ngày"))
    valid_to = date_field(_("Hoạt động đến ngày"), required=False)


class TermForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Nhiệm kỳ"), max_length=20, help_text=_("Ví dụ: 2026-2031"))
    start_on = date_field(_("Bắt đầu"))
    end_on = date_field(_("Kết thúc"))


class DelegateForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    gender = forms.ChoiceField(
        label=_("Giới tính"), choices=[("", "—"), *Delegate.Gender.choices], required=False
    )
    birth_date = date_field(_("Ngày sinh"), required=False)
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=40, required=False)
    occupation = forms.CharField(label=_("Chức vụ, nơi công tác"), max_length=255, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )


class DelegateAccountForm(BootstrapMixin, forms.Form):
    """The delegate's own account, from those holding the delegate role at the council; empty
    unlinks."""

    user = forms.ModelChoiceField(
        label=_("Tài khoản người dùng của đại biểu"),
        queryset=get_user_model().objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Chọn tài khoản đang có vai trò Đại biểu HĐND tại Hội đồng này.")
        },
    )

    def __init__(self, *args, accounts: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts
        self.fields["user"].empty_label = _("— không gắn tài khoản —")
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.username} · {u.full_name}" if u.full_name else u.username
        )


class MembershipForm(BootstrapMixin, forms.Form):
    delegate = forms.ModelChoiceField(label=_("Đại biểu"), queryset=Delegate.objects.none())
    term = forms.ModelChoiceField(label=_("Nhiệm kỳ"), queryset=Term.objects.all())
    kind = forms.ChoiceField(label=_("Hình thức hoạt động"), choices=CouncilMembership.Kind.choices)
    position = forms.CharField(label=_("Chức danh"), max_length=120, required=False)
    constituency = forms.CharField(label=_("Đơn vị bầu cử"), max_length=120, required=False)
    start_on = date_field(_("Từ ngày"))
    end_on = date_field(_("Đến ngày"), required=False)
    end_reason = forms.CharField(label=_("Lý do thôi"), max_length=255, required=False)

    def __init__(self, *args, delegates, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = delegates
        self.fields["delegate"].empty_label = _("— chọn đại biểu —")
        self.fields["term"].empty_label = _("— chọn nhiệm kỳ —")
        if editing:
            del self.fields["delegate"]


class BodyForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Body.Kind.choices)
    committee_type = forms.ChoiceField(
        label=_("Lĩnh vực của Ban"),
        choices=[("", "—"), *Body.CommitteeType.choices],
        required=False,
    )
    name = forms.CharField(
        label=_("Tên"), max_length=200, required=False, help_text=_("Để trống: dùng tên chuẩn.")
    )
    term = forms.ModelChoiceField(label=_("Nhiệm kỳ"), queryset=Term.objects.all())


class BodyMembershipForm(BootstrapMixin, forms.Form):
    delegate = forms.ModelChoiceField(label=_("Đại biểu"), queryset=Delegate.objects.none())
    role = forms.ChoiceField(label=_("Chức vụ"), choices=BodyMembership.Role.choices)
    start_on = date_field(_("Từ ngày"))
    end_on = date_field(_("Đến ngày"), required=False)

    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = delegates


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    on = forms.DateField(label=_("Tại ngày"), required=False, widget=DateInput())
    all = forms.BooleanField(label=_("Cả đơn vị đã sáp nhập, giải thể"), required=False)


class DelegateFilterForm(BootstrapMixin, forms.Form):
    """The delegate list's filter bar: a name, and a council with its lineage."""

    q = forms.CharField(label=_("Tìm theo họ tên"), required=False, max_length=100)
    council = CouncilChoiceField(
        label=_("Hội đồng nhân dân (gồm cấp dưới)"),
        required=False,
        empty_label=_("— mọi Hội đồng —"),
        search=True,
    )

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


class CouncilSettingForm(forms.ModelForm):
    """The admin's form for a dated rule: only known keys, and the value checked by its type."""

    key = forms.ChoiceField(label=_("tham số"))

    class Meta:
        model = CouncilSetting
        fields = ["council", "key", "value", "legal_basis", "valid_from", "valid_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(key, f"{key}: {r.label}") for key, r in rules.RULES.items()]
        self.fields["value"].help_text = "; ".join(rules.rule_help(key) for key in rules.RULES)

    def clean(self):
        data = super().clean()
        if "key" in data and "value" in data:
            try:
                data["value"] = rules.rule_clean(data["key"], data["value"])
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


class RoleGrantForm(BootstrapMixin, forms.Form):
    """Grant a role: the user by user name, the council from those the grantor manages."""

    user = forms.ModelChoiceField(
        label=_("Tên đăng nhập của người được cấp quyền"),
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "invalid_choice": _("Không có người dùng đang hoạt động với tên đăng nhập này.")
        },
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    council = CouncilChoiceField(
        label=_("Hội đồng nhân dân"),
        required=False,
        empty_label=_("— chọn Hội đồng —"),
        editable=True,
        help_text=_("Để trống chỉ khi cấp quyền quản trị toàn quốc."),
        error_messages={"invalid_choice": _("Chọn Hội đồng trong phạm vi bạn được phân quyền.")},
    )
    valid_from = date_field(_("Từ ngày"))
    valid_to = date_field(_("Đến ngày"), required=False)

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


class RoleEndForm(BootstrapMixin, forms.Form):
    valid_to = date_field(_("Ngày cuối cùng được hưởng quyền"))


class RoleGrantFilterForm(BootstrapMixin, forms.Form):
    """The grant list's filter bar: a user, a council with its lineage, ended grants too."""

    q = forms.CharField(label=_("Tìm người dùng"), required=False, max_length=100)
    council = CouncilChoiceField(
        label=_("Hội đồng nhân dân (gồm cấp dưới)"),
        required=False,
        empty_label=_("— mọi Hội đồng —"),
        search=True,
    )
    ended = forms.BooleanField(label=_("Cả quyền đã kết thúc"), required=False)

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils

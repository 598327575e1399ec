"""Glue between forms and services: service errors land on the field the user typed in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.filters import IdField
from core.uploads import check_upload
from core.validation import FieldErrors, validate_record_date

T = TypeVar("T")


class CheckedFileField(forms.FileField):
    """A file judged by its bytes (`check_upload`) while the form is validated, so a refused file
    is reported together with every other field's error, not in a second round."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                check_upload(upload, field="upload")
            except ValidationError as exc:
                raise ValidationError(exc.error_dict["upload"]) from None
        return upload


class ReuploadHintMixin:
    """A browser never refills a file input: when the page comes back with errors, the other
    fields keep what was typed and the file input says to choose the file again."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name, form_field in self.fields.items():
            upload = self.files.get(self.add_prefix(name)) if self.is_bound else None
            if isinstance(form_field, forms.FileField) and upload is not None:
                hint = _("Chưa lưu tệp “%(name)s”; chọn lại tệp trước khi lưu.") % {
                    "name": upload.name
                }
                # The bound field copies help_text when first built (validation builds it).
                form_field.help_text = self[name].help_text = hint


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form; unknown field names become form errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def add_rule_errors(form: forms.Form, check: Callable[[dict[str, Any]], FieldErrors]) -> None:
    """Judge an invalid form by the service's rules too, so every error shows in one round.

    `check` gets every field, None where the input did not parse (the rules skip what is None),
    and writes nothing. Its errors land on the fields that have no error yet; a field that
    did not parse keeps only its own message.
    """
    shaped = set(form.errors)
    data = {name: form.cleaned_data.get(name) for name in form.fields}
    try:
        check(data).raise_if_any()
    except ValidationError as exc:
        found = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
        for field, errors in found.items():
            if field not in shaped:
                form.add_error(field if field in form.fields else None, errors)


def submit(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict], T],
    check: Callable[[dict[str, Any]], FieldErrors] | None = None,
) -> T | None:
    """On a valid POST run `action(cleaned_data)`; on a service error keep the input, say why.

    With `check` (the service's rules, writing nothing), a form with shape errors also shows
    the rule errors of its other fields (`add_rule_errors`), not in a second round.
    """
    if request.method != "POST":
        return None
    if not form.is_valid():
        if check is not None:
            add_rule_errors(form, check)
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


class WithdrawForm(forms.Form):
    """Why a record is withdrawn rather than deleted (core.models.Withdrawable); the history
    keeps the reason with who withdrew it."""

    reason = forms.CharField(
        label=_("Lý do rút"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Nhập lý do rút.")},
    )


class DigestPreferenceForm(forms.Form):
    email_digest = forms.BooleanField(
        label=_("Nhận thư điện tử tổng hợp thông báo mỗi ngày"), required=False
    )


def _day_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "class": "form-control"},
        ),
        error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2025.")},
        validators=[validate_record_date],
    )


class ViewLogFilterForm(forms.Form):
    """The view log's filter bar: who, which kind of record (and which one), which days."""

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    record_type = forms.TypedChoiceField(
        label=_("Loại hồ sơ"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    object_id = IdField(
        label=_("Mã hồ sơ"),
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    date_from = _day_field(_("Từ ngày"))
    date_to = _day_field(_("Đến ngày"))

    def __init__(self, *args, record_types: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [
            ("", _("— mọi loại —")),
            *((ct.pk, str(ct.model_class()._meta.verbose_name)) for ct in record_types),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        if data.get("object_id") and not data.get("record_type"):
            self.add_error("record_type", _("Chọn loại hồ sơ của mã hồ sơ."))
        return data

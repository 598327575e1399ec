"""Glue between forms and services: service errors land on the field the user typed in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.uploads import check_upload

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


def submit(request: HttpRequest, form: forms.Form, action: Callable[[dict], T]) -> T | None:
    """On a valid POST run `action(cleaned_data)`; on a service error keep the input, say why."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None

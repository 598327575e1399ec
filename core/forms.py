"""Glue between forms and services: service errors land on the field the user typed in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


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

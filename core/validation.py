"""Collect every refusal of a write, then raise them together: a form shows them all at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


class FieldErrors:
    """Errors keyed by the input they concern (None: the form as a whole), each with a code.

    A service adds what it finds, runs the checks that raise (uploads, `full_clean`) through
    `run`, and calls `raise_if_any()` before writing anything.
    """

    def __init__(self) -> None:
        self._errors: dict[str, list[ValidationError]] = {}

    def __bool__(self) -> bool:
        return bool(self._errors)

    def __contains__(self, field: str) -> bool:
        return field in self._errors

    def add(self, field: str | None, message: str, code: str) -> None:
        key = field or NON_FIELD_ERRORS
        self._errors.setdefault(key, []).append(ValidationError(message, code=code))

    def merge(self, exc: ValidationError) -> None:
        """Take over a raised error; a plain message (no field) joins the form's own errors."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self._errors.setdefault(field, []).extend(errors)
        else:
            self._errors.setdefault(NON_FIELD_ERRORS, []).extend(exc.error_list)

    def run(self, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a check that raises; keep its errors and go on (returns None when it failed)."""
        try:
            return check(*args, **kwargs)
        except ValidationError as exc:
            self.merge(exc)
            return None

    def raise_if_any(self) -> None:
        if self._errors:
            raise ValidationError(self._errors)


# Bounds of every typed input: ids fit a 64-bit primary key, and the council's records start
# with the Democratic Republic (1945); a date outside this range is a typing error, not a record.
ID_MAX = 2**63 - 1
YEAR_MIN, YEAR_MAX = 1945, 2100
SMALL_MAX = 32767  # a PositiveSmallIntegerField column (counts, positions)


def validate_record_date(value: date | None) -> None:
    """Refuse dates outside YEAR_MIN..YEAR_MAX (a year typed as "517" or "20255")."""
    if value is not None and not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(
            _("Ngày phải trong khoảng từ năm %(min)s đến năm %(max)s."),
            code="date_out_of_range",
            params={"min": YEAR_MIN, "max": YEAR_MAX},
        )


def renamed_errors(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """Another service's error keyed by the caller's input names (the follow-up engine's
    `fixed_due_on` is a task's or a commitment's `due_on`), so it lands on the right field."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors: dict[str, list[ValidationError]] = {}
    for field, found in exc.error_dict.items():
        errors.setdefault(names.get(field, field), []).extend(found)
    return ValidationError(errors)

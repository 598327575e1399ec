"""Typed query filters shared by every API and page: ids and years are integers in range."""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from core.validation import ID_MAX, YEAR_MAX, YEAR_MIN


class IdField(forms.IntegerField):
    """A row id: an integer 1..2**63-1, so "1.5" or a 30-digit number is a 400, not session 1."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(django_filters.NumberFilter):
    """?session=<id>: documented as an integer, refused when not a valid id."""

    field_class = IdField


@extend_schema_field({"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX})
class YearFilter(django_filters.NumberFilter):
    """?year=<yyyy> within the records' years."""

    field_class = YearField

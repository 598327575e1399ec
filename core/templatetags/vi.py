"""Vietnamese formatting for templates: percentages of a total, official dates, counts."""

from __future__ import annotations

from datetime import date

from django import template

from core import text
from core.text import grouped, percent

register = template.Library()


@register.simple_tag
def percent_of(part: int | None, whole: int | None, decimals: int = 2) -> str:
    return percent(part or 0, whole or 0, decimals)


@register.filter
def official_date(value: date | None) -> str:
    """'ngày 05 tháng 01 năm 2024' (core.text.official_date)."""
    return text.official_date(value)


@register.filter
def thousands(value: int | None) -> str:
    """75184 → '75.184'."""
    return "" if value is None else grouped(int(value))

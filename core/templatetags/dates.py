"""The `date` filter of every template (a builtin, TEMPLATES in settings): Django's, with the
"d/m/Y" of every list written directly. Django's goes through the localisation machinery for
each value (16 µs); a list of 50 rows shows 150 dates."""

from __future__ import annotations

import datetime

from django import template
from django.template import defaultfilters

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if arg == "d/m/Y" and isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return defaultfilters.date(value, arg)

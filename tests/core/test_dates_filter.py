"""The templates' `date` filter writes dd/mm/yyyy itself and leaves every other format, and
every other value, to Django's."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, Template, defaultfilters
from django.utils import timezone, translation

from core.templatetags.dates import date as fast_date


def test_every_day_is_written_as_django_writes_it():
    rng = random.Random(7)  # noqa: S311 - test data
    days = [date(1, 1, 1), date(9999, 12, 31)] + [
        date(1900, 1, 1) + timedelta(days=rng.randrange(80_000)) for _ in range(2_000)
    ]
    with translation.override("vi"):
        for day in days:
            assert fast_date(day, "d/m/Y") == defaultfilters.date(day, "d/m/Y")


@pytest.mark.parametrize("value", [None, "", "05/03/2024", 20240305])
def test_what_is_not_a_date_is_left_to_django(value):
    assert fast_date(value, "d/m/Y") == defaultfilters.date(value, "d/m/Y")


def test_templates_use_it_in_local_time_and_keep_the_other_formats():
    """23:30 UTC on 4 March is 5 March in Hà Nội: the filter sees the local time, as Django's."""
    filters = {}
    for library in Engine.get_default().template_builtins:
        filters.update(library.filters)
    assert filters["date"] is fast_date
    moment = datetime(2024, 3, 4, 23, 30, tzinfo=ZoneInfo("UTC"))
    html = Template('{{ t|date:"d/m/Y" }} {{ t|date:"H:i d/m/Y" }} {{ d|date:"m/Y" }}').render(
        Context({"t": moment, "d": date(2024, 3, 5)})
    )
    with timezone.override("Asia/Ho_Chi_Minh"):
        local = Template('{{ t|date:"d/m/Y" }}').render(Context({"t": moment}))
    assert local == "05/03/2024"
    assert html.split()[1:] == [
        defaultfilters.date(timezone.localtime(moment), "H:i"),
        defaultfilters.date(timezone.localtime(moment), "d/m/Y"),
        "03/2024",
    ]

"""Working days of Vietnam and deadline arithmetic: one function, `deadline_add`, and its inverse.

Rules followed (Civil Code 2015, Bộ luật Dân sự 91/2015/QH13, art. 147-148; DOMAIN.md names no
article, so these are quoted from the Code, not from the brief):
- the count starts the day after `start` (art. 147(2): "ngày đầu tiên của thời hạn không được
  tính"), so 5 working days from Monday 3/3 end on Monday 10/3;
- a count in months ends on the same day of the last month, or on that month's last day when it
  has no such day (art. 148(3)): 31/1 + 1 month = 28/2 (29/2 in a leap year);
- when the last day is a weekend day, a holiday or a day off, the deadline moves to the next
  working day (art. 148(5)); this applies to calendar days and months (working days never end on
  a day off anyway);
- a working day is Monday-Friday minus holidays and days off, plus Saturdays (or Sundays) the
  government made working days in exchange (làm bù, DOMAIN.md §15).

The Holiday table is read once per process and kept (`_days`), so a batch over a million
obligations asks nothing of the database per row. It is reloaded after CACHE_SECONDS (changes
made by another process) and at once after a change through the services (`forget`). Years the
table does not cover are computed from the `holidays` package, which knows the lunar dates but
not the exchanges announced in the future.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from followups.models import Holiday, Unit

if TYPE_CHECKING:
    from councils.models import Council

log = logging.getLogger(__name__)

__all__ = ["Unit", "deadline_add", "is_working_day", "next_working_day", "working_days_between"]

CACHE_SECONDS = 300
SEED_YEARS = range(2020, 2031)

_lock = threading.Lock()
_state: dict = {"loaded_at": None, "off": frozenset(), "worked": frozenset(), "years": frozenset()}


def forget() -> None:
    """Drop the cached table (the services call this after a holiday is saved or deleted)."""
    with _lock:
        _state["loaded_at"] = None


def _days() -> tuple[frozenset[date], frozenset[date], frozenset[int]]:
    """(days off, weekend days worked, years the table covers): one query, then memory."""
    now = time.monotonic()
    loaded = _state["loaded_at"]
    if loaded is None or now - loaded > CACHE_SECONDS:
        with _lock:
            rows = list(Holiday.objects.values_list("day", "kind"))
            _state["off"] = frozenset(d for d, k in rows if k != Holiday.Kind.MAKEUP_WORKDAY)
            _state["worked"] = frozenset(d for d, k in rows if k == Holiday.Kind.MAKEUP_WORKDAY)
            _state["years"] = frozenset(d.year for d, _k in rows)
            _state["loaded_at"] = now
    return _state["off"], _state["worked"], _state["years"]


@cache
def _package_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, days worked) of a year the table lacks, from the `holidays` package."""
    log.warning("Holiday table has no rows for %s; using the holidays package", year)
    rows = package_days(year)
    off = frozenset(d for d, k, _n in rows if k != Holiday.Kind.MAKEUP_WORKDAY)
    worked = frozenset(d for d, k, _n in rows if k == Holiday.Kind.MAKEUP_WORKDAY)
    return off, worked


def _working(council: Council | None = None):
    """A test of working days over the table as loaded now: one cache check per deadline,
    not per day counted (a batch computes millions of days)."""
    off, worked, years = _days()

    def working(day: date) -> bool:
        if day.year in years:
            if day in worked:
                return True
            return day.weekday() < 5 and day not in off
        package_off, package_worked = _package_year(day.year)
        if day in package_worked:
            return True
        return day.weekday() < 5 and day not in package_off

    return working


def is_working_day(day: date, council: Council | None = None) -> bool:
    """Whether offices work on `day`. Public holidays are national today; `council` is where a
    local calendar would be looked up, so callers pass it already."""
    return _working(council)(day)


def next_working_day(day: date, council: Council | None = None) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    working = _working(council)
    while not working(day):
        day += timedelta(days=1)
    return day


def deadline_add(start: date, count: int, unit: str, council: Council | None = None) -> date:
    """The last day of a time limit of `count` `unit`s running from `start` (see the module's
    docstring for the rules). A count of 0 gives `start`, moved off a day off."""
    if count < 0:
        raise ValueError("A time limit is never negative.")
    working = _working(council)
    one = timedelta(days=1)
    if unit == Unit.WORKING_DAYS:
        day, left = start, count
        while left:
            day += one
            if working(day):
                left -= 1
    elif unit == Unit.CALENDAR_DAYS:
        day = start + timedelta(days=count)
    elif unit == Unit.MONTHS:
        day = start + relativedelta(months=count)  # clamps 31/1 + 1 month to 28/2 or 29/2
    else:
        raise ValueError(f"Unknown unit {unit!r}.")
    while not working(day):
        day += one
    return day


def working_days_between(start: date, end: date, council: Council | None = None) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier):
    the inverse of deadline_add, `working_days_between(s, deadline_add(s, n, WORKING_DAYS)) == n`.
    """
    if end < start:
        return -working_days_between(end, start, council)
    working = _working(council)
    return sum(
        1 for offset in range(1, (end - start).days + 1) if working(start + timedelta(offset))
    )


def package_days(year: int) -> list[tuple[date, str, str]]:
    """(day, Holiday.Kind, Vietnamese name) for a year, from the `holidays` package: holidays
    and Tết days, weekdays off in exchange (observed days and announced swaps) and the weekend
    days worked in exchange. The seed migration froze these rows for 2020-2030."""
    import holidays
    from holidays.countries.vietnam import VietnamStaticHolidays

    found = holidays.country_holidays("VN", years=year, language="vi")
    rows = []
    for day, name in sorted(found.items()):
        exchanged = "(nghỉ bù" in name or name.startswith("Ngày nghỉ (thay cho")
        rows.append((day, Holiday.Kind.DAY_OFF if exchanged else Holiday.Kind.HOLIDAY, name))
    # (day off, day worked[, year worked]) by the year of the day off; 2018 → 5/1/2019.
    for swap_year, swaps in VietnamStaticHolidays.special_public_holidays.items():
        for swap in swaps if isinstance(swaps[0], tuple) else (swaps,):
            worked = date(swap[4] if len(swap) > 4 else swap_year, swap[2], swap[3])
            if worked.year == year:
                off = date(swap_year, swap[0], swap[1])
                name = f"Làm bù cho ngày nghỉ {off:%d/%m/%Y}"
                rows.append((worked, Holiday.Kind.MAKEUP_WORKDAY, name))
    return sorted(rows)

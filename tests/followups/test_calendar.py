"""Deadline arithmetic on Vietnam's working days (Civil Code 2015 art. 147-148)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from followups import calendar, services
from followups.calendar import deadline_add, is_working_day, working_days_between
from followups.models import Holiday, Unit
from tests.factories import ObligationFactory, UserFactory, system_actor

WD, CD, MONTHS = Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.MONTHS


@pytest.mark.parametrize(
    ("start", "count", "unit", "due"),
    [
        # The count starts the day after: 5 working days from Monday end the next Monday.
        (date(2025, 3, 3), 5, WD, date(2025, 3, 10)),
        (date(2025, 3, 3), 1, WD, date(2025, 3, 4)),
        # From Friday across a weekend.
        (date(2025, 3, 7), 1, WD, date(2025, 3, 10)),
        # Tết 2025: 25/1-2/2 off (27-31/1 are weekdays off).
        (date(2025, 1, 24), 1, WD, date(2025, 2, 3)),
        (date(2025, 1, 20), 10, WD, date(2025, 2, 10)),
        # Tết 2026: 14/2-22/2 off (16-20/2 are weekdays off).
        (date(2026, 2, 13), 1, WD, date(2026, 2, 23)),
        # Hùng Kings' day 2025 (Monday 7/4), and 2026 (Sunday 26/4, given off Monday 27/4).
        (date(2025, 4, 4), 1, WD, date(2025, 4, 8)),
        (date(2026, 4, 24), 1, WD, date(2026, 4, 28)),
        # 2025 swap: Saturday 26/4 worked, Friday 2/5 off (30/4-4/5 off).
        (date(2025, 4, 25), 1, WD, date(2025, 4, 26)),
        (date(2025, 4, 25), 2, WD, date(2025, 4, 28)),
        (date(2025, 4, 29), 1, WD, date(2025, 5, 5)),
        # National Day 2025: Monday 1/9 and Tuesday 2/9.
        (date(2025, 8, 29), 1, WD, date(2025, 9, 3)),
        # Year end: New Year's Day is off.
        (date(2024, 12, 31), 1, WD, date(2025, 1, 2)),
        (date(2025, 12, 25), 7, CD, date(2026, 1, 2)),
        # A calendar-day limit ending on a weekend or in Tết moves to the next working day.
        (date(2025, 3, 1), 14, CD, date(2025, 3, 17)),
        (date(2025, 1, 1), 27, CD, date(2025, 2, 3)),
        (date(2025, 3, 1), 10, CD, date(2025, 3, 11)),
        # Months: the same day of the month, clamped to the month's end, then off days skipped.
        (date(2025, 1, 31), 1, MONTHS, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, MONTHS, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, MONTHS, date(2026, 3, 2)),  # 28/2/2026 is a Saturday
        (date(2025, 3, 31), 1, MONTHS, date(2025, 5, 5)),  # 30/4 to 4/5 off
        (date(2025, 10, 15), 3, MONTHS, date(2026, 1, 15)),
        # A count of 0 is the start, moved off a day off.
        (date(2025, 3, 3), 0, WD, date(2025, 3, 3)),
        (date(2025, 3, 8), 0, CD, date(2025, 3, 10)),
    ],
)
def test_deadline_add(db, start, count, unit, due):
    assert deadline_add(start, count, unit) == due


def test_deadline_add_refuses_a_negative_count_and_an_unknown_unit(db):
    with pytest.raises(ValueError, match="negative"):
        deadline_add(date(2025, 3, 3), -1, WD)
    with pytest.raises(ValueError, match="Unknown unit"):
        deadline_add(date(2025, 3, 3), 1, "weeks")


def test_announced_days_2025_and_2026(db):
    """The seeded table says what the government announced for Tết 2025 and 2026, and the
    2025 swap of 2/5 for Saturday 26/4."""
    tet_2025 = [date(2025, 1, d) for d in range(25, 32)] + [date(2025, 2, 1), date(2025, 2, 2)]
    tet_2026 = [date(2026, 2, 14) + timedelta(days=n) for n in range(9)]
    assert not any(is_working_day(d) for d in tet_2025 + tet_2026)
    assert is_working_day(date(2025, 1, 24))
    assert is_working_day(date(2025, 2, 3))
    assert is_working_day(date(2026, 2, 13))
    assert is_working_day(date(2026, 2, 23))
    assert Holiday.objects.get(day=date(2025, 4, 26)).kind == Holiday.Kind.MAKEUP_WORKDAY
    assert Holiday.objects.get(day=date(2025, 5, 2)).kind == Holiday.Kind.DAY_OFF
    assert not is_working_day(date(2025, 9, 1))
    assert not is_working_day(date(2025, 9, 2))
    assert not is_working_day(date(2026, 9, 1))
    assert not is_working_day(date(2026, 9, 2))


def test_the_seed_is_the_pinned_package(db):
    """The frozen seed equals what the pinned `holidays` package computes: upgrading the package
    shows here which days changed."""
    for year in calendar.SEED_YEARS:
        stored = list(
            Holiday.objects.filter(day__year=year).order_by("day").values_list("day", "kind")
        )
        assert stored == [(day, kind) for day, kind, _n in calendar.package_days(year)], year


@pytest.mark.parametrize("count", [1, 2, 5, 10, 15, 22, 60])
def test_working_days_between_is_the_inverse(db, count):
    start = date(2024, 12, 20)
    while start < date(2026, 12, 31):
        due = deadline_add(start, count, WD)
        assert working_days_between(start, due) == count, start
        assert working_days_between(due, start) == -count
        start += timedelta(days=3)


def test_the_table_is_read_once(db, django_assert_num_queries):
    """A batch asks the database for the calendar once, not per row."""
    with django_assert_num_queries(1):
        for offset in range(500):
            deadline_add(date(2025, 1, 1) + timedelta(days=offset), 15, WD)


def test_years_outside_the_table_come_from_the_package(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert not is_working_day(date(2035, 1, 1))
        assert is_working_day(date(2035, 1, 2))


def test_an_administrator_adds_a_day_off_and_open_deadlines_follow(db):
    """An announced swap added in the admin moves the deadlines computed across it."""
    ob = ObligationFactory(
        council=_council(), start_on=date(2025, 3, 3), term_count=5, term_unit=WD
    )
    assert ob.due_on == date(2025, 3, 10)
    services.holiday_save(
        actor=system_actor(), day=date(2025, 3, 5), kind=Holiday.Kind.DAY_OFF, name="Nghỉ"
    )
    assert deadline_add(date(2025, 3, 3), 5, WD) == date(2025, 3, 11)
    ob.refresh_from_db()
    assert ob.due_on == date(2025, 3, 11)
    services.holiday_delete(actor=system_actor(), holiday=Holiday.objects.get(day="2025-03-05"))
    ob.refresh_from_db()
    assert ob.due_on == date(2025, 3, 10)


def test_only_administrators_edit_the_calendar(db):
    clerk = UserFactory(username="clerk")
    with pytest.raises(PermissionDenied):
        services.holiday_save(
            actor=clerk, day=date(2025, 3, 5), kind=Holiday.Kind.DAY_OFF, name="Nghỉ"
        )
    assert not Holiday.objects.filter(day=date(2025, 3, 5)).exists()


def _council():
    from councils.models import UnitKind
    from tests.factories import UnitFactory, council_of

    return council_of(UnitFactory(name="Đà Nẵng", kind=UnitKind.CENTRAL_CITY, code="48"))


def test_reminder_days_are_a_dated_rule_per_council(db):
    """'15,7,3' by default; a council's own dated row wins; malformed lists are refused."""
    from django.core.exceptions import ValidationError

    from councils import rules
    from councils.services import council_setting_save

    council = _council()
    on = date(2025, 6, 1)
    assert rules.day_list(council, rules.REMINDER_DAYS, on) == (15, 7, 3)
    assert rules.rule_clean(rules.REMINDER_DAYS, " 3, 15,7") == "15,7,3"
    for bad in ("15,15", "400", "15;7", ""):
        with pytest.raises(ValidationError):
            rules.rule_clean(rules.REMINDER_DAYS, bad)
    council_setting_save(
        actor=system_actor(),
        council=council,
        key=rules.REMINDER_DAYS,
        value="10,5,1",
        legal_basis="Quy chế làm việc của HĐND",
        valid_from=date(2025, 7, 1),
    )
    assert rules.day_list(council, rules.REMINDER_DAYS, on) == (15, 7, 3)
    assert rules.day_list(council, rules.REMINDER_DAYS, date(2025, 7, 1)) == (10, 5, 1)
    assert rules.int_value(council, rules.DUE_SOON_DAYS, on) == 7

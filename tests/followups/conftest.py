import pytest

from followups import calendar


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """The calendar is cached per process: a test's holiday rows are rolled back, so no test
    may see another's cache."""
    calendar.forget()
    yield
    calendar.forget()

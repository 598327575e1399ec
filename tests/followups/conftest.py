import pytest

from followups import calendar


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """The calendar is cached per process: a test's holiday rows are rolled back, so no test
    may see another's cache."""
    calendar.forget()
    yield
    calendar.forget()


@pytest.fixture(autouse=True)
def _no_stored_counts():
    """The nation's counts header is kept in the cache for minutes: no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

"""What every app's demo loader shares: the story's dates on the audit rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time

from django.db.models import Model
from django.utils import timezone


def on_day(day: date) -> datetime:
    """When the story says a step happened: that day, in office hours (Vietnam time)."""
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def date_steps(records, days: dict[str, date | None]) -> None:
    """Set each status move's time to the story's day; run on every load, so it is idempotent
    and also mends histories loaded before the dates were kept."""
    for status, day in days.items():
        if day is not None:
            records.filter(to_status=status).update(at=on_day(day))


def date_histories(transitions: type[Model], owner: str, rows: Iterable[Model], days_of) -> None:
    """`date_steps` for many records at once: `days_of(row)` gives {status: day}; one UPDATE
    per (status, day) whatever the number of records."""
    groups: dict[tuple[str, date], list[int]] = defaultdict(list)
    for row in rows:
        for status, day in days_of(row).items():
            if day is not None:
                groups[(status, day)].append(row.pk)
    for (status, day), ids in groups.items():
        transitions.objects.filter(**{f"{owner}__in": ids}, to_status=status).update(at=on_day(day))

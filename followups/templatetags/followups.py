"""Follow-up facts a domain page shows beside its own records (tasks, commitments...)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import template

from followups.models import Obligation, next_reminder

register = template.Library()


@register.simple_tag
def reminder_on(obligation: Obligation | None, today: date, days: Iterable[int]) -> date | None:
    """`{% reminder_on task.obligation today reminder_days as day %}`: the next reminder of an
    open, followed obligation (None when closed, withdrawn or past its overdue day)."""
    if obligation is None or obligation.closed or obligation.withdrawn:
        return None
    return next_reminder(obligation.due_on, today, days)

"""Follow-up facts a domain page shows beside its own records (tasks, commitments...)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import template

from followups.models import STATE_BADGES, Obligation, Step, next_reminder

register = template.Library()


@register.simple_tag
def reminder_on(obligation: Obligation | None, today: date, days: Iterable[int]) -> date | None:
    """`{% reminder_on task.obligation today reminder_days as day %}`: the next reminder of an
    open, followed obligation (None when closed, withdrawn or past its overdue day)."""
    if obligation is None or obligation.closed or obligation.withdrawn:
        return None
    return next_reminder(obligation.due_on, today, days)


@register.filter
def state_badge(state: str) -> str:
    """`{{ obligation.state|state_badge }}`: the Bootstrap badge of a derived state."""
    return STATE_BADGES.get(state, "text-bg-secondary")


@register.filter
def step_label(step: str | None) -> str:
    """`{{ row.last_step|step_label }}`: an escalation step's name ("" for none)."""
    return Step(step).label if step else ""

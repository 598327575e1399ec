"""Background jobs of the follow-up engine: the daily reminders (Celery beat, 07:00 Vietnam)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def followup_reminders_task(today: str | None = None) -> int:
    """Reminders for the day, then the day's e-mail digest. A killed worker's job comes back and
    runs again: both steps skip what an earlier run did (followups.reminders, core.notifications).
    `today` (ISO) pins the day for a retry that runs after midnight."""
    from core.tasks import notification_digest_task
    from followups.reminders import reminders_send

    day = date.fromisoformat(today) if today else timezone.localdate()
    run = reminders_send(today=day)
    notification_digest_task.delay(day.isoformat())
    return run.offered

"""The daily reminders of the follow-up engine (issue 11, DOMAIN.md §9): every morning the staff
who follow a council hear of its obligations that fall due in 15, 7 or 3 days (the council's
dated rule `followup_reminder_days`) and of those that became overdue.

Offsets are calendar days before the due date, whatever day of the week that is: the task runs
every day, and a reminder due on a Sunday waits in the bell until Monday. An obligation becomes
overdue the day after its due date (a deadline runs to the end of its day); a run that missed
that day (beat down, worker dead) still sends the overdue notice within OVERDUE_CATCH_UP_DAYS.

Safe to run twice and to kill: each notification carries a dedupe key unique per user, e.g.
"obligation:42:reminder:2025-03-31:7", inserted with ON CONFLICT DO NOTHING, one statement per
batch. A second run, or a rerun after a crash, inserts only what is missing. The due date is in
the key, so an extension re-arms the reminders for the new date.

Cost: the obligations read are only those due on a reminder day or overdue since the catch-up
window (the partial index `obligation_open_due`), in batches by id (keyset), each batch in three
queries whatever its size: the rows, the staff covering their councils, one insert. The rules
of every council are read once per run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import Notification
from core.notifications import notifications_add
from councils import rules, scoping
from followups.models import Obligation

log = logging.getLogger(__name__)

KIND_REMINDER = "followups.reminder"
KIND_OVERDUE = "followups.overdue"
BATCH_SIZE = 1000
OVERDUE_CATCH_UP_DAYS = 7
TITLE_CHARS = 200


@dataclass
class ReminderRun:
    """What one run did: batches read, obligations read, notifications offered to the insert
    (those already sent by an earlier run are among them and were skipped by the database)."""

    today: date
    batches: int = 0
    obligations: int = 0
    offered: int = 0


def _offsets(text: str) -> frozenset[int]:
    return frozenset(int(day) for day in text.split(","))


def reminder_key(obligation_id: int, due_on: date, offset: int | None) -> str:
    """The dedupe key of a reminder (`offset` days ahead) or, with None, of the overdue notice."""
    if offset is None:
        return f"obligation:{obligation_id}:overdue:{due_on.isoformat()}"
    return f"obligation:{obligation_id}:reminder:{due_on.isoformat()}:{offset}"


def reminders_send(*, today: date, batch_size: int = BATCH_SIZE) -> ReminderRun:
    """Notify the covering staff of every open obligation on a reminder day or newly overdue."""
    default_text, own_text = rules.rule_by_council(rules.REMINDER_DAYS, today)
    default = _offsets(default_text)
    own = {council_id: _offsets(text) for council_id, text in own_text.items()}
    every = default.union(*own.values())
    due = Q(due_on__in=sorted(today + timedelta(days=d) for d in every)) | Q(
        due_on__gte=today - timedelta(days=OVERDUE_CATCH_UP_DAYS), due_on__lt=today
    )
    # Exempted items are not carried out, by an approved decision: nothing falls due.
    rows = (
        Obligation.objects.filter(due, outcome="", withdrawn_at__isnull=True)
        .exclude(exclusion=Obligation.Exclusion.EXEMPTED)
        .order_by("id")
        .values_list(
            "id",
            "council_id",
            "due_on",
            "title",
            "council__name",
            "council__unit__path",
            "owed_by__name",
            "owed_by_text",
        )
    )
    run = ReminderRun(today=today)
    last_id = 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            batch = list(rows.filter(id__gt=last_id)[:batch_size])
            if not batch:
                break
            last_id = batch[-1][0]
            run.batches += 1
            run.obligations += len(batch)
            run.offered += _notify_batch(batch, today=today, default=default, own=own)
    log.info(
        "Reminders %s: %s obligations in %s batches, %s notifications offered",
        today,
        run.obligations,
        run.batches,
        run.offered,
    )
    return run


def _notify_batch(
    batch: list[tuple], *, today: date, default: frozenset[int], own: dict[int, frozenset[int]]
) -> int:
    """Two more queries for a batch, whatever its size: the covering staff, one insert."""
    staff = scoping.staff_covering({row[5] for row in batch}, today)
    now = timezone.now()
    notifications: list[Notification] = []
    for pk, council_id, due_on, title, council_name, path, agency, agency_text in batch:
        days = (due_on - today).days
        if days >= 0:
            if days not in own.get(council_id, default):
                continue
            key = reminder_key(pk, due_on, days)
            kind = KIND_REMINDER
            heading = (
                _("Đến hạn hôm nay: %(title)s")
                if days == 0
                else _("Còn %(days)s ngày đến hạn: %(title)s")
            )
        else:
            key = reminder_key(pk, due_on, None)
            kind = KIND_OVERDUE
            heading = _("Quá hạn: %(title)s")
        users = staff.get(path, frozenset())
        if not users:
            continue
        text = {
            "title": title[:TITLE_CHARS],
            "days": days,
            "council": council_name,
            "owed_by": agency or agency_text,
            "due": due_on.strftime("%d/%m/%Y"),
        }
        body = _("%(council)s. Cơ quan thực hiện: %(owed_by)s. Hạn hoàn thành: %(due)s.") % text
        url = reverse("followups:obligation_detail", args=[pk])
        notifications += [
            Notification(
                user_id=user_id,
                kind=kind,
                key=key,
                title=heading % text,
                body=body[:1000],
                url=url,
                created_at=now,
            )
            for user_id in sorted(users)
        ]
    notifications_add(notifications)
    return len(notifications)

"""Writes of the notification centre: mark read, the e-mail digest preference, the daily digest.

Notifications are written through `notifications_add` by the job that has something to say,
in bulk, each with a dedupe key (followups.reminders); nothing here knows what they are about.

The digest is AT MOST ONCE per user and day. A DigestMarker row (user, day) is inserted first,
then claimed by one conditional UPDATE (pending → sending) right before the e-mail is handed to
the mail server, and marked sent after. A run that dies between the claim and the mark leaves
the row "sending", and no later run sends it again. We accept losing that one e-mail rather
than sending it twice: every notification in it stays unread in the application's bell, while
a duplicate e-mail is exactly what issue 11 forbids. Two runs at once claim disjoint users.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import DigestMarker, Notification, User

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)

DIGEST_BATCH = 200
DIGEST_MAX_ITEMS = 100  # listed in one e-mail; the rest are counted and wait in the application


def notifications_add(notifications: Sequence[Notification]) -> None:
    """The one write of notifications: ONE insert, rows whose (user, key) exists are skipped,
    so whoever notifies may run twice, or die and run again, and notify once."""
    if notifications:
        Notification.objects.bulk_create(notifications, ignore_conflicts=True)


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """Idempotent: a notification read twice keeps the time it was first read."""
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def user_set_email_digest(*, actor: User, email_digest: bool) -> User:
    """A user turns their own daily digest on or off (nobody does it for them)."""
    User.objects.filter(pk=actor.pk).update(email_digest=email_digest)
    actor.email_digest = email_digest
    return actor


def digest_enabled() -> bool:
    """Only where e-mail is configured: EMAIL_HOST, or NOTIFY_EMAIL_DIGEST explicitly."""
    return bool(getattr(settings, "NOTIFY_EMAIL_DIGEST", False))


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a calendar day in the project's time zone (Vietnam)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@dataclass
class DigestRun:
    day: date
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # claimed by an earlier or concurrent run


def notification_digest_send(*, day: date) -> DigestRun:
    """One e-mail per user with unread notifications of `day`, an e-mail address and the digest
    on; at most once per (user, day) whatever runs, crashes and reruns happen."""
    run = DigestRun(day=day)
    if not digest_enabled():
        return run
    start, end = day_bounds(day)
    unread = Notification.objects.filter(
        user=OuterRef("pk"), read_at__isnull=True, created_at__gte=start, created_at__lt=end
    )
    wanted = (
        User.objects.filter(Exists(unread), is_active=True, email_digest=True)
        .exclude(email="")
        .order_by("id")
        .values_list("id", flat=True)
    )
    last = 0
    while ids := list(wanted.filter(id__gt=last)[:DIGEST_BATCH]):
        last = ids[-1]
        DigestMarker.objects.bulk_create(
            [DigestMarker(user_id=pk, day=day) for pk in ids], ignore_conflicts=True
        )
    pending = (
        DigestMarker.objects.filter(day=day, status=DigestMarker.Status.PENDING)
        .order_by("id")
        .values_list("id", "user_id")
    )
    connection = get_connection()
    last = 0
    while markers := list(pending.filter(id__gt=last)[:DIGEST_BATCH]):
        last = markers[-1][0]
        _send_batch(markers, day=day, start=start, end=end, connection=connection, run=run)
    connection.close()
    log.info("Digest %s: %s sent, %s failed", day, run.sent, run.failed)
    return run


def _send_batch(
    markers: Sequence[tuple[int, int]],
    *,
    day: date,
    start: datetime,
    end: datetime,
    connection,
    run: DigestRun,
) -> None:
    users = User.objects.in_bulk([user_id for _pk, user_id in markers])
    items: dict[int, list[Notification]] = {}
    rows = (
        Notification.objects.filter(
            user_id__in=list(users),
            read_at__isnull=True,
            created_at__gte=start,
            created_at__lt=end,
        )
        .order_by("user_id", "-id")
        .only("id", "user_id", "title", "body", "url")
    )
    for notification in rows:
        items.setdefault(notification.user_id, []).append(notification)
    for marker_id, user_id in markers:
        claimed = DigestMarker.objects.filter(
            pk=marker_id, status=DigestMarker.Status.PENDING
        ).update(status=DigestMarker.Status.SENDING)
        if not claimed:
            run.skipped += 1
            continue
        user, notifications = users[user_id], items.get(user_id, [])
        if not notifications or not user.email:  # read meanwhile: nothing to say
            DigestMarker.objects.filter(pk=marker_id).update(status=DigestMarker.Status.SENT)
            continue
        try:
            _digest_message(user, notifications, day, connection).send()
        except Exception as exc:  # the mail server refused: recorded, never retried
            log.exception("Digest for user %s on %s failed", user_id, day)
            DigestMarker.objects.filter(pk=marker_id).update(
                status=DigestMarker.Status.FAILED, error=str(exc)[:255]
            )
            run.failed += 1
            continue
        DigestMarker.objects.filter(pk=marker_id).update(
            status=DigestMarker.Status.SENT, count=len(notifications)
        )
        run.sent += 1


def _digest_message(
    user: User, notifications: list[Notification], day: date, connection
) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "day": day,
            "notifications": notifications[:DIGEST_MAX_ITEMS],
            "more": max(0, len(notifications) - DIGEST_MAX_ITEMS),
            "count": len(notifications),
            "site_url": settings.SITE_URL,
        }
        subject = _("[HĐND] %(count)s thông báo mới ngày %(day)s") % {
            "count": len(notifications),
            "day": day.strftime("%d/%m/%Y"),
        }
        text = render_to_string("core/email/digest.txt", context)
        html = render_to_string("core/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[user.email], connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message

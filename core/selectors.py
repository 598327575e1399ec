"""Reads of core records: a user's exports and notifications (nobody else's, administrators
included), and the view log (for its readers: the view checks `scoping.can_read_view_log`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.models import Export, Notification, ViewLog
from core.paging import count_upto

if TYPE_CHECKING:
    from core.models import User


def export_list(*, user: User) -> QuerySet[Export]:
    return Export.objects.filter(user=user).order_by("-created_at", "-id")


def export_get(*, user: User, pk: int) -> Export:
    """404 for another user's export: its filters and rows are that user's view of the data."""
    return get_object_or_404(export_list(user=user), pk=pk)


# The bell shows "99+" beyond this: counting stops there (core.paging.count_upto).
UNREAD_CAP = 99


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first (the index notification_user_newest)."""
    return Notification.objects.filter(user=user).order_by("-id")


def notification_get(*, user: User, pk: int) -> Notification:
    """404 for another user's notification, as for one that does not exist."""
    return get_object_or_404(notification_list(user=user), pk=pk)


def notification_unread_count(*, user: User) -> int:
    """Unread notifications, exact up to UNREAD_CAP; UNREAD_CAP + 1 means more."""
    return count_upto(notification_list(user=user).filter(read_at__isnull=True), UNREAD_CAP)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def view_log_list(*, filters: Mapping[str, Any]) -> QuerySet[ViewLog]:
    """Who opened which record, newest first. `filters` are a ViewLogFilterForm's cleaned data:
    a user name, a record type (and id), a range of days (Vietnam's days, as dates are read).
    Each filter meets an index: (user, -viewed_at), (content_type, object_id, -viewed_at),
    (viewed_at)."""
    qs = ViewLog.objects.select_related("user", "content_type").order_by("-viewed_at", "-id")
    if filters.get("username"):
        qs = qs.filter(user__username=filters["username"])
    if filters.get("record_type"):
        qs = qs.filter(content_type_id=filters["record_type"])
        if filters.get("object_id"):
            qs = qs.filter(object_id=filters["object_id"])
    if filters.get("date_from"):
        qs = qs.filter(viewed_at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(viewed_at__lt=_day_start(filters["date_to"] + timedelta(days=1)))
    return qs

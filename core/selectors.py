"""Reads of core records: a user's exports and notifications (nobody else's, administrators
included)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core.models import Export, Notification
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

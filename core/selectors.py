"""Reads of core records: a user's exports (nobody else's, administrators included)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core.models import Export

if TYPE_CHECKING:
    from core.models import User


def export_list(*, user: User) -> QuerySet[Export]:
    return Export.objects.filter(user=user).order_by("-created_at", "-id")


def export_get(*, user: User, pk: int) -> Export:
    """404 for another user's export: its filters and rows are that user's view of the data."""
    return get_object_or_404(export_list(user=user), pk=pk)

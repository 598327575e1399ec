"""The log of who viewed which record (letters, citizens' personal data, confidential papers).

`record_view` is the one place it is written: one INSERT and no read (the content type comes
from Django's per-process cache), so a page that shows a protected record pays one query.
`view_log_purge` drops what is older than VIEW_LOG_KEEP_DAYS; a beat task runs it daily.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from core.models import ViewLog

if TYPE_CHECKING:
    from core.models import User

# The models whose pages call `record_view`: the record types the log page filters by (reading
# the distinct types of a year of log rows would scan the table).
LOGGED_MODELS = ("council_sessions.Document", "voters.Letter", "voters.Reception")

PATH_MAX = ViewLog._meta.get_field("path").max_length
REASON_MAX = ViewLog._meta.get_field("reason").max_length


def record_view(
    user: User, obj: models.Model, request: HttpRequest | None = None, *, reason: str = ""
) -> ViewLog:
    """Note that `user` opened `obj` now (from the page `request` asked for, when given)."""
    path = request.get_full_path()[:PATH_MAX] if request is not None else ""
    return ViewLog.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        path=path,
        reason=reason[:REASON_MAX],
    )


def view_log_purge(*, now: datetime | None = None) -> int:
    """Delete log rows older than VIEW_LOG_KEEP_DAYS (one DELETE); returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.VIEW_LOG_KEEP_DAYS)
    deleted, _by_model = ViewLog.objects.filter(viewed_at__lt=cutoff).delete()
    return deleted


def logged_types() -> list[ContentType]:
    """The content types of LOGGED_MODELS that are installed (Django caches them per process)."""
    models_ = []
    for label in LOGGED_MODELS:
        try:
            models_.append(apps.get_model(label))
        except LookupError:
            continue
    found = ContentType.objects.get_for_models(*models_)
    return [found[m] for m in models_]

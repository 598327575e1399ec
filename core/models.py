from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.uploads import private_storage


class User(AbstractUser):
    """The account; what a user may see comes from RoleAssignment, never from groups alone."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    email_digest = models.BooleanField(
        _("nhận thư điện tử tổng hợp thông báo hằng ngày"), default=True
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username


class LeanHistory(HistoricalRecords):
    """The history of a table of millions of rows (petitions, letters, obligations): its rows
    are read only by the record's id (and by date and user), so the copies of the record's
    foreign keys and other indexed fields are not indexed. Each index dropped is one write less
    for every row saved or imported (a 100,000-row import writes 300,000 history rows)."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if name != model._meta.pk.name:
                field.db_index = False
        return fields


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class Withdrawable(models.Model):
    """A record a clerk withdrew instead of deleting it: hidden from lists and reports, kept in
    the history with who and why, and restorable by an editor (council records are evidence)."""

    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("người rút"),
    )
    withdrawal_reason = models.CharField(_("lý do rút"), max_length=500, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class TransitionRecord(models.Model):
    """Audit row for one workflow move (DOMAIN.md §17): subclasses add the record and statuses."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    # A default, not auto_now_add: the demo loader dates its story's events; services never do.
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


def stamp_actor(obj: models.Model, actor) -> None:
    """Record the actor in django-simple-history even outside a request (tasks, demo loader)."""
    if actor is not None and getattr(actor, "pk", None):
        obj._history_user = actor


class Export(models.Model):
    """A spreadsheet built by a Celery worker for a user, when it is too big to build in a request.

    The builder runs with the user's scope, as the page would, and the file is private: only its
    owner downloads it, through a view. `params` is the page's query string (its filters).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không tạo được")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="exports",
        verbose_name=_("người yêu cầu"),
    )
    kind = models.CharField(_("loại"), max_length=60)
    title = models.CharField(_("tên"), max_length=200)
    params = models.CharField(_("bộ lọc"), max_length=2000, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    file = models.FileField(
        _("tệp"), storage=private_storage, upload_to="exports/%Y/%m/", blank=True, max_length=255
    )
    filename = models.CharField(_("tên tệp"), max_length=120)
    error = models.CharField(_("lỗi"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return self.filename

    @staticmethod
    def stalled_after() -> int:
        """Seconds after which a queued export can no longer finish: a killed worker's job comes
        back after the broker's visibility timeout and then runs at most the hard time limit."""
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        limit = getattr(settings, "CELERY_TASK_TIME_LIMIT", 15 * 60)
        return options.get("visibility_timeout", limit) + limit + 60

    @property
    def stalled(self) -> bool:
        """Queued or running for longer than any build may take: the worker died or never got it.

        Past that nothing will finish it, so the page stops waiting (the sweep then fails it).
        """
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING):
            return False
        return self.created_at < timezone.now() - timedelta(seconds=self.stalled_after())

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.stalled


class ViewLog(models.Model):
    """Who opened which record, for records whose readers must be known: letters, citizens'
    personal data, confidential papers. Written by `core.viewlog.record_view` only, one INSERT;
    kept VIEW_LOG_KEEP_DAYS days, then purged by a beat task."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        db_index=False,  # the indexes below lead with it: one index less to write per view
        verbose_name=_("người xem"),
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("loại hồ sơ"),
    )
    object_id = models.PositiveBigIntegerField(_("mã hồ sơ"))
    viewed_at = models.DateTimeField(_("xem lúc"), default=timezone.now)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nhật ký xem hồ sơ")
        verbose_name_plural = _("nhật ký xem hồ sơ")
        ordering = ["-viewed_at", "-id"]
        indexes = [
            # Who opened this record, latest first.
            models.Index(fields=["content_type", "object_id", "-viewed_at"], name="viewlog_record"),
            # What this user opened, latest first.
            models.Index(fields=["user", "-viewed_at"], name="viewlog_user"),
            # The purge.
            models.Index(fields=["viewed_at"], name="viewlog_viewed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} @ {self.viewed_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A message for one user in the application (the bell) and the day's e-mail digest.

    Written only in bulk with `key` as the dedupe key: an insert that meets an existing
    (user, key) is skipped, so a job that runs twice, or is killed and run again, notifies once.
    `kind` is the writer's own name for what happened ("followups.reminder"); core knows none.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    kind = models.CharField(_("loại"), max_length=40)
    key = models.CharField(_("khóa chống trùng"), max_length=120)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.CharField(_("nội dung"), max_length=1000, blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["user", "-id"], name="notification_user_newest"),
            # The bell counts a user's unread rows: a small partial index.
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_user_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class DigestMarker(models.Model):
    """One row per (user, day) for the e-mail digest, written BEFORE the e-mail is handed to the
    mail server and claimed by moving PENDING → SENDING; a digest left SENDING (the process died
    between the claim and the send) is never retried: at most one e-mail per user per day."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Không gửi được")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="+",
        verbose_name=_("người nhận"),
    )
    day = models.DateField(_("ngày"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    count = models.PositiveIntegerField(_("số thông báo"), default=0)
    error = models.CharField(_("lỗi"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thư tổng hợp")
        verbose_name_plural = _("thư tổng hợp")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_status_display()}"

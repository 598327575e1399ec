"""Oversight between sessions (DOMAIN.md §7, §9): standing-committee meetings, explanation
hearings and the commitments made at them or answering questions.

Moved out of `sessions` (issue 11): the tables were kept, only their home changed.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from councils.models import CouncilScopedQuerySet


class StandingMeeting(TimeStampedModel):
    """A meeting of the standing committee between sessions (phiên họp Thường trực)."""

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="standing_meetings",
        verbose_name=_("Hội đồng nhân dân"),
    )
    held_on = models.DateField(_("ngày họp"))
    number = models.CharField(_("phiên họp số"), max_length=20, blank=True)
    agenda = models.TextField(_("nội dung phiên họp"))
    conclusions = models.TextField(_("kết luận"), blank=True)
    conclusion_reference = models.CharField(_("số thông báo kết luận"), max_length=60, blank=True)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên họp Thường trực HĐND")
        verbose_name_plural = _("phiên họp Thường trực HĐND")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["council", "held_on"], name="standing_meeting_council_idx"),
            models.Index(fields=["held_on", "id"], name="standing_meeting_order_idx"),  # the list
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y}"


class ExplanationHearing(TimeStampedModel):
    """An explanation session (phiên giải trình) of the standing committee or a Ban."""

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="explanation_hearings",
        verbose_name=_("Hội đồng nhân dân"),
    )
    body = models.ForeignKey(
        "councils.Body", models.PROTECT, related_name="+", verbose_name=_("cơ quan tổ chức")
    )
    meeting = models.ForeignKey(
        StandingMeeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="hearings",
        verbose_name=_("tại phiên họp Thường trực"),
    )
    held_on = models.DateField(_("ngày giải trình"))
    topic = models.CharField(_("vấn đề giải trình"), max_length=500)
    agency = models.ForeignKey(
        "councils.Agency",
        models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan giải trình"),
    )
    conclusion = models.TextField(_("kết luận"), blank=True)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên giải trình")
        verbose_name_plural = _("phiên giải trình")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on", "id"], name="hearing_order_idx")]  # the list

    def __str__(self) -> str:
        return self.topic[:80]


class Commitment(TimeStampedModel):
    """A promise made answering a question or at a hearing, followed until kept (§7).

    `overdue` is derived from the deadline and `kept_on`, never stored (DOMAIN.md §20.5).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Đang theo dõi")
        KEPT = "kept", _("Đã thực hiện")
        NOT_KEPT = "not_kept", _("Không thực hiện được")

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="commitments",
        verbose_name=_("Hội đồng nhân dân"),
    )
    question = models.ForeignKey(
        "council_sessions.Question",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("chất vấn"),
    )
    hearing = models.ForeignKey(
        ExplanationHearing,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("phiên giải trình"),
    )
    content = models.TextField(_("nội dung cam kết"))
    responsible = models.CharField(_("người, cơ quan cam kết"), max_length=255)
    due_on = models.DateField(_("thời hạn"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    kept_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    progress = models.TextField(_("kết quả theo dõi"), blank=True)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["council", "status", "due_on"], name="commitment_council_status_idx"
            ),
            models.Index(fields=["due_on", "id"], name="commitment_due_order_idx"),
            # The list's other orders (COMMITMENT_SORT).
            models.Index(fields=["council", "due_on", "id"], name="commitment_council_order_idx"),
            models.Index(fields=["status", "id"], name="commitment_status_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False) | Q(hearing__isnull=False),
                name="commitment_has_source",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]


from oversight.activities import *  # noqa: E402, F403  (issue 12: programmes, activities)

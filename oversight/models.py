"""Oversight between sessions (DOMAIN.md §7, §9): standing-committee meetings, explanation
hearings and the commitments made at them or answering questions.

Moved out of `sessions` (issue 11): the tables were kept, only their home changed.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from councils.models import CouncilScopedQuerySet
from followups.models import STATE_BADGES, Obligation


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


class LegacyCommitmentHistory(models.Model):
    """The columns a commitment's history rows had before the follow-up engine took over its
    deadline, status and follow-up text (issue 11): kept so that no history entry loses a date;
    new history rows leave them empty (the obligation's own history carries those now)."""

    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, blank=True, db_default="")
    kept_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    progress = models.TextField(_("kết quả theo dõi"), blank=True, db_default="")

    class Meta:
        abstract = True


class Commitment(TimeStampedModel):
    """A promise made answering a question or at a hearing (DOMAIN.md §7): an obligation of the
    follow-up engine, which keeps its deadline, extensions, progress reports, outcome, reminders
    and escalation; whether it is overdue is derived there, never stored (DOMAIN.md §20.5)."""

    class Status(models.TextChoices):
        """The commitment's standing, read from its obligation's outcome (never stored here)."""

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
    obligation = models.OneToOneField(
        "followups.Obligation",
        models.PROTECT,
        related_name="commitment",
        verbose_name=_("việc theo dõi"),
    )
    history = HistoricalRecords(bases=[LegacyCommitmentHistory])

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        ordering = ["obligation__due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False) | Q(hearing__isnull=False),
                name="commitment_has_source",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    # Read from the obligation (selectors select it with the commitment).
    @property
    def due_on(self) -> date:
        return self.obligation.due_on

    @property
    def kept_on(self) -> date | None:
        return self.obligation.ended_on if self.status == self.Status.KEPT else None

    @property
    def status(self) -> str:
        outcome = self.obligation.outcome
        if not outcome:
            return self.Status.OPEN
        if outcome == Obligation.Outcome.DONE:
            return self.Status.KEPT
        return self.Status.NOT_KEPT

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def state(self) -> str:
        """The obligation's derived state: as the selector annotated it, else judged now."""
        return self.__dict__.get("obligation_state") or self.obligation.state

    @property
    def state_label(self) -> str:
        return Obligation.State(self.state).label

    @property
    def state_badge(self) -> str:
        return STATE_BADGES.get(self.state, "text-bg-secondary")


from oversight.activities import *  # noqa: E402, F403  (issue 12: programmes, activities)

"""Resolutions (nghị quyết) a council passes, their numbers, links and implementation (§6, §17).

Numbers are handed out by `resolutions.services.resolution_issue` from a per-council, per-year
counter row locked for update, so two clerks issuing at once get consecutive numbers, never the
same one and never a gap.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, TransitionRecord
from core.uploads import private_storage
from core.workflow import Move, Workflow
from councils import scoping
from councils.models import CouncilScopedQuerySet
from followups.models import STATE_BADGES, Obligation, Step


class Field(models.TextChoices):
    """Lĩnh vực: the register's main filter besides year and status."""

    BUDGET = "budget", _("Tài chính - Ngân sách")
    SOCIO_ECONOMIC = "socio_economic", _("Kinh tế - Xã hội")
    INVESTMENT = "investment", _("Đầu tư công")
    LAND = "land", _("Đất đai - Quy hoạch - Xây dựng")
    AGRICULTURE = "agriculture", _("Nông nghiệp - Nông thôn")
    INDUSTRY = "industry", _("Công thương - Giao thông")
    ENVIRONMENT = "environment", _("Tài nguyên - Môi trường")
    EDUCATION = "education", _("Giáo dục - Đào tạo")
    HEALTH = "health", _("Y tế")
    CULTURE = "culture", _("Văn hóa - Thể thao - Du lịch")
    SOCIAL = "social", _("Lao động - Chính sách xã hội")
    ETHNIC = "ethnic", _("Dân tộc - Tôn giáo")
    ORGANISATION = "organisation", _("Tổ chức bộ máy - Nhân sự")
    SECURITY = "security", _("Quốc phòng - An ninh - Nội chính")
    OVERSIGHT = "oversight", _("Giám sát - Chất vấn")
    OTHER = "other", _("Khác")


class Resolution(TimeStampedModel):
    """A council resolution from draft to the end of its effect."""

    class Kind(models.TextChoices):
        NORMATIVE = "normative", _("Quy phạm pháp luật")
        INDIVIDUAL = "individual", _("Cá biệt")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        UNDER_REVIEW = "under_review", _("Đang thẩm tra")
        ADOPTED = "adopted", _("Đã thông qua")
        REJECTED = "rejected", _("Không được thông qua")
        SIGNED = "signed", _("Đã ký ban hành")
        PUBLISHED = "published", _("Đã công bố")
        IN_FORCE = "in_force", _("Đang có hiệu lực")
        AMENDED = "amended", _("Đã được sửa đổi, bổ sung")
        REPLACED = "replaced", _("Đã được thay thế")
        EXPIRED = "expired", _("Hết hiệu lực")
        ANNULLED = "annulled", _("Bị bãi bỏ")

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="resolutions",
        verbose_name=_("HĐND ban hành"),
    )
    kind = models.CharField(_("loại nghị quyết"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, db_index=True)
    sequence = models.PositiveIntegerField(_("số thứ tự"), null=True, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=40, blank=True, db_index=True)
    title = models.CharField(_("trích yếu"), max_length=1000)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices)
    session = models.ForeignKey(
        "council_sessions.Session",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("kỳ họp"),
    )
    item = models.ForeignKey(
        "council_sessions.AgendaItem",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("nội dung chương trình"),
    )
    vote = models.ForeignKey(
        "council_sessions.Vote",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("kết quả biểu quyết"),
    )
    status = models.CharField(
        _("tình trạng"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(_("ngày thông qua"), null=True, blank=True)
    issued_on = models.DateField(_("ngày ký ban hành"), null=True, blank=True)
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    effective_to = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    signed_file = models.FileField(
        _("bản ký"), storage=private_storage, upload_to="resolutions/%Y/", blank=True
    )
    signed_file_name = models.CharField(max_length=200, blank=True)
    search_text = models.CharField(max_length=1100, editable=False, db_index=False)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")
        ordering = ["-year", "-sequence", "-id"]
        indexes = [
            models.Index(fields=["council", "year", "sequence"]),
            models.Index(fields=["year", "field", "status"]),
            models.Index(fields=["status", "id"]),  # the register's status column
            models.Index(fields=["issued_on", "id"]),  # the register's default order
            # The register of one year in its default order: an index walk, not a walk of the
            # whole register skipping the other years (441 ms → 15 ms at national size).
            models.Index(fields=["year", "issued_on", "id"], name="resolution_year_issued_idx"),
            # The register's number column (RESOLUTION_SORT): year, council, sequence.
            models.Index(
                fields=["year", "council", "sequence", "id"], name="resolution_number_order_idx"
            ),
            # The register's main filter (year and field) in its default order: the page's
            # entries, not every resolution of the year read to keep one field in sixteen.
            models.Index(
                fields=["year", "field", "issued_on", "id"], name="resolution_year_field_idx"
            ),
            # A scoped user's register (a province: ~800 councils) in the default and status
            # orders: each council's entries read from the index alone and the scope's few
            # thousand sorted, instead of every row of the scope read from the table (issue 10).
            models.Index(
                fields=["council", "issued_on", "id"], name="resolution_council_issued_idx"
            ),
            models.Index(fields=["council", "status", "id"], name="resolution_council_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "kind", "sequence"],
                condition=Q(sequence__isnull=False),
                name="resolution_sequence_unique",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(effective_to__gte=F("effective_on")),
                name="resolution_effect_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title[:80]


class ResolutionScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "resolution__council"


class ResolutionTransition(TransitionRecord):
    """Audit row for each status move of a resolution."""

    resolution = models.ForeignKey(
        Resolution, models.CASCADE, related_name="transitions", verbose_name=_("nghị quyết")
    )
    from_status = models.CharField(_("từ"), max_length=15, choices=Resolution.Status)
    to_status = models.CharField(_("sang"), max_length=15, choices=Resolution.Status)

    objects = ResolutionScopedQuerySet.as_manager()

    class Meta(TransitionRecord.Meta):
        verbose_name = _("chuyển trạng thái nghị quyết")
        verbose_name_plural = _("chuyển trạng thái nghị quyết")


# Allowed moves (DOMAIN.md §17). Signing takes a number (resolution_issue) and amended, replaced
# or annulled follow from a link to the newer resolution: services make those moves, never a form.
_S = Resolution.Status
_ENDS = [
    Move(_S.AMENDED, by_hand=False),
    Move(_S.REPLACED, by_hand=False),
    _S.EXPIRED,
    Move(_S.ANNULLED, by_hand=False),
]
RESOLUTION_WORKFLOW: Workflow[Resolution] = Workflow(
    record=ResolutionTransition,
    moves={
        _S.DRAFT: [_S.UNDER_REVIEW, _S.ADOPTED],
        _S.UNDER_REVIEW: [_S.ADOPTED, _S.REJECTED, _S.DRAFT],
        _S.ADOPTED: [Move(_S.SIGNED, by_hand=False)],
        _S.REJECTED: [],
        _S.SIGNED: [_S.PUBLISHED, _S.IN_FORCE],
        _S.PUBLISHED: [_S.IN_FORCE],
        _S.IN_FORCE: _ENDS,
        _S.AMENDED: _ENDS,
        _S.REPLACED: [],
        _S.EXPIRED: [],
        _S.ANNULLED: [],
    },
    permission=lambda user, resolution: scoping.can_edit_council(user, resolution.council),
    refused=_("Không thể chuyển nghị quyết từ “%(from)s” sang “%(to)s”."),
)


class ResolutionCorrection(models.Model):
    """A correction of a resolution past its draft: who, when, why, and each field's old and new
    value as shown on the page. The number is never corrected (it belongs to the register)."""

    resolution = models.ForeignKey(
        Resolution, models.PROTECT, related_name="corrections", verbose_name=_("nghị quyết")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("người đính chính"),
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    reason = models.CharField(_("lý do đính chính"), max_length=500)
    # [{"field": "title", "old": "…", "new": "…"}], values as the page shows them (dd/mm/yyyy).
    changes = models.JSONField(_("nội dung thay đổi"), default=list)

    objects = ResolutionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đính chính nghị quyết")
        verbose_name_plural = _("đính chính nghị quyết")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.reason[:80]

    def lines(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) for each corrected field."""
        return [
            (
                str(Resolution._meta.get_field(c["field"]).verbose_name),
                c["old"],
                c["new"],
            )
            for c in self.changes
        ]


class NumberSequence(models.Model):
    """The last number a council issued in a year for a series; locked while a number is taken."""

    council = models.ForeignKey(
        "councils.Council", models.PROTECT, related_name="+", verbose_name=_("Hội đồng nhân dân")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    series = models.CharField(_("dãy số"), max_length=12)
    last = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sổ cấp số nghị quyết")
        verbose_name_plural = _("sổ cấp số nghị quyết")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "series"], name="number_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.series}: {self.last}"


class LinkQuerySet(CouncilScopedQuerySet):
    council_lookup = "source__council"


class ResolutionLink(models.Model):
    """`source` amends, replaces or annuls `target` (both kept; the target's status follows)."""

    class Kind(models.TextChoices):
        AMENDS = "amends", _("Sửa đổi, bổ sung")
        REPLACES = "replaces", _("Thay thế")
        ANNULS = "annuls", _("Bãi bỏ")

    source = models.ForeignKey(
        Resolution, models.PROTECT, related_name="links_out", verbose_name=_("nghị quyết mới")
    )
    target = models.ForeignKey(
        Resolution,
        models.PROTECT,
        related_name="links_in",
        verbose_name=_("nghị quyết bị tác động"),
    )
    kind = models.CharField(_("tác động"), max_length=10, choices=Kind.choices)
    effective_on = models.DateField(_("từ ngày"))

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("liên kết nghị quyết")
        verbose_name_plural = _("liên kết nghị quyết")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="resolution_link_unique"),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="resolution_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class LegacyTaskHistory(models.Model):
    """The columns a task's history rows had before the follow-up engine took over its deadline,
    outcome and report schedule (issue 11): kept so that no history entry loses a date; new
    history rows leave them empty (the obligation's own history carries those now)."""

    due_on = models.DateField(_("thời hạn hoàn thành"), null=True, blank=True)
    next_report_due = models.DateField(_("hạn báo cáo tiếp theo"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, blank=True, db_default="")
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        abstract = True


class ImplementationTask(TimeStampedModel):
    """What a resolution asks of an agency (usually UBND): an obligation of the follow-up engine.

    The deadline, extensions, outcome, escalation and reminders are the obligation's
    (`followups`); the periodic report due next is a second obligation ("report request") that
    each periodic report fulfils and replaces with the next one, so a late report is overdue by
    the engine's one rule too.
    """

    class Status(models.TextChoices):
        """The task's standing, read from its obligation's outcome (never stored here)."""

        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        NOT_DONE = "not_done", _("Không hoàn thành")

    resolution = models.ForeignKey(
        Resolution, models.PROTECT, related_name="tasks", verbose_name=_("nghị quyết")
    )
    agency = models.ForeignKey(
        "councils.Agency", models.PROTECT, related_name="+", verbose_name=_("cơ quan thực hiện")
    )
    description = models.TextField(_("nhiệm vụ"))
    obligation = models.OneToOneField(
        "followups.Obligation",
        models.PROTECT,
        related_name="implementation_task",
        verbose_name=_("việc theo dõi"),
    )
    report_every_months = models.PositiveSmallIntegerField(
        _("định kỳ báo cáo (tháng)"), null=True, blank=True
    )
    # The periodic report owed next (an obligation of kind REPORT_REQUEST); empty when the task
    # reports on no rhythm or has ended.
    report_obligation = models.OneToOneField(
        "followups.Obligation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="periodic_report_of",
        verbose_name=_("báo cáo định kỳ phải nộp"),
    )
    history = HistoricalRecords(bases=[LegacyTaskHistory])

    objects = ResolutionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ triển khai nghị quyết")
        verbose_name_plural = _("nhiệm vụ triển khai nghị quyết")
        ordering = ["resolution", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    # Read from the obligations (selectors select them with the task).
    @property
    def due_on(self) -> date:
        return self.obligation.due_on

    @property
    def completed_on(self) -> date | None:
        return self.obligation.ended_on

    @property
    def status(self) -> str:
        outcome = self.obligation.outcome
        if not outcome:
            return self.Status.IN_PROGRESS
        if outcome == Obligation.Outcome.DONE:
            return self.Status.DONE
        return self.Status.NOT_DONE

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

    @property
    def last_step_label(self) -> str:
        """The last escalation step (annotated by selectors.task_list), or ""."""
        step = self.__dict__.get("last_step")
        return Step(step).label if step else ""

    @property
    def next_report_due(self) -> date | None:
        report = self.report_obligation
        if report is None or report.outcome or report.withdrawn_at is not None:
            return None
        return report.due_on


class TaskScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "task__resolution__council"


class ImplementationReport(TimeStampedModel):
    """Whether a progress report of a task's obligation was the agency's periodic report (which
    fulfils the report request and moves the schedule on) or a note by the secretariat; the
    report itself (date, text, progress, evidence files) is the engine's ObligationReport."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Báo cáo định kỳ")
        NOTE = "note", _("Ghi nhận tiến độ")

    task = models.ForeignKey(
        ImplementationTask, models.PROTECT, related_name="reports", verbose_name=_("nhiệm vụ")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    report = models.OneToOneField(
        "followups.ObligationReport",
        models.PROTECT,
        related_name="implementation_report",
        verbose_name=_("báo cáo tiến độ"),
    )

    objects = TaskScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo thực hiện nghị quyết")
        verbose_name_plural = _("báo cáo thực hiện nghị quyết")
        ordering = ["task", "-id"]

    def __str__(self) -> str:
        return self.get_kind_display()

"""What an agency owes a council, followed to an end (issue 11, DOMAIN.md §9, §17).

One table of obligations for every domain (commitments, implementation tasks, oversight
recommendations, petition items, letters, briefing conclusions, report requests): one indexed
query finds everything due or overdue in a user's scope across all of them, and the deadline,
extensions, progress reports and escalation ladder are written once. A domain record points to
its obligation with a OneToOneField; the obligation points back through `source` (generic).

Whether an obligation is overdue is derived, never stored (DOMAIN.md §17, §20.5): see
`obligation_state` and `state_case`, which must agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import LeanHistory, TimeStampedModel, Withdrawable
from core.uploads import private_storage
from councils.models import CouncilScopedQuerySet


class Unit(models.TextChoices):
    """How a deadline's count is read (DOMAIN.md §12, §18: each rule says its day unit)."""

    CALENDAR_DAYS = "calendar_days", pgettext_lazy("time unit", "ngày")
    WORKING_DAYS = "working_days", _("ngày làm việc")
    MONTHS = "months", _("tháng")


class Holiday(TimeStampedModel):
    """A day that breaks the Monday-Friday week: a public holiday, a weekday given off in
    exchange (nghỉ bù), or a Saturday worked in exchange (làm bù). Tết and Hùng Kings' day follow
    the lunar calendar and the exchanges are announced each year, so administrators edit this
    table (DOMAIN.md §15); it is seeded for 2020-2030 from the `holidays` package."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Nghỉ lễ, tết")
        DAY_OFF = "day_off", _("Nghỉ bù")
        MAKEUP_WORKDAY = "makeup_workday", _("Làm bù")

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=15, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class Obligation(Withdrawable, TimeStampedModel):
    """Something an agency (or an outside body named in text) owes a council, by a due date."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Cam kết sau chất vấn, giải trình")
        IMPLEMENTATION_TASK = "implementation_task", _("Nhiệm vụ triển khai nghị quyết")
        OVERSIGHT_RECOMMENDATION = "oversight_recommendation", _("Kiến nghị sau giám sát")
        PETITION_ITEM = "petition_item", _("Kiến nghị cử tri")
        LETTER = "letter", _("Đơn thư")
        BRIEFING_CONCLUSION = "briefing_conclusion", _("Kết luận giao ban")
        REPORT_REQUEST = "report_request", _("Yêu cầu báo cáo")
        OTHER = "other", _("Việc khác")

    class Outcome(models.TextChoices):
        """How it ended, as assessed (DOMAIN.md §9)."""

        DONE = "done", _("Đã hoàn thành")
        PARTLY_DONE = "partly_done", _("Hoàn thành một phần")
        NOT_DONE = "not_done", _("Chưa hoàn thành")
        NOT_CARRIED_OUT = "not_carried_out", _("Không thực hiện")
        NOT_MEETING_REQUIREMENT = "not_meeting_requirement", _("Thực hiện nhưng chưa đạt yêu cầu")

    class Exclusion(models.TextChoices):
        """Left out of the "fell due" denominator, with the approving document (DOMAIN.md §9)."""

        ROADMAP = "roadmap", _("Thực hiện theo lộ trình nhiều năm")
        EXEMPTED = "exempted", _("Không thực hiện được vì lý do khách quan")

    class State(models.TextChoices):
        """Derived from the dates and `today`; never stored."""

        NOT_YET_DUE = "not_yet_due", _("Chưa đến hạn")
        DUE_SOON = "due_soon", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")
        DONE_ON_TIME = "done_on_time", _("Kết thúc đúng hạn")
        DONE_LATE = "done_late", _("Kết thúc sau hạn")

    # council, owed_by and source_type lead the composite indexes in Meta (obligation_council_due,
    # obligation_owed_by_due, obligation_source): an index of their own would be a write for
    # nothing on every obligation saved.
    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        db_index=False,
        related_name="obligations",
        verbose_name=_("Hội đồng nhân dân theo dõi"),
    )
    kind = models.CharField(_("loại việc"), max_length=30, choices=Kind.choices)
    owed_by = models.ForeignKey(
        "councils.Agency",
        models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("cơ quan thực hiện"),
    )
    owed_by_text = models.CharField(
        _("cơ quan thực hiện (ngoài danh mục)"), max_length=255, blank=True
    )
    title = models.CharField(_("nội dung"), max_length=500)
    content = models.TextField(_("chi tiết"), blank=True)
    search_text = models.CharField(max_length=800, editable=False)
    # The domain record this obligation follows (a commitment, a recommendation...).
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loại hồ sơ gốc"),
    )
    source_id = models.PositiveBigIntegerField(_("mã hồ sơ gốc"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    start_on = models.DateField(_("ngày bắt đầu tính hạn"))
    term_count = models.PositiveSmallIntegerField(_("thời hạn (số)"), null=True, blank=True)
    term_unit = models.CharField(_("đơn vị thời hạn"), max_length=15, choices=Unit, blank=True)
    fixed_due_on = models.DateField(_("hạn ghi trong văn bản"), null=True, blank=True)
    # A cache of deadline_add(start_on, term...) or of the latest extension: written only by
    # the services, indexed for the "due and overdue" list.
    due_on = models.DateField(_("hạn hoàn thành"))
    outcome = models.CharField(_("kết quả"), max_length=25, choices=Outcome, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome_note = models.CharField(_("đánh giá kết quả"), max_length=1000, blank=True)
    exclusion = models.CharField(
        _("không tính vào số đến hạn"), max_length=10, choices=Exclusion, blank=True
    )
    exclusion_document_number = models.CharField(
        _("số văn bản chấp thuận"), max_length=60, blank=True
    )
    exclusion_document_date = models.DateField(_("ngày văn bản chấp thuận"), null=True, blank=True)
    exclusion_reason = models.CharField(_("lý do"), max_length=500, blank=True)
    history = LeanHistory()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("việc phải thực hiện")
        verbose_name_plural = _("việc phải thực hiện")
        ordering = ["due_on", "id"]
        indexes = [
            # The open states (overdue, due soon, not yet due, "open", "within N days"): open
            # rows by due date, a partial index; the scope, kind and agency filters and the
            # counts header are read from the index (index-only), not from the rows.
            models.Index(
                fields=["due_on", "id"],
                include=["council", "kind", "owed_by", "exclusion"],
                condition=Q(outcome="", withdrawn_at__isnull=True),
                name="obligation_open_due",
            ),
            models.Index(fields=["council", "due_on"], name="obligation_council_due"),
            # The list's default order over everything not withdrawn (a nation's page 1 reads 50
            # index entries; a province's, its share of them), covering the counts header and
            # the scope and kind filters (bench: 1M obligations).
            models.Index(
                fields=["due_on", "id"],
                include=["outcome", "ended_on", "exclusion", "council", "kind"],
                condition=Q(withdrawn_at__isnull=True),
                name="obligation_live_due",
            ),
            # A scope of councils: per-council ordered entries, the counts read from the index.
            models.Index(
                fields=["council", "due_on", "id"],
                include=["outcome", "ended_on", "exclusion", "kind"],
                condition=Q(withdrawn_at__isnull=True),
                name="obligation_live_council_due",
            ),
            # A scope of councils, open states: a province's overdue rows without its closed ones.
            models.Index(
                fields=["council", "due_on", "id"],
                include=["kind", "owed_by", "exclusion"],
                condition=Q(outcome="", withdrawn_at__isnull=True),
                name="obligation_open_council_due",
            ),
            models.Index(fields=["owed_by", "due_on"], name="obligation_owed_by_due"),
            models.Index(fields=["kind", "due_on"], name="obligation_kind_due"),
            # Open rows of one kind by due date: the overdue implementation tasks (and their
            # late periodic reports) as two sets of ids read from the index alone.
            models.Index(
                fields=["kind", "due_on", "id"],
                condition=Q(outcome="", withdrawn_at__isnull=True),
                name="obligation_open_kind_due",
            ),
            # Whether one open obligation is overdue, read from the index alone: the voters
            # lists' "overdue" state walks their newest rows and asks this of each one's
            # obligation (the newest 100,000 items of the nation are not due yet: 100,000
            # probes of a small index instead of the obligations' rows; bench/voters.py).
            models.Index(
                fields=["id"],
                include=["due_on", "kind"],
                condition=Q(outcome="", withdrawn_at__isnull=True),
                name="obligation_open_id",
            ),
            models.Index(fields=["source_type", "source_id"], name="obligation_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owed_by__isnull=False) | ~Q(owed_by_text=""),
                name="obligation_owed_by_named",
            ),
            models.CheckConstraint(
                condition=(
                    Q(term_count__isnull=False, fixed_due_on__isnull=True) & ~Q(term_unit="")
                )
                | Q(term_count__isnull=True, term_unit="", fixed_due_on__isnull=False),
                name="obligation_term_or_fixed_date",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("start_on")), name="obligation_due_after_start"
            ),
            models.CheckConstraint(
                condition=Q(outcome="", ended_on__isnull=True)
                | (~Q(outcome="") & Q(ended_on__isnull=False)),
                name="obligation_outcome_dated",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start_on")),
                name="obligation_ended_after_start",
            ),
            models.CheckConstraint(
                condition=Q(exclusion="")
                | (
                    ~Q(exclusion_document_number="")
                    & Q(exclusion_document_date__isnull=False)
                    & ~Q(exclusion_reason="")
                ),
                name="obligation_exclusion_documented",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def closed(self) -> bool:
        return bool(self.outcome)

    @property
    def owed_by_name(self) -> str:
        """Needs `owed_by` selected with the row (selectors do)."""
        return self.owed_by.name if self.owed_by_id else self.owed_by_text

    def state_on(self, today: date, soon_days: int) -> str:
        return obligation_state(
            due_on=self.due_on,
            outcome=self.outcome,
            ended_on=self.ended_on,
            today=today,
            soon_days=soon_days,
        )

    @property
    def state(self) -> str:
        """The state the selector annotated (`state_code`); else judged today in Vietnam with
        the council's due-soon window."""
        annotated = self.__dict__.get("state_code")
        if annotated is not None:
            return annotated
        from councils import rules

        today = timezone.localdate()
        return self.state_on(today, rules.int_value(self.council, rules.DUE_SOON_DAYS, today))

    @property
    def state_label(self) -> str:
        return self.State(self.state).label


# Bootstrap badge per derived state, on every page that shows one.
STATE_BADGES: dict[str, str] = {
    Obligation.State.NOT_YET_DUE: "text-bg-light border",
    Obligation.State.DUE_SOON: "text-bg-warning",
    Obligation.State.OVERDUE: "text-bg-danger",
    Obligation.State.DONE_ON_TIME: "text-bg-success",
    Obligation.State.DONE_LATE: "text-bg-secondary",
}


def obligation_state(
    *, due_on: date, outcome: str, ended_on: date | None, today: date, soon_days: int
) -> str:
    """The derived state; `state_case` is the same rule in SQL. A deadline runs to the end of
    its day (Civil Code 2015 art. 148(1)): due today is not yet overdue."""
    if outcome:
        return (
            Obligation.State.DONE_ON_TIME
            if ended_on is not None and ended_on <= due_on
            else Obligation.State.DONE_LATE
        )
    if due_on < today:
        return Obligation.State.OVERDUE
    if due_on <= today + timedelta(days=soon_days):
        return Obligation.State.DUE_SOON
    return Obligation.State.NOT_YET_DUE


def state_case(today: date, soon_days: int, prefix: str = "") -> Case:
    """`obligation_state` as a database expression (for annotations, filters and counts)."""
    p = prefix
    open_ = Q(**{f"{p}outcome": ""})
    return Case(
        When(
            ~open_ & Q(**{f"{p}ended_on__lte": F(f"{p}due_on")}),
            then=Value(Obligation.State.DONE_ON_TIME.value),
        ),
        When(~open_, then=Value(Obligation.State.DONE_LATE.value)),
        When(Q(**{f"{p}due_on__lt": today}), then=Value(Obligation.State.OVERDUE.value)),
        When(
            Q(**{f"{p}due_on__lte": today + timedelta(days=soon_days)}),
            then=Value(Obligation.State.DUE_SOON.value),
        ),
        default=Value(Obligation.State.NOT_YET_DUE.value),
        output_field=models.CharField(),
    )


def state_q(state: str, today: date, soon_days: int, prefix: str = "") -> Q:
    """Rows whose `state_case` is `state`, as plain conditions on the stored columns: a filter on
    the annotated CASE is evaluated row by row, these are ranges an index serves (the open rows'
    partial index for the open states). `tests/followups/test_state_filters.py` holds them to
    `state_case` on generated rows."""
    p = prefix
    open_ = Q(**{f"{p}outcome": ""})
    on_time = Q(**{f"{p}ended_on__lte": F(f"{p}due_on")})
    soon = today + timedelta(days=soon_days)
    conditions = {
        Obligation.State.DONE_ON_TIME: ~open_ & on_time,
        # Closed, and not ended by the due date (a closed row always has its end date).
        Obligation.State.DONE_LATE: ~open_ & ~on_time,
        Obligation.State.OVERDUE: open_ & Q(**{f"{p}due_on__lt": today}),
        Obligation.State.DUE_SOON: open_ & Q(**{f"{p}due_on__gte": today, f"{p}due_on__lte": soon}),
        Obligation.State.NOT_YET_DUE: open_ & Q(**{f"{p}due_on__gt": soon}),
    }
    return conditions[state]


def overdue_q(today: date, prefix: str = "") -> Q:
    """Followed, open and past its due date: `state_case`'s OVERDUE as a plain filter (an index
    serves it), for pages that list only what is late; `prefix` reaches an obligation from the
    record that points to it ("obligation__")."""
    p = prefix
    return Q(**{f"{p}outcome": "", f"{p}withdrawn_at__isnull": True, f"{p}due_on__lt": today})


def next_reminder(due_on: date, today: date, days: Iterable[int]) -> date | None:
    """The next day a reminder is due for an open obligation: `days` before the due date (the
    council's dated rule, e.g. 15, 7, 3), then the day it becomes overdue; None after that."""
    moments = {due_on - timedelta(days=d) for d in days} | {due_on + timedelta(days=1)}
    return min((day for day in moments if day >= today), default=None)


class ObligationScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "obligation__council"


class ObligationExtension(models.Model):
    """A new due date approved by a document; the obligation's due date follows the latest."""

    obligation = models.ForeignKey(
        Obligation, models.PROTECT, related_name="extensions", verbose_name=_("việc")
    )
    previous_due_on = models.DateField(_("hạn cũ"))
    new_due_on = models.DateField(_("hạn mới"))
    reason = models.CharField(_("lý do gia hạn"), max_length=500)
    document_number = models.CharField(_("số văn bản cho gia hạn"), max_length=60)
    document_date = models.DateField(_("ngày văn bản cho gia hạn"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người ghi")
    )
    at = models.DateTimeField(_("ghi lúc"), default=timezone.now)

    objects = ObligationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_on__gt=F("previous_due_on")),
                name="extension_moves_due_later",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.previous_due_on:%d/%m/%Y} → {self.new_due_on:%d/%m/%Y}"


class ObligationReport(TimeStampedModel):
    """Progress reported by the agency (or noted by the office), with evidence files."""

    obligation = models.ForeignKey(
        Obligation, models.PROTECT, related_name="reports", verbose_name=_("việc")
    )
    reported_on = models.DateField(_("ngày báo cáo"))
    reference = models.CharField(_("số, ký hiệu văn bản"), max_length=60, blank=True)
    content = models.TextField(_("nội dung báo cáo"))
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người nhập")
    )

    objects = ObligationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="obligation_report_progress_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reported_on:%d/%m/%Y}"


def _evidence_path(instance: EvidenceFile, filename: str) -> str:
    """An id-based name; the user's file name is kept only as data."""
    extension = filename.rsplit(".", 1)[-1]
    report = instance.report
    return f"followups/{report.obligation_id}/{report.pk}/{instance.sha256[:16]}.{extension}"


class EvidenceQuerySet(CouncilScopedQuerySet):
    council_lookup = "report__obligation__council"


class EvidenceFile(models.Model):
    """One file attached to a progress report, judged by core.uploads before it is stored."""

    report = models.ForeignKey(
        ObligationReport, models.PROTECT, related_name="files", verbose_name=_("báo cáo")
    )
    file = models.FileField(_("tệp"), storage=private_storage, upload_to=_evidence_path)
    original_name = models.CharField(_("tên tệp gốc"), max_length=200)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.original_name


class Step(models.TextChoices):
    """The escalation ladder of DOMAIN.md §9, in its order (see STEP_RANK)."""

    URGE = "urge", _("Đôn đốc")
    URGE_AGAIN = "urge_again", _("Đôn đốc lần tiếp")
    REFER = "refer", _("Chuyển cơ quan có thẩm quyền")
    EXPLANATION = "explanation", _("Phiên giải trình")
    QUESTIONING = "questioning", _("Chất vấn")
    REOVERSIGHT = "reoversight", _("Tái giám sát")
    REPORT_TO_COUNCIL = "report_to_council", _("Báo cáo Hội đồng nhân dân")


STEP_RANK: dict[str, int] = {step: rank for rank, step in enumerate(Step.values)}
# Steps that may be taken again at the same rung (a second urging, a second hearing...);
# the first urging is taken once, later ones are "urge again".
REPEATABLE_STEPS = frozenset(Step.values) - {Step.URGE}
# Steps whose document is the urging letter (công văn đôn đốc), generated as PDF and DOCX.
LETTER_STEPS = frozenset({Step.URGE, Step.URGE_AGAIN})


class EscalationEvent(models.Model):
    """One dated step up the ladder, by a user, with its document (the urging letter...)."""

    obligation = models.ForeignKey(
        Obligation, models.PROTECT, related_name="events", verbose_name=_("việc")
    )
    step = models.CharField(_("bước"), max_length=20, choices=Step.choices)
    happened_on = models.DateField(_("ngày"))
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    document_number = models.CharField(_("số, ký hiệu văn bản"), max_length=60, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người ghi")
    )
    at = models.DateTimeField(_("ghi lúc"), default=timezone.now)
    # The urging letter (LETTER_STEPS), built in the background as a generated file
    # (core.exports); a new build replaces both.
    letter_pdf = models.ForeignKey(
        "core.Export",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("công văn đôn đốc (PDF)"),
    )
    letter_docx = models.ForeignKey(
        "core.Export",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("công văn đôn đốc (DOCX)"),
    )

    objects = ObligationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bước đôn đốc, xử lý")
        verbose_name_plural = _("các bước đôn đốc, xử lý")
        ordering = ["happened_on", "id"]

    def __str__(self) -> str:
        return self.get_step_display()

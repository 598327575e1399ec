"""Oversight programmes, activities and their recommendations (issue 12, DOMAIN.md §9).

A council adopts its yearly oversight programme by a resolution; its standing committee, each
Ban and each delegate group keep their own. An activity (thematic oversight, survey, review of
reports or of legal documents, re-oversight) runs from the decision setting up the delegation to
the conclusion report in the five parts of §9. What an overseen agency owes - the report asked of
it, each recommendation - is an obligation of the follow-up engine (`followups`): deadlines,
extensions, reminders, escalation, outcome and the official counting live there, never here.

Rights: `councils.scoping.can_run_oversight(user, council, body)` decides who runs a body's
oversight (a Ban member their own Ban's, a group member their group's, the office the rest).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.attachments import Attachment, AttachmentVersion
from core.models import TimeStampedModel, TransitionRecord, Withdrawable
from core.workflow import Move, Workflow
from councils import rules
from councils.models import CouncilScopedQuerySet
from resolutions.models import Field  # the register's fields: one list for every record

if TYPE_CHECKING:
    from core.models import User

__all__ = [
    "ACTIVITY_WORKFLOW",
    "PROGRAMME_WORKFLOW",
    "ActivityDocument",
    "ActivityDocumentVersion",
    "ActivityKind",
    "ActivityMember",
    "ActivityTransition",
    "OversightActivity",
    "OversightProgramme",
    "ProgrammeItem",
    "ProgrammeTransition",
    "Recommendation",
    "ReportRequest",
    "Visit",
]


class ActivityKind(models.TextChoices):
    """The forms of oversight (DOMAIN.md §9 items 2-4), counted apart in reports."""

    THEMATIC = "thematic", _("Giám sát chuyên đề")
    SURVEY = "survey", _("Khảo sát")
    REPORT_REVIEW = "report_review", _("Xem xét báo cáo")
    LEGAL_DOCUMENT_REVIEW = "legal_document_review", _("Xem xét văn bản quy phạm pháp luật")
    REOVERSIGHT = "reoversight", _("Tái giám sát")


# The kinds that need a decision setting up a delegation before field work (§9.2).
DELEGATION_KINDS = frozenset({ActivityKind.THEMATIC, ActivityKind.REOVERSIGHT})


# --- programmes ----------------------------------------------------------------------------------


class OversightProgramme(Withdrawable, TimeStampedModel):
    """A yearly oversight programme: the council's own (adopted by a resolution at the mid-year
    session of the year before, 87/2015 Art. 58), or its standing committee's, a Ban's or a
    delegate group's (`body`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ADOPTED = "adopted", _("Đã thông qua, ban hành")

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="oversight_programmes",
        verbose_name=_("Hội đồng nhân dân"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    # Empty: the council's own programme; else the standing committee, a Ban or a group.
    body = models.ForeignKey(
        "councils.Body",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_programmes",
        verbose_name=_("cơ quan lập chương trình"),
    )
    title = models.CharField(_("tên chương trình"), max_length=500)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_programmes",
        verbose_name=_("nghị quyết thông qua"),
    )
    document_number = models.CharField(_("số, ký hiệu văn bản ban hành"), max_length=60, blank=True)
    adopted_on = models.DateField(_("ngày thông qua, ban hành"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình giám sát")
        verbose_name_plural = _("chương trình giám sát")
        ordering = ["-year", "council", "id"]
        indexes = [
            models.Index(fields=["council", "year", "id"], name="programme_council_year"),
            models.Index(fields=["year", "id"], name="programme_year"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year"],
                condition=Q(body__isnull=True, withdrawn_at__isnull=True),
                name="programme_one_council_programme_a_year",
            ),
            models.UniqueConstraint(
                fields=["council", "year", "body"],
                condition=Q(body__isnull=False, withdrawn_at__isnull=True),
                name="programme_one_per_body_a_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_on__isnull=False),
                name="programme_adopted_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class ProgrammeScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "programme__council"


class ProgrammeTransition(TransitionRecord):
    programme = models.ForeignKey(
        OversightProgramme,
        models.CASCADE,
        related_name="transitions",
        verbose_name=_("chương trình giám sát"),
    )
    from_status = models.CharField(_("từ"), max_length=10, choices=OversightProgramme.Status)
    to_status = models.CharField(_("sang"), max_length=10, choices=OversightProgramme.Status)

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta(TransitionRecord.Meta):
        verbose_name = _("chuyển trạng thái chương trình giám sát")
        verbose_name_plural = _("chuyển trạng thái chương trình giám sát")


def _may_run(user, record) -> bool:
    from councils import scoping

    return scoping.can_run_oversight(user, record.council, record.body)


_P = OversightProgramme.Status
# Adopting takes the adopting document (services.programme_adopt): never a bare form move.
PROGRAMME_WORKFLOW: Workflow[OversightProgramme] = Workflow(
    record=ProgrammeTransition,
    moves={_P.DRAFT: [Move(_P.ADOPTED, by_hand=False)], _P.ADOPTED: []},
    permission=_may_run,
    refused=_("Không thể chuyển chương trình giám sát từ “%(from)s” sang “%(to)s”."),
)


class ProgrammeItem(Withdrawable, TimeStampedModel):
    """One topic of a programme: who oversees whom, in which quarter."""

    programme = models.ForeignKey(
        OversightProgramme,
        models.PROTECT,
        related_name="items",
        verbose_name=_("chương trình giám sát"),
    )
    topic = models.CharField(_("nội dung giám sát"), max_length=500)
    kind = models.CharField(_("hình thức"), max_length=25, choices=ActivityKind.choices)
    body = models.ForeignKey(
        "councils.Body",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan tiến hành"),
    )
    agencies = models.ManyToManyField(
        "councils.Agency", blank=True, related_name="+", verbose_name=_("đối tượng chịu giám sát")
    )
    quarter = models.PositiveSmallIntegerField(_("quý"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords(m2m_fields=[agencies])

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nội dung chương trình giám sát")
        verbose_name_plural = _("nội dung chương trình giám sát")
        ordering = ["programme", "quarter", "position", "id"]
        indexes = [
            # The board: a programme's items by quarter.
            models.Index(fields=["programme", "quarter", "position", "id"], name="item_board"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="item_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return self.topic[:80]


# --- activities ----------------------------------------------------------------------------------


class OversightActivity(Withdrawable, TimeStampedModel):
    """One oversight or survey from the decision setting up the delegation to the conclusion
    report (DOMAIN.md §9.2): its status moves by ACTIVITY_WORKFLOW, each with an audit row."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Trong kế hoạch")
        DECIDED = "decided", _("Đã thành lập đoàn")
        IN_PROGRESS = "in_progress", _("Đang giám sát")
        REPORTING = "reporting", _("Đang dự thảo báo cáo")
        CONCLUDED = "concluded", _("Đã có báo cáo kết quả")
        CANCELLED = "cancelled", _("Không tiến hành")

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="oversight_activities",
        verbose_name=_("Hội đồng nhân dân"),
    )
    kind = models.CharField(_("hình thức"), max_length=25, choices=ActivityKind.choices)
    # Empty: a delegation of the council itself; else the standing committee, a Ban or a group.
    body = models.ForeignKey(
        "councils.Body",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_activities",
        verbose_name=_("cơ quan tiến hành"),
    )
    programme_item = models.ForeignKey(
        ProgrammeItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("nội dung chương trình"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    topic = models.CharField(_("nội dung giám sát"), max_length=500)
    status = models.CharField(
        _("trạng thái"), max_length=15, choices=Status.choices, default=Status.PLANNED
    )
    agencies = models.ManyToManyField(
        "councils.Agency", blank=True, related_name="+", verbose_name=_("đối tượng chịu giám sát")
    )
    # The period overseen (thời kỳ giám sát), e.g. 2021-2023.
    period_from = models.DateField(_("thời kỳ giám sát từ ngày"), null=True, blank=True)
    period_to = models.DateField(_("thời kỳ giám sát đến ngày"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định thành lập đoàn"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định thành lập đoàn"), null=True, blank=True)
    plan_number = models.CharField(_("số kế hoạch"), max_length=60, blank=True)
    plan_date = models.DateField(_("ngày kế hoạch"), null=True, blank=True)
    members = models.ManyToManyField(
        "councils.Delegate",
        through="ActivityMember",
        related_name="oversight_activities",
        verbose_name=_("thành viên đoàn"),
    )
    invited_members = models.TextField(_("thành phần mời tham gia"), blank=True)
    findings = models.TextField(_("kết quả khảo sát, làm việc"), blank=True)
    # The conclusion report in the five parts of DOMAIN.md §9.
    general_assessment = models.TextField(_("đánh giá chung"), blank=True)
    advantages_difficulties = models.TextField(_("thuận lợi, khó khăn"), blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings_causes = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    concluded_on = models.DateField(_("ngày báo cáo kết quả giám sát"), null=True, blank=True)
    conclusion_reference = models.CharField(
        _("số, ký hiệu báo cáo kết quả giám sát"), max_length=60, blank=True
    )
    # A re-oversight checks what an earlier activity recommended.
    reoversight_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reoversights",
        verbose_name=_("tái giám sát hoạt động"),
    )
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động giám sát")
        verbose_name_plural = _("hoạt động giám sát")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["council", "year", "id"], name="activity_council_year"),
            models.Index(fields=["year", "id"], name="activity_year"),
            models.Index(fields=["council", "status", "id"], name="activity_council_status"),
            models.Index(fields=["body", "year"], name="activity_body_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__isnull=True)
                | Q(period_from__isnull=True)
                | Q(period_to__gte=F("period_from")),
                name="activity_period_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="concluded") | Q(concluded_on__isnull=False),
                name="activity_concluded_dated",
            ),
            models.CheckConstraint(
                condition=Q(kind="reoversight") | Q(reoversight_of__isnull=True),
                name="activity_only_reoversight_checks_another",
            ),
        ]

    def __str__(self) -> str:
        return self.topic[:80]

    @property
    def legal_basis(self) -> str:
        """The oversight law in force when the delegation was set up (or the activity entered)."""
        on = self.decision_date or self.plan_date or (self.created_at and self.created_at.date())
        return rules.oversight_basis(on) if on else ""


class ActivityScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "activity__council"


class ActivityTransition(TransitionRecord):
    activity = models.ForeignKey(
        OversightActivity,
        models.CASCADE,
        related_name="transitions",
        verbose_name=_("hoạt động giám sát"),
    )
    from_status = models.CharField(_("từ"), max_length=15, choices=OversightActivity.Status)
    to_status = models.CharField(_("sang"), max_length=15, choices=OversightActivity.Status)

    objects = ActivityScopedQuerySet.as_manager()

    class Meta(TransitionRecord.Meta):
        verbose_name = _("chuyển trạng thái hoạt động giám sát")
        verbose_name_plural = _("chuyển trạng thái hoạt động giám sát")


def _needs_decision(activity: OversightActivity) -> None:
    from django.core.exceptions import ValidationError

    errors = {}
    if not activity.decision_number:
        errors["decision_number"] = _("Nhập số quyết định thành lập đoàn.")
    if activity.decision_date is None:
        errors["decision_date"] = _("Nhập ngày quyết định thành lập đoàn.")
    if errors:
        raise ValidationError(errors)


def _without_delegation(activity: OversightActivity) -> None:
    from django.core.exceptions import ValidationError

    if activity.kind in DELEGATION_KINDS:
        raise ValidationError(
            _("Giám sát chuyên đề, tái giám sát cần quyết định thành lập đoàn trước."),
            code="needs_decision",
        )


def _needs_conclusion(activity: OversightActivity) -> None:
    """The report has its five parts (DOMAIN.md §9) before the activity is concluded."""
    from django.core.exceptions import ValidationError

    errors = {}
    for name in (
        "general_assessment",
        "advantages_difficulties",
        "results",
        "shortcomings_causes",
        "proposals",
    ):
        if not getattr(activity, name).strip():
            label = OversightActivity._meta.get_field(name).verbose_name
            errors[name] = _("Nhập phần “%(part)s” của báo cáo.") % {"part": label}
    if activity.concluded_on is None:
        errors["concluded_on"] = _("Nhập ngày báo cáo kết quả giám sát.")
    if errors:
        raise ValidationError(errors)


_A = OversightActivity.Status
_CANCEL = Move(_A.CANCELLED, note_required=True)
# DOMAIN.md §9.2: decision setting up the delegation → plan, reports requested, field work →
# the report with conclusions and recommendations. A survey or a review needs no delegation.
# Concluding takes the report (services.activity_conclude), so no form offers it bare.
ACTIVITY_WORKFLOW: Workflow[OversightActivity] = Workflow(
    record=ActivityTransition,
    moves={
        _A.PLANNED: [
            Move(_A.DECIDED, guard=_needs_decision),
            Move(_A.IN_PROGRESS, guard=_without_delegation),
            _CANCEL,
        ],
        _A.DECIDED: [_A.IN_PROGRESS, _CANCEL],
        _A.IN_PROGRESS: [_A.REPORTING, _CANCEL],
        _A.REPORTING: [
            Move(_A.CONCLUDED, guard=_needs_conclusion, by_hand=False),
            Move(_A.IN_PROGRESS, note_required=True),
        ],
        _A.CONCLUDED: [],
        _A.CANCELLED: [],
    },
    permission=_may_run,
    refused=_("Không thể chuyển hoạt động giám sát từ “%(from)s” sang “%(to)s”."),
)


class ActivityMember(models.Model):
    """A delegate in the delegation (đoàn giám sát); invited people are text on the activity."""

    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng đoàn")
        DEPUTY = "deputy", _("Phó Trưởng đoàn")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    activity = models.ForeignKey(
        OversightActivity,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("hoạt động giám sát"),
    )
    delegate = models.ForeignKey(
        "councils.Delegate", models.PROTECT, related_name="+", verbose_name=_("đại biểu")
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    objects = ActivityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên đoàn giám sát")
        verbose_name_plural = _("thành viên đoàn giám sát")
        ordering = ["activity", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "delegate"], name="activity_member_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Visit(TimeStampedModel):
    """One working visit of the schedule: a day, at an agency or a place."""

    activity = models.ForeignKey(
        OversightActivity, models.PROTECT, related_name="visits", verbose_name=_("hoạt động")
    )
    visit_on = models.DateField(_("ngày làm việc"))
    agency = models.ForeignKey(
        "councils.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan, đơn vị làm việc"),
    )
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    history = HistoricalRecords()

    objects = ActivityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch làm việc của đoàn")
        verbose_name_plural = _("lịch làm việc của đoàn")
        ordering = ["activity", "visit_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | ~Q(place=""), name="visit_has_a_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visit_on:%d/%m/%Y}"


class ReportRequest(TimeStampedModel):
    """A report asked of an overseen agency (or a supplementary one, within the council's rule:
    5 days, rules.SUPPLEMENTARY_REPORT_DAYS): owed on the follow-up engine, so its deadline,
    reminders and lateness are the engine's; received is the obligation closed."""

    activity = models.ForeignKey(
        OversightActivity,
        models.PROTECT,
        related_name="report_requests",
        verbose_name=_("hoạt động giám sát"),
    )
    agency = models.ForeignKey(
        "councils.Agency", models.PROTECT, related_name="+", verbose_name=_("cơ quan được yêu cầu")
    )
    subject = models.CharField(_("nội dung yêu cầu báo cáo"), max_length=500)
    requested_on = models.DateField(_("ngày yêu cầu"))
    reference = models.CharField(_("số, ký hiệu văn bản yêu cầu"), max_length=60, blank=True)
    supplements = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supplementary_requests",
        verbose_name=_("bổ sung cho yêu cầu"),
    )
    obligation = models.OneToOneField(
        "followups.Obligation",
        models.PROTECT,
        related_name="oversight_report_request",
        verbose_name=_("việc theo dõi"),
    )
    history = HistoricalRecords()

    objects = ActivityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["activity", "requested_on", "id"]

    def __str__(self) -> str:
        return self.subject[:80]

    @property
    def due_on(self):
        return self.obligation.due_on

    @property
    def received_on(self):
        """The day the report came in: its obligation closed as done (None while awaited)."""
        return self.obligation.ended_on


# --- recommendations -----------------------------------------------------------------------------


class Recommendation(TimeStampedModel):
    """A recommendation after oversight (kiến nghị sau giám sát), addressed to one agency and
    followed on the engine until assessed (DOMAIN.md §9, §17): its obligation carries the due
    date, extensions, exclusion (roadmap, exempted), escalation and outcome; withdrawing it
    withdraws the obligation. `council` and `issued_on` repeat the activity's for the tracker's
    indexed filters and orders."""

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="oversight_recommendations",
        verbose_name=_("Hội đồng nhân dân"),
    )
    activity = models.ForeignKey(
        OversightActivity,
        models.PROTECT,
        related_name="recommendations",
        verbose_name=_("hoạt động giám sát"),
    )
    agency = models.ForeignKey(
        "councils.Agency",
        models.PROTECT,
        related_name="oversight_recommendations",
        verbose_name=_("cơ quan thực hiện"),
    )
    content = models.TextField(_("nội dung kiến nghị"))
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices)
    issued_on = models.DateField(_("ngày kiến nghị"))
    obligation = models.OneToOneField(
        "followups.Obligation",
        models.PROTECT,
        related_name="oversight_recommendation",
        verbose_name=_("việc theo dõi"),
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_recommendations",
        verbose_name=_("nghị quyết HĐND thông qua"),
    )
    reoversight = models.ForeignKey(
        OversightActivity,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rechecked_recommendations",
        verbose_name=_("hoạt động tái giám sát"),
    )
    # The explanation sessions held on it (a step of the escalation ladder).
    hearings = models.ManyToManyField(
        "oversight.ExplanationHearing",
        blank=True,
        related_name="recommendations",
        verbose_name=_("phiên giải trình"),
    )
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị sau giám sát")
        verbose_name_plural = _("kiến nghị sau giám sát")
        ordering = ["-issued_on", "-id"]
        indexes = [
            # The tracker's orders (RECOMMENDATION_SORT) and its period filter.
            models.Index(fields=["issued_on", "id"], name="recommendation_issued"),
            models.Index(fields=["council", "issued_on", "id"], name="recommendation_council"),
            models.Index(fields=["agency", "issued_on"], name="recommendation_agency"),
            models.Index(fields=["field", "issued_on"], name="recommendation_field"),
            models.Index(fields=["activity", "id"], name="recommendation_activity"),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def followup_permits(self, user: User, action: str) -> bool:
        """Who follows it on the engine besides the council's editors: whoever runs the
        oversight of the body that made it (a Ban member their own Ban's recommendations)."""
        from councils import scoping

        activity = self.activity
        return scoping.can_run_oversight(user, activity.council, activity.body)


# --- documents -----------------------------------------------------------------------------------


class ActivityDocument(Attachment):
    """A document of an activity (the decision, the plan, an agency's report, minutes of the field
    work, the conclusion report...) kept as files in versions (core.attachments): what Law
    121/2025 asks to be kept and published, seen by whoever sees the activity."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Quyết định thành lập đoàn")
        PLAN = "plan", _("Kế hoạch giám sát")
        AGENCY_REPORT = "agency_report", _("Báo cáo của cơ quan chịu giám sát")
        FINDINGS = "findings", _("Biên bản làm việc, kết quả khảo sát")
        CONCLUSION = "conclusion", _("Báo cáo kết quả giám sát")
        OTHER = "other", _("Tài liệu khác")

    activity = models.ForeignKey(
        OversightActivity,
        models.PROTECT,
        related_name="documents",
        verbose_name=_("hoạt động giám sát"),
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=Kind.choices)
    issued_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ActivityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu hoạt động giám sát")
        verbose_name_plural = _("tài liệu hoạt động giám sát")
        ordering = ["activity", "id"]


class ActivityDocumentVersionQuerySet(CouncilScopedQuerySet):
    council_lookup = "document__activity__council"


class ActivityDocumentVersion(AttachmentVersion):
    """One uploaded file of an activity's document (core.attachments)."""

    document = models.ForeignKey(
        ActivityDocument, models.PROTECT, related_name="versions", verbose_name=_("tài liệu")
    )

    objects = ActivityDocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản tài liệu hoạt động giám sát")
        verbose_name_plural = _("phiên bản tài liệu hoạt động giám sát")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="activity_document_version_unique"
            ),
        ]

    def folder(self) -> str:
        return f"oversight/{self.document.activity_id}/{self.document_id}"

"""Council sessions (kỳ họp) and what happens in them (DOMAIN.md §5, §7, §8, §17).

A session moves through a fixed workflow with an audit row per move. Votes store the council's
total number of delegates on the day and the number of votes the rule required, so a later
vacancy or a changed setting never rewrites a past result.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.attachments import Attachment, AttachmentVersion, attachment_path
from core.models import TimeStampedModel, TransitionRecord, Withdrawable
from core.workflow import Move, Workflow
from councils import scoping
from councils.models import CouncilScopedQuerySet


class Session(Withdrawable, TimeStampedModel):
    """One session of a council in a term ("Kỳ họp thứ 5"); numbered as text within the term."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường lệ")
        THEMATIC = "thematic", _("Chuyên đề")
        EXTRAORDINARY = "extraordinary", _("Bất thường")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        CONVENED = "convened", _("Đã triệu tập")
        DOCUMENTS_SENT = "documents_sent", _("Đã gửi tài liệu")
        IN_SESSION = "in_session", _("Đang họp")
        CLOSED = "closed", _("Đã bế mạc")
        RECORDS_PUBLISHED = "records_published", _("Đã công bố kết quả")

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="sessions",
        verbose_name=_("Hội đồng nhân dân"),
    )
    term = models.ForeignKey(
        "councils.Term", models.PROTECT, related_name="sessions", verbose_name=_("nhiệm kỳ")
    )
    number = models.CharField(_("kỳ họp thứ"), max_length=20)
    kind = models.CharField(_("loại kỳ họp"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("nội dung chính"), max_length=255, blank=True)
    planned_start = models.DateField(_("dự kiến khai mạc"))
    planned_end = models.DateField(_("dự kiến bế mạc"))
    actual_start = models.DateField(_("ngày khai mạc"), null=True, blank=True)
    actual_end = models.DateField(_("ngày bế mạc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    convening_number = models.CharField(_("số quyết định triệu tập"), max_length=50, blank=True)
    convening_date = models.DateField(_("ngày quyết định triệu tập"), null=True, blank=True)
    documents_sent_on = models.DateField(_("ngày gửi tài liệu đến đại biểu"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ họp")
        verbose_name_plural = _("kỳ họp")
        ordering = ["-planned_start", "-id"]
        # One per order of the list (SESSION_SORT), the id last as its tie-breaker.
        indexes = [
            models.Index(
                fields=["council", "planned_start", "id"], name="session_council_order_idx"
            ),
            models.Index(fields=["planned_start", "id"], name="session_planned_order_idx"),
            models.Index(fields=["status", "id"]),  # the list's status column
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "term", "number"], name="session_number_unique_in_term"
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")), name="session_planned_order"
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=False, actual_end__gte=F("actual_start")),
                name="session_actual_order",
            ),
        ]

    def __str__(self) -> str:
        return _("Kỳ họp thứ %(number)s") % {"number": self.number}


class SessionScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "session__council"


class SessionTransition(TransitionRecord):
    """Audit row: who moved a session from one status to another, when, and why."""

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="transitions", verbose_name=_("kỳ họp")
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=Session.Status)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=Session.Status)

    objects = SessionScopedQuerySet.as_manager()

    class Meta(TransitionRecord.Meta):
        verbose_name = _("chuyển trạng thái kỳ họp")
        verbose_name_plural = _("chuyển trạng thái kỳ họp")


def _convening_decided(session: Session) -> None:
    """A session is convened by a numbered, dated decision (quyết định triệu tập)."""
    if not (session.convening_number and session.convening_date):
        message = _("Nhập số và ngày quyết định triệu tập trước khi triệu tập.")
        raise ValidationError(
            {"convening_number": ValidationError(message, code="no_convening_decision")}
        )


def _has_papers(session: Session) -> None:
    """Sending the papers needs at least one paper that is not withdrawn."""
    if not session.documents.filter(withdrawn_at__isnull=True).exists():
        raise ValidationError(
            _("Kỳ họp chưa có tài liệu nào để gửi đại biểu."), code="no_documents"
        )


# The session workflow (DOMAIN.md §17): allowed moves, what each needs, and who may move.
SESSION_WORKFLOW: Workflow[Session] = Workflow(
    record=SessionTransition,
    moves={
        Session.Status.PLANNED: [Move(Session.Status.CONVENED, guard=_convening_decided)],
        Session.Status.CONVENED: [
            Move(Session.Status.DOCUMENTS_SENT, guard=_has_papers),
            Session.Status.PLANNED,
        ],
        Session.Status.DOCUMENTS_SENT: [Session.Status.IN_SESSION],
        Session.Status.IN_SESSION: [Session.Status.CLOSED],
        Session.Status.CLOSED: [Session.Status.RECORDS_PUBLISHED],
        Session.Status.RECORDS_PUBLISHED: [],
    },
    permission=lambda user, session: scoping.can_edit_council(user, session.council),
    refused=_("Không thể chuyển kỳ họp từ “%(from)s” sang “%(to)s”."),
)


class Sitting(models.Model):
    """A half-day sitting (phiên họp) of a session; attendance is taken per sitting."""

    class Part(models.TextChoices):
        MORNING = "morning", _("Buổi sáng")
        AFTERNOON = "afternoon", _("Buổi chiều")
        EVENING = "evening", _("Buổi tối")

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="sittings", verbose_name=_("kỳ họp")
    )
    on = models.DateField(_("ngày họp"))
    part = models.CharField(_("buổi"), max_length=10, choices=Part.choices)
    closed = models.BooleanField(_("họp kín"), default=False)

    objects = SessionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên họp")
        verbose_name_plural = _("phiên họp")
        ordering = ["on", "part", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "on", "part"], name="sitting_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_part_display()}"


class AgendaItem(Withdrawable, TimeStampedModel):
    """An item of the session's agenda, in order, with who presents it and which Ban reviews it."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Báo cáo")
        SUBMISSION = "submission", _("Tờ trình")
        DRAFT_RESOLUTION = "draft_resolution", _("Dự thảo nghị quyết")
        ELECTION = "election", _("Bầu cử, miễn nhiệm, bãi nhiệm")
        QUESTIONING = "questioning", _("Chất vấn và trả lời chất vấn")
        CONFIDENCE = "confidence", _("Lấy phiếu tín nhiệm")
        CEREMONY = "ceremony", _("Khai mạc, bế mạc")
        OTHER = "other", _("Nội dung khác")

    class VoteRule(models.TextChoices):
        MAJORITY = "majority", _("Quá nửa tổng số đại biểu")
        QUALIFIED = "qualified", _("Ít nhất hai phần ba tổng số đại biểu")

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="items", verbose_name=_("kỳ họp")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung"), max_length=500)
    kind = models.CharField(_("loại nội dung"), max_length=20, choices=Kind.choices)
    presenter = models.ForeignKey(
        "councils.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan trình bày"),
    )
    reviewer = models.ForeignKey(
        "councils.Body",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ban thẩm tra"),
    )
    sitting = models.ForeignKey(
        Sitting,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("phiên họp"),
    )
    starts_at = models.TimeField(_("bắt đầu"), null=True, blank=True)
    ends_at = models.TimeField(_("kết thúc"), null=True, blank=True)
    vote_rule = models.CharField(
        _("điều kiện thông qua"), max_length=10, choices=VoteRule.choices, default=VoteRule.MAJORITY
    )
    history = HistoricalRecords()

    objects = SessionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nội dung chương trình kỳ họp")
        verbose_name_plural = _("nội dung chương trình kỳ họp")
        ordering = ["session", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="agenda_position_unique"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="agenda_slot_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class Document(Attachment):
    """A session paper (tờ trình, báo cáo thẩm tra, dự thảo...); its file lives in versions."""

    class Kind(models.TextChoices):
        CONVENING_DECISION = "convening_decision", _("Quyết định triệu tập")
        PROGRAMME = "programme", _("Chương trình kỳ họp")
        SUBMISSION = "submission", _("Tờ trình")
        REVIEW_REPORT = "review_report", _("Báo cáo thẩm tra")
        DRAFT_RESOLUTION = "draft_resolution", _("Dự thảo nghị quyết")
        REPORT = "report", _("Báo cáo")
        MINUTES = "minutes", _("Biên bản")
        COUNTING_MINUTES = "counting_minutes", _("Biên bản kiểm phiếu")
        OTHER = "other", _("Tài liệu khác")

    session = models.ForeignKey(
        Session, models.PROTECT, related_name="documents", verbose_name=_("kỳ họp")
    )
    item = models.ForeignKey(
        AgendaItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("nội dung chương trình"),
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=Kind.choices)
    sent_on = models.DateField(_("ngày gửi đại biểu"), null=True, blank=True)
    confidential = models.BooleanField(_("tài liệu mật / họp kín"), default=False)
    history = HistoricalRecords()

    objects = SessionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu kỳ họp")
        verbose_name_plural = _("tài liệu kỳ họp")
        ordering = ["session", "item__position", "id"]


# Named by migration 0001; new states name core.attachments.attachment_path.
_version_path = attachment_path


class DocumentVersionQuerySet(CouncilScopedQuerySet):
    council_lookup = "document__session__council"


class DocumentVersion(AttachmentVersion):
    """One uploaded file of a session paper (core.attachments)."""

    document = models.ForeignKey(
        Document, models.PROTECT, related_name="versions", verbose_name=_("tài liệu")
    )

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản tài liệu")
        verbose_name_plural = _("phiên bản tài liệu")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique"),
        ]

    def folder(self) -> str:
        return f"sessions/{self.document.session_id}/{self.document_id}"


class SittingScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "sitting__session__council"


class Attendance(models.Model):
    """Whether a delegate was at a sitting; missing rows mean not yet recorded."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Có mặt")
        EXCUSED = "excused", _("Vắng có lý do")
        ABSENT = "absent", _("Vắng không lý do")

    sitting = models.ForeignKey(
        Sitting, models.CASCADE, related_name="attendance", verbose_name=_("phiên họp")
    )
    delegate = models.ForeignKey(
        "councils.Delegate", models.PROTECT, related_name="+", verbose_name=_("đại biểu")
    )
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = SittingScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["sitting", "delegate__name_key"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "delegate"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class ItemScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "item__session__council"


class Vote(TimeStampedModel):
    """A vote on an agenda item. Counts are entered or tallied from ballots; the result is not.

    `total_delegates` is the council's number of delegates that day (vacancies change it) and
    `required` the votes in favour the item's rule needed, both fixed when the vote is recorded.
    """

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", _("Biểu quyết điện tử")
        SHOW_OF_HANDS = "show_of_hands", _("Giơ tay")
        BALLOT = "ballot", _("Bỏ phiếu kín")

    item = models.ForeignKey(
        AgendaItem, models.PROTECT, related_name="votes", verbose_name=_("nội dung biểu quyết")
    )
    subject = models.CharField(_("vấn đề biểu quyết"), max_length=500, blank=True)
    held_on = models.DateField(_("ngày biểu quyết"))
    method = models.CharField(_("hình thức"), max_length=20, choices=Method.choices)
    rule = models.CharField(_("điều kiện thông qua"), max_length=10, choices=AgendaItem.VoteRule)
    total_delegates = models.PositiveSmallIntegerField(_("tổng số đại biểu HĐND"))
    required = models.PositiveSmallIntegerField(_("số phiếu tán thành cần đạt"))
    present = models.PositiveSmallIntegerField(_("số đại biểu có mặt"))
    votes_for = models.PositiveSmallIntegerField(_("tán thành"))
    votes_against = models.PositiveSmallIntegerField(_("không tán thành"))
    votes_abstain = models.PositiveSmallIntegerField(_("không biểu quyết"))
    by_ballots = models.BooleanField(_("tính từ phiếu từng đại biểu"), default=False)
    history = HistoricalRecords()

    objects = ItemScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả biểu quyết")
        verbose_name_plural = _("kết quả biểu quyết")
        ordering = ["item__position", "held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=F("total_delegates")), name="vote_present_within_total"
            ),
            models.CheckConstraint(
                condition=Q(present__gte=F("votes_for") + F("votes_against") + F("votes_abstain")),
                name="vote_counts_within_present",
            ),
            models.CheckConstraint(condition=Q(total_delegates__gt=0), name="vote_total_positive"),
        ]

    def __str__(self) -> str:
        return self.subject[:80] or f"#{self.pk}"

    @property
    def passed(self) -> bool:
        return self.votes_for >= self.required

    @property
    def absent(self) -> int:
        return self.total_delegates - self.present


class BallotQuerySet(CouncilScopedQuerySet):
    council_lookup = "vote__item__session__council"


class Ballot(models.Model):
    """One delegate's choice in a vote (electronic voting exports or roll-call entry)."""

    class Choice(models.TextChoices):
        FOR = "for", _("Tán thành")
        AGAINST = "against", _("Không tán thành")
        ABSTAIN = "abstain", _("Không biểu quyết")

    vote = models.ForeignKey(
        Vote, models.CASCADE, related_name="ballots", verbose_name=_("biểu quyết")
    )
    delegate = models.ForeignKey(
        "councils.Delegate", models.PROTECT, related_name="+", verbose_name=_("đại biểu")
    )
    choice = models.CharField(_("lựa chọn"), max_length=10, choices=Choice.choices)

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiếu biểu quyết")
        verbose_name_plural = _("phiếu biểu quyết")
        constraints = [
            models.UniqueConstraint(fields=["vote", "delegate"], name="ballot_unique"),
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class Question(TimeStampedModel):
    """A question (chất vấn) put by a delegate to an office holder at a session, and its answer."""

    session = models.ForeignKey(
        Session, models.PROTECT, related_name="questions", verbose_name=_("kỳ họp")
    )
    asked_by = models.ForeignKey(
        "councils.Delegate",
        models.PROTECT,
        related_name="+",
        verbose_name=_("đại biểu chất vấn"),
    )
    respondent = models.CharField(_("người trả lời chất vấn"), max_length=200)
    respondent_title = models.CharField(_("chức vụ người trả lời"), max_length=200)
    agency = models.ForeignKey(
        "councils.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan"),
    )
    content = models.TextField(_("nội dung chất vấn"))
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    written_answer_due = models.DateField(_("hạn trả lời bằng văn bản"), null=True, blank=True)
    history = HistoricalRecords()

    objects = SessionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chất vấn")
        verbose_name_plural = _("chất vấn")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.content[:80]


class ConfidencePoll(TimeStampedModel):
    """Lấy phiếu tín nhiệm (3 levels) or bỏ phiếu tín nhiệm (2 levels), Res. 96/2023/QH15."""

    class Kind(models.TextChoices):
        POLL = "poll", _("Lấy phiếu tín nhiệm")
        VOTE = "vote", _("Bỏ phiếu tín nhiệm")

    class Status(models.TextChoices):
        LIST_APPROVED = "list_approved", _("Đã thông qua danh sách")
        BALLOTED = "balloted", _("Đã bỏ phiếu")
        COUNTED = "counted", _("Đã kiểm phiếu")
        CONFIRMED = "confirmed", _("Đã xác nhận kết quả")

    class Denominator(models.TextChoices):
        DELEGATES = "delegates", _("Tổng số đại biểu HĐND")
        BALLOTS = "ballots", _("Tổng số phiếu phát ra")

    session = models.ForeignKey(
        Session, models.PROTECT, related_name="confidence_polls", verbose_name=_("kỳ họp")
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.LIST_APPROVED
    )
    held_on = models.DateField(_("ngày thực hiện"))
    total_delegates = models.PositiveSmallIntegerField(_("tổng số đại biểu HĐND"))
    denominator = models.CharField(
        _("mẫu số tính tỷ lệ"), max_length=10, choices=Denominator.choices
    )
    history = HistoricalRecords()

    objects = SessionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lấy phiếu / bỏ phiếu tín nhiệm")
        verbose_name_plural = _("lấy phiếu / bỏ phiếu tín nhiệm")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ConfidenceEntryQuerySet(CouncilScopedQuerySet):
    council_lookup = "poll__session__council"


class ConfidenceEntry(models.Model):
    """One office holder in a poll and their ballot counts; the consequence is computed."""

    class Consequence(models.TextChoices):
        NONE = "none", _("Không có hệ quả")
        CONFIDENCE_VOTE = (
            "confidence_vote",
            _(
                "Trên 1/2 tín nhiệm thấp: có thể xin từ chức, nếu không Thường trực trình bỏ phiếu "
                "tín nhiệm"
            ),
        )
        DISMISSAL = "dismissal", _("Từ 2/3 tín nhiệm thấp: đề nghị miễn nhiệm")
        NO_CONFIDENCE = "no_confidence", _("Quá nửa không tín nhiệm: từ chức hoặc miễn nhiệm")

    poll = models.ForeignKey(
        ConfidencePoll, models.CASCADE, related_name="entries", verbose_name=_("đợt")
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    office = models.CharField(_("chức vụ"), max_length=200)
    delegate = models.ForeignKey(
        "councils.Delegate",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đại biểu"),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    ballots_issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    ballots_returned = models.PositiveSmallIntegerField(_("số phiếu thu về"), null=True, blank=True)
    ballots_valid = models.PositiveSmallIntegerField(_("số phiếu hợp lệ"), null=True, blank=True)
    high = models.PositiveSmallIntegerField(_("tín nhiệm cao"), null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(_("tín nhiệm"), null=True, blank=True)
    low = models.PositiveSmallIntegerField(
        _("tín nhiệm thấp / không tín nhiệm"), null=True, blank=True
    )
    follow_up = models.CharField(_("xử lý tiếp theo"), max_length=255, blank=True)

    objects = ConfidenceEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("người được lấy phiếu tín nhiệm")
        verbose_name_plural = _("người được lấy phiếu tín nhiệm")
        ordering = ["poll", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ballots_returned__isnull=True)
                | Q(ballots_returned__lte=F("ballots_issued")),
                name="confidence_returned_within_issued",
            ),
            models.CheckConstraint(
                condition=Q(ballots_valid__isnull=True)
                | Q(ballots_valid__lte=F("ballots_returned")),
                name="confidence_valid_within_returned",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

"""Shapes of the session API (STYLE.md §2.7).

Inputs check shape only and resolve every id through the caller's scope, so an id outside it
reads exactly like one that does not exist; the services decide the rest. Outputs list their
fields; percentages are of the council's total number of delegates, never of those present.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.attachment_serializers import VersionOutputSerializer
from core.serializers import (
    BoundedPrimaryKeyRelatedField,
    EnumField,
    IdField,
    VisibleRelatedField,
    date_field,
    optional,
    optional_text,
)
from core.validation import SMALL_MAX
from councils.models import Agency, Body, Council, Delegate, Term
from sessions import selectors
from sessions.models import (
    AgendaItem,
    Attendance,
    Ballot,
    ConfidenceEntry,
    ConfidencePoll,
    Document,
    DocumentVersion,
    Question,
    Session,
    Sitting,
    Vote,
)


def share(part: int | None, whole: int | None) -> str | None:
    """`part` as a percentage of `whole`, two decimals rounded half up ("93.33"); the pages
    print it the Vietnamese way with the council's number of decimals."""
    if part is None or not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class ShareOfTotalField(serializers.DecimalField):
    """An attribute of a vote as a percentage of the council's total number of delegates."""

    def __init__(self, part: str, **kwargs):
        self.part = part
        super().__init__(max_digits=5, decimal_places=2, source="*", read_only=True, **kwargs)

    def to_representation(self, vote: Vote) -> str | None:
        return share(getattr(vote, self.part), vote.total_delegates)


# How percentages are documented: a decimal string with two places ("93.33").
PERCENT = serializers.DecimalField(max_digits=5, decimal_places=2)


def check_delegates(context: dict, rows: list[dict]) -> None:
    """Each delegate once, and only delegates the caller may see (one query for the list)."""
    ids = [row["delegate"] for row in rows]
    if len(set(ids)) != len(ids):
        raise serializers.ValidationError(_("Mỗi đại biểu chỉ được ghi một lần."))
    user = context["request"].user
    found = set(Delegate.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise serializers.ValidationError(
            _("Không tìm thấy đại biểu có mã: %(ids)s.") % {"ids": ", ".join(missing)}
        )


# --- sessions -------------------------------------------------------------------------------


class SessionOutputSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name", read_only=True)
    term = serializers.CharField(source="term.name", read_only=True)
    kind = EnumField(Session.Kind, read_only=True)
    status = EnumField(Session.Status, read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    resolution_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "council_id",
            "council",
            "term_id",
            "term",
            "number",
            "kind",
            "title",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "place",
            "convening_number",
            "convening_date",
            "documents_sent_on",
            "item_count",
            "resolution_count",
        ]


class WithdrawInputSerializer(serializers.Serializer):
    """Why a session, agenda item or document typed in error is withdrawn (never deleted)."""

    reason = serializers.CharField(max_length=255)


class SessionCreateInputSerializer(serializers.Serializer):
    council = VisibleRelatedField(Council)
    term = BoundedPrimaryKeyRelatedField(queryset=Term.objects.all())  # terms are national
    number = serializers.CharField(max_length=20)
    kind = EnumField(Session.Kind)
    title = optional_text(255)
    planned_start = date_field()
    planned_end = date_field()
    place = optional_text(255)
    convening_number = optional_text(50)
    convening_date = date_field(required=False)
    confirm_overlap = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Gửi true để vẫn lưu khi Hội đồng đã có kỳ họp khác trùng thời gian; nếu không, "
            "yêu cầu bị từ chối (400, khóa confirm_overlap)."
        ),
    )


class SessionTransitionInputSerializer(serializers.Serializer):
    to_status = EnumField(Session.Status)
    on = date_field(required=False, help_text=_("Ngày gửi tài liệu, khai mạc hoặc bế mạc."))
    note = optional_text(255)


# --- sittings and attendance ----------------------------------------------------------------


class SittingOutputSerializer(serializers.ModelSerializer):
    part = EnumField(Sitting.Part, read_only=True)
    present = serializers.IntegerField(read_only=True)
    excused = serializers.IntegerField(read_only=True)
    absent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Sitting
        fields = ["id", "session_id", "on", "part", "closed", "present", "excused", "absent"]


class SittingCreateInputSerializer(serializers.Serializer):
    session = VisibleRelatedField(Session)
    on = date_field()
    part = EnumField(Sitting.Part)
    closed = serializers.BooleanField(required=False, default=False)


class AttendanceOutputSerializer(serializers.ModelSerializer):
    session_id = serializers.IntegerField(source="sitting.session_id", read_only=True)
    delegate = serializers.CharField(source="delegate.full_name", read_only=True)
    status = EnumField(Attendance.Status, read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "sitting_id", "session_id", "delegate_id", "delegate", "status", "note"]


class AttendanceEntryInputSerializer(serializers.Serializer):
    delegate = IdField()
    status = EnumField(Attendance.Status)
    note = optional_text(255)


class AttendanceRecordInputSerializer(serializers.Serializer):
    entries = AttendanceEntryInputSerializer(many=True, allow_empty=False)

    def validate_entries(self, rows: list[dict]) -> list[dict]:
        check_delegates(self.context, rows)
        return rows


class QuorumOutputSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    present = serializers.IntegerField()
    required = serializers.IntegerField()
    met = serializers.BooleanField()


class AttendanceRecordOutputSerializer(serializers.Serializer):
    written = serializers.IntegerField(help_text=_("Số dòng điểm danh được ghi mới hoặc sửa."))
    sitting = SittingOutputSerializer()
    quorum = QuorumOutputSerializer()


# --- agenda ---------------------------------------------------------------------------------


class AgendaItemOutputSerializer(serializers.ModelSerializer):
    kind = EnumField(AgendaItem.Kind, read_only=True)
    vote_rule = EnumField(AgendaItem.VoteRule, read_only=True)
    presenter = serializers.CharField(source="presenter.name", read_only=True, allow_null=True)
    reviewer = serializers.CharField(source="reviewer.name", read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "session_id",
            "position",
            "title",
            "kind",
            "presenter_id",
            "presenter",
            "reviewer_id",
            "reviewer",
            "sitting_id",
            "starts_at",
            "ends_at",
            "vote_rule",
        ]


class AgendaItemCreateInputSerializer(serializers.Serializer):
    session = VisibleRelatedField(Session)
    title = serializers.CharField(max_length=500)
    kind = EnumField(AgendaItem.Kind)
    presenter = optional(Agency)
    reviewer = optional(Body)
    sitting = optional(Sitting)
    starts_at = serializers.TimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.TimeField(required=False, allow_null=True, default=None)
    vote_rule = EnumField(AgendaItem.VoteRule, required=False, default=AgendaItem.VoteRule.MAJORITY)
    position = serializers.IntegerField(
        min_value=1, max_value=SMALL_MAX, required=False, allow_null=True, default=None
    )


# --- documents ------------------------------------------------------------------------------


class DocumentVersionOutputSerializer(VersionOutputSerializer):
    class Meta(VersionOutputSerializer.Meta):
        model = DocumentVersion

    def download_path(self, version: DocumentVersion) -> str:
        """The scoped download page of a version."""
        try:
            return reverse("sessions:document_download", args=[version.pk])
        except NoReverseMatch:  # the page lands with the session pages; same path, by hand
            return f"/sessions/documents/versions/{version.pk}/download/"


class DocumentOutputSerializer(serializers.ModelSerializer):
    """A paper as `selectors.document_list` selects it: a confidential one the caller may not
    see comes with a neutral title and no versions."""

    kind = EnumField(Document.Kind, read_only=True)
    title = serializers.CharField(source="shown_title", read_only=True)
    versions = DocumentVersionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "session_id",
            "item_id",
            "kind",
            "title",
            "reference",
            "sent_on",
            "confidential",
            "current_version",
            "versions",
        ]


class DocumentUploadInputSerializer(serializers.Serializer):
    session = VisibleRelatedField(Session)
    item = optional(AgendaItem)
    kind = EnumField(Document.Kind)
    title = serializers.CharField(max_length=500)
    reference = optional_text(60)
    confidential = serializers.BooleanField(required=False, default=False)
    sent_on = date_field(required=False)
    file = serializers.FileField(help_text=_("PDF, Word (.docx), Excel (.xlsx), PNG hoặc JPEG."))


class DocumentReplaceInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("PDF, Word (.docx), Excel (.xlsx), PNG hoặc JPEG."))
    note = optional_text(255)


# --- votes ----------------------------------------------------------------------------------


class VoteOutputSerializer(serializers.ModelSerializer):
    session_id = serializers.IntegerField(source="item.session_id", read_only=True)
    method = EnumField(Vote.Method, read_only=True)
    vote_rule = EnumField(AgendaItem.VoteRule, source="rule", read_only=True)
    absent = serializers.IntegerField(read_only=True)
    passed = serializers.BooleanField(
        read_only=True, help_text=_("Tán thành ≥ số phiếu cần đạt, tính trên tổng số đại biểu.")
    )
    percent_present = ShareOfTotalField("present")
    percent_for = ShareOfTotalField("votes_for")
    percent_against = ShareOfTotalField("votes_against")
    percent_abstain = ShareOfTotalField("votes_abstain")
    percent_absent = ShareOfTotalField("absent")

    class Meta:
        model = Vote
        fields = [
            "id",
            "item_id",
            "session_id",
            "subject",
            "held_on",
            "method",
            "vote_rule",
            "by_ballots",
            "total_delegates",
            "required",
            "present",
            "absent",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "passed",
            "percent_present",
            "percent_for",
            "percent_against",
            "percent_abstain",
            "percent_absent",
        ]


class BallotInputSerializer(serializers.Serializer):
    delegate = IdField()
    choice = EnumField(Ballot.Choice)


COUNTS = ("votes_for", "votes_against", "votes_abstain")


class VoteRecordInputSerializer(serializers.Serializer):
    """Counts (present, for, against, abstain), or one ballot per delegate and no counts."""

    item = VisibleRelatedField(AgendaItem)
    held_on = date_field()
    method = EnumField(Vote.Method)
    subject = optional_text(500)
    total_delegates = serializers.IntegerField(
        min_value=1,
        max_value=SMALL_MAX,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Mặc định: số đại biểu đang có vào ngày biểu quyết."),
    )
    present = serializers.IntegerField(
        min_value=0, max_value=SMALL_MAX, required=False, allow_null=True, default=None
    )
    votes_for = serializers.IntegerField(
        min_value=0, max_value=SMALL_MAX, required=False, allow_null=True, default=None
    )
    votes_against = serializers.IntegerField(
        min_value=0, max_value=SMALL_MAX, required=False, allow_null=True, default=None
    )
    votes_abstain = serializers.IntegerField(
        min_value=0, max_value=SMALL_MAX, required=False, allow_null=True, default=None
    )
    ballots = BallotInputSerializer(many=True, required=False, allow_empty=False)

    def validate_ballots(self, rows: list[dict]) -> list[dict]:
        check_delegates(self.context, rows)
        return rows

    def validate(self, attrs: dict) -> dict:
        if "ballots" in attrs:
            given = [name for name in COUNTS if attrs.get(name) is not None]
            if given:
                message = _("Đã gửi phiếu từng đại biểu: số phiếu được tính từ phiếu, không nhập.")
                raise serializers.ValidationError(dict.fromkeys(given, message))
        else:
            missing = [name for name in ("present", *COUNTS) if attrs.get(name) is None]
            if missing:
                message = _("Nhập số phiếu, hoặc gửi phiếu của từng đại biểu.")
                raise serializers.ValidationError(dict.fromkeys(missing, message))
        return attrs


# --- questioning ----------------------------------------------------------------------------


class QuestionOutputSerializer(serializers.ModelSerializer):
    asked_by = serializers.CharField(source="asked_by.full_name", read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True, allow_null=True)
    commitments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "session_id",
            "asked_by_id",
            "asked_by",
            "respondent",
            "respondent_title",
            "agency_id",
            "agency",
            "content",
            "answer",
            "answered_on",
            "written_answer_due",
            "commitments",
        ]


class QuestionCreateInputSerializer(serializers.Serializer):
    session = VisibleRelatedField(Session)
    asked_by = VisibleRelatedField(Delegate)
    respondent = serializers.CharField(max_length=200)
    respondent_title = serializers.CharField(max_length=200)
    content = serializers.CharField()
    agency = optional(Agency)
    answer = optional_text()
    answered_on = date_field(required=False)
    written_answer_due = date_field(required=False)


class QuestionAnswerInputSerializer(serializers.Serializer):
    answer = serializers.CharField()
    answered_on = date_field()


# --- confidence polls -----------------------------------------------------------------------


def _poll_base(entry: ConfidenceEntry) -> int:
    """The denominator the council's setting chose when the poll was opened."""
    poll = entry.poll
    if poll.denominator == ConfidencePoll.Denominator.BALLOTS and entry.ballots_issued:
        return entry.ballots_issued
    return poll.total_delegates


class ConfidenceEntryOutputSerializer(serializers.ModelSerializer):
    base = serializers.SerializerMethodField(help_text=_("Mẫu số của các tỷ lệ phần trăm."))
    high_percent = serializers.SerializerMethodField(allow_null=True)
    confidence_percent = serializers.SerializerMethodField(allow_null=True)
    low_percent = serializers.SerializerMethodField(allow_null=True)
    low_percent_of_delegates = serializers.SerializerMethodField(allow_null=True)
    consequence = serializers.SerializerMethodField()

    class Meta:
        model = ConfidenceEntry
        fields = [
            "id",
            "position",
            "full_name",
            "office",
            "delegate_id",
            "ballots_issued",
            "ballots_returned",
            "ballots_valid",
            "high",
            "confidence",
            "low",
            "base",
            "high_percent",
            "confidence_percent",
            "low_percent",
            "low_percent_of_delegates",
            "consequence",
            "follow_up",
        ]

    def get_base(self, entry: ConfidenceEntry) -> int:
        return _poll_base(entry)

    @extend_schema_field(PERCENT)
    def get_high_percent(self, entry: ConfidenceEntry) -> str | None:
        return share(entry.high, _poll_base(entry))

    @extend_schema_field(PERCENT)
    def get_confidence_percent(self, entry: ConfidenceEntry) -> str | None:
        return share(entry.confidence, _poll_base(entry))

    @extend_schema_field(PERCENT)
    def get_low_percent(self, entry: ConfidenceEntry) -> str | None:
        return share(entry.low, _poll_base(entry))

    @extend_schema_field(PERCENT)
    def get_low_percent_of_delegates(self, entry: ConfidenceEntry) -> str | None:
        return share(entry.low, entry.poll.total_delegates)

    @extend_schema_field(EnumField(ConfidenceEntry.Consequence))
    def get_consequence(self, entry: ConfidenceEntry) -> str:
        return selectors.confidence_consequence(entry, entry.poll)


class ConfidencePollOutputSerializer(serializers.ModelSerializer):
    kind = EnumField(ConfidencePoll.Kind, read_only=True)
    status = EnumField(ConfidencePoll.Status, read_only=True)
    denominator = EnumField(ConfidencePoll.Denominator, read_only=True)
    entries = ConfidenceEntryOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ConfidencePoll
        fields = [
            "id",
            "session_id",
            "kind",
            "status",
            "held_on",
            "total_delegates",
            "denominator",
            "entries",
        ]

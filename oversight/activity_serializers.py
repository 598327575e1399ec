"""Shapes of the programme, activity and recommendation API (STYLE.md §2.7): input serializers
check shape only and resolve every id within the caller's scope; output fields are explicit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.attachment_serializers import VersionOutputSerializer
from core.serializers import EnumField, VisibleRelatedField, date_field, optional, optional_text
from core.validation import YEAR_MAX, YEAR_MIN
from councils.models import Agency, Body, Council, Delegate
from followups.models import Obligation, Unit
from oversight.activities import (
    ActivityDocument,
    ActivityDocumentVersion,
    ActivityKind,
    ActivityMember,
    OversightActivity,
    OversightProgramme,
    ProgrammeItem,
    Recommendation,
    ReportRequest,
    Visit,
)
from oversight.models import ExplanationHearing
from resolutions.models import Field, Resolution


def _year() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)


# --- programmes ----------------------------------------------------------------------------------


class ProgrammeItemOutputSerializer(serializers.ModelSerializer):
    kind = EnumField(ActivityKind, name="OversightKind", read_only=True)
    agency_ids = serializers.PrimaryKeyRelatedField(source="agencies", many=True, read_only=True)

    class Meta:
        model = ProgrammeItem
        fields = ["id", "programme_id", "topic", "kind", "body_id", "agency_ids", "quarter"]


class ProgrammeOutputSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name", read_only=True)
    body = serializers.CharField(source="body.name", read_only=True, allow_null=True)
    status = EnumField(OversightProgramme.Status, name="ProgrammeStatus", read_only=True)
    resolution_number = serializers.CharField(
        source="resolution.number", read_only=True, allow_null=True
    )

    class Meta:
        model = OversightProgramme
        fields = [
            "id",
            "council_id",
            "council",
            "year",
            "body_id",
            "body",
            "title",
            "status",
            "resolution_id",
            "resolution_number",
            "document_number",
            "adopted_on",
        ]


class ProgrammeCreateInputSerializer(serializers.Serializer):
    council = VisibleRelatedField(Council)
    year = _year()
    title = serializers.CharField(max_length=500)
    body = optional(Body)


class ProgrammeUpdateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)


class ProgrammeAdoptInputSerializer(serializers.Serializer):
    adopted_on = date_field()
    resolution = optional(Resolution)
    document_number = optional_text(60)


class ProgrammeItemInputSerializer(serializers.Serializer):
    topic = serializers.CharField(max_length=500)
    kind = EnumField(ActivityKind, name="OversightKind")
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    body = optional(Body)
    agencies = VisibleRelatedField(Agency, many=True, required=False, default=list)
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=0)


# --- activities ----------------------------------------------------------------------------------


class ActivityOutputSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name", read_only=True)
    body = serializers.CharField(source="body.name", read_only=True, allow_null=True)
    kind = EnumField(ActivityKind, name="OversightKind", read_only=True)
    status = EnumField(OversightActivity.Status, name="ActivityStatus", read_only=True)
    legal_basis = serializers.CharField(read_only=True)
    recommendation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = OversightActivity
        fields = [
            "id",
            "council_id",
            "council",
            "kind",
            "body_id",
            "body",
            "programme_item_id",
            "year",
            "topic",
            "status",
            "period_from",
            "period_to",
            "decision_number",
            "decision_date",
            "plan_number",
            "plan_date",
            "invited_members",
            "findings",
            "general_assessment",
            "advantages_difficulties",
            "results",
            "shortcomings_causes",
            "proposals",
            "concluded_on",
            "conclusion_reference",
            "reoversight_of_id",
            "legal_basis",
            "recommendation_count",
        ]


class ActivityCreateInputSerializer(serializers.Serializer):
    council = VisibleRelatedField(Council)
    kind = EnumField(ActivityKind, name="OversightKind")
    topic = serializers.CharField(max_length=500)
    year = _year()
    body = optional(Body)
    programme_item = optional(ProgrammeItem)
    agencies = VisibleRelatedField(Agency, many=True, required=False, default=list)
    period_from = date_field(required=False)
    period_to = date_field(required=False)
    decision_number = optional_text(60)
    decision_date = date_field(required=False)
    plan_number = optional_text(60)
    plan_date = date_field(required=False)
    invited_members = optional_text()
    reoversight_of = optional(OversightActivity)


class ActivityUpdateInputSerializer(serializers.Serializer):
    """Only the fields sent are changed (PATCH)."""

    topic = serializers.CharField(max_length=500, required=False)
    agencies = VisibleRelatedField(Agency, many=True, required=False)
    period_from = date_field(required=False)
    period_to = date_field(required=False)
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    decision_date = date_field(required=False)
    plan_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    plan_date = date_field(required=False)
    invited_members = serializers.CharField(required=False, allow_blank=True)
    findings = serializers.CharField(required=False, allow_blank=True)


class ActivityTransitionInputSerializer(serializers.Serializer):
    to = EnumField(OversightActivity.Status, name="ActivityStatus")
    note = optional_text(255)


class ActivityConcludeInputSerializer(serializers.Serializer):
    general_assessment = serializers.CharField()
    advantages_difficulties = serializers.CharField()
    results = serializers.CharField()
    shortcomings_causes = serializers.CharField()
    proposals = serializers.CharField()
    concluded_on = date_field()
    conclusion_reference = optional_text(60)


class ActivityMemberInputSerializer(serializers.Serializer):
    delegate = VisibleRelatedField(Delegate)
    role = EnumField(ActivityMember.Role, name="DelegationRole")


class ActivityMembersInputSerializer(serializers.Serializer):
    members = ActivityMemberInputSerializer(many=True)
    invited_members = serializers.CharField(required=False, allow_blank=True, allow_null=True)


class ActivityMemberOutputSerializer(serializers.ModelSerializer):
    delegate = serializers.CharField(source="delegate.full_name", read_only=True)
    role = EnumField(ActivityMember.Role, name="DelegationRole", read_only=True)

    class Meta:
        model = ActivityMember
        fields = ["id", "delegate_id", "delegate", "role"]


class VisitInputSerializer(serializers.Serializer):
    visit_on = date_field()
    agency = optional(Agency)
    place = optional_text(255)
    note = optional_text(1000)


class VisitOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = ["id", "activity_id", "visit_on", "agency_id", "place", "note"]


class ReportRequestInputSerializer(serializers.Serializer):
    agency = VisibleRelatedField(Agency)
    subject = serializers.CharField(max_length=500)
    requested_on = date_field()
    due_on = date_field()
    reference = optional_text(60)


class ReportRequestOutputSerializer(serializers.ModelSerializer):
    due_on = serializers.DateField(read_only=True)
    received_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = ReportRequest
        fields = [
            "id",
            "activity_id",
            "agency_id",
            "subject",
            "requested_on",
            "reference",
            "supplements_id",
            "obligation_id",
            "due_on",
            "received_on",
        ]


# --- recommendations -----------------------------------------------------------------------------


class RecommendationOutputSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name", read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)
    field = EnumField(Field, name="ResolutionField", read_only=True)
    body_id = serializers.IntegerField(source="activity.body_id", read_only=True, allow_null=True)
    due_on = serializers.DateField(source="obligation.due_on", read_only=True)
    outcome = serializers.CharField(source="obligation.outcome", read_only=True)
    ended_on = serializers.DateField(source="obligation.ended_on", read_only=True, allow_null=True)
    exclusion = serializers.CharField(source="obligation.exclusion", read_only=True)
    state = EnumField(
        Obligation.State,
        name="ObligationState",
        source="state_code",
        read_only=True,
        help_text=_("Suy ra từ thời hạn, không lưu."),
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "council_id",
            "council",
            "activity_id",
            "body_id",
            "agency_id",
            "agency",
            "content",
            "field",
            "issued_on",
            "obligation_id",
            "due_on",
            "state",
            "outcome",
            "ended_on",
            "exclusion",
            "resolution_id",
            "reoversight_id",
        ]


class RecommendationCreateInputSerializer(serializers.Serializer):
    activity = VisibleRelatedField(OversightActivity)
    agency = VisibleRelatedField(Agency)
    content = serializers.CharField()
    field = EnumField(Field, name="ResolutionField")
    due_on = date_field(required=False, help_text=_("Hạn ghi trong báo cáo; hoặc thời hạn."))
    term_count = serializers.IntegerField(min_value=1, max_value=3650, required=False)
    term_unit = EnumField(Unit, name="FollowupUnit", required=False, default="")
    issued_on = date_field(required=False, help_text=_("Mặc định: ngày báo cáo kết quả."))
    resolution = optional(Resolution)
    exclusion = EnumField(
        Obligation.Exclusion, name="ObligationExclusion", required=False, default=""
    )
    exclusion_document_number = optional_text(60)
    exclusion_document_date = date_field(required=False)
    exclusion_reason = optional_text(500)


class RecommendationUpdateInputSerializer(serializers.Serializer):
    content = serializers.CharField()
    field = EnumField(Field, name="ResolutionField")
    resolution = optional(Resolution)


class RecommendationHearingInputSerializer(serializers.Serializer):
    hearing = VisibleRelatedField(ExplanationHearing)
    note = optional_text(1000)


class RecommendationCountsOutputSerializer(serializers.Serializer):
    """The official counting (DOMAIN.md §9): only what fell due is the denominator."""

    total = serializers.IntegerField()
    fell_due = serializers.IntegerField()
    done = serializers.IntegerField()
    done_share = serializers.CharField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    partly_done = serializers.IntegerField()
    not_done = serializers.IntegerField()
    not_carried_out = serializers.IntegerField()
    not_meeting_requirement = serializers.IntegerField()
    open_overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    roadmap = serializers.IntegerField()
    exempted = serializers.IntegerField()


# --- documents -----------------------------------------------------------------------------------


class ActivityDocumentVersionOutputSerializer(VersionOutputSerializer):
    class Meta(VersionOutputSerializer.Meta):
        model = ActivityDocumentVersion

    def download_path(self, version: ActivityDocumentVersion) -> str:
        return reverse("oversight-document-download", args=[version.document_id, version.pk])


class ActivityDocumentOutputSerializer(serializers.ModelSerializer):
    kind = EnumField(ActivityDocument.Kind, read_only=True)
    versions = ActivityDocumentVersionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ActivityDocument
        fields = [
            "id",
            "activity_id",
            "kind",
            "title",
            "reference",
            "issued_on",
            "current_version",
            "versions",
        ]

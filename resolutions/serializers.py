"""Shapes of the resolution API (STYLE.md §2.7); ids resolve within the caller's scope."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import EnumField, VisibleRelatedField, date_field, optional, optional_text
from councils.models import Agency, Council
from followups.models import Obligation, Step
from resolutions.models import (
    Field,
    ImplementationReport,
    ImplementationTask,
    Resolution,
    ResolutionLink,
)
from sessions.models import AgendaItem, Session, Vote


class ResolutionLinkOutputSerializer(serializers.ModelSerializer):
    kind = EnumField(ResolutionLink.Kind, read_only=True)
    source_number = serializers.CharField(source="source.number", read_only=True)
    target_number = serializers.CharField(source="target.number", read_only=True)

    class Meta:
        model = ResolutionLink
        fields = [
            "id",
            "kind",
            "effective_on",
            "source_id",
            "source_number",
            "target_id",
            "target_number",
        ]


class ResolutionOutputSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name", read_only=True)
    kind = EnumField(Resolution.Kind, read_only=True)
    field = EnumField(Field, name="ResolutionField", read_only=True)
    status = EnumField(Resolution.Status, read_only=True)
    has_overdue = serializers.BooleanField(
        read_only=True, help_text=_("Có nhiệm vụ triển khai quá hạn (suy ra, không lưu).")
    )
    links_out = ResolutionLinkOutputSerializer(
        many=True, read_only=True, help_text=_("Nghị quyết này sửa đổi, thay thế, bãi bỏ.")
    )
    links_in = ResolutionLinkOutputSerializer(
        many=True, read_only=True, help_text=_("Nghị quyết này bị sửa đổi, thay thế, bãi bỏ bởi.")
    )

    class Meta:
        model = Resolution
        fields = [
            "id",
            "council_id",
            "council",
            "kind",
            "number",
            "year",
            "sequence",
            "title",
            "field",
            "status",
            "session_id",
            "item_id",
            "vote_id",
            "adopted_on",
            "issued_on",
            "effective_on",
            "effective_to",
            "signer",
            "signed_file_name",
            "has_overdue",
            "links_out",
            "links_in",
        ]


class ResolutionCreateInputSerializer(serializers.Serializer):
    council = VisibleRelatedField(Council)
    kind = EnumField(Resolution.Kind)
    title = serializers.CharField(max_length=1000)
    field = EnumField(Field, name="ResolutionField")
    session = optional(Session)
    item = optional(AgendaItem)
    vote = optional(Vote)
    adopted_on = date_field(
        required=False, help_text=_("Khi đã thông qua: nghị quyết vào thẳng trạng thái này.")
    )


class ResolutionTransitionInputSerializer(serializers.Serializer):
    to_status = EnumField(Resolution.Status)
    on = date_field(required=False)
    note = optional_text(255)


class ResolutionIssueInputSerializer(serializers.Serializer):
    issued_on = date_field()
    effective_on = date_field(
        required=False, help_text=_("Đọc từ văn bản nghị quyết, hệ thống không tự tính.")
    )
    signer = optional_text(120)
    signed_file = serializers.FileField(required=False, help_text=_("Bản ký, tệp PDF."))


class ResolutionLinkInputSerializer(serializers.Serializer):
    target = VisibleRelatedField(Resolution)
    kind = EnumField(ResolutionLink.Kind)
    effective_on = date_field()


class TaskOutputSerializer(serializers.ModelSerializer):
    resolution_number = serializers.CharField(source="resolution.number", read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)
    due_on = serializers.DateField(
        read_only=True, help_text=_("Hạn của việc theo dõi, sau các lần gia hạn.")
    )
    next_report_due = serializers.DateField(read_only=True, allow_null=True)
    status = EnumField(ImplementationTask.Status, read_only=True)
    completed_on = serializers.DateField(read_only=True, allow_null=True)
    state = EnumField(
        Obligation.State,
        name="ObligationState",
        read_only=True,
        help_text=_("Suy ra từ thời hạn, không lưu."),
    )
    overdue = serializers.BooleanField(
        read_only=True, help_text=_("Nhiệm vụ hoặc báo cáo định kỳ quá hạn (suy ra, không lưu).")
    )
    report_count = serializers.IntegerField(read_only=True)
    extension_count = serializers.IntegerField(read_only=True)
    last_step = EnumField(Step, name="EscalationStep", read_only=True, allow_null=True)

    class Meta:
        model = ImplementationTask
        fields = [
            "id",
            "resolution_id",
            "resolution_number",
            "agency_id",
            "agency",
            "description",
            "obligation_id",
            "due_on",
            "report_every_months",
            "next_report_due",
            "status",
            "completed_on",
            "state",
            "overdue",
            "report_count",
            "extension_count",
            "last_step",
        ]


class TaskCreateInputSerializer(serializers.Serializer):
    resolution = VisibleRelatedField(Resolution)
    agency = VisibleRelatedField(Agency)
    description = serializers.CharField()
    due_on = date_field(required=False)
    report_every_months = serializers.IntegerField(
        min_value=1, max_value=120, required=False, allow_null=True
    )
    first_report_due = date_field(required=False)


class TaskReportOutputSerializer(serializers.ModelSerializer):
    kind = EnumField(ImplementationReport.Kind, read_only=True)
    reported_on = serializers.DateField(source="report.reported_on", read_only=True)
    reference = serializers.CharField(source="report.reference", read_only=True)
    content = serializers.CharField(source="report.content", read_only=True)
    progress = serializers.IntegerField(source="report.progress", read_only=True, allow_null=True)
    author = serializers.StringRelatedField(source="report.author")

    class Meta:
        model = ImplementationReport
        fields = [
            "id",
            "task_id",
            "kind",
            "reported_on",
            "reference",
            "content",
            "progress",
            "author",
        ]


class TaskReportInputSerializer(serializers.Serializer):
    kind = EnumField(ImplementationReport.Kind)
    reported_on = date_field()
    content = serializers.CharField()
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    reference = optional_text(60)

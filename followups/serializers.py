"""Shapes of the follow-up API (STYLE.md §2.7): one input serializer per action."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import EnumField, date_field, optional_text
from followups.models import (
    EscalationEvent,
    Obligation,
    ObligationExtension,
    ObligationReport,
    Step,
)


class ObligationOutputSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name", read_only=True)
    kind = EnumField(Obligation.Kind, name="ObligationKind", read_only=True)
    owed_by = serializers.CharField(
        source="owed_by_name", read_only=True, help_text=_("Tên cơ quan thực hiện.")
    )
    term_unit = serializers.CharField(
        read_only=True, help_text=_("calendar_days, working_days, months; trống khi hạn cố định.")
    )
    state = EnumField(
        Obligation.State,
        name="ObligationState",
        read_only=True,
        help_text=_("Suy ra từ hạn và ngày hôm nay (giờ Việt Nam), không lưu."),
    )
    outcome = serializers.CharField(
        read_only=True, help_text=_("Kết quả khi đã kết thúc; trống khi đang theo dõi.")
    )
    exclusion = serializers.CharField(
        read_only=True, help_text=_("roadmap, exempted: không tính vào số đã đến hạn.")
    )

    class Meta:
        model = Obligation
        fields = [
            "id",
            "council_id",
            "council",
            "kind",
            "title",
            "content",
            "owed_by_id",
            "owed_by",
            "start_on",
            "term_count",
            "term_unit",
            "fixed_due_on",
            "due_on",
            "state",
            "outcome",
            "ended_on",
            "outcome_note",
            "exclusion",
            "exclusion_document_number",
            "exclusion_document_date",
            "exclusion_reason",
        ]


class ObligationExtensionOutputSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = ObligationExtension
        fields = [
            "id",
            "obligation_id",
            "previous_due_on",
            "new_due_on",
            "reason",
            "document_number",
            "document_date",
            "actor",
            "at",
        ]


class ObligationReportOutputSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = ObligationReport
        fields = [
            "id",
            "obligation_id",
            "reported_on",
            "reference",
            "content",
            "progress",
            "author",
        ]


class EscalationEventOutputSerializer(serializers.ModelSerializer):
    step = EnumField(Step, name="EscalationStep", read_only=True)
    actor = serializers.StringRelatedField()

    class Meta:
        model = EscalationEvent
        fields = [
            "id",
            "obligation_id",
            "step",
            "happened_on",
            "note",
            "document_number",
            "document_date",
            "actor",
            "at",
        ]


class ObligationExtendInputSerializer(serializers.Serializer):
    new_due_on = date_field()
    reason = serializers.CharField(max_length=500)
    document_number = serializers.CharField(max_length=60)
    document_date = date_field()


class ObligationReportInputSerializer(serializers.Serializer):
    reported_on = date_field()
    content = serializers.CharField(max_length=20000)
    reference = optional_text(60)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=20,
        help_text=_("Tệp minh chứng (PDF, Word, Excel, ảnh), gửi dạng multipart."),
    )


class ObligationEscalateInputSerializer(serializers.Serializer):
    step = EnumField(Step, name="EscalationStep")
    happened_on = date_field()
    note = optional_text(1000)
    document_number = optional_text(60)
    document_date = date_field(required=False)


class ObligationCloseInputSerializer(serializers.Serializer):
    outcome = EnumField(Obligation.Outcome, name="ObligationOutcome")
    ended_on = date_field()
    outcome_note = optional_text(1000)


class ObligationReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)

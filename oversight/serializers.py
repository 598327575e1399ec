"""API output of oversight records (module level: unique component names in the schema)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import EnumField
from oversight.models import Commitment


class CommitmentOutputSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name", read_only=True)
    session_id = serializers.IntegerField(
        source="question.session_id", read_only=True, allow_null=True
    )
    status = EnumField(Commitment.Status, read_only=True)
    overdue = serializers.BooleanField(
        read_only=True, help_text=_("Suy ra từ thời hạn, không lưu.")
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "council_id",
            "council",
            "question_id",
            "hearing_id",
            "session_id",
            "content",
            "responsible",
            "due_on",
            "status",
            "kept_on",
            "progress",
            "overdue",
        ]

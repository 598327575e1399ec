"""API output of oversight records (module level: unique component names in the schema)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import EnumField
from followups.models import Obligation
from oversight.models import Commitment


class CommitmentOutputSerializer(serializers.ModelSerializer):
    """A commitment and what the follow-up engine holds of it (its obligation: `obligation_id`,
    at /api/obligations/, with its extensions, reports and escalation steps)."""

    council = serializers.CharField(source="council.name", read_only=True)
    session_id = serializers.IntegerField(
        source="question.session_id", read_only=True, allow_null=True
    )
    due_on = serializers.DateField(
        read_only=True, help_text=_("Hạn của việc theo dõi, sau các lần gia hạn.")
    )
    status = EnumField(Commitment.Status, read_only=True)
    kept_on = serializers.DateField(read_only=True, allow_null=True)
    state = EnumField(
        Obligation.State,
        name="ObligationState",
        read_only=True,
        help_text=_("Suy ra từ thời hạn, không lưu."),
    )
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
            "obligation_id",
            "due_on",
            "status",
            "kept_on",
            "state",
            "overdue",
        ]

"""Shapes of the voters API (STYLE.md §2.7); ids resolve within the caller's scope, and the
citizens' personal data is masked in every output unless the reader has the capability."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import (
    EnumField,
    IdField,
    VisibleRelatedField,
    date_field,
    optional,
    optional_text,
)
from councils.models import Agency, Body, Council, Delegate
from followups.models import Obligation
from sessions.models import Session
from voters.models import (
    Competence,
    ContactMeeting,
    Field,
    Letter,
    LetterCategory,
    PetitionItem,
    Reception,
    ReceptionSchedule,
)
from voters.selectors import mask_personal_data

PERSONAL_HELP = _("Dữ liệu cá nhân: che bớt khi người xem không có quyền xem dữ liệu cá nhân.")


class _Masked(serializers.ModelSerializer):
    """Masks the citizens' data of the row before any field reads it."""

    personal_visible = serializers.BooleanField(
        read_only=True, help_text=_("Người xem được xem dữ liệu cá nhân của công dân.")
    )

    def to_representation(self, instance):
        return super().to_representation(mask_personal_data(instance))


class _Followed(serializers.ModelSerializer):
    """The answer owed, read from the follow-up engine (state derived, never stored)."""

    due_on = serializers.DateField(source="obligation.due_on", read_only=True, allow_null=True)
    obligation_state = EnumField(
        Obligation.State,
        name="ObligationState",
        read_only=True,
        allow_blank=True,
        help_text=_("Tình trạng của việc theo dõi; trống khi chưa chuyển."),
    )
    overdue = serializers.BooleanField(read_only=True)
    agency = serializers.CharField(source="agency_name", read_only=True)


class MeetingOutputSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name", read_only=True)
    kind = EnumField(ContactMeeting.Kind, name="ContactMeetingKind", read_only=True)

    class Meta:
        model = ContactMeeting
        fields = [
            "id",
            "council_id",
            "council",
            "kind",
            "session_id",
            "held_on",
            "place",
            "voters_count",
            "front_cohost",
            "minutes",
            "delegate_id",
        ]


class MeetingCreateInputSerializer(serializers.Serializer):
    council = VisibleRelatedField(Council)
    kind = EnumField(ContactMeeting.Kind, name="ContactMeetingKind")
    held_on = date_field()
    place = serializers.CharField(max_length=255)
    session = optional(Session)
    voters_count = serializers.IntegerField(
        min_value=0, max_value=100000, required=False, allow_null=True
    )
    front_cohost = optional_text(255)
    minutes = optional_text(50000)
    delegates = VisibleRelatedField(Delegate, many=True, required=False, default=list)
    delegate = optional(Delegate)


class PetitionItemOutputSerializer(_Masked, _Followed):
    council = serializers.CharField(source="council.name", read_only=True)
    status = EnumField(PetitionItem.Status, name="PetitionItemStatus", read_only=True)
    competence = EnumField(Competence, read_only=True, allow_blank=True)
    field = EnumField(Field, name="ResolutionField", read_only=True, allow_blank=True)
    assessment = EnumField(
        PetitionItem.Assessment, name="PetitionAssessment", read_only=True, allow_blank=True
    )
    meeting_id = serializers.IntegerField(
        source="petition.meeting_id", read_only=True, allow_null=True
    )
    voter_name = serializers.CharField(
        source="petition.voter_name", read_only=True, help_text=PERSONAL_HELP
    )
    voter_address = serializers.CharField(
        source="petition.voter_address", read_only=True, help_text=PERSONAL_HELP
    )

    class Meta:
        model = PetitionItem
        fields = [
            "id",
            "council_id",
            "council",
            "petition_id",
            "meeting_id",
            "raised_on",
            "content",
            "status",
            "competence",
            "field",
            "ban_id",
            "merged_into_id",
            "repeated_from_id",
            "agency_id",
            "agency",
            "transfer_number",
            "transfer_date",
            "due_on",
            "obligation_state",
            "overdue",
            "answered_on",
            "answer",
            "answer_file_name",
            "assessment",
            "assessed_on",
            "voters_informed_on",
            "voter_name",
            "voter_address",
            "personal_visible",
        ]


class SuggestionOutputSerializer(serializers.ModelSerializer):
    similarity = serializers.FloatField(read_only=True)
    council = serializers.CharField(source="council.name", read_only=True)

    class Meta:
        model = PetitionItem
        fields = ["id", "council_id", "council", "raised_on", "content", "similarity"]


class SuggestionQueryInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)
    council = VisibleRelatedField(Council)


class PetitionCreateInputSerializer(serializers.Serializer):
    meeting = optional(ContactMeeting)
    council = optional(Council)
    raised_on = date_field(required=False)
    text = serializers.CharField(max_length=20000)
    voter_name = optional_text(120)
    voter_address = optional_text(255)
    items = serializers.ListField(
        child=serializers.CharField(max_length=20000),
        required=False,
        default=list,
        max_length=100,
        help_text=_("Các nội dung tách từ ý kiến; bỏ trống: cả ý kiến là một nội dung."),
    )


class PetitionClassifyInputSerializer(serializers.Serializer):
    competence = EnumField(Competence)
    field = EnumField(Field, name="ResolutionField")
    ban = optional(Body)


class PetitionMergeInputSerializer(serializers.Serializer):
    items = VisibleRelatedField(PetitionItem, many=True, allow_empty=False)


class PetitionTransferInputSerializer(serializers.Serializer):
    transfer_date = date_field()
    transfer_number = serializers.CharField(max_length=60)
    agency = optional(Agency)
    agency_text = optional_text(255)
    due_on = date_field(
        required=False, help_text=_("Hạn ghi trong văn bản chuyển; bỏ trống: theo quy định.")
    )


class PetitionAnswerInputSerializer(serializers.Serializer):
    answered_on = date_field()
    answer = serializers.CharField(max_length=50000)
    answer_file = serializers.FileField(required=False, allow_null=True, default=None)


class PetitionAssessInputSerializer(serializers.Serializer):
    assessment = EnumField(PetitionItem.Assessment, name="PetitionAssessment")
    assessed_on = date_field()


class PetitionInformInputSerializer(serializers.Serializer):
    informed_on = date_field()


class PetitionReportInputSerializer(serializers.Serializer):
    reported_on = date_field()
    report = serializers.CharField(max_length=200, help_text=_("Số báo cáo hoặc kỳ họp"))


class PetitionCloseInputSerializer(serializers.Serializer):
    closed_on = date_field()
    reason = serializers.CharField(max_length=200)


class PetitionRepeatedInputSerializer(serializers.Serializer):
    earlier = optional(PetitionItem)


class ReceptionOutputSerializer(_Masked):
    council = serializers.CharField(source="council.name", read_only=True)
    category = EnumField(LetterCategory, read_only=True)
    handling = EnumField(Reception.Handling, name="ReceptionHandling", read_only=True)
    person_name = serializers.CharField(read_only=True, help_text=PERSONAL_HELP)
    address = serializers.CharField(read_only=True, help_text=PERSONAL_HELP)
    id_number = serializers.CharField(read_only=True, help_text=PERSONAL_HELP)
    phone = serializers.CharField(read_only=True, help_text=PERSONAL_HELP)

    class Meta:
        model = Reception
        fields = [
            "id",
            "council_id",
            "council",
            "received_on",
            "person_name",
            "address",
            "id_number",
            "phone",
            "persons",
            "content",
            "category",
            "handled_before_by",
            "handling",
            "forwarded_to_id",
            "result",
            "note",
            "delegate_id",
            "receiver_name",
            "schedule_id",
            "personal_visible",
        ]


class ReceptionCreateInputSerializer(serializers.Serializer):
    council = VisibleRelatedField(Council)
    received_on = date_field()
    person_name = serializers.CharField(max_length=255)
    address = optional_text(255)
    id_number = optional_text(20)
    phone = optional_text(20)
    persons = serializers.IntegerField(min_value=1, max_value=10000, default=1)
    content = serializers.CharField(max_length=50000)
    category = EnumField(LetterCategory)
    handled_before_by = optional_text(255)
    handling = EnumField(Reception.Handling, name="ReceptionHandling")
    forwarded_to = optional(Agency)
    result = optional_text(50000)
    note = optional_text(500)
    delegate = optional(Delegate)
    receiver_name = optional_text(120)
    schedule = optional(ReceptionSchedule)


class LetterOutputSerializer(_Masked, _Followed):
    council = serializers.CharField(source="council.name", read_only=True)
    channel = EnumField(Letter.Channel, name="LetterChannel", read_only=True)
    status = EnumField(Letter.Status, name="LetterStatus", read_only=True)
    category = EnumField(LetterCategory, read_only=True, allow_blank=True)
    sender_name = serializers.CharField(read_only=True, help_text=PERSONAL_HELP)
    sender_address = serializers.CharField(read_only=True, help_text=PERSONAL_HELP)
    sender_id_number = serializers.CharField(read_only=True, help_text=PERSONAL_HELP)
    sender_phone = serializers.CharField(read_only=True, help_text=PERSONAL_HELP)

    class Meta:
        model = Letter
        fields = [
            "id",
            "council_id",
            "council",
            "received_on",
            "channel",
            "sender_name",
            "sender_address",
            "sender_id_number",
            "sender_phone",
            "signers",
            "content",
            "status",
            "category",
            "anonymous",
            "outside_competence",
            "not_eligible",
            "duplicate_of_id",
            "handled_on",
            "agency_id",
            "agency",
            "transfer_number",
            "transfer_date",
            "handling_note",
            "due_on",
            "obligation_state",
            "overdue",
            "answered_on",
            "answer",
            "personal_visible",
        ]


class LetterCreateInputSerializer(serializers.Serializer):
    council = VisibleRelatedField(Council)
    received_on = date_field()
    channel = EnumField(Letter.Channel, name="LetterChannel")
    content = serializers.CharField(max_length=50000)
    sender_name = optional_text(255)
    sender_address = optional_text(255)
    sender_id_number = optional_text(20)
    sender_phone = optional_text(20)
    signers = serializers.IntegerField(min_value=1, max_value=10000, default=1)
    anonymous = serializers.BooleanField(default=False)


class LetterClassifyInputSerializer(serializers.Serializer):
    category = EnumField(LetterCategory)
    anonymous = serializers.BooleanField(default=False)
    outside_competence = serializers.BooleanField(default=False)
    not_eligible = serializers.BooleanField(default=False)


class LetterForwardInputSerializer(serializers.Serializer):
    transfer_date = date_field()
    transfer_number = serializers.CharField(max_length=60)
    agency = optional(Agency)
    agency_text = optional_text(255)


class LetterAnswerInputSerializer(serializers.Serializer):
    answered_on = date_field()
    answer = serializers.CharField(max_length=50000)


class LetterHandleInputSerializer(serializers.Serializer):
    """Guide the citizen, or file the letter."""

    handled_on = date_field()
    handling_note = serializers.CharField(max_length=1000)


class LetterCloseInputSerializer(serializers.Serializer):
    closed_on = date_field()
    note = serializers.CharField(max_length=200)


class LetterDuplicateInputSerializer(serializers.Serializer):
    duplicate_of = optional(Letter)


class VoterReportInputSerializer(serializers.Serializer):
    """A voters' report to build (the report form's fields, checked by that same form): a
    council in scope, and a session whose contact round sets the period, or the period's days
    (dd/mm/yyyy or yyyy-mm-dd)."""

    council = IdField()
    subtree = serializers.BooleanField(required=False, default=False)
    session = IdField(required=False, allow_null=True)
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    format = serializers.ChoiceField(choices=[("pdf", "PDF"), ("docx", "DOCX")], default="pdf")

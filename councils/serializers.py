from rest_framework import serializers

from core.serializers import IdField, date_field
from councils.models import AdministrativeUnit, Agency, Council, CouncilMembership, Delegate, Term


class UnitOutputSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "name",
            "title",
            "kind",
            "level",
            "code",
            "path",
            "depth",
            "valid_from",
            "valid_to",
        ]


class CouncilOutputSerializer(serializers.ModelSerializer):
    unit = UnitOutputSerializer(read_only=True)

    class Meta:
        model = Council
        fields = ["id", "name", "valid_from", "valid_to", "unit"]


class TermOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "name", "start_on", "end_on"]


class MembershipOutputSerializer(serializers.ModelSerializer):
    term = serializers.CharField(source="term.name", read_only=True)

    class Meta:
        model = CouncilMembership
        fields = [
            "id",
            "council_id",
            "term_id",
            "term",
            "kind",
            "position",
            "constituency",
            "start_on",
            "end_on",
        ]


class DelegateOutputSerializer(serializers.ModelSerializer):
    memberships = MembershipOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Delegate
        fields = [
            "id",
            "council_id",
            "full_name",
            "gender",
            "birth_date",
            "ethnicity",
            "occupation",
            "memberships",
        ]


class DelegateInputSerializer(serializers.Serializer):
    council = IdField()
    full_name = serializers.CharField(max_length=120)
    gender = serializers.ChoiceField(
        choices=Delegate.Gender.choices, required=False, allow_blank=True
    )
    birth_date = date_field(required=False)
    ethnicity = serializers.CharField(max_length=40, required=False, allow_blank=True)
    occupation = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class AgencyOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "id",
            "council_id",
            "name",
            "kind",
            "parent_id",
            "email",
            "address",
            "valid_from",
            "valid_to",
        ]

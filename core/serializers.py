"""Serializer fields shared by every API: scoped foreign keys, named enums, dd/mm/yyyy dates;
and the output of a generated file (core.exports), which every API that queues one answers."""

from __future__ import annotations

from django.db.models import Model, TextChoices
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework import serializers

from core.models import Export
from core.validation import ID_MAX, validate_record_date

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class IdField(serializers.IntegerField):
    """A row id: an integer 1..2**63-1 (a larger one would overflow the database driver)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class BoundedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key whose id is checked for type and range before the database sees it."""

    def to_internal_value(self, data):
        IdField().run_validation(data)
        return super().to_internal_value(data)


class VisibleRelatedField(BoundedPrimaryKeyRelatedField):
    """A foreign key chosen among the rows the caller may see (STYLE.md §2.2): an id outside
    the scope is refused with the same message as an id that does not exist."""

    def __init__(self, model: type[Model], **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.none(), **kwargs)  # the model types the schema

    def get_queryset(self):
        return self.model.objects.visible_to(self.context["request"].user)


class EnumField(serializers.ChoiceField):
    """A choice among a TextChoices class, documented as one named component
    (`SessionKindEnum`): input and output share it, and the many fields called `kind` or
    `status` do not collide in the schema."""

    def __init__(self, choices: type[TextChoices], name: str = "", **kwargs):
        self.enum_name = f"{name or choices.__qualname__.replace('.', '')}Enum"
        super().__init__(choices=choices.choices, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def map_serializer_field(self, auto_schema, direction):
        schema = build_choice_field(self.target)
        schema.pop("x-spec-enum-id", None)
        component = ResolvedComponent(
            name=self.target.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=self.target.enum_name,
            schema=schema,
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class RecordDateField(serializers.DateField):
    """ISO dates, and the dd/mm/yyyy the clerks type, within the records' years."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUTS)
        super().__init__(**kwargs)
        self.validators.append(validate_record_date)


def date_field(**kwargs) -> RecordDateField:
    if kwargs.get("required") is False:
        kwargs.setdefault("allow_null", True)
    return RecordDateField(**kwargs)


def optional_text(max_length: int | None = None) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default=""
    )


def optional(model: type[Model]) -> VisibleRelatedField:
    return VisibleRelatedField(model, required=False, allow_null=True, default=None)


class TokenInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ExportOutputSerializer(serializers.Serializer):
    """A generated file of the caller's: its state, and where to follow it and fetch it."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    status = EnumField(Export.Status, "ExportStatus")
    rows = serializers.IntegerField(allow_null=True)
    filename = serializers.CharField()
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, export: Export) -> str:
        """This status, to read again until `status` is done or failed."""
        return self._absolute(reverse("export-detail", args=[export.pk]))

    def get_download_url(self, export: Export) -> str | None:
        """The file, once built (null before)."""
        if export.status != Export.Status.DONE:
            return None
        return self._absolute(reverse("export-download", args=[export.pk]))

    def get_page_url(self, export: Export) -> str:
        """The export's page in the application."""
        return self._absolute(reverse("core:export_detail", args=[export.pk]))

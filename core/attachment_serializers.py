"""The API output of a version of a document kept as files (core.attachments), one shape for
every app's documents: a concrete serializer names its version model and its download path."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.attachments import AttachmentVersion


class VersionOutputSerializer(serializers.ModelSerializer):
    """One version of a document, its file fetched through `download`."""

    # A subclass names its version model (Meta.model) and its scoped download (download_path).

    uploaded_by = serializers.StringRelatedField()
    download = serializers.SerializerMethodField()

    class Meta:
        fields = [
            "id",
            "number",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "note",
            "download",
        ]

    def download_path(self, version: AttachmentVersion) -> str:
        raise NotImplementedError

    @extend_schema_field(OpenApiTypes.URI)
    def get_download(self, version: AttachmentVersion) -> str:
        """The scoped download: files in private storage have no URL of their own."""
        path = self.download_path(version)
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

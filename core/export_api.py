"""The caller's generated files (core.exports) over the API: the list, one file's status (to
read again until it is done or failed) and its download. Any endpoint that queues a file (the
voters' reports) answers with the export's status here; another user's export is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request

from core import selectors
from core.api import ReadViewSet
from core.models import Export
from core.serializers import ExportOutputSerializer
from core.views import export_file


class ExportViewSet(ReadViewSet):
    """The caller's own generated files, newest first."""

    serializer_class = ExportOutputSerializer

    def scoped_queryset(self) -> QuerySet[Export]:
        if getattr(self, "swagger_fake_view", False):
            return Export.objects.none()
        return selectors.export_list(user=self.request.user)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="Tệp đã tạo (PDF, DOCX hoặc Excel, theo loại); 404 khi chưa xong.",
            )
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: int) -> FileResponse:
        return export_file(self.get_object())

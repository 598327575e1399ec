"""REST endpoints for the resolution register and implementation tracking, scoped like the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ReadViewSet, shown, validated
from resolutions import selectors, services
from resolutions.filters import ResolutionFilter, TaskFilter
from resolutions.models import ImplementationTask, Resolution
from resolutions.serializers import (
    ResolutionCreateInputSerializer,
    ResolutionIssueInputSerializer,
    ResolutionLinkInputSerializer,
    ResolutionLinkOutputSerializer,
    ResolutionOutputSerializer,
    ResolutionTransitionInputSerializer,
    TaskCreateInputSerializer,
    TaskOutputSerializer,
    TaskReportInputSerializer,
    TaskReportOutputSerializer,
)


class ResolutionViewSet(ReadViewSet):
    """The register: filters as on the page (`ResolutionFilter`), numbers from the system."""

    serializer_class = ResolutionOutputSerializer
    filterset_class = ResolutionFilter

    def scoped_queryset(self) -> QuerySet[Resolution]:
        user = self.request.user
        rows = selectors.with_overdue_flag(
            selectors.resolution_list(user=user), timezone.localdate()
        )
        return selectors.with_visible_links(rows, user=user)

    @extend_schema(
        request=ResolutionCreateInputSerializer, responses={201: ResolutionOutputSerializer}
    )
    def create(self, request: Request) -> Response:
        """A draft, or (with `adopted_on`) a resolution the session has passed; no number yet."""
        resolution = services.resolution_create(
            actor=request.user, **validated(self, ResolutionCreateInputSerializer)
        )
        return shown(self, resolution, status.HTTP_201_CREATED)

    @extend_schema(
        request={
            "application/json": ResolutionIssueInputSerializer,
            "multipart/form-data": ResolutionIssueInputSerializer,
        },
        responses=ResolutionOutputSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def issue(self, request: Request, pk: int) -> Response:
        """Sign an adopted resolution: the council's next number of the year is assigned."""
        resolution = services.resolution_issue(
            actor=request.user,
            resolution=self.get_object(),
            **validated(self, ResolutionIssueInputSerializer),
        )
        return shown(self, resolution)

    @extend_schema(
        request=ResolutionTransitionInputSerializer, responses=ResolutionOutputSerializer
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: int) -> Response:
        resolution = services.resolution_transition(
            actor=request.user,
            resolution=self.get_object(),
            **validated(self, ResolutionTransitionInputSerializer),
        )
        return shown(self, resolution)

    @extend_schema(
        request=ResolutionLinkInputSerializer, responses={201: ResolutionLinkOutputSerializer}
    )
    @action(detail=True, methods=["post"])
    def links(self, request: Request, pk: int) -> Response:
        """This resolution amends, replaces or annuls `target`; the target's status follows."""
        link = services.resolution_link(
            actor=request.user,
            source=self.get_object(),
            **validated(self, ResolutionLinkInputSerializer),
        )
        return Response(ResolutionLinkOutputSerializer(link).data, status=status.HTTP_201_CREATED)


class TaskViewSet(ReadViewSet):
    """What each resolution asks of an agency; `?overdue=true` lists the late ones."""

    serializer_class = TaskOutputSerializer
    filterset_class = TaskFilter

    def scoped_queryset(self) -> QuerySet[ImplementationTask]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no rule lookups
            return ImplementationTask.objects.none()
        return selectors.task_list(user=self.request.user, today=timezone.localdate())

    @extend_schema(request=TaskCreateInputSerializer, responses={201: TaskOutputSerializer})
    def create(self, request: Request) -> Response:
        task = services.task_create(
            actor=request.user, **validated(self, TaskCreateInputSerializer)
        )
        return shown(self, task, status.HTTP_201_CREATED)

    @extend_schema(request=TaskReportInputSerializer, responses={201: TaskReportOutputSerializer})
    @action(detail=True, methods=["post"])
    def reports(self, request: Request, pk: int) -> Response:
        """A periodic report (moves the next report date on) or a progress note."""
        report = services.task_report(
            actor=request.user, task=self.get_object(), **validated(self, TaskReportInputSerializer)
        )
        return Response(TaskReportOutputSerializer(report).data, status=status.HTTP_201_CREATED)

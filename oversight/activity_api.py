"""REST endpoints of programmes, activities and the recommendations tracker (issue 12), scoped
like the pages; every write goes through oversight.services_activities."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ReadViewSet, shown, validated
from core.attachments import version_response
from followups.api import ObligationFilterBackend
from followups.selectors import due_soon_days
from oversight import activity_selectors as selectors
from oversight import services_activities as services
from oversight.activities import (
    ActivityDocument,
    ActivityDocumentVersion,
    OversightActivity,
    OversightProgramme,
    Recommendation,
)
from oversight.activity_filters import (
    ActivityDocumentFilter,
    ActivityFilter,
    ProgrammeFilter,
    RecommendationFilter,
)
from oversight.activity_serializers import (
    ActivityConcludeInputSerializer,
    ActivityCreateInputSerializer,
    ActivityDocumentOutputSerializer,
    ActivityMemberOutputSerializer,
    ActivityMembersInputSerializer,
    ActivityOutputSerializer,
    ActivityTransitionInputSerializer,
    ActivityUpdateInputSerializer,
    ProgrammeAdoptInputSerializer,
    ProgrammeCreateInputSerializer,
    ProgrammeItemInputSerializer,
    ProgrammeItemOutputSerializer,
    ProgrammeOutputSerializer,
    ProgrammeUpdateInputSerializer,
    RecommendationCountsOutputSerializer,
    RecommendationCreateInputSerializer,
    RecommendationHearingInputSerializer,
    RecommendationOutputSerializer,
    RecommendationUpdateInputSerializer,
    ReportRequestInputSerializer,
    ReportRequestOutputSerializer,
    VisitInputSerializer,
    VisitOutputSerializer,
)
from sessions.serializers import WithdrawInputSerializer  # one shape for every withdrawal


class ProgrammeViewSet(ReadViewSet):
    """Yearly oversight programmes of the councils in scope and of their bodies."""

    serializer_class = ProgrammeOutputSerializer
    filterset_class = ProgrammeFilter

    def scoped_queryset(self) -> QuerySet[OversightProgramme]:
        return selectors.programme_list(user=self.request.user)

    @extend_schema(
        request=ProgrammeCreateInputSerializer, responses={201: ProgrammeOutputSerializer}
    )
    def create(self, request: Request) -> Response:
        programme = services.programme_create(
            actor=request.user, **validated(self, ProgrammeCreateInputSerializer)
        )
        return shown(self, programme, status.HTTP_201_CREATED)

    @extend_schema(request=ProgrammeUpdateInputSerializer, responses=ProgrammeOutputSerializer)
    def partial_update(self, request: Request, pk: int) -> Response:
        programme = services.programme_update(
            actor=request.user,
            programme=self.get_object(),
            **validated(self, ProgrammeUpdateInputSerializer),
        )
        return shown(self, programme)

    @extend_schema(request=ProgrammeAdoptInputSerializer, responses=ProgrammeOutputSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: int) -> Response:
        """The council's programme by its resolution; a body's by its own document."""
        programme = services.programme_adopt(
            actor=request.user,
            programme=self.get_object(),
            **validated(self, ProgrammeAdoptInputSerializer),
        )
        return shown(self, programme)

    @extend_schema(request=WithdrawInputSerializer, responses=ProgrammeOutputSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: int) -> Response:
        programme = self.get_object()
        services.programme_withdraw(
            actor=request.user, programme=programme, **validated(self, WithdrawInputSerializer)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=ProgrammeItemInputSerializer, responses={201: ProgrammeItemOutputSerializer}
    )
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: int) -> Response:
        """A topic of the programme: kind, overseeing body, agencies overseen, quarter."""
        item = services.item_create(
            actor=request.user,
            programme=self.get_object(),
            **validated(self, ProgrammeItemInputSerializer),
        )
        return Response(ProgrammeItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class ActivityViewSet(ReadViewSet):
    """Oversight activities from the decision setting up the delegation to the conclusion."""

    serializer_class = ActivityOutputSerializer
    filterset_class = ActivityFilter

    def scoped_queryset(self) -> QuerySet[OversightActivity]:
        return selectors.activity_list(user=self.request.user)

    @extend_schema(request=ActivityCreateInputSerializer, responses={201: ActivityOutputSerializer})
    def create(self, request: Request) -> Response:
        activity = services.activity_create(
            actor=request.user, **validated(self, ActivityCreateInputSerializer)
        )
        return shown(self, activity, status.HTTP_201_CREATED)

    @extend_schema(request=ActivityUpdateInputSerializer, responses=ActivityOutputSerializer)
    def partial_update(self, request: Request, pk: int) -> Response:
        activity = services.activity_update(
            actor=request.user,
            activity=self.get_object(),
            **validated(self, ActivityUpdateInputSerializer),
        )
        return shown(self, activity)

    @extend_schema(request=ActivityTransitionInputSerializer, responses=ActivityOutputSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: int) -> Response:
        """One move of the workflow, kept in the audit; going back needs a `note`."""
        activity = services.activity_transition(
            actor=request.user,
            activity=self.get_object(),
            **validated(self, ActivityTransitionInputSerializer),
        )
        return shown(self, activity)

    @extend_schema(request=ActivityConcludeInputSerializer, responses=ActivityOutputSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: int) -> Response:
        """The conclusion report in its five parts (DOMAIN.md §9)."""
        activity = services.activity_conclude(
            actor=request.user,
            activity=self.get_object(),
            **validated(self, ActivityConcludeInputSerializer),
        )
        return shown(self, activity)

    @extend_schema(request=WithdrawInputSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: int) -> Response:
        services.activity_withdraw(
            actor=request.user,
            activity=self.get_object(),
            **validated(self, WithdrawInputSerializer),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=ActivityMembersInputSerializer, responses=ActivityMemberOutputSerializer(many=True)
    )
    @action(detail=True, methods=["put"])
    def members(self, request: Request, pk: int) -> Response:
        """The delegation, replaced whole: delegates with their role, and the invited."""
        data = validated(self, ActivityMembersInputSerializer)
        activity = services.activity_members_set(
            actor=request.user,
            activity=self.get_object(),
            members=[(m["delegate"], m["role"]) for m in data["members"]],
            invited_members=data.get("invited_members"),
        )
        rows = activity.memberships.select_related("delegate")
        return Response(ActivityMemberOutputSerializer(rows, many=True).data)

    @extend_schema(request=VisitInputSerializer, responses={201: VisitOutputSerializer})
    @action(detail=True, methods=["post"])
    def visits(self, request: Request, pk: int) -> Response:
        visit = services.visit_add(
            actor=request.user, activity=self.get_object(), **validated(self, VisitInputSerializer)
        )
        return Response(VisitOutputSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReportRequestInputSerializer, responses={201: ReportRequestOutputSerializer}
    )
    @action(detail=True, methods=["post"], url_path="report-requests")
    def report_requests(self, request: Request, pk: int) -> Response:
        """A report asked of an overseen agency by a date, followed on the engine."""
        found = services.report_request_create(
            actor=request.user,
            activity=self.get_object(),
            **validated(self, ReportRequestInputSerializer),
        )
        return Response(ReportRequestOutputSerializer(found).data, status=status.HTTP_201_CREATED)


class RecommendationViewSet(ReadViewSet):
    """The tracker: `?state=overdue|due_soon|open|…`, `?agency=`, `?field=`, `?body=`,
    `?council=` (with the councils below it), `?issued_from=`/`?issued_to=`, `?fell_due=`."""

    serializer_class = RecommendationOutputSerializer
    filterset_class = RecommendationFilter
    filter_backends = [ObligationFilterBackend]

    def scoped_queryset(self) -> QuerySet[Recommendation]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no rule lookups
            return Recommendation.objects.none()
        today, soon_days = self.list_rules()
        return selectors.recommendation_list(
            user=self.request.user, today=today, soon_days=soon_days
        )

    def list_rules(self) -> tuple[date, int]:
        """(today in Vietnam, the national due-soon window), read once per request."""
        if not hasattr(self, "_list_rules"):
            today = timezone.localdate()
            self._list_rules = (today, due_soon_days(None, today))
        return self._list_rules

    @extend_schema(responses=RecommendationCountsOutputSerializer)
    @action(detail=False, methods=["get"])
    def counts(self, request: Request) -> Response:
        """The official figures of what the filters show: "of N that fell due, x done (z %),
        y partly, …", with roadmap and exempted apart."""
        today, soon_days = self.list_rules()
        found = selectors.recommendation_counts(
            self.filter_queryset(self.get_queryset()), today=today, soon_days=soon_days
        )
        data = {**vars(found), "done_share": found.share(found.done)}
        return Response(RecommendationCountsOutputSerializer(data).data)

    @extend_schema(
        request=RecommendationCreateInputSerializer,
        responses={201: RecommendationOutputSerializer},
    )
    def create(self, request: Request) -> Response:
        recommendation = services.recommendation_create(
            actor=request.user, **validated(self, RecommendationCreateInputSerializer)
        )
        return shown(self, recommendation, status.HTTP_201_CREATED)

    @extend_schema(
        request=RecommendationUpdateInputSerializer, responses=RecommendationOutputSerializer
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        recommendation = services.recommendation_update(
            actor=request.user,
            recommendation=self.get_object(),
            **validated(self, RecommendationUpdateInputSerializer),
        )
        return shown(self, recommendation)

    @extend_schema(request=WithdrawInputSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: int) -> Response:
        services.recommendation_withdraw(
            actor=request.user,
            recommendation=self.get_object(),
            **validated(self, WithdrawInputSerializer),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=RecommendationHearingInputSerializer, responses=RecommendationOutputSerializer
    )
    @action(detail=True, methods=["post"])
    def hearings(self, request: Request, pk: int) -> Response:
        """An explanation session held on it: a dated step of its escalation ladder."""
        recommendation = services.recommendation_hearing_link(
            actor=request.user,
            recommendation=self.get_object(),
            **validated(self, RecommendationHearingInputSerializer),
        )
        return shown(self, recommendation)


class ActivityDocumentViewSet(ReadViewSet):
    """The documents of the activities in scope (`?activity=`, `?kind=`), each with every
    version; a file leaves only through `download`, to whoever sees its activity."""

    serializer_class = ActivityDocumentOutputSerializer
    filterset_class = ActivityDocumentFilter

    def scoped_queryset(self) -> QuerySet[ActivityDocument]:
        return selectors.activity_document_list(user=self.request.user)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<version>[0-9]{1,18})/download")
    def download(self, request: Request, pk: int, version: str) -> FileResponse:
        """One version's file, under the name it was uploaded with."""
        try:
            found = selectors.activity_document_version_get(user=request.user, pk=int(version))
        except ActivityDocumentVersion.DoesNotExist:
            raise Http404 from None
        if str(found.document_id) != str(pk):
            raise Http404
        return version_response(found)

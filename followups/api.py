"""REST endpoints of the follow-up engine, scoped like the pages: the list with its filters,
one obligation, and its actions (extend, report, escalate, close, reopen)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ReadViewSet, shown, validated
from followups import selectors, services
from followups.filters import ObligationFilter
from followups.models import Obligation
from followups.serializers import (
    EscalationEventOutputSerializer,
    ObligationCloseInputSerializer,
    ObligationEscalateInputSerializer,
    ObligationExtendInputSerializer,
    ObligationOutputSerializer,
    ObligationReopenInputSerializer,
    ObligationReportInputSerializer,
    ObligationReportOutputSerializer,
)


class ObligationFilterBackend(DjangoFilterBackend):
    """The list's FilterSet compares with today and the due-soon window: handed in here, as the
    page's selector hands them in."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        today, soon_days = view.list_rules()
        return {**kwargs, "today": today, "soon_days": soon_days}


class ObligationViewSet(ReadViewSet):
    """Everything owed in the caller's scope; `?state=overdue`, `?within=7`, `?kind=`,
    `?owed_by=`, `?council=` (with the councils below it) as on the page."""

    serializer_class = ObligationOutputSerializer
    filterset_class = ObligationFilter
    filter_backends = [ObligationFilterBackend]

    def scoped_queryset(self) -> QuerySet[Obligation]:
        # The page's selector without its filters: the filter backend applies them.
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no rule lookups
            return Obligation.objects.none()
        today, soon_days = self.list_rules()
        return selectors.obligation_list(user=self.request.user, today=today, soon_days=soon_days)

    def list_rules(self) -> tuple[date, int]:
        """(today in Vietnam, the national due-soon window), read once per request."""
        if not hasattr(self, "_list_rules"):
            today = timezone.localdate()
            self._list_rules = (today, selectors.due_soon_days(None, today))
        return self._list_rules

    @extend_schema(request=ObligationExtendInputSerializer, responses=ObligationOutputSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: int) -> Response:
        """A new due date on an approving document; the state follows the latest date."""
        obligation = services.obligation_extend(
            actor=request.user,
            obligation=self.get_object(),
            **validated(self, ObligationExtendInputSerializer),
        )
        return shown(self, obligation)

    @extend_schema(
        request={
            "application/json": ObligationReportInputSerializer,
            "multipart/form-data": ObligationReportInputSerializer,
        },
        responses={201: ObligationReportOutputSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def report(self, request: Request, pk: int) -> Response:
        """Progress reported, with evidence files judged by their bytes."""
        report = services.obligation_report(
            actor=request.user,
            obligation=self.get_object(),
            **validated(self, ObligationReportInputSerializer),
        )
        return Response(
            ObligationReportOutputSerializer(report).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=ObligationEscalateInputSerializer,
        responses={201: EscalationEventOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: int) -> Response:
        """One dated step up the ladder; a step below the highest taken is refused."""
        event = services.obligation_escalate(
            actor=request.user,
            obligation=self.get_object(),
            **validated(self, ObligationEscalateInputSerializer),
        )
        return Response(EscalationEventOutputSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ObligationCloseInputSerializer, responses=ObligationOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        obligation = services.obligation_close(
            actor=request.user,
            obligation=self.get_object(),
            **validated(self, ObligationCloseInputSerializer),
        )
        return shown(self, obligation)

    @extend_schema(request=ObligationReopenInputSerializer, responses=ObligationOutputSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: int) -> Response:
        obligation = services.obligation_reopen(
            actor=request.user,
            obligation=self.get_object(),
            **validated(self, ObligationReopenInputSerializer),
        )
        return shown(self, obligation)

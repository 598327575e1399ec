"""REST endpoints for councils, terms, delegates and agencies, scoped like the pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ErrorOutputSerializer, ScopedViewSet
from councils import selectors, services
from councils.filters import AgencyFilter, CouncilFilter, DelegateFilter
from councils.models import Agency, Council, CouncilMembership, Delegate, Term
from councils.serializers import (
    AgencyOutputSerializer,
    CouncilOutputSerializer,
    DelegateInputSerializer,
    DelegateOutputSerializer,
    TermOutputSerializer,
)


class CouncilViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = CouncilOutputSerializer
    filterset_class = CouncilFilter

    def scoped_queryset(self) -> QuerySet[Council]:
        return selectors.council_list(user=self.request.user)


class TermViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Terms are national; any signed-in user may read them."""

    serializer_class = TermOutputSerializer
    permission_classes = [IsAuthenticated]

    def scoped_queryset(self) -> QuerySet[Term]:
        return selectors.term_list()


class DelegateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = DelegateOutputSerializer
    filterset_class = DelegateFilter

    def scoped_queryset(self) -> QuerySet[Delegate]:
        return selectors.delegate_list(user=self.request.user).prefetch_related(
            Prefetch("memberships", queryset=CouncilMembership.objects.select_related("term"))
        )

    @extend_schema(
        request=DelegateInputSerializer,
        # A council outside the caller's scope is a 404, as on every detail.
        responses={201: DelegateOutputSerializer, 404: ErrorOutputSerializer},
    )
    def create(self, request: Request) -> Response:
        data = DelegateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        council = selectors.council_get(user=request.user, pk=fields.pop("council"))
        delegate = services.delegate_create(actor=request.user, council=council, **fields)
        return Response(DelegateOutputSerializer(delegate).data, status=status.HTTP_201_CREATED)


class AgencyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = AgencyOutputSerializer
    filterset_class = AgencyFilter

    def scoped_queryset(self) -> QuerySet[Agency]:
        return selectors.agency_list(user=self.request.user)

"""REST endpoints for oversight records, scoped like the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from core.api import ReadViewSet
from oversight import selectors
from oversight.filters import CommitmentFilter
from oversight.models import Commitment
from oversight.serializers import CommitmentOutputSerializer


class CommitmentViewSet(ReadViewSet):
    """Commitments with the engine's derived state and `overdue` flag; `?overdue=true` lists the
    late ones."""

    serializer_class = CommitmentOutputSerializer
    filterset_class = CommitmentFilter

    def scoped_queryset(self) -> QuerySet[Commitment]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no rule lookups
            return Commitment.objects.none()
        return selectors.commitment_list(user=self.request.user, today=timezone.localdate())

"""REST endpoints for sessions and what happens in them, scoped like the pages.

Reads come from the scoped selectors; every write is one service call whose result is read
back through the same scoped queryset, so a response never shows more than the list would.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ReadViewSet, shown, validated
from sessions import selectors, services
from sessions.filters import (
    AgendaItemFilter,
    AttendanceFilter,
    ConfidencePollFilter,
    DocumentFilter,
    QuestionFilter,
    SessionFilter,
    SittingFilter,
    VoteFilter,
)
from sessions.models import (
    AgendaItem,
    Attendance,
    ConfidencePoll,
    Document,
    Question,
    Session,
    Sitting,
    Vote,
)
from sessions.serializers import (
    AgendaItemCreateInputSerializer,
    AgendaItemOutputSerializer,
    AttendanceOutputSerializer,
    AttendanceRecordInputSerializer,
    AttendanceRecordOutputSerializer,
    ConfidencePollOutputSerializer,
    DocumentOutputSerializer,
    DocumentReplaceInputSerializer,
    DocumentUploadInputSerializer,
    QuestionAnswerInputSerializer,
    QuestionCreateInputSerializer,
    QuestionOutputSerializer,
    SessionCreateInputSerializer,
    SessionOutputSerializer,
    SessionTransitionInputSerializer,
    SittingCreateInputSerializer,
    SittingOutputSerializer,
    VoteOutputSerializer,
    VoteRecordInputSerializer,
    WithdrawInputSerializer,
)


class WithdrawActions:
    """`withdraw` and `restore` for records typed in error, through the same services as the
    pages. A withdrawn record leaves the lists, so it is fetched here from the whole scope (the
    service then requires the right to edit: read-only users get a 403, others a 404)."""

    withdrawable: type[Model]
    council_path: str

    def _withdrawable(self, pk: int) -> Model:
        rows = self.withdrawable.objects.visible_to(self.request.user)
        # DRF's get_object_or_404: a malformed id ("null,null") is a 404 too, not a 500.
        return generics.get_object_or_404(rows.select_related(self.council_path), pk=pk)

    @extend_schema(request=WithdrawInputSerializer, responses={204: None})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def withdraw(self, request: Request, pk: int) -> Response:
        """Withdraw with a reason: it leaves the lists and reports; the history keeps it."""
        services.record_withdraw(
            actor=request.user,
            record=self._withdrawable(pk),
            **validated(self, WithdrawInputSerializer),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def restore(self, request: Request, pk: int) -> Response:
        """Put a withdrawn record back in the lists."""
        record = services.record_restore(actor=request.user, record=self._withdrawable(pk))
        return shown(self, record)


class SessionViewSet(WithdrawActions, ReadViewSet):
    serializer_class = SessionOutputSerializer
    filterset_class = SessionFilter
    withdrawable, council_path = Session, "council__unit"

    def scoped_queryset(self) -> QuerySet[Session]:
        return selectors.session_list(user=self.request.user)

    @extend_schema(request=SessionCreateInputSerializer, responses={201: SessionOutputSerializer})
    def create(self, request: Request) -> Response:
        session = services.session_create(
            actor=request.user, **validated(self, SessionCreateInputSerializer)
        )
        return shown(self, session, status.HTTP_201_CREATED)

    @extend_schema(request=SessionTransitionInputSerializer, responses=SessionOutputSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: int) -> Response:
        """Move the session one step of its workflow (an audit row is kept)."""
        session = self.get_object()
        session = services.session_transition(
            actor=request.user, session=session, **validated(self, SessionTransitionInputSerializer)
        )
        return shown(self, session)


class SittingViewSet(ReadViewSet):
    serializer_class = SittingOutputSerializer
    filterset_class = SittingFilter

    def scoped_queryset(self) -> QuerySet[Sitting]:
        return selectors.sitting_list(user=self.request.user)

    @extend_schema(request=SittingCreateInputSerializer, responses={201: SittingOutputSerializer})
    def create(self, request: Request) -> Response:
        sitting = services.sitting_create(
            actor=request.user, **validated(self, SittingCreateInputSerializer)
        )
        return shown(self, sitting, status.HTTP_201_CREATED)

    @extend_schema(
        request=AttendanceRecordInputSerializer, responses=AttendanceRecordOutputSerializer
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: int) -> Response:
        """Record the roll of a sitting in one call; rows already recorded are updated."""
        sitting = self.get_object()
        entries = validated(self, AttendanceRecordInputSerializer)["entries"]
        written = services.attendance_record(
            actor=request.user,
            sitting=sitting,
            statuses={row["delegate"]: row["status"] for row in entries},
            notes={row["delegate"]: row["note"] for row in entries},
        )
        sitting = self.scoped_queryset().get(pk=sitting.pk)
        quorum = services.quorum_for(sitting, present=sitting.present)
        result = {"written": written, "sitting": sitting, "quorum": quorum}
        return Response(AttendanceRecordOutputSerializer(result).data)


class AttendanceViewSet(ReadViewSet):
    serializer_class = AttendanceOutputSerializer
    filterset_class = AttendanceFilter

    def scoped_queryset(self) -> QuerySet[Attendance]:
        return selectors.attendance_list(user=self.request.user)


class AgendaItemViewSet(WithdrawActions, ReadViewSet):
    serializer_class = AgendaItemOutputSerializer
    filterset_class = AgendaItemFilter
    withdrawable, council_path = AgendaItem, "session__council__unit"

    def scoped_queryset(self) -> QuerySet[AgendaItem]:
        return selectors.agenda_item_list(user=self.request.user)

    @extend_schema(
        request=AgendaItemCreateInputSerializer, responses={201: AgendaItemOutputSerializer}
    )
    def create(self, request: Request) -> Response:
        item = services.agenda_item_create(
            actor=request.user, **validated(self, AgendaItemCreateInputSerializer)
        )
        return shown(self, item, status.HTTP_201_CREATED)


class DocumentViewSet(WithdrawActions, ReadViewSet):
    """Session papers with every version; files leave only through the scoped download page."""

    serializer_class = DocumentOutputSerializer
    filterset_class = DocumentFilter
    withdrawable, council_path = Document, "session__council__unit"
    parser_classes = [MultiPartParser, FormParser]

    def scoped_queryset(self) -> QuerySet[Document]:
        return selectors.document_list(user=self.request.user)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadInputSerializer},
        responses={201: DocumentOutputSerializer},
    )
    def create(self, request: Request) -> Response:
        """Upload a paper; its real type is read from the content (a renamed .exe is refused)."""
        document = services.document_upload(
            actor=request.user, **validated(self, DocumentUploadInputSerializer)
        )
        return shown(self, document, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": DocumentReplaceInputSerializer},
        responses={201: DocumentOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def versions(self, request: Request, pk: int) -> Response:
        """Upload a new version; the earlier ones stay."""
        document = self.get_object()
        services.document_replace(
            actor=request.user, document=document, **validated(self, DocumentReplaceInputSerializer)
        )
        return shown(self, document, status.HTTP_201_CREATED)


class VoteViewSet(ReadViewSet):
    """Vote results; `passed` follows from the rule and the total stored with the vote."""

    serializer_class = VoteOutputSerializer
    filterset_class = VoteFilter

    def scoped_queryset(self) -> QuerySet[Vote]:
        return selectors.vote_list(user=self.request.user)

    @extend_schema(request=VoteRecordInputSerializer, responses={201: VoteOutputSerializer})
    def create(self, request: Request) -> Response:
        """Record a vote from its counts, or from one ballot per delegate (`ballots`)."""
        data = validated(self, VoteRecordInputSerializer)
        ballots = data.pop("ballots", None)
        if ballots is None:
            vote = services.vote_record(actor=request.user, **data)
        else:
            for name in ("votes_for", "votes_against", "votes_abstain"):
                data.pop(name)
            vote = services.vote_record_ballots(
                actor=request.user,
                choices={row["delegate"]: row["choice"] for row in ballots},
                **data,
            )
        return shown(self, vote, status.HTTP_201_CREATED)


class QuestionViewSet(ReadViewSet):
    serializer_class = QuestionOutputSerializer
    filterset_class = QuestionFilter

    def scoped_queryset(self) -> QuerySet[Question]:
        return selectors.question_list(user=self.request.user)

    @extend_schema(request=QuestionCreateInputSerializer, responses={201: QuestionOutputSerializer})
    def create(self, request: Request) -> Response:
        question = services.question_create(
            actor=request.user, **validated(self, QuestionCreateInputSerializer)
        )
        return shown(self, question, status.HTTP_201_CREATED)

    @extend_schema(request=QuestionAnswerInputSerializer, responses=QuestionOutputSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: int) -> Response:
        question = services.question_answer(
            actor=request.user,
            question=self.get_object(),
            **validated(self, QuestionAnswerInputSerializer),
        )
        return shown(self, question)


class ConfidencePollViewSet(ReadViewSet):
    """Confidence polls with each person's counts, percentages and legal consequence."""

    serializer_class = ConfidencePollOutputSerializer
    filterset_class = ConfidencePollFilter

    def scoped_queryset(self) -> QuerySet[ConfidencePoll]:
        return selectors.poll_list(user=self.request.user)

"""REST endpoints of voters' work, scoped like the pages: contact meetings, petition items,
receptions and letters. Citizens' personal data is masked without the capability, and every
opening of a letter or a reception is logged (core.viewlog)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ReadViewSet, ScopedViewSet, shown, validated
from core.documents import FORMATS
from core.serializers import ExportOutputSerializer
from core.viewlog import record_view
from councils.models import Council
from councils.selectors import council_list
from followups.api import ObligationFilterBackend
from followups.selectors import due_soon_days
from followups.serializers import ObligationExtendInputSerializer
from voters import reports, selectors, services
from voters.document_views import slip_response
from voters.filters import LetterFilter, MeetingFilter, PetitionItemFilter, ReceptionFilter
from voters.models import ContactMeeting, Letter, PetitionItem, Reception
from voters.serializers import (
    LetterAnswerInputSerializer,
    LetterClassifyInputSerializer,
    LetterCloseInputSerializer,
    LetterCreateInputSerializer,
    LetterDuplicateInputSerializer,
    LetterForwardInputSerializer,
    LetterHandleInputSerializer,
    LetterOutputSerializer,
    MeetingCreateInputSerializer,
    MeetingOutputSerializer,
    PetitionAnswerInputSerializer,
    PetitionAssessInputSerializer,
    PetitionClassifyInputSerializer,
    PetitionCloseInputSerializer,
    PetitionCreateInputSerializer,
    PetitionInformInputSerializer,
    PetitionItemOutputSerializer,
    PetitionMergeInputSerializer,
    PetitionRepeatedInputSerializer,
    PetitionReportInputSerializer,
    PetitionTransferInputSerializer,
    ReceptionCreateInputSerializer,
    ReceptionOutputSerializer,
    SuggestionOutputSerializer,
    SuggestionQueryInputSerializer,
    VoterReportInputSerializer,
)


class _FollowedViewSet(ReadViewSet):
    """Lists whose state filter compares with today: read once per request."""

    filter_backends = [ObligationFilterBackend]

    def list_rules(self) -> tuple[date, int]:
        if not hasattr(self, "_list_rules"):
            today = timezone.localdate()
            self._list_rules = (today, due_soon_days(None, today))
        return self._list_rules


class MeetingViewSet(mixins.CreateModelMixin, ReadViewSet):
    """Voter-contact meetings in scope; a delegate sees and records their own."""

    serializer_class = MeetingOutputSerializer
    filterset_class = MeetingFilter

    def scoped_queryset(self) -> QuerySet[ContactMeeting]:
        return selectors.meeting_list(user=self.request.user)

    @extend_schema(request=MeetingCreateInputSerializer, responses={201: MeetingOutputSerializer})
    def create(self, request: Request) -> Response:
        meeting = services.meeting_create(
            actor=request.user, **validated(self, MeetingCreateInputSerializer)
        )
        return shown(self, meeting, status.HTTP_201_CREATED)


class PetitionItemViewSet(mixins.CreateModelMixin, _FollowedViewSet):
    """Petition items with the state of the answer owed; `?compiled=true` leaves merged ones
    out. Creating records an opinion (with the issues it holds) and returns its first item."""

    serializer_class = PetitionItemOutputSerializer
    filterset_class = PetitionItemFilter

    def scoped_queryset(self) -> QuerySet[PetitionItem]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no rule lookups
            return PetitionItem.objects.none()
        today, soon = self.list_rules()
        return selectors.petition_item_list(user=self.request.user, today=today, soon_days=soon)

    @extend_schema(
        request=PetitionCreateInputSerializer, responses={201: PetitionItemOutputSerializer}
    )
    def create(self, request: Request) -> Response:
        petition = services.petition_create(
            actor=request.user, **validated(self, PetitionCreateInputSerializer)
        )
        return shown(self, petition.items.order_by("id").first(), status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[SuggestionQueryInputSerializer],
        responses=SuggestionOutputSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request: Request) -> Response:
        """Likely duplicates of a text being typed: same council subtree, similar text without
        diacritics, most similar first."""
        query = SuggestionQueryInputSerializer(
            data=request.query_params, context=self.get_serializer_context()
        )
        query.is_valid(raise_exception=True)
        found = selectors.duplicate_suggestions(user=request.user, **query.validated_data)
        return Response(SuggestionOutputSerializer(found, many=True).data)

    def _act(self, service, serializer) -> Response:
        item = service(
            actor=self.request.user, item=self.get_object(), **validated(self, serializer)
        )
        return shown(self, item)

    @extend_schema(request=PetitionClassifyInputSerializer, responses=PetitionItemOutputSerializer)
    @action(detail=True, methods=["post"])
    def classify(self, request: Request, pk: int) -> Response:
        return self._act(services.petition_item_classify, PetitionClassifyInputSerializer)

    @extend_schema(request=PetitionMergeInputSerializer, responses=PetitionItemOutputSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: int) -> Response:
        """Merge `items` into this one (the compiled item); each merge is kept, reversible."""
        into = services.petition_items_merge(
            actor=request.user,
            into=self.get_object(),
            **validated(self, PetitionMergeInputSerializer),
        )
        return shown(self, into)

    @extend_schema(request=None, responses=PetitionItemOutputSerializer)
    @action(detail=True, methods=["post"])
    def unmerge(self, request: Request, pk: int) -> Response:
        item = services.petition_item_unmerge(actor=request.user, item=self.get_object())
        return shown(self, item)

    @extend_schema(request=PetitionRepeatedInputSerializer, responses=PetitionItemOutputSerializer)
    @action(detail=True, methods=["post"])
    def repeated(self, request: Request, pk: int) -> Response:
        """Link to the same issue raised at an earlier session (`earlier` null: unlink)."""
        return self._act(services.petition_item_link_repeated, PetitionRepeatedInputSerializer)

    @extend_schema(request=PetitionTransferInputSerializer, responses=PetitionItemOutputSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: int) -> Response:
        return self._act(services.petition_item_transfer, PetitionTransferInputSerializer)

    @extend_schema(
        request={
            "application/json": PetitionAnswerInputSerializer,
            "multipart/form-data": PetitionAnswerInputSerializer,
        },
        responses=PetitionItemOutputSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def answer(self, request: Request, pk: int) -> Response:
        return self._act(services.petition_item_answer, PetitionAnswerInputSerializer)

    @extend_schema(request=PetitionAssessInputSerializer, responses=PetitionItemOutputSerializer)
    @action(detail=True, methods=["post"])
    def assess(self, request: Request, pk: int) -> Response:
        return self._act(services.petition_item_assess, PetitionAssessInputSerializer)

    @extend_schema(request=PetitionInformInputSerializer, responses=PetitionItemOutputSerializer)
    @action(detail=True, methods=["post"])
    def inform(self, request: Request, pk: int) -> Response:
        """The day the answer was sent back to the voters."""
        return self._act(services.petition_item_inform_voters, PetitionInformInputSerializer)

    @extend_schema(request=PetitionReportInputSerializer, responses=PetitionItemOutputSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: int) -> Response:
        """The assessed result was reported to the council at its session."""
        return self._act(services.petition_item_report, PetitionReportInputSerializer)

    @extend_schema(request=PetitionCloseInputSerializer, responses=PetitionItemOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        """End the follow-up of a reported item whose result is final."""
        return self._act(services.petition_item_close, PetitionCloseInputSerializer)


class ReceptionViewSet(mixins.CreateModelMixin, ReadViewSet):
    """The reception log in scope (a delegate: their own); each opening is logged."""

    serializer_class = ReceptionOutputSerializer
    filterset_class = ReceptionFilter

    def scoped_queryset(self) -> QuerySet[Reception]:
        return selectors.reception_list(user=self.request.user)

    def retrieve(self, request: Request, pk: int) -> Response:
        reception = self.get_object()
        record_view(request.user, reception, request._request)
        return Response(self.get_serializer(reception).data)

    @extend_schema(
        request=ReceptionCreateInputSerializer, responses={201: ReceptionOutputSerializer}
    )
    def create(self, request: Request) -> Response:
        reception = services.reception_create(
            actor=request.user, **validated(self, ReceptionCreateInputSerializer)
        )
        return shown(self, reception, status.HTTP_201_CREATED)


class LetterViewSet(mixins.CreateModelMixin, _FollowedViewSet):
    """Letters in scope with the state of the answer owed; each opening is logged."""

    serializer_class = LetterOutputSerializer
    filterset_class = LetterFilter

    def scoped_queryset(self) -> QuerySet[Letter]:
        if getattr(self, "swagger_fake_view", False):
            return Letter.objects.none()
        today, soon = self.list_rules()
        return selectors.letter_list(user=self.request.user, today=today, soon_days=soon)

    def retrieve(self, request: Request, pk: int) -> Response:
        letter = self.get_object()
        record_view(request.user, letter, request._request)
        return Response(self.get_serializer(letter).data)

    @extend_schema(request=LetterCreateInputSerializer, responses={201: LetterOutputSerializer})
    def create(self, request: Request) -> Response:
        letter = services.letter_create(
            actor=request.user, **validated(self, LetterCreateInputSerializer)
        )
        return shown(self, letter, status.HTTP_201_CREATED)

    def _act(self, service, serializer) -> Response:
        letter = service(
            actor=self.request.user, letter=self.get_object(), **validated(self, serializer)
        )
        return shown(self, letter)

    @extend_schema(request=LetterClassifyInputSerializer, responses=LetterOutputSerializer)
    @action(detail=True, methods=["post"])
    def classify(self, request: Request, pk: int) -> Response:
        return self._act(services.letter_classify, LetterClassifyInputSerializer)

    @extend_schema(request=LetterDuplicateInputSerializer, responses=LetterOutputSerializer)
    @action(detail=True, methods=["post"])
    def duplicate(self, request: Request, pk: int) -> Response:
        """Link to the letter this one repeats (`duplicate_of` null: unlink); never deleted."""
        return self._act(services.letter_mark_duplicate, LetterDuplicateInputSerializer)

    @extend_schema(request=LetterForwardInputSerializer, responses=LetterOutputSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request: Request, pk: int) -> Response:
        """Forward with a transfer slip; the answer is due after the category's statutory term."""
        return self._act(services.letter_forward, LetterForwardInputSerializer)

    @extend_schema(request=LetterAnswerInputSerializer, responses=LetterOutputSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: int) -> Response:
        return self._act(services.letter_answer, LetterAnswerInputSerializer)

    @extend_schema(request=LetterHandleInputSerializer, responses=LetterOutputSerializer)
    @action(detail=True, methods=["post"])
    def guide(self, request: Request, pk: int) -> Response:
        """Guide the citizen to the competent body; nothing is owed to the council."""
        return self._act(services.letter_guide, LetterHandleInputSerializer)

    @extend_schema(request=LetterHandleInputSerializer, responses=LetterOutputSerializer)
    @action(detail=True, methods=["post"], url_path="file", url_name="file")
    def file_letter(self, request: Request, pk: int) -> Response:
        """File the letter (lưu đơn) with the reason."""
        return self._act(services.letter_file, LetterHandleInputSerializer)

    @extend_schema(request=ObligationExtendInputSerializer, responses=LetterOutputSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: int) -> Response:
        """Extend the answer's deadline of a complex case, on the approving document."""
        return self._act(services.letter_extend, ObligationExtendInputSerializer)

    @extend_schema(request=LetterCloseInputSerializer, responses=LetterOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        """End the follow-up of a guided or answered letter."""
        return self._act(services.letter_close, LetterCloseInputSerializer)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Phiếu chuyển đơn (PDF hoặc DOCX)."
            )
        }
    )
    @action(detail=True, methods=["get"], url_path=r"transfer-slip/(?P<fmt>pdf|docx)")
    def transfer_slip(self, request: Request, pk: int, fmt: str) -> HttpResponse:
        """The transfer slip of a forwarded letter (404 before): it names the sender, so only
        for readers holding the personal-data capability (else 403); each download is logged."""
        return slip_response(request._request, self.get_object(), fmt)


# Both reports take the same fields and answer the same way.
_REPORT_SCHEMA = extend_schema(
    request=VoterReportInputSerializer,
    responses={
        202: ExportOutputSerializer,
        404: OpenApiResponse(description="The council is not in the user's scope."),
    },
)


class VoterReportViewSet(ScopedViewSet):
    """The official voters' reports of a council in scope and a period, queued as generated
    files: the answer is the export's status (`url`, read again until done, then
    `download_url`). A council out of scope is a 404, as on the report form."""

    serializer_class = ExportOutputSerializer

    def scoped_queryset(self) -> QuerySet[Council]:
        return council_list(user=self.request.user)

    def _queue(self, name: str) -> Response:
        data = self.request.data
        if not hasattr(data, "items"):
            raise exceptions.ValidationError({"non_field_errors": [_("Giá trị không hợp lệ.")]})
        # The form reads text: a list or an object is refused here, on its field.
        shaped = {
            key: [_("Giá trị không hợp lệ.")]
            for key, value in data.items()
            if isinstance(value, list | dict)
        }
        if shaped:
            raise exceptions.ValidationError(shaped)
        # JSON's true/false and numbers reach the form as the text a browser would send.
        data = {
            key: ("true" if value else "false")
            if isinstance(value, bool)
            else ("" if value is None else str(value))
            for key, value in data.items()
        }
        fmt = data.get("format", "pdf")
        if fmt not in FORMATS:
            raise exceptions.ValidationError({"format": [_("Chọn định dạng pdf hoặc docx.")]})
        export, form = reports.report_queue(user=self.request.user, name=name, fmt=fmt, data=data)
        if export is None:
            errors = form.errors.get_json_data()
            raise exceptions.ValidationError(
                {field: [e["message"] for e in found] for field, found in errors.items()}
            )
        body = ExportOutputSerializer(export, context=self.get_serializer_context()).data
        headers = {"Location": reverse("export-detail", args=[export.pk])}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers=headers)

    @_REPORT_SCHEMA
    @action(detail=False, methods=["post"])
    def petitions(self, request: Request) -> Response:
        """Queue the compiled report of voters' petitions of a contact round."""
        return self._queue("petitions")

    @_REPORT_SCHEMA
    @action(detail=False, methods=["post"])
    def answers(self, request: Request) -> Response:
        """Queue the report on the answers to voters' petitions, an appendix per level."""
        return self._queue("answers")

"""The petition items list as an Excel workbook: exactly the rows the page's filters select, in
the page's order (core.xlsx writes it; labels are translated once per export, not per row).

An item carries no citizen's personal data of its own (the voter's name and address are on the
opinion, `Petition`): none is read here, so nothing leaves the reader's scope.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.xlsx import Column, sheet_write
from followups.models import Obligation
from voters import selectors
from voters.models import Competence, Field, PetitionItem

if TYPE_CHECKING:
    from core.models import User

KIND = "voters.petition_items"
CHUNK = 2000
ROW_FIELDS = (
    "id",
    "content",
    "council__name",
    "raised_on",
    "competence",
    "field",
    "ban__name",
    "agency__name",
    "agency_text",
    "transfer_number",
    "transfer_date",
    "obligation__due_on",
    "obligation_state",
    "status",
    "answered_on",
    "assessment",
    "merged_into_id",
)


def _columns() -> list[Column]:
    # Spelled out so makemessages sees every header; widths in characters.
    return [
        Column(_("Mã"), 8),
        Column(_("Nội dung kiến nghị"), 60),
        Column(_("HĐND"), 30),
        Column(_("Ngày nêu"), 13, is_date=True),
        Column(_("Thẩm quyền giải quyết"), 16),
        Column(_("Lĩnh vực"), 20),
        Column(_("Ban theo dõi"), 24),
        Column(_("Cơ quan trả lời"), 34),
        Column(_("Số văn bản chuyển"), 16),
        Column(_("Ngày chuyển"), 13, is_date=True),
        Column(_("Hạn trả lời"), 13, is_date=True),
        Column(_("Tình trạng"), 22),
        Column(_("Bước xử lý"), 22),
        Column(_("Ngày trả lời"), 13, is_date=True),
        Column(_("Kết quả"), 24),
        Column(_("Đã gộp vào mã"), 12),
    ]


def _rows(qs) -> Iterator[tuple]:
    levels = {k: str(v) for k, v in Competence.choices}
    fields = {k: str(v) for k, v in Field.choices}
    states = {k: str(v) for k, v in Obligation.State.choices}
    steps = {k: str(v) for k, v in PetitionItem.Status.choices}
    results = {k: str(v) for k, v in PetitionItem.Assessment.choices}
    for (
        pk,
        content,
        council,
        raised,
        competence,
        field,
        ban,
        agency,
        agency_text,
        number,
        transferred,
        due,
        state,
        status,
        answered,
        assessment,
        merged_into,
    ) in qs.values_list(*ROW_FIELDS).iterator(chunk_size=CHUNK):
        yield (
            pk,
            content,
            council,
            raised,
            levels.get(competence, competence) or None,
            fields.get(field, field) or None,
            ban,
            agency or agency_text or None,
            number or None,
            transferred,
            due,
            states.get(state, state) or None,
            steps.get(status, status),
            answered,
            results.get(assessment, assessment) or None,
            merged_into,
        )


def petition_item_workbook_rows(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> tuple[IO[bytes], int]:
    """The workbook and its number of data rows (the builder of core.exports); the list's own
    selector, so scope, filters and order are the page's."""
    qs = selectors.petition_item_list(user=user, filters=filters, today=timezone.localdate())
    return sheet_write(title=_("Kiến nghị cử tri"), columns=_columns(), rows=_rows(qs))

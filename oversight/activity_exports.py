"""The recommendations tracker as an Excel workbook: exactly the rows the page's filters select,
in the page's order (core.xlsx writes it; labels are translated once per export, not per row)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.xlsx import Column, sheet_write
from followups.models import Obligation
from oversight import activity_selectors as selectors
from resolutions.models import Field

if TYPE_CHECKING:
    from core.models import User

KIND = "oversight.recommendations"
CHUNK = 2000
ROW_FIELDS = (
    "id",
    "content",
    "council__name",
    "activity__topic",
    "activity__body__name",
    "agency__name",
    "field",
    "issued_on",
    "obligation__due_on",
    "state_code",
    "obligation__outcome",
    "obligation__ended_on",
    "obligation__exclusion",
)


def _columns() -> list[Column]:
    # Spelled out so makemessages sees every header; widths in characters.
    return [
        Column(_("Mã"), 8),
        Column(_("Nội dung kiến nghị"), 60),
        Column(_("HĐND"), 30),
        Column(_("Hoạt động giám sát"), 40),
        Column(_("Cơ quan giám sát"), 28),
        Column(_("Cơ quan thực hiện"), 34),
        Column(_("Lĩnh vực"), 20),
        Column(_("Ngày kiến nghị"), 13, is_date=True),
        Column(_("Hạn hoàn thành"), 13, is_date=True),
        Column(_("Tình trạng"), 22),
        Column(_("Kết quả"), 22),
        Column(_("Ngày kết thúc"), 13, is_date=True),
    ]


def _rows(qs) -> Iterator[tuple]:
    fields = {k: str(v) for k, v in Field.choices}
    states = {k: str(v) for k, v in Obligation.State.choices}
    outcomes = {k: str(v) for k, v in Obligation.Outcome.choices}
    exclusions = {k: str(v) for k, v in Obligation.Exclusion.choices}
    council_body = _("HĐND")
    for (
        pk,
        content,
        council,
        topic,
        body,
        agency,
        field,
        issued,
        due,
        state,
        outcome,
        ended,
        exclusion,
    ) in qs.values_list(*ROW_FIELDS).iterator(chunk_size=CHUNK):
        shown_state = states.get(state, state)
        if exclusion:
            shown_state = f"{shown_state} ({exclusions.get(exclusion, exclusion)})"
        yield (
            pk,
            content,
            council,
            topic,
            body or council_body,
            agency,
            fields.get(field, field),
            issued,
            due,
            shown_state,
            outcomes.get(outcome, outcome) if outcome else None,
            ended,
        )


def recommendation_workbook_rows(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> tuple[IO[bytes], int]:
    """The workbook and its number of data rows (the builder of core.exports); the tracker's
    own selector, so scope, filters and order are the page's."""
    qs = selectors.recommendation_list(user=user, today=timezone.localdate(), filters=filters)
    return sheet_write(title=_("Kiến nghị sau giám sát"), columns=_columns(), rows=_rows(qs))

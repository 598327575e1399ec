"""The "due and overdue" list as an Excel workbook: exactly the rows the page's filters select.

Written by core.xlsx (the one writer of every export) from a chunked iterator, like the
register's (resolutions/exports.py): labels are translated once per export, never per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.xlsx import Column, sheet_write
from followups import selectors
from followups.models import Obligation

if TYPE_CHECKING:
    from core.models import User

KIND = "followups.obligations"
CHUNK = 2000
ROW_FIELDS = (
    "id",
    "kind",
    "title",
    "council__name",
    "owed_by__name",
    "owed_by_text",
    "start_on",
    "due_on",
    "state_code",
    "outcome",
    "ended_on",
    "exclusion",
)


def _columns() -> list[Column]:
    # Spelled out so makemessages sees every header; widths in characters.
    return [
        Column(_("Mã"), 8),
        Column(_("Loại việc"), 30),
        Column(_("Nội dung"), 60),
        Column(_("HĐND theo dõi"), 34),
        Column(_("Cơ quan thực hiện"), 34),
        Column(_("Bắt đầu tính hạn"), 13, is_date=True),
        Column(_("Hạn hoàn thành"), 13, is_date=True),
        Column(_("Tình trạng"), 18),
        Column(_("Kết quả"), 22),
        Column(_("Ngày kết thúc"), 13, is_date=True),
    ]


def _rows(qs) -> Iterator[tuple]:
    kinds = {k: str(v) for k, v in Obligation.Kind.choices}
    states = {k: str(v) for k, v in Obligation.State.choices}
    outcomes = {k: str(v) for k, v in Obligation.Outcome.choices}
    exclusions = {k: str(v) for k, v in Obligation.Exclusion.choices}
    for (
        pk,
        kind,
        title,
        council,
        agency,
        agency_text,
        start,
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
            kinds.get(kind, kind),
            title,
            council,
            agency or agency_text,
            start,
            due,
            shown_state,
            outcomes.get(outcome, outcome) if outcome else None,
            ended,
        )


def obligation_workbook_rows(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> tuple[IO[bytes], int]:
    """The workbook and its number of data rows (the builder of core.exports); the list's own
    selector, so scope, filters and order are the page's."""
    qs = selectors.obligation_list(user=user, today=timezone.localdate(), filters=filters)
    return sheet_write(title=_("Việc đến hạn, quá hạn"), columns=_columns(), rows=_rows(qs))

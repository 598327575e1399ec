"""The "due and overdue" list as an Excel workbook: exactly the rows the page's filters select.

Written like the register's (resolutions/exports.py): openpyxl's write-only mode from a chunked
iterator, so rows go to a temporary file as they are read.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from followups import selectors
from followups.models import Obligation

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from core.models import User

KIND = "followups.obligations"
DATE_FORMAT = "DD/MM/YYYY"
CHUNK = 2000
WIDTHS = (8, 30, 60, 34, 34, 13, 13, 18, 22, 13)
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


def _headers() -> list[str]:
    # Spelled out so makemessages sees every header.
    return [
        _("Mã"),
        _("Loại việc"),
        _("Nội dung"),
        _("HĐND theo dõi"),
        _("Cơ quan thực hiện"),
        _("Bắt đầu tính hạn"),
        _("Hạn hoàn thành"),
        _("Tình trạng"),
        _("Kết quả"),
        _("Ngày kết thúc"),
    ]


def _date_cell(ws: WriteOnlyWorksheet, value: date | None) -> WriteOnlyCell | None:
    """A real Excel date shown dd/mm/yyyy, so the column sorts and filters as dates."""
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def obligation_workbook_rows(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> tuple[IO[bytes], int]:
    """The workbook and its number of data rows (the builder of core.exports); the list's own
    selector, so scope, filters and order are the page's."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=_("Việc đến hạn, quá hạn"))
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="A4161A")
    wrap = Alignment(wrap_text=True, vertical="center")
    header = []
    for label in _headers():
        cell = WriteOnlyCell(ws, value=label)
        cell.font, cell.fill, cell.alignment = header_font, header_fill, wrap
        header.append(cell)
    ws.append(header)

    kinds = dict(Obligation.Kind.choices)
    states = dict(Obligation.State.choices)
    outcomes = dict(Obligation.Outcome.choices)
    exclusions = dict(Obligation.Exclusion.choices)
    today = timezone.localdate()
    rows = selectors.obligation_list(user=user, today=today, filters=filters).values_list(
        *ROW_FIELDS
    )
    count = 0
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
    ) in rows.iterator(chunk_size=CHUNK):
        shown_state = str(states.get(state, state))
        if exclusion:
            shown_state = f"{shown_state} ({exclusions.get(exclusion, exclusion)})"
        ws.append(
            [
                pk,
                str(kinds.get(kind, kind)),
                title,
                council,
                agency or agency_text,
                _date_cell(ws, start),
                _date_cell(ws, due),
                shown_state,
                str(outcomes.get(outcome, outcome)) if outcome else None,
                _date_cell(ws, ended),
            ]
        )
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(WIDTHS))}{count + 1}"
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams it, then closes it
    workbook.save(out)
    out.seek(0)
    return out, count

"""The register as an Excel workbook: exactly the rows the page's filters select, every page.

Built in openpyxl's write-only mode from a chunked iterator, so rows go to a temporary file as
they are read and a register of 100 000 resolutions never sits in memory at once.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from resolutions import selectors
from resolutions.models import Field, Resolution

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from core.models import User

DATE_FORMAT = "DD/MM/YYYY"
CHUNK = 2000
# Column widths in characters, in the order of _headers().
WIDTHS = (20, 70, 34, 30, 15, 13, 15, 24, 30)
ROW_FIELDS = (
    "number",
    "title",
    "council__name",
    "field",
    "adopted_on",
    "issued_on",
    "effective_on",
    "status",
    "session__number",
    "session__term__name",
)


def _headers() -> list[str]:
    # Spelled out so makemessages sees every header.
    return [
        _("Số ký hiệu"),
        _("Trích yếu"),
        _("HĐND ban hành"),
        _("Lĩnh vực"),
        _("Ngày thông qua"),
        _("Ngày ký"),
        _("Ngày hiệu lực"),
        _("Tình trạng"),
        _("Kỳ họp"),
    ]


def _date_cell(ws: WriteOnlyWorksheet, value: date | None) -> WriteOnlyCell | None:
    """A real Excel date shown dd/mm/yyyy, so the column sorts and filters as dates."""
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def register_workbook(*, user: User, filters: Mapping[str, Any] | None = None) -> IO[bytes]:
    """Write the filtered register to a temporary .xlsx file and return it rewound."""
    out, _rows = register_workbook_rows(user=user, filters=filters)
    return out


def register_workbook_rows(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> tuple[IO[bytes], int]:
    """The workbook and its number of data rows (the builder of core.exports).

    Uses the register's selector, so scope and filters are the page's own.
    """
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=_("Sổ nghị quyết"))
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

    fields = dict(Field.choices)
    statuses = dict(Resolution.Status.choices)
    rows = selectors.resolution_list(user=user, filters=filters).values_list(*ROW_FIELDS)
    count = 0
    for (
        number,
        title,
        council,
        field,
        adopted,
        issued,
        effective,
        status,
        s_no,
        term,
    ) in rows.iterator(chunk_size=CHUNK):
        session = (
            _("Kỳ họp thứ %(number)s, nhiệm kỳ %(term)s") % {"number": s_no, "term": term}
            if s_no
            else None
        )
        ws.append(
            [
                number or None,
                title,
                council,
                str(fields.get(field, field)),
                _date_cell(ws, adopted),
                _date_cell(ws, issued),
                _date_cell(ws, effective),
                str(statuses.get(status, status)),
                session,
            ]
        )
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(WIDTHS))}{count + 1}"

    out = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams it, then closes it
    workbook.save(out)
    out.seek(0)
    return out, count

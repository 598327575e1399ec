"""The register as an Excel workbook: exactly the rows the page's filters select, every page.

Written by core.xlsx from a chunked iterator, so rows go to a temporary file as they are read
and a register of 100 000 resolutions never sits in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from core.xlsx import Column, sheet_write
from resolutions import selectors
from resolutions.models import Field, Resolution

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from core.models import User

CHUNK = 2000
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


def _columns() -> list[Column]:
    # Spelled out so makemessages sees every header; widths in characters.
    return [
        Column(_("Số ký hiệu"), 20),
        Column(_("Trích yếu"), 70),
        Column(_("HĐND ban hành"), 34),
        Column(_("Lĩnh vực"), 30),
        Column(_("Ngày thông qua"), 15, is_date=True),
        Column(_("Ngày ký"), 13, is_date=True),
        Column(_("Ngày hiệu lực"), 15, is_date=True),
        Column(_("Tình trạng"), 24),
        Column(_("Kỳ họp"), 30),
    ]


def _rows(qs: QuerySet[Resolution]) -> Iterator[tuple]:
    """The sheet's rows; every label is translated once here, never per row."""
    fields = {value: str(label) for value, label in Field.choices}
    statuses = {value: str(label) for value, label in Resolution.Status.choices}
    session_label = _("Kỳ họp thứ %(number)s, nhiệm kỳ %(term)s")
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
    ) in qs.values_list(*ROW_FIELDS).iterator(chunk_size=CHUNK):
        yield (
            number,
            title,
            council,
            fields.get(field, field),
            adopted,
            issued,
            effective,
            statuses.get(status, status),
            session_label % {"number": s_no, "term": term} if s_no else None,
        )


def register_sheet(qs: QuerySet[Resolution]) -> tuple[IO[bytes], int]:
    """These resolutions, in the queryset's order, as the register's workbook."""
    return sheet_write(title=_("Sổ nghị quyết"), columns=_columns(), rows=_rows(qs))


def register_workbook(*, user: User, filters: Mapping[str, Any] | None = None) -> IO[bytes]:
    """Write the filtered register to a temporary .xlsx file and return it rewound."""
    out, _rows_written = register_workbook_rows(user=user, filters=filters)
    return out


def register_workbook_rows(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> tuple[IO[bytes], int]:
    """The workbook and its number of data rows (the builder of core.exports).

    Uses the register's selector, so scope and filters are the page's own.
    """
    return register_sheet(selectors.resolution_list(user=user, filters=filters))

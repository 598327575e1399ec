"""core.xlsx, the Excel writer of every export: what Excel reads back, and memory flat in rows."""

from __future__ import annotations

import tracemalloc
import zoneinfo
from datetime import date, datetime

from openpyxl import load_workbook

from core.xlsx import Column, excel_date, sheet_write

COLUMNS = [
    Column("Số ký hiệu", 20),
    Column("Trích yếu", 70),
    Column("Ngày ký", 13, is_date=True),
    Column("Kỳ họp", 30),
]


def test_a_sheet_reads_back_with_its_header_types_and_layout():
    """Headers styled and frozen, widths as given, real dates dd/mm/yyyy, numbers as numbers,
    None as an empty cell, the autofilter and the sheet's extent over exactly the rows written."""
    out, rows = sheet_write(
        title="Sổ nghị quyết",
        columns=COLUMNS,
        rows=[
            ("01/2024/NQ-HĐND", "Về biên chế", date(2024, 3, 5), 7),
            ("", "Chưa cấp số", None, None),
        ],
    )
    assert rows == 2
    ws = load_workbook(out).active
    assert ws.title == "Sổ nghị quyết"
    assert [c.value for c in ws[1]] == ["Số ký hiệu", "Trích yếu", "Ngày ký", "Kỳ họp"]
    assert ws["A1"].font.b
    assert ws["A1"].fill.fgColor.rgb.endswith("A4161A")
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D3"
    assert [ws.column_dimensions[c].width for c in "ABCD"] == [20, 70, 13, 30]
    signed = ws["C2"]
    assert signed.is_date
    assert signed.number_format == "DD/MM/YYYY"
    assert signed.value.date() == date(2024, 3, 5)
    assert ws["D2"].value == 7
    assert ws["D2"].data_type == "n"
    assert [ws["A3"].value, ws["C3"].value, ws["D3"].value] == [None, None, None]
    out.seek(0)
    assert load_workbook(out, read_only=True).active.calculate_dimension() == "A1:D3"


def test_an_empty_sheet_has_its_header_only():
    out, rows = sheet_write(title="Sổ", columns=COLUMNS, rows=[])
    assert rows == 0
    ws = load_workbook(out).active
    assert list(ws.iter_rows(values_only=True)) == [tuple(c.header for c in COLUMNS)]
    assert ws.auto_filter.ref == "A1:D1"


def test_strings_stay_strings_escaped_never_formulas():
    """A title a user typed is data: "=…" is not a formula, markup is text, control characters
    and edge spaces do not break the file."""
    typed = ["=HYPERLINK(1)", "<b>A & B</b>", " có khoảng trắng ", "dòng 1\ndòng 2", "x\x01y"]
    out, _rows = sheet_write(
        title="Sổ",
        columns=[Column("Trích yếu", 70)],
        rows=[(text,) for text in typed],
    )
    cells = [row[0] for row in load_workbook(out).active.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.value for cell in cells[:4]] == typed[:4]
    assert "\x01" not in cells[4].value  # Excel's _x0001_ escape, valid XML


def test_dates_are_excel_day_numbers_in_local_time():
    assert excel_date(date(1900, 3, 1)) == 61
    assert excel_date(date(2024, 3, 5)) == 45356
    midnight_here = datetime(2024, 3, 4, 17, tzinfo=zoneinfo.ZoneInfo("UTC"))  # 00:00 in Hà Nội
    assert excel_date(midnight_here) == 45356


def _rows(n: int):
    for i in range(n):
        yield (f"{i}/2023/NQ-HĐND", f"Nghị quyết số {i} về kế hoạch", date(2023, 7, 12), i)


def _peak(n: int) -> int:
    tracemalloc.start()
    try:
        out, written = sheet_write(title="Sổ", columns=COLUMNS, rows=_rows(n))
        out.close()
        assert written == n
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_rows():
    """Rows go to the file as they come: ten times the rows, the same peak (within 256 KiB)."""
    small, large = _peak(2_000), _peak(20_000)
    assert large - small < 256 * 1024

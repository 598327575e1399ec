"""One official document (Decree 30/2020/NĐ-CP, Appendix I; DOMAIN.md §14), two files: PDF and DOCX.

An `OfficialDocument` says what the page carries: the issuer, the number and symbol, the place
and date, the kind and summary (trích yếu), or for a công văn the "V/v" line and "Kính gửi", the
body, the recipients and the signature block. The PDF is laid out by ONE set of template partials
(templates/documents/: _header, _blocks, _signature, shared with the session results report) and
static/css/document.css; the DOCX, for a clerk to edit, lays out the same blocks with python-docx
in the same page (A4, margins 20/20/30/15 mm, Times New Roman 14 pt, the two-column header table,
page numbers top centre from page 2). The text of both comes from the same object, so they agree.

Strings that need translating are resolved when the document is built: build it inside
`translation.override("vi")` (official documents are Vietnamese whatever the UI language).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.utils import translation

from core.text import official_date

if TYPE_CHECKING:
    from django.http import HttpResponse
    from docx.document import Document as DocxDocument
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

PARAGRAPH, HEADING, SUBHEADING, ITEM, TABLE = "paragraph", "heading", "subheading", "item", "table"
APPENDIX = "appendix"
# A blank number: the document is numbered by the clerical office when it is signed.
BLANK_NUMBER = "\u00a0" * 7


@dataclass(frozen=True)
class Cell:
    text: str
    note: str = ""  # a second, smaller italic line (a percentage, an office)
    align: str = ""  # "c" centred, "n" a number (centred, kept on one line), "" left


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 0  # per cent of the text width; 0 takes what the others leave


@dataclass(frozen=True)
class Block:
    """A paragraph, a heading ("I. ..."), a numbered item, a simple table, or the title of an
    appendix (a new page; `detail`, what it lists, below it, may hold line breaks)."""

    kind: str
    text: str = ""
    detail: str = ""
    columns: tuple[Column, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()


def paragraph(text: str) -> Block:
    return Block(PARAGRAPH, text)


def heading(text: str) -> Block:
    return Block(HEADING, text)


def subheading(text: str) -> Block:
    """A bold italic line under a heading ("1. Đối với ...")."""
    return Block(SUBHEADING, text)


def item(text: str) -> Block:
    return Block(ITEM, text)


def appendix(title: str, detail: str = "") -> Block:
    """ "PHỤ LỤC I" on a new page, centred, and what it lists below it (an annex block)."""
    return Block(APPENDIX, title, detail=detail)


def table(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> Block:
    return Block(TABLE, columns=tuple(columns), rows=tuple(tuple(r) for r in rows))


@dataclass(frozen=True)
class Signer:
    authority: str  # "TM. THƯỜNG TRỰC HĐND", "KT. CHỦ TỊCH"
    position: str  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    name: str = ""  # blank until someone holds the office


@dataclass
class OfficialDocument:
    issuer: tuple[str, ...]  # bold capitals: ("HỘI ĐỒNG NHÂN DÂN", "HUYỆN HIỆP ĐỨC")
    symbol: str  # "BC-HĐND"; a công văn has no type code: "HĐND-VP"
    place: str  # "Hiệp Đức"
    dated: date
    title: str  # the summary (trích yếu); for a công văn the "V/v" line
    signer: Signer
    kind: str = ""  # "BÁO CÁO"; empty for a công văn
    parent: str = ""  # the body above the issuer, regular capitals
    number: str = ""  # "15", or a whole reference "15/HĐND-VP"; blank until numbered
    addressees: tuple[str, ...] = ()  # "Kính gửi": a công văn's addressees
    body: list[Block] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)  # kept on the signature's page
    recipients: tuple[str, ...] = ()  # "Nơi nhận", the last one "Lưu: VT, ..."
    annex: list[Block] = field(default_factory=list)  # appendices, after the signature
    draft: bool = False

    @property
    def reference(self) -> str:
        """What follows "Số:": "15/BC-HĐND", or a blank to be numbered at signing."""
        if "/" in self.number:
            return self.number
        return f"{self.number or BLANK_NUMBER}/{self.symbol}"

    @property
    def date_line(self) -> str:
        return f"{self.place}, {official_date(self.dated)}"

    @property
    def is_letter(self) -> bool:
        """A công văn: no kind heading; its summary is the "V/v" line under the number."""
        return not self.kind


# --- PDF ---------------------------------------------------------------------------------------

TEMPLATE = "documents/official.html"


def document_html(doc: OfficialDocument) -> str:
    from core.pdf import render_html

    return render_html(TEMPLATE, {"doc": doc})


def document_pdf(doc: OfficialDocument) -> bytes:
    from core.pdf import render_pdf

    return render_pdf(TEMPLATE, {"doc": doc})


FORMATS = ("pdf", "docx")


def document_response(
    doc: OfficialDocument, fmt: str, filename: str, cache_key: str
) -> HttpResponse:
    """The document as a download: the PDF shown inline, built once per change of its HTML and
    kept under `cache_key` (core.pdf.cached_pdf); the DOCX as an attachment to edit."""
    from django.http import HttpResponse

    from core.uploads import DOCX

    if fmt == "pdf":
        from core.pdf import cached_pdf

        pdf = cached_pdf(TEMPLATE, {"doc": doc}, key_prefix=cache_key)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
        return response
    response = HttpResponse(document_docx(doc), content_type=DOCX.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.docx"'
    return response


# --- DOCX --------------------------------------------------------------------------------------

FONT = "Times New Roman"
# Decree 30/2020, Appendix I: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PAGE_MM = (210, 297)
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
ISSUER_SHARE, SIGN_SHARE = 0.37, 0.52  # the header's and the signature block's columns
BODY_PT, INDENT_CM = 14, 1.27


def document_docx(doc: OfficialDocument) -> bytes:
    """The same document as an editable Word file (python-docx), same blocks, same text."""
    import docx

    with translation.override("vi"):
        word = docx.Document()
        _page(word, doc)
        _header(word, doc)
        for block in [*doc.body, *doc.closing]:
            _block(word, block)
        _signature(word, doc)
        for block in doc.annex:
            _block(word, block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page(word: DocxDocument, doc: OfficialDocument) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    section = word.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    section.header_distance = Mm(10)
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    # Page numbers top centre, not on page 1; the draft mark on every page.
    section.different_first_page_header_footer = True
    numbered = section.header.paragraphs[0]
    numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(numbered)
    if doc.draft:
        for header in (section.first_page_header, section.header):
            mark = header.add_paragraph()
            mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(mark, translation.gettext("DỰ THẢO"), size=13, bold=True)


def _page_field(paragraph: Paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _run(paragraph: Paragraph, text: str, *, size: float = BODY_PT, bold=False, italic=False):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None
    return run


def _line(
    cell_or_doc,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold=False,
    italic=False,
    align: str = "center",
    space_before: float = 0,
) -> Paragraph:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = cell_or_doc.add_paragraph()
    p.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    if space_before:
        p.paragraph_format.space_before = Pt(space_before)
    if text:
        _run(p, text, size=size, bold=bold, italic=italic)
    return p


def _rule(container, width_mm: float, available_mm: float) -> None:
    """The short solid line under the issuer and the summary: an empty centred paragraph with a
    top border, narrowed by equal indents to `width_mm`."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    p = container.add_paragraph()
    side = max((available_mm - width_mm) / 2, 0)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.space_before = Pt(3)
    p.paragraph_format.line_spacing = Pt(4)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    p._p.get_or_add_pPr().append(borders)


def _layout_table(word: DocxDocument, widths_mm: Sequence[float]):
    """A borderless table of fixed column widths (header and signature blocks)."""
    from docx.shared import Mm

    grid = word.add_table(rows=0, cols=len(widths_mm))
    grid.autofit = False
    row = grid.add_row()
    for cell, width in zip(row.cells, widths_mm, strict=True):
        cell.width = Mm(width)
        cell._tc.remove(cell.paragraphs[0]._p)  # cells start with an empty paragraph
    return grid, row.cells


def _header(word: DocxDocument, doc: OfficialDocument) -> None:
    left_mm = TEXT_WIDTH_MM * ISSUER_SHARE
    right_mm = TEXT_WIDTH_MM - left_mm
    grid, (issuer, nation) = _layout_table(word, (left_mm, right_mm))
    if doc.parent:
        _line(issuer, doc.parent, size=13)
    for line in doc.issuer:
        _line(issuer, line, size=13, bold=True)
    _rule(issuer, left_mm * 0.32, left_mm)
    _line(nation, translation.gettext("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), size=12.5, bold=True)
    motto = _line(nation, "")
    _run(
        motto, translation.gettext("Độc lập - Tự do - Hạnh phúc"), size=13.5, bold=True
    ).underline = True
    number, day = grid.add_row().cells
    _line(number, f"{translation.gettext('Số:')} {doc.reference}", size=13, space_before=10)
    if doc.is_letter and doc.title:
        _line(number, f"{translation.gettext('V/v')} {doc.title}", size=12)
    _line(day, doc.date_line, italic=True, space_before=10)
    if not doc.is_letter:
        _line(word, doc.kind, bold=True, space_before=22)
        _line(word, doc.title, bold=True)
        _rule(word, TEXT_WIDTH_MM * 0.28, TEXT_WIDTH_MM)
    if doc.addressees:
        label = translation.gettext("Kính gửi:")
        if len(doc.addressees) == 1:
            _line(word, f"{label} {doc.addressees[0]}", space_before=14)
        else:
            _line(word, label, space_before=14)
            for name in doc.addressees:
                _line(word, f"- {name};")
    _line(word, "")


def _body_paragraph(word: DocxDocument, text: str, *, bold=False, italic=False) -> Paragraph:
    from docx.shared import Cm, Pt

    p = _line(word, text, bold=bold, italic=italic, align="justify")
    p.paragraph_format.first_line_indent = Cm(INDENT_CM)
    p.paragraph_format.space_after = Pt(6)
    p.paragraph_format.line_spacing = 1.15
    return p


def _block(word: DocxDocument, block: Block) -> None:
    if block.kind == HEADING:
        _body_paragraph(word, block.text, bold=True).paragraph_format.keep_with_next = True
    elif block.kind == SUBHEADING:
        p = _body_paragraph(word, block.text, bold=True, italic=True)
        p.paragraph_format.keep_with_next = True
    elif block.kind == TABLE:
        _data_table(word, block)
    elif block.kind == APPENDIX:
        _appendix(word, block)
    else:
        _body_paragraph(word, block.text)


def _appendix(word: DocxDocument, block: Block) -> None:
    from docx.enum.text import WD_BREAK

    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _line(word, block.text, bold=True).paragraph_format.keep_with_next = True
    if block.detail:
        _line(word, block.detail, size=13, bold=True).paragraph_format.keep_with_next = True
    _line(word, "")


def _data_table(word: DocxDocument, block: Block) -> None:
    from docx.shared import Mm, Pt

    fixed = sum(c.width for c in block.columns)
    free = [c for c in block.columns if not c.width]
    rest = max(100 - fixed, 0) / len(free) if free else 0
    widths = [TEXT_WIDTH_MM * (c.width or rest) / 100 for c in block.columns]
    grid = word.add_table(rows=1, cols=len(block.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    for cell, column, width in zip(grid.rows[0].cells, block.columns, widths, strict=True):
        cell.width = Mm(width)
        _cell_text(cell, column.label, bold=True, align="c")
    _repeat_header(grid.rows[0])
    for row in block.rows:
        cells = grid.add_row().cells
        for cell, value, width in zip(cells, row, widths, strict=True):
            cell.width = Mm(width)
            _cell_text(cell, value.text, align=value.align, note=value.note)
    spacer = word.add_paragraph()
    spacer.paragraph_format.space_after = Pt(8)


def _cell_text(cell: _Cell, text: str, *, bold=False, align="", note="") -> None:
    p = cell.paragraphs[0]
    p.alignment = _align(align)
    _run(p, text, size=12, bold=bold)
    if note:
        extra = cell.add_paragraph()
        extra.alignment = _align(align)
        _run(extra, note, size=11, italic=True)


def _align(code: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return WD_ALIGN_PARAGRAPH.CENTER if code in ("c", "n") else WD_ALIGN_PARAGRAPH.LEFT


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _signature(word: DocxDocument, doc: OfficialDocument) -> None:
    from docx.shared import Mm

    right_mm = TEXT_WIDTH_MM * SIGN_SHARE
    _grid, (recipients, signature) = _layout_table(word, (TEXT_WIDTH_MM - right_mm, right_mm))
    _line(
        recipients,
        translation.gettext("Nơi nhận:"),
        size=12,
        bold=True,
        italic=True,
        align="left",
        space_before=14,
    )
    for name in doc.recipients:
        _line(recipients, f"- {name}", size=11, align="left")
    _line(signature, doc.signer.authority, bold=True, space_before=14)
    _line(signature, doc.signer.position, bold=True)
    space = _line(signature, "")
    space.paragraph_format.space_after = Mm(22)
    _line(signature, doc.signer.name, bold=True)

"""Reading the generated documents back in tests: a PDF's text (poppler's pdftotext, skipped
where it is missing) and a DOCX's paragraphs and table cells (python-docx), each flattened to
one line so that a test asserts on the words, not on where a line happened to break."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest

PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils)")


def flat(text: str) -> str:
    """Every run of white space as one space."""
    return " ".join(text.split())


def pdf_text(content: bytes, tmp_path, *, layout: bool = True, page: int | None = None) -> str:
    """The PDF's text as one line; without `layout`, in reading order (a table's cells one
    after the other). With `page`, that page's lines as laid out, not flattened."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    options = ["-layout"] if layout or page else []
    if page:
        options += ["-f", str(page), "-l", str(page)]
    out = subprocess.run(  # noqa: S603 - a fixed local tool on our own file
        [PDFTOTEXT, *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out if page else flat(out)


def pdf_page_count(content: bytes, tmp_path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(content)
    info = subprocess.run(  # noqa: S603 - a fixed local tool on our own file
        [PDFINFO, str(path)], check=True, capture_output=True, text=True
    ).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def docx_document(content: bytes) -> docx.document.Document:
    """The Word file, to read its tables and paragraphs one by one."""
    return docx.Document(io.BytesIO(content))


def docx_text(content: bytes, *, header: bool = False) -> str:
    """Every paragraph of the Word file, in the body and in table cells (and the first page's
    header with `header`), as one line of text."""
    word = docx_document(content)
    parts = [p.text for p in word.paragraphs]
    for grid in word.tables:
        parts += [cell.text for row in grid.rows for cell in row.cells]
    if header:
        parts += [p.text for p in word.sections[0].first_page_header.paragraphs]
    return flat("\n".join(parts))

"""core.pdf at process start: WeasyPrint loaded and the fonts decoded once, before any PDF."""

from __future__ import annotations

import importlib
import os
import sys
import weakref
from pathlib import Path

import pytest
from celery.signals import worker_init
from fontTools.ttLib import woff2

from core import pdf as core_pdf
from hdnd.celery import pdf_warm_on_worker_start

# The faces @font-face names in static/css/document.css: Tinos, 3 subsets x 2 weights x 2 styles.
FACES = 12


@pytest.fixture
def cold_fonts():
    core_pdf._decoded_font.cache_clear()
    yield
    core_pdf._decoded_font.cache_clear()


@pytest.fixture
def decodes(monkeypatch) -> list:
    """Every WOFF2 font decoded from here on."""
    calls = []
    real = woff2.decompress

    def counting(source, out):
        calls.append(source)
        return real(source, out)

    monkeypatch.setattr(woff2, "decompress", counting)
    return calls


def test_a_starting_celery_worker_loads_weasyprint_and_decodes_the_fonts(cold_fonts, decodes):
    """Connected to worker_init: the worker's main process, before the pool forks."""
    connected = [
        receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
        for _key, receiver in worker_init.receivers
    ]
    assert pdf_warm_on_worker_start in connected
    pdf_warm_on_worker_start(sender=None)
    assert "weasyprint" in sys.modules
    assert len(decodes) == FACES
    assert core_pdf._decoded_font.cache_info().currsize == FACES


def test_the_wsgi_application_starts_warm(cold_fonts, decodes):
    """Gunicorn imports hdnd.wsgi once per process (or once with --preload): fonts decoded."""
    import hdnd.wsgi

    importlib.reload(hdnd.wsgi)
    assert len(decodes) == FACES


def test_pdfs_after_the_warm_up_decode_no_font(cold_fonts, decodes):
    """WeasyPrint would decode every @font-face for every PDF; the fetcher hands it the fonts
    decoded at start-up, so two documents later still nothing is decoded."""
    core_pdf.pdf_warm()
    decodes.clear()
    css = Path(core_pdf.finders.find("css/document.css")).read_text(encoding="utf-8")
    html = f'<style>{css}</style><div class="doc"><p>Kỳ họp <b>thứ nhất</b> <i>HĐND</i></p></div>'
    for _ in range(2):
        assert core_pdf.html_to_pdf(html).startswith(b"%PDF-")
    assert decodes == []


def test_a_changed_font_file_is_decoded_again(cold_fonts, decodes, tmp_path):
    """Fonts are kept by file and modification time: a new font file is not served stale."""
    source = Path(core_pdf.finders.find("fonts/tinos-latin-400-normal.woff2"))
    font = tmp_path / "font.woff2"
    font.write_bytes(source.read_bytes())
    first = core_pdf._decoded_font(str(font), core_pdf._mtime(font))
    assert core_pdf._decoded_font(str(font), core_pdf._mtime(font)) is first
    assert len(decodes) == 1
    stat = font.stat()
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    core_pdf._decoded_font(str(font), core_pdf._mtime(font))
    assert len(decodes) == 2
    assert first[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")  # plain OpenType, not WOFF2

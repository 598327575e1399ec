"""HTML templates to PDF bytes with WeasyPrint, never touching the network.

Official documents (DOMAIN.md §14) are laid out in CSS paged media: `@page` sets A4 and the
margins, margin boxes carry the page numbers. The font is Tinos (Times-metric, full Vietnamese),
loaded by `@font-face` in static/css/document.css from the npm package @fontsource/tinos, so a
PDF is the same on every machine whatever fonts the system has. Resources a
template links to are read only from `file:` paths in the static folders or the system font folders,
or from `data:` URLs: a remote URL in a template (or in data that slipped into one) is refused,
so rendering cannot be made to call out or wait on a slow host.

`cached_pdf` builds a document once per change of its HTML and keeps it in private storage, so a
report read many times costs one WeasyPrint run. `pdf_warm` loads WeasyPrint and decodes the
fonts when a worker or web process starts (hdnd/celery.py, hdnd/wsgi.py), not on a user's first
PDF; the decoded fonts and the font configuration (fontconfig registrations, Pango caches) are
kept for the process's life, where WeasyPrint made them anew for each PDF.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from core.uploads import private_storage

if TYPE_CHECKING:
    from django.http import HttpRequest
    from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def _local_roots() -> list[Path]:
    """Static folders and fonts only: never the project root (.env, database, private media)."""
    dirs = getattr(settings, "STATICFILES_DIRS", ())
    # An entry is a folder or a (prefix, folder) pair.
    roots = [*FONT_DIRS, *(Path(d[1] if isinstance(d, tuple | list) else d) for d in dirs)]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    roots.extend(Path(app.path) / "static" for app in apps.get_app_configs())
    return [r.resolve() for r in roots]


def _static_file(url: str) -> Path | None:
    """A `file:` URL under the project's static folder, looked up as a static path (so that a
    prefixed STATICFILES_DIRS entry such as "fonts/" is found where it really lives)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        return None
    base = (Path(settings.BASE_DIR) / "static").resolve()
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(base):
        return None
    found = finders.find(path.relative_to(base).as_posix())
    return Path(found).resolve() if found else None


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme != "file":
        return False
    path = Path(unquote(parts.path)).resolve()
    return any(path.is_relative_to(root) for root in _local_roots()) or bool(_static_file(url))


@functools.cache
def _fetcher_class() -> type[URLFetcher]:
    # Built on first use (or by pdf_warm): importing WeasyPrint loads Pango, half a second.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalURLFetcher(URLFetcher):
        """Serves `data:` URLs and files in static or font folders; refuses the rest."""

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, **kwargs)

        def fetch(self, url: str, headers: Mapping[str, str] | None = None):
            if not _is_local(url):
                raise ValueError(f"Refusing to fetch a non-local resource: {url}")
            found = _static_file(url)
            target = found.as_uri() if found else url
            font = _font_file(target)
            if font is not None:
                return URLFetcherResponse(target, body=_decoded_font(str(font), _mtime(font)))
            return super().fetch(target, headers)

    return LocalURLFetcher


FONT_SUFFIXES = {".woff", ".woff2"}


def _font_file(url: str) -> Path | None:
    """The local web font a `file:` URL names (already checked to be local), else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        return None
    path = Path(unquote(parts.path))
    return path if path.suffix.lower() in FONT_SUFFIXES and path.is_file() else None


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


@functools.lru_cache(maxsize=64)
def _decoded_font(path: str, _mtime_ns: int) -> bytes:
    """A WOFF/WOFF2 font as the plain OpenType WeasyPrint would decode it from, once per process.

    WeasyPrint decodes every @font-face on every PDF, WOFF2 in pure Python: for the twelve faces
    of Tinos, about a second of each report. Keyed by the file's modification time, so a new
    font file is decoded again.
    """
    from fontTools.ttLib import TTFont, woff2

    data = Path(path).read_bytes()
    out = io.BytesIO()
    if data[:4] == b"wOF2":
        woff2.decompress(io.BytesIO(data), out)
    elif data[:4] == b"wOFF":
        font = TTFont(io.BytesIO(data))
        font.flavor = font.flavorData = None
        font.save(out)
    else:
        return data
    return out.getvalue()


def local_url_fetcher() -> URLFetcher:
    """A WeasyPrint fetcher that never opens a network connection."""
    return _fetcher_class()()


def default_base_url() -> str:
    """Relative links resolve as in static/css/, where the stylesheet inlined into a PDF lives,
    so its `url("../fonts/…")` finds the same static file in the PDF as on the print page."""
    return (Path(settings.BASE_DIR) / "static" / "css").resolve().as_uri() + "/"


_fonts = threading.local()


def _font_config():
    """This thread's WeasyPrint font configuration, kept for the process's life.

    A new one per PDF registers every @font-face with fontconfig again (a temporary file and a
    scan each) and starts Pango's font maps and glyph caches cold; kept, the faces are added once
    (WeasyPrint skips a face it already holds) and the caches stay warm. One per thread (Pango
    objects are not shared between threads) and per process: a forked child (a Celery pool
    process, a gunicorn worker after --preload) makes its own and leaves the parent's files alone.
    """
    held = getattr(_fonts, "held", None)
    if held is not None and held[0] == os.getpid():
        return held[1]
    if held is not None:
        held[1]._folder = None  # the parent's font files: not this process's to delete
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    _fonts.held = (os.getpid(), config)
    return config


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    return _write_pdf(html, base_url=base_url)


def _write_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    document = HTML(
        string=html, base_url=base_url or default_base_url(), url_fetcher=local_url_fetcher()
    )
    return document.write_pdf(font_config=_font_config())


# The documents' fonts, named in the shared stylesheet as url("../fonts/…").
FONT_URL = re.compile(r"""url\(["']?\.\./(fonts/[^"')]+)["']?\)""")


def pdf_warm(stylesheet: str = "css/document.css") -> int:
    """Import WeasyPrint and decode the fonts a stylesheet names, before any user asks for a PDF.

    Called where a process starts (Celery's worker_init, the WSGI module), so the first report
    costs what the next ones do. Touches no database and starts no thread, so a process may fork
    after it. Returns the number of fonts decoded.
    """
    _fetcher_class()  # imports WeasyPrint: Pango, HarfBuzz, fontconfig
    found = finders.find(stylesheet)
    if not found:
        return 0
    count = 0
    text = Path(found).read_text(encoding="utf-8")
    for name in FONT_URL.findall(text):
        if font := finders.find(name):
            path = Path(font).resolve()
            _decoded_font(str(path), _mtime(path))
            count += 1
    # One small page in every face registers them with this thread's font configuration and
    # warms Pango's caches, so the first user's PDF lays out as fast as the next.
    sample = "Cộng hòa xã hội chủ nghĩa Việt Nam, Hội đồng nhân dân 0123456789 %,./:"
    _write_pdf(
        f"<style>{text}</style><div class='doc'><p>{sample}</p><p><b>{sample}</b></p>"
        f"<p><i>{sample}</i></p><p><b><i>{sample}</i></b></p></div>"
    )
    return count


def render_html(
    template_name: str,
    context: Mapping[str, Any] | None = None,
    *,
    request: HttpRequest | None = None,
    language: str | None = "vi",
) -> str:
    """The HTML a PDF is laid out from. Official documents are Vietnamese whatever the UI
    language (`language=None` keeps the active one)."""
    scope = translation.override(language) if language else contextlib.nullcontext()
    with scope:
        return render_to_string(template_name, dict(context or {}), request=request)


def render_pdf(
    template_name: str,
    context: Mapping[str, Any] | None = None,
    *,
    request: HttpRequest | None = None,
    base_url: str | None = None,
    language: str | None = "vi",
) -> bytes:
    """Render a template to PDF bytes (see `render_html` for the language)."""
    html = render_html(template_name, context, request=request, language=language)
    return html_to_pdf(html, base_url=base_url)


# Versions of one document kept side by side: readers with different rights may see different
# HTML, and alternating between them must not rebuild the PDF every time.
CACHED_VARIANTS = 4
# A temporary file older than this was left by a killed process, not one still writing.
STALE_PART_SECONDS = 600


def cached_pdf(
    template_name: str,
    context: Mapping[str, Any] | None = None,
    *,
    key_prefix: str,
    request: HttpRequest | None = None,
    base_url: str | None = None,
    language: str | None = "vi",
) -> bytes:
    """Render a template to PDF once per distinct HTML, kept in private storage.

    The HTML is cheap and WeasyPrint is the cost, so the file is named by the SHA-256 of the HTML:
    any change to what the document says (or to whom it says it) is a new name, and nothing has
    to be invalidated by hand. `key_prefix` ("reports/session-results/12") holds one document's
    files; only the few most recently used are kept.
    """
    html = render_html(template_name, context, request=request, language=language)
    base_url = base_url or default_base_url()
    digest = hashlib.sha256(f"{base_url}\n{html}".encode()).hexdigest()
    folder = Path(private_storage.path(key_prefix))
    target = folder / f"{digest}.pdf"
    try:
        pdf = target.read_bytes()
    except FileNotFoundError:  # first request since the change (or pruned meanwhile): build
        pdf = html_to_pdf(html, base_url=base_url)
        try:
            _store(target, pdf)
        except OSError:
            logger.exception("Could not store the PDF %s; it will be built again.", target)
        return pdf
    with contextlib.suppress(OSError):
        os.utime(target)  # recently used: pruning keeps it
    return pdf


def _store(target: Path, pdf: bytes) -> None:
    """Write under a temporary name and rename: a concurrent reader sees the whole file or none."""
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pdf)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
        raise
    _prune(folder, keep=CACHED_VARIANTS)


def _prune(folder: Path, *, keep: int) -> None:
    """Delete all but the `keep` most recently used PDFs of one document, and stale partials."""
    files = []
    for path in folder.glob("*.pdf"):
        with contextlib.suppress(FileNotFoundError):
            files.append((path.stat().st_mtime_ns, path))
    files.sort(reverse=True)
    for _mtime, path in files[keep:]:
        path.unlink(missing_ok=True)
    cutoff = time.time() - STALE_PART_SECONDS
    for path in folder.glob(".*.part"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)

"""HTML templates to PDF bytes with WeasyPrint, never touching the network.

Official documents (DOMAIN.md §14) are laid out in CSS paged media: `@page` sets A4 and the
margins, margin boxes carry the page numbers. Fonts come from the system through Fontconfig
(Times New Roman → Liberation Serif → DejaVu Serif), so templates need no web fonts. Resources a
template links to are read only from `file:` paths in the static folders or the system font folders,
or from `data:` URLs: a remote URL in a template (or in data that slipped into one) is refused,
so rendering cannot be made to call out or wait on a slow host.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from django.http import HttpRequest
    from weasyprint.urls import URLFetcher

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def _local_roots() -> list[Path]:
    """Static folders and fonts only: never the project root (.env, database, private media)."""
    roots = [*FONT_DIRS, *(Path(d) for d in getattr(settings, "STATICFILES_DIRS", ()))]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    roots.extend(Path(app.path) / "static" for app in apps.get_app_configs())
    return [r.resolve() for r in roots]


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme != "file":
        return False
    path = Path(unquote(parts.path)).resolve()
    return any(path.is_relative_to(root) for root in _local_roots())


@functools.cache
def _fetcher_class() -> type[URLFetcher]:
    # Built on first use: importing WeasyPrint loads Pango and costs a second at start-up.
    from weasyprint.urls import URLFetcher

    class LocalURLFetcher(URLFetcher):
        """Serves `data:` URLs and files in static or font folders; refuses the rest."""

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, **kwargs)

        def fetch(self, url: str, headers: Mapping[str, str] | None = None):
            if not _is_local(url):
                raise ValueError(f"Refusing to fetch a non-local resource: {url}")
            return super().fetch(url, headers)

    return LocalURLFetcher


def local_url_fetcher() -> URLFetcher:
    """A WeasyPrint fetcher that never opens a network connection."""
    return _fetcher_class()()


def default_base_url() -> str:
    """Relative links in a template resolve against the project's static folder."""
    return (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    document = HTML(
        string=html, base_url=base_url or default_base_url(), url_fetcher=local_url_fetcher()
    )
    return document.write_pdf()


def render_pdf(
    template_name: str,
    context: Mapping[str, Any] | None = None,
    *,
    request: HttpRequest | None = None,
    base_url: str | None = None,
    language: str | None = "vi",
) -> bytes:
    """Render a template to PDF bytes. Official documents are Vietnamese whatever the UI language
    (`language=None` keeps the active one)."""
    scope = translation.override(language) if language else contextlib.nullcontext()
    with scope:
        html = render_to_string(template_name, dict(context or {}), request=request)
    return html_to_pdf(html, base_url=base_url)

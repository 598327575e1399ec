"""`{% inline_static "css/document.css" %}`: a static file's text, for documents rendered to PDF.

The print page links the stylesheet like any page (the Content-Security-Policy forbids inline
styles there); the PDF carries it inline, so the stored PDF's digest (core.pdf.cached_pdf) changes
when the stylesheet does. One file in static/ serves both.
"""

from __future__ import annotations

from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def inline_static(path: str) -> SafeString:
    found = finders.find(path)
    if not found:
        raise template.TemplateSyntaxError(f"No static file {path!r}.")
    # Our own stylesheet from the static folders, not user input.
    return mark_safe(Path(found).read_text(encoding="utf-8"))  # noqa: S308

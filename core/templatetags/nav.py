"""The sidebar's links: one tag marks the section the current page belongs to."""

from __future__ import annotations

from fnmatch import fnmatchcase

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def is_current(request, patterns: tuple[str, ...]) -> bool:
    """Whether the resolved view ("sessions:session_detail") matches one of the patterns."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return any(fnmatchcase(match.view_name, p) for p in patterns)


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str, *patterns: str) -> str:
    """A sidebar link, `aria-current="page"` when the page is in its section.

    The section is the link's own view plus the `patterns` (fnmatch on the view name), decided
    from the request alone so views pass nothing.
    """
    current = is_current(context.get("request"), (url_name, *patterns))
    return format_html(
        '<a class="nav-link{}" href="{}"{}>{}</a>',
        " active" if current else "",
        reverse(url_name),
        mark_safe(' aria-current="page"') if current else "",
        label,
    )

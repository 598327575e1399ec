"""`{% sort_header sorting "issued" label %}`: a column header that sorts the list it heads."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from core.sorting import PARAM, Sorting

register = template.Library()

ARROWS = {False: "▲", True: "▼"}


@register.simple_tag(takes_context=True)
def sort_header(context, sorting: Sorting, key: str, label: str, css_class: str = "") -> str:
    """A `<th>` whose link sorts by `key` (again: the other way), keeping the other filters.

    The sorted column carries `aria-sort` and an arrow; the page number is dropped, since the
    rows of page 3 change with the order.
    """
    request = context["request"]
    current, descending = sorting.chosen(request.GET.get(PARAM))
    active = key == current
    query = request.GET.copy()
    query.pop("page", None)
    query[PARAM] = sorting.value(key, (not descending) if active else sorting.first_direction(key))
    return format_html(
        '<th scope="col"{}{}><a class="sort-link" href="?{}">{}{}</a></th>',
        format_html(' class="{}"', css_class) if css_class else "",
        format_html(' aria-sort="{}"', "descending" if descending else "ascending")
        if active
        else "",
        query.urlencode(),
        label,
        format_html(
            ' <span class="sort-arrow" aria-hidden="true">{}</span>',
            ARROWS[descending] if active else "↕",
        ),
    )


@register.simple_tag(takes_context=True)
def sort_keep(context) -> str:
    """A hidden input that keeps the chosen order when the list's filter form is submitted."""
    value = context["request"].GET.get(PARAM)
    return format_html('<input type="hidden" name="{}" value="{}">', PARAM, value) if value else ""

"""The council chooser used by every form and filter bar.

A clerk of one province sees a few hundred councils and gets an ordinary select, indented as a
tree. A national user sees 14,000: rendered as options that select weighs a megabyte and takes
seconds, so past PICKER_THRESHOLD the same field becomes a search box that asks the server for
matches as the user types (councils:suggest, scoped like everything else).
"""

from __future__ import annotations

from django import forms
from django.urls import reverse

from councils.models import Council

PICKER_THRESHOLD = 300
INDENT = "\u00a0\u00a0\u00a0"


class CouncilSelect(forms.Select):
    """A select for a ModelChoiceField of councils that turns into a search box when large.

    The rows are read once (at most PICKER_THRESHOLD + 1), so a small list costs the same single
    query as a plain select. `editable=True` makes the search offer only councils the user may
    edit, matching a form whose queryset is the editable councils.
    """

    picker_template_name = "councils/widgets/council_picker.html"

    def __init__(self, attrs=None, *, editable: bool = False, search: bool = False):
        super().__init__(attrs)
        self.editable = editable
        # Always the search box: a filter bar that must not read the council list on every page.
        self.search = search

    def get_context(self, name, value, attrs):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:  # plain choices: nothing to decide
            return super().get_context(name, value, attrs)
        rows = [] if self.search else list(queryset.select_related("unit")[: PICKER_THRESHOLD + 1])
        if not self.search and len(rows) <= PICKER_THRESHOLD:
            top = min((c.unit.depth for c in rows), default=1)
            field = iterator.field
            head = [("", field.empty_label)] if field.empty_label is not None else []
            label = field.label_from_instance
            self.choices = [
                *head,
                *((c.pk, INDENT * (c.unit.depth - top) + label(c)) for c in rows),
            ]
            self.template_name = forms.Select.template_name
            return super().get_context(name, value, attrs)
        self.template_name = self.picker_template_name
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = _chosen(queryset, value, getattr(iterator.field, "chosen", None))
        url = reverse("councils:suggest")
        attrs = context["widget"]["attrs"]
        context["widget"].update(
            {
                # htmx and data attributes belong on the input that carries the value.
                "value_attrs": {k: v for k, v in attrs.items() if k.startswith(("hx-", "data-"))},
                "value": "" if chosen is None else str(chosen.pk),
                "label": "" if chosen is None else chosen.name,
                "suggest_url": f"{url}?editable=1" if self.editable else url,
            }
        )
        return context


def _chosen(queryset, value, known: Council | None = None) -> Council | None:
    """The council `value` names, within `queryset`; `known` is the one the form's validation
    already read (no second query for the same row)."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, Council):
        return value
    try:
        pk = int(str(getattr(value, "value", value)))
    except (TypeError, ValueError):
        return None
    if known is not None and known.pk == pk:
        return known
    return queryset.filter(pk=pk).first()


class CouncilChoiceField(forms.ModelChoiceField):
    """A council chosen from a scoped queryset (ordered by tree path), shown by CouncilSelect."""

    widget = CouncilSelect

    def __init__(self, *args, editable: bool = False, search: bool = False, **kwargs):
        kwargs.setdefault("queryset", Council.objects.none())
        super().__init__(*args, **kwargs)
        self.widget.editable = editable
        self.widget.search = search

    def label_from_instance(self, obj: Council) -> str:
        return obj.name

    def to_python(self, value):
        """The council, kept for the widget: a validated form shows it without reading it again
        (the field is copied per form, so nothing leaks between requests)."""
        self.chosen = super().to_python(value)
        return self.chosen

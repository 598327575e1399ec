"""The register's filters, shared by the page, the Excel export and the API (one definition)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, YearFilter
from core.sorting import Sorting
from core.text import search_words
from councils.filters import council_subtree
from followups.models import Obligation
from resolutions.models import Field, ImplementationTask, Resolution


class ResolutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Số, trích yếu (không cần dấu)"), method="filter_q")
    year = YearFilter(field_name="year", label=_("Năm"))
    field = django_filters.ChoiceFilter(choices=Field.choices, label=_("Lĩnh vực"))
    status = django_filters.ChoiceFilter(choices=Resolution.Status.choices, label=_("Tình trạng"))
    kind = django_filters.ChoiceFilter(choices=Resolution.Kind.choices, label=_("Loại"))
    council = IdFilter(method=council_subtree, label=_("HĐND (gồm cấp dưới)"))
    session = IdFilter(field_name="session_id", label=_("Kỳ họp"))

    class Meta:
        model = Resolution
        fields = ["q", "year", "field", "status", "kind", "council", "session"]

    def filter_q(self, queryset, _name, value):
        return search_words(queryset, ["search_text"], value)


# The register's sortable columns; newest first (by signing date) whatever the filters. Each
# order has its index (Resolution.Meta.indexes): numbers go by year, then council (its id, not
# its name: an index walk, not a sort of every row in scope), then sequence.
RESOLUTION_SORT = Sorting(
    columns={
        "number": ("year", "council_id", "sequence"),
        "issued": ("issued_on",),
        "status": ("status",),
    },
    default="-issued",
)


class TaskFilter(django_filters.FilterSet):
    resolution = IdFilter(field_name="resolution_id", label=_("Nghị quyết"))
    status = django_filters.ChoiceFilter(
        choices=ImplementationTask.Status.choices, label=_("Tình trạng"), method="filter_status"
    )
    # `overdue` is the annotation of selectors.task_list: derived, never stored.
    overdue = django_filters.BooleanFilter(field_name="overdue", label=_("Quá hạn"))

    class Meta:
        model = ImplementationTask
        fields = ["resolution", "status", "overdue"]

    def filter_status(self, queryset, _name, value):
        """The task's standing is its obligation's outcome (ImplementationTask.status)."""
        outcome = Q(obligation__outcome="")
        done = Q(obligation__outcome=Obligation.Outcome.DONE)
        return queryset.filter(
            {
                ImplementationTask.Status.IN_PROGRESS: outcome,
                ImplementationTask.Status.DONE: done,
            }.get(value, ~outcome & ~done)
        )

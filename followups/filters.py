"""The "due and overdue" filters, shared by the page, the Excel export and the API."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from core.sorting import Sorting
from core.text import search_words
from councils.filters import council_subtree
from followups.models import Obligation, state_q

# The state filter: the derived states, plus "open" (every one not yet closed).
OPEN = "open"
DATES = ["%d/%m/%Y", "%Y-%m-%d"]
STATE_CHOICES = [(OPEN, _("Đang theo dõi")), *Obligation.State.choices]


class ObligationFilter(django_filters.FilterSet):
    """`state` and `within` compare with `today`, which the selector passes as data: the
    FilterSet itself never reads the clock."""

    q = django_filters.CharFilter(label=_("Nội dung (không cần dấu)"), method="filter_q")
    kind = django_filters.ChoiceFilter(choices=Obligation.Kind.choices, label=_("Loại việc"))
    owed_by = IdFilter(field_name="owed_by_id", label=_("Cơ quan thực hiện"))
    council = IdFilter(method=council_subtree, label=_("HĐND (gồm cấp dưới)"))
    state = django_filters.ChoiceFilter(
        choices=STATE_CHOICES, method="filter_state", label=_("Tình trạng")
    )
    within = django_filters.NumberFilter(
        method="filter_within",
        label=_("Đến hạn trong (ngày)"),
        min_value=0,
        max_value=3650,
    )
    due_from = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", label=_("Hạn từ ngày"), input_formats=DATES
    )
    due_to = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("Hạn đến ngày"), input_formats=DATES
    )

    class Meta:
        model = Obligation
        fields = ["q", "kind", "owed_by", "council", "state", "within", "due_from", "due_to"]

    def __init__(self, *args, today, soon_days: int, **kwargs):
        self.today, self.soon_days = today, soon_days
        super().__init__(*args, **kwargs)

    def filter_q(self, queryset, _name, value):
        return search_words(queryset, ["search_text"], value) if value else queryset

    def filter_state(self, queryset, _name, value):
        """Plain conditions on the stored columns (`state_q`), never the annotated state: an
        index serves them at national size."""
        if value == OPEN:
            return queryset.filter(outcome="")
        return queryset.filter(state_q(value, self.today, self.soon_days))

    def filter_within(self, queryset, _name, value):
        """Open obligations due from today up to `value` days ahead (overdue ones excluded)."""
        return queryset.filter(
            outcome="",
            due_on__gte=self.today,
            due_on__lte=self.today + timedelta(days=int(value)),
        )


def states_of(value: str) -> list[str]:
    """The derived states a `state` filter value means ("open": every one not yet closed)."""
    if value == OPEN:
        return [
            Obligation.State.NOT_YET_DUE,
            Obligation.State.DUE_SOON,
            Obligation.State.OVERDUE,
        ]
    return [value]


# The list's sortable columns (indexed: due date, council, id); soonest deadline first.
OBLIGATION_SORT = Sorting(
    # Each order walks an index (issue 10); the start date is shown but not offered as an order.
    columns={"due": ("due_on",), "council": ("council_id", "due_on")},
    default="due",
)

"""Query filters and sortable columns of the oversight lists; each narrows a scoped queryset."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from core.sorting import Sorting
from councils.filters import council_subtree
from oversight.models import Commitment


class CommitmentFilter(django_filters.FilterSet):
    council = IdFilter(method=council_subtree, label=_("HĐND (gồm cấp dưới)"))
    status = django_filters.ChoiceFilter(choices=Commitment.Status.choices, label=_("Tình trạng"))
    # `overdue` is the annotation of selectors.commitment_list: derived, never stored.
    overdue = django_filters.BooleanFilter(field_name="overdue", label=_("Quá hạn"))

    class Meta:
        model = Commitment
        fields = ["council", "status", "overdue"]


# The commitment list's sortable columns: the nearest deadline first by default. Each order has
# its index (Commitment.Meta.indexes).
COMMITMENT_SORT = Sorting(
    columns={
        "council": ("council_id", "due_on"),
        "due": ("due_on",),
        "status": ("status",),
    },
    default="due",
)

# The sortable lists of programmes and activities (issue 12) are declared with them.
from oversight.activity_filters import ACTIVITY_SORT, RECOMMENDATION_SORT  # noqa: E402, F401

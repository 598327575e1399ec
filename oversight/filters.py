"""Query filters of the oversight API; each narrows a queryset that is already scoped.

The commitment register page filters and sorts with the engine's own (followups.filters:
ObligationFilter, OBLIGATION_SORT), its rows being the commitments' obligations.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from councils.filters import council_subtree
from followups.models import Obligation
from oversight.models import Commitment

# A commitment's standing as its obligation's outcome says (Commitment.status).
STATUS_Q = {
    Commitment.Status.OPEN: Q(obligation__outcome=""),
    Commitment.Status.KEPT: Q(obligation__outcome=Obligation.Outcome.DONE),
    Commitment.Status.NOT_KEPT: ~Q(obligation__outcome__in=["", Obligation.Outcome.DONE]),
}


class CommitmentFilter(django_filters.FilterSet):
    council = IdFilter(method=council_subtree, label=_("HĐND (gồm cấp dưới)"))
    status = django_filters.ChoiceFilter(
        choices=Commitment.Status.choices, method="filter_status", label=_("Tình trạng")
    )
    # `overdue` is the annotation of selectors.commitment_list: derived, never stored.
    overdue = django_filters.BooleanFilter(field_name="overdue", label=_("Quá hạn"))

    class Meta:
        model = Commitment
        fields = ["council", "status", "overdue"]

    def filter_status(self, queryset, _name, value):
        return queryset.filter(STATUS_Q[value])


# The sortable lists of programmes and activities (issue 12) are declared with them.
from oversight.activity_filters import ACTIVITY_SORT, RECOMMENDATION_SORT  # noqa: E402, F401

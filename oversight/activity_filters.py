"""Filters of the programmes, activities and the recommendations tracker (issue 12), shared by
the pages, the Excel export and the API; the tracker's state filter is the engine's."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, YearFilter
from core.sorting import Sorting
from councils.filters import council_subtree
from followups.filters import DATES, STATE_CHOICES, states_of
from oversight.activities import (
    ActivityDocument,
    ActivityKind,
    OversightActivity,
    OversightProgramme,
    Recommendation,
)
from resolutions.models import Field


class ProgrammeFilter(django_filters.FilterSet):
    council = IdFilter(method=council_subtree, label=_("HĐND (gồm cấp dưới)"))
    year = YearFilter(field_name="year", label=_("Năm"))
    body = IdFilter(field_name="body_id", label=_("Cơ quan lập chương trình"))
    status = django_filters.ChoiceFilter(choices=OversightProgramme.Status.choices)

    class Meta:
        model = OversightProgramme
        fields = ["council", "year", "body", "status"]


class ActivityFilter(django_filters.FilterSet):
    council = IdFilter(method=council_subtree, label=_("HĐND (gồm cấp dưới)"))
    year = YearFilter(field_name="year", label=_("Năm"))
    body = IdFilter(field_name="body_id", label=_("Cơ quan tiến hành"))
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("Hình thức"))
    status = django_filters.ChoiceFilter(
        choices=OversightActivity.Status.choices, label=_("Trạng thái")
    )

    class Meta:
        model = OversightActivity
        fields = ["council", "year", "body", "kind", "status"]


class RecommendationFilter(django_filters.FilterSet):
    """The tracker: the engine's derived state (`state_code`, annotated by the selector), the
    owing agency, field, overseeing body, council subtree, period of issue, and whether it
    fell due (the official denominator: counted, and past its date or closed)."""

    state = django_filters.ChoiceFilter(
        choices=STATE_CHOICES, method="filter_state", label=_("Tình trạng")
    )
    agency = IdFilter(field_name="agency_id", label=_("Cơ quan thực hiện"))
    field = django_filters.ChoiceFilter(choices=Field.choices, label=_("Lĩnh vực"))
    body = IdFilter(field_name="activity__body_id", label=_("Cơ quan giám sát"))
    activity = IdFilter(field_name="activity_id", label=_("Hoạt động giám sát"))
    council = IdFilter(method=council_subtree, label=_("HĐND (gồm cấp dưới)"))
    issued_from = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="gte", label=_("Kiến nghị từ ngày"), input_formats=DATES
    )
    issued_to = django_filters.DateFilter(
        field_name="issued_on",
        lookup_expr="lte",
        label=_("Kiến nghị đến ngày"),
        input_formats=DATES,
    )
    fell_due = django_filters.BooleanFilter(method="filter_fell_due", label=_("Đã đến hạn"))

    class Meta:
        model = Recommendation
        fields = [
            "state",
            "agency",
            "field",
            "body",
            "activity",
            "council",
            "issued_from",
            "issued_to",
            "fell_due",
        ]

    def __init__(self, *args, today, soon_days: int | None = None, **kwargs):
        """`soon_days` is taken for the engine's filter backend; the state is annotated."""
        self.today = today
        super().__init__(*args, **kwargs)

    def filter_state(self, queryset, _name, value):
        return queryset.filter(state_code__in=states_of(value))

    def filter_fell_due(self, queryset, _name, value):
        fell = Q(obligation__exclusion="") & (
            ~Q(obligation__outcome="") | Q(obligation__due_on__lt=self.today)
        )
        return queryset.filter(fell if value else ~fell)


# Orders walk an index of their own table (issue 10): newest recommendations first.
RECOMMENDATION_SORT = Sorting(
    columns={"issued": ("issued_on",), "council": ("council_id", "issued_on")},
    default="-issued",
)
ACTIVITY_SORT = Sorting(
    columns={"year": ("year",), "council": ("council_id", "year")},
    default="-year",
)


class ActivityDocumentFilter(django_filters.FilterSet):
    activity = IdFilter(field_name="activity_id", label=_("Hoạt động giám sát"))
    kind = django_filters.ChoiceFilter(
        choices=ActivityDocument.Kind.choices, label=_("Loại tài liệu")
    )

    class Meta:
        model = ActivityDocument
        fields = ["activity", "kind"]

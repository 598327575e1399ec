import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from core.sorting import Sorting
from core.text import search_words
from councils.models import Agency, Council, Delegate, Level, UnitKind, valid_on_q
from councils.scoping import council_lineage_q


def _search(field_names: list[str]):
    return lambda queryset, _name, value: search_words(queryset, field_names, value)


def council_subtree(queryset, _name, value, *, user=None):
    """FilterSet method: records of a council's lineage (below it, and what it absorbed);
    an unknown id, none. `user`: the reader, whose scope's reading of the successions is
    reused (councils.scoping.council_lineage_q)."""
    council = Council.objects.select_related("unit").filter(pk=value).first()
    if council is None:
        return queryset.none()
    return queryset.filter(council_lineage_q(council, user=user))


class ReaderFilterSet(django_filters.FilterSet):
    """A FilterSet built for one reader (`user`): its council filter
    (`IdFilter(method="filter_council")`) follows the council's lineage without reading again
    the successions the reader's scope read (a list filtered by the reader's own council)."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def filter_council(self, queryset, name, value):
        return council_subtree(queryset, name, value, user=self.user)


class CouncilFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm theo tên (không dấu)"),
        method=lambda qs, n, v: _search(["name_key", "unit__name_key"])(qs, n, v),
    )
    level = django_filters.ChoiceFilter(field_name="unit__level", choices=Level.choices)
    kind = django_filters.ChoiceFilter(field_name="unit__kind", choices=UnitKind.choices)
    code = django_filters.CharFilter(field_name="unit__code")
    parent = IdFilter(method="filter_parent", label=_("Đơn vị cấp trên (id)"))
    on = django_filters.DateFilter(method="filter_on", label=_("Còn hoạt động tại ngày"))

    class Meta:
        model = Council
        fields = ["q", "level", "kind", "code", "parent", "on"]

    def filter_parent(self, queryset, _name, value):
        from councils.models import AdministrativeUnit

        parent = AdministrativeUnit.objects.filter(pk=value).values_list("path", "depth").first()
        if parent is None:
            return queryset.none()
        return queryset.filter(unit__path__startswith=parent[0], unit__depth=parent[1] + 1)

    def filter_on(self, queryset, _name, value):
        return queryset.filter(valid_on_q(value))


class DelegateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm theo tên (không dấu)"), method=lambda qs, n, v: _search(["name_key"])(qs, n, v)
    )
    council = IdFilter(method=council_subtree, label=_("HĐND (gồm cấp dưới)"))
    term = IdFilter(field_name="memberships__term_id", distinct=True)

    class Meta:
        model = Delegate
        fields = ["q", "council", "term", "gender"]


# The delegate list's sortable columns: by name (without diacritics) by default. Each order has
# its index (Delegate.Meta.indexes).
DELEGATE_SORT = Sorting(
    columns={"name": ("name_key",), "council": ("council_id", "name_key")},
    default="name",
)


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm theo tên (không dấu)"), method=lambda qs, n, v: _search(["name_key"])(qs, n, v)
    )
    council = IdFilter(field_name="council_id")

    class Meta:
        model = Agency
        fields = ["q", "council", "kind"]

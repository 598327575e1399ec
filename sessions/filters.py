"""Query filters of the session API; every one narrows a queryset that is already scoped."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, YearFilter
from core.sorting import Sorting
from councils.filters import council_subtree
from sessions.models import (
    AgendaItem,
    Attendance,
    ConfidencePoll,
    Document,
    Question,
    Session,
    Sitting,
    Vote,
)


class _BySession(django_filters.FilterSet):
    """Records that hang directly off a session: ?session=<id>."""

    session = IdFilter(field_name="session_id", label=_("Kỳ họp"))


class SessionFilter(django_filters.FilterSet):
    council = IdFilter(method=council_subtree, label=_("HĐND (gồm cấp dưới)"))
    term = IdFilter(field_name="term_id", label=_("Nhiệm kỳ"))
    year = YearFilter(field_name="planned_start", lookup_expr="year")
    kind = django_filters.ChoiceFilter(choices=Session.Kind.choices, label=_("Loại kỳ họp"))
    status = django_filters.ChoiceFilter(choices=Session.Status.choices, label=_("Trạng thái"))

    class Meta:
        model = Session
        fields = ["council", "term", "year", "kind", "status"]


# The session list's sortable columns: newest first by default. Each order has its index
# (Session.Meta.indexes); by council means by its id, then date, not by a joined tree path.
SESSION_SORT = Sorting(
    columns={
        "council": ("council_id", "planned_start"),
        "planned": ("planned_start",),
        "status": ("status",),
    },
    default="-planned",
)


class SittingFilter(_BySession):
    class Meta:
        model = Sitting
        fields = ["session"]


class AgendaItemFilter(_BySession):
    class Meta:
        model = AgendaItem
        fields = ["session"]


class DocumentFilter(django_filters.FilterSet):
    session = IdFilter(field_name="session_id", label=_("Kỳ họp"))
    item = IdFilter(field_name="item_id", label=_("Nội dung chương trình"))

    class Meta:
        model = Document
        fields = ["session", "item"]


class AttendanceFilter(django_filters.FilterSet):
    sitting = IdFilter(field_name="sitting_id", label=_("Phiên họp"))
    session = IdFilter(field_name="sitting__session_id", label=_("Kỳ họp"))

    class Meta:
        model = Attendance
        fields = ["sitting", "session"]


class VoteFilter(django_filters.FilterSet):
    session = IdFilter(field_name="item__session_id", label=_("Kỳ họp"))
    item = IdFilter(field_name="item_id", label=_("Nội dung chương trình"))

    class Meta:
        model = Vote
        fields = ["session", "item"]


class QuestionFilter(_BySession):
    class Meta:
        model = Question
        fields = ["session"]


class ConfidencePollFilter(_BySession):
    class Meta:
        model = ConfidencePoll
        fields = ["session"]

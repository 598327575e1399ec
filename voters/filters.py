"""The voters lists' filters and orders, shared by the pages, the exports and the API.

A list's state filter reads the follow-up engine's obligation (overdue, due soon, ...): the state
is derived there and nowhere else. Every order walks an index of its model (tests/core/
test_sorting.py holds each Sorting to that).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from core.sorting import Sorting
from core.text import search_words
from councils import scoping
from councils.filters import ReaderFilterSet
from followups.filters import OPEN, STATE_CHOICES
from followups.models import Obligation, overdue_q
from voters.models import (
    Competence,
    ContactMeeting,
    Field,
    Letter,
    LetterCategory,
    PetitionItem,
    Reception,
)

DATES = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_range(field: str) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    return (
        django_filters.DateFilter(
            field_name=field, lookup_expr="gte", label=_("Từ ngày"), input_formats=DATES
        ),
        django_filters.DateFilter(
            field_name=field, lookup_expr="lte", label=_("Đến ngày"), input_formats=DATES
        ),
    )


def obligation_state_q(state: str, today: date, soon_days: int, prefix: str = "obligation__") -> Q:
    """Rows whose obligation is in `state` (the engine's derived states, plus "open"), as a
    plain filter on its columns: overdue is the engine's own `overdue_q`."""
    p = prefix
    live = Q(**{f"{p}withdrawn_at__isnull": True})
    open_ = live & Q(**{f"{p}outcome": ""})
    closed = live & ~Q(**{f"{p}outcome": ""})
    if p:
        closed &= Q(**{f"{p}isnull": False})
    soon = today + timedelta(days=soon_days)
    return {
        OPEN: open_,
        Obligation.State.OVERDUE: overdue_q(today, p),
        Obligation.State.DUE_SOON: open_ & Q(**{f"{p}due_on__gte": today, f"{p}due_on__lte": soon}),
        Obligation.State.NOT_YET_DUE: open_ & Q(**{f"{p}due_on__gt": soon}),
        Obligation.State.DONE_ON_TIME: closed & Q(**{f"{p}ended_on__lte": F(f"{p}due_on")}),
        Obligation.State.DONE_LATE: closed & Q(**{f"{p}ended_on__gt": F(f"{p}due_on")}),
    }[state]


# Newest first; each column walks an index of its model (ids, never joined names).
PETITION_ITEM_SORT = Sorting(
    columns={"raised": ("raised_on",), "council": ("council_id", "raised_on")},
    default="-raised",
)
LETTER_SORT = Sorting(
    columns={"received": ("received_on",), "council": ("council_id", "received_on")},
    default="-received",
)
# The overdue ones, most overdue first: the obligation's due date, walked on the engine's index
# of open obligations by kind and due date (obligation_open_kind_due; its id is the row's
# obligation_id, which the list's "overdue" join reads), not on an index of the list's model.
DUE = ("obligation__due_on", "obligation_id")


def by_due(sorting: Sorting) -> Sorting:
    """`sorting` plus the due date, which comes first (`_Followed.sorting_for`)."""
    return Sorting(columns={**sorting.columns, "due": DUE}, default="due")


PETITION_ITEM_OVERDUE_SORT = by_due(PETITION_ITEM_SORT)
LETTER_OVERDUE_SORT = by_due(LETTER_SORT)


class _Followed(ReaderFilterSet):
    """A list whose rows owe an answer: `state` compares with `today`, handed in as data."""

    q = django_filters.CharFilter(label=_("Nội dung (không cần dấu)"), method="filter_q")
    council = IdFilter(method="filter_council", label=_("HĐND (gồm cấp dưới)"))
    agency = IdFilter(field_name="agency_id", label=_("Cơ quan trả lời"))
    state = django_filters.ChoiceFilter(
        choices=STATE_CHOICES, method="filter_state", label=_("Tình trạng theo dõi")
    )

    def __init__(self, *args, today: date, soon_days: int, **kwargs):
        self.today, self.soon_days = today, soon_days
        super().__init__(*args, **kwargs)

    def filter_q(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        return search_words(queryset, ["search_text"], value) if value else queryset

    obligation_kind: str = ""
    # The list's orders; `overdue_sorting` (the same plus the due date, most overdue first)
    # when the state is "overdue": see `sorting_for`.
    sorting: Sorting
    overdue_sorting: Sorting

    @classmethod
    def sorting_for(cls, filters: Mapping[str, Any]) -> Sorting:
        """The orders offered for these filters: by due date first for the overdue ones (the
        page, its header and the export agree, since all ask this)."""
        if filters.get("state") == Obligation.State.OVERDUE:
            return cls.overdue_sorting
        return cls.sorting

    def filter_state(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        """A semi-join on the obligations of this kind in `value`: one set of ids read from
        the engine's partial indexes, then the list walks its own order (a join would fetch
        one obligation per row walked, millions for "overdue" over the nation).

        "Overdue" joins instead: its list walks the open obligations of this kind by due date
        (obligation_open_kind_due) and fetches each one's row, 51 of them for a page of the
        nation where walking the newest rows probed 105,000 obligations (bench/voters.py: 450
        ms). The reader's scope is also applied to the obligation's council, which is the row's
        (voters.services opens it with the row's council and neither moves): it drops no row,
        and a province's overdue obligations are then read from its councils' entries of
        obligation_open_council_due (a few thousand) instead of joining its 60,000 rows."""
        if value == Obligation.State.OVERDUE:
            owed = overdue_q(self.today, "obligation__") & Q(obligation__kind=self.obligation_kind)
            if self.user is not None:
                owed &= scoping.council_visible_q(self.user, "obligation__council")
            return queryset.filter(owed)
        owed = Obligation.objects.filter(
            obligation_state_q(value, self.today, self.soon_days, prefix=""),
            kind=self.obligation_kind,
        )
        return queryset.filter(obligation_id__in=owed.values("pk"))


class PetitionItemFilter(_Followed):
    obligation_kind = Obligation.Kind.PETITION_ITEM
    sorting, overdue_sorting = PETITION_ITEM_SORT, PETITION_ITEM_OVERDUE_SORT
    status = django_filters.ChoiceFilter(choices=PetitionItem.Status.choices, label=_("Bước xử lý"))
    competence = django_filters.ChoiceFilter(
        choices=Competence.choices, label=_("Thẩm quyền giải quyết")
    )
    field = django_filters.ChoiceFilter(choices=Field.choices, label=_("Lĩnh vực"))
    assessment = django_filters.ChoiceFilter(
        choices=PetitionItem.Assessment.choices, label=_("Kết quả")
    )
    ban = IdFilter(field_name="ban_id", label=_("Ban theo dõi"))
    meeting = IdFilter(field_name="petition__meeting_id", label=_("Cuộc tiếp xúc"))
    compiled = django_filters.BooleanFilter(
        field_name="merged_into", lookup_expr="isnull", label=_("Chỉ nội dung tổng hợp")
    )
    raised_from, raised_to = _date_range("raised_on")

    class Meta:
        model = PetitionItem
        fields = [
            "q",
            "council",
            "status",
            "competence",
            "field",
            "assessment",
            "ban",
            "agency",
            "meeting",
            "state",
            "compiled",
            "raised_from",
            "raised_to",
        ]


class LetterFilter(_Followed):
    obligation_kind = Obligation.Kind.LETTER
    sorting, overdue_sorting = LETTER_SORT, LETTER_OVERDUE_SORT
    status = django_filters.ChoiceFilter(choices=Letter.Status.choices, label=_("Bước xử lý"))
    category = django_filters.ChoiceFilter(choices=LetterCategory.choices, label=_("Phân loại"))
    channel = django_filters.ChoiceFilter(choices=Letter.Channel.choices, label=_("Nguồn đơn"))
    duplicate = django_filters.BooleanFilter(
        field_name="duplicate_of", lookup_expr="isnull", exclude=True, label=_("Đơn trùng")
    )
    received_from, received_to = _date_range("received_on")

    class Meta:
        model = Letter
        fields = [
            "q",
            "council",
            "status",
            "category",
            "channel",
            "agency",
            "state",
            "duplicate",
            "received_from",
            "received_to",
        ]


class ReceptionFilter(ReaderFilterSet):
    q = django_filters.CharFilter(label=_("Nội dung (không cần dấu)"), method="filter_q")
    council = IdFilter(method="filter_council", label=_("HĐND (gồm cấp dưới)"))
    category = django_filters.ChoiceFilter(choices=LetterCategory.choices, label=_("Phân loại"))
    handling = django_filters.ChoiceFilter(
        choices=Reception.Handling.choices, label=_("Hướng xử lý")
    )
    delegate = IdFilter(field_name="delegate_id", label=_("Đại biểu tiếp"))
    received_from, received_to = _date_range("received_on")

    class Meta:
        model = Reception
        fields = [
            "q",
            "council",
            "category",
            "handling",
            "delegate",
            "received_from",
            "received_to",
        ]

    def filter_q(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        return search_words(queryset, ["search_text"], value) if value else queryset


class MeetingFilter(ReaderFilterSet):
    council = IdFilter(method="filter_council", label=_("HĐND (gồm cấp dưới)"))
    kind = django_filters.ChoiceFilter(choices=ContactMeeting.Kind.choices, label=_("Hình thức"))
    session = IdFilter(field_name="session_id", label=_("Kỳ họp"))
    held_from, held_to = _date_range("held_on")

    class Meta:
        model = ContactMeeting
        fields = ["council", "kind", "session", "held_from", "held_to"]


RECEPTION_SORT = Sorting(
    columns={"received": ("received_on",), "council": ("council_id", "received_on")},
    default="-received",
)
MEETING_SORT = Sorting(
    columns={"held": ("held_on",), "council": ("council_id", "held_on")},
    default="-held",
)

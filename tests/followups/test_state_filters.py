"""The list's state filters are plain conditions on the stored columns (`state_q`, an index
serves them), never a filter on the annotated state: they must pick exactly the rows whose
annotated state (`with_state`) and judged state (`obligation_state`) is the one asked for."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from followups import selectors
from followups.filters import OPEN, STATE_CHOICES, ObligationFilter
from followups.models import Obligation, obligation_state
from tests.factories import ObligationFactory

State = Obligation.State
Outcome = Obligation.Outcome
LIST = reverse("followups:obligation_list")
TODAY = date(2025, 6, 16)
SOON = 7


def _generated(council, rng: random.Random, count: int) -> list[Obligation]:
    """`count` obligations with due dates around TODAY (the window's edges included), open or
    closed before, on or after their due date, some excluded from the count."""
    rows = []
    for i in range(count):
        start = TODAY - timedelta(days=rng.randint(0, 120))
        due = TODAY + timedelta(
            days=rng.choice([-1, 0, 1, SOON - 1, SOON, SOON + 1, rng.randint(-90, 90)])
        )
        due = max(due, start)
        outcome, ended = "", None
        if rng.random() < 0.45:
            outcome = rng.choice(Outcome.values)
            ended = max(start, due + timedelta(days=rng.choice([-3, -1, 0, 0, 1, 5])))
        excluded = rng.random() < 0.1
        rows.append(
            Obligation(
                council=council,
                kind=rng.choice(Obligation.Kind.values),
                owed_by_text="Sở Tài chính",
                title=f"Việc {i}",
                search_text=f"viec {i}",
                start_on=start,
                fixed_due_on=due,
                due_on=due,
                outcome=outcome,
                ended_on=ended,
                exclusion=Obligation.Exclusion.ROADMAP if excluded else "",
                exclusion_document_number="12/UBND" if excluded else "",
                exclusion_document_date=start if excluded else None,
                exclusion_reason="Lộ trình" if excluded else "",
            )
        )
    return Obligation.objects.bulk_create(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_state_filter_picks_exactly_the_rows_in_that_state(tree, seed):
    """Over generated rows, a state filter returns the rows `with_state` annotates with that
    state and `obligation_state` judges so; "open" returns the three open states."""
    council = tree.council("district")
    made = _generated(council, random.Random(seed), 250)  # noqa: S311 - test data
    scope = Obligation.objects.filter(pk__in=[o.pk for o in made])
    annotated = dict(selectors.with_state(scope, TODAY, SOON).values_list("pk", "state_code"))
    judged = {
        o.pk: obligation_state(
            due_on=o.due_on, outcome=o.outcome, ended_on=o.ended_on, today=TODAY, soon_days=SOON
        )
        for o in made
    }
    assert annotated == judged
    seen = set()
    for value, _label in STATE_CHOICES:
        wanted = {State.NOT_YET_DUE, State.DUE_SOON, State.OVERDUE} if value == OPEN else {value}
        filtered = ObligationFilter({"state": value}, queryset=scope, today=TODAY, soon_days=SOON)
        picked = set(filtered.qs.values_list("pk", flat=True))
        assert picked == {pk for pk, state in judged.items() if state in wanted}, value
        seen |= {judged[pk] for pk in picked}
    assert seen == set(State.values)  # the generated rows reach every state


@pytest.mark.parametrize("days", [0, 1, SOON, 30])
def test_within_n_days_is_the_open_rows_due_from_today(tree, days):
    council = tree.council("district")
    made = _generated(council, random.Random(days), 150)  # noqa: S311 - test data
    scope = Obligation.objects.filter(pk__in=[o.pk for o in made])
    filtered = ObligationFilter({"within": days}, queryset=scope, today=TODAY, soon_days=SOON)
    expected = {
        o.pk for o in made if not o.outcome and TODAY <= o.due_on <= TODAY + timedelta(days=days)
    }
    assert set(filtered.qs.values_list("pk", flat=True)) == expected


@pytest.mark.parametrize(
    ("utc", "shown_in"),
    [
        # 23:59:59 on 10/3 in Hà Nội (UTC+7): due today, so due soon and not overdue.
        (datetime(2025, 3, 10, 16, 59, 59, tzinfo=UTC), State.DUE_SOON),
        # 00:00 on 11/3 in Hà Nội, still 10/3 in UTC: overdue.
        (datetime(2025, 3, 10, 17, 0, 0, tzinfo=UTC), State.OVERDUE),
    ],
)
def test_the_list_filters_turn_at_midnight_in_vietnam(client, tree, monkeypatch, utc, shown_in):
    """The page's state filter judges `today` in Vietnam, as the state badge does."""
    ob = ObligationFactory(council=tree.council("commune"), fixed_due_on=date(2025, 3, 10))
    monkeypatch.setattr(timezone, "now", lambda: utc)
    client.force_login(tree.users["province_clerk"])
    for state in (State.DUE_SOON, State.OVERDUE, State.NOT_YET_DUE):
        page = client.get(LIST, {"state": state}).context["page"]
        listed = [o.pk for o in page.object_list]
        assert listed == ([ob.pk] if state == shown_in else []), state
        if listed:
            assert page.object_list[0].state == shown_in

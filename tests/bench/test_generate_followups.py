"""bench/generate_followups.py writes rows the engine would have written: the table's checks
hold, the ladder only climbs, an extension moves the due date, and every derived state occurs.

The COPY itself runs only on the benchmark's PostgreSQL database; here the rows it would copy are
saved through the ORM, so the database's check constraints judge them.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from bench import generate_followups as gen
from bench.run import OBLIGATIONS_P95_MS, QUERY_BUDGET, Case, Result, obligation_cases
from followups.models import (
    STEP_RANK,
    EscalationEvent,
    Obligation,
    ObligationExtension,
    Unit,
    obligation_state,
)
from tests.factories import AgencyFactory, system_actor

TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


def _model_rows(model, rows):
    names = [f.attname for f in model._meta.concrete_fields]
    return [model(**dict(zip(names, row, strict=True))) for row in rows]


@pytest.fixture
def written(tree):
    """600 obligations of the other kinds for one commune, with their extensions and steps,
    saved: any row breaking a check constraint fails here."""
    council = tree.council("commune")
    agency = AgencyFactory(council=council)
    rng = random.Random(7)  # noqa: S311 - reproducible data, not secrets
    actor = system_actor()
    extensions, events, rows = [], [], []
    for pk in range(1, 601):
        kind = rng.choice(list(gen.TERMS))
        start = TODAY - timedelta(days=rng.randint(0, 900))
        fixed = start + timedelta(days=40) if pk % 3 == 0 else None
        draft = gen._Draft(
            council=council.pk,
            kind=kind,
            title=f"Việc số {pk}",
            start=start,
            owed_by=agency.pk if pk % 5 else None,
            owed_by_text="" if pk % 5 else "Công ty Điện lực",
            term=None if fixed else rng.choice(gen.TERMS[kind]),
            fixed=fixed,
        )
        rows.append(gen._obligation_row(pk, draft, rng, TODAY, NOW, actor.pk, extensions, events))
    Obligation.objects.bulk_create(_model_rows(Obligation, rows))
    ObligationExtension.objects.bulk_create(_model_rows(ObligationExtension, extensions))
    EscalationEvent.objects.bulk_create(_model_rows(EscalationEvent, events))
    return Obligation.objects.filter(council=council)


def test_rows_hold_the_checks_and_every_state_occurs(written):
    """Saved without a constraint error; done on time and late, overdue, due soon and not yet
    due all occur, and so do roadmap and exempted items."""
    states = {
        obligation_state(
            due_on=o.due_on, outcome=o.outcome, ended_on=o.ended_on, today=TODAY, soon_days=7
        )
        for o in written
    }
    assert states == set(Obligation.State.values)
    assert set(written.values_list("exclusion", flat=True)) >= {"", "roadmap", "exempted"}
    assert written.exclude(outcome="").filter(ended_on__gt=TODAY).count() == 0


def test_term_rows_are_due_when_deadline_add_says(written):
    """A row with a time limit and no extension is due on deadline_add's date."""
    from followups.calendar import deadline_add

    plain = written.filter(term_count__isnull=False, extensions__isnull=True)[:50]
    assert plain
    for o in plain:
        assert o.due_on == deadline_add(o.start_on, o.term_count, o.term_unit, None)
    assert set(written.values_list("term_unit", flat=True)) >= {
        Unit.CALENDAR_DAYS,
        Unit.WORKING_DAYS,
        Unit.MONTHS,
    }


def test_an_extended_row_is_due_on_its_latest_extension(written):
    extended = written.filter(extensions__isnull=False).distinct()
    assert extended
    for o in extended:
        chain = list(o.extensions.order_by("id"))
        assert o.due_on == chain[-1].new_due_on
        assert all(e.document_date <= TODAY for e in chain)
        assert [e.previous_due_on for e in chain[1:]] == [e.new_due_on for e in chain[:-1]]


def test_the_ladder_only_climbs_and_never_passes_the_end(written):
    escalated = written.filter(events__isnull=False).distinct()
    assert escalated
    for o in escalated:
        steps = list(o.events.order_by("id"))
        ranks = [STEP_RANK[e.step] for e in steps]
        days = [e.happened_on for e in steps]
        assert ranks == sorted(ranks)
        assert len(set(ranks)) == len(ranks)
        assert days == sorted(days)
        assert days[0] > o.due_on
        assert days[-1] <= (o.ended_on or TODAY)


def test_split_is_proportional_and_exact():
    assert gen._split(10, [1, 0, 3]) == [3, 0, 7]
    assert sum(gen._split(1_000_000, [0.3, 2.5, 7.1, 0.0])) == 1_000_000


def test_due_and_overdue_cases_are_held_to_issue_11_targets():
    """Page 1 and 50, bare and filtered (kind and overdue; due within 30 days), for the nation
    and a province; a row over 300 ms or
    over 12 queries is flagged, and no ratio to the trivial view applies."""
    cases = obligation_cases()
    assert len(cases) == 12
    assert {c.user for c in cases} == {"admin", "province"}
    assert all(c.url and c.url.startswith("/") for c in cases)
    assert sum("page=50" in c.url for c in cases) == 6
    assert sum("kind=petition_item&state=overdue" in c.url for c in cases) == 4
    assert sum("within=30" in c.url for c in cases) == 4

    case = cases[0]
    base = Result(Case("baseline", "admin", "/b/"), 2, 1.0, 1.0, 1.0, 0, [])

    def flags(p95: float, queries: int = QUERY_BUDGET) -> str:
        return Result(case, queries, 1.0, 1.0, p95, 1.0, []).flags(base)

    assert flags(OBLIGATIONS_P95_MS - 1) == ""  # 299x the baseline: no ratio flag
    assert flags(OBLIGATIONS_P95_MS + 1) == "P95"
    assert flags(10, QUERY_BUDGET + 1) == "OVER"


def test_commitment_rows_point_at_obligations_that_hold_the_checks(tree, people, term):
    """Generated commitments become obligations (kind, dates, outcome as the status says) that
    the commitments then point to, as commitment_create links them."""
    from oversight.models import Commitment
    from tests.factories import SessionFactory
    from tests.sessions.test_views_questioning import _question

    p = people["district"]
    question = _question(SessionFactory(council=p.council, term=term), p.delegate)
    held = date(2023, 7, 12)
    made = [
        gen._Commitment(1, p.council.pk, question.pk, "Sửa đường", "Ông A", held,
                        date(2023, 12, 31), "kept", date(2023, 12, 1)),
        gen._Commitment(2, p.council.pk, question.pk, "Kéo điện", "Ông A", held,
                        date(2023, 10, 31), "not_kept", date(2024, 1, 10)),
        gen._Commitment(3, p.council.pk, question.pk, "Cấp nước", "Ông A", held,
                        date(2099, 1, 1), "open", None),
    ]  # fmt: skip
    agencies = {p.council.pk: [(p.agency.pk, p.agency.name)]}
    rng = random.Random(3)  # noqa: S311 - reproducible data, not secrets
    last = Obligation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rows = [
        gen._obligation_row(last + i, d, rng, TODAY, NOW, system_actor().pk, [], [])
        for i, d in enumerate(gen._commitment_drafts(made, agencies), start=1)
    ]
    Obligation.objects.bulk_create(_model_rows(Obligation, rows))
    Commitment.objects.bulk_create(
        _model_rows(
            Commitment,
            [
                (c.id, NOW, NOW, c.council, c.question, None, c.content, c.responsible,
                 last + i)
                for i, c in enumerate(made, start=1)
            ],
        )
    )  # fmt: skip
    found = {c.content: c.obligation for c in Commitment.objects.select_related("obligation")}
    assert {k: (o.kind, o.start_on, o.due_on, o.outcome) for k, o in found.items()} == {
        "Sửa đường": ("commitment", held, date(2023, 12, 31), Obligation.Outcome.DONE),
        "Kéo điện": ("commitment", held, date(2023, 10, 31), Obligation.Outcome.NOT_DONE),
        "Cấp nước": ("commitment", held, date(2099, 1, 1), ""),
    }
    assert found["Sửa đường"].owed_by_id == p.agency.pk
    assert all(o.source.obligation == o for o in found.values())

"""bench/oversight.py builds the rows the services would leave: a programme a year with an item
per activity, recommendations only of concluded activities, each with its own obligation of the
recommendation kind pointing back at it; saved through the ORM here, so the tables' checks judge
them (the COPY itself runs only on the benchmark's PostgreSQL database)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from bench import generate_followups as gf
from bench import oversight as bench
from councils.models import Level
from followups.models import Obligation
from oversight.activities import (
    OversightActivity,
    OversightProgramme,
    ProgrammeItem,
    Recommendation,
)
from tests.factories import AgencyFactory, system_actor

TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


def _save(model, rows) -> None:
    names = [f.attname for f in model._meta.concrete_fields]
    model.objects.bulk_create(model(**dict(zip(names, row, strict=True))) for row in rows)


def test_a_province_gets_its_yearly_programmes_activities_and_recommendations(tree):
    council = tree.council("province")
    own = [(a.pk, a.name) for a in AgencyFactory.create_batch(3, council=council)]
    shape = gf._Council(council.pk, Level.PROVINCE, False, "province", "Quảng Nam",
                        date(1997, 1, 1), None)  # fmt: skip
    rows, ids = bench._Rows(), bench._Ids()
    rng = random.Random(1)  # noqa: S311 (made-up data)
    bench._council_rows(shape, rows, ids, rng, TODAY, NOW, own)
    _save(OversightProgramme, rows.programmes)
    _save(ProgrammeItem, rows.items)
    _save(OversightActivity, rows.activities)
    extensions: list[tuple] = []
    events: list[tuple] = []
    actor = system_actor().pk
    _save(
        Obligation,
        (
            gf._obligation_row(pk, draft, rng, TODAY, NOW, actor, extensions, events)
            for pk, draft in bench._drafts(rows.recommendations)
        ),
    )
    _save(Recommendation, (r[:-1] for r in rows.recommendations))

    years = sorted(OversightProgramme.objects.values_list("year", flat=True))
    assert years == list(range(2021, 2027))  # the two terms, a programme a year
    per_year = {y: OversightActivity.objects.filter(year=y).count() for y in years}
    assert per_year[2022] == 50
    recs = Recommendation.objects.select_related("activity", "obligation")
    assert recs.filter(activity__year=2022).count() == 300
    for rec in recs:
        assert rec.activity.status == OversightActivity.Status.CONCLUDED
        assert rec.issued_on == rec.activity.concluded_on <= TODAY
        assert rec.obligation.kind == Obligation.Kind.OVERSIGHT_RECOMMENDATION
        assert rec.obligation.source_id == rec.pk
        assert (rec.obligation.council_id, rec.obligation.owed_by_id) == (
            rec.council_id,
            rec.agency_id,
        )
    outcomes = set(Obligation.objects.values_list("outcome", flat=True))
    assert {"", *Obligation.Outcome.values} <= outcomes  # open and every assessed outcome

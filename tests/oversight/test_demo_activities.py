"""The oversight demo (issue 12): the seed articles' figures, every state a recommendation can
end in, real obligations and audit rows, and loading twice adds nothing."""

from datetime import date

from django.utils import timezone

from followups.models import EscalationEvent, Obligation, ObligationExtension, Step
from oversight.activities import (
    ActivityKind,
    ActivityTransition,
    OversightActivity,
    OversightProgramme,
    ProgrammeItem,
    Recommendation,
    ReportRequest,
    Visit,
)
from oversight.models import ExplanationHearing

OLD = date(1997, 1, 1)
COUNTED = [
    OversightProgramme,
    ProgrammeItem,
    OversightActivity,
    ActivityTransition,
    Visit,
    ReportRequest,
    Recommendation,
    Obligation,
    ObligationExtension,
    EscalationEvent,
    OversightActivity.history.model,
    Recommendation.history.model,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}


def activities(code: str, year: int):
    return OversightActivity.objects.filter(
        council__unit__code=code, council__unit__valid_from=OLD, year=year
    )


def check_story() -> None:
    """Run by tests/test_demo.py on its one load of the demo."""

    # Huyện Hiệp Đức, 8 months of 2023 (seed 000): 8 thematic oversights and 6 surveys, all
    # decided or planned by the end of August, in the standing committee's yearly programme.
    hiep_duc = activities("514", 2023)
    assert hiep_duc.filter(kind=ActivityKind.THEMATIC).count() == 8
    assert hiep_duc.filter(kind=ActivityKind.SURVEY).count() == 6
    for activity in hiep_duc:
        assert (activity.decision_date or activity.plan_date) <= date(2023, 8, 31)
        assert activity.programme_item.programme.status == OversightProgramme.Status.ADOPTED
    # Tỉnh Bắc Kạn, 2023 (seed 004): 16 oversight topics, 3 explanation sessions.
    bac_kan = activities("06", 2023)
    assert bac_kan.count() == 16
    assert bac_kan.filter(programme_item__isnull=False).count() == 16
    hearings = ExplanationHearing.objects.filter(
        council__unit__code="06", council__unit__valid_from=OLD, held_on__year=2023
    )
    assert hearings.count() == 3
    # Thị xã Hương Thủy, 2019 (seed 003): Plan 07/KH-TTHĐND of 24/9/2019, six wards and communes.
    huong_thuy = activities("476", 2019).get(plan_number="07/KH-TTHĐND")
    assert huong_thuy.plan_date == date(2019, 9, 24)
    places = list(huong_thuy.visits.values_list("place", flat=True))
    assert len(places) == len(set(places)) == 6
    assert any("Dương Hòa" in place for place in places)

    # Every activity ran its workflow to the conclusion report, each move with its audit row,
    # dated on the story's days.
    for move in ActivityTransition.objects.filter(to_status="concluded").select_related("activity"):
        assert timezone.localtime(move.at).date() == move.activity.concluded_on
    for activity in OversightActivity.objects.all():
        assert activity.status == OversightActivity.Status.CONCLUDED
        moves = list(activity.transitions.values_list("to_status", flat=True))
        assert moves[-1] == OversightActivity.Status.CONCLUDED
        assert activity.memberships.exists()
        if activity.kind in (ActivityKind.THEMATIC, ActivityKind.REOVERSIGHT):
            assert OversightActivity.Status.DECIDED in moves

    # Recommendations in every state, each on its own obligation of the engine.
    recs = Recommendation.objects.select_related("obligation")
    today = timezone.localdate()
    assert all(
        r.obligation.kind == Obligation.Kind.OVERSIGHT_RECOMMENDATION and r.obligation.source == r
        for r in recs
    )
    outcomes = {r.obligation.outcome for r in recs}
    assert {
        Obligation.Outcome.DONE,
        Obligation.Outcome.PARTLY_DONE,
        Obligation.Outcome.NOT_DONE,
        Obligation.Outcome.NOT_MEETING_REQUIREMENT,
        Obligation.Outcome.NOT_CARRIED_OUT,
    } <= outcomes
    overdue = [
        r
        for r in recs
        if not r.obligation.outcome and not r.obligation.exclusion and r.obligation.due_on < today
    ]
    assert len(overdue) >= 2
    assert any(r.obligation.events.filter(step=Step.URGE_AGAIN).exists() for r in overdue)
    extended = recs.filter(obligation__extensions__isnull=False).distinct()
    assert {r.obligation.outcome for r in extended} == {Obligation.Outcome.DONE, ""}
    exclusions = {r.obligation.exclusion for r in recs}
    assert {Obligation.Exclusion.ROADMAP, Obligation.Exclusion.EXEMPTED} <= exclusions
    assert recs.filter(resolution__isnull=False).exists()

    # One escalated to an explanation session: the hearing is a dated step of its ladder.
    heard = recs.get(hearings__isnull=False)
    hearing = heard.hearings.get()
    assert hearing in hearings
    event = heard.obligation.events.get(step=Step.EXPLANATION)
    assert event.happened_on == hearing.held_on > heard.obligation.due_on
    # One re-overseen: the re-oversight checks the activity that made it, a step of its ladder.
    rechecked = recs.get(reoversight__isnull=False)
    assert rechecked.reoversight.kind == ActivityKind.REOVERSIGHT
    assert rechecked.reoversight.reoversight_of == rechecked.activity
    assert rechecked.obligation.events.filter(step=Step.REOVERSIGHT).exists()

    # Report requests received: obligations closed as done.
    assert ReportRequest.objects.exists()
    assert not ReportRequest.objects.filter(obligation__outcome="").exists()

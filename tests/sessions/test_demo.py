"""The demo sessions and resolutions: the seed articles' figures hold, and loading twice adds
nothing."""

import re
from collections import defaultdict
from datetime import date

from django.utils import timezone

from followups.models import Obligation
from followups.models import overdue_q as followups_overdue_q
from oversight.models import Commitment
from resolutions.models import (
    ImplementationTask,
    Resolution,
    ResolutionLink,
    ResolutionTransition,
)
from resolutions.selectors import overdue_q
from sessions.demo import pdf_bytes
from sessions.models import (
    AgendaItem,
    Attendance,
    Ballot,
    ConfidenceEntry,
    ConfidencePoll,
    Document,
    DocumentVersion,
    Question,
    Session,
    SessionTransition,
    Sitting,
    Vote,
)
from sessions.selectors import confidence_consequence
from sessions.services import lead_time_warning

TODAY = date(2026, 11, 23)
COUNTED = [
    Session,
    SessionTransition,
    Sitting,
    AgendaItem,
    Attendance,
    Document,
    DocumentVersion,
    Vote,
    Ballot,
    Question,
    Commitment,
    ConfidencePoll,
    ConfidenceEntry,
    Resolution,
    ResolutionLink,
    ImplementationTask,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}


def in_council(qs, code: str):
    return qs.filter(council__unit__code=code, council__unit__valid_from=date(1997, 1, 1))


def transition_times() -> list:
    return list(SessionTransition.objects.order_by("id").values_list("at", flat=True))


def check_story() -> None:
    """Run by tests/test_demo.py on its one load of the demo."""

    # Seed 000: Hiệp Đức held 2 sessions and passed 11 resolutions in the first 8 months of 2023.
    jan_aug = (date(2023, 1, 1), date(2023, 8, 31))
    assert in_council(Session.objects, "514").filter(planned_start__range=jan_aug).count() == 2
    assert in_council(Resolution.objects, "514").filter(adopted_on__range=jan_aug).count() == 11

    # Seed 004: Bắc Kạn held 8 sessions in 2023, 6 thematic, and passed 97 resolutions.
    bk_sessions = in_council(Session.objects, "06").filter(planned_start__year=2023)
    assert bk_sessions.count() == 8
    assert bk_sessions.filter(kind=Session.Kind.THEMATIC).count() == 6
    bk_resolutions = in_council(Resolution.objects, "06")
    assert bk_resolutions.filter(adopted_on__year=2023, year=2023).count() == 97

    # Numbers come from the system: gapless per council, year and kind, in the legal format.
    series = defaultdict(list)
    for r in Resolution.objects.exclude(sequence=None):
        series[(r.council_id, r.year, r.kind)].append(r.sequence)
        year = f"{r.year}/" if r.kind == Resolution.Kind.NORMATIVE else ""
        pattern = rf"\d{{2,}}/{year}NQ-HĐND"
        assert re.fullmatch(pattern, r.number), r.number
    assert len(series) >= 6
    for key, numbers in series.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), key

    # Every held session went through the workflow in order, with a real PDF among its papers.
    steps = ["convened", "documents_sent", "in_session", "closed", "records_published"]
    for session in Session.objects.filter(status=Session.Status.RECORDS_PUBLISHED):
        moves = list(session.transitions.values_list("to_status", flat=True))
        assert moves == steps, session
        # The history carries the days the story's events happened, not the load time.
        on = {t.to_status: timezone.localdate(t.at) for t in session.transitions.all()}
        assert on["convened"] == session.convening_date, session
        assert on["documents_sent"] == session.documents_sent_on, session
        assert on["in_session"] == session.actual_start, session
        assert on["closed"] == session.actual_end, session
        assert session.convening_number
        assert session.convening_date
        version = DocumentVersion.objects.filter(document__session=session).first()
        with version.file.open("rb") as f:
            assert f.read(5) == b"%PDF-"
    # Votes record the day's total of seated delegates; one was tallied from ballots, one failed.
    assert Vote.objects.filter(by_ballots=True).count() == 1
    assert any(not v.passed for v in Vote.objects.all())
    assert Resolution.objects.filter(vote__isnull=False).count() == Resolution.objects.count()
    assert ResolutionLink.objects.count() >= 2
    for r in Resolution.objects.exclude(issued_on=None).prefetch_related("transitions"):
        on = {t.to_status: timezone.localdate(t.at) for t in r.transitions.all()}
        assert on["adopted"] == r.adopted_on, r
        assert on["signed"] == r.issued_on, r
    for link in ResolutionLink.objects.select_related("source"):
        moved = ResolutionTransition.objects.get(resolution=link.target_id, note=link.source.number)
        assert timezone.localdate(moved.at) == link.effective_on

    # The present: one session's papers went out late; one session is still ahead of us.
    late = Session.objects.get(status=Session.Status.DOCUMENTS_SENT)
    assert lead_time_warning(late)
    assert Session.objects.filter(
        status__in=[Session.Status.PLANNED, Session.Status.CONVENED], planned_start__gt=TODAY
    ).exists()
    assert ImplementationTask.objects.filter(overdue_q(TODAY)).exists()
    assert ImplementationTask.objects.exclude(overdue_q(TODAY)).exists()
    assert Commitment.objects.filter(followups_overdue_q(TODAY, "obligation__")).exists()
    assert Commitment.objects.filter(obligation__outcome=Obligation.Outcome.DONE).exists()
    assert Commitment.objects.filter(obligation__outcome=Obligation.Outcome.NOT_DONE).exists()

    # The year-end 2023 poll in Bắc Kạn: confirmed, figures add up, one person over half "low".
    poll = ConfidencePoll.objects.get(session__in=bk_sessions)
    assert poll.status == ConfidencePoll.Status.CONFIRMED
    flagged = []
    for entry in poll.entries.all():
        assert entry.high + entry.confidence + entry.low == entry.ballots_valid
        assert entry.ballots_valid <= entry.ballots_returned <= entry.ballots_issued
        assert entry.ballots_issued <= poll.total_delegates
        if confidence_consequence(entry, poll) != ConfidenceEntry.Consequence.NONE:
            flagged.append(entry.full_name)
    assert len(flagged) == 1
    assert poll.entries.filter(full_name="Đoàn Thị Hậu", delegate__isnull=False).exists()


def test_demo_pdf_is_a_well_formed_pdf():
    """Starts with %PDF-, ends with %%EOF, and its xref offset points at the xref table."""
    data = pdf_bytes("Nghị quyết số 01/2023/NQ-HĐND (dự thảo)", "x " * 200)
    assert data.startswith(b"%PDF-1.4\n")
    assert data.endswith(b"%%EOF\n")
    offset = int(re.search(rb"startxref\n(\d+)\n", data).group(1))
    assert data[offset:].startswith(b"xref\n")
    assert b"(Nghi quyet so 01/2023/NQ-HDND \\(du thao\\)) Tj" in data

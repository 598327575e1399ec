"""The follow-up demo: obligations after their deadlines, the clerks' bells on first login, and
loading again (the same day or later) adds nothing but that day's reminders (tests/test_demo.py
loads the demo and runs these checks)."""

from datetime import date

import pytest

from core.models import Notification
from councils import rules
from councils.models import Agency
from followups.demo import _issuer
from followups.models import (
    EscalationEvent,
    EvidenceFile,
    Obligation,
    ObligationExtension,
    ObligationReport,
    Step,
)
from followups.selectors import obligation_counts

REFORM = date(2025, 7, 1)
COUNTED = [
    Obligation,
    ObligationExtension,
    ObligationReport,
    EvidenceFile,
    EscalationEvent,
    Notification,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}


def check_story(today: date) -> None:
    """Run by tests/test_demo.py on its one load of the demo."""

    da_nang = Obligation.objects.filter(council__unit__code="48", council__unit__valid_from=REFORM)
    # Extended on an approving document, to a reminder day counted from the load day.
    extended = ObligationExtension.objects.filter(obligation__in=da_nang)
    assert extended.count() >= 2
    offsets = set(rules.day_list(None, rules.REMINDER_DAYS, today))
    for extension in extended.select_related("obligation"):
        assert extension.obligation.due_on == extension.new_due_on
        assert (extension.new_due_on - today).days in offsets
        assert extension.document_number.startswith("Công văn số ")
        assert extension.reason
    # The ladder: urged, urged again, referred; each event dated after the due date it chased.
    events = EscalationEvent.objects.filter(obligation__in=da_nang).select_related("obligation")
    steps = [event.step for event in events]
    assert steps.count(Step.URGE) >= 2
    assert Step.URGE_AGAIN in steps
    assert Step.REFER in steps
    for event in events:
        assert event.happened_on > event.obligation.due_on or event.obligation.extensions.exists()
        assert event.document_number
    # Progress reported, with text and an evidence file.
    assert ObligationReport.objects.filter(obligation__in=da_nang).exclude(content="").exists()
    assert EvidenceFile.objects.filter(report__obligation__in=da_nang).exists()
    # Closed every way the official counts know, so "x/y (z %)" is neither 0 % nor 100 %.
    closed = da_nang.exclude(outcome="")
    outcomes = set(closed.values_list("outcome", flat=True))
    assert {
        Obligation.Outcome.DONE,
        Obligation.Outcome.PARTLY_DONE,
        Obligation.Outcome.NOT_CARRIED_OUT,
    } <= outcomes
    done = closed.filter(outcome=Obligation.Outcome.DONE)
    assert any(o.ended_on <= o.due_on for o in done)
    assert any(o.ended_on > o.due_on for o in done)
    figures = obligation_counts(da_nang, today=today, soon_days=7)
    assert 0 < figures.done < figures.fell_due
    assert figures.open_overdue > 0

    # The clerks of Đà Nẵng and of Thái Nguyên (which took over Bắc Kạn) find unread reminders
    # about their own councils' obligations.
    for username, code in [("danang.vanphong", "48"), ("thainguyen.vanphong", "19")]:
        unread = Notification.objects.filter(user__username=username, read_at__isnull=True)
        assert unread.exists(), username
        for notification in unread:
            pk = int(notification.key.split(":")[1])  # "obligation:<pk>:reminder:..."
            assert Obligation.objects.get(pk=pk).council.unit.code == code


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [
        ("Ủy ban nhân dân thành phố Đà Nẵng", Agency.Kind.PEOPLE_COMMITTEE, "UBND"),
        ("Sở Tài chính thành phố Đà Nẵng", Agency.Kind.DEPARTMENT, "STC"),
        ("Sở Giáo dục và Đào tạo tỉnh Thái Nguyên", Agency.Kind.DEPARTMENT, "SGDĐT"),
        ("Ủy ban MTTQ Việt Nam tỉnh Bắc Kạn", Agency.Kind.FATHERLAND_FRONT, ""),
    ],
)
def test_report_numbers_carry_the_issuer_code(name, kind, code):
    """Agencies' reports are numbered "<n>/BC-<code>"; no code is invented where none is usual."""
    assert _issuer(Agency(name=name, kind=kind)) == code

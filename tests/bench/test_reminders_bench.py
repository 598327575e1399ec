"""bench/reminders.py runs the reminders, reports them, and leaves no notification behind."""

from __future__ import annotations

from datetime import date

from bench.reminders import main
from core.models import Notification
from tests.factories import ObligationFactory


def test_without_obligations_it_says_so_and_succeeds(db, capsys):
    assert main(["--today", "2025-03-10"]) == 0
    assert "No obligations" in capsys.readouterr().out


def test_it_reports_and_deletes_what_it_created(tree, capsys):
    ObligationFactory(council=tree.council("commune"), fixed_due_on=date(2025, 3, 17))
    assert main(["--today", "2025-03-10", "--batch-size", "10"]) == 0
    out = capsys.readouterr().out
    assert "offered 2, created 2\n" in out
    assert "3.0 per batch" in out
    assert not Notification.objects.exists()

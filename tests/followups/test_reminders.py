"""The daily reminders: who hears of which obligation on which day, once, whatever crashes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Notification
from councils import rules, scoping
from councils.models import Role
from councils.services import council_setting_save, role_assign
from followups import reminders, services
from followups.models import Obligation
from tests.factories import ObligationFactory, UserFactory, system_actor

MONDAY = date(2025, 3, 17)  # the due date of most obligations below


def due(tree, node: str = "commune", on: date = MONDAY, **kwargs) -> Obligation:
    return ObligationFactory(council=tree.council(node), fixed_due_on=on, **kwargs)


def sent(**filters) -> list[tuple[str, str]]:
    """(username, key) of every notification, sorted."""
    rows = Notification.objects.filter(**filters).values_list("user__username", "key")
    return sorted(rows)


def run(today: date, **kwargs) -> reminders.ReminderRun:
    return reminders.reminders_send(today=today, **kwargs)


@pytest.mark.parametrize(
    ("today", "offset"),
    [
        (date(2025, 3, 2), 15),  # a Sunday: calendar days, sent whatever the weekday
        (date(2025, 3, 10), 7),
        (date(2025, 3, 14), 3),  # the Friday before a Monday due date
    ],
)
def test_reminders_fall_on_calendar_days_before_the_due_date(tree, today, offset):
    """15, 7 and 3 calendar days before a Monday due date (weekends included), nothing between."""
    obligation = due(tree)
    run(today)
    key = f"obligation:{obligation.pk}:reminder:2025-03-17:{offset}"
    assert sent() == [("commune_office", key), ("province_clerk", key)]
    notification = Notification.objects.filter(user=tree.users["province_clerk"]).get()
    assert notification.kind == reminders.KIND_REMINDER
    assert notification.title.startswith(f"Còn {offset} ngày đến hạn: ")
    assert "17/03/2025" in notification.body
    assert notification.url == f"/followups/{obligation.pk}/"


@pytest.mark.parametrize("today", [date(2025, 3, 1), date(2025, 3, 15), date(2025, 3, 16)])
def test_no_reminder_between_reminder_days(tree, today):
    """Saturday 15/3 is 2 days ahead, Sunday 16/3 one day: not reminder days by default."""
    due(tree)
    run(today)
    assert sent() == []


def test_overdue_notice_the_day_after_the_due_date_and_only_once(tree):
    """Due Monday: not overdue on Monday (the day runs to its end), overdue on Tuesday; the
    later days of the catch-up window send nothing more."""
    obligation = due(tree)
    run(MONDAY)
    assert sent() == []
    run(MONDAY + timedelta(days=1))
    key = f"obligation:{obligation.pk}:overdue:2025-03-17"
    assert sent() == [("commune_office", key), ("province_clerk", key)]
    assert Notification.objects.filter(kind=reminders.KIND_OVERDUE).count() == 2
    for day in range(2, 10):
        run(MONDAY + timedelta(days=day))
    assert len(sent()) == 2


def test_a_missed_day_is_caught_up_by_the_first_run_after(tree):
    """No run on Tuesday (beat down): Thursday's run still sends the overdue notice; a run
    after the catch-up window does not dig up old deadlines."""
    first = due(tree)
    old = due(tree, on=MONDAY - timedelta(days=reminders.OVERDUE_CATCH_UP_DAYS + 1))
    run(MONDAY + timedelta(days=3))
    assert {key for _user, key in sent()} == {f"obligation:{first.pk}:overdue:2025-03-17"}
    assert not Notification.objects.filter(key__startswith=f"obligation:{old.pk}:").exists()


def test_running_twice_a_day_notifies_once(tree):
    due(tree)
    due(tree, "district")
    first = run(date(2025, 3, 10))
    second = run(date(2025, 3, 10))
    assert first.offered == second.offered == 4
    assert Notification.objects.count() == 4


def test_an_extension_rearms_the_reminders_for_the_new_date(tree):
    """The due date is part of the key: after an extension the new date is reminded too."""
    obligation = due(tree)
    run(date(2025, 3, 10))
    services.obligation_extend(
        actor=tree.users["province_clerk"],
        obligation=obligation,
        new_due_on=date(2025, 3, 24),
        reason="Chờ ý kiến Bộ",
        document_number="12/UBND",
        document_date=date(2025, 3, 11),
    )
    run(date(2025, 3, 17))
    keys = {key for _user, key in sent(user=tree.users["province_clerk"])}
    assert keys == {
        f"obligation:{obligation.pk}:reminder:2025-03-17:7",
        f"obligation:{obligation.pk}:reminder:2025-03-24:7",
    }


def test_closed_withdrawn_and_exempted_obligations_are_not_reminded(tree):
    clerk = tree.users["province_clerk"]
    closed = due(tree)
    services.obligation_close(
        actor=clerk, obligation=closed, outcome=Obligation.Outcome.DONE, ended_on=date(2025, 3, 5)
    )
    withdrawn = due(tree)
    services.obligation_withdraw(actor=clerk, obligation=withdrawn, reason="Nhập trùng")
    due(
        tree,
        exclusion=Obligation.Exclusion.EXEMPTED,
        exclusion_document_number="5/TTHĐND",
        exclusion_document_date=date(2025, 3, 1),
        exclusion_reason="Dự án dừng theo quyết định của Thủ tướng",
    )
    kept = due(tree)
    run(date(2025, 3, 10))
    assert {key.split(":")[1] for _user, key in sent()} == {str(kept.pk)}


def test_only_the_staff_who_cover_the_council_are_notified(tree):
    """Editors of the council (subtree secretariat above it, own-council office at it); not the
    standing committee, delegates, other provinces, administrators without a council, inactive
    accounts or ended roles."""
    gone = UserFactory(username="gone_clerk", is_active=False)
    role_assign(
        actor=system_actor(),
        user=gone,
        role=Role.SECRETARIAT,
        council=tree.council("province"),
        valid_from=date(2021, 1, 1),
    )
    former = UserFactory(username="former_clerk")
    role_assign(
        actor=system_actor(),
        user=former,
        role=Role.SECRETARIAT,
        council=tree.council("province"),
        valid_from=date(2021, 1, 1),
        valid_to=date(2025, 3, 1),
    )
    commune, district, sibling = due(tree), due(tree, "district"), due(tree, "sibling_commune")
    commune2 = due(tree, "commune2")
    run(date(2025, 3, 10))
    by_obligation: dict[int, set[str]] = {}
    for username, key in sent():
        by_obligation.setdefault(int(key.split(":")[1]), set()).add(username)
    assert by_obligation == {
        commune.pk: {"province_clerk", "commune_office"},
        district.pk: {"province_clerk", "district_office"},
        commune2.pk: {"province_clerk"},
        sibling.pk: {"sibling_clerk"},
    }


def test_staff_covering_agrees_with_can_edit_council(tree):
    """The inverse of the edit rule, checked against it for every user of the tree."""
    nodes = ("province", "district", "commune", "commune2", "sibling", "sibling_commune")
    councils = {node: tree.council(node) for node in nodes}
    found = scoping.staff_covering({c.unit.path for c in councils.values()})
    for name, user in tree.users.items():
        if user.is_superuser:
            continue  # administrators edit everywhere but follow nothing
        for council in councils.values():
            covered = user.pk in found[council.unit.path]
            assert covered == scoping.can_edit_council(user, council), (name, council)


def test_a_council_rule_changes_its_reminder_days(tree):
    """The commune's own dated rule (10 days) replaces the default there, not elsewhere."""
    council_setting_save(
        actor=tree.users["admin"],
        council=tree.council("commune"),
        key=rules.REMINDER_DAYS,
        value="10",
        legal_basis="Quy chế 01/QC-HĐND",
        valid_from=date(2025, 1, 1),
    )
    commune, district = due(tree), due(tree, "district")
    run(date(2025, 3, 7))  # 10 days ahead
    run(date(2025, 3, 10))  # 7 days ahead
    keys = {key for _user, key in sent()}
    assert keys == {
        f"obligation:{commune.pk}:reminder:2025-03-17:10",
        f"obligation:{district.pk}:reminder:2025-03-17:7",
    }


@pytest.mark.parametrize("where", ["before_insert", "after_insert"])
def test_a_crash_mid_run_then_a_rerun_sends_everything_once(tree, monkeypatch, where):
    """Killed in the second batch (before or after its insert): the rerun inserts what is
    missing and nothing twice."""
    obligations = [due(tree) for _ in range(8)]
    calls = {"n": 0}
    real_add = reminders.notifications_add

    def crashing_add(rows):
        calls["n"] += 1
        if calls["n"] == 2:
            if where == "after_insert":
                real_add(rows)
            raise RuntimeError("worker killed")
        real_add(rows)

    monkeypatch.setattr(reminders, "notifications_add", crashing_add)
    with pytest.raises(RuntimeError):
        run(date(2025, 3, 10), batch_size=3)
    done = Notification.objects.count()
    assert done == (12 if where == "after_insert" else 6)
    monkeypatch.setattr(reminders, "notifications_add", real_add)
    run(date(2025, 3, 10), batch_size=3)
    keys = [key for _user, key in sent(user=tree.users["province_clerk"])]
    assert len(keys) == len(set(keys)) == 8
    assert {int(k.split(":")[1]) for k in keys} == {o.pk for o in obligations}
    assert Notification.objects.count() == 16


@pytest.mark.parametrize("count", [10, 100])
def test_queries_are_constant_per_batch(tree, count):
    """One query for the rules, then three per batch of 10 (rows, covering staff, one insert)
    and one that finds the end: 10 obligations cost 5 queries, 100 cost 32, never per row."""
    nodes = ["commune", "commune2", "district", "sibling_commune"]
    for i in range(count):
        due(tree, nodes[i % 4])
    with CaptureQueriesContext(connection) as queries:
        result = run(date(2025, 3, 10), batch_size=10)
    assert result.batches == count // 10
    assert len(queries) == 1 + 3 * result.batches + 1
    recipients = {"commune": 2, "commune2": 1, "district": 2, "sibling_commune": 1}
    assert Notification.objects.count() == sum(recipients[nodes[i % 4]] for i in range(count))


def test_the_task_runs_the_reminders_then_the_digest(tree, settings, mailoutbox, celery_eager):
    """The beat's task, without a day: today in Vietnam; the clerk with an e-mail address gets
    the day's digest, the office without one only the bell."""
    settings.NOTIFY_EMAIL_DIGEST = True
    clerk = tree.users["province_clerk"]
    clerk.email = "clerk@example.vn"
    clerk.save(update_fields=["email"])
    obligation = due(tree, on=timezone.localdate() + timedelta(days=7))
    from followups.tasks import followup_reminders_task

    followup_reminders_task.delay()
    assert Notification.objects.count() == 2
    assert [m.to for m in mailoutbox] == [["clerk@example.vn"]]
    assert obligation.title in mailoutbox[0].body


def test_the_beat_runs_the_reminders_at_seven_in_vietnam():
    entry = settings.CELERY_BEAT_SCHEDULE["followup-reminders"]
    assert entry["task"] == "followups.tasks.followup_reminders_task"
    assert entry["schedule"] == crontab(hour=7, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"

"""Commitments followed by the engine (issue 11): each commitment is an obligation; the register
(same address) shows the derived state, the due date after extensions, the next reminder and
the last escalation step; the commitment's page hands the follow-up to the engine's pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils import rules
from followups import services as followups
from followups.models import Obligation, ObligationReport, Step, next_reminder
from oversight import services
from oversight.models import Commitment
from tests.factories import system_actor
from tests.sessions.test_views_questioning import _commitment, _question

ANSWERED = date(2023, 7, 11)


def _close(commitment: Commitment, on: date, outcome=Obligation.Outcome.DONE) -> None:
    followups.obligation_close(
        actor=system_actor(), obligation=commitment.obligation, outcome=outcome, ended_on=on
    )


# --- services ----------------------------------------------------------------------------------


def test_a_commitment_opens_an_obligation_owed_by_the_agency_that_answered(people, records):
    """Answering a question: owed by the question's agency from the day of the answer; at a
    hearing: by the hearing's agency from its date; no agency: the person typed, as text."""
    p, r = people["district"], records["district"]
    answered = _question(r.session, p.delegate, agency=p.agency, answered_on=ANSWERED)
    by_question = _commitment(question=answered, due_on=date(2023, 12, 31))
    ob = by_question.obligation
    assert (ob.kind, ob.council_id, ob.owed_by_id, ob.owed_by_text) == (
        Obligation.Kind.COMMITMENT,
        p.council.pk,
        p.agency.pk,
        "",
    )
    assert (ob.start_on, ob.fixed_due_on, ob.due_on, ob.outcome) == (
        ANSWERED,
        date(2023, 12, 31),
        date(2023, 12, 31),
        "",
    )
    assert ob.source == by_question
    assert ob.title == "Hoàn thành cấp giấy chứng nhận trong quý IV"

    at_hearing = r.hearing_commitment.obligation
    assert (at_hearing.owed_by_id, at_hearing.start_on) == (p.agency.pk, r.hearing.held_on)

    unnamed = _question(r.session, p.delegate)
    typed = _commitment(question=unnamed, responsible="Công ty Điện lực huyện")
    assert (typed.obligation.owed_by_id, typed.obligation.owed_by_text) == (
        None,
        "Công ty Điện lực huyện",
    )
    assert typed.obligation.start_on == r.session.planned_start
    assert typed.obligation.history.get().history_user == system_actor()


def test_commitment_errors_land_on_its_fields_and_nothing_is_written(people, records):
    r = records["district"]
    question = _question(r.session, people["district"].delegate, answered_on=ANSWERED)
    before = (Commitment.objects.count(), Obligation.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=system_actor(),
            question=question,
            content="  ",
            responsible="UBND huyện",
            due_on=date(2023, 7, 1),
        )
    assert set(exc.value.message_dict) == {"content", "due_on"}
    # The engine's own rule (dates within the records' years) comes back on `due_on` too.
    with pytest.raises(ValidationError) as exc:
        _commitment(question=question, due_on=date(2300, 1, 1))
    assert set(exc.value.message_dict) == {"due_on"}
    assert (Commitment.objects.count(), Obligation.objects.count()) == before


def test_a_reader_may_not_record_a_commitment(tree, records):
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            actor=tree.users["province_standing"],
            question=records["district"].question,
            content="Sửa cầu",
            responsible="UBND",
            due_on=date(2023, 12, 31),
        )
    assert not Commitment.objects.filter(content="Sửa cầu").exists()


def test_status_and_kept_date_are_read_from_the_obligation(records):
    r = records["commune"]
    c = Commitment.objects.select_related("obligation").get(pk=r.question_commitment.pk)
    assert (c.status, c.kept_on, c.due_on) == (Commitment.Status.OPEN, None, date(2023, 12, 31))
    assert c.state == Obligation.State.OVERDUE
    _close(r.question_commitment, date(2023, 12, 20))
    c = Commitment.objects.select_related("obligation").get(pk=c.pk)
    assert (c.status, c.kept_on, c.state) == (
        Commitment.Status.KEPT,
        date(2023, 12, 20),
        Obligation.State.DONE_ON_TIME,
    )
    _close(r.hearing_commitment, date(2024, 1, 5), Obligation.Outcome.NOT_CARRIED_OUT)
    h = Commitment.objects.select_related("obligation").get(pk=r.hearing_commitment.pk)
    assert (h.status, h.kept_on) == (Commitment.Status.NOT_KEPT, None)


# --- the register --------------------------------------------------------------------------------


def _followed(records) -> dict[str, Commitment]:
    """In the district: one overdue and extended (still overdue), one overdue and urged, one
    due in ten days, one kept on time."""
    r = records["district"]
    actor = system_actor()
    today = timezone.localdate()
    extended = _commitment(question=r.question, content="Gia hạn", due_on=date(2023, 9, 30))
    followups.obligation_extend(
        actor=actor,
        obligation=extended.obligation,
        new_due_on=date(2023, 10, 31),
        reason="Chờ vốn",
        document_number="12/UBND",
        document_date=date(2023, 9, 25),
    )
    urged = _commitment(question=r.question, content="Đôn đốc", due_on=date(2023, 10, 15))
    followups.obligation_escalate(
        actor=actor, obligation=urged.obligation, step=Step.URGE, happened_on=date(2023, 11, 2)
    )
    soon = _commitment(question=r.question, content="Sắp", due_on=today + timedelta(days=10))
    kept = _commitment(question=r.question, content="Xong", due_on=date(2023, 12, 31))
    _close(kept, date(2023, 12, 1))
    return {"extended": extended, "urged": urged, "soon": soon, "kept": kept}


def test_register_shows_state_extensions_reminders_and_the_last_step(client, tree, records):
    made = _followed(records)
    today = timezone.localdate()
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("sessions:commitment_list"))
    page = response.content.decode()
    rows = {o.pk: o for o in response.context["page"].object_list}
    extended, urged = rows[made["extended"].obligation_id], rows[made["urged"].obligation_id]
    assert (extended.due_on, extended.extension_count, extended.state) == (
        date(2023, 10, 31),
        1,
        Obligation.State.OVERDUE,
    )
    assert (urged.last_step, urged.last_step_on) == (Step.URGE, date(2023, 11, 2))
    assert rows[made["kept"].obligation_id].state == Obligation.State.DONE_ON_TIME
    for c in made.values():
        assert reverse("followups:obligation_detail", args=[c.obligation_id]) in page
        assert reverse("sessions:commitment_detail", args=[c.pk]) in page
    assert "đã gia hạn 1 lần" in page
    assert "Đôn đốc, 02/11/2023" in page
    days = rules.day_list(None, rules.REMINDER_DAYS, today)
    reminder = next_reminder(made["soon"].obligation.due_on, today, days)
    assert f"{reminder:%d/%m/%Y}" in page
    assert "Quá hạn" in page


def test_register_filters_by_state_and_council_lineage(client, tree, people, records):
    made = _followed(records)
    client.force_login(tree.users["province_clerk"])
    url = reverse("sessions:commitment_list")

    def shown(**params) -> set[int]:
        response = client.get(url, params)
        return {o.pk for o in response.context["page"].object_list}

    district = people["district"].council.pk
    overdue = shown(council=district, state="overdue")
    assert {made["extended"].obligation_id, made["urged"].obligation_id} <= overdue
    assert made["soon"].obligation_id not in overdue
    assert shown(council=district, state="done_on_time") == {made["kept"].obligation_id}
    # A council means its lineage: the district and the commune below it, not the province.
    councils = {
        o.council_id for o in client.get(url, {"council": district}).context["page"].object_list
    }
    assert councils == {district, people["commune"].council.pk}
    # A council out of scope is ignored, never shown.
    client.force_login(tree.users["district_office"])
    assert shown(council=people["sibling"].council.pk) == shown()


def test_register_query_count_does_not_grow(client, tree, records):
    """Session, user, scope, rules (due-soon window, reminder days), count, ids, rows: the
    same for 4 more commitments and for 12 more."""
    r = records["district"]
    client.force_login(tree.users["province_clerk"])
    client.get(reverse("sessions:commitment_list"))  # the scope's lineage read and cached
    counted, shown = [], []
    for n in (4, 8):
        for i in range(n):
            c = _commitment(hearing=r.hearing, content=f"Cam kết {n}-{i}")
            followups.obligation_escalate(
                actor=system_actor(),
                obligation=c.obligation,
                step=Step.URGE,
                happened_on=date(2024, 1, 5),
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("sessions:commitment_list"))
        counted.append(len(queries))
        shown.append(len(response.context["page"].object_list))
    assert shown == [6 + 4, 6 + 12]  # the fixture's two per council in scope (3 councils)
    assert counted[0] == counted[1]
    assert counted[0] <= 10


# --- the commitment's page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "links"), [("district_office", True), ("province_standing", False)]
)
def test_commitment_page_hands_the_follow_up_to_the_engine(client, tree, records, who, links):
    """Editors find the engine's extend, report, escalate and close pages; readers the state
    and the obligation's page only."""
    c = records["district"].question_commitment
    client.force_login(tree.users[who])
    response = client.get(reverse("sessions:commitment_detail", args=[c.pk]))
    page = response.content.decode()
    assert reverse("followups:obligation_detail", args=[c.obligation_id]) in page
    for action in ("obligation_extend", "obligation_report", "obligation_escalate"):
        assert (reverse(f"followups:{action}", args=[c.obligation_id]) in page) is links
    assert "Quá hạn" in page


def test_a_closed_commitment_offers_reopening_only(client, tree, records):
    c = records["district"].question_commitment
    _close(c, date(2023, 12, 20))
    client.force_login(tree.users["district_office"])
    page = client.get(reverse("sessions:commitment_detail", args=[c.pk])).content.decode()
    assert reverse("followups:obligation_reopen", args=[c.obligation_id]) in page
    assert reverse("followups:obligation_extend", args=[c.obligation_id]) not in page
    assert "20/12/2023" in page


def test_the_old_follow_up_address_opens_the_commitment_page(client, tree, records):
    c = records["district"].question_commitment
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:commitment_follow_up", args=[c.pk]))
    assert response.status_code == 301
    assert response.url == reverse("sessions:commitment_detail", args=[c.pk])


def test_a_withdrawn_obligation_takes_its_commitment_off_the_pages(client, tree, records):
    c = records["district"].question_commitment
    followups.obligation_withdraw(actor=system_actor(), obligation=c.obligation, reason="Trùng")
    client.force_login(tree.users["district_office"])
    assert client.get(reverse("sessions:commitment_detail", args=[c.pk])).status_code == 404
    rows = client.get(reverse("sessions:commitment_list")).context["page"].object_list
    assert c.obligation_id not in {o.pk for o in rows}


# --- the API -------------------------------------------------------------------------------------


def test_api_reads_the_standing_from_the_engine(client, tree, records):
    r = records["district"]
    _close(r.hearing_commitment, date(2023, 12, 20))
    client.force_login(tree.users["district_office"])
    rows = {
        row["id"]: row
        for row in client.get(reverse("commitment-list"), {"council": r.session.council_id}).json()[
            "results"
        ]
    }
    late, kept = rows[r.question_commitment.pk], rows[r.hearing_commitment.pk]
    assert (late["state"], late["overdue"], late["status"]) == ("overdue", True, "open")
    assert late["obligation_id"] == r.question_commitment.obligation_id
    assert (kept["status"], kept["kept_on"], kept["state"]) == (
        "kept",
        "2023-12-20",
        "done_on_time",
    )
    kept_only = client.get(reverse("commitment-list"), {"status": "kept"}).json()["results"]
    assert {row["id"] for row in kept_only} == {r.hearing_commitment.pk}


# --- the migration ---------------------------------------------------------------------------


# No serialized_rollback: see tests/resolutions/test_task_followups.py.
@pytest.mark.django_db(transaction=True)
def test_migration_makes_every_commitment_an_obligation_keeping_dates_and_history(
    tree, people, term
):
    """Commitments written before issue 11 (open, kept, not kept; from questions and hearings)
    each get an obligation with their dates and outcome; the follow-up text becomes a progress
    report; the obligation's history replays the commitment's; every old history row stays."""
    from django.contrib.contenttypes.models import ContentType

    from sessions.models import Question
    from tests.factories import SessionFactory

    p = people["district"]
    author = system_actor()
    session = SessionFactory(council=p.council, term=term)
    with_agency = Question.objects.create(
        session=session,
        asked_by=p.delegate,
        respondent="Ông B",
        respondent_title="Giám đốc Sở",
        agency=p.agency,
        content="Vì sao chậm?",
        answered_on=ANSWERED,
    )
    without = Question.objects.create(
        session=session,
        asked_by=p.delegate,
        respondent="Bà C",
        respondent_title="Giám đốc Công ty",
        content="Khi nào có điện?",
    )
    hearing = services.hearing_create(
        actor=author,
        council=p.council,
        body=p.committee,
        held_on=date(2023, 9, 5),
        topic="Giải trình",
        agency=p.agency,
    )
    before, after = [("oversight", "0003_commitment_obligation")], None
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    model = old.get_model("oversight", "Commitment")
    history_model = old.get_model("oversight", "HistoricalCommitment")
    moment = timezone.make_aware(timezone.datetime(2023, 11, 20, 9, 0))

    def commitment(content, steps, **fields):
        """`steps`: the statuses its history went through, the last one its own."""
        row = model.objects.create(
            council_id=p.council.pk, content=content, status=steps[-1][0], **fields
        )
        for i, (status, extra) in enumerate(steps):
            values = {**fields, "status": status, **extra}
            history_model.objects.create(
                id=row.pk,
                council_id=p.council.pk,
                content=content,
                created_at=row.created_at,
                updated_at=row.updated_at,
                history_date=moment + timedelta(days=i),
                history_type="+" if i == 0 else "~",
                history_user_id=author.pk,
                **values,
            )
        return row

    open_ = commitment(
        "Cấp giấy chứng nhận",
        [("open", {})],
        question_id=with_agency.pk,
        responsible="Ông B, Giám đốc Sở",
        due_on=date(2023, 12, 31),
    )
    kept = commitment(
        "Giải ngân vốn",
        [("open", {"kept_on": None, "progress": ""}), ("kept", {})],
        hearing_id=hearing.pk,
        responsible="Sở Kế hoạch",
        due_on=date(2023, 12, 31),
        kept_on=date(2023, 12, 20),
        progress="Đã giải ngân 96%",
    )
    failed = commitment(
        "Kéo điện",
        [("open", {}), ("not_kept", {})],
        question_id=without.pk,
        responsible="Công ty Điện lực",
        due_on=date(2023, 10, 1),
    )

    # One the benchmark's generator already followed: its obligation is kept, not doubled.
    followed = commitment(
        "Đã theo dõi",
        [("open", {})],
        question_id=with_agency.pk,
        responsible="Ông B",
        due_on=date(2024, 3, 31),
    )
    existing = Obligation.objects.create(
        council=p.council,
        kind=Obligation.Kind.COMMITMENT,
        owed_by=p.agency,
        title="Đã theo dõi",
        search_text="da theo doi",
        source_type=ContentType.objects.get_for_model(Commitment),
        source_id=followed.pk,
        start_on=ANSWERED,
        fixed_due_on=date(2024, 3, 31),
        due_on=date(2024, 3, 31),
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(after)

    found = {c.pk: c for c in Commitment.objects.select_related("obligation")}
    assert len(found) == 4
    assert Obligation.objects.filter(kind=Obligation.Kind.COMMITMENT).count() == 4
    assert found[followed.pk].obligation_id == existing.pk
    ob = found[open_.pk].obligation
    assert (ob.council_id, ob.owed_by_id, ob.title, ob.start_on, ob.due_on, ob.outcome) == (
        p.council.pk,
        p.agency.pk,
        "Cấp giấy chứng nhận",
        ANSWERED,
        date(2023, 12, 31),
        "",
    )
    assert ob.source == found[open_.pk]
    k = found[kept.pk].obligation
    assert (k.owed_by_id, k.start_on, k.outcome, k.ended_on) == (
        p.agency.pk,
        date(2023, 9, 5),
        Obligation.Outcome.DONE,
        date(2023, 12, 20),
    )
    assert found[kept.pk].state == Obligation.State.DONE_ON_TIME
    f = found[failed.pk].obligation
    assert (f.owed_by_id, f.owed_by_text, f.start_on, f.outcome, f.ended_on) == (
        None,
        "Công ty Điện lực",
        session.planned_start,
        Obligation.Outcome.NOT_DONE,
        (moment + timedelta(days=1)).date(),
    )
    [report] = ObligationReport.objects.all()
    assert (report.obligation_id, report.content, report.reported_on, report.author_id) == (
        k.pk,
        "Đã giải ngân 96%",
        date(2023, 12, 20),
        author.pk,
    )
    # The obligation's history replays the commitment's, then records the move.
    replay = list(k.history.order_by("history_date", "history_id"))
    assert [(h.history_type, h.outcome, h.history_user_id) for h in replay] == [
        ("+", "", author.pk),
        ("~", Obligation.Outcome.DONE, author.pk),
        ("~", Obligation.Outcome.DONE, None),
    ]
    assert replay[0].history_date == moment
    # Every old history row stays, with its old columns.
    history = Commitment.history.model.objects
    assert history.count() == 6
    assert set(history.filter(id=kept.pk).values_list("status", "due_on")) == {
        ("open", date(2023, 12, 31)),
        ("kept", date(2023, 12, 31)),
    }

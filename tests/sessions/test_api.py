"""The session API: the same scope as the pages, writes only through the services, results
computed by the system, fixed query counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import resolve, reverse

from followups import services as followups
from followups.models import Obligation
from oversight import services as oversight_services
from oversight.models import Commitment
from sessions import selectors, services
from sessions.models import (
    AgendaItem,
    Attendance,
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
from tests.conftest import WHO
from tests.factories import (
    AgendaItemFactory,
    DelegateFactory,
    DocumentFactory,
    SessionFactory,
    pdf_upload,
    seat,
    session_open,
    system_actor,
    vote,
)

# Without credentials DRF answers 403, not 401 (tests/councils/test_api.py).
ANONYMOUS = 403
NODES = ("district", "commune", "sibling", "sibling_commune")
POLL_NODES = ("district", "sibling")  # communes hold no confidence polls (a dated setting)
OPENED = date(2023, 7, 10)


def login(client, tree, who: str) -> None:
    client.logout()
    if who != "anonymous":
        client.force_login(tree.users[who])


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def post(client, name: str, data: dict, *args):
    return client.post(reverse(name, args=args), data, content_type="application/json")


@dataclass
class Meeting:
    """What one council's session holds in the `meetings` fixture."""

    session: Session
    item: AgendaItem
    document: Document
    sitting: Sitting
    attendance: Attendance
    vote: Vote
    question: Question
    commitment: Commitment
    poll: ConfidencePoll | None


@pytest.fixture
def meetings(tree, people, term) -> dict[str, Meeting]:
    """A session in session at each of four councils, with one of everything, made through the
    services; two of the councils (district and province level) also hold a confidence poll."""
    actor = system_actor()
    found = {}
    for node in NODES:
        p = people[node]
        session = SessionFactory(council=p.council, term=term)
        item = AgendaItemFactory(session=session, presenter=p.agency, reviewer=p.committee)
        document = DocumentFactory(session=session, item=item)
        session = session_open(session, on=OPENED)
        sitting = services.sitting_create(actor=actor, session=session, on=OPENED, part="morning")
        services.attendance_record(
            actor=actor, sitting=sitting, statuses={p.delegate.pk: "present"}
        )
        question = services.question_create(
            actor=actor,
            session=session,
            asked_by=p.delegate,
            respondent="Lê Văn Tám",
            respondent_title="Giám đốc Sở Giao thông",
            content="Khi nào sửa xong cầu?",
            agency=p.agency,
        )
        commitment = oversight_services.commitment_create(
            actor=actor,
            question=question,
            content="Sửa xong cầu trong năm 2023",
            responsible="Sở Giao thông",
            due_on=date(2023, 12, 31),
        )
        poll = None
        if node in POLL_NODES:
            poll = services.confidence_poll_create(
                actor=actor,
                session=session,
                kind=ConfidencePoll.Kind.POLL,
                held_on=OPENED,
                people=[("Trần Thị Hoa", "Chủ tịch Ủy ban nhân dân")],
                total_delegates=30,
            )
        found[node] = Meeting(
            session=session,
            item=item,
            document=document,
            sitting=sitting,
            attendance=sitting.attendance.get(),
            vote=vote(item, votes_for=1, total=1),
            question=question,
            commitment=commitment,
            poll=poll,
        )
    return found


# ---------------------------------------------------------------------------------------------
# Reading: lists and details.

# endpoint: the Meeting attribute each row of it comes from
ROWS = {
    "session": "session",
    "sitting": "sitting",
    "attendance": "attendance",
    "agenda-item": "item",
    "document": "document",
    "vote": "vote",
    "question": "question",
    "commitment": "commitment",
    "confidence-poll": "poll",
}


def _pk(meetings, node: str, attr: str) -> int | None:
    obj = getattr(meetings[node], attr)
    return obj.pk if obj is not None else None


@pytest.mark.parametrize("endpoint", ROWS)
def test_lists_show_only_rows_in_scope(client, tree, meetings, expect, endpoint):
    """Every user lists exactly the rows of the councils in their scope; anonymous gets 403."""
    attr = ROWS[endpoint]
    observed, wanted = {}, {}
    for who in WHO:
        login(client, tree, who)
        response = client.get(reverse(f"{endpoint}-list"))
        observed[who] = ids(response) if response.status_code == 200 else response.status_code
        readable = (_pk(meetings, n, attr) for n in NODES if n in expect.reads[who])
        wanted[who] = ANONYMOUS if who == "anonymous" else {pk for pk in readable if pk}
    assert observed == wanted


@pytest.mark.parametrize("endpoint", ROWS)
def test_details_answer_404_outside_the_scope(client, tree, meetings, expect, endpoint):
    """In scope: 200 with the row. Outside: 404 that names nothing. Anonymous: 403."""
    attr = ROWS[endpoint]
    observed, wanted = {}, {}
    for node in NODES:
        pk = _pk(meetings, node, attr)
        if pk is None:
            continue
        for who in WHO:
            login(client, tree, who)
            response = client.get(reverse(f"{endpoint}-detail", args=[pk]))
            observed[node, who] = response.status_code
            if response.status_code == 200:
                assert response.json()["id"] == pk
            else:
                assert getattr(tree, node).name not in response.content.decode()
            if who == "anonymous":
                wanted[node, who] = ANONYMOUS
            else:
                wanted[node, who] = 200 if node in expect.reads[who] else 404
    assert observed == wanted


def test_filters_narrow_within_the_scope(client, tree, meetings):
    """Filters narrow what the caller sees; a council outside the scope gives an empty list."""
    client.force_login(tree.users["province_clerk"])
    m = meetings
    got = lambda name, **query: ids(client.get(reverse(name), query))  # noqa: E731
    district, commune = m["district"], m["commune"]
    assert got("session-list", council=tree.council("district").pk) == {
        district.session.pk,
        commune.session.pk,
    }
    assert got("session-list", council=tree.council("commune").pk) == {commune.session.pk}
    assert got("session-list", council=tree.council("sibling").pk) == set()
    assert got("session-list", year=2023, kind="regular", status="in_session") == {
        district.session.pk,
        commune.session.pk,
    }
    assert got("session-list", year=2022) == set()
    assert got("session-list", status="planned") == set()
    assert got("agenda-item-list", session=commune.session.pk) == {commune.item.pk}
    assert got("document-list", item=district.item.pk) == {district.document.pk}
    assert got("sitting-list", session=district.session.pk) == {district.sitting.pk}
    assert got("attendance-list", sitting=commune.sitting.pk) == {commune.attendance.pk}
    assert got("attendance-list", session=district.session.pk) == {district.attendance.pk}
    assert got("vote-list", session=commune.session.pk) == {commune.vote.pk}
    assert got("vote-list", item=district.item.pk) == {district.vote.pk}
    assert got("question-list", session=commune.session.pk) == {commune.question.pk}
    assert got("confidence-poll-list", session=district.session.pk) == {district.poll.pk}
    # Rows of the sibling province stay out whatever the filter says.
    assert got("vote-list", session=m["sibling"].session.pk) == set()
    assert got("commitment-list", council=tree.council("sibling").pk) == set()


def test_commitments_overdue_is_derived_from_the_deadline(client, tree, meetings):
    """A commitment past its deadline and not kept is overdue; `?overdue=true` lists only those."""
    actor = system_actor()
    commune = meetings["commune"]
    later = oversight_services.commitment_create(
        actor=actor,
        question=commune.question,
        content="Hoàn thành đường liên xã",
        responsible="UBND xã",
        due_on=date(2099, 1, 1),
    )
    kept = meetings["district"].commitment
    followups.obligation_close(
        actor=actor,
        obligation=kept.obligation,
        outcome=Obligation.Outcome.DONE,
        ended_on=date(2023, 11, 30),
    )
    client.force_login(tree.users["province_clerk"])
    rows = {r["id"]: r["overdue"] for r in client.get(reverse("commitment-list")).json()["results"]}
    assert rows == {commune.commitment.pk: True, later.pk: False, kept.pk: False}
    overdue = client.get(reverse("commitment-list"), {"overdue": "true"})
    assert ids(overdue) == {commune.commitment.pk}
    assert ids(client.get(reverse("commitment-list"), {"overdue": "false"})) == {later.pk, kept.pk}
    assert ids(client.get(reverse("commitment-list"), {"status": "kept"})) == {kept.pk}
    assert ids(client.get(reverse("commitment-list"), {"council": tree.council("commune").pk})) == {
        commune.commitment.pk,
        later.pk,
    }


# ---------------------------------------------------------------------------------------------
# Writing: who may, and what is written.


def write_matrix(client, tree, expect, node, send, count, *, ok=201, outside=(404,)):
    """For every user: the status, the rows the call wrote, and (for 400) the fields blamed.

    Out of scope answers `outside`: 404 for an object in the URL, 400 on the field for an id
    in the body (the same answer as an id that does not exist). Each call is rolled back.
    """
    observed, wanted = {}, {}
    for who in WHO:
        login(client, tree, who)
        with transaction.atomic():
            before = count()
            response = send(client)
            result = (response.status_code, count() - before)
            if response.status_code == 400:
                result = (*result, *sorted(response.json()))
            observed[who] = result
            transaction.set_rollback(True)
        if who == "anonymous":
            wanted[who] = (ANONYMOUS, 0)
        elif node not in expect.reads[who]:
            wanted[who] = (*outside[:1], 0, *outside[1:])
        elif node in expect.edits[who]:
            wanted[who] = (ok, 1)
        else:
            wanted[who] = (403, 0)
    assert observed == wanted


TARGETS = ("district", "commune", "sibling_commune")


@pytest.mark.parametrize("node", TARGETS)
def test_session_create_matrix(client, tree, term, expect, node):
    """201 for the council's editors, 403 for its readers, 400 on `council` outside the scope."""
    council = tree.council(node)
    body = {
        "council": council.pk,
        "term": term.pk,
        "number": "9",
        "kind": "thematic",
        "planned_start": "05/03/2024",
        "planned_end": "2024-03-06",
    }
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "session-list", body),
        lambda: Session.objects.filter(council=council, number="9").count(),
        outside=(400, "council"),
    )


def test_session_create_answers_the_new_row(client, tree, term):
    """The answer is the session as the list shows it; dd/mm/yyyy is read day first."""
    client.force_login(tree.users["commune_office"])
    body = {
        "council": tree.council("commune").pk,
        "term": term.pk,
        "number": "9",
        "kind": "thematic",
        "title": "Kỳ họp chuyên đề về đầu tư công",
        "planned_start": "05/03/2024",
        "planned_end": "06/03/2024",
    }
    response = post(client, "session-list", body)
    assert response.status_code == 201
    row = response.json()
    session = Session.objects.get(pk=row["id"])
    assert (session.planned_start, session.status) == (date(2024, 3, 5), Session.Status.PLANNED)
    assert row["planned_start"] == "2024-03-05"
    assert (row["status"], row["item_count"], row["council"]) == (
        "planned",
        0,
        "Hội đồng nhân dân xã Quế Thọ",
    )


def test_session_create_validation_errors_are_400_on_the_field(client, tree, term, meetings):
    """Shape errors and the service's errors both come back keyed by field; nothing written."""
    client.force_login(tree.users["province_clerk"])
    before = Session.objects.count()
    base = {
        "council": tree.council("district").pk,
        "term": term.pk,
        "number": "9",
        "kind": "regular",
        "planned_start": "2024-03-05",
        "planned_end": "2024-03-06",
    }
    cases = [
        ({"planned_start": "31/02/2024", "kind": "annual"}, {"planned_start", "kind"}),
        ({"planned_end": "2024-03-01"}, {"planned_end"}),
        ({"planned_start": "2030-01-01", "planned_end": "2030-01-02"}, {"planned_start"}),
        ({"number": meetings["district"].session.number}, {"number"}),
        ({"council": tree.council("sibling").pk}, {"council"}),
        ({"council": 999999}, {"council"}),
    ]
    for change, fields in cases:
        response = post(client, "session-list", {**base, **change})
        assert (response.status_code, set(response.json())) == (400, fields), change
    assert Session.objects.count() == before


@pytest.mark.parametrize("node", TARGETS)
def test_session_transition_matrix(client, tree, term, expect, node):
    """A move of the workflow: 200 for editors with an audit row, 403 readers, 404 outside."""
    session = SessionFactory(
        council=tree.council(node),
        term=term,
        convening_number="12/QĐ-HĐND",
        convening_date=date(2023, 6, 20),
    )
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "session-transition", {"to_status": "convened"}, session.pk),
        lambda: SessionTransition.objects.filter(session=session).count(),
        ok=200,
    )


def test_session_transition_refuses_a_skipped_step(client, tree, meetings):
    """Moves outside the workflow answer 400 with the service's message; nothing moves."""
    client.force_login(tree.users["province_clerk"])
    session = meetings["commune"].session
    response = post(client, "session-transition", {"to_status": "planned"}, session.pk)
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    response = post(
        client, "session-transition", {"to_status": "closed", "on": "09/07/2023"}, session.pk
    )
    assert (response.status_code, list(response.json())) == (400, ["on"])
    response = post(
        client, "session-transition", {"to_status": "closed", "on": "12/07/2023"}, session.pk
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["actual_end"]) == ("closed", "2023-07-12")


@pytest.mark.parametrize("node", TARGETS)
def test_agenda_item_create_matrix(client, tree, meetings, expect, node):
    session = meetings[node].session
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(
            c, "agenda-item-list", {"session": session.pk, "title": "Báo cáo", "kind": "report"}
        ),
        lambda: AgendaItem.objects.filter(session=session).count(),
        outside=(400, "session"),
    )


def test_agenda_item_choices_resolve_within_the_scope(client, tree, people, meetings):
    """A presenter outside the scope reads as missing; one in scope but of another council is
    refused by the service; both on the `presenter` field."""
    client.force_login(tree.users["province_clerk"])
    session = meetings["district"].session
    body = {"session": session.pk, "title": "Tờ trình", "kind": "submission"}
    for agency in (people["sibling"].agency, people["commune"].agency):
        response = post(client, "agenda-item-list", {**body, "presenter": agency.pk})
        assert (response.status_code, list(response.json())) == (400, ["presenter"])
    response = post(
        client,
        "agenda-item-list",
        {**body, "presenter": people["district"].agency.pk, "vote_rule": "qualified"},
    )
    assert response.status_code == 201
    row = response.json()
    assert (row["position"], row["presenter"], row["vote_rule"]) == (
        2,
        "Ủy ban nhân dân Hiệp Đức",
        "qualified",
    )


@pytest.mark.parametrize("node", TARGETS)
def test_sitting_create_matrix(client, tree, meetings, expect, node):
    session = meetings[node].session
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(
            c, "sitting-list", {"session": session.pk, "on": "11/07/2023", "part": "afternoon"}
        ),
        lambda: Sitting.objects.filter(session=session).count(),
        outside=(400, "session"),
    )


@pytest.mark.parametrize("node", TARGETS)
def test_attendance_record_matrix(client, tree, people, meetings, expect, node):
    """The roll of a sitting: editors write it, readers get 403, others 404."""
    sitting = meetings[node].sitting
    spare = people[node].spare
    seat(spare, sitting.session.term)
    body = {"entries": [{"delegate": spare.pk, "status": "excused", "note": "Đi công tác"}]}
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "sitting-attendance", body, sitting.pk),
        lambda: Attendance.objects.filter(sitting=sitting).count(),
        ok=200,
    )


def test_attendance_record_updates_the_roll_and_reports_the_quorum(client, tree, people, meetings):
    """Existing rows are updated, new ones added; the answer carries the counts and quorum."""
    sitting = meetings["commune"].sitting
    p = people["commune"]
    seat(p.spare, sitting.session.term)
    client.force_login(tree.users["commune_office"])
    body = {
        "entries": [
            {"delegate": p.delegate.pk, "status": "absent"},
            {"delegate": p.spare.pk, "status": "present", "note": "Đến muộn"},
        ]
    }
    response = post(client, "sitting-attendance", body, sitting.pk)
    assert response.status_code == 200
    assert response.json() == {
        "written": 2,
        "sitting": {
            "id": sitting.pk,
            "session_id": sitting.session_id,
            "on": "2023-07-10",
            "part": "morning",
            "closed": False,
            "present": 1,
            "excused": 0,
            "absent": 1,
        },
        "quorum": {"total": 2, "present": 1, "required": 2, "met": False},
    }
    rows = dict(Attendance.objects.filter(sitting=sitting).values_list("delegate_id", "status"))
    assert rows == {p.delegate.pk: "absent", p.spare.pk: "present"}


def test_attendance_record_validation(client, tree, people, meetings):
    """A bad status, a delegate outside the scope, twice the same delegate, or someone without
    a seat: 400, nothing written."""
    sitting = meetings["commune"].sitting
    client.force_login(tree.users["province_clerk"])
    before = list(Attendance.objects.values_list("pk", "status"))
    mine, theirs = people["commune"].delegate.pk, people["sibling_commune"].delegate.pk
    cases = [
        ([{"delegate": mine, "status": "asleep"}], "entries"),
        ([{"delegate": theirs, "status": "present"}], "entries"),
        ([{"delegate": mine, "status": "present"}, {"delegate": mine, "status": "absent"}], None),
        ([{"delegate": people["commune"].spare.pk, "status": "present"}], "non_field_errors"),
        ([], "entries"),
    ]
    for entries, field in cases:
        response = post(client, "sitting-attendance", {"entries": entries}, sitting.pk)
        assert response.status_code == 400, entries
        assert list(response.json()) == [field or "entries"]
    assert list(Attendance.objects.values_list("pk", "status")) == before


# ---------------------------------------------------------------------------------------------
# Documents.


def upload(client, name: str, data: dict, *args):
    return client.post(reverse(name, args=args), data)  # multipart


@pytest.mark.parametrize("node", TARGETS)
def test_document_upload_matrix(client, tree, meetings, expect, node):
    session = meetings[node].session
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: upload(
            c,
            "document-list",
            {"session": session.pk, "kind": "report", "title": "Báo cáo", "file": pdf_upload()},
        ),
        lambda: Document.objects.filter(session=session).count(),
        outside=(400, "session"),
    )


@pytest.mark.parametrize("node", TARGETS)
def test_document_replace_matrix(client, tree, meetings, expect, node):
    document = meetings[node].document
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: upload(c, "document-versions", {"file": pdf_upload("v2.pdf")}, document.pk),
        lambda: DocumentVersion.objects.filter(document=document).count(),
    )


def test_a_renamed_exe_is_refused_on_the_file_field(client, tree, meetings):
    """The file's bytes decide its type: a Windows program named .pdf is a 400 on `file`."""
    client.force_login(tree.users["province_clerk"])
    document = meetings["district"].document
    before = (Document.objects.count(), DocumentVersion.objects.count())

    def exe():
        return SimpleUploadedFile("to-trinh.pdf", b"MZ\x90\x00\x03\x00" + b"\x00" * 64)

    body = {"session": document.session_id, "kind": "report", "title": "Báo cáo", "file": exe()}
    for response in (
        upload(client, "document-list", body),
        upload(client, "document-versions", {"file": exe()}, document.pk),
        upload(
            client, "document-versions", {"file": SimpleUploadedFile("a.pdf", b"")}, document.pk
        ),
    ):
        assert (response.status_code, list(response.json())) == (400, ["file"])
    assert (Document.objects.count(), DocumentVersion.objects.count()) == before


def test_documents_list_every_version_with_a_download_page(client, tree, meetings):
    """A replaced document keeps its versions, newest first, each downloadable only through
    the scoped page (private storage has no URL)."""
    client.force_login(tree.users["commune_office"])
    document = meetings["commune"].document
    response = upload(
        client,
        "document-versions",
        {"file": pdf_upload("v2.pdf"), "note": "Sửa số liệu"},
        document.pk,
    )
    assert response.status_code == 201
    row = response.json()
    assert row["current_version"] == 2
    versions = row["versions"]
    assert [(v["number"], v["note"], v["original_name"]) for v in versions] == [
        (2, "Sửa số liệu", "v2.pdf"),
        (1, "", "to-trinh.pdf"),
    ]
    for v in versions:
        page = resolve(urlsplit(v["download"]).path)
        assert (page.view_name, page.kwargs) == ("sessions:document_download", {"pk": v["id"]})
        assert v["content_type"] == "application/pdf"


# What the API shows of a confidential commune paper to each user: the whole paper, the paper
# masked (neutral title, no versions), a 404, or 403 without credentials.
CONFIDENTIAL = {
    "province_clerk": "whole",
    "province_standing": "whole",
    "district_office": "masked",  # reads the commune, neither edits nor approves there
    "commune_office": "whole",
    "commune_delegate": "masked",
    "sibling_clerk": 404,
    "no_role": 404,
    "admin": "whole",
    "anonymous": ANONYMOUS,
}


def _paper(row: dict) -> str:
    if row["title"] == "Báo cáo mật" and row["versions"]:
        return "whole"
    assert row["title"] == "Tài liệu mật"
    assert row["versions"] == []
    return "masked"


def test_confidential_documents_are_masked_where_they_are_selected(client, tree, meetings):
    """A reader who may not see a confidential paper gets neither its title nor its versions'
    file names, hashes or links, in the list and in the detail alike."""
    session = meetings["commune"].session
    secret = DocumentFactory(session=session, title="Báo cáo mật", confidential=True)
    observed = {}
    for who in WHO:
        login(client, tree, who)
        listed = client.get(reverse("document-list"), {"session": session.pk})
        detail = client.get(reverse("document-detail", args=[secret.pk]))
        assert "Báo cáo mật" not in listed.content.decode() or _paper(detail.json()) == "whole"
        if detail.status_code != 200:
            observed[who] = detail.status_code
            assert listed.status_code == 200 or listed.status_code == detail.status_code
            continue
        rows = {r["id"]: r for r in listed.json()["results"]}
        assert _paper(rows[secret.pk]) == _paper(detail.json())
        assert rows[meetings["commune"].document.pk]["versions"]  # plain papers keep theirs
        observed[who] = _paper(detail.json())
    assert observed == CONFIDENTIAL


def test_confidential_versions_do_not_download_for_plain_readers(client, tree, meetings):
    """The masked paper's file stays behind the same 404 as an outsider's."""
    secret = DocumentFactory(
        session=meetings["commune"].session, title="Báo cáo mật", confidential=True
    )
    version = secret.versions.get()
    login(client, tree, "commune_delegate")
    url = reverse("sessions:document_download", args=[version.pk])
    assert client.get(url).status_code == 404
    login(client, tree, "commune_office")
    assert client.get(url).status_code == 200


# ---------------------------------------------------------------------------------------------
# Votes: the result follows from the rule and the total number of delegates.


@pytest.mark.parametrize("node", TARGETS)
def test_vote_record_matrix(client, tree, meetings, expect, node):
    item = meetings[node].item
    body = {
        "item": item.pk,
        "held_on": "11/07/2023",
        "method": "show_of_hands",
        "total_delegates": 1,
        "present": 1,
        "votes_for": 1,
        "votes_against": 0,
        "votes_abstain": 0,
    }
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "vote-list", body),
        lambda: Vote.objects.filter(item=item).count(),
        outside=(400, "item"),
    )


@pytest.mark.parametrize(
    ("rule", "total", "present", "votes_for", "required", "passed", "percent_for"),
    [
        ("majority", 45, 45, 22, 23, False, "48.89"),
        ("majority", 45, 45, 23, 23, True, "51.11"),
        ("majority", 30, 30, 15, 16, False, "50.00"),
        ("majority", 30, 30, 16, 16, True, "53.33"),
        # A majority of those present is not enough: the rule counts every delegate.
        ("majority", 45, 30, 22, 23, False, "48.89"),
        ("qualified", 45, 45, 29, 30, False, "64.44"),
        ("qualified", 45, 45, 30, 30, True, "66.67"),
        ("qualified", 30, 30, 19, 20, False, "63.33"),
        ("qualified", 30, 30, 20, 20, True, "66.67"),
    ],
)
def test_vote_passed_is_computed_at_the_thresholds(
    client, tree, term, rule, total, present, votes_for, required, passed, percent_for
):
    """More than half, or at least two thirds, of the total number of delegates."""
    session = session_open(SessionFactory(council=tree.council("district"), term=term), OPENED)
    item = AgendaItemFactory(session=session, vote_rule=rule)
    client.force_login(tree.users["province_clerk"])
    against = present - votes_for - 1
    response = post(
        client,
        "vote-list",
        {
            "item": item.pk,
            "held_on": "2023-07-10",
            "method": "electronic",
            "total_delegates": total,
            "present": present,
            "votes_for": votes_for,
            "votes_against": against,
            "votes_abstain": 1,
        },
    )
    assert response.status_code == 201
    row = response.json()
    assert (row["vote_rule"], row["total_delegates"], row["required"], row["passed"]) == (
        rule,
        total,
        required,
        passed,
    )
    assert row["percent_for"] == percent_for
    assert row["absent"] == total - present
    assert Vote.objects.get(pk=row["id"]).passed is passed


def test_vote_by_ballots_tallies_the_counts(client, tree, term, people, meetings):
    """One choice per delegate: the counts and the result come from the ballots; the total is
    the council's seated delegates on the day."""
    commune = people["commune"]
    others = [DelegateFactory(council=commune.council, full_name=f"Đại biểu {i}") for i in range(4)]
    for d in others:
        seat(d, term)
    item = meetings["commune"].item
    choices = ["for", "for", "for", "against", "abstain"]
    ballots = [
        {"delegate": d.pk, "choice": c}
        for d, c in zip([commune.delegate, *others], choices, strict=True)
    ]
    client.force_login(tree.users["commune_office"])
    body = {"item": item.pk, "held_on": "2023-07-11", "method": "ballot", "ballots": ballots}
    response = post(client, "vote-list", body)
    assert response.status_code == 201
    row = response.json()
    assert {k: row[k] for k in ("total_delegates", "present", "votes_for", "votes_against")} == {
        "total_delegates": 5,
        "present": 5,
        "votes_for": 3,
        "votes_against": 1,
    }
    assert (row["votes_abstain"], row["required"], row["passed"], row["by_ballots"]) == (
        1,
        3,
        True,
        True,
    )
    assert (row["percent_for"], row["percent_against"], row["percent_absent"]) == (
        "60.00",
        "20.00",
        "0.00",
    )
    assert Vote.objects.get(pk=row["id"]).ballots.count() == 5


def test_vote_record_validation_errors(client, tree, people, meetings):
    """Counts missing, counts beside ballots, a ballot outside the scope, counts over those
    present: 400 on the field; nothing written."""
    item = meetings["district"].item
    client.force_login(tree.users["province_clerk"])
    before = Vote.objects.count()
    base = {"item": item.pk, "held_on": "2023-07-10", "method": "show_of_hands"}
    ballot = {"delegate": people["district"].delegate.pk, "choice": "for"}
    cases = [
        ({"present": 1}, {"votes_for", "votes_against", "votes_abstain"}),
        ({"ballots": [ballot], "votes_for": 1}, {"votes_for"}),
        ({"ballots": [{**ballot, "delegate": people["sibling"].delegate.pk}]}, {"ballots"}),
        ({"ballots": [{**ballot, "choice": "maybe"}]}, {"ballots"}),
        (
            {"present": 1, "votes_for": 2, "votes_against": 0, "votes_abstain": 0},
            {"votes_for"},
        ),
        ({"item": meetings["sibling"].item.pk, "present": 1, "votes_for": 1}, {"item"}),
        (
            {
                "held_on": "2023-08-01",
                "present": 1,
                "votes_for": 1,
                "votes_against": 0,
                "votes_abstain": 0,
            },
            {"held_on"},
        ),
    ]
    for change, fields in cases:
        response = post(client, "vote-list", {**base, **change})
        assert (response.status_code, set(response.json())) == (400, fields), change
    assert Vote.objects.count() == before


# ---------------------------------------------------------------------------------------------
# Questioning and confidence polls.


@pytest.mark.parametrize("node", TARGETS)
def test_question_create_matrix(client, tree, people, meetings, expect, node):
    session = meetings[node].session
    body = {
        "session": session.pk,
        "asked_by": people[node].delegate.pk,
        "respondent": "Phạm Văn Đồng",
        "respondent_title": "Giám đốc Sở Y tế",
        "content": "Thiếu thuốc ở trạm y tế xã?",
    }
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "question-list", body),
        lambda: Question.objects.filter(session=session).count(),
        outside=(400, "asked_by", "session"),
    )


@pytest.mark.parametrize("node", TARGETS)
def test_question_answer_matrix(client, tree, meetings, expect, node):
    question = meetings[node].question
    body = {"answer": "Sẽ sửa xong trong quý IV.", "answered_on": "11/07/2023"}
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "question-answer", body, question.pk),
        lambda: Question.objects.filter(pk=question.pk).exclude(answer="").count(),
        ok=200,
    )


def test_question_create_refuses_a_delegate_of_another_council(client, tree, people, meetings):
    """The asker must sit in the session's council: the service says so on `asked_by`."""
    client.force_login(tree.users["province_clerk"])
    body = {
        "session": meetings["district"].session.pk,
        "asked_by": people["commune"].delegate.pk,
        "respondent": "Phạm Văn Đồng",
        "respondent_title": "Giám đốc Sở Y tế",
        "content": "Câu hỏi",
    }
    response = post(client, "question-list", body)
    assert (response.status_code, list(response.json())) == (400, ["asked_by"])
    response = post(client, "question-answer", {"answer": " ", "answered_on": "2023-07-11"}, 0)
    assert response.status_code == 404


def test_confidence_poll_rows_carry_percentages_and_the_consequence(client, tree, meetings):
    """Two thirds "low" of the total number of delegates means a dismissal proposal."""
    poll = meetings["district"].poll
    entry = poll.entries.get()
    services.confidence_entry_count(
        actor=system_actor(),
        entry=entry,
        ballots_issued=29,
        ballots_returned=29,
        ballots_valid=28,
        high=3,
        confidence=5,
        low=20,
    )
    client.force_login(tree.users["province_standing"])
    row = client.get(reverse("confidence-poll-detail", args=[poll.pk])).json()
    assert (row["status"], row["total_delegates"], row["denominator"]) == (
        "counted",
        30,
        "delegates",
    )
    (got,) = row["entries"]
    assert {k: got[k] for k in ("base", "high_percent", "low_percent", "consequence")} == {
        "base": 30,
        "high_percent": "10.00",
        "low_percent": "66.67",
        "consequence": ConfidenceEntry.Consequence.DISMISSAL,
    }


def test_session_endpoints_have_no_plain_writes(client, tree, meetings):
    """Nothing is edited or deleted by hand: only the service actions write."""
    client.force_login(tree.users["admin"])
    session = meetings["district"].session
    url = reverse("session-detail", args=[session.pk])
    for method in (client.put, client.patch, client.delete):
        assert method(url, {}, content_type="application/json").status_code == 405
    assert client.post(reverse("commitment-list"), {}).status_code == 405
    assert client.post(reverse("attendance-list"), {}).status_code == 405


# ---------------------------------------------------------------------------------------------
# Query counts: 25+ rows each, every count fixed.


@pytest.fixture
def busy(tree, term, crowd):
    """The district (30 seated delegates, 11 agencies) with 25 sessions; the first one open
    with 25 items, documents, votes, questions with commitments, sittings and polls."""
    actor = system_actor()
    council = crowd
    sessions = [
        SessionFactory(
            council=council,
            term=term,
            planned_start=date(2023, 7, 1),
            planned_end=date(2023, 7, 12),
        )
        for _ in range(25)
    ]
    session = sessions[0]
    agencies = list(council.agencies.all())
    items = [
        AgendaItemFactory(session=session, presenter=agencies[i % len(agencies)]) for i in range(25)
    ]
    documents = [DocumentFactory(session=session, item=item) for item in items]
    for document in documents[:5]:
        services.document_replace(actor=actor, document=document, file=pdf_upload("v2.pdf"))
    session = session_open(session, on=date(2023, 7, 1))
    delegates = list(selectors.seated_delegates(council, date(2023, 7, 1)))
    parts = ["morning", "afternoon", "evening"]
    sittings = [
        services.sitting_create(
            actor=actor, session=session, on=date(2023, 7, 1 + i // 3), part=parts[i % 3]
        )
        for i in range(25)
    ]
    services.attendance_record(
        actor=actor, sitting=sittings[0], statuses={d.pk: "present" for d in delegates}
    )
    for item in items:
        vote(item, votes_for=20, total=30, present=28, held_on=date(2023, 7, 2))
    for i in range(25):
        question = services.question_create(
            actor=actor,
            session=session,
            asked_by=delegates[i],
            respondent="Lê Văn Tám",
            respondent_title="Giám đốc Sở",
            content=f"Câu hỏi {i}",
            agency=agencies[0],
        )
        oversight_services.commitment_create(
            actor=actor,
            question=question,
            content=f"Cam kết {i}",
            responsible="Sở",
            due_on=date(2023, 12, 1 + i % 20),
        )
        services.confidence_poll_create(
            actor=actor,
            session=session,
            kind=ConfidencePoll.Kind.POLL,
            held_on=date(2023, 7, 3),
            people=[(f"Người {i}", "Phó Chủ tịch"), (f"Người {i}b", "Ủy viên")],
        )
    return session


QUERY_COUNTS = {
    # session, user, role assignments, lineage, count, page ids, rows (annotated counts)
    "session-list": (7, 25),
    # ... count, page ids, rows with presenters and reviewers
    "agenda-item-list": (7, 25),
    # ... count, page ids, documents with their councils' units, versions with uploaders
    "document-list": (8, 25),
    # ... count, page ids, rows with attendance counts
    "sitting-list": (7, 25),
    # ... count, page ids, rows with sittings and delegates
    "attendance-list": (7, 30),
    # ... count, page ids, rows with items
    "vote-list": (7, 25),
    # ... count, page ids, rows with askers and agencies, commitments
    "question-list": (8, 25),
    # ... the due-soon rule, count, page ids, rows with councils, questions and obligations
    "commitment-list": (8, 25),
    # ... count, page ids, polls, entries
    "confidence-poll-list": (8, 25),
}


@pytest.mark.parametrize("endpoint", QUERY_COUNTS)
def test_list_query_count(client, tree, busy, django_assert_num_queries, endpoint):
    """The number of queries of each list is fixed, whatever the number of rows."""
    queries, rows = QUERY_COUNTS[endpoint]
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(queries):
        response = client.get(reverse(endpoint))
    assert response.json()["count"] == rows


# ---------------------------------------------------------------------------------------------
# The OpenAPI schema.

# path: the methods it must document
API_PATHS = {
    "/api/sessions/": {"get", "post"},
    "/api/sessions/{id}/transition/": {"post"},
    "/api/sittings/": {"get", "post"},
    "/api/sittings/{id}/attendance/": {"post"},
    "/api/attendance/": {"get"},
    "/api/agenda-items/": {"get", "post"},
    "/api/documents/": {"get", "post"},
    "/api/documents/{id}/versions/": {"post"},
    "/api/votes/": {"get", "post"},
    "/api/questions/": {"get", "post"},
    "/api/questions/{id}/answer/": {"post"},
    "/api/commitments/": {"get"},
    "/api/confidence-polls/{id}/": {"get"},
    "/api/resolutions/": {"get", "post"},
    "/api/resolutions/{id}/issue/": {"post"},
    "/api/resolutions/{id}/transition/": {"post"},
    "/api/resolutions/{id}/links/": {"post"},
    "/api/resolution-tasks/": {"get", "post"},
    "/api/resolution-tasks/{id}/reports/": {"post"},
}


def test_schema_documents_every_request_and_response(tmp_path):
    """The schema builds without a warning; every write documents its body and its answer,
    uploads as multipart, and a `kind` of one model never takes another's choices."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    for path, methods in API_PATHS.items():
        assert set(schema["paths"][path]) - {"parameters"} == methods, path
        if "post" in methods:
            operation = schema["paths"][path]["post"]
            assert operation["requestBody"]["content"], path
            (answer,) = (v for k, v in operation["responses"].items() if k.startswith("2"))
            assert answer["content"]["application/json"]["schema"], path
    uploads = ("/api/documents/", "/api/documents/{id}/versions/")
    for path in uploads:
        assert list(schema["paths"][path]["post"]["requestBody"]["content"]) == [
            "multipart/form-data"
        ]
    components = schema["components"]["schemas"]
    assert components["SessionKindEnum"]["enum"] == ["regular", "thematic", "extraordinary"]
    assert components["SessionOutput"]["properties"]["kind"]["allOf"] == [
        {"$ref": "#/components/schemas/SessionKindEnum"}
    ]
    assert components["SessionCreateInputRequest"]["properties"]["kind"] == {
        "$ref": "#/components/schemas/SessionKindEnum"
    }
    assert components["DocumentOutput"]["properties"]["kind"]["allOf"] == [
        {"$ref": "#/components/schemas/DocumentKindEnum"}
    ]

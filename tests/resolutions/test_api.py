"""The resolution API: the register's scope and filters, numbers assigned by the system, links
that do not show what lies outside the scope, implementation tasks and their overdue flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from resolutions import services
from resolutions.models import (
    Field,
    ImplementationReport,
    ImplementationTask,
    Resolution,
    ResolutionLink,
    ResolutionTransition,
)
from tests.conftest import WHO
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    ResolutionFactory,
    SessionFactory,
    pdf_upload,
    session_open,
    system_actor,
    vote,
)

ANONYMOUS = 403  # DRF without credentials (tests/councils/test_api.py)
NODES = ("district", "commune", "sibling_commune")


def login(client, tree, who: str) -> None:
    client.logout()
    if who != "anonymous":
        client.force_login(tree.users[who])


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def post(client, name: str, data: dict, *args):
    return client.post(reverse(name, args=args), data, content_type="application/json")


@dataclass
class Register:
    """One council's resolutions in the `registers` fixture."""

    issued: Resolution  # registered, signed and in force, with a late task
    draft: Resolution
    adopted: Resolution  # passed, waiting for its number
    task: ImplementationTask


@pytest.fixture
def registers(tree, people) -> dict[str, Register]:
    actor = system_actor()
    found = {}
    for node in NODES:
        council = people[node].council
        name = getattr(tree, node).name
        issued = ResolutionFactory(council=council, title=f"Nghị quyết về dự toán ngân sách {name}")
        draft = services.resolution_create(
            actor=actor,
            council=council,
            kind=Resolution.Kind.NORMATIVE,
            title=f"Dự thảo quy định mức chi hỗ trợ {name}",
            field=Field.SOCIAL,
        )
        adopted = services.resolution_create(
            actor=actor,
            council=council,
            kind=Resolution.Kind.INDIVIDUAL,
            title=f"Nghị quyết về kế hoạch đầu tư công {name}",
            field=Field.INVESTMENT,
            adopted_on=date(2023, 7, 12),
        )
        task = services.task_create(
            actor=actor,
            resolution=issued,
            agency=people[node].agency,
            description="Triển khai dự toán",
            due_on=date(2023, 12, 31),
        )
        found[node] = Register(issued=issued, draft=draft, adopted=adopted, task=task)
    return found


# ---------------------------------------------------------------------------------------------
# Reading.

LISTS = {
    "resolution-list": lambda r: {r.issued.pk, r.draft.pk, r.adopted.pk},
    "resolution-task-list": lambda r: {r.task.pk},
}


@pytest.mark.parametrize("endpoint", LISTS)
def test_lists_show_only_rows_in_scope(client, tree, registers, expect, endpoint):
    observed, wanted = {}, {}
    for who in WHO:
        login(client, tree, who)
        response = client.get(reverse(endpoint))
        observed[who] = ids(response) if response.status_code == 200 else response.status_code
        rows = set()
        for node in NODES:
            if node in expect.reads[who]:
                rows |= LISTS[endpoint](registers[node])
        wanted[who] = ANONYMOUS if who == "anonymous" else rows
    assert observed == wanted


DETAILS = {"resolution-detail": "issued", "resolution-task-detail": "task"}


@pytest.mark.parametrize("endpoint", DETAILS)
def test_details_answer_404_outside_the_scope(client, tree, registers, expect, endpoint):
    observed, wanted = {}, {}
    for node in NODES:
        pk = getattr(registers[node], DETAILS[endpoint]).pk
        for who in WHO:
            login(client, tree, who)
            response = client.get(reverse(endpoint, args=[pk]))
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


def test_register_filters(client, tree, term, registers):
    """Search without diacritics, year, field, status, council subtree and session."""
    client.force_login(tree.users["province_clerk"])
    district, commune = registers["district"], registers["commune"]
    session = SessionFactory(council=tree.council("commune"), term=term)
    with_session = services.resolution_create(
        actor=system_actor(),
        council=tree.council("commune"),
        kind=Resolution.Kind.INDIVIDUAL,
        title="Nghị quyết về chương trình giám sát",
        field=Field.OVERSIGHT,
        session=session,
    )
    got = lambda **query: ids(client.get(reverse("resolution-list"), query))  # noqa: E731
    assert got(q="du toan ngan sach") == {district.issued.pk, commune.issued.pk}
    assert got(q="DỰ TOÁN NGÂN SÁCH Quế Thọ") == {commune.issued.pk}
    assert got(year=2023) == {district.issued.pk, commune.issued.pk}
    assert got(field="investment") == {district.adopted.pk, commune.adopted.pk}
    assert got(status="draft", kind="normative") == {district.draft.pk, commune.draft.pk}
    assert got(council=tree.council("commune").pk) == {
        commune.issued.pk,
        commune.draft.pk,
        commune.adopted.pk,
        with_session.pk,
    }
    assert got(council=tree.council("district").pk, field="oversight") == {with_session.pk}
    assert got(session=session.pk) == {with_session.pk}
    assert got(council=tree.council("sibling").pk) == set()


def test_resolution_rows_carry_number_status_and_overdue_flag(client, tree, registers):
    client.force_login(tree.users["commune_office"])
    issued = registers["commune"].issued
    row = client.get(reverse("resolution-detail", args=[issued.pk])).json()
    assert {k: row[k] for k in ("number", "year", "sequence", "status", "field", "kind")} == {
        "number": "01/NQ-HĐND",
        "year": 2023,
        "sequence": 1,
        "status": "in_force",
        "field": "budget",
        "kind": "individual",
    }
    assert (row["has_overdue"], row["council"]) == (True, "Hội đồng nhân dân xã Quế Thọ")
    draft = client.get(reverse("resolution-detail", args=[registers["commune"].draft.pk])).json()
    assert (draft["number"], draft["has_overdue"], draft["status"]) == ("", False, "draft")


def test_tasks_overdue_is_derived(client, tree, people, registers):
    """A task past its deadline, or with a periodic report late, is overdue; `?overdue=true`
    lists only those; a closed task never is."""
    actor = system_actor()
    commune = registers["commune"]
    later = services.task_create(
        actor=actor,
        resolution=commune.issued,
        agency=people["commune"].agency,
        description="Báo cáo kết quả hằng năm",
        due_on=date(2099, 12, 31),
    )
    reporting = services.task_create(
        actor=actor,
        resolution=commune.issued,
        agency=people["commune"].agency,
        description="Báo cáo định kỳ 6 tháng",
        report_every_months=6,
    )
    services.task_close(
        actor=actor,
        task=registers["district"].task,
        status=ImplementationTask.Status.DONE,
        completed_on=date(2023, 12, 20),
    )
    client.force_login(tree.users["province_clerk"])
    url = reverse("resolution-task-list")
    rows = {r["id"]: r["overdue"] for r in client.get(url).json()["results"]}
    assert rows == {
        commune.task.pk: True,
        later.pk: False,
        reporting.pk: True,  # first report was due 14/01/2024
        registers["district"].task.pk: False,
    }
    assert ids(client.get(url, {"overdue": "true"})) == {commune.task.pk, reporting.pk}
    assert ids(client.get(url, {"resolution": commune.issued.pk, "overdue": "false"})) == {later.pk}
    assert ids(client.get(url, {"status": "done"})) == {registers["district"].task.pk}


def test_links_hide_the_far_end_outside_the_scope(client, tree, registers):
    """A district resolution amends a commune one: the commune office, who cannot see the
    district, reads the commune resolution without the link; the district office sees it."""
    source, target = registers["district"].issued, registers["commune"].issued
    link = services.resolution_link(
        actor=system_actor(),
        source=source,
        target=target,
        kind="amends",
        effective_on=date(2023, 9, 1),
    )
    seen = {}
    for who in ("commune_office", "district_office"):
        login(client, tree, who)
        row = client.get(reverse("resolution-detail", args=[target.pk])).json()
        seen[who] = (row["status"], row["links_in"])
    assert seen == {
        "commune_office": ("amended", []),
        "district_office": (
            "amended",
            [
                {
                    "id": link.pk,
                    "kind": "amends",
                    "effective_on": "2023-09-01",
                    "source_id": source.pk,
                    "source_number": source.number,
                    "target_id": target.pk,
                    "target_number": target.number,
                }
            ],
        ),
    }


# ---------------------------------------------------------------------------------------------
# Writing.


def write_matrix(client, tree, expect, node, send, count, *, ok=201, outside=(404,)):
    """Status, rows written and (for 400) the fields blamed, for every user; rolled back."""
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


@pytest.mark.parametrize("node", NODES)
def test_resolution_create_matrix(client, tree, expect, node):
    council = tree.council(node)
    body = {
        "council": council.pk,
        "kind": "individual",
        "title": "Nghị quyết về biên chế",
        "field": "organisation",
    }
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "resolution-list", body),
        lambda: Resolution.objects.filter(council=council, title="Nghị quyết về biên chế").count(),
        outside=(400, "council"),
    )


@pytest.mark.parametrize("node", NODES)
def test_resolution_issue_matrix(client, tree, registers, expect, node):
    adopted = registers[node].adopted
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "resolution-issue", {"issued_on": "20/07/2023"}, adopted.pk),
        lambda: Resolution.objects.filter(pk=adopted.pk).exclude(number="").count(),
        ok=200,
    )


@pytest.mark.parametrize("node", NODES)
def test_resolution_transition_matrix(client, tree, registers, expect, node):
    draft = registers[node].draft
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "resolution-transition", {"to_status": "under_review"}, draft.pk),
        lambda: ResolutionTransition.objects.filter(resolution=draft).count(),
        ok=200,
    )


@pytest.mark.parametrize("node", NODES)
def test_resolution_link_matrix(client, tree, registers, expect, node):
    source = ResolutionFactory(
        council=tree.council(node), issued_on=date(2024, 1, 5), effective_on=date(2024, 1, 5)
    )
    target = registers[node].issued
    body = {"target": target.pk, "kind": "replaces", "effective_on": "2024-01-15"}
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "resolution-links", body, source.pk),
        lambda: ResolutionLink.objects.filter(source=source).count(),
    )


@pytest.mark.parametrize("node", NODES)
def test_task_create_matrix(client, tree, people, registers, expect, node):
    resolution = registers[node].issued
    body = {
        "resolution": resolution.pk,
        "agency": people[node].agency.pk,
        "description": "Báo cáo kết quả",
        "report_every_months": 6,
    }
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "resolution-task-list", body),
        lambda: ImplementationTask.objects.filter(resolution=resolution).count(),
        outside=(400, "agency", "resolution"),
    )


@pytest.mark.parametrize("node", NODES)
def test_task_report_matrix(client, tree, registers, expect, node):
    task = registers[node].task
    body = {"kind": "note", "reported_on": "2023-10-01", "content": "Đã giải ngân 40%"}
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: post(c, "resolution-task-reports", body, task.pk),
        lambda: ImplementationReport.objects.filter(task=task).count(),
    )


def test_issue_assigns_the_next_number_of_the_year(client, tree, people, registers):
    """Numbers restart each year per council and kind, with a leading zero below 10."""
    actor = system_actor()
    council = people["commune"].council
    normative = services.resolution_create(
        actor=actor,
        council=council,
        kind=Resolution.Kind.NORMATIVE,
        title="Quy định mức hỗ trợ",
        field=Field.SOCIAL,
        adopted_on=date(2023, 7, 12),
    )
    client.force_login(tree.users["commune_office"])
    numbers = []
    for resolution in (registers["commune"].adopted, normative):
        response = post(
            client,
            "resolution-issue",
            {"issued_on": "20/07/2023", "effective_on": "2023-08-01", "signer": "Nguyễn Văn An"},
            resolution.pk,
        )
        assert response.status_code == 200
        numbers.append((response.json()["number"], response.json()["status"]))
    assert numbers == [("02/NQ-HĐND", "in_force"), ("01/2023/NQ-HĐND", "in_force")]


def test_issue_validation_errors(client, tree, registers):
    """Dates in the wrong order, a bad date, a draft, a signed file that is not a PDF: 400,
    no number taken."""
    client.force_login(tree.users["province_clerk"])
    adopted, draft = registers["district"].adopted, registers["district"].draft
    cases = [
        (adopted, {"issued_on": "2023-07-20", "effective_on": "2023-07-01"}, {"effective_on"}),
        (adopted, {"issued_on": "2023-07-01"}, {"issued_on"}),  # before adoption
        (adopted, {"issued_on": "32/13/2023"}, {"issued_on"}),
        (draft, {"issued_on": "2023-07-20"}, {"non_field_errors"}),
    ]
    for resolution, body, fields in cases:
        response = post(client, "resolution-issue", body, resolution.pk)
        assert (response.status_code, set(response.json())) == (400, fields), body
    exe = SimpleUploadedFile("nq.pdf", b"MZ\x90\x00" + b"\x00" * 32)
    response = client.post(
        reverse("resolution-issue", args=[adopted.pk]),
        {"issued_on": "2023-07-20", "signed_file": exe},
    )
    assert (response.status_code, list(response.json())) == (400, ["signed_file"])
    assert not Resolution.objects.filter(pk__in=[adopted.pk, draft.pk]).exclude(number="").exists()


def test_issue_with_the_signed_pdf(client, tree, registers):
    client.force_login(tree.users["province_clerk"])
    adopted = registers["district"].adopted
    response = client.post(
        reverse("resolution-issue", args=[adopted.pk]),
        {"issued_on": "2023-07-20", "signed_file": pdf_upload("nq-ky.pdf")},
    )
    assert response.status_code == 200
    assert (response.json()["number"], response.json()["signed_file_name"]) == (
        "02/NQ-HĐND",
        "nq-ky.pdf",
    )


def test_resolution_writes_refuse_what_the_services_refuse(client, tree, term, registers):
    """Hand-made status moves, a session of another council, a failed vote, a link target
    outside the scope: 400 on the right key."""
    client.force_login(tree.users["province_clerk"])
    district = registers["district"]
    response = post(client, "resolution-transition", {"to_status": "signed"}, district.adopted.pk)
    assert (response.status_code, list(response.json())) == (400, ["non_field_errors"])
    session = session_open(SessionFactory(council=tree.council("district"), term=term))
    item = AgendaItemFactory(session=session)
    failed = vote(item, votes_for=10, total=30, present=25)
    base = {"council": tree.council("district").pk, "kind": "individual", "field": "budget"}
    commune_session = SessionFactory(council=tree.council("commune"), term=term)
    cases = [
        ({"session": commune_session.pk}, {"session"}),
        ({"session": session.pk, "item": item.pk, "vote": failed.pk}, {"vote"}),
        ({"title": ""}, {"title"}),
        ({"field": "weather"}, {"field"}),
    ]
    for change, fields in cases:
        response = post(client, "resolution-list", {**base, "title": "Nghị quyết", **change})
        assert (response.status_code, set(response.json())) == (400, fields), change
    body = {"target": registers["sibling_commune"].issued.pk, "kind": "annuls"}
    response = post(client, "resolution-links", {**body, "effective_on": "2024-01-01"}, 0)
    assert response.status_code == 404
    response = post(
        client, "resolution-links", {**body, "effective_on": "2024-01-01"}, district.issued.pk
    )
    assert (response.status_code, list(response.json())) == (400, ["target"])


def test_task_writes(client, tree, people, registers):
    """A periodic report moves the next report date on; bad input is a 400 on its field."""
    client.force_login(tree.users["commune_office"])
    commune = registers["commune"]
    body = {
        "resolution": commune.issued.pk,
        "agency": people["commune"].agency.pk,
        "description": "Báo cáo định kỳ",
        "report_every_months": 6,
        "first_report_due": "31/01/2024",
    }
    response = post(client, "resolution-task-list", body)
    assert response.status_code == 201
    task = response.json()
    assert (task["next_report_due"], task["overdue"], task["report_count"]) == (
        "2024-01-31",
        True,
        0,
    )
    report = {"kind": "report", "reported_on": "2024-01-20", "content": "Đạt 60%", "progress": 60}
    response = post(client, "resolution-task-reports", report, task["id"])
    assert response.status_code == 201
    assert {k: response.json()[k] for k in ("kind", "progress", "task_id")} == {
        "kind": "report",
        "progress": 60,
        "task_id": task["id"],
    }
    assert ImplementationTask.objects.get(pk=task["id"]).next_report_due == date(2024, 7, 31)
    cases = [
        ("resolution-task-reports", {**report, "progress": 150}, {"progress"}, task["id"]),
        ("resolution-task-reports", {**report, "content": ""}, {"content"}, task["id"]),
        (
            "resolution-task-list",
            {**body, "agency": AgencyFactory(council=people["district"].council).pk},
            {"agency"},
            None,
        ),
        (
            "resolution-task-list",
            {**body, "resolution": commune.draft.pk},
            {"non_field_errors"},
            None,
        ),
    ]
    for name, data, fields, pk in cases:
        response = post(client, name, data, *([pk] if pk else []))
        assert (response.status_code, set(response.json())) == (400, fields), data


# ---------------------------------------------------------------------------------------------
# Query counts.


@pytest.fixture
def busy_register(tree, crowd):
    """The district: 30 issued resolutions, 5 of them amended by later ones, 25 tasks."""
    actor = system_actor()
    council = crowd
    fields = list(Field.values)
    issued = [ResolutionFactory(council=council, field=fields[i % len(fields)]) for i in range(30)]
    for old, new in zip(issued[:5], issued[5:10], strict=True):
        services.resolution_link(
            actor=actor, source=new, target=old, kind="amends", effective_on=date(2023, 9, 1)
        )
    agencies = list(council.agencies.all())
    for i in range(25):
        services.task_create(
            actor=actor,
            resolution=issued[i],
            agency=agencies[i % len(agencies)],
            description=f"Nhiệm vụ {i}",
            due_on=date(2023, 12, 31) if i % 2 else None,
            report_every_months=6 if i % 3 else None,
        )
    return council


QUERY_COUNTS = {
    # session, user, role assignments, lineage, count, page ids, rows (overdue flag),
    # links out, links in
    "resolution-list": (9, 30),
    # ... the due-soon rule, count, page ids, tasks with resolutions, agencies and obligations
    # (state, overdue, report and extension counts, last step annotated)
    "resolution-task-list": (8, 25),
}


@pytest.mark.parametrize("endpoint", QUERY_COUNTS)
def test_list_query_count(client, tree, busy_register, django_assert_num_queries, endpoint):
    queries, rows = QUERY_COUNTS[endpoint]
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(queries):
        response = client.get(reverse(endpoint))
    assert response.json()["count"] == rows

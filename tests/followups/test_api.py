"""The obligations API: scope and filters as on the page, and the actions' permission matrix."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from followups import services
from followups.models import EscalationEvent, Obligation, ObligationExtension, ObligationReport
from tests.conftest import WHO
from tests.factories import ObligationFactory, pdf_upload, system_actor

ANONYMOUS = 403  # DRF without credentials
NODES = ("district", "commune", "sibling_commune")
LIST = reverse("obligation-list")


def login(client, tree, who: str) -> None:
    client.logout()
    if who != "anonymous":
        client.force_login(tree.users[who])


@pytest.fixture
def owed(tree, people) -> dict[str, Obligation]:
    return {
        node: ObligationFactory(
            council=people[node].council,
            owed_by=people[node].agency,
            fixed_due_on=date(2025, 3, 10),
            start_on=date(2025, 1, 2),
        )
        for node in NODES
    }


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_list_is_scoped_for_everyone(client, tree, owed, expect):
    observed, wanted = {}, {}
    for who in WHO:
        login(client, tree, who)
        response = client.get(LIST)
        observed[who] = ids(response) if response.status_code == 200 else response.status_code
        wanted[who] = (
            ANONYMOUS
            if who == "anonymous"
            else {owed[n].pk for n in NODES if n in expect.reads[who]}
        )
    assert observed == wanted


def test_list_filters_and_shows_the_derived_state(client, tree, people, owed):
    later = ObligationFactory(council=people["commune"].council, fixed_due_on=date(2099, 1, 1))
    login(client, tree, "province_clerk")
    overdue = client.get(LIST, {"state": "overdue"})
    assert ids(overdue) == {owed["district"].pk, owed["commune"].pk}
    row = next(r for r in overdue.json()["results"] if r["id"] == owed["commune"].pk)
    assert (row["state"], row["due_on"], row["owed_by"]) == (
        "overdue",
        "2025-03-10",
        "Ủy ban nhân dân Quế Thọ",
    )
    assert ids(client.get(LIST, {"state": "not_yet_due"})) == {later.pk}
    assert ids(client.get(LIST, {"council": people["commune"].council.pk})) == {
        owed["commune"].pk,
        later.pk,
    }
    assert client.get(LIST, {"state": "late"}).status_code == 400
    assert client.get(LIST, {"within": "-1"}).status_code == 400


def test_list_query_count(client, tree, people, django_assert_num_queries):
    for node in ("district", "commune"):
        for _ in range(15):
            ObligationFactory(council=people[node].council, fixed_due_on=date(2025, 3, 10))
    login(client, tree, "province_clerk")
    with django_assert_num_queries(8):
        response = client.get(LIST)
    assert len(response.json()["results"]) == 30


@pytest.mark.parametrize("node", NODES)
def test_detail_is_a_404_outside_the_scope(client, tree, owed, expect, node):
    url = reverse("obligation-detail", args=[owed[node].pk])
    observed = {}
    for who in WHO:
        login(client, tree, who)
        observed[who] = client.get(url).status_code
    assert observed == {
        who: ANONYMOUS if who == "anonymous" else 200 if node in expect.reads[who] else 404
        for who in WHO
    }


def write_matrix(client, tree, expect, node, send, count, *, ok):
    """Status and rows written for every user; each attempt rolled back."""
    observed, wanted = {}, {}
    for who in WHO:
        login(client, tree, who)
        with transaction.atomic():
            before = count()
            response = send(client)
            observed[who] = (response.status_code, count() - before)
            transaction.set_rollback(True)
        if who == "anonymous":
            wanted[who] = (ANONYMOUS, 0)
        elif node not in expect.reads[who]:
            wanted[who] = (404, 0)
        elif node in expect.edits[who]:
            wanted[who] = (ok, 1)
        else:
            wanted[who] = (403, 0)
    assert observed == wanted


def _post(client, name, pk, data):
    return client.post(reverse(name, args=[pk]), data, content_type="application/json")


@pytest.mark.parametrize("node", NODES)
def test_extend_matrix(client, tree, owed, expect, node):
    ob = owed[node]
    body = {
        "new_due_on": "2025-06-30",
        "reason": "Chờ vốn",
        "document_number": "12/UBND",
        "document_date": "01/03/2025",
    }
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: _post(c, "obligation-extend", ob.pk, body),
        lambda: ObligationExtension.objects.filter(obligation=ob).count(),
        ok=200,
    )


@pytest.mark.parametrize("node", NODES)
def test_escalate_matrix(client, tree, owed, expect, node):
    ob = owed[node]
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: _post(
            c, "obligation-escalate", ob.pk, {"step": "urge", "happened_on": "2025-03-12"}
        ),
        lambda: EscalationEvent.objects.filter(obligation=ob).count(),
        ok=201,
    )


@pytest.mark.parametrize("node", NODES)
def test_report_matrix(client, tree, owed, expect, node):
    ob = owed[node]

    def send(c):
        data = {"reported_on": "2025-03-05", "content": "Tiến độ", "files": [pdf_upload()]}
        return c.post(reverse("obligation-report", args=[ob.pk]), data)

    write_matrix(
        client,
        tree,
        expect,
        node,
        send,
        lambda: ObligationReport.objects.filter(obligation=ob, files__isnull=False).count(),
        ok=201,
    )


@pytest.mark.parametrize("node", NODES)
def test_close_and_reopen_matrix(client, tree, owed, expect, node):
    ob = owed[node]
    closed = lambda: Obligation.objects.filter(pk=ob.pk).exclude(outcome="").count()  # noqa: E731
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: _post(
            c, "obligation-close", ob.pk, {"outcome": "done", "ended_on": "2025-03-09"}
        ),
        closed,
        ok=200,
    )
    services.obligation_close(
        actor=system_actor(), obligation=ob, outcome="done", ended_on=date(2025, 3, 9)
    )
    write_matrix(
        client,
        tree,
        expect,
        node,
        lambda c: _post(c, "obligation-reopen", ob.pk, {"reason": "Đánh giá lại"}),
        lambda: Obligation.objects.filter(pk=ob.pk, outcome="").count(),
        ok=200,
    )


def test_the_ladder_error_is_a_400_on_its_field(client, tree, owed):
    ob = owed["commune"]
    login(client, tree, "province_clerk")
    assert (
        _post(
            client, "obligation-escalate", ob.pk, {"step": "refer", "happened_on": "2025-03-12"}
        ).status_code
        == 201
    )
    response = _post(
        client, "obligation-escalate", ob.pk, {"step": "urge", "happened_on": "2025-03-13"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["step"]

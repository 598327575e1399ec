"""The REST API: the same scope as the pages, fixed query counts, and a schema that builds."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from councils.models import Delegate
from tests.conftest import WHO
from tests.factories import PASSWORD, TermFactory

# Without credentials DRF answers 403, not 401: the first authenticator (session) sends no
# WWW-Authenticate challenge.
ANONYMOUS = 403
NODES = ("province", "district", "commune", "commune2", "sibling", "sibling_commune")
TARGETS = ("district", "commune", "sibling_commune")


def login(client, tree, who: str) -> None:
    client.logout()
    if who != "anonymous":
        client.force_login(tree.users[who])


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# endpoint: the ids it must list for a user, from (people, readable nodes)
LISTS = {
    "council-list": lambda p, nodes: {p[n].council.pk for n in nodes},
    "delegate-list": lambda p, nodes: {d.pk for n in nodes for d in (p[n].delegate, p[n].spare)},
    "agency-list": lambda p, nodes: {p[n].agency.pk for n in nodes},
}


@pytest.mark.parametrize("endpoint", LISTS)
def test_list_endpoints_show_only_rows_in_scope(client, tree, people, expect, endpoint):
    """Every user gets exactly the rows of the councils in their scope; anonymous gets 403."""
    observed, wanted = {}, {}
    for who in WHO:
        login(client, tree, who)
        response = client.get(reverse(endpoint))
        observed[who] = ids(response) if response.status_code == 200 else response.status_code
        wanted[who] = (
            ANONYMOUS if who == "anonymous" else LISTS[endpoint](people, expect.reads[who])
        )
    assert observed == wanted


def test_terms_are_national(client, tree, term):
    """Terms are shared by every council: any signed-in user reads them all, anonymous none."""
    later = TermFactory(name="2026-2031", start_on=date(2026, 3, 15), end_on=date(2031, 3, 14))
    observed = {}
    for who in WHO:
        login(client, tree, who)
        response = client.get(reverse("term-list"))
        observed[who] = ids(response) if response.status_code == 200 else response.status_code
    assert observed == {
        who: ANONYMOUS if who == "anonymous" else {term.pk, later.pk} for who in WHO
    }
    client.force_login(tree.users["no_role"])
    assert client.get(reverse("term-detail", args=[term.pk])).json() == {
        "id": term.pk,
        "name": "2021-2026",
        "start_on": "2021-05-23",
        "end_on": "2026-03-14",
    }


# endpoint: the object's id at a node, from (people, node)
DETAILS = {
    "council-detail": lambda p, n: p[n].council.pk,
    "delegate-detail": lambda p, n: p[n].delegate.pk,
    "agency-detail": lambda p, n: p[n].agency.pk,
}


@pytest.mark.parametrize("node", TARGETS)
@pytest.mark.parametrize("endpoint", DETAILS)
def test_detail_endpoints_answer_404_outside_the_scope(
    client, tree, people, expect, endpoint, node
):
    """In scope: 200 with the object. Out of scope: 404 with no data. Anonymous: 403."""
    pk = DETAILS[endpoint](people, node)
    observed, wanted = {}, {}
    for who in WHO:
        login(client, tree, who)
        response = client.get(reverse(endpoint, args=[pk]))
        observed[who] = response.status_code
        if response.status_code == 200:
            assert response.json()["id"] == pk
        else:
            assert people[node].delegate.full_name not in response.content.decode()
            assert getattr(tree, node).name not in response.content.decode()
        if who == "anonymous":
            wanted[who] = ANONYMOUS
        else:
            wanted[who] = 200 if node in expect.reads[who] else 404
    assert observed == wanted


@pytest.mark.parametrize("node", TARGETS)
def test_delegate_create_matrix(client, tree, people, expect, node):
    """Creating a delegate: 201 with edit right, 403 read-only, 404 outside the scope (the
    council is not revealed), 403 anonymous. Only the 201 leaves a row behind."""
    council = people[node].council
    observed, wanted = {}, {}
    for who in WHO:
        login(client, tree, who)
        with transaction.atomic():
            response = client.post(
                reverse("delegate-list"),
                {"council": council.pk, "full_name": "Võ Thị Sáu", "birth_date": "05/03/1975"},
                content_type="application/json",
            )
            created = Delegate.objects.filter(council=council, full_name="Võ Thị Sáu")
            observed[who] = (response.status_code, created.count())
            if response.status_code == 201:
                assert response.json()["id"] == created.get().pk
                assert created.get().birth_date == date(1975, 3, 5)  # day first
            transaction.set_rollback(True)
        if who == "anonymous":
            wanted[who] = (ANONYMOUS, 0)
        elif node not in expect.reads[who]:
            wanted[who] = (404, 0)
        else:
            wanted[who] = (201, 1) if node in expect.edits[who] else (403, 0)
    assert observed == wanted


def test_delegate_create_validation_errors_are_400_on_the_field(client, tree, people):
    """Bad input answers 400 keyed by field, and writes nothing."""
    client.force_login(tree.users["province_clerk"])
    before = Delegate.objects.count()
    response = client.post(
        reverse("delegate-list"),
        {
            "council": people["commune"].council.pk,
            "full_name": "Võ Thị Sáu",
            "email": "vo.thi.sau@",
            "birth_date": "31/02/1975",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"email", "birth_date"}
    assert Delegate.objects.count() == before


def test_filters_cannot_reach_outside_the_scope(client, tree, people):
    """Filtering by a council or parent outside the scope gives an empty list, not its rows."""
    client.force_login(tree.users["province_clerk"])
    sibling = people["sibling"].council
    assert client.get(reverse("council-list"), {"parent": tree.sibling.pk}).json()["count"] == 0
    assert client.get(reverse("delegate-list"), {"council": sibling.pk}).json()["count"] == 0
    assert client.get(reverse("agency-list"), {"council": sibling.pk}).json()["count"] == 0
    assert ids(client.get(reverse("council-list"), {"parent": tree.district.pk})) == {
        people["commune"].council.pk,
        people["commune2"].council.pk,
    }


def test_council_search_ignores_diacritics(client, tree, people):
    """?q=duc finds Hiệp Đức and Đức Xuân for an administrator."""
    client.force_login(tree.users["admin"])
    assert ids(client.get(reverse("council-list"), {"q": "duc"})) == {
        people["district"].council.pk,
        people["sibling_commune"].council.pk,
    }


def test_token_authentication(client, tree):
    """Scripts sign in with a token from /api/token/ and see what their user sees."""
    user = tree.users["commune_office"]
    response = client.post(reverse("api_token"), {"username": user.username, "password": PASSWORD})
    token = response.json()["token"]
    response = client.get(reverse("council-list"), headers={"authorization": f"Token {token}"})
    assert ids(response) == {tree.council("commune").pk}


# ---------------------------------------------------------------------------------------------
# Query counts: 30+ rows each, every count fixed.

QUERY_COUNTS = {
    # session, user, role assignments, lineage, count, page ids, rows with their units
    "council-list": (7, 30),
    # ... count, page ids, delegates with their councils, memberships with their terms
    "delegate-list": (8, 38),
    # ... count, page ids, agencies
    "agency-list": (7, 15),
    # session, user, count, page ids, terms (terms are national: no scope queries)
    "term-list": (5, 1),
}


@pytest.mark.parametrize("endpoint", QUERY_COUNTS)
def test_list_query_count(client, tree, people, crowd, django_assert_num_queries, endpoint):
    """The number of queries of each list is fixed, whatever the number of rows."""
    queries, rows = QUERY_COUNTS[endpoint]
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(queries):
        response = client.get(reverse(endpoint))
    assert response.json()["count"] == rows


# ---------------------------------------------------------------------------------------------
# The OpenAPI schema.


def test_schema_builds_without_warnings(tmp_path):
    """drf-spectacular validates the schema and treats every warning as an error."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in ("/api/councils/{id}/", "/api/delegates/", "/api/agencies/", "/api/terms/"):
        assert f"  {path}:" in schema


def test_schema_and_docs_are_served_without_a_cdn(client, tree):
    """Swagger UI comes from the installed sidecar package: closed intranets have no CDN."""
    client.force_login(tree.users["commune_office"])
    assert client.get(reverse("schema")).status_code == 200
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in page
    assert "cdn.jsdelivr" not in page
    assert "unpkg" not in page


def test_schema_is_not_served_to_anonymous_callers(client, db):
    """The API description is for signed-in users only, like the API itself."""
    assert client.get(reverse("schema")).status_code == 403
    assert client.get(reverse("api_docs")).status_code == 403

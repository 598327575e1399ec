"""Bad query strings and bodies are 400s keyed by the input, never 500s (issue 9)."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.urls import reverse
from rest_framework import serializers

from councils.forms import date_field
from sessions.models import Attendance, Session
from tests.sessions.test_api import meetings, post  # noqa: F401 (a fixture)

HUGE = str(2**70)


@pytest.mark.parametrize(
    ("endpoint", "query", "key"),
    [
        ("session-list", {"year": "0"}, "year"),
        ("session-list", {"year": "99999"}, "year"),
        ("session-list", {"council": HUGE}, "council"),
        ("agenda-item-list", {"session": "1.5"}, "session"),
        ("agenda-item-list", {"session": HUGE}, "session"),
        ("vote-list", {"item": "-3"}, "item"),
        ("resolution-list", {"year": "20255"}, "year"),
        ("delegate-list", {"term": HUGE}, "term"),
    ],
)
def test_filters_refuse_ids_and_years_out_of_range(client, tree, endpoint, query, key):
    """?session=1.5 used to mean session 1, and a year of 0 or a 22-digit id answered 500."""
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse(endpoint), query)
    assert response.status_code == 400
    assert list(response.json()) == [key]


def test_a_year_in_range_still_filters(client, tree):
    client.force_login(tree.users["province_clerk"])
    assert client.get(reverse("session-list"), {"year": "2024"}).status_code == 200


def test_huge_delegate_ids_in_bodies_are_400(client, tree, meetings):  # noqa: F811
    """A delegate id past 2**63 used to overflow SQLite's driver: 500."""
    sitting = meetings["commune"].sitting
    item = meetings["commune"].item
    client.force_login(tree.users["province_clerk"])
    before = list(Attendance.objects.values_list("pk", "status"))
    entries = [{"delegate": HUGE, "status": "present"}]
    response = post(client, "sitting-attendance", {"entries": entries}, sitting.pk)
    assert (response.status_code, list(response.json())) == (400, ["entries"])
    assert list(Attendance.objects.values_list("pk", "status")) == before
    body = {
        "item": item.pk,
        "held_on": "2023-07-10",
        "method": "show_of_hands",
        "ballots": [{"delegate": HUGE, "choice": "for"}],
    }
    response = post(client, "vote-list", body)
    assert response.status_code == 400
    assert "ballots" in response.json()
    response = post(client, "vote-list", {**body, "item": HUGE})
    assert response.status_code == 400
    assert "item" in response.json()


def test_session_dates_outside_1945_2100_are_refused(client, tree, term):
    """Year 517 used to be stored and answered as "517-10-28"."""
    client.force_login(tree.users["commune_office"])
    body = {
        "council": tree.council("commune").pk,
        "term": term.pk,
        "number": "9",
        "kind": "thematic",
        "planned_start": "0517-10-28",
        "planned_end": "28/10/2101",
    }
    response = post(client, "session-list", body)
    assert response.status_code == 400
    assert set(response.json()) == {"planned_start", "planned_end"}
    assert not Session.objects.filter(number="9").exists()
    response = post(client, "session-list", {**body, "term": HUGE, "planned_start": "2024-03-05"})
    assert set(response.json()) == {"term", "planned_end"}


def test_form_dates_outside_1945_2100_are_refused():
    class DateForm(forms.Form):
        on = date_field("Ngày")

    form = DateForm({"on": "28/10/0517"})
    assert not form.is_valid()
    assert form.errors.as_data()["on"][0].code == "date_out_of_range"
    assert DateForm({"on": "28/10/2024"}).is_valid()


def test_dates_are_written_in_iso_8601():
    """With DATE_FORMAT "%Y-%m-%d", year 517 came out as "517-10-28"."""
    assert serializers.DateField().to_representation(date(517, 10, 28)) == "0517-10-28"


def _operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_its_error_statuses(db):
    """400 where input or filters are read, 401/403 behind sign-in, 404 on rows and pages."""
    seen = 0
    for path, method, operation in _operations():
        codes = set(operation["responses"])
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        if path != "/api/token/":
            assert {"401", "403"} <= codes, (method, path)
        if "{" in path or "page" in query:
            assert "404" in codes, (method, path)
        if method in ("post", "put", "patch") or query - {"page", "sort"}:
            assert "400" in codes, (method, path)
        seen += 1
    assert seen > 40


@pytest.mark.parametrize(
    "msgid",
    [
        "Invalid page.",
        "A valid integer is required.",
        "Authentication credentials were not provided.",
        "Not found.",
        'Expected a list of items but got type "{input_type}".',
        "Invalid data. Expected a dictionary, but got {datatype}.",
        'Unsupported media type "{media_type}" in request.',
        "Malformed request.",
    ],
)
def test_api_messages_are_in_vietnamese(msgid):
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext(msgid) != msgid


@pytest.mark.parametrize(
    "endpoint", ["session-withdraw", "document-restore", "agenda-item-withdraw"]
)
def test_a_malformed_id_in_an_action_is_a_404(client, tree, endpoint):
    """The fuzzer's "null,null" as a withdraw/restore id answered 500."""
    client.force_login(tree.users["province_clerk"])
    response = post(client, endpoint, {"reason": "Nhập nhầm"}, "null,null")
    assert response.status_code == 404

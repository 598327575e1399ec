"""Permission matrix of every programme, activity and recommendation endpoint (issue 12): in
scope, ancestor, sibling, no role, anonymous; ids in a body resolved within the caller's scope."""

from __future__ import annotations

from datetime import date

import pytest

from oversight import services_activities as services
from oversight.activities import ActivityKind, OversightActivity, Recommendation
from resolutions.models import Field
from tests.factories import AgencyFactory, system_actor
from tests.oversight.conftest import concluded_activity

# Who reads the district's records: its subtree readers; a sibling or no role gets a 404.
READERS = {
    "province_clerk": 200,
    "province_standing": 200,
    "district_office": 200,
    "ban_member": 200,
    "commune_office": 404,
    "sibling_clerk": 404,
    "no_role": 404,
}


@pytest.fixture
def records(ov):
    activity = concluded_activity(ov, body=ov.ban)
    rec = services.recommendation_create(
        actor=system_actor(),
        activity=activity,
        agency=ov.agency,
        content="Bố trí vốn đối ứng",
        field=Field.BUDGET,
        due_on=date(2025, 9, 30),
    )
    programme = services.programme_create(
        actor=system_actor(), council=ov.district, year=2025, title="Chương trình 2025"
    )
    return {"activity": activity, "recommendation": rec, "programme": programme}


ENDPOINTS = {
    "programme": "/api/oversight-programmes/{}/",
    "activity": "/api/oversight-activities/{}/",
    "recommendation": "/api/oversight-recommendations/{}/",
}


@pytest.mark.parametrize("kind", list(ENDPOINTS))
@pytest.mark.parametrize(("who", "status"), [*READERS.items(), ("anonymous", 403)])
def test_detail_is_scoped(client, ov, records, kind, who, status):
    """Out of scope is a 404 (never a 403 that reveals the row); anonymous is refused."""
    if who != "anonymous":
        client.force_login(ov.user(who))
    response = client.get(ENDPOINTS[kind].format(records[kind].pk))
    assert response.status_code == status


@pytest.mark.parametrize("kind", list(ENDPOINTS))
@pytest.mark.parametrize("who", list(READERS))
def test_lists_show_only_what_is_in_scope(client, ov, records, kind, who):
    client.force_login(ov.user(who))
    response = client.get(ENDPOINTS[kind].replace("{}/", ""))
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == ([records[kind].pk] if READERS[who] == 200 else [])


@pytest.mark.parametrize(
    ("who", "body", "status"),
    [
        ("ban_member", "ban", 201),
        ("ban_member", "other_ban", 403),
        ("group_member", "group", 201),
        ("province_standing", "ban", 403),
        ("district_office", None, 201),
        ("sibling_clerk", "ban", 400),  # the district's Ban is not an id it can see
    ],
)
def test_create_activity_needs_the_right_to_run_that_body(client, ov, who, body, status):
    client.force_login(ov.user(who))
    payload = {
        "council": ov.district.pk,
        "kind": ActivityKind.SURVEY,
        "topic": "Khảo sát nước sạch nông thôn",
        "year": 2025,
        "body": getattr(ov, body).pk if body else None,
    }
    response = client.post("/api/oversight-activities/", payload, content_type="application/json")
    assert response.status_code == status, response.content
    assert OversightActivity.objects.exists() == (status == 201)


def test_ids_in_a_body_resolve_within_the_callers_scope(client, ov, records, cap_tree):
    """An agency of another province is refused like an id that does not exist."""
    foreign = AgencyFactory(council=cap_tree.councils["sibling"], name="Sở Y tế tỉnh khác")
    client.force_login(ov.user("ban_member"))
    response = client.post(
        "/api/oversight-recommendations/",
        {
            "activity": records["activity"].pk,
            "agency": foreign.pk,
            "content": "Kiến nghị",
            "field": Field.HEALTH,
            "due_on": "30/09/2025",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"agency"}


@pytest.mark.parametrize(("who", "status"), [("ban_member", 201), ("group_member", 403)])
def test_recommendation_create_and_withdraw(client, ov, records, who, status):
    """The Ban's member records a recommendation of the Ban's activity and withdraws it."""
    client.force_login(ov.user(who))
    response = client.post(
        "/api/oversight-recommendations/",
        {
            "activity": records["activity"].pk,
            "agency": ov.agency.pk,
            "content": "Hoàn thiện hồ sơ đất đai",
            "field": Field.LAND,
            "due_on": "30/09/2025",
        },
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert body["state"] == "overdue"
        pk = body["id"]
        withdrawn = client.post(
            f"/api/oversight-recommendations/{pk}/withdraw/",
            {"reason": "Trùng"},
            content_type="application/json",
        )
        assert withdrawn.status_code == 204
        assert Recommendation.objects.get(pk=pk).obligation.withdrawn


@pytest.mark.parametrize(
    ("who", "status"), [("district_office", 200), ("ban_member", 403), ("sibling_clerk", 404)]
)
def test_programme_update_and_adopt(client, ov, records, who, status):
    """The council's own programme is the office's to change; a Ban member reads it only."""
    client.force_login(ov.user(who))
    pk = records["programme"].pk
    response = client.patch(
        f"/api/oversight-programmes/{pk}/", {"title": "Sửa tên"}, content_type="application/json"
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("ban_member", 200), ("group_member", 403), ("province_standing", 403)]
)
def test_activity_transition_and_update(client, ov, who, status):
    activity = services.activity_create(
        actor=system_actor(),
        council=ov.district,
        kind=ActivityKind.THEMATIC,
        topic="Giám sát đầu tư công",
        year=2025,
        body=ov.ban,
    )
    client.force_login(ov.user(who))
    patched = client.patch(
        f"/api/oversight-activities/{activity.pk}/",
        {"decision_number": "7/QĐ-BKTXH", "decision_date": "03/03/2025"},
        content_type="application/json",
    )
    assert patched.status_code == status
    moved = client.post(
        f"/api/oversight-activities/{activity.pk}/transition/",
        {"to": "decided"},
        content_type="application/json",
    )
    assert moved.status_code == status
    if status == 200:
        assert moved.json()["status"] == "decided"
        assert activity.transitions.get().actor == ov.user(who)


def test_tracker_counts_endpoint(client, ov, records):
    client.force_login(ov.user("province_standing"))
    response = client.get("/api/oversight-recommendations/counts/")
    assert response.status_code == 200
    assert response.json()["fell_due"] == 1
    assert response.json()["open_overdue"] == 1

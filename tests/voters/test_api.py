"""The voters API: scoped lists and details for every endpoint, personal data masked without
the capability and every opening of a letter or a reception logged, query counts pinned."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from core.models import ViewLog
from tests.voters.conftest import assessed, item, letter, meeting, reception

ENDPOINTS = ("voter-meeting", "petition-item", "reception", "letter")


@pytest.fixture
def records(tree):
    """One record of each kind in the commune and one in the sibling province."""
    made = {}
    for node in ("commune", "sibling_commune"):
        council = tree.council(node)
        made[node] = {
            "voter-meeting": meeting(council),
            "petition-item": item(council),
            "reception": reception(council),
            "letter": letter(council),
        }
    return made


# Who sees the commune's records: readers of the commune; the delegate only their own voter
# work (these records are the office's) and no letters.
SEES_COMMUNE = {
    "province_clerk": True,
    "province_standing": True,
    "district_office": True,
    "commune_office": True,
    "commune_delegate": False,
    "sibling_clerk": False,
    "no_role": False,
    "admin": True,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", [*SEES_COMMUNE, "anonymous"])
def test_every_endpoint_is_scoped(client, tree, records, endpoint, who):
    """Lists show only what the user's scope covers; a detail out of scope is a 404."""
    if who != "anonymous":
        client.force_login(tree.users[who])
    ours = records["commune"][endpoint]
    listed = client.get(reverse(f"{endpoint}-list"))
    detail = client.get(reverse(f"{endpoint}-detail", args=[ours.pk]))
    if who == "anonymous":
        assert (listed.status_code, detail.status_code) == (403, 403)
        return
    ids = {row["id"] for row in listed.json()["results"]}
    theirs = records["sibling_commune"][endpoint].pk in ids
    assert theirs == (who in ("admin", "sibling_clerk"))
    if SEES_COMMUNE[who]:
        assert ours.pk in ids
        assert detail.status_code == 200
    else:
        assert ours.pk not in ids
        assert detail.status_code == 404


def test_a_delegate_sees_their_own_meetings_and_receptions(client, tree, people, delegate_user):
    council = tree.council("commune")
    own = meeting(council, delegate=people["commune"].delegate, actor=delegate_user)
    theirs = meeting(council, delegate=people["commune"].spare)
    received = reception(council, delegate=people["commune"].delegate, actor=delegate_user)
    client.force_login(delegate_user)
    meetings = client.get(reverse("voter-meeting-list")).json()["results"]
    assert [m["id"] for m in meetings] == [own.pk]
    assert theirs.pk not in {m["id"] for m in meetings}
    receptions = client.get(reverse("reception-list")).json()["results"]
    assert [r["id"] for r in receptions] == [received.pk]


def test_a_delegate_records_a_meeting_through_the_api(client, tree, people, delegate_user):
    client.force_login(delegate_user)
    council = tree.council("commune")
    body = {
        "council": council.pk,
        "kind": "constituency",
        "held_on": "05/03/2025",
        "place": "Thôn 5",
        "delegate": people["commune"].delegate.pk,
    }
    response = client.post(reverse("voter-meeting-list"), body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["held_on"] == "2025-03-05"  # 5 March, not 3 May
    body["delegate"] = people["commune"].spare.pk
    refused = client.post(reverse("voter-meeting-list"), body, content_type="application/json")
    assert refused.status_code == 403


@pytest.mark.parametrize("endpoint", ["letter", "reception"])
def test_personal_data_is_masked_without_the_capability(client, tree, endpoint, privacy_user):
    """The district's clerk sees 'Trần T… B'; the personal-data officer of the district sees
    the name and ID number of the district's citizens but not of the commune's."""
    district, commune = tree.council("district"), tree.council("commune")
    make = letter if endpoint == "letter" else reception
    name = "Trần Thị Bình"
    field = "sender_name" if endpoint == "letter" else "person_name"
    id_field = "sender_id_number" if endpoint == "letter" else "id_number"
    here = make(district, **{field: name})
    below = make(commune, **{field: name})

    client.force_login(tree.users["district_office"])
    rows = {r["id"]: r for r in client.get(reverse(f"{endpoint}-list")).json()["results"]}
    assert rows[here.pk][field] == "Trần T… B"
    assert rows[here.pk][id_field] == "•••"
    assert rows[here.pk]["personal_visible"] is False

    client.force_login(privacy_user)
    rows = {r["id"]: r for r in client.get(reverse(f"{endpoint}-list")).json()["results"]}
    assert rows[here.pk][field] == name
    assert rows[here.pk][id_field] not in ("", "•••")
    assert below.pk not in rows  # the role reads its own council only


def test_petition_items_mask_the_voter(client, tree, privacy_user):
    found = item(tree.council("district"))
    client.force_login(tree.users["province_clerk"])
    row = client.get(reverse("petition-item-detail", args=[found.pk])).json()
    assert (row["voter_name"], row["voter_address"]) == ("Nguyễn V… A", "•••")
    client.force_login(privacy_user)
    row = client.get(reverse("petition-item-detail", args=[found.pk])).json()
    assert row["voter_name"] == "Nguyễn Văn An"


@pytest.mark.parametrize("endpoint", ["letter", "reception"])
def test_every_opening_is_logged_and_lists_are_not(client, tree, records, endpoint):
    client.force_login(tree.users["district_office"])
    opened = records["commune"][endpoint]
    client.get(reverse(f"{endpoint}-list"))
    assert not ViewLog.objects.exists()
    client.get(reverse(f"{endpoint}-detail", args=[opened.pk]))
    client.get(reverse(f"{endpoint}-detail", args=[opened.pk]))
    logged = ViewLog.objects.filter(object_id=opened.pk, user=tree.users["district_office"])
    assert logged.count() == 2
    assert logged.first().content_type.model == endpoint


@pytest.mark.parametrize(
    ("endpoint", "queries"),
    [
        ("voter-meeting", 7),
        ("petition-item", 8),
        ("reception", 7),
        ("letter", 8),
    ],
)
def test_list_query_count_does_not_grow_with_rows(
    client, tree, endpoint, queries, django_assert_num_queries
):
    """Session, user, scope (2: roles, lineage), count, ids, rows, and for the lists followed
    on the engine the national due-soon rule: the same with 30 rows as with one."""
    council = tree.council("commune")
    make = {
        "voter-meeting": meeting,
        "petition-item": item,
        "reception": reception,
        "letter": letter,
    }[endpoint]
    for _n in range(30):
        make(council)
    client.force_login(tree.users["district_office"])
    with django_assert_num_queries(queries):
        response = client.get(reverse(f"{endpoint}-list"))
    assert len(response.json()["results"]) == 30


def test_create_letter_errors_come_together_in_vietnamese(client, tree):
    client.force_login(tree.users["district_office"])
    body = {
        "council": tree.council("district").pk,
        "received_on": "01/01/2099",
        "channel": "post",
        "content": "Đơn",
        "sender_id_number": "12",
    }
    response = client.post(reverse("letter-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"received_on", "sender_name", "sender_id_number"}


def test_forward_through_the_api_shows_the_deadline(client, tree):
    found = letter(tree.council("district"), category="denunciation")
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("letter-forward", args=[found.pk]),
        {"transfer_date": "2024-02-07", "transfer_number": "09/PC", "agency_text": "Thanh tra"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["due_on"] == "2024-02-23"
    assert response.json()["status"] == "forwarded"
    refused = client.post(
        reverse("letter-forward", args=[found.pk]),
        {"transfer_date": "2024-02-07", "transfer_number": "09/PC", "agency_text": "Thanh tra"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    client.force_login(tree.users["province_standing"])
    assert (
        client.post(
            reverse("letter-classify", args=[found.pk]),
            {"category": "complaint"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_merge_and_unmerge_through_the_api(client, tree):
    council = tree.council("district")
    lead, other = item(council, "Một"), item(council, "Hai")
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("petition-item-merge", args=[lead.pk]),
        {"items": [other.pk]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    compiled = client.get(reverse("petition-item-list"), {"compiled": "true"}).json()["results"]
    assert [r["id"] for r in compiled] == [lead.pk]
    assert client.post(reverse("petition-item-unmerge", args=[other.pk])).status_code == 200
    compiled = client.get(reverse("petition-item-list"), {"compiled": "true"}).json()["results"]
    assert {r["id"] for r in compiled} == {lead.pk, other.pk}


def test_overdue_state_filter(client, tree):
    from tests.factories import system_actor
    from tests.voters.conftest import classified
    from voters import services

    council = tree.council("district")
    late = classified(council, "Quá hạn")
    services.petition_item_transfer(
        actor=system_actor(),
        item=late,
        transfer_date=date(2024, 2, 7),
        transfer_number="1/HĐND",
        agency_text="UBND huyện",
    )
    item(council, "Chưa chuyển")
    client.force_login(tree.users["district_office"])
    rows = client.get(reverse("petition-item-list"), {"state": "overdue"}).json()["results"]
    assert [r["id"] for r in rows] == [late.pk]
    assert rows[0]["overdue"] is True
    assert rows[0]["obligation_state"] == "overdue"


def _post(client, name, pk, body):
    return client.post(reverse(name, args=[pk]), body, content_type="application/json")


def test_an_item_is_informed_reported_and_closed_through_the_api(client, tree):
    found = assessed(tree.council("district"), assessed_on=date(2024, 2, 5))
    client.force_login(tree.users["district_office"])
    informed = _post(client, "petition-item-inform", found.pk, {"informed_on": "2024-02-06"})
    assert informed.status_code == 200, informed.content
    early = _post(
        client, "petition-item-close", found.pk, {"closed_on": "2024-07-11", "reason": "X"}
    )
    assert early.status_code == 400
    reported = _post(
        client,
        "petition-item-report",
        found.pk,
        {"reported_on": "2024-07-10", "report": "Kỳ họp thứ 8"},
    )
    assert reported.json()["status"] == "reported"
    closed = _post(
        client, "petition-item-close", found.pk, {"closed_on": "2024-07-11", "reason": "X"}
    )
    assert closed.json()["status"] == "closed"
    client.force_login(tree.users["province_standing"])  # a reader
    body = {"closed_on": "2024-07-12", "reason": "X"}
    assert _post(client, "petition-item-close", found.pk, body).status_code == 403


def test_a_letter_is_guided_then_closed_through_the_api(client, tree):
    found = letter(tree.council("district"), category="petition")
    client.force_login(tree.users["district_office"])
    missing = _post(client, "letter-guide", found.pk, {})
    assert set(missing.json()) >= {"handled_on", "handling_note"}
    guided = _post(
        client,
        "letter-guide",
        found.pk,
        {"handled_on": "2024-02-08", "handling_note": "Hướng dẫn gửi UBND xã"},
    )
    assert guided.json()["status"] == "guided"
    closed = _post(client, "letter-close", found.pk, {"closed_on": "2024-02-09", "note": "Xong"})
    assert closed.json()["status"] == "closed"
    other = letter(tree.council("district"), category="petition")
    filed = _post(
        client, "letter-file", other.pk, {"handled_on": "2024-02-08", "handling_note": "Nặc danh"}
    )
    assert filed.json()["status"] == "filed"

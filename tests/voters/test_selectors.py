"""Likely duplicates while typing, statistics for a period in one query, masking."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from councils.scoping import user_scope
from tests.factories import system_actor
from tests.voters.conftest import classified, item
from voters import selectors, services

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's (pg_trgm)"
)


@pytest.fixture
def issues(tree):
    district = tree.council("district")
    return {
        "same": item(tree.council("commune"), "Đề nghị nâng cấp tuyến đường ĐH5 qua xã Quế Thọ"),
        "other": item(district, "Đề nghị hỗ trợ giống cây trồng sau bão"),
        "sibling": item(tree.council("sibling"), "Đề nghị nâng cấp tuyến đường ĐH5 qua xã"),
    }


def test_suggestions_find_the_same_issue_typed_without_diacritics(tree, issues):
    """Typed without diacritics at the district: the commune's issue below it is offered; the
    other province's identical text is not (another subtree, out of scope)."""
    found = selectors.duplicate_suggestions(
        user=tree.users["province_clerk"],
        text="de nghi nang cap tuyen duong DH5 qua xa Que Tho",
        council=tree.council("district"),
    )
    assert [i.pk for i in found] == [issues["same"].pk]
    assert found[0].similarity >= selectors.SIMILARITY


def test_suggestions_stay_in_the_users_scope(tree, issues):
    found = selectors.duplicate_suggestions(
        user=tree.users["sibling_clerk"],
        text="Đề nghị nâng cấp tuyến đường ĐH5 qua xã Quế Thọ",
        council=tree.council("district"),
    )
    assert found == []


def test_suggestions_endpoint(client, tree, issues):
    client.force_login(tree.users["district_office"])
    url = reverse("petition-item-suggestions")
    response = client.get(
        url, {"text": "nang cap duong DH5 que tho", "council": tree.council("district").pk}
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == [issues["same"].pk]
    other = client.get(url, {"text": "nang cap", "council": tree.council("sibling").pk})
    assert other.status_code == 400  # a council out of scope is not a choice


@on_postgresql
def test_suggestions_use_trigram_similarity_on_postgresql(tree, issues):
    """A typo the SQLite fallback (whole words) would miss: trigrams still match."""
    found = selectors.duplicate_suggestions(
        user=tree.users["province_clerk"],
        text="nang cap tuyen duog DH5 qua xa Que Tho",
        council=tree.council("district"),
    )
    assert issues["same"].pk in [i.pk for i in found]


def test_statistics_by_field_in_one_query(tree, django_assert_num_queries):
    """x/y (z %) per field; answered and resolved counted apart; merged items counted once."""
    actor = system_actor()
    district = tree.council("district")
    answered = []
    for n in range(3):
        found = classified(district, f"Đường số {n}")
        found = services.petition_item_transfer(
            actor=actor,
            item=found,
            transfer_date=date(2024, 2, 7),
            transfer_number=f"{n}/HĐND",
            agency_text="UBND huyện",
        )
        answered.append(found)
    for found in answered[:2]:
        found = services.petition_item_answer(
            actor=actor, item=found, answered_on=date(2024, 3, 1), answer="Đã trả lời"
        )
    services.petition_item_assess(
        actor=actor, item=answered[0], assessment="resolved", assessed_on=date(2024, 3, 5)
    )
    lead, merged = item(district, "Trường học"), item(district, "Trường học (2)")
    services.petition_items_merge(actor=actor, into=lead, items=[merged])
    user = tree.users["province_clerk"]
    user_scope(user)  # the scope is read once per request, before
    with django_assert_num_queries(2):  # the statistics, and the percent-decimals rule
        rows = selectors.petition_statistics(
            user=user,
            date_from=date(2024, 1, 1),
            date_to=date(2024, 12, 31),
            by="field",
            today=date(2024, 4, 1),
        )
    by_key = {r.key: r for r in rows}
    roads = by_key["investment"]
    assert (roads.total, roads.transferred, roads.answered, roads.resolved) == (3, 3, 2, 1)
    assert roads.answered_share == "2/3 (66,67%)"
    assert roads.resolved_share == "1/3 (33,33%)"
    assert roads.overdue == 1  # the third, due 08/03/2024, still unanswered on 01/04
    assert by_key[""].total == 1  # the compiled school item, not its merged copy


@pytest.mark.parametrize(
    ("name", "masked"),
    [("Nguyễn Văn An", "Nguyễn V… A"), ("Lê An", "Lê A"), ("Tuấn", "T…"), ("", "")],
)
def test_masked_name(name, masked):
    assert selectors.masked_name(name) == masked

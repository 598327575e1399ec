"""The voters lists' "overdue" state (issue 13): exactly the open, late answers (not the due
soon, closed or withdrawn ones), most overdue first with the due-date header showing it, in
the reader's scope, in a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from followups import services as followups
from tests.core.test_sorting import headers
from tests.factories import system_actor
from tests.voters.conftest import classified, item, letter
from voters import services

ITEMS, LETTERS = "voters:petition_item_list", "voters:letter_list"
OVERDUE = {"state": "overdue"}


def transferred(council, *, raised_on: date, due_on: date, transfer_date: date | None = None):
    found = classified(council, raised_on=raised_on)
    return services.petition_item_transfer(
        actor=system_actor(),
        item=found,
        agency_text="UBND huyện",
        transfer_number="12/HĐND",
        transfer_date=transfer_date or raised_on + timedelta(days=1),
        due_on=due_on,
    )


def forwarded(council, *, received_on: date, transfer_date: date):
    found = letter(council, received_on=received_on, category="complaint")
    return services.letter_forward(
        actor=system_actor(),
        letter=found,
        transfer_date=transfer_date,
        transfer_number="05/PC-HĐND",
        agency_text="Thanh tra huyện",
    )


def close(row) -> None:
    followups.obligation_close(
        actor=system_actor(),
        obligation=row.obligation,
        outcome="done",
        ended_on=row.obligation.start_on + timedelta(days=2),
    )


def withdraw(row) -> None:
    followups.obligation_withdraw(
        actor=system_actor(), obligation=row.obligation, reason="Nhập nhầm"
    )


def ids(response) -> list[int]:
    return [row.pk for row in response.context["page"]]


@pytest.fixture
def items(tree):
    """Two late items whose due dates run against the order they were raised in, and the
    ones that are not overdue: due soon, closed late, withdrawn, never transferred; one late
    item of the sibling province."""
    commune, today = tree.council("commune"), timezone.localdate()
    made = {
        # Raised last, due last: the newest-first order would list it first.
        "late": transferred(commune, raised_on=date(2024, 1, 20), due_on=date(2024, 3, 15)),
        "later_raised_earlier_due": transferred(
            commune, raised_on=date(2024, 1, 10), due_on=date(2024, 2, 15)
        ),
        "due_soon": transferred(
            commune, raised_on=today - timedelta(days=3), due_on=today + timedelta(days=2)
        ),
        "closed": transferred(commune, raised_on=date(2024, 1, 5), due_on=date(2024, 2, 1)),
        "withdrawn": transferred(commune, raised_on=date(2024, 1, 6), due_on=date(2024, 2, 2)),
        "not_transferred": item(commune, raised_on=date(2024, 1, 4)),
        "sibling": transferred(
            tree.council("sibling_commune"), raised_on=date(2024, 1, 8), due_on=date(2024, 2, 3)
        ),
    }
    close(made["closed"])
    withdraw(made["withdrawn"])
    return made


def test_overdue_items_are_the_late_open_ones_most_overdue_first(client, tree, items):
    client.force_login(tree.users["admin"])
    response = client.get(reverse(ITEMS), OVERDUE)
    first, second = items["sibling"], items["later_raised_earlier_due"]
    assert ids(response) == [first.pk, second.pk, items["late"].pk]
    assert all(row.overdue for row in response.context["page"])
    # The header says so, and sorts the other way; without the state it is not offered.
    assert headers(response)["due"][0] == "ascending"
    assert "state=overdue" in headers(response)["due"][1]
    backwards = client.get(reverse(ITEMS), {**OVERDUE, "sort": "-due"})
    assert ids(backwards) == [items["late"].pk, second.pk, first.pk]
    plain = client.get(reverse(ITEMS))
    assert "due" not in headers(plain)
    assert ids(plain)[0] == items["due_soon"].pk  # newest first, as before


def test_overdue_items_may_still_be_read_newest_first(client, tree, items):
    client.force_login(tree.users["admin"])
    response = client.get(reverse(ITEMS), {**OVERDUE, "sort": "-raised"})
    assert ids(response) == [
        items["late"].pk,
        items["later_raised_earlier_due"].pk,
        items["sibling"].pk,
    ]


@pytest.mark.parametrize(
    ("who", "sees_commune", "sees_sibling"),
    [
        ("province_clerk", True, False),
        ("commune_office", True, False),
        ("commune_delegate", False, False),
        ("sibling_clerk", False, True),
    ],
)
def test_overdue_items_are_scoped(client, tree, items, who, sees_commune, sees_sibling):
    client.force_login(tree.users[who])
    found = set(ids(client.get(reverse(ITEMS), OVERDUE)))
    ours = {items["late"].pk, items["later_raised_earlier_due"].pk}
    assert (ours <= found) == sees_commune
    assert not sees_commune or ours == found - {items["sibling"].pk}
    assert (items["sibling"].pk in found) == sees_sibling


@pytest.fixture
def letters(tree):
    commune, today = tree.council("commune"), timezone.localdate()
    made = {
        "early": forwarded(commune, received_on=date(2024, 2, 6), transfer_date=date(2024, 2, 7)),
        "late": forwarded(commune, received_on=date(2024, 3, 1), transfer_date=date(2024, 3, 2)),
        "closed": forwarded(commune, received_on=date(2024, 1, 3), transfer_date=date(2024, 1, 4)),
        "withdrawn": forwarded(
            commune, received_on=date(2024, 1, 5), transfer_date=date(2024, 1, 6)
        ),
        "fresh": forwarded(commune, received_on=today, transfer_date=today),
        "sibling": forwarded(
            tree.council("sibling_commune"),
            received_on=date(2024, 2, 6),
            transfer_date=date(2024, 2, 7),
        ),
    }
    close(made["closed"])
    services.letter_withdraw(actor=system_actor(), letter=made["withdrawn"], reason="Nhập nhầm")
    return made


def test_overdue_letters_are_the_late_open_ones_most_overdue_first(client, tree, letters):
    early, late = letters["early"], letters["late"]
    assert early.obligation.due_on < late.obligation.due_on < timezone.localdate()
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse(LETTERS), OVERDUE)
    assert ids(response) == [early.pk, late.pk]
    assert headers(response)["due"][0] == "ascending"
    assert ids(client.get(reverse(LETTERS), {**OVERDUE, "sort": "-due"})) == [late.pk, early.pk]
    # Newest first, the list's order elsewhere.
    assert ids(client.get(reverse(LETTERS), {**OVERDUE, "sort": "-received"})) == [
        late.pk,
        early.pk,
    ]
    client.force_login(tree.users["sibling_clerk"])
    assert ids(client.get(reverse(LETTERS), OVERDUE)) == [letters["sibling"].pk]


@pytest.mark.parametrize(("name", "make"), [(ITEMS, "item"), (LETTERS, "letter")])
def test_overdue_list_query_count_does_not_grow_with_rows(
    client, tree, name, make, django_assert_max_num_queries
):
    """The same queries for 1 late row as for 4, within the issue's 12."""
    commune = tree.council("commune")
    client.force_login(tree.users["district_office"])
    client.get(reverse(name), OVERDUE)  # the scope's lineage read once and cached
    counts = []
    for n in range(4):
        if make == "item":
            transferred(commune, raised_on=date(2024, 1, 10 + n), due_on=date(2024, 2, 10 + n))
        else:
            forwarded(commune, received_on=date(2024, 2, 6), transfer_date=date(2024, 2, 7 + n))
        if n not in (0, 3):
            continue
        with django_assert_max_num_queries(12) as captured:
            response = client.get(reverse(name), OVERDUE)
        assert len(ids(response)) == n + 1
        counts.append(len(captured))
    assert counts[0] == counts[1]

"""The statistics' summaries (voters.statistics) against the items and letters counted row by
row: random operations through the services, the import and the follow-up engine, then every
period, grouping and reader gives the same figures from the summaries as live."""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from councils import services as council_services
from councils.scoping import scope_forget
from followups import services as followups
from tests.factories import AgencyFactory, system_actor
from tests.voters.conftest import item, letter
from tests.voters.test_import import good, xlsx
from voters import selectors, services, statistics
from voters.models import Letter, LetterCategory, LetterStat, PetitionItem, PetitionStat

pytestmark = pytest.mark.usefixtures("celery_eager")

FIELDS = ["investment", "health", "education", "land", "industry"]
LEVELS = ["province", "district", "commune"]
PERIODS = [
    (date(2024, 1, 1), date(2024, 12, 31)),  # a whole year: the summary
    (date(2025, 1, 1), date(2025, 12, 31)),
    (date(2025, 3, 1), date(2025, 5, 31)),  # whole months
    (date(2025, 2, 15), date(2025, 5, 20)),  # days: counted live
]
SINCE = [None, date(2023, 5, 23), date(2024, 1, 1)]
TODAY = [date(2025, 6, 1), date(2025, 6, 17), date(2026, 1, 9)]
READERS = [
    ("admin", None, True),
    ("admin", "province", True),
    ("admin", "district", True),  # below a province: live
    ("province_clerk", None, True),
    ("province_clerk", "province", False),  # its own items only: live
    ("sibling_clerk", None, True),
    ("district_office", None, True),  # a district's reach: live
]


def _figures(rows):
    return sorted((r.key, r.label, tuple(asdict(r).values())) for r in rows)


def _compare(tree, seed: int) -> int:
    rnd = random.Random(seed)  # noqa: S311 (a test's reproducible draw)
    compared = 0
    for username, council, subtree in READERS:
        user = tree.users[username]
        for (date_from, date_to), since, today, by in (
            (rnd.choice(PERIODS), rnd.choice(SINCE), rnd.choice(TODAY), by)
            for by in selectors.PETITION_GROUPS
            for _ in range(2)
        ):
            kwargs = {
                "user": user,
                "date_from": date_from,
                "date_to": date_to,
                "since": since,
                "today": today,
                "by": by,
                "council": tree.council(council) if council else None,
                "subtree": subtree,
            }
            kept = selectors.petition_statistics(**kwargs)
            live = selectors.petition_statistics(**kwargs, live=True)
            assert _figures(kept) == _figures(live), kwargs
            compared += 1
    return compared


def _compare_letters(tree, seed: int) -> int:
    """`letter_counts` from the summary against the letters counted live."""
    rnd = random.Random(seed)  # noqa: S311 (a test's reproducible draw)
    compared = 0
    for username, council, _subtree in READERS:
        for (date_from, date_to), today in (
            (rnd.choice(PERIODS), rnd.choice(TODAY)) for _ in range(3)
        ):
            kwargs = {
                "user": tree.users[username],
                "date_from": date_from,
                "date_to": date_to,
                "today": today,
                "council": tree.council(council) if council else None,
            }
            kept = selectors.letter_counts(**kwargs)
            assert kept == selectors.letter_counts(**kwargs, live=True), kwargs
            compared += any(row["received"] for row in kept.values())  # something to compare
    return compared


def _summary():
    return [
        sorted(
            (tuple(v for k, v in row.items() if k != "id"))
            for row in model.objects.filter(**{f"{counted}__gt": 0}).values()
        )
        for model, counted in ((PetitionStat, "total"), (LetterStat, "received"))
    ]


def _day(rnd: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rnd.randrange((last - first).days + 1))


def _operate(rnd: random.Random, tree, agencies, steps: int) -> None:
    actor = system_actor()
    councils = [tree.council(n) for n in ("province", "district", "commune", "sibling")]
    for _ in range(steps):
        items = list(PetitionItem.objects.select_related("obligation", "council"))
        op = rnd.choice(
            [
                *("create", "create", "classify", "transfer", "answer", "assess"),
                *("merge", "unmerge", "extend", "withdraw", "report"),
            ]
        )
        found = rnd.choice(items) if items else None
        try:
            if op == "create" or found is None:
                item(
                    rnd.choice(councils),
                    f"Kiến nghị {rnd.random()}",
                    raised_on=_day(rnd, date(2023, 3, 1), date(2025, 12, 20)),
                )
            elif op == "classify":
                services.petition_item_classify(
                    actor=actor,
                    item=found,
                    competence=rnd.choice(LEVELS),
                    field=rnd.choice(FIELDS),
                )
            elif op == "transfer":
                agency = rnd.choice([*agencies, None])
                services.petition_item_transfer(
                    actor=actor,
                    item=found,
                    transfer_date=found.raised_on + timedelta(days=rnd.randrange(1, 30)),
                    transfer_number=f"{found.pk}/HĐND",
                    agency=agency,
                    agency_text="" if agency else rnd.choice(["UBND huyện", "Sở Y tế"]),
                )
            elif op == "answer":
                start = found.transfer_date or found.raised_on
                services.petition_item_answer(
                    actor=actor,
                    item=found,
                    answered_on=start + timedelta(days=rnd.randrange(0, 90)),
                    answer="Đã trả lời",
                )
            elif op == "assess":
                services.petition_item_assess(
                    actor=actor,
                    item=found,
                    assessment=rnd.choice(PetitionItem.Assessment.values),
                    assessed_on=(found.answered_on or found.raised_on)
                    + timedelta(days=rnd.randrange(0, 200)),
                )
            elif op == "merge":
                into = rnd.choice(items)
                services.petition_items_merge(actor=actor, into=into, items=[found])
            elif op == "unmerge":
                merged = [i for i in items if i.merged_into_id] or [found]
                services.petition_item_unmerge(actor=actor, item=rnd.choice(merged))
            elif op == "extend" and found.obligation_id:
                followups.obligation_extend(
                    actor=actor,
                    obligation=found.obligation,
                    new_due_on=found.obligation.due_on + timedelta(days=rnd.randrange(1, 120)),
                    reason="Gia hạn",
                    document_number="1/GH",
                    document_date=found.obligation.start_on,
                )
            elif op == "withdraw" and found.obligation_id:
                followups.obligation_withdraw(
                    actor=actor, obligation=found.obligation, reason="Nhập nhầm"
                )
            elif op == "report":
                services.petition_item_report(
                    actor=actor,
                    item=found,
                    reported_on=(found.assessed_on or found.raised_on) + timedelta(days=3),
                    report="Báo cáo tại kỳ họp",
                )
        except ValidationError:
            pass  # a move the workflow refuses: nothing changed


def _operate_letters(rnd: random.Random, tree, agencies, steps: int) -> None:
    """Letters registered, classified, flagged as duplicates, forwarded, answered, extended,
    withdrawn, and their obligations closed, reopened or withdrawn on the engine."""
    actor = system_actor()
    councils = [tree.council(n) for n in ("province", "district", "commune", "sibling")]
    for _ in range(steps):
        letters = list(Letter.objects.select_related("obligation", "council"))
        op = rnd.choice(
            [
                *("create", "create", "classify", "duplicate", "forward", "forward"),
                *("answer", "extend", "withdraw", "withdraw_obligation", "reopen"),
            ]
        )
        found = rnd.choice(letters) if letters else None
        owed = found.obligation if found is not None and found.obligation_id else None
        try:
            if op == "create" or found is None:
                letter(
                    rnd.choice(councils),
                    received_on=_day(rnd, date(2023, 3, 1), date(2025, 12, 20)),
                    category=rnd.choice([None, *LetterCategory.values]),
                    content=f"Đơn {rnd.random()}",
                )
            elif op == "classify":
                services.letter_classify(
                    actor=actor, letter=found, category=rnd.choice(LetterCategory.values)
                )
            elif op == "duplicate":
                earlier = [x for x in letters if x.received_on <= found.received_on]
                services.letter_mark_duplicate(
                    actor=actor, letter=found, duplicate_of=rnd.choice([*earlier, None])
                )
            elif op == "forward":
                agency = rnd.choice([*agencies, None])
                services.letter_forward(
                    actor=actor,
                    letter=found,
                    transfer_date=found.received_on + timedelta(days=rnd.randrange(1, 20)),
                    transfer_number=f"{found.pk}/CV",
                    agency=agency,
                    agency_text="" if agency else "UBND huyện",
                )
            elif op == "answer" and owed:
                services.letter_answer(
                    actor=actor,
                    letter=found,
                    answered_on=owed.start_on + timedelta(days=rnd.randrange(0, 120)),
                    answer="Đã giải quyết",
                )
            elif op == "extend" and owed:
                services.letter_extend(
                    actor=actor,
                    letter=found,
                    new_due_on=owed.due_on + timedelta(days=rnd.randrange(1, 200)),
                    reason="Vụ việc phức tạp",
                    document_number="2/GH",
                    document_date=owed.start_on,
                )
            elif op == "withdraw":
                services.letter_withdraw(actor=actor, letter=found, reason="Vào sổ nhầm")
            elif op == "withdraw_obligation" and owed:
                followups.obligation_withdraw(actor=actor, obligation=owed, reason="Nhập nhầm")
            elif op == "reopen" and owed:
                followups.obligation_reopen(actor=actor, obligation=owed, reason="Chưa xong")
        except ValidationError:
            pass  # a move the workflow refuses: nothing changed


@pytest.mark.parametrize("seed", [1, 2])
def test_the_summary_gives_the_live_figures_after_random_operations(
    client, tree, django_capture_on_commit_callbacks, seed
):
    """Creates, classifications, transfers, answers, assessments, merges and unmerges, due
    dates extended, obligations withdrawn, an import and a unit moved, and the same for
    letters: the figures from the summaries are those counted row by row, for every reader,
    period and grouping; and the summaries kept along the way are the ones rebuilt from
    scratch."""
    rnd = random.Random(seed)  # noqa: S311 (a test's reproducible draw)
    agencies = [
        AgencyFactory(council=tree.council("province"), name="Sở Giao thông vận tải"),
        AgencyFactory(council=tree.council("sibling"), name="Sở Y tế Bắc Kạn"),
    ]
    client.force_login(tree.users["province_clerk"])
    preview = client.post(
        reverse("voters:petition_import"),
        {
            "council": tree.council("province").pk,
            "meeting_kind": "thematic",
            "meeting_held_on": "10/01/2024",
            "meeting_place": "Đợt tiếp xúc tháng 1/2024",
            "transfer_number": "12/HĐND-VP",
            "transfer_date": "15/01/2024",
            "file": xlsx(good(4)),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("voters:petition_import_start", args=[preview.context["job"].pk]))
    assert PetitionItem.objects.count() == 4
    _operate(rnd, tree, agencies, 70)
    _operate_letters(rnd, tree, agencies, 70)
    assert Letter.objects.filter(obligation__isnull=False).exists()
    assert _compare(tree, seed) > 50
    assert _compare_letters(tree, seed) > 5
    # A commune entered under the wrong province, moved back: its items change province.
    council_services.unit_move(actor=tree.users["admin"], unit=tree.commune, parent=tree.sibling)
    for user in tree.users.values():
        scope_forget(user)
    _compare(tree, seed + 10)
    _compare_letters(tree, seed + 10)
    kept = _summary()
    statistics.rebuild()
    assert kept == _summary()


def _page_queries(client, by: str) -> tuple[int, list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = {"date_from": "01/01/2024", "date_to": "31/12/2024", "by": by}
    client.get(reverse("voters:statistics"), query)  # the scope's lineage read and cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("voters:statistics"), query)
    assert response.status_code == 200
    received = sum(counts["received"] for _label, counts in response.context["letters"])
    return len(queries), response.context["rows"], received


@pytest.mark.parametrize("by", ["field", "agency"])
@pytest.mark.parametrize("who", ["admin", "province_clerk"])
def test_the_statistics_page_takes_the_same_queries_with_many_items(client, tree, by, who):
    """A year over the nation or a province is read from the summaries: as many queries with
    one item and one letter as with twelve of each in six fields and five categories, within
    the page budget (issue 13: 12)."""
    agency = AgencyFactory(council=tree.council("province"), name="Sở Y tế")
    client.force_login(tree.users[who])
    province = tree.council("province")
    first = item(province, "Kiến nghị 0", raised_on=date(2024, 2, 1))
    services.petition_item_classify(
        actor=system_actor(), item=first, competence="province", field="health"
    )
    services.petition_item_transfer(
        actor=system_actor(),
        item=PetitionItem.objects.get(pk=first.pk),
        transfer_date=date(2024, 2, 2),
        transfer_number="1/HĐND",
        agency=agency,
    )
    first_letter = letter(province, received_on=date(2024, 3, 1), category="complaint")
    services.letter_forward(
        actor=system_actor(),
        letter=first_letter,
        transfer_date=date(2024, 3, 2),
        transfer_number="1/CV",
        agency=agency,
    )
    one, rows, received = _page_queries(client, by)
    assert [r.total for r in rows] == [1]
    assert received == 1
    for n in range(1, 12):
        found = item(province, f"Kiến nghị {n}", raised_on=date(2024, 1 + n, 3))
        services.petition_item_classify(
            actor=system_actor(), item=found, competence="district", field=FIELDS[n % 5]
        )
        services.petition_item_transfer(
            actor=system_actor(),
            item=PetitionItem.objects.get(pk=found.pk),
            transfer_date=date(2024, 1 + n, 4),
            transfer_number=f"{n}/HĐND",
            agency=agency if n % 2 else None,
            agency_text="" if n % 2 else f"UBND huyện {n}",
        )
        letter(
            province,
            received_on=date(2024, 1 + n, 5),
            category=LetterCategory.values[n % 5],
            content=f"Đơn {n}",
        )
    many, rows, received = _page_queries(client, by)
    assert sum(r.total for r in rows) == 12
    assert received == 12
    assert many == one <= 12


def test_the_statistics_page_is_for_readers_only(client, tree):
    """The summary gives a reader without a role nothing of anyone's items."""
    item(tree.council("commune"), "Kiến nghị", raised_on=date(2024, 2, 1))
    client.force_login(tree.users["no_role"])
    response = client.get(
        reverse("voters:statistics"),
        {"date_from": "01/01/2024", "date_to": "31/12/2024", "by": "field"},
    )
    assert response.status_code in (200, 403, 404)
    if response.status_code == 200:
        assert not response.context["rows"]


def test_the_agencies_are_paged_with_the_total_over_all_of_them(client, tree):
    """By agency the rows come 50 a page in the same order, page 2 the next ones; the total
    line counts every agency whatever the page, and the page links keep the form's fields."""
    province = tree.council("province")
    for n in range(53):
        found = item(province, f"Kiến nghị {n}", raised_on=date(2024, 3, 1 + n % 28))
        services.petition_item_classify(
            actor=system_actor(), item=found, competence="province", field="health"
        )
        services.petition_item_transfer(
            actor=system_actor(),
            item=PetitionItem.objects.get(pk=found.pk),
            transfer_date=date(2024, 4, 1),
            transfer_number=f"{n}/HĐND",
            agency=AgencyFactory(council=province, name=f"Sở số {n:02d}"),
        )
    client.force_login(tree.users["admin"])
    query = {"date_from": "01/01/2024", "date_to": "31/12/2024", "by": "agency"}
    first = client.get(reverse("voters:statistics"), query)
    second = client.get(reverse("voters:statistics"), {**query, "page": "2"})
    shown = [[row.label for row in r.context["page"]] for r in (first, second)]
    assert len(shown[0]) == 50
    assert len(shown[1]) == 3
    assert shown[0] + shown[1] == [row.label for row in first.context["rows"]]
    assert shown[1][0] in second.content.decode()
    assert shown[1][0] not in first.content.decode()
    for response in (first, second):
        assert response.context["total"].total == 53
        assert '<th scope="row">' in response.content.decode()
    link = 'href="?date_from=01/01/2024&date_to=31/12/2024&by=agency&page=2"'
    assert link in first.content.decode()
    by_field = client.get(reverse("voters:statistics"), {**query, "by": "field"})
    assert by_field.context["page"] is None

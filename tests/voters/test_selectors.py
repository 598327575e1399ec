"""Likely duplicates while typing, statistics for a period in one query, masking."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.scoping import user_scope
from tests.factories import system_actor
from tests.voters.conftest import assessed, classified, item
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


@on_postgresql
def test_suggestions_past_the_budget_rank_the_latest_items(tree, issues, monkeypatch):
    """When the trigram search is cancelled (its budget spent), the lineage's latest items
    are ranked instead, still within the user's scope and the lineage."""
    from core.db import OverBudgetError

    def spent(ms):
        raise OverBudgetError

    monkeypatch.setattr(selectors, "time_budget", spent)
    found = selectors.duplicate_suggestions(
        user=tree.users["province_clerk"],
        text="nang cap tuyen duog DH5 qua xa Que Tho",
        council=tree.council("district"),
    )
    assert [i.pk for i in found] == [issues["same"].pk]
    monkeypatch.setattr(selectors, "SUGGEST_LATEST", 0)
    assert (
        selectors.duplicate_suggestions(
            user=tree.users["province_clerk"],
            text="nang cap duong DH5",
            council=tree.council("district"),
        )
        == []
    )


@on_postgresql
def test_suggestions_rank_a_small_lineage_whole_in_one_scoped_read(tree, issues):
    """A lineage of SUGGEST_LATEST items or fewer is ranked whole, as the trigram index would
    rank it, without the budgeted index search; the scope and the lineage are one filter, and
    the rows bring only what is shown."""
    user = tree.users["province_clerk"]
    user_scope(user)
    with CaptureQueriesContext(connection) as ctx:
        found = selectors.duplicate_suggestions(
            user=user,
            text="nang cap tuyen duog DH5 qua xa Que Tho",
            council=tree.council("district"),
        )
    assert [i.pk for i in found] == [issues["same"].pk]
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not any("statement_timeout" in s for s in sql)
    items = [s for s in sql if "voters_petitionitem" in s]
    assert len(items) == 3  # the recent ids, the older ones, their rows ranked
    assert all(s.count("councils_council") == 1 for s in items[:2])
    assert '"voters_petitionitem"."status"' not in items[2]


@on_postgresql
def test_suggestions_search_the_lineage_when_the_latest_hold_too_few(tree, issues, monkeypatch):
    """The lineage's latest item is unlike the text: the older near-duplicate is still found,
    by the trigram index over the whole lineage."""
    item(tree.council("commune"), "Đề nghị hỗ trợ phân bón cho vụ đông", raised_on=date(2024, 6, 1))
    monkeypatch.setattr(selectors, "SUGGEST_LATEST", 1)
    found = selectors.duplicate_suggestions(
        user=tree.users["province_clerk"],
        text="nang cap tuyen duog DH5 qua xa Que Tho",
        council=tree.council("district"),
    )
    assert [i.pk for i in found] == [issues["same"].pk]


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
    # The summary, the obligations due earlier in today's month, the percent-decimals rule.
    with django_assert_num_queries(3):
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


TERM_START = date(2021, 5, 23)
YEAR_2024 = {"date_from": date(2024, 1, 1), "date_to": date(2024, 12, 31)}


def _statistics(user, **kwargs):
    return selectors.petition_statistics(
        user=user, by="field", today=date(2024, 12, 31), **YEAR_2024, **kwargs
    )


@pytest.fixture
def backlog(tree):
    """Items of the district raised before 2024: open, resolved before and during 2024, and one
    from before the term."""
    district = tree.council("district")
    return {
        "open_2022": assessed(
            district, "Cầu tràn thôn 5", raised_on=date(2022, 3, 1), assessment="in_progress"
        ),
        "unanswered_2023": assessed(
            district, "Đèn đường thôn 2", raised_on=date(2023, 6, 1), answered_on=False
        ),
        "resolved_2022": assessed(
            district, "Kênh mương", raised_on=date(2022, 5, 1), assessed_on=date(2022, 6, 15)
        ),
        "resolved_in_2024": assessed(
            district,
            "Trạm y tế",
            raised_on=date(2023, 11, 1),
            answered_on=date(2023, 11, 25),
            assessed_on=date(2024, 2, 1),
        ),
        "before_term": assessed(
            district, "Nhà văn hóa", raised_on=date(2020, 6, 1), assessment="in_progress"
        ),
        "in_2024": classified(district, "Đường ĐH5", raised_on=date(2024, 3, 1)),
    }


def test_backlog_carries_what_the_term_left_unresolved(tree, backlog):
    """An item of an earlier year of the term still open (or unanswered) is carried; one
    resolved before the period is not, one resolved during it is carried and counted resolved;
    one raised before the term is not carried; the period's own items are counted apart."""
    (row,) = _statistics(tree.users["province_clerk"], since=TERM_START)
    assert (row.total, row.backlog, row.backlog_resolved) == (1, 3, 1)
    assert row.backlog_resolved_share == "1/3 (33,33%)"
    assert row.resolved == 0  # the one resolved in 2024 was raised in 2023: backlog, not new


def test_no_backlog_without_the_start_of_a_term(tree, backlog):
    (row,) = _statistics(tree.users["province_clerk"])
    assert (row.total, row.backlog) == (1, 0)


def test_a_row_with_only_backlog_is_shown(tree, backlog):
    """A field with nothing new in the period but an open item carried still has its line."""
    district = tree.council("district")
    found = item(district, "Sạt lở bờ sông", raised_on=date(2023, 2, 1))
    services.petition_item_classify(
        actor=system_actor(), item=found, competence="district", field="environment"
    )
    rows = {r.key: r for r in _statistics(tree.users["province_clerk"], since=TERM_START)}
    assert (rows["environment"].total, rows["environment"].backlog) == (0, 1)
    total = selectors.stat_total(list(rows.values()), "Tổng cộng")
    assert (total.total, total.backlog, total.backlog_resolved) == (1, 4, 1)


@pytest.mark.parametrize("extra", [0, 12])
def test_statistics_with_backlog_take_a_fixed_number_of_queries(
    tree, backlog, extra, django_assert_num_queries
):
    """The backlog is counted from the summary, whatever the number of rows: the summary, the
    days of the term's first month (it starts on 23/05) and the obligations due earlier in
    today's month counted live, and the percent-decimals rule."""
    district = tree.council("district")
    fields = ["health", "education", "land", "social"]
    for n in range(extra):
        found = item(district, f"Kiến nghị cũ số {n}", raised_on=date(2022 + n % 2, 4, 1))
        services.petition_item_classify(
            actor=system_actor(), item=found, competence="district", field=fields[n % 4]
        )
    user = tree.users["province_clerk"]
    user_scope(user)
    with django_assert_num_queries(4):
        rows = _statistics(user, since=TERM_START)
    assert sum(r.backlog for r in rows) == 3 + extra


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner only")
def test_a_common_word_is_told_from_a_rare_one(tree, monkeypatch):
    """The newest rows are sampled: words in enough of them are common (walked), others rare."""
    from voters.models import Letter, PetitionItem

    monkeypatch.setattr(selectors, "SAMPLE_ROWS", 100)
    monkeypatch.setattr(selectors, "COMMON_SHARE", 0.02)
    council = tree.council("commune")
    for i in range(3):
        item(council, f"Đề nghị nâng cấp đường thôn {i}")
    item(council, "Cầu treo bản Khuổi Nặm")
    assert selectors.search_is_common(PetitionItem, "nang cap duong")
    assert selectors.search_is_common(PetitionItem, "DUONG Nâng")
    assert not selectors.search_is_common(PetitionItem, "khuoi nam")
    assert not selectors.search_is_common(PetitionItem, "100%_")
    assert not selectors.search_is_common(Letter, "nang cap duong")

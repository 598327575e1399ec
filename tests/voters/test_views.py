"""The voters pages: scoped like the API (out of scope is a 404), personal data masked without
the capability and shown with it, every opening of a letter or a reception logged, and the
lists' query counts the same with 3 rows as with 30."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import ViewLog
from core.paging import Page
from tests.factories import system_actor
from tests.voters.conftest import assessed, classified, item, letter, reception
from voters import services, views

LISTS = {
    "petition_item": "voters:petition_item_list",
    "letter": "voters:letter_list",
    "reception": "voters:reception_list",
}
DETAILS = {
    "petition_item": "voters:petition_item_detail",
    "letter": "voters:letter_detail",
    "reception": "voters:reception_detail",
}
# The statistics page: session, user, scope, the council picker, the term, the petition
# statistics, the percent-decimals rule, the letters: the same with 1 row as with many (the
# scope's lineage read by the warming request and cached).
STATISTICS_QUERIES = 7
MAKE = {"petition_item": item, "letter": letter, "reception": reception}

# Who sees the commune's records (the office's): the delegate sees none of them.
SEES_COMMUNE = {
    "province_clerk": True,
    "district_office": True,
    "commune_office": True,
    "commune_delegate": False,
    "sibling_clerk": False,
    "no_role": False,
    "admin": True,
}


@pytest.fixture
def records(tree):
    return {
        node: {kind: make(tree.council(node)) for kind, make in MAKE.items()}
        for node in ("commune", "sibling_commune")
    }


@pytest.mark.parametrize("kind", list(MAKE))
@pytest.mark.parametrize("who", list(SEES_COMMUNE))
def test_every_page_is_scoped(client, tree, records, kind, who):
    """A list shows only what the user's scope covers; a detail out of scope is a 404."""
    client.force_login(tree.users[who])
    ours, theirs = records["commune"][kind], records["sibling_commune"][kind]
    listed = client.get(reverse(LISTS[kind]))
    assert listed.status_code == 200
    ids = {row.pk for row in listed.context["page"]}
    assert (theirs.pk in ids) == (who in ("admin", "sibling_clerk"))
    assert (ours.pk in ids) == SEES_COMMUNE[who]
    detail = client.get(reverse(DETAILS[kind], args=[ours.pk]))
    assert detail.status_code == (200 if SEES_COMMUNE[who] else 404)


@pytest.mark.parametrize(
    "url",
    [*LISTS.values(), "voters:statistics"] + [(name, 1) for name in DETAILS.values()],  # type: ignore[list-item]
)
def test_anonymous_is_sent_to_login(client, db, url):
    name, args = (url, []) if isinstance(url, str) else (url[0], [url[1]])
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_delegate_sees_only_their_own_receptions(client, tree, people, delegate_user, records):
    council = tree.council("commune")
    own = reception(council, delegate=people["commune"].delegate, actor=delegate_user)
    other = reception(council, delegate=people["commune"].spare)
    client.force_login(delegate_user)
    rows = client.get(reverse(LISTS["reception"])).context["page"]
    assert [r.pk for r in rows] == [own.pk]
    assert client.get(reverse(DETAILS["reception"], args=[own.pk])).status_code == 200
    assert client.get(reverse(DETAILS["reception"], args=[other.pk])).status_code == 404
    assert not list(client.get(reverse(LISTS["letter"])).context["page"])


@pytest.mark.parametrize("kind", ["letter", "reception"])
def test_personal_data_is_masked_without_the_capability(client, tree, kind, privacy_user):
    """The district's office reads 'Trần T… B' and no ID number, in the list and the detail;
    the district's personal-data officer reads them in full."""
    name = "Trần Thị Bình"
    field = "sender_name" if kind == "letter" else "person_name"
    made = MAKE[kind](tree.council("district"), **{field: name})
    id_number = made.sender_id_number if kind == "letter" else made.id_number
    assert id_number

    client.force_login(tree.users["district_office"])
    listed = client.get(reverse(LISTS[kind])).content.decode()
    opened = client.get(reverse(DETAILS[kind], args=[made.pk])).content.decode()
    for html in (listed, opened):
        assert "Trần T… B" in html
        assert name not in html
        assert id_number not in html
    assert 'id="masked-note"' in opened

    client.force_login(privacy_user)
    listed = client.get(reverse(LISTS[kind])).content.decode()
    opened = client.get(reverse(DETAILS[kind], args=[made.pk])).content.decode()
    assert name in listed
    assert name in opened
    assert id_number in opened
    assert 'id="masked-note"' not in opened


def test_the_voter_of_an_item_is_masked(client, tree, privacy_user):
    found = item(tree.council("district"))
    client.force_login(tree.users["province_clerk"])
    html = client.get(reverse(DETAILS["petition_item"], args=[found.pk])).content.decode()
    assert "Nguyễn V… A" in html
    assert "Nguyễn Văn An" not in html
    client.force_login(privacy_user)
    html = client.get(reverse(DETAILS["petition_item"], args=[found.pk])).content.decode()
    assert "Nguyễn Văn An" in html


@pytest.mark.parametrize("kind", ["letter", "reception"])
def test_every_opening_is_logged_and_lists_are_not(client, tree, records, kind):
    user = tree.users["district_office"]
    client.force_login(user)
    opened = records["commune"][kind]
    client.get(reverse(LISTS[kind]))
    assert not ViewLog.objects.exists()
    client.get(reverse(DETAILS[kind], args=[opened.pk]))
    logged = ViewLog.objects.get(object_id=opened.pk, user=user)
    assert logged.content_type.model == kind
    assert logged.path == reverse(DETAILS[kind], args=[opened.pk])


def test_an_out_of_scope_opening_is_not_logged(client, tree, records):
    client.force_login(tree.users["commune_office"])
    theirs = records["sibling_commune"]["letter"]
    assert client.get(reverse(DETAILS["letter"], args=[theirs.pk])).status_code == 404
    assert not ViewLog.objects.exists()


@pytest.mark.parametrize(
    ("kind", "queries"), [("petition_item", 12), ("letter", 12), ("reception", 11)]
)
def test_list_query_count_does_not_grow_with_rows(
    client, tree, kind, queries, django_assert_max_num_queries
):
    """The same number of queries for 3 rows as for 30 (no N+1), within the issue's 12."""
    council = tree.council("commune")
    client.force_login(tree.users["district_office"])
    client.get(reverse(LISTS[kind]))  # the scope's lineage read once and cached
    counts = []
    for total in (3, 30):
        while _count(kind) < total:
            MAKE[kind](council)
        with django_assert_max_num_queries(queries) as captured:
            response = client.get(reverse(LISTS[kind]))
        assert len(response.context["page"]) == total
        counts.append(len(captured))
    assert counts[0] == counts[1]


def _count(kind: str) -> int:
    from voters.models import Letter, PetitionItem, Reception

    return {"petition_item": PetitionItem, "letter": Letter, "reception": Reception}[
        kind
    ].objects.count()


def test_lists_are_counted_up_to_ten_thousand(client, tree, monkeypatch):
    """Past the cap the list says "Hơn …" instead of counting every row."""
    council = tree.council("commune")
    for _n in range(3):
        item(council)
    seen = {}
    original = views.paginate

    def spy(*args, **kwargs) -> Page:
        seen.update(kwargs)
        return original(*args, **{**kwargs, "cap": 2})

    monkeypatch.setattr(views, "paginate", spy)
    client.force_login(tree.users["district_office"])
    html = client.get(reverse(LISTS["petition_item"])).content.decode()
    assert seen["cap"] == 10_000
    assert "Hơn 2 dòng" in html


def test_filters_and_overdue_marking(client, tree):
    """The state and field filters narrow the list; an overdue item is marked."""
    council = tree.council("commune")
    late = classified(council, "Đề nghị nạo vét kênh mương nội đồng")
    other = item(council, "Đề nghị lắp đèn chiếu sáng")
    agency = _agency(council)
    services.petition_item_transfer(
        actor=system_actor(),
        item=late,
        agency=agency,
        transfer_number="12/HĐND",
        transfer_date=date(2024, 1, 15),
        due_on=date(2024, 2, 15),
    )
    client.force_login(tree.users["district_office"])
    response = client.get(reverse(LISTS["petition_item"]), {"state": "overdue"})
    rows = list(response.context["page"])
    assert [r.pk for r in rows] == [late.pk]
    assert rows[0].overdue
    assert 'class="table-danger"' in response.content.decode()
    found = client.get(reverse(LISTS["petition_item"]), {"q": "den chieu sang"}).context["page"]
    assert [r.pk for r in found] == [other.pk]
    by_agency = client.get(reverse(LISTS["petition_item"]), {"agency": agency.pk})
    assert [r.pk for r in by_agency.context["page"]] == [late.pk]
    assert by_agency.context["agency"] == agency


def _agency(council):
    from councils import services as council_services

    return council_services.agency_create(
        actor=system_actor(), council=council, name="UBND xã", kind="people_committee"
    )


def test_statistics_show_shares_of_the_period(client, tree):
    council = tree.council("commune")
    for _n in range(3):
        classified(council)
    item(council, raised_on=date(2023, 5, 1))  # outside the period
    client.force_login(tree.users["district_office"])
    response = client.get(
        reverse("voters:statistics"),
        {"date_from": "01/01/2024", "date_to": "31/12/2024", "by": "field"},
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert sum(r.total for r in rows) == 3
    assert "0/3 (0" in response.content.decode()


def test_statistics_errors_are_on_their_fields(client, tree):
    client.force_login(tree.users["district_office"])
    response = client.get(
        reverse("voters:statistics"),
        {"date_from": "31/12/2024", "date_to": "01/01/2024", "by": "field"},
    )
    assert "date_to" in response.context["form"].errors
    assert response.context["rows"] == []


def test_statistics_are_scoped(client, tree, records):
    client.force_login(tree.users["commune_office"])
    response = client.get(
        reverse("voters:statistics"),
        {"date_from": "01/01/2024", "date_to": "31/12/2024", "by": "status"},
    )
    assert sum(r.total for r in response.context["rows"]) == 1  # the sibling's is not counted


def test_the_sidebar_links_the_pages_for_readers_only(client, tree):
    """The sidebar's "Cử tri" section (with its statistics link) shows for a reader only."""
    sidebar_link = f'href="{reverse("voters:statistics")}">Thống kê kiến nghị, đơn thư<'
    client.force_login(tree.users["commune_office"])
    assert sidebar_link in client.get(reverse("core:notification_list")).content.decode()
    client.force_login(tree.users["no_role"])
    assert sidebar_link not in client.get(reverse("core:notification_list")).content.decode()


def test_statistics_of_a_council_count_its_lineage_only(client, tree):
    """Choosing a council counts its items and letters (and those below it), not its parent's."""
    classified(tree.council("commune"))
    classified(tree.council("district"))
    letter(tree.council("commune"), category="complaint")
    letter(tree.council("district"), category="complaint")
    client.force_login(tree.users["district_office"])
    query = {"date_from": "01/01/2024", "date_to": "31/12/2024", "by": "competence"}
    whole = client.get(reverse("voters:statistics"), query).context
    assert sum(r.total for r in whole["rows"]) == 2
    assert dict(whole["letters"])["Khiếu nại"]["received"] == 2
    query["council"] = tree.council("commune").pk
    commune = client.get(reverse("voters:statistics"), query).context
    assert sum(r.total for r in commune["rows"]) == 1
    assert dict(commune["letters"])["Khiếu nại"]["received"] == 1


@pytest.mark.parametrize("extra", [0, 10])
def test_statistics_page_carries_the_term_backlog_in_fixed_queries(client, tree, term, extra):
    """The page shows the backlog since the start of the term the period begins in, and a total
    line; its query count does not grow with the rows."""
    district = tree.council("district")
    assessed(district, "Cầu tràn thôn 5", raised_on=date(2022, 3, 1), assessment="in_progress")
    assessed(district, "Kênh mương", raised_on=date(2022, 5, 1), assessed_on=date(2022, 6, 15))
    classified(district, "Đường ĐH5", raised_on=date(2024, 3, 1))
    for n in range(extra):
        item(district, f"Kiến nghị cũ số {n}", raised_on=date(2023, 4, 1))
    client.force_login(tree.users["district_office"])
    query = {"date_from": "01/01/2024", "date_to": "31/12/2024", "by": "field"}
    client.get(reverse("voters:statistics"), query)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("voters:statistics"), query)
    total = response.context["total"]
    assert (total.total, total.backlog) == (1, 1 + extra)
    assert response.context["term"] == term
    page = response.content.decode()
    assert 'id="backlog-note"' in page
    assert "23/05/2021" in page
    assert 'id="petition-total"' in page
    assert len(queries) == STATISTICS_QUERIES


def test_state_filter_reads_the_items_own_obligations(client, tree):
    """The state filter is a set of the items' obligations: an open one is "open", not
    "done_on_time"; once closed on time it moves there; an obligation of another kind (a
    letter's, a bare one) never brings an item into the list."""
    from followups.models import Obligation

    council = tree.council("commune")
    owed = classified(council, "Đề nghị sửa cầu dân sinh")
    services.petition_item_transfer(
        actor=system_actor(),
        item=owed,
        agency=_agency(council),
        transfer_number="13/HĐND",
        transfer_date=date(2024, 1, 15),
        due_on=date(2099, 2, 15),
    )
    client.force_login(tree.users["district_office"])

    def listed(state: str) -> list[int]:
        page = client.get(reverse(LISTS["petition_item"]), {"state": state}).context["page"]
        return [r.pk for r in page]

    assert listed("open") == [owed.pk]
    assert listed("done_on_time") == []
    owed.refresh_from_db()
    Obligation.objects.filter(pk=owed.obligation_id).update(
        outcome=Obligation.Outcome.DONE, ended_on=date(2024, 2, 1)
    )
    assert listed("done_on_time") == [owed.pk]
    assert listed("open") == []
    Obligation.objects.filter(pk=owed.obligation_id).update(kind=Obligation.Kind.LETTER)
    assert listed("done_on_time") == []


def test_council_filter_reads_the_readers_lineage_once(client, tree):
    """Filtered by the reader's own council, the items list shows what the council absorbed
    without reading again the successions the reader's scope read."""
    from councils.models import UnitKind, UnitSuccession
    from councils.services import units_reorganise
    from tests.factories import UnitFactory, council_of

    old = UnitFactory(name="Quảng Nam cũ", kind=UnitKind.PROVINCE)
    old_commune = UnitFactory(parent=old, name="Tam Kỳ", kind=UnitKind.COMMUNE)
    units_reorganise(
        actor=system_actor(),
        predecessors=[old],
        successor=tree.province,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2025, 7, 1),
    )
    absorbed = item(council_of(old_commune), "Đề nghị sửa cầu Tam Kỳ")
    ours = item(tree.council("commune"))
    item(tree.council("sibling_commune"))
    province = tree.council("province").pk
    client.force_login(tree.users["province_clerk"])
    url = reverse(LISTS["petition_item"])
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as bare:
        client.get(url)
    with CaptureQueriesContext(connection) as filtered:
        response = client.get(url, {"council": province})
    assert {r.pk for r in response.context["page"]} == {absorbed.pk, ours.pk}
    # The council, read by the form and by the filter; its successions, not again.
    assert len(filtered) == len(bare) + 2


def test_a_common_word_is_walked_recent_rows_first_and_not_counted(client, tree, monkeypatch):
    """A common word's list: the same rows in the same order as the counted list, one count
    query fewer; a page with a next one says "more than" its rows, the last one counts them."""
    council = tree.council("commune")
    today = timezone.localdate()
    for ago in (1, 5, 200, 400):
        item(council, f"Đề nghị nâng cấp đường thôn {ago}", raised_on=today - timedelta(days=ago))
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(tree.users["district_office"])
    url = reverse(LISTS["petition_item"])
    pages, counts = {}, {}
    for common in (False, True):
        monkeypatch.setattr(views.selectors, "search_is_common", lambda *_a, c=common: c)
        with CaptureQueriesContext(connection) as ctx:
            pages[common] = client.get(url, {"q": "nang cap duong"})
        counts[common] = sum("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
        assert len(ctx.captured_queries) <= 12
    walked, counted = pages[True].context["page"], pages[False].context["page"]
    assert [r.pk for r in walked] == [r.pk for r in counted]
    assert (counted.count, counted.capped) == (4, False)
    assert (walked.capped, walked.has_next()) == (True, True)
    assert "Hơn 3 dòng" in pages[True].content.decode()
    assert counts[True] == counts[False] - 1
    last = client.get(url, {"q": "nang cap duong", "page": 2}).context["page"]
    assert (len(last), last.count, last.capped, last.has_next()) == (1, 4, False, False)


@pytest.mark.parametrize("kind", list(MAKE))
def test_a_search_lists_the_same_rows_walked_or_not(client, tree, monkeypatch, kind):
    """A common word's list walks its order, a rare word's is left to the planner: the same
    rows in the same order, counted up to the search's cap."""
    council = tree.council("commune")

    def make(text: str):
        return item(council, text) if kind == "petition_item" else MAKE[kind](council, content=text)

    for i in range(4):
        make(f"Đề nghị nâng cấp đường thôn {i}")
    make("Cầu treo bản Khuổi Nặm")
    client.force_login(tree.users["district_office"])
    pages = {}
    for common in (False, True):
        monkeypatch.setattr(views.selectors, "search_is_common", lambda *_a, c=common: c)
        page = client.get(reverse(LISTS[kind]), {"q": "nang cap duong"}).context["page"]
        pages[common] = ([r.pk for r in page], page.count, page.cap)
    assert pages[True] == pages[False]
    assert len(pages[True][0]) == 4
    assert pages[True][2] == views.SEARCH_CAP

"""The follow-up pages: who opens what, what the list shows and counts, the Excel export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from followups import services
from followups.models import EscalationEvent, EvidenceFile, Obligation, Unit
from tests.conftest import WHO
from tests.factories import ObligationFactory, pdf_upload, system_actor

LIST = reverse("followups:obligation_list")
EXPORT = reverse("followups:obligation_export")
LOGIN = reverse("login")
NODES = ("district", "commune", "sibling_commune")


def login(client, tree, who: str) -> None:
    client.logout()
    if who != "anonymous":
        client.force_login(tree.users[who])


def html(response) -> str:
    return response.content.decode()


@dataclass
class Ledger:
    obligation: Obligation  # overdue since March 2025, one report with a PDF
    evidence: EvidenceFile


@pytest.fixture
def ledgers(tree, people) -> dict[str, Ledger]:
    found = {}
    for node in NODES:
        name = getattr(tree, node).name
        ob = ObligationFactory(
            council=people[node].council,
            owed_by=people[node].agency,
            title=f"Kiến nghị giải phóng mặt bằng {name}",
            fixed_due_on=date(2025, 3, 10),
        )
        report = services.obligation_report(
            actor=system_actor(),
            obligation=ob,
            reported_on=date(2025, 3, 5),
            content="Đã làm một phần",
            files=[pdf_upload(f"minh-chung-{node}.pdf")],
        )
        found[node] = Ledger(ob, report.files.get())
    return found


def _on(name: str) -> Callable[[dict, str], str]:
    return lambda ledgers, node: reverse(name, args=[ledgers[node].obligation.pk])


PAGES: dict[str, tuple[str, tuple, Callable]] = {
    "list": ("login", (None,), lambda ledgers, node: LIST),
    "export": ("login", (None,), lambda ledgers, node: EXPORT),
    "detail": ("read", NODES, _on("followups:obligation_detail")),
    "evidence": (
        "read",
        NODES,
        lambda ledgers, node: reverse(
            "followups:evidence_download", args=[ledgers[node].evidence.pk]
        ),
    ),
    **{
        action: ("edit", NODES, _on(f"followups:obligation_{action}"))
        for action in ("extend", "report", "escalate", "close")
    },
}
PAGE_CASES = [
    pytest.param(page, node, id=f"{page}-{node}" if node else page)
    for page, (_need, nodes, _url) in PAGES.items()
    for node in nodes
]


@pytest.mark.parametrize(("page", "node"), PAGE_CASES)
def test_page_access_matrix(client, tree, ledgers, expect, page, node):
    """Anonymous: the login page. Out of scope: a 404 that names nothing. A reader on an action
    page: 403. Otherwise the page."""
    need, _nodes, url = PAGES[page]
    observed = {}
    for who in WHO:
        login(client, tree, who)
        response = client.get(url(ledgers, node))
        observed[who] = response.status_code
        if response.status_code == 302:
            assert response.url.startswith(f"{LOGIN}?next="), who
        elif response.status_code in (403, 404) and node is not None:
            assert getattr(tree, node).name not in html(response), who
    assert observed == {who: expect.page(who, need, node) for who in WHO}


def test_reopen_page_matrix(client, tree, ledgers, expect):
    ob = ledgers["commune"].obligation
    services.obligation_close(
        actor=system_actor(), obligation=ob, outcome="done", ended_on=date(2025, 3, 9)
    )
    url = reverse("followups:obligation_reopen", args=[ob.pk])
    observed = {}
    for who in WHO:
        login(client, tree, who)
        observed[who] = client.get(url).status_code
    assert observed == {who: expect.page(who, "edit", "commune") for who in WHO}


@pytest.mark.parametrize("node", NODES)
def test_extend_post_matrix(client, tree, ledgers, expect, node):
    """A valid POST saves and redirects only for the council's editors; nothing is written
    for anyone else. Each attempt is rolled back."""
    ob = ledgers[node].obligation
    url = reverse("followups:obligation_extend", args=[ob.pk])
    data = {
        "new_due_on": "30/06/2025",
        "reason": "Chờ vốn",
        "document_number": "12/UBND",
        "document_date": "01/03/2025",
    }
    observed = {}
    for who in WHO:
        login(client, tree, who)
        with transaction.atomic():
            response = client.post(url, data)
            ob.refresh_from_db()
            if response.status_code == 302 and not response.url.startswith(LOGIN):
                observed[who] = "saved" if ob.due_on == date(2025, 6, 30) else "not saved"
            else:
                observed[who] = response.status_code
                assert ob.due_on == date(2025, 3, 10), who
            transaction.set_rollback(True)
    expected = {who: expect.page(who, "edit", node) for who in WHO}
    assert observed == {who: "saved" if code == 200 else code for who, code in expected.items()}


def test_escalate_form_shows_the_ladder_error(client, tree, ledgers):
    ob = ledgers["commune"].obligation
    services.obligation_escalate(
        actor=system_actor(), obligation=ob, step="refer", happened_on=date(2025, 4, 1)
    )
    login(client, tree, "province_clerk")
    response = client.post(
        reverse("followups:obligation_escalate", args=[ob.pk]),
        {"step": "urge_again", "happened_on": "02/04/2025"},
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["step"]] == ["step_backwards"]
    assert EscalationEvent.objects.filter(obligation=ob).count() == 1


def test_report_post_stores_evidence(client, tree, ledgers):
    ob = ledgers["commune"].obligation
    login(client, tree, "commune_office")
    response = client.post(
        reverse("followups:obligation_report", args=[ob.pk]),
        {
            "reported_on": "20/03/2025",
            "content": "Đã xong 80%",
            "progress": "80",
            "files": [pdf_upload("a.pdf"), pdf_upload("b.pdf")],
        },
    )
    assert response.status_code == 302
    names = EvidenceFile.objects.filter(report__obligation=ob, report__progress=80)
    assert sorted(names.values_list("original_name", flat=True)) == ["a.pdf", "b.pdf"]


# ---------------------------------------------------------------------------------------------
# The list.


def rows(response) -> list[Obligation]:
    return list(response.context["page"].object_list)


def test_list_shows_only_the_scope_and_counts_it(client, tree, ledgers):
    login(client, tree, "district_office")
    response = client.get(LIST)
    titles = {o.title for o in rows(response)}
    assert titles == {
        "Kiến nghị giải phóng mặt bằng Hiệp Đức",
        "Kiến nghị giải phóng mặt bằng Quế Thọ",
    }
    counts = response.context["counts"]
    assert (counts.total, counts.fell_due, counts.open_overdue) == (2, 2, 2)
    assert "2/2 (100,00%)" in html(response)
    assert "Đức Xuân" not in html(response)


def test_list_filters(client, tree, people, ledgers):
    council = people["commune"].council
    later = ObligationFactory(
        council=council,
        kind=Obligation.Kind.LETTER,
        title="Trả lời đơn của công dân",
        start_on=date(2024, 1, 1),
        fixed_due_on=date(2099, 1, 1),
    )
    login(client, tree, "province_clerk")

    def shown(**query) -> set[int]:
        return {o.pk for o in rows(client.get(LIST, query))}

    commune_ob = ledgers["commune"].obligation.pk
    district_ob = ledgers["district"].obligation.pk
    assert shown(state="overdue") == {commune_ob, district_ob}
    assert shown(state="not_yet_due") == {later.pk}
    assert shown(kind="letter") == {later.pk}
    assert shown(q="giai phong mat bang que tho") == {commune_ob}
    assert shown(owed_by=people["district"].agency.pk) == {district_ob}
    assert shown(council=council.pk) == {commune_ob, later.pk}
    assert shown(due_from="01/01/2090") == {later.pk}
    assert shown(state="open", due_to="31/12/2025") == {commune_ob, district_ob}


@pytest.mark.parametrize(("per_council", "page"), [(1, 1), (10, 1), (40, 3)])
def test_list_query_count(client, tree, people, django_assert_num_queries, per_council, page):
    """3, 30 or 120 rows from three councils, any page: session, user, scope (2), rules,
    counts, the capped count, the page's ids, its rows."""
    for node in ("district", "commune", "commune2"):
        for i in range(per_council):
            ObligationFactory(
                council=people[node].council,
                owed_by=people[node].agency if i % 2 else None,
                fixed_due_on=date(2025, 3, 10),
            )
    login(client, tree, "province_clerk")
    with django_assert_num_queries(9):
        response = client.get(LIST, {"state": "overdue", "page": page})
    total = 3 * per_council
    assert len(rows(response)) == min(50, total - (page - 1) * 50)
    assert response.context["counts"].total == total


def test_the_nations_counts_are_stored_for_minutes(client, tree, people, ledgers):
    """An administrator's header is counted once per filter set and kept a few minutes (the
    page says when it was counted); a province clerk's is counted on every request."""
    login(client, tree, "admin")
    first = client.get(LIST).context["counts"]
    assert first.total == 3
    assert first.counted_at is not None
    ObligationFactory(council=people["commune"].council, fixed_due_on=date(2025, 3, 10))
    again = client.get(LIST)
    assert again.context["counts"] == first
    assert 'id="counted-at"' in html(again)
    assert client.get(LIST, {"kind": "oversight_recommendation"}).context["counts"].total == 4
    login(client, tree, "province_clerk")
    live = client.get(LIST)
    assert live.context["counts"].total == 3  # the province's three, counted now
    assert live.context["counts"].counted_at is None
    assert 'id="counted-at"' not in html(live)


def test_list_pages_past_the_cap_without_a_last_page(client, tree, people, monkeypatch):
    """The rows are counted up to the cap (core.paging), not all of them: past it the pager
    has no last page, while the header still counts every row."""
    import core.paging

    council = people["commune"].council
    for _ in range(7):
        ObligationFactory(council=council, fixed_due_on=date(2025, 3, 10))
    login(client, tree, "province_clerk")
    monkeypatch.setattr(core.paging, "COUNT_CAP", 5)
    response = client.get(LIST)
    page = response.context["page"]
    assert page.capped
    assert page.num_pages is None
    assert len(page.object_list) == 7
    assert response.context["counts"].total == 7


def test_detail_query_count(client, tree, people, django_assert_num_queries):
    """Three extensions, reports with files and steps cost what one of each costs."""
    ob = ObligationFactory(council=people["commune"].council, fixed_due_on=date(2025, 3, 10))
    actor = system_actor()
    for month in (4, 5, 6):
        services.obligation_extend(
            actor=actor,
            obligation=ob,
            new_due_on=date(2025, month, 28),
            reason="Chờ vốn",
            document_number=f"{month}/UBND",
            document_date=date(2025, month - 1, 1),
        )
        services.obligation_report(
            actor=actor,
            obligation=ob,
            reported_on=date(2025, month, 1),
            content="Tiến độ",
            files=[pdf_upload(), pdf_upload()],
        )
    for step in ("urge", "urge_again", "refer"):
        services.obligation_escalate(
            actor=actor, obligation=ob, step=step, happened_on=date(2025, 7, 1)
        )
    login(client, tree, "province_clerk")
    with django_assert_num_queries(11):
        response = client.get(reverse("followups:obligation_detail", args=[ob.pk]))
    assert len(response.context["reports"]) == 3
    assert len(response.context["events"]) == 3
    assert set(response.context["forms"]) == {"extend", "report", "escalate", "close"}


def test_detail_hides_the_forms_from_readers(client, tree, ledgers):
    login(client, tree, "commune_delegate")
    response = client.get(
        reverse("followups:obligation_detail", args=[ledgers["commune"].obligation.pk])
    )
    assert response.status_code == 200
    assert response.context["forms"] == {}
    assert reverse("followups:obligation_extend", args=[ledgers["commune"].obligation.pk]) not in (
        html(response)
    )


# ---------------------------------------------------------------------------------------------
# The export.


def test_export_has_exactly_the_filtered_rows(client, tree, people, ledgers):
    ObligationFactory(
        council=people["commune"].council, title="Chưa đến hạn", fixed_due_on=date(2099, 1, 1)
    )
    login(client, tree, "province_clerk")
    response = client.get(EXPORT, {"state": "overdue"})
    assert response.status_code == 200
    sheet = load_workbook(_body(response)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Mã", "Loại việc", "Nội dung")
    data = sorted(values[1:], key=lambda row: row[3])
    assert [(row[2], row[3], row[7]) for row in data] == [
        ("Kiến nghị giải phóng mặt bằng Hiệp Đức", "Hội đồng nhân dân huyện Hiệp Đức", "Quá hạn"),
        ("Kiến nghị giải phóng mặt bằng Quế Thọ", "Hội đồng nhân dân xã Quế Thọ", "Quá hạn"),
    ]
    assert data[0][6].date() == date(2025, 3, 10)


def _body(response):
    from io import BytesIO

    return BytesIO(b"".join(response.streaming_content))


def test_big_exports_go_to_a_worker(client, tree, ledgers, settings):
    settings.EXPORT_SYNC_ROWS = 1
    login(client, tree, "province_clerk")
    response = client.get(EXPORT, {"state": "overdue"})
    assert response.status_code == 302
    from core.models import Export

    export = Export.objects.get()
    assert (export.kind, export.params) == ("followups.obligations", "state=overdue")


def test_terms_in_working_days_show_on_the_page(client, tree, people):
    ob = ObligationFactory(
        council=people["commune"].council,
        start_on=date(2025, 1, 20),
        term_count=10,
        term_unit=Unit.WORKING_DAYS,
    )
    login(client, tree, "province_clerk")
    response = client.get(reverse("followups:obligation_detail", args=[ob.pk]))
    assert "10 ngày làm việc" in html(response)
    assert "10/02/2025" in html(response)

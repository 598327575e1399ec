"""Resolution pages: who may open and act, the register's filters, the actions' bad input, and
query counts that do not grow with the rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from councils import scoping
from resolutions import services
from resolutions.models import (
    ImplementationReport,
    ImplementationTask,
    Resolution,
    ResolutionLink,
)
from sessions.models import Session
from tests.conftest import WHO
from tests.factories import (
    AgendaItemFactory,
    DelegateFactory,
    ResolutionFactory,
    SessionFactory,
    pdf_upload,
    seat,
    session_open,
    system_actor,
    vote,
)

LOGIN = reverse("login")
REGISTER = reverse("resolutions:register")
TARGETS = ("district", "commune", "sibling_commune")


def login(client, tree, who: str) -> None:
    if who != "anonymous":
        client.force_login(tree.users[who])


def html(response) -> str:
    return response.content.decode()


def rows(response) -> list[Resolution]:
    return list(response.context["page"].object_list)


@dataclass
class Papers:
    """What one council holds: a signed resolution with a PDF and an overdue task, another
    signed one (a link target), a draft, an adopted one waiting for its number, a session."""

    signed: Resolution
    other: Resolution
    draft: Resolution
    adopted: Resolution
    task: ImplementationTask
    session: Session


@pytest.fixture
def papers(tree, people, term) -> dict[str, Papers]:
    actor = system_actor()
    found = {}
    for node in TARGETS:
        council = people[node].council
        name = getattr(tree, node).name
        signed = ResolutionFactory(
            council=council,
            title=f"Nghị quyết mẫu {name}",
            signer="Nguyễn Văn Ký",
            signed_file=pdf_upload("nq-ky.pdf", b"signed " + name.encode()),
        )
        other = ResolutionFactory(council=council, title=f"Nghị quyết cũ {name}")
        draft = services.resolution_create(
            actor=actor,
            council=council,
            kind=Resolution.Kind.INDIVIDUAL,
            title=f"Dự thảo {name}",
            field="budget",
        )
        adopted = services.resolution_create(
            actor=actor,
            council=council,
            kind=Resolution.Kind.INDIVIDUAL,
            title=f"Đã thông qua {name}",
            field="budget",
            adopted_on=date(2023, 7, 12),
        )
        task = services.task_create(
            actor=actor,
            resolution=signed,
            agency=people[node].agency,
            description=f"Triển khai tại {name}",
            due_on=date(2023, 12, 31),
        )
        session = SessionFactory(council=council, term=term)
        found[node] = Papers(signed, other, draft, adopted, task, session)
    return found


def resolution_rows() -> dict[str, int]:
    """Row counts of every resolutions table, history included."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_app_config("resolutions").get_models()
    }


# ---------------------------------------------------------------------------------------------
# The access matrix: every page x every user x a council inside and outside the user's scope.

Url = Callable[[dict, str], str]


def _on(name: str, attr: str) -> Url:
    return lambda r, n: reverse(name, args=[getattr(r[n], attr).pk])


PAGES: dict[str, tuple[str, tuple, Url]] = {
    "register": ("login", (None,), lambda r, n: REGISTER),
    "register_export": ("login", (None,), lambda r, n: reverse("resolutions:register_export")),
    "task_overdue": ("login", (None,), lambda r, n: reverse("resolutions:task_overdue")),
    "resolution_detail": ("read", TARGETS, _on("resolutions:resolution_detail", "signed")),
    "resolution_file": ("read", TARGETS, _on("resolutions:resolution_file", "signed")),
    "resolution_create": (
        "edit",
        TARGETS,
        lambda r, n: f"{reverse('resolutions:resolution_create')}?session={r[n].session.pk}",
    ),
    "resolution_update": ("edit", TARGETS, _on("resolutions:resolution_update", "draft")),
    "resolution_correct": ("edit", TARGETS, _on("resolutions:resolution_update", "signed")),
    "resolution_transition": ("edit", TARGETS, _on("resolutions:resolution_transition", "draft")),
    "resolution_issue": ("edit", TARGETS, _on("resolutions:resolution_issue", "adopted")),
    "resolution_link": ("edit", TARGETS, _on("resolutions:resolution_link", "signed")),
    "task_create": ("edit", TARGETS, _on("resolutions:task_create", "signed")),
    "task_report": ("edit", TARGETS, _on("resolutions:task_report", "task")),
    "task_close": ("edit", TARGETS, _on("resolutions:task_close", "task")),
}
PAGE_CASES = [
    pytest.param(page, node, id=f"{page}-{node}" if node else page)
    for page, (_need, nodes, _url) in PAGES.items()
    for node in nodes
]


@pytest.mark.parametrize(("page", "node"), PAGE_CASES)
def test_page_access_matrix(client, tree, papers, expect, page, node):
    """Anonymous: the login page. Out of scope: a 404 that names nothing. A reader on an action
    page: 403. Otherwise the page."""
    need, _nodes, url = PAGES[page]
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        response = client.get(url(papers, node))
        observed[who] = response.status_code
        if response.status_code == 302:
            assert response.url.startswith(f"{LOGIN}?next="), who
        elif response.status_code in (403, 404) and node is not None:
            assert getattr(tree, node).name not in html(response), who
    assert observed == {who: expect.page(who, need, node) for who in WHO}


# page: the form data from (papers, people, node), and whether it was saved.
POSTS: dict[str, tuple[Callable, Callable]] = {
    "resolution_create": (
        lambda r, p, n: {
            "council": p[n].council.pk,
            "kind": Resolution.Kind.INDIVIDUAL,
            "field": "budget",
            "title": "Nghị quyết mới Tân Mỹ",
            "session": r[n].session.pk,
        },
        lambda r, p, n: Resolution.objects.filter(
            title="Nghị quyết mới Tân Mỹ", session=r[n].session
        ).exists(),
    ),
    "resolution_update": (
        lambda r, p, n: {
            "council": p[n].council.pk,
            "kind": Resolution.Kind.NORMATIVE,
            "field": "health",
            "title": "Dự thảo đã sửa",
            "session": r[n].session.pk,
        },
        lambda r, p, n: Resolution.objects.filter(
            pk=r[n].draft.pk, title="Dự thảo đã sửa", field="health", session=r[n].session
        ).exists(),
    ),
    "resolution_correct": (
        lambda r, p, n: {
            "title": "Trích yếu đã đính chính",
            "field": "health",
            "adopted_on": "12/07/2023",
            "issued_on": "14/07/2023",
            "signer": "Nguyễn Văn Ký",
            "effective_on": "15/07/2023",
            "reason": "Sai chính tả",
        },
        lambda r, p, n: Resolution.objects.filter(
            pk=r[n].signed.pk,
            title="Trích yếu đã đính chính",
            effective_on=date(2023, 7, 15),
            corrections__reason="Sai chính tả",
        ).exists(),
    ),
    "resolution_transition": (
        lambda r, p, n: {"to_status": Resolution.Status.UNDER_REVIEW, "note": "Gửi Ban"},
        lambda r, p, n: Resolution.objects.filter(
            pk=r[n].draft.pk, status=Resolution.Status.UNDER_REVIEW
        ).exists(),
    ),
    "resolution_issue": (
        lambda r, p, n: {"issued_on": "20/07/2023", "effective_on": "01/08/2023", "signer": "B"},
        lambda r, p, n: Resolution.objects.filter(pk=r[n].adopted.pk, number="03/NQ-HĐND").exists(),
    ),
    "resolution_link": (
        lambda r, p, n: {"kind": "amends", "target": r[n].other.pk, "effective_on": "01/09/2023"},
        lambda r, p, n: ResolutionLink.objects.filter(
            source=r[n].signed, target=r[n].other
        ).exists(),
    ),
    "task_create": (
        lambda r, p, n: {"agency": p[n].agency.pk, "description": "Nhiệm vụ mới Tân Mỹ"},
        lambda r, p, n: ImplementationTask.objects.filter(
            description="Nhiệm vụ mới Tân Mỹ"
        ).exists(),
    ),
    "task_report": (
        lambda r, p, n: {
            "kind": "note",
            "reported_on": "01/10/2023",
            "content": "Đã triển khai Tân Mỹ",
            "progress": "50",
        },
        lambda r, p, n: ImplementationReport.objects.filter(
            task=r[n].task, report__progress=50
        ).exists(),
    ),
    "task_close": (
        lambda r, p, n: {"status": "done", "completed_on": "01/10/2023"},
        lambda r, p, n: ImplementationTask.objects.filter(
            pk=r[n].task.pk, obligation__outcome="done"
        ).exists(),
    ),
}
POST_CASES = [
    pytest.param(page, node, id=f"{page}-{node}") for page in POSTS for node in PAGES[page][1]
]


@pytest.mark.parametrize(("page", "node"), POST_CASES)
def test_action_post_matrix(client, tree, people, papers, expect, page, node):
    """A valid POST saves and redirects only for the council's editors; everyone else gets the
    GET answer and no resolution table changes. Each attempt is rolled back."""
    _need, _nodes, url = PAGES[page]
    data, saved = POSTS[page]
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        with transaction.atomic():
            before = resolution_rows()
            response = client.post(url(papers, node), data(papers, people, node))
            if response.status_code == 302 and not response.url.startswith(LOGIN):
                observed[who] = "saved" if saved(papers, people, node) else "not saved"
            else:
                observed[who] = response.status_code
                if response.status_code == 200:
                    observed[who] = (200, response.context["form"].errors)
                assert not saved(papers, people, node), who
                assert resolution_rows() == before, who
            transaction.set_rollback(True)
    expected = {who: expect.page(who, "edit", node) for who in WHO}
    assert observed == {who: "saved" if code == 200 else code for who, code in expected.items()}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("province_clerk", 200),
        ("district_office", 200),
        ("commune_office", 200),
        ("sibling_clerk", 200),
        ("admin", 200),
        ("province_standing", 403),
        ("commune_delegate", 403),
        ("no_role", 403),
        ("anonymous", 302),
    ],
)
def test_create_without_session_needs_a_council_to_edit(client, tree, who, status):
    """Without ?session= the form opens for anyone who may write for some council."""
    login(client, tree, who)
    assert client.get(reverse("resolutions:resolution_create")).status_code == status


# ---------------------------------------------------------------------------------------------
# The register: scope, filters, search without diacritics, the overdue flag.

NODES = ("province", "district", "commune", "commune2", "sibling", "sibling_commune")


@pytest.mark.parametrize("who", [w for w in WHO if w != "anonymous"])
def test_register_lists_only_resolutions_in_scope(client, tree, people, expect, who):
    """Each council's resolution appears for users who read it and is named nowhere else."""
    made = {
        n: ResolutionFactory(council=people[n].council, title=f"Nghị quyết của {n}") for n in NODES
    }
    login(client, tree, who)
    response = client.get(REGISTER)
    assert {r.pk for r in rows(response)} == {made[n].pk for n in NODES if n in expect.reads[who]}
    for n in NODES:
        if n not in expect.reads[who]:
            assert f"Nghị quyết của {n}" not in html(response)


def test_register_search_ignores_diacritics_and_finds_numbers(client, tree, people):
    """ "nghi quyet bien che" finds "biên chế"; a number typed as printed finds its resolution."""
    council = people["district"].council
    wanted = ResolutionFactory(council=council, title="Nghị quyết về biên chế công chức năm 2024")
    ResolutionFactory(council=council, title="Nghị quyết về dự toán ngân sách")
    client.force_login(tree.users["province_clerk"])
    response = client.get(REGISTER, {"q": "nghi quyet bien che"})
    assert [r.pk for r in rows(response)] == [wanted.pk]
    response = client.get(REGISTER, {"q": "NGHỊ QUYẾT BIÊN CHẾ"})
    assert [r.pk for r in rows(response)] == [wanted.pk]
    response = client.get(REGISTER, {"q": wanted.number})
    assert [r.pk for r in rows(response)] == [wanted.pk]
    assert wanted.number == "01/NQ-HĐND"


def test_register_filters_combine(client, tree, people, term):
    """Year, field, status, kind, council subtree and session narrow the rows together."""
    district, commune = people["district"].council, people["commune"].council
    session = SessionFactory(council=district, term=term)
    a = ResolutionFactory(council=district, field="health", session=session)
    b = ResolutionFactory(council=district, field="health", issued_on=date(2024, 2, 1))
    c = ResolutionFactory(council=commune, field="health", kind=Resolution.Kind.NORMATIVE)
    d = ResolutionFactory(council=commune, field="education")
    draft = services.resolution_create(
        actor=system_actor(), council=district, kind="individual", title="Dự thảo", field="health"
    )
    client.force_login(tree.users["province_clerk"])

    def found(**params) -> set[int]:
        return {r.pk for r in rows(client.get(REGISTER, params))}

    assert found(field="health") == {a.pk, b.pk, c.pk, draft.pk}
    assert found(field="health", year="2023") == {a.pk, c.pk}
    assert found(year="2024") == {b.pk}
    assert found(kind="normative") == {c.pk}
    assert found(status="draft") == {draft.pk}
    assert found(status="in_force", council=str(commune.pk)) == {c.pk, d.pk}
    assert found(council=str(district.pk)) == {a.pk, b.pk, c.pk, d.pk, draft.pk}
    assert found(session=str(session.pk)) == {a.pk}


def test_register_keeps_the_users_values_and_shows_bad_ones(client, tree, people):
    """The filter bar comes back as typed; a year that is not a number is marked on its field."""
    ResolutionFactory(council=people["district"].council)
    client.force_login(tree.users["province_clerk"])
    council = people["commune"].council
    response = client.get(
        REGISTER, {"q": "bien che", "field": "health", "council": str(council.pk), "year": "2023"}
    )
    page = html(response)
    assert 'value="bien che"' in page
    assert '<option value="health" selected>' in page
    # The council is a search box (it must not read every council on each page): the chosen
    # one comes back as its id and its name.
    assert f'name="council" value="{council.pk}"' in page
    assert f'value="{council.name}"' in page
    assert 'value="2023"' in page
    response = client.get(REGISTER, {"year": "hai nghìn", "q": "ngan sach"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"year"}
    assert 'value="hai nghìn"' in html(response)
    assert 'value="ngan sach"' in html(response)


@pytest.mark.parametrize("who", ["province_clerk", "district_office", "sibling_clerk"])
def test_register_council_choices_are_the_councils_in_scope(client, tree, people, expect, who):
    """The council filter offers exactly the councils the user reads."""
    client.force_login(tree.users[who])
    response = client.get(REGISTER)
    offered = {pk for pk, _label in response.context["form"].fields["council"].choices if pk}
    assert offered == {people[n].council.pk for n in NODES if n in expect.reads[who]}


def test_register_flags_resolutions_with_an_overdue_task(client, tree, people):
    """An open task past its deadline or report date flags the row; a closed one does not."""
    council, agency = people["district"].council, people["district"].agency
    actor = system_actor()
    past = timezone.localdate() - timedelta(days=1)
    late = ResolutionFactory(council=council)
    services.task_create(
        actor=actor, resolution=late, agency=agency, description="Báo cáo", due_on=past
    )
    report_late = ResolutionFactory(council=council)
    services.task_create(
        actor=actor,
        resolution=report_late,
        agency=agency,
        description="Báo cáo định kỳ",
        report_every_months=3,
        first_report_due=past,
    )
    closed = ResolutionFactory(council=council)
    task = services.task_create(
        actor=actor, resolution=closed, agency=agency, description="Xong", due_on=past
    )
    services.task_close(actor=actor, task=task, status="done", completed_on=past)
    on_time = ResolutionFactory(council=council)
    services.task_create(
        actor=actor,
        resolution=on_time,
        agency=agency,
        description="Còn hạn",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    client.force_login(tree.users["province_clerk"])
    response = client.get(REGISTER)
    flags = {r.pk: r.has_overdue for r in rows(response)}
    assert flags == {late.pk: True, report_late.pk: True, closed.pk: False, on_time.pk: False}
    assert html(response).count(">quá hạn</span>") == 2


def test_register_pages_and_counts(client, tree, people):
    """50 rows a page; the count and the second page cover the rest."""
    for _ in range(55):
        ResolutionFactory(council=people["commune"].council)
    client.force_login(tree.users["province_clerk"])
    first = client.get(REGISTER)
    second = client.get(REGISTER, {"page": "2"})
    assert len(rows(first)) == 50
    assert len(rows(second)) == 5
    assert "55 nghị quyết." in html(first)
    assert {r.pk for r in rows(first)}.isdisjoint({r.pk for r in rows(second)})


def test_register_query_count(client, tree, people, django_assert_num_queries):
    """30 rows from three councils, some with tasks: session, user, scope (2), count, the
    page's ids, rows with their councils and overdue flags (the council filter is a search box
    that reads no council)."""
    actor = system_actor()
    for n in ("district", "commune", "commune2"):
        for i in range(10):
            r = ResolutionFactory(council=people[n].council)
            if i % 3 == 0:
                services.task_create(
                    actor=actor,
                    resolution=r,
                    agency=people[n].agency,
                    description="Việc",
                    due_on=date(2023, 12, 1),
                )
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(7):
        response = client.get(REGISTER, {"field": "budget"})
    assert len(rows(response)) == 30
    assert sum(r.has_overdue for r in rows(response)) == 12


# ---------------------------------------------------------------------------------------------
# One resolution.


def test_detail_shows_the_record_vote_links_tasks_and_history(client, tree, people, term):
    """Number, dates, vote as counts and % of all delegates, links both ways, tasks with their
    reports and the overdue badge, and every status move."""
    council = people["district"].council
    for i in range(4):
        seat(DelegateFactory(council=council, full_name=f"Đại biểu số {i}"), term)
    session = SessionFactory(council=council, term=term)
    item = AgendaItemFactory(session=session)
    session = session_open(session)
    result = vote(item, votes_for=4)  # the people fixture seated one more: 4 of 5
    old = ResolutionFactory(council=council, title="Nghị quyết cũ về phí")
    new = ResolutionFactory(
        council=council,
        title="Nghị quyết về phí tham quan",
        session=session,
        item=item,
        vote=result,
        signer="Nguyễn Văn Ký",
        signed_file=pdf_upload("nq-phi.pdf"),
    )
    actor = system_actor()
    services.resolution_link(
        actor=actor, source=new, target=old, kind="replaces", effective_on=date(2023, 8, 1)
    )
    task = services.task_create(
        actor=actor,
        resolution=new,
        agency=people["district"].agency,
        description="Thu phí theo biểu mới",
        due_on=date(2023, 12, 31),
    )
    services.task_report(
        actor=actor,
        task=task,
        kind="report",
        reported_on=date(2023, 10, 1),
        content="Đã thu 60% kế hoạch",
        progress=60,
        reference="123/BC-UBND",
    )
    client.force_login(tree.users["province_standing"])
    page = html(client.get(reverse("resolutions:resolution_detail", args=[new.pk])))
    assert "Nghị quyết số 02/NQ-HĐND" in page
    assert "14/07/2023" in page
    assert "12/07/2023" in page
    assert "4/5 đại biểu tán thành" in page
    assert "80,00%" in page
    assert reverse("sessions:session_detail", args=[session.pk]) in page
    assert reverse("resolutions:resolution_detail", args=[old.pk]) in page
    assert "thay thế" in page
    assert "Thu phí theo biểu mới" in page
    assert "Đã thu 60% kế hoạch" in page
    assert "123/BC-UBND" in page
    assert ">quá hạn</span>" in page  # 31/12/2023 has passed
    assert reverse("resolutions:resolution_file", args=[new.pk]) in page
    assert "Đang có hiệu lực" in page
    # A reader gets no action forms.
    assert reverse("resolutions:task_report", args=[task.pk]) not in page
    old_page = html(client.get(reverse("resolutions:resolution_detail", args=[old.pk])))
    assert "Đã được thay thế" in old_page
    assert reverse("resolutions:resolution_detail", args=[new.pk]) in old_page


def test_detail_hides_links_whose_other_end_is_out_of_scope(client, tree, people):
    """A link to another council's resolution shows only to users who may read that one."""
    district = ResolutionFactory(council=people["district"].council, title="Nghị quyết huyện")
    province = ResolutionFactory(council=people["province"].council, title="Nghị quyết tỉnh kín")
    services.resolution_link(
        actor=system_actor(),
        source=province,
        target=district,
        kind="annuls",
        effective_on=date(2023, 9, 1),
    )
    url = reverse("resolutions:resolution_detail", args=[district.pk])
    client.force_login(tree.users["district_office"])
    page = html(client.get(url))
    assert "Bị bãi bỏ" in page  # the status still says what happened
    assert "Nghị quyết tỉnh kín" not in page
    assert reverse("resolutions:resolution_detail", args=[province.pk]) not in page
    client.force_login(tree.users["province_clerk"])
    assert "Nghị quyết tỉnh kín" in html(client.get(url))


def test_detail_query_count(client, tree, people, django_assert_num_queries):
    """Five tasks with three reports each and two links cost no more than one task."""
    council = people["district"].council
    actor = system_actor()
    resolution = ResolutionFactory(council=council)
    for _ in range(2):
        services.resolution_link(
            actor=actor,
            source=resolution,
            target=ResolutionFactory(council=council),
            kind="amends",
            effective_on=date(2023, 8, 1),
        )
    for i in range(5):
        task = services.task_create(
            actor=actor,
            resolution=resolution,
            agency=people["district"].agency,
            description=f"Việc {i}",
            report_every_months=3,
        )
        for month in (8, 9, 10):
            services.task_report(
                actor=actor,
                task=task,
                kind="note",
                reported_on=date(2023, month, 1),
                content="Tiến độ",
            )
    client.force_login(tree.users["province_clerk"])
    url = reverse("resolutions:resolution_detail", args=[resolution.pk])
    # session, user, scope (2), resolution, links out, links in, transitions with actors,
    # corrections, council unit for the edit check, the council's rules (due-soon window and
    # reminder days), tasks with their obligations, their reports with authors, their files
    with django_assert_num_queries(14):
        response = client.get(url)
    assert len(response.context["tasks"]) == 5
    assert html(response).count("Tiến độ</td>") == 15


def test_signed_file_downloads_only_through_scope(client, tree, papers):
    """The PDF comes back as an attachment under its original name; no file is a 404."""
    client.force_login(tree.users["district_office"])
    response = client.get(
        reverse("resolutions:resolution_file", args=[papers["district"].signed.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="nq-ky.pdf"' in response["Content-Disposition"]
    response = client.get(
        reverse("resolutions:resolution_file", args=[papers["district"].other.pk])
    )
    assert response.status_code == 404


def test_issue_assigns_the_next_number_and_shows_it(client, tree, papers):
    """Two numbers taken in 2023 by the district: the adopted one gets 03, never typed."""
    client.force_login(tree.users["district_office"])
    adopted = papers["district"].adopted
    response = client.post(
        reverse("resolutions:resolution_issue", args=[adopted.pk]),
        {
            "issued_on": "20/07/2023",
            "effective_on": "01/08/2023",
            "signer": "Trần Văn Chủ Tịch",
            "signed_file": pdf_upload("ban-ky.pdf"),
        },
        follow=True,
    )
    adopted.refresh_from_db()
    assert adopted.number == "03/NQ-HĐND"
    assert (adopted.issued_on, adopted.effective_on) == (date(2023, 7, 20), date(2023, 8, 1))
    assert adopted.status == Resolution.Status.IN_FORCE
    assert adopted.signed_file_name == "ban-ky.pdf"
    assert "Đã ban hành nghị quyết số 03/NQ-HĐND." in html(response)


def test_issue_bad_input_stays_on_the_form(client, tree, papers):
    """A signing date before adoption and an impossible date come back on their fields, with
    what was typed; no number is taken."""
    client.force_login(tree.users["district_office"])
    url = reverse("resolutions:resolution_issue", args=[papers["district"].adopted.pk])
    response = client.post(url, {"issued_on": "01/07/2023", "signer": "Trần Văn B"})
    assert set(response.context["form"].errors) == {"issued_on"}
    assert 'value="01/07/2023"' in html(response)
    assert 'value="Trần Văn B"' in html(response)
    response = client.post(url, {"issued_on": "32/13/2023", "effective_on": "01/08/2023"})
    assert set(response.context["form"].errors) == {"issued_on"}
    assert 'value="32/13/2023"' in html(response)
    response = client.post(url, {"issued_on": "20/07/2023", "effective_on": "19/07/2023"})
    assert set(response.context["form"].errors) == {"effective_on"}
    response = client.post(url, {"issued_on": "20/07/2023", "signed_file": pdf_upload("virus.exe")})
    assert set(response.context["form"].errors) == {"signed_file"}
    assert Resolution.objects.get(pk=papers["district"].adopted.pk).number == ""


def test_issue_of_a_draft_is_refused_with_a_reason(client, tree, papers):
    """Only an adopted resolution is signed: the service's reason is shown, nothing changes."""
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("resolutions:resolution_issue", args=[papers["district"].draft.pk]),
        {"issued_on": "20/07/2023"},
    )
    assert response.context["form"].non_field_errors()
    assert Resolution.objects.get(pk=papers["district"].draft.pk).number == ""


def test_transition_offers_only_moves_made_by_hand(client, tree, papers):
    """From in force: expiry only; amended/replaced/annulled come through links, signing through
    issue."""
    client.force_login(tree.users["district_office"])
    signed = papers["district"].signed
    response = client.get(reverse("resolutions:resolution_transition", args=[signed.pk]))
    assert [c for c, _l in response.context["form"].fields["to_status"].choices] == ["expired"]
    adopted = papers["district"].adopted
    response = client.get(reverse("resolutions:resolution_transition", args=[adopted.pk]))
    assert response.context["form"].fields["to_status"].choices == []
    response = client.post(
        reverse("resolutions:resolution_transition", args=[signed.pk]),
        {"to_status": "expired", "on": "31/12/2023"},
    )
    signed.refresh_from_db()
    assert (signed.status, signed.effective_to) == ("expired", date(2023, 12, 31))


def test_link_targets_are_the_councils_issued_resolutions(client, tree, people, papers):
    """Same council, issued, not itself: other councils' and unnumbered ones are not offered."""
    client.force_login(tree.users["province_clerk"])
    p = papers["district"]
    response = client.get(reverse("resolutions:resolution_link", args=[p.signed.pk]))
    assert list(response.context["form"].fields["target"].queryset) == [p.other]
    response = client.post(
        reverse("resolutions:resolution_link", args=[p.signed.pk]),
        {"kind": "annuls", "target": papers["commune"].other.pk, "effective_on": "01/09/2023"},
    )
    assert set(response.context["form"].errors) == {"target"}
    assert not ResolutionLink.objects.exists()
    response = client.post(
        reverse("resolutions:resolution_link", args=[p.signed.pk]),
        {"kind": "annuls", "target": p.other.pk, "effective_on": "01/09/2023"},
    )
    p.other.refresh_from_db()
    assert (p.other.status, p.other.effective_to) == ("annulled", date(2023, 9, 1))


def test_task_forms_offer_the_councils_agencies_and_keep_bad_input(client, tree, people, papers):
    """Agencies come from the resolution's council; a progress over 100% stays on its field."""
    client.force_login(tree.users["province_clerk"])
    p = papers["district"]
    response = client.get(reverse("resolutions:task_create", args=[p.signed.pk]))
    assert list(response.context["form"].fields["agency"].queryset) == [people["district"].agency]
    response = client.post(
        reverse("resolutions:task_create", args=[p.signed.pk]),
        {"agency": people["district"].agency.pk, "description": "Việc", "due_on": "01/01/2020"},
    )
    assert set(response.context["form"].errors) == {"due_on"}
    assert 'value="01/01/2020"' in html(response)
    response = client.post(
        reverse("resolutions:task_report", args=[p.task.pk]),
        {"kind": "report", "reported_on": "01/10/2023", "content": "Báo cáo", "progress": "150"},
    )
    assert response.context["form"].errors == {"progress": ["Tiến độ phải từ 0 đến 100%."]}
    assert "Báo cáo</textarea>" in html(response)
    assert not ImplementationReport.objects.exists()


def test_task_report_moves_the_next_report_date(client, tree, people, papers):
    """A periodic report pushes the next report date on by the task's rhythm."""
    client.force_login(tree.users["district_office"])
    task = services.task_create(
        actor=system_actor(),
        resolution=papers["district"].signed,
        agency=people["district"].agency,
        description="Báo cáo quý",
        report_every_months=3,
    )
    assert task.next_report_due == date(2023, 10, 14)
    response = client.post(
        reverse("resolutions:task_report", args=[task.pk]),
        {"kind": "report", "reported_on": "10/10/2023", "content": "Quý III", "progress": "40"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.next_report_due == date(2024, 1, 14)


# ---------------------------------------------------------------------------------------------
# Creating: draft or register; choices from the council alone.


def test_create_offers_only_councils_the_user_edits(client, tree, people):
    """An office edits its own council; a secretariat its subtree (what can_edit_council says)."""
    for who in ("district_office", "province_clerk", "sibling_clerk"):
        user = tree.users[who]
        client.force_login(user)
        response = client.get(reverse("resolutions:resolution_create"))
        offered = set(response.context["form"].fields["council"].queryset)
        expected = {p.council for p in people.values() if scoping.can_edit_council(user, p.council)}
        assert offered == expected, who
    assert offered == {people["sibling"].council, people["sibling_commune"].council}


def test_create_from_a_session_prefills_and_limits_choices(client, tree, people, term):
    """?session= picks the council and the session; items and votes are that session's."""
    district = people["district"].council
    session = SessionFactory(council=district, term=term)
    elsewhere = SessionFactory(council=people["commune"].council, term=term)
    item = AgendaItemFactory(session=session)
    AgendaItemFactory(session=elsewhere)
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("resolutions:resolution_create"), {"session": session.pk})
    form = response.context["form"]
    assert form["council"].value() == district.pk
    assert form["session"].value() == session.pk
    assert list(form.fields["session"].queryset) == [session]
    assert list(form.fields["item"].queryset) == [item]
    response = client.post(
        f"{reverse('resolutions:resolution_create')}?session={session.pk}",
        {
            "council": district.pk,
            "kind": "individual",
            "field": "budget",
            "title": "Nghị quyết về phí",
            "session": elsewhere.pk,
        },
    )
    assert set(response.context["form"].errors) == {"session"}
    assert "Nghị quyết về phí</textarea>" in html(response)
    assert not Resolution.objects.filter(title="Nghị quyết về phí").exists()


def test_create_choices_follow_the_council_through_htmx(client, tree, people, term):
    """Choosing a council reloads only the session, item and vote fields with its sessions."""
    session = SessionFactory(council=people["commune"].council, term=term)
    SessionFactory(council=people["district"].council, term=term)
    client.force_login(tree.users["province_clerk"])
    response = client.get(
        reverse("resolutions:resolution_create"),
        {"council": people["commune"].council.pk, "session": ""},
        headers={"hx-request": "true"},
    )
    names = [t.name for t in response.templates]
    assert names[0] == "resolutions/_linked_fields.html"
    assert "base.html" not in names
    assert names.count("resolutions/_field.html") == 3
    assert html(response).startswith('<div class="row g-3 mt-0" id="linked-fields">')
    assert list(response.context["form"].fields["session"].queryset) == [session]


def test_create_draft_then_register_in_one_go(client, tree, people, term):
    """A draft has no number; registering an adopted, signed one gives the next number."""
    council = people["commune"].council
    client.force_login(tree.users["commune_office"])
    url = reverse("resolutions:resolution_create")
    response = client.post(
        url,
        {"council": council.pk, "kind": "normative", "field": "land", "title": "Dự thảo giá đất"},
    )
    draft = Resolution.objects.get(title="Dự thảo giá đất")
    assert response.url == reverse("resolutions:resolution_detail", args=[draft.pk])
    assert (draft.status, draft.number) == ("draft", "")

    for i in range(4):
        seat(DelegateFactory(council=council, full_name=f"Đại biểu {i}"), term)
    session = SessionFactory(council=council, term=term)
    item = AgendaItemFactory(session=session)
    session = session_open(session)
    result = vote(item, votes_for=5)
    response = client.post(
        f"{url}?mode=register&session={session.pk}",
        {
            "council": council.pk,
            "kind": "normative",
            "field": "land",
            "title": "Nghị quyết quy định giá đất",
            "session": session.pk,
            "vote": result.pk,  # its item is taken from the vote
            "adopted_on": "12/07/2023",
            "issued_on": "14/07/2023",
            "effective_on": "24/07/2023",
            "signer": "Lê Văn Chủ Tịch",
        },
        follow=True,
    )
    made = Resolution.objects.get(title="Nghị quyết quy định giá đất")
    assert made.number == "01/2023/NQ-HĐND"
    assert (made.item, made.vote, made.status) == (item, result, "in_force")
    assert "Đã vào sổ nghị quyết số 01/2023/NQ-HĐND." in html(response)


def test_register_mode_bad_input_keeps_values(client, tree, people):
    """Missing dates in register mode are marked on their fields; the title typed stays."""
    client.force_login(tree.users["commune_office"])
    response = client.post(
        f"{reverse('resolutions:resolution_create')}?mode=register",
        {
            "council": people["commune"].council.pk,
            "kind": "individual",
            "field": "budget",
            "title": "Nghị quyết về biên chế",
            "adopted_on": "15/07/2023",
            "issued_on": "14/07/2023",
        },
    )
    assert set(response.context["form"].errors) == {"issued_on"}
    page = html(response)
    assert "Nghị quyết về biên chế</textarea>" in page
    assert 'value="15/07/2023"' in page
    assert not Resolution.objects.exists()


# ---------------------------------------------------------------------------------------------
# Overdue tasks.


@pytest.mark.parametrize(
    "who", ["province_clerk", "district_office", "commune_delegate", "no_role"]
)
def test_overdue_page_lists_overdue_tasks_in_scope(client, tree, papers, expect, who):
    """Each council's overdue task appears for its readers; a closed one nowhere."""
    services.task_close(
        actor=system_actor(),
        task=papers["commune"].task,
        status="not_done",
        completed_on=date(2024, 1, 5),
    )
    client.force_login(tree.users[who])
    response = client.get(reverse("resolutions:task_overdue"))
    shown = {t.pk for t in response.context["page"].object_list}
    expected = {
        papers[n].task.pk for n in ("district", "sibling_commune") if n in expect.reads[who]
    }
    assert shown == expected


def test_overdue_page_query_count(client, tree, people, django_assert_num_queries):
    """30 overdue tasks from two councils: session, user, scope (2), the due-soon and reminder
    rules, count, ids, rows."""
    actor = system_actor()
    for n in ("district", "commune"):
        resolution = ResolutionFactory(council=people[n].council)
        for i in range(15):
            services.task_create(
                actor=actor,
                resolution=resolution,
                agency=people[n].agency,
                description=f"Việc {i}",
                due_on=date(2023, 9, 1),
            )
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(9):
        response = client.get(reverse("resolutions:task_overdue"))
    assert len(response.context["page"].object_list) == 30

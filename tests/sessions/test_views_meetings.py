"""Session pages: who may open and change what, query counts, bad input, uploads and downloads."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from councils.models import Body
from resolutions.models import Resolution
from sessions import services
from sessions.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Document,
    DocumentVersion,
    Session,
    Sitting,
    Vote,
)
from tests.conftest import WHO
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    DelegateFactory,
    DocumentFactory,
    ResolutionFactory,
    SessionFactory,
    body,
    pdf_upload,
    seat,
    session_open,
    system_actor,
    vote,
)

LOGIN = reverse("login")
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]")
TARGETS = ("district", "commune", "sibling_commune")


def login(client, tree, who: str) -> None:
    if who != "anonymous":
        client.force_login(tree.users[who])


def html(response) -> str:
    return response.content.decode()


def exe_named_pdf() -> SimpleUploadedFile:
    """A Windows program renamed to look like a PDF (starts with the MZ header)."""
    return SimpleUploadedFile(
        "to-trinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "application/pdf"
    )


@dataclass
class Node:
    """A session of one council of the tree, open, with what its pages work on."""

    session: Session
    item: AgendaItem  # has a document and a vote
    item2: AgendaItem  # nothing recorded yet
    document: Document
    version: DocumentVersion
    sitting: Sitting


def make_node(council, term) -> Node:
    actor = system_actor()
    session = SessionFactory(council=council, term=term, title=f"Kỳ họp của {council.name}")
    item = AgendaItemFactory(session=session)
    item2 = AgendaItemFactory(session=session)
    document = DocumentFactory(session=session, item=item)
    session = session_open(session)
    sitting = services.sitting_create(
        actor=actor, session=session, on=date(2023, 7, 10), part=Sitting.Part.MORNING
    )
    item.refresh_from_db()
    vote(item, votes_for=1)
    return Node(
        session=session,
        item=item,
        item2=item2,
        document=document,
        version=document.versions.get(),
        sitting=sitting,
    )


@pytest.fixture
def nodes(tree, people, term) -> dict[str, Node]:
    """An open session (in_session since 10/07/2023) on the district, a commune and the sibling
    province's commune; each council has one seated delegate (the `people` fixture)."""
    return {n: make_node(people[n].council, term) for n in TARGETS}


def session_rows() -> dict[str, int]:
    """Row counts of every sessions table (history included): to prove nothing was written."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_app_config("council_sessions").get_models()
    }


# ---------------------------------------------------------------------------------------------
# The access matrix: every page x every user x a session inside and outside the user's scope.

Url = Callable[[dict, str], str]


def _session_url(name: str) -> Url:
    return lambda ns, n: reverse(name, args=[ns[n].session.pk])


def _item_url(name: str) -> Url:
    return lambda ns, n: reverse(name, args=[ns[n].item.pk])


# page: (what it needs, the nodes it is tried on, its URL from (nodes, node))
PAGES: dict[str, tuple[str, tuple, Callable]] = {
    "session_list": ("login", (None,), lambda ns, n: reverse("sessions:session_list")),
    "session_calendar": ("login", (None,), lambda ns, n: reverse("sessions:session_calendar")),
    "session_create": (
        "edit",
        TARGETS,
        lambda ns, n: f"{reverse('sessions:session_create')}?council={ns[n].session.council_id}",
    ),
    "session_detail": ("read", TARGETS, _session_url("sessions:session_detail")),
    "session_update": ("edit", TARGETS, _session_url("sessions:session_update")),
    "agenda_item_create": ("edit", TARGETS, _session_url("sessions:agenda_item_create")),
    "agenda_item_update": ("edit", TARGETS, _item_url("sessions:agenda_item_update")),
    "document_upload": ("edit", TARGETS, _session_url("sessions:document_upload")),
    "document_replace": (
        "edit",
        TARGETS,
        lambda ns, n: reverse("sessions:document_replace", args=[ns[n].document.pk]),
    ),
    "session_withdraw": ("edit", TARGETS, _session_url("sessions:session_withdraw")),
    "agenda_item_withdraw": ("edit", TARGETS, _item_url("sessions:agenda_item_withdraw")),
    "document_withdraw": (
        "edit",
        TARGETS,
        lambda ns, n: reverse("sessions:document_withdraw", args=[ns[n].document.pk]),
    ),
    "document_download": (
        "read",
        TARGETS,
        lambda ns, n: reverse("sessions:document_download", args=[ns[n].version.pk]),
    ),
    "sitting_create": ("edit", TARGETS, _session_url("sessions:sitting_create")),
    "attendance_entry": (
        "edit",
        TARGETS,
        lambda ns, n: reverse("sessions:attendance_entry", args=[ns[n].sitting.pk]),
    ),
    "vote_create": ("edit", TARGETS, _item_url("sessions:vote_create")),
    "vote_ballots": ("edit", TARGETS, _item_url("sessions:vote_ballots")),
}
PAGE_CASES = [
    pytest.param(page, node, id=f"{page}-{node}" if node else page)
    for page, (_need, targets, _url) in PAGES.items()
    for node in targets
]


@pytest.mark.parametrize(("page", "node"), PAGE_CASES)
def test_page_access_matrix(client, tree, people, nodes, expect, page, node):
    """Anonymous: the login page. Outside the scope: a 404 naming nothing. A reader on a form:
    403. Otherwise the page."""
    need, _targets, url = PAGES[page]
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        response = client.get(url(nodes, node))
        observed[who] = response.status_code
        if response.status_code == 302:
            assert response.url.startswith(f"{LOGIN}?next="), who
        elif response.status_code in (403, 404) and node is not None:
            assert nodes[node].session.title not in html(response), who
            assert people[node].council.name not in html(response), who
    assert observed == {who: expect.page(who, need, node) for who in WHO}


def test_session_create_without_council_needs_an_editor(client, tree):
    """The blank form is for anyone who prepares sessions somewhere; readers get a 403."""
    url = reverse("sessions:session_create")
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        observed[who] = client.get(url).status_code
    editors = {"province_clerk", "district_office", "commune_office", "sibling_clerk", "admin"}
    assert observed == {
        who: 302 if who == "anonymous" else 200 if who in editors else 403 for who in WHO
    }


# page: (URL from (nodes, node), form data from (nodes, node, people, term), saved?(nodes, node))
POSTS: dict[str, tuple[Callable, Callable, Callable]] = {
    "session_create": (
        PAGES["session_create"][2],
        lambda ns, n, p, term: {
            "council": ns[n].session.council_id,
            "term": term.pk,
            "number": "99",
            "kind": Session.Kind.THEMATIC,
            "planned_start": "01/09/2023",
            "planned_end": "01/09/2023",
        },
        lambda ns, n: Session.objects.filter(
            council_id=ns[n].session.council_id, number="99"
        ).exists(),
    ),
    "session_update": (
        PAGES["session_update"][2],
        lambda ns, n, p, term: {
            "number": ns[n].session.number,
            "kind": Session.Kind.THEMATIC,
            "planned_start": "10/07/2023",
            "planned_end": "12/07/2023",
            "place": "Hội trường mới",
        },
        lambda ns, n: Session.objects.filter(pk=ns[n].session.pk, place="Hội trường mới").exists(),
    ),
    "session_transition": (
        _session_url("sessions:session_transition"),
        lambda ns, n, p, term: {"to_status": Session.Status.CLOSED, "on": "12/07/2023"},
        lambda ns, n: Session.objects.filter(
            pk=ns[n].session.pk, status=Session.Status.CLOSED, actual_end=date(2023, 7, 12)
        ).exists(),
    ),
    "agenda_item_create": (
        PAGES["agenda_item_create"][2],
        lambda ns, n, p, term: {
            "title": "Báo cáo tình hình kinh tế - xã hội",
            "kind": AgendaItem.Kind.REPORT,
            "vote_rule": AgendaItem.VoteRule.MAJORITY,
        },
        lambda ns, n: AgendaItem.objects.filter(
            session=ns[n].session, title="Báo cáo tình hình kinh tế - xã hội"
        ).exists(),
    ),
    "agenda_item_update": (
        PAGES["agenda_item_update"][2],
        lambda ns, n, p, term: {
            "title": "Nội dung đã sửa",
            "kind": AgendaItem.Kind.DRAFT_RESOLUTION,
            "presenter": p[n].agency.pk,
            "reviewer": p[n].committee.pk,
            "vote_rule": AgendaItem.VoteRule.MAJORITY,
        },
        lambda ns, n: AgendaItem.objects.filter(
            pk=ns[n].item.pk, title="Nội dung đã sửa", reviewer__isnull=False
        ).exists(),
    ),
    "agenda_item_move": (
        _item_url("sessions:agenda_item_move"),
        lambda ns, n, p, term: {"direction": "down"},
        lambda ns, n: AgendaItem.objects.filter(pk=ns[n].item.pk, position=2).exists(),
    ),
    "document_upload": (
        PAGES["document_upload"][2],
        lambda ns, n, p, term: {
            "kind": Document.Kind.REVIEW_REPORT,
            "title": "Báo cáo thẩm tra của Ban Pháp chế",
            "file": pdf_upload("bao-cao-tham-tra.pdf"),
        },
        lambda ns, n: Document.objects.filter(
            session=ns[n].session, title="Báo cáo thẩm tra của Ban Pháp chế"
        ).exists(),
    ),
    "document_replace": (
        PAGES["document_replace"][2],
        lambda ns, n, p, term: {"file": pdf_upload("to-trinh-v2.pdf"), "note": "Sửa lần 2"},
        lambda ns, n: Document.objects.filter(pk=ns[n].document.pk, current_version=2).exists(),
    ),
    "session_withdraw": (
        PAGES["session_withdraw"][2],
        lambda ns, n, p, term: {"reason": "Nhập trùng"},
        lambda ns, n: Session.objects.filter(
            pk=ns[n].session.pk, withdrawal_reason="Nhập trùng"
        ).exists(),
    ),
    "agenda_item_withdraw": (
        PAGES["agenda_item_withdraw"][2],
        lambda ns, n, p, term: {"reason": "Nhập nhầm kỳ họp"},
        lambda ns, n: AgendaItem.objects.filter(
            pk=ns[n].item.pk, withdrawn_at__isnull=False
        ).exists(),
    ),
    "document_withdraw": (
        PAGES["document_withdraw"][2],
        lambda ns, n, p, term: {"reason": "Tải nhầm tệp"},
        lambda ns, n: Document.objects.filter(
            pk=ns[n].document.pk, withdrawn_by__isnull=False
        ).exists(),
    ),
    "sitting_create": (
        PAGES["sitting_create"][2],
        lambda ns, n, p, term: {"on": "11/07/2023", "part": Sitting.Part.AFTERNOON},
        lambda ns, n: Sitting.objects.filter(session=ns[n].session, on=date(2023, 7, 11)).exists(),
    ),
    "attendance_entry": (
        PAGES["attendance_entry"][2],
        lambda ns, n, p, term: {
            f"status_{p[n].delegate.pk}": Attendance.Status.EXCUSED,
            f"note_{p[n].delegate.pk}": "Đi công tác",
        },
        lambda ns, n: Attendance.objects.filter(
            sitting=ns[n].sitting, status=Attendance.Status.EXCUSED, note="Đi công tác"
        ).exists(),
    ),
    "vote_create": (
        lambda ns, n: reverse("sessions:vote_create", args=[ns[n].item2.pk]),
        lambda ns, n, p, term: {
            "held_on": "10/07/2023",
            "method": Vote.Method.SHOW_OF_HANDS,
            "present": 1,
            "votes_for": 1,
            "votes_against": 0,
            "votes_abstain": 0,
        },
        lambda ns, n: Vote.objects.filter(item=ns[n].item2).exists(),
    ),
    "vote_ballots": (
        lambda ns, n: reverse("sessions:vote_ballots", args=[ns[n].item2.pk]),
        lambda ns, n, p, term: {
            "held_on": "10/07/2023",
            "method": Vote.Method.ELECTRONIC,
            f"choice_{p[n].delegate.pk}": Ballot.Choice.FOR,
        },
        lambda ns, n: Ballot.objects.filter(vote__item=ns[n].item2).exists(),
    ),
}
POST_CASES = [pytest.param(page, node, id=f"{page}-{node}") for page in POSTS for node in TARGETS]


@pytest.mark.parametrize(("page", "node"), POST_CASES)
def test_form_post_matrix(client, tree, people, term, nodes, expect, page, node):
    """A valid POST saves and redirects only for the council's editors; everyone else gets the
    GET answer (404 out of scope, 403 for readers, the login page) and nothing is written. Each
    attempt is rolled back, so all users try against the same data."""
    url, data, saved = POSTS[page]
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        with transaction.atomic():
            before = session_rows()
            response = client.post(url(nodes, node), data(nodes, node, people, term))
            if response.status_code == 302 and not response.url.startswith(LOGIN):
                observed[who] = "saved" if saved(nodes, node) else "redirected, not saved"
            else:
                observed[who] = response.status_code
                if response.status_code == 200:
                    observed[who] = (200, response.context["form"].errors)
                assert not saved(nodes, node), who
                assert session_rows() == before, who
            transaction.set_rollback(True)
    expected = {who: expect.page(who, "edit", node) for who in WHO}
    assert observed == {who: "saved" if code == 200 else code for who, code in expected.items()}


# ---------------------------------------------------------------------------------------------
# The list and the calendar show only sessions in scope.

TOPS = ("province_clerk", "province_standing", "district_office", "commune_delegate", "admin")


@pytest.mark.parametrize("who", [*TOPS, "sibling_clerk", "no_role"])
def test_session_list_stays_in_scope(client, tree, people, nodes, expect, who):
    """Each user lists the sessions of the councils they read, and no other council is named."""
    login(client, tree, who)
    response = client.get(reverse("sessions:session_list"))
    shown = {s.pk for s in response.context["page"].object_list}
    assert shown == {nodes[n].session.pk for n in TARGETS if n in expect.reads[who]}
    for n in TARGETS:
        if n not in expect.reads[who]:
            assert people[n].council.name not in html(response)


def test_session_list_filters(client, tree, people, term, nodes):
    """Council (with the councils below it), year, kind, status and text without diacritics."""
    district = people["district"].council
    thematic = SessionFactory(
        council=district,
        term=term,
        kind=Session.Kind.THEMATIC,
        planned_start=date(2024, 3, 5),
        planned_end=date(2024, 3, 5),
    )
    client.force_login(tree.users["province_clerk"])
    url = reverse("sessions:session_list")

    def shown(**params) -> set[int]:
        response = client.get(url, params)
        assert response.context["form"].errors == {}
        return {s.pk for s in response.context["page"].object_list}

    district_s, commune_s = nodes["district"].session.pk, nodes["commune"].session.pk
    assert shown(council=district.pk) == {district_s, commune_s, thematic.pk}
    assert shown(council=people["commune"].council.pk) == {commune_s}
    assert shown(year=2024) == {thematic.pk}
    assert shown(kind=Session.Kind.THEMATIC) == {thematic.pk}
    assert shown(status=Session.Status.IN_SESSION) == {district_s, commune_s}
    assert shown(status=Session.Status.PLANNED) == {thematic.pk}
    assert shown(q="que tho") == {commune_s}
    assert shown(q="QUẾ THỌ", year=2023) == {commune_s}


def test_session_list_council_filter_outside_scope_is_refused(client, tree, people, term, nodes):
    """Another province's council cannot be picked: the filter says so, the other filters
    still apply and nothing leaks."""
    SessionFactory(
        council=people["district"].council,
        term=term,
        planned_start=date(2024, 3, 5),
        planned_end=date(2024, 3, 5),
    )
    client.force_login(tree.users["district_office"])
    response = client.get(
        reverse("sessions:session_list"),
        {"council": people["sibling_commune"].council.pk, "year": 2023},
    )
    assert set(response.context["form"].errors) == {"council"}
    assert {s.pk for s in response.context["page"].object_list} == {
        nodes["district"].session.pk,
        nodes["commune"].session.pk,
    }
    assert people["sibling_commune"].council.name not in html(response)


def test_session_list_shows_the_row_facts(client, tree, people, nodes):
    """Council, "Kỳ họp thứ N", kind, planned dates dd/mm/yyyy, status, item and resolution
    counts."""
    n = nodes["commune"]
    ResolutionFactory(council=people["commune"].council, session=n.session, item=n.item)
    client.force_login(tree.users["commune_office"])
    response = client.get(reverse("sessions:session_list"))
    row = response.context["page"].object_list[0]
    assert (row.item_count, row.resolution_count) == (2, 1)
    page = html(response)
    for text in (
        people["commune"].council.name,
        f"Kỳ họp thứ {n.session.number}",
        "Thường lệ",
        "10/07/2023 \N{EN DASH} 12/07/2023",
        "Đang họp",
    ):
        assert text in page


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("province_clerk", True),
        ("district_office", True),
        ("commune_office", True),
        ("admin", True),
        ("province_standing", False),
        ("commune_delegate", False),
        ("no_role", False),
    ],
)
def test_add_session_button_only_for_editors(client, tree, who, shown):
    """ "Thêm kỳ họp" appears for users who prepare sessions of some council, never for readers."""
    login(client, tree, who)
    response = client.get(reverse("sessions:session_list"))
    assert (reverse("sessions:session_create") in html(response)) is shown
    assert ("Thêm kỳ họp" in html(response)) is shown


def test_session_list_query_count(client, tree, people, term, django_assert_num_queries):
    """30 sessions with their council, term, item and resolution counts in one row query:
    session, user, role assignments, lineage, count, ids, rows (the council filter is a
    search box that reads no council)."""
    for council in (people["district"].council, people["commune"].council):
        for i in range(15):
            session = SessionFactory(council=council, term=term, number=str(100 + i))
            AgendaItemFactory(session=session)
            ResolutionFactory(council=council, session=session)
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(7):
        response = client.get(reverse("sessions:session_list"))
    rows = response.context["page"].object_list
    assert len(rows) == 30
    assert {(r.item_count, r.resolution_count) for r in rows} == {(1, 1)}


def test_calendar_month_grid(client, tree, people, term, nodes):
    """July 2023 starts on Monday 26 June; a session shows on each of its days and not after;
    the neighbours' links; out-of-scope sessions are not there."""
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_calendar"), {"year": 2023, "month": 7})
    weeks = response.context["weeks"]
    assert weeks[0][0]["day"] == date(2023, 6, 26)
    assert all(week[0]["day"].weekday() == 0 for week in weeks)
    days = {cell["day"]: {e["session"].pk for e in cell["sessions"]} for w in weeks for cell in w}
    both = {nodes["district"].session.pk, nodes["commune"].session.pk}
    assert days[date(2023, 7, 10)] == days[date(2023, 7, 12)] == both
    assert days[date(2023, 7, 9)] == days[date(2023, 7, 13)] == set()
    page = html(response)
    assert "?year=2023&amp;month=6" in page
    assert "?year=2023&amp;month=8" in page
    assert people["sibling_commune"].council.name not in page


def test_calendar_wraps_the_year_and_ignores_bad_input(client, tree):
    """December links to January of the next year; a bad month falls back to this month."""
    client.force_login(tree.users["province_clerk"])
    url = reverse("sessions:session_calendar")
    response = client.get(url, {"year": 2023, "month": 12})
    assert response.context["next"] == {"year": 2024, "month": 1}
    assert response.context["prev"] == {"year": 2023, "month": 11}
    response = client.get(url, {"year": "x", "month": 13})
    assert response.status_code == 200
    assert response.context["first"].day == 1


# ---------------------------------------------------------------------------------------------
# The session page.


def seat_many(council, term, count: int) -> list:
    delegates = [
        DelegateFactory(council=council, full_name=f"Nguyễn Văn Số {i:02d}") for i in range(count)
    ]
    for d in delegates:
        seat(d, term)
    return delegates


def big_session(council, term, size: int) -> Session:
    """A session with `size` items, each with two documents (one in two versions) and a vote,
    four sittings with a full roll, and a resolution per item."""
    actor = system_actor()
    agency = AgencyFactory(council=council, name=f"Sở Tài chính {size}")
    committee = body(council, term, Body.Kind.COMMITTEE, name=f"Ban Kinh tế {size}")
    session = SessionFactory(council=council, term=term, number=f"9{size}")
    sitting = services.sitting_create(
        actor=actor, session=session, on=date(2023, 7, 10), part=Sitting.Part.MORNING
    )
    items = [
        AgendaItemFactory(session=session, presenter=agency, reviewer=committee, sitting=sitting)
        for _ in range(size)
    ]
    for item in items:
        doc = DocumentFactory(session=session, item=item)
        services.document_replace(actor=actor, document=doc, file=pdf_upload("v2.pdf"))
        DocumentFactory(session=session, item=item, kind=Document.Kind.REVIEW_REPORT)
    session = session_open(session)
    for part, day in [
        (Sitting.Part.AFTERNOON, date(2023, 7, 10)),
        (Sitting.Part.MORNING, date(2023, 7, 11)),
        (Sitting.Part.AFTERNOON, date(2023, 7, 11)),
    ]:
        services.sitting_create(actor=actor, session=session, on=day, part=part)
    roll = list(services.seated_delegates(council, date(2023, 7, 10)).values_list("pk", flat=True))
    for s in session.sittings.all():
        services.attendance_record(
            actor=actor, sitting=s, statuses=dict.fromkeys(roll, Attendance.Status.PRESENT)
        )
    for item in items:
        item.refresh_from_db()
        result = vote(item, votes_for=len(roll) - 1, present=len(roll))
        ResolutionFactory(council=council, session=session, item=item, vote=result)
    return session


def test_session_detail_query_count_does_not_grow(
    client, tree, people, term, django_assert_num_queries
):
    """Agenda, documents with versions, votes, sittings with quorum, resolutions and the audit
    trail in a fixed number of queries: 30 items cost what 2 do. The 20: login and scope (4),
    session, rules (1, memoised on the council), documents and versions, delegate total, items
    with documents, votes and resolutions (4), sittings, attendance counts, seats, passed
    resolutions, withdrawn items and documents (2, for editors), transitions."""
    council = people["district"].council
    seat_many(council, term, 30)
    small = big_session(council, term, 2)
    big = big_session(council, term, 30)
    client.force_login(tree.users["province_clerk"])
    client.get(reverse("sessions:session_detail", args=[small.pk]))  # the lineage cached
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("sessions:session_detail", args=[small.pk]))
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("sessions:session_detail", args=[big.pk]))
    assert len(few) == 18  # the agenda no longer prefetches papers it never shows
    ctx = response.context
    assert len(ctx["items"]) == 30
    assert len(ctx["documents"]) == 60
    assert sorted(len(d.older) for d in ctx["documents"]) == [0] * 30 + [1] * 30
    assert len(ctx["resolutions"]) == 30
    assert [s.quorum.met for s in ctx["sittings"]] == [True] * 4
    assert sum(len(i.vote_list) for i in ctx["items"]) == 30


def test_session_detail_shows_the_vote_result_against_the_total(client, tree, people, term):
    """ "42/45 đại biểu tán thành, đạt 93,33% — Thông qua": the total number of delegates is the
    denominator, whoever was present; the votes needed are shown too."""
    council = people["district"].council
    session = SessionFactory(council=council, term=term)
    passed = AgendaItemFactory(session=session, title="Nghị quyết về ngân sách")
    failed = AgendaItemFactory(
        session=session, title="Bãi nhiệm đại biểu", vote_rule=AgendaItem.VoteRule.QUALIFIED
    )
    session = session_open(session)
    for item in (passed, failed):
        item.refresh_from_db()
    vote(passed, votes_for=42, total=45, present=44, votes_against=1, votes_abstain=1)
    vote(failed, votes_for=29, total=45, present=44, votes_against=15)
    client.force_login(tree.users["province_standing"])
    page = html(client.get(reverse("sessions:session_detail", args=[session.pk])))
    assert "42/45 đại biểu tán thành, đạt 93,33% — " in page
    assert "29/45 đại biểu tán thành, đạt 64,44% — " in page
    assert "cần 23 phiếu tán thành" in page
    assert "cần 30 phiếu tán thành" in page  # two thirds of 45
    assert re.search(r"93,33% — <strong[^>]*>Thông qua<", page)
    assert re.search(r"64,44% — <strong[^>]*>Không thông qua<", page)


def test_session_detail_for_a_reader_has_no_editing_controls(client, tree, people, nodes):
    """The standing committee reads the page without buttons that would only answer 403."""
    url = reverse("sessions:session_detail", args=[nodes["district"].session.pk])
    client.force_login(tree.users["province_standing"])
    page = html(client.get(url))
    for name in ("session_transition", "agenda_item_create", "document_upload", "sitting_create"):
        assert reverse(f"sessions:{name}", args=[nodes["district"].session.pk]) not in page
    assert reverse("sessions:vote_create", args=[nodes["district"].item.pk]) not in page
    client.force_login(tree.users["district_office"])
    page = html(client.get(url))
    assert reverse("sessions:session_transition", args=[nodes["district"].session.pk]) in page
    assert 'value="closed"' in page
    assert reverse("sessions:vote_create", args=[nodes["district"].item.pk]) in page


def test_session_detail_links_to_the_other_session_pages(client, tree, nodes):
    """Questions, polls, the print view, the PDF and the DOCX of the results are one click away."""
    session = nodes["district"].session
    client.force_login(tree.users["province_clerk"])
    page = html(client.get(reverse("sessions:session_detail", args=[session.pk])))
    for name, kwargs in [
        ("question_list", {"session_pk": session.pk}),
        ("poll_list", {"session_pk": session.pk}),
        ("session_results_print", {"pk": session.pk}),
        ("session_results_pdf", {"pk": session.pk}),
        ("session_results_docx", {"pk": session.pk}),
    ]:
        assert reverse(f"sessions:{name}", kwargs=kwargs) in page


def test_session_detail_lists_passed_resolutions_only(client, tree, people, nodes):
    """Resolutions registered for the session link to their page; drafts are not "passed"."""
    from resolutions import services as resolution_services

    n = nodes["district"]
    council = people["district"].council
    passed = ResolutionFactory(council=council, session=n.session, item=n.item)
    draft = resolution_services.resolution_create(
        actor=system_actor(),
        council=council,
        kind=Resolution.Kind.INDIVIDUAL,
        title="Dự thảo chưa thông qua",
        field="budget",
        session=n.session,
    )
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("sessions:session_detail", args=[n.session.pk]))
    assert response.context["resolutions"] == [passed]
    assert reverse("resolutions:resolution_detail", args=[passed.pk]) in html(response)
    assert reverse("resolutions:resolution_detail", args=[draft.pk]) not in html(response)


def test_lead_time_warning_when_documents_went_out_late(client, tree, people, term):
    """Documents sent 3 days before the opening, against a 7-day rule, are flagged."""
    actor = system_actor()
    session = SessionFactory(
        council=people["district"].council,
        term=term,
        convening_number="15/QĐ-HĐND",
        convening_date=date(2023, 6, 20),
    )
    DocumentFactory(session=session)
    session = services.session_transition(
        actor=actor, session=session, to_status=Session.Status.CONVENED
    )
    services.session_transition(
        actor=actor,
        session=session,
        to_status=Session.Status.DOCUMENTS_SENT,
        on=date(2023, 7, 7),
    )
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_detail", args=[session.pk]))
    assert "chỉ 3 ngày trước khai mạc" in response.context["lead_warning"]
    assert escape(response.context["lead_warning"]) in html(response)
    assert all(d.late for d in response.context["documents"])


def test_session_detail_without_a_late_sending_has_no_warning(client, tree, nodes):
    """session_open sends the documents ten days ahead: no warning, no late badge."""
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_detail", args=[nodes["district"].session.pk]))
    assert response.context["lead_warning"] == ""
    assert not any(d.late for d in response.context["documents"])


# ---------------------------------------------------------------------------------------------
# Moving a session through its workflow from the page.


def test_transition_moves_and_audits(client, tree, nodes):
    """Closing on a given day records the day and an audit row with the clerk's name."""
    session = nodes["district"].session
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:session_transition", args=[session.pk]),
        {"to_status": Session.Status.CLOSED, "on": "12/07/2023", "note": "Bế mạc đúng kế hoạch"},
    )
    assert response.url == reverse("sessions:session_detail", args=[session.pk])
    session.refresh_from_db()
    assert (session.status, session.actual_end) == (Session.Status.CLOSED, date(2023, 7, 12))
    last = session.transitions.last()
    assert (last.actor, last.note) == (tree.users["district_office"], "Bế mạc đúng kế hoạch")
    page = html(client.get(response.url))
    assert "Đã chuyển kỳ họp sang “Đã bế mạc”." in page
    assert "Bế mạc đúng kế hoạch" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_status": Session.Status.CONVENED}, "Nhập số và ngày quyết định triệu tập"),
        ({"to_status": Session.Status.RECORDS_PUBLISHED}, "Không thể chuyển kỳ họp"),
        ({"to_status": Session.Status.CONVENED, "on": "31/02/2023"}, "dd/mm/yyyy"),
        ({"to_status": "launched"}, "launched"),
    ],
    ids=["no_convening_decision", "skipping_steps", "bad_date", "unknown_status"],
)
def test_refused_transition_comes_back_as_a_message(client, tree, people, term, data, message):
    """The step is refused with the reason on the session page and nothing changes."""
    session = SessionFactory(council=people["district"].council, term=term)
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:session_transition", args=[session.pk]), data, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("sessions:session_detail", args=[session.pk])
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert message in errors[0]
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED
    assert not session.transitions.exists()


# ---------------------------------------------------------------------------------------------
# Creating and editing a session.


def test_session_create_offers_only_councils_the_user_prepares(client, tree, people):
    """A district office prepares its own district's sessions, not those of its communes; with
    a single council to choose, it is already chosen."""
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_create"))
    assert list(response.context["form"].fields["council"].queryset) == [people["district"].council]
    assert response.context["form"].initial["council"] == people["district"].council
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("sessions:session_create"))
    assert set(response.context["form"].fields["council"].queryset) == {
        people[n].council for n in ("province", "district", "commune", "commune2")
    }
    assert response.context["form"].initial["council"] is None


def test_session_create_from_a_council_preselects_it(client, tree, people, term):
    """?council= fills the council; the new session opens on its page, planned."""
    council = people["commune"].council
    client.force_login(tree.users["commune_office"])
    url = f"{reverse('sessions:session_create')}?council={council.pk}"
    assert client.get(url).context["form"].initial["council"] == council
    response = client.post(
        url,
        {
            "council": council.pk,
            "term": term.pk,
            "number": "5",
            "kind": Session.Kind.REGULAR,
            "title": "Kỳ họp cuối năm",
            "planned_start": "05/12/2023",
            "planned_end": "06/12/2023",
            "place": "Hội trường xã",
            "convening_number": "20/QĐ-HĐND",
            "convening_date": "15/11/2023",
        },
    )
    session = Session.objects.get(council=council, number="5")
    assert response.url == reverse("sessions:session_detail", args=[session.pk])
    assert (session.planned_start, session.convening_date, session.status) == (
        date(2023, 12, 5),
        date(2023, 11, 15),
        Session.Status.PLANNED,
    )


def test_session_update_keeps_council_and_term(client, tree, nodes):
    """The edit form has no council or term: a session never moves to another council."""
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_update", args=[nodes["district"].session.pk]))
    form = response.context["form"]
    assert "council" not in form.fields
    assert "term" not in form.fields
    assert 'value="10/07/2023"' in html(response)


# ---------------------------------------------------------------------------------------------
# Bad input comes back on the right field, in Vietnamese, with what was typed, saving nothing.


def _session_create(ns, p):
    return f"{reverse('sessions:session_create')}?council={p['district'].council.pk}"


def _session_data(p, term, **changes) -> dict:
    return {
        "council": p["district"].council.pk,
        "term": term.pk,
        "number": "42",
        "kind": Session.Kind.REGULAR,
        "title": "Kỳ họp giữa năm",
        "planned_start": "10/08/2023",
        "planned_end": "12/08/2023",
        "place": "Hội trường Huyện ủy",
        **changes,
    }


# id: (url from (nodes, people), data from (nodes, people, term), field at fault, typed values)
BAD_INPUT = {
    "session_ends_before_it_starts": (
        _session_create,
        lambda ns, p, term: _session_data(p, term, planned_end="09/08/2023"),
        "planned_end",
        ['value="09/08/2023"', 'value="Kỳ họp giữa năm"', 'value="Hội trường Huyện ủy"'],
    ),
    "session_number_taken": (
        _session_create,
        lambda ns, p, term: _session_data(p, term, number=ns["district"].session.number),
        "number",
        ['value="Kỳ họp giữa năm"', 'value="10/08/2023"'],
    ),
    "session_outside_term": (
        _session_create,
        lambda ns, p, term: _session_data(
            p, term, planned_start="10/08/2020", planned_end="11/08/2020"
        ),
        "planned_start",
        ['value="10/08/2020"'],
    ),
    "session_impossible_date": (
        _session_create,
        lambda ns, p, term: _session_data(p, term, planned_start="31/02/2023"),
        "planned_start",
        ['value="31/02/2023"', 'value="12/08/2023"'],
    ),
    "session_update_us_date": (
        lambda ns, p: reverse("sessions:session_update", args=[ns["district"].session.pk]),
        lambda ns, p, term: {
            "number": ns["district"].session.number,
            "kind": Session.Kind.REGULAR,
            "planned_start": "07/10/2023",
            "planned_end": "07/25/2023",
            "place": "Nhà văn hóa",
        },
        "planned_end",
        ['value="07/25/2023"', 'value="Nhà văn hóa"'],
    ),
    "item_ends_before_it_starts": (
        lambda ns, p: reverse("sessions:agenda_item_create", args=[ns["district"].session.pk]),
        lambda ns, p, term: {
            "title": "Báo cáo công tác nửa năm",
            "kind": AgendaItem.Kind.REPORT,
            "starts_at": "09:30",
            "ends_at": "09:00",
            "vote_rule": AgendaItem.VoteRule.MAJORITY,
        },
        "ends_at",
        ["Báo cáo công tác nửa năm</textarea>", 'value="09:30"', 'value="09:00"'],
    ),
    "item_presenter_of_another_council": (
        lambda ns, p: reverse("sessions:agenda_item_update", args=[ns["district"].item.pk]),
        lambda ns, p, term: {
            "title": "Tờ trình đã sửa",
            "kind": AgendaItem.Kind.SUBMISSION,
            "presenter": p["commune"].agency.pk,
            "vote_rule": AgendaItem.VoteRule.MAJORITY,
        },
        "presenter",
        ["Tờ trình đã sửa</textarea>"],
    ),
    "sitting_outside_the_session": (
        lambda ns, p: reverse("sessions:sitting_create", args=[ns["district"].session.pk]),
        lambda ns, p, term: {"on": "20/07/2023", "part": Sitting.Part.MORNING},
        "on",
        ['value="20/07/2023"'],
    ),
    "sitting_twice": (
        lambda ns, p: reverse("sessions:sitting_create", args=[ns["district"].session.pk]),
        lambda ns, p, term: {"on": "10/07/2023", "part": Sitting.Part.MORNING, "closed": "on"},
        "part",
        ['value="10/07/2023"', 'value="morning" selected'],
    ),
    "document_without_file": (
        lambda ns, p: reverse("sessions:document_upload", args=[ns["district"].session.pk]),
        lambda ns, p, term: {
            "kind": Document.Kind.SUBMISSION,
            "title": "Tờ trình quyết toán ngân sách",
            "reference": "45/TTr-UBND",
        },
        "file",
        ['value="Tờ trình quyết toán ngân sách"', 'value="45/TTr-UBND"'],
    ),
    "document_wrong_extension": (
        lambda ns, p: reverse("sessions:document_upload", args=[ns["district"].session.pk]),
        lambda ns, p, term: {
            "kind": Document.Kind.SUBMISSION,
            "title": "Tờ trình quyết toán ngân sách",
            "file": pdf_upload("to-trinh.docx"),
        },
        "file",
        ['value="Tờ trình quyết toán ngân sách"'],
    ),
    "vote_counts_over_present": (
        lambda ns, p: reverse("sessions:vote_create", args=[ns["district"].item2.pk]),
        lambda ns, p, term: {
            "held_on": "11/07/2023",
            "method": Vote.Method.SHOW_OF_HANDS,
            "total_delegates": 45,
            "present": 40,
            "votes_for": 38,
            "votes_against": 3,
            "votes_abstain": 0,
        },
        "votes_for",
        ['value="38"', 'value="40"', 'value="45"', 'value="11/07/2023"'],
    ),
    "vote_present_over_total": (
        lambda ns, p: reverse("sessions:vote_create", args=[ns["district"].item2.pk]),
        lambda ns, p, term: {
            "held_on": "11/07/2023",
            "method": Vote.Method.ELECTRONIC,
            "total_delegates": 45,
            "present": 46,
            "votes_for": 40,
            "votes_against": 0,
            "votes_abstain": 0,
        },
        "present",
        ['value="46"', 'value="40"'],
    ),
    "vote_outside_the_session": (
        lambda ns, p: reverse("sessions:vote_create", args=[ns["district"].item2.pk]),
        lambda ns, p, term: {
            "held_on": "15/07/2023",
            "method": Vote.Method.ELECTRONIC,
            "present": 1,
            "votes_for": 1,
            "votes_against": 0,
            "votes_abstain": 0,
        },
        "held_on",
        ['value="15/07/2023"'],
    ),
    "vote_negative_count": (
        lambda ns, p: reverse("sessions:vote_create", args=[ns["district"].item2.pk]),
        lambda ns, p, term: {
            "held_on": "11/07/2023",
            "method": Vote.Method.ELECTRONIC,
            "present": 1,
            "votes_for": 1,
            "votes_against": -1,
            "votes_abstain": 0,
        },
        "votes_against",
        ['value="-1"'],
    ),
    "ballots_outside_the_session": (
        lambda ns, p: reverse("sessions:vote_ballots", args=[ns["district"].item2.pk]),
        lambda ns, p, term: {
            "held_on": "15/07/2023",
            "method": Vote.Method.ELECTRONIC,
            "subject": "Thông qua toàn văn",
            f"choice_{p['district'].delegate.pk}": Ballot.Choice.FOR,
        },
        "held_on",
        ['value="15/07/2023"', 'value="Thông qua toàn văn"'],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(
    client, tree, people, term, nodes, case
):
    """200 with the form again: a Vietnamese message on the field at fault, what the user typed
    still in the inputs, and not one row written (history included)."""
    url, data, field, typed = BAD_INPUT[case]
    client.force_login(tree.users["district_office"])
    before = session_rows()
    response = client.post(url(nodes, people), data(nodes, people, term))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {field}
    message = errors[field][0]
    assert VIETNAMESE.search(message)
    assert escape(message) in html(response)
    for value in typed:
        assert value in html(response)
    assert session_rows() == before


# ---------------------------------------------------------------------------------------------
# Agenda.


def test_agenda_item_choices_are_the_sessions_own(client, tree, people, term, nodes):
    """Presenters: agencies of the session's council; reviewers: its committees (not the
    standing committee); sittings: the session's own."""
    council = people["district"].council
    standing = body(council, term, Body.Kind.STANDING)
    other = make_node(council, term)  # another session of the same council, with a sitting
    client.force_login(tree.users["province_clerk"])
    response = client.get(
        reverse("sessions:agenda_item_create", args=[nodes["district"].session.pk])
    )
    fields = response.context["form"].fields
    assert list(fields["presenter"].queryset) == [people["district"].agency]
    assert list(fields["reviewer"].queryset) == [people["district"].committee]
    assert standing not in fields["reviewer"].queryset
    assert list(fields["sitting"].queryset) == [nodes["district"].sitting]
    assert other.sitting not in fields["sitting"].queryset


def test_agenda_item_create_appends_and_can_continue(client, tree, people, nodes):
    """A new item goes to the end; "save and add another" returns to a blank form."""
    session = nodes["district"].session
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:agenda_item_create", args=[session.pk])
    response = client.post(
        url,
        {
            "title": "Dự thảo nghị quyết về giá đất",
            "kind": AgendaItem.Kind.DRAFT_RESOLUTION,
            "presenter": people["district"].agency.pk,
            "reviewer": people["district"].committee.pk,
            "sitting": nodes["district"].sitting.pk,
            "starts_at": "14:00",
            "ends_at": "15:30",
            "vote_rule": AgendaItem.VoteRule.MAJORITY,
            "add_another": "1",
        },
    )
    assert response.url == url
    item = AgendaItem.objects.get(title="Dự thảo nghị quyết về giá đất")
    assert item.position == 3
    assert (item.presenter, item.reviewer) == (
        people["district"].agency,
        people["district"].committee,
    )


def test_agenda_items_move_up_and_down(client, tree, nodes):
    """↑ and ↓ swap an item with its neighbour; at the top, ↑ changes nothing."""
    n = nodes["district"]
    client.force_login(tree.users["district_office"])
    client.post(reverse("sessions:agenda_item_move", args=[n.item2.pk]), {"direction": "up"})
    order = list(n.session.items.order_by("position").values_list("pk", flat=True))
    assert order == [n.item2.pk, n.item.pk]
    client.post(reverse("sessions:agenda_item_move", args=[n.item2.pk]), {"direction": "up"})
    order = list(n.session.items.order_by("position").values_list("pk", flat=True))
    assert order == [n.item2.pk, n.item.pk]
    response = client.post(
        reverse("sessions:agenda_item_move", args=[n.item2.pk]), {"direction": "down"}
    )
    order = list(n.session.items.order_by("position").values_list("pk", flat=True))
    assert order == [n.item.pk, n.item2.pk]
    assert response.url.endswith(f"#item-{n.item2.pk}")


def test_agenda_move_refuses_get(client, tree, nodes):
    """Moving changes data: only by POST."""
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:agenda_item_move", args=[nodes["district"].item.pk])
    assert client.get(url).status_code == 405


# ---------------------------------------------------------------------------------------------
# Documents: upload, replace, download.


def stored_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_renamed_exe_is_refused_on_the_file_field(client, tree, nodes, settings):
    """A program renamed to .pdf comes back as an error on the file input; no document, no
    version, no file is kept."""
    session = nodes["district"].session
    client.force_login(tree.users["district_office"])
    before, files = session_rows(), stored_files(settings)
    response = client.post(
        reverse("sessions:document_upload", args=[session.pk]),
        {
            "kind": Document.Kind.SUBMISSION,
            "title": "Tờ trình giả mạo",
            "reference": "99/TTr-UBND",
            "file": exe_named_pdf(),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"file"}
    assert "PDF" in form.errors["file"][0]
    assert 'value="Tờ trình giả mạo"' in html(response)
    assert session_rows() == before
    assert stored_files(settings) == files
    assert not Document.objects.filter(title="Tờ trình giả mạo").exists()


def test_renamed_exe_cannot_replace_a_document_either(client, tree, nodes, settings):
    """A new version goes through the same check; the current version stays."""
    document = nodes["district"].document
    client.force_login(tree.users["district_office"])
    before, files = session_rows(), stored_files(settings)
    response = client.post(
        reverse("sessions:document_replace", args=[document.pk]), {"file": exe_named_pdf()}
    )
    assert set(response.context["form"].errors) == {"file"}
    assert session_rows() == before
    assert stored_files(settings) == files
    document.refresh_from_db()
    assert document.current_version == 1


def test_document_upload_on_an_item(client, tree, nodes):
    """A paper uploaded for an item is listed under that item and in the documents table."""
    n = nodes["district"]
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:document_upload", args=[n.session.pk])
    assert client.get(url, {"item": n.item2.pk}).context["form"].initial["item"] == n.item2.pk
    response = client.post(
        url,
        {
            "kind": Document.Kind.REVIEW_REPORT,
            "item": n.item2.pk,
            "title": "Báo cáo thẩm tra dự thảo",
            "reference": "12/BC-PC",
            "sent_on": "01/07/2023",
            "file": pdf_upload("bao-cao.pdf"),
        },
    )
    assert response.url.endswith("#documents")
    document = Document.objects.get(title="Báo cáo thẩm tra dự thảo")
    assert (document.item, document.sent_on, document.reference) == (
        n.item2,
        date(2023, 7, 1),
        "12/BC-PC",
    )
    detail = client.get(reverse("sessions:session_detail", args=[n.session.pk]))
    item2 = next(i for i in detail.context["items"] if i.pk == n.item2.pk)
    assert [d.pk for d in item2.doc_list] == [document.pk]


def test_download_streams_the_file_as_an_attachment(client, tree, nodes):
    """The original name comes back in Content-Disposition; the bytes are the uploaded ones."""
    version = nodes["commune"].version
    client.force_login(tree.users["commune_delegate"])
    response = client.get(reverse("sessions:document_download", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="to-trinh.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_replace_keeps_older_versions_downloadable(client, tree, nodes):
    """A new version becomes current; the previous one is still listed and downloadable."""
    n = nodes["district"]
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:document_replace", args=[n.document.pk]),
        {"file": pdf_upload("to-trinh-sua.pdf", b"2 0 obj <<>> endobj\n%%EOF\n"), "note": "Sửa"},
    )
    assert response.url.endswith("#documents")
    new = n.document.versions.get(number=2)
    detail = client.get(reverse("sessions:session_detail", args=[n.session.pk]))
    doc = next(d for d in detail.context["documents"] if d.pk == n.document.pk)
    assert (doc.current, doc.older) == (new, [n.version])
    page = html(detail)
    assert reverse("sessions:document_download", args=[new.pk]) in page
    assert reverse("sessions:document_download", args=[n.version.pk]) in page
    old = client.get(reverse("sessions:document_download", args=[n.version.pk]))
    assert old["Content-Disposition"] == 'attachment; filename="to-trinh.pdf"'
    assert b"2 0 obj" not in b"".join(old.streaming_content)


# Confidential papers: the council's editors and the standing committee above it only.
CONFIDENTIAL = {
    "province_clerk": 200,
    "province_standing": 200,
    "district_office": 404,  # reads the commune, neither edits nor approves there
    "commune_office": 200,
    "commune_delegate": 404,
    "sibling_clerk": 404,
    "no_role": 404,
    "admin": 200,
    "anonymous": 302,
}


def test_confidential_download_needs_the_right(client, tree, nodes):
    """Readers in scope get the same 404 as outsiders for a confidential paper."""
    n = nodes["commune"]
    document = DocumentFactory(
        session=n.session, title="Hồ sơ nhân sự bầu bổ sung", confidential=True
    )
    version = document.versions.get()
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        observed[who] = client.get(
            reverse("sessions:document_download", args=[version.pk])
        ).status_code
    assert observed == CONFIDENTIAL


@pytest.mark.parametrize(("who", "sees"), [("commune_delegate", False), ("commune_office", True)])
def test_confidential_title_and_link_hidden_from_readers(client, tree, nodes, who, sees):
    """The session page marks the paper as confidential without its title or link."""
    n = nodes["commune"]
    document = DocumentFactory(
        session=n.session, title="Hồ sơ nhân sự bầu bổ sung", confidential=True
    )
    client.force_login(tree.users[who])
    page = html(client.get(reverse("sessions:session_detail", args=[n.session.pk])))
    url = reverse("sessions:document_download", args=[document.versions.get().pk])
    assert ("Hồ sơ nhân sự bầu bổ sung" in page) is sees
    assert (url in page) is sees
    assert "Tài liệu mật" in page or sees
    assert ">Mật</span>" in page


def test_download_of_a_missing_version_is_a_404(client, tree, nodes):
    client.force_login(tree.users["admin"])
    assert client.get(reverse("sessions:document_download", args=[999999])).status_code == 404


# ---------------------------------------------------------------------------------------------
# Sittings and attendance.


def test_sitting_create_and_take_the_roll(client, tree, nodes):
    """ "Save and take the roll" opens the new sitting's attendance page."""
    n = nodes["district"]
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:sitting_create", args=[n.session.pk]),
        {"on": "11/07/2023", "part": Sitting.Part.MORNING, "closed": "on", "take_roll": "1"},
    )
    sitting = Sitting.objects.get(session=n.session, on=date(2023, 7, 11))
    assert sitting.closed
    assert response.url == reverse("sessions:attendance_entry", args=[sitting.pk])


def test_attendance_lists_the_seated_delegates_with_keyboard_help(client, tree, people, nodes):
    """One row per delegate seated that day (not the spare without a seat), radio buttons for
    the three statuses, the C/P/K keys, "Tất cả có mặt" and the script that drives them."""
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:attendance_entry", args=[nodes["district"].sitting.pk]))
    rows = response.context["rows"]
    assert [r["delegate"] for r in rows] == [people["district"].delegate]
    page = html(response)
    assert people["district"].spare.full_name not in page
    delegate = people["district"].delegate.pk
    for status in Attendance.Status.values:
        assert f'name="status_{delegate}" value="{status}"' in page
    assert 'data-keys="c:present,p:excused,k:absent"' in page
    assert 'data-roll-all="present"' in page
    assert "Tất cả có mặt" in page
    assert "/static/js/rollcall.js" in page


def test_attendance_saves_and_shows_the_quorum(client, tree, people, term, nodes):
    """Two of three present against a 2/3 quorum: saved, and the page says the quorum is met;
    one of three is not enough."""
    council = people["district"].council
    others = seat_many(council, term, 2)
    sitting = nodes["district"].sitting
    url = reverse("sessions:attendance_entry", args=[sitting.pk])
    client.force_login(tree.users["district_office"])
    me = people["district"].delegate
    response = client.post(
        url,
        {
            f"status_{me.pk}": Attendance.Status.PRESENT,
            f"status_{others[0].pk}": Attendance.Status.PRESENT,
            f"status_{others[1].pk}": Attendance.Status.EXCUSED,
            f"note_{others[1].pk}": "Ốm",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url
    assert dict(sitting.attendance.values_list("delegate_id", "status")) == {
        me.pk: Attendance.Status.PRESENT,
        others[0].pk: Attendance.Status.PRESENT,
        others[1].pk: Attendance.Status.EXCUSED,
    }
    assert sitting.attendance.get(delegate=others[1]).note == "Ốm"
    page = html(response)
    assert "Đã lưu điểm danh: 2/3 đại biểu có mặt (cần 2). Đủ số đại biểu." in page
    assert response.context["quorum"].met
    assert 'value="excused" class="form-check-input"' in page
    response = client.post(url, {f"status_{others[0].pk}": Attendance.Status.ABSENT}, follow=True)
    assert "1/3 đại biểu có mặt (cần 2). Không đủ số đại biểu." in html(response)
    assert not response.context["quorum"].met


def test_attendance_of_someone_not_seated_is_refused(client, tree, people, nodes):
    """A posted row for a delegate without a seat (or of another council) is not a field of
    the roll: ignored, and nothing is written for them."""
    client.force_login(tree.users["district_office"])
    sitting = nodes["district"].sitting
    client.post(
        reverse("sessions:attendance_entry", args=[sitting.pk]),
        {
            f"status_{people['district'].spare.pk}": Attendance.Status.PRESENT,
            f"status_{people['commune'].delegate.pk}": Attendance.Status.PRESENT,
        },
    )
    assert not sitting.attendance.exists()


# ---------------------------------------------------------------------------------------------
# Votes: counts or ballots; the result is computed, never typed.


def test_vote_form_prefills_the_total_and_has_no_result_input(client, tree, people, term, nodes):
    """The total is the council's roll on the vote day; there is no "passed" input."""
    seat_many(people["district"].council, term, 4)
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:vote_create", args=[nodes["district"].item2.pk]))
    form = response.context["form"]
    assert form.initial["total_delegates"] == 5
    assert "passed" not in form.fields
    assert 'name="passed"' not in html(response)


def test_vote_by_counts_computes_the_result(client, tree, people, term, nodes):
    """3 of 5 in favour passes by more than half of the total: the message says so."""
    seat_many(people["district"].council, term, 4)
    item = nodes["district"].item2
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:vote_create", args=[item.pk]),
        {
            "held_on": "11/07/2023",
            "method": Vote.Method.SHOW_OF_HANDS,
            "present": 4,
            "votes_for": 3,
            "votes_against": 1,
            "votes_abstain": 0,
        },
        follow=True,
    )
    result = item.votes.get()
    assert (result.total_delegates, result.required, result.passed) == (5, 3, True)
    assert "3/5 tán thành (cần 3) — Thông qua" in html(response)
    assert "3/5 đại biểu tán thành, đạt 60,00%" in html(response)


def test_vote_by_ballots_tallies_each_delegate(client, tree, people, term, nodes):
    """One choice per seated delegate; a blank row did not vote; 2 of 5 in favour fails."""
    delegates = [people["district"].delegate, *seat_many(people["district"].council, term, 4)]
    item = nodes["district"].item2
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:vote_ballots", args=[item.pk])
    page = html(client.get(url))
    assert 'data-keys="t:for,k:against,b:abstain"' in page
    assert 'data-roll-all="for"' in page
    assert "/static/js/rollcall.js" in page
    choices = [Ballot.Choice.FOR, Ballot.Choice.FOR, Ballot.Choice.AGAINST, Ballot.Choice.ABSTAIN]
    data = {"held_on": "10/07/2023", "method": Vote.Method.ELECTRONIC, "present": ""}
    data.update({f"choice_{d.pk}": c for d, c in zip(delegates, choices, strict=False)})
    response = client.post(url, data)
    assert response.url.endswith(f"#item-{item.pk}")
    result = item.votes.get()
    assert result.by_ballots
    assert (result.total_delegates, result.present) == (5, 4)
    assert (result.votes_for, result.votes_against, result.votes_abstain) == (2, 1, 1)
    assert not result.passed
    assert dict(result.ballots.values_list("delegate_id", "choice")) == {
        d.pk: c for d, c in zip(delegates, choices, strict=False)
    }


def test_ballot_rows_flag_delegates_away_at_the_sitting(client, tree, people, term, nodes):
    """Those marked absent at the item's sitting are flagged and skipped by "Tất cả tán thành"."""
    away = seat_many(people["district"].council, term, 1)[0]
    n = nodes["district"]
    services.agenda_item_update(actor=system_actor(), item=n.item2, sitting=n.sitting)
    services.attendance_record(
        actor=system_actor(),
        sitting=n.sitting,
        statuses={
            people["district"].delegate.pk: Attendance.Status.PRESENT,
            away.pk: Attendance.Status.ABSENT,
        },
    )
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:vote_ballots", args=[n.item2.pk]))
    flags = {r["delegate"].pk: r["away"] for r in response.context["rows"]}
    assert flags == {people["district"].delegate.pk: False, away.pk: True}
    assert html(response).count("data-roll-skip") == 1


@pytest.mark.parametrize("view", ["sessions:vote_create", "sessions:vote_ballots"])
def test_vote_on_a_session_not_yet_open_is_refused(client, tree, people, term, view):
    """Before the opening there is nothing to vote on: back to the session with the reason,
    nothing saved."""
    session = SessionFactory(council=people["district"].council, term=term)
    item = AgendaItemFactory(session=session)
    client.force_login(tree.users["district_office"])
    url = reverse(view, args=[item.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"#item-{item.pk}")
    assert "Chỉ ghi kết quả biểu quyết khi kỳ họp đang họp" in html(response)
    response = client.post(
        url,
        {
            "held_on": "10/07/2023",
            "method": Vote.Method.ELECTRONIC,
            "present": 1,
            "votes_for": 1,
            "votes_against": 0,
            "votes_abstain": 0,
        },
    )
    assert response.status_code == 302
    assert not Vote.objects.filter(item=item).exists()


def test_days_are_offered_inside_the_session(client, tree, nodes):
    """The vote and the sitting forms and the closing step suggest a day within the session,
    not today, when the session is long past."""
    n = nodes["district"]
    client.force_login(tree.users["district_office"])
    vote_day = client.get(reverse("sessions:vote_create", args=[n.item2.pk])).context["form"]
    sitting_day = client.get(reverse("sessions:sitting_create", args=[n.session.pk])).context[
        "form"
    ]
    assert vote_day.initial["held_on"] == sitting_day.initial["on"] == date(2023, 7, 10)
    moves = client.get(reverse("sessions:session_detail", args=[n.session.pk])).context["moves"]
    assert [(m["to"], m["on"]) for m in moves] == [(Session.Status.CLOSED, date(2023, 7, 12))]

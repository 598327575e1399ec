"""Council pages: who may open and change what, query counts, and how bad input comes back."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from councils import services
from councils.models import (
    AdministrativeUnit,
    Body,
    BodyMembership,
    Council,
    CouncilMembership,
    Delegate,
    Term,
    UnitKind,
)
from tests.conftest import WHO
from tests.factories import (
    PASSWORD,
    UnitFactory,
    system_actor,
)

LOGIN = reverse("login")
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]")


def login(client, tree, who: str) -> None:
    if who != "anonymous":
        client.force_login(tree.users[who])


def html(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------------------------
# The access matrix: every page x every role x a council inside and outside the role's scope.

TARGETS = ("district", "commune", "sibling_commune")
TreeUrl = Callable[..., str]


def _tree_url(t, p, n) -> str:
    return f"{reverse('councils:tree')}?parent={getattr(t, n).pk}"


def _council(name: str) -> TreeUrl:
    return lambda t, p, n: reverse(name, args=[p[n].council.pk])


# page: (what the page needs, the nodes it is tried on, its URL from (tree, people, node))
PAGES: dict[str, tuple[str, tuple, TreeUrl]] = {
    "tree": ("login", (None,), lambda t, p, n: reverse("councils:tree")),
    "tree_drilldown": ("read", TARGETS, _tree_url),
    "council_detail": ("read", TARGETS, _council("councils:council_detail")),
    "council_history": ("read", TARGETS, _council("councils:council_history")),
    "council_update": ("edit", TARGETS, _council("councils:council_update")),
    "unit_create": (
        "add",
        ("district", "commune", "sibling"),
        lambda t, p, n: f"{reverse('councils:unit_create')}?parent={getattr(t, n).pk}",
    ),
    "unit_update": (
        "edit",
        TARGETS,
        lambda t, p, n: reverse("councils:unit_update", args=[getattr(t, n).pk]),
    ),
    "delegate_list": ("login", (None,), lambda t, p, n: reverse("councils:delegate_list")),
    "delegate_create": ("edit", TARGETS, _council("councils:delegate_create")),
    "delegate_update": (
        "edit",
        TARGETS,
        lambda t, p, n: reverse("councils:delegate_update", args=[p[n].delegate.pk]),
    ),
    "membership_create": ("edit", TARGETS, _council("councils:membership_create")),
    "membership_update": (
        "edit",
        TARGETS,
        lambda t, p, n: reverse("councils:membership_update", args=[p[n].membership.pk]),
    ),
    "body_create": ("edit", TARGETS, _council("councils:body_create")),
    "body_member_create": (
        "edit",
        TARGETS,
        lambda t, p, n: reverse("councils:body_member_create", args=[p[n].committee.pk]),
    ),
    "term_list": ("login", (None,), lambda t, p, n: reverse("councils:term_list")),
    "term_create": ("terms", (None,), lambda t, p, n: reverse("councils:term_create")),
    "term_update": (
        "terms",
        (None,),
        lambda t, p, n: reverse("councils:term_update", args=[p["commune"].membership.term_id]),
    ),
}
PAGE_CASES = [
    pytest.param(page, node, id=f"{page}-{node}" if node else page)
    for page, (_need, nodes, _url) in PAGES.items()
    for node in nodes
]


@pytest.mark.parametrize(("page", "node"), PAGE_CASES)
def test_page_access_matrix(client, tree, people, expect, page, node):
    """One row of the matrix per page and council, every user in it. Anonymous: login page.
    Outside the scope: a 404 that names nothing. Read-only role on a form: 403. Else the page."""
    need, _nodes, url = PAGES[page]
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        response = client.get(url(tree, people, node))
        observed[who] = response.status_code
        if response.status_code == 302:
            assert response.url.startswith(f"{LOGIN}?next="), who
        elif response.status_code in (403, 404) and node is not None:
            assert getattr(tree, node).title not in html(response), who
            assert people[node].delegate.full_name not in html(response), who
    assert observed == {who: expect.page(who, need, node) for who in WHO}


# page: (the form data from (tree, people, node, term), whether it was saved from (tree, people,
# node)). A read-only or out-of-scope POST must leave the database as it was.
NEW_NAME = "Tân Mỹ"
POSTS: dict[str, tuple[Callable, Callable]] = {
    "council_update": (
        lambda t, p, n, term: {"name": "Hội đồng nhân dân Tân Mỹ", "valid_from": "01/01/2000"},
        lambda t, p, n: Council.objects.filter(
            pk=p[n].council.pk, name="Hội đồng nhân dân Tân Mỹ"
        ).exists(),
    ),
    "unit_create": (
        lambda t, p, n, term: {
            "name": NEW_NAME,
            "kind": UnitKind.COMMUNE,
            "code": "99901",
            "valid_from": "01/01/2010",
            "with_council": "on",
        },
        lambda t, p, n: AdministrativeUnit.objects.filter(
            code="99901", path__startswith=getattr(t, n).path, council__isnull=False
        ).exists(),
    ),
    "unit_update": (
        lambda t, p, n, term: {
            "name": NEW_NAME,
            "kind": getattr(t, n).kind,
            "code": getattr(t, n).code,
            "valid_from": "01/01/2000",
        },
        lambda t, p, n: AdministrativeUnit.objects.filter(
            pk=getattr(t, n).pk, name=NEW_NAME
        ).exists(),
    ),
    "delegate_create": (
        lambda t, p, n, term: {"full_name": "Lê Thị Mới", "gender": "female"},
        lambda t, p, n: Delegate.objects.filter(
            council=p[n].council, full_name="Lê Thị Mới"
        ).exists(),
    ),
    "delegate_update": (
        lambda t, p, n, term: {"full_name": "Lê Thị Mới", "email": "le.thi.moi@hdnd.gov.vn"},
        lambda t, p, n: Delegate.objects.filter(
            pk=p[n].delegate.pk, full_name="Lê Thị Mới"
        ).exists(),
    ),
    "membership_create": (
        lambda t, p, n, term: {
            "delegate": p[n].spare.pk,
            "term": term.pk,
            "kind": CouncilMembership.Kind.PART_TIME,
            "start_on": "01/07/2021",
        },
        lambda t, p, n: CouncilMembership.objects.filter(delegate=p[n].spare).exists(),
    ),
    "membership_update": (
        lambda t, p, n, term: {
            "term": term.pk,
            "kind": CouncilMembership.Kind.FULL_TIME,
            "position": "Phó Chủ tịch",
            "start_on": term.start_on.strftime("%d/%m/%Y"),
        },
        lambda t, p, n: CouncilMembership.objects.filter(
            pk=p[n].membership.pk, position="Phó Chủ tịch"
        ).exists(),
    ),
    "body_create": (
        lambda t, p, n, term: {
            "kind": Body.Kind.DELEGATE_GROUP,
            "name": "Tổ đại biểu số 1",
            "term": term.pk,
        },
        lambda t, p, n: Body.objects.filter(council=p[n].council, name="Tổ đại biểu số 1").exists(),
    ),
    "body_member_create": (
        lambda t, p, n, term: {
            "delegate": p[n].delegate.pk,
            "role": BodyMembership.Role.DEPUTY_HEAD,
            "start_on": "01/01/2024",
        },
        lambda t, p, n: BodyMembership.objects.filter(
            body=p[n].committee, role=BodyMembership.Role.DEPUTY_HEAD
        ).exists(),
    ),
    "term_create": (
        lambda t, p, n, term: {
            "name": "2026-2031",
            "start_on": "15/03/2026",
            "end_on": "14/03/2031",
        },
        lambda t, p, n: Term.objects.filter(name="2026-2031", start_on=date(2026, 3, 15)).exists(),
    ),
    "term_update": (
        lambda t, p, n, term: {
            "name": "2021-2026 (sửa)",
            "start_on": "23/05/2021",
            "end_on": "14/03/2026",
        },
        lambda t, p, n: Term.objects.filter(name="2021-2026 (sửa)").exists(),
    ),
}
POST_CASES = [
    pytest.param(page, node, id=f"{page}-{node}" if node else page)
    for page in POSTS
    for node in PAGES[page][1]
    if not (page == "unit_create" and node == "commune")  # nothing may sit under a commune
]


@pytest.mark.parametrize(("page", "node"), POST_CASES)
def test_form_post_matrix(client, tree, people, term, expect, db_rows, page, node):
    """A valid POST saves and redirects only for users with the right to act; every other user
    gets the same answer as for GET and the database is left untouched. Each user's attempt is
    rolled back, so all of them try against the same data."""
    need, _nodes, url = PAGES[page]
    data, saved = POSTS[page]
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        with transaction.atomic():
            before = db_rows()
            response = client.post(url(tree, people, node), data(tree, people, node, term))
            if response.status_code == 302 and not response.url.startswith(LOGIN):
                observed[who] = "saved" if saved(tree, people, node) else "redirected, not saved"
            else:
                observed[who] = response.status_code
                if response.status_code == 200:
                    observed[who] = (200, response.context["form"].errors)
                assert not saved(tree, people, node), who
                assert db_rows() == before, who
            transaction.set_rollback(True)
    expected = {who: expect.page(who, need, node) for who in WHO}
    assert observed == {who: "saved" if code == 200 else code for who, code in expected.items()}


# ---------------------------------------------------------------------------------------------
# Lists show only rows in scope.

TOPS = {
    "province_clerk": {"province"},
    "province_standing": {"province"},
    "district_office": {"district"},
    "commune_office": {"commune"},
    "commune_delegate": {"commune"},
    "sibling_clerk": {"sibling"},
    "no_role": set(),
    "admin": {"province", "sibling"},
}
NODES = ("province", "district", "commune", "commune2", "sibling", "sibling_commune")


@pytest.mark.parametrize("who", TOPS)
def test_tree_starts_at_the_tops_of_the_users_reach(client, tree, expect, who):
    """The first tree page lists the user's own councils; nothing outside the scope is named."""
    login(client, tree, who)
    response = client.get(reverse("councils:tree"))
    assert {u.pk for u in response.context["page"].object_list} == {
        getattr(tree, n).pk for n in TOPS[who]
    }
    for node in NODES:
        if node not in expect.reads[who]:
            assert getattr(tree, node).title not in html(response)


@pytest.mark.parametrize("who", TOPS)
def test_tree_search_stays_in_scope(client, tree, expect, who):
    """Searching "duc" finds Hiệp Đức and Đức Xuân, but each user only the one in scope."""
    login(client, tree, who)
    response = client.get(reverse("councils:tree"), {"q": "duc"})
    found = {u.pk for u in response.context["page"].object_list}
    expected = {n for n in ("district", "sibling_commune") if n in expect.reads[who]}
    assert found == {getattr(tree, n).pk for n in expected}
    for node in {"district", "sibling_commune"} - expected:
        assert getattr(tree, node).title not in html(response)


def test_tree_drilldown_lists_children_with_breadcrumb(client, tree):
    """?parent= shows the unit's children and the path above it."""
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("councils:tree"), {"parent": tree.district.pk})
    assert [u.pk for u in response.context["page"].object_list] == [
        tree.commune2.pk,  # "binh lam" sorts before "que tho"
        tree.commune.pk,
    ]
    assert response.context["breadcrumb"] == [tree.province, tree.district]


@pytest.mark.parametrize("who", TOPS)
def test_delegate_list_stays_in_scope(client, tree, people, expect, who):
    """The register lists the delegates of the councils in scope and names no other."""
    login(client, tree, who)
    response = client.get(reverse("councils:delegate_list"))
    shown = {d.pk for d in response.context["page"].object_list}
    readable = [people[n] for n in NODES if n in expect.reads[who]]
    assert shown == {d.pk for p in readable for d in (p.delegate, p.spare)}
    for node in NODES:
        if node not in expect.reads[who]:
            assert people[node].delegate.full_name not in html(response)


def test_delegate_list_search_ignores_diacritics(client, tree, people):
    """Typing without marks finds the name with them."""
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("councils:delegate_list"), {"q": "dai bieu que tho"})
    assert [d.pk for d in response.context["page"].object_list] == [people["commune"].delegate.pk]


def test_council_detail_children_stay_in_scope(client, tree, people):
    """A district office sees its own district's communes from the district page, not beyond."""
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("councils:council_detail", args=[people["district"].council.pk]))
    assert {u.pk for u in response.context["page"].children} == {
        tree.commune.pk,
        tree.commune2.pk,
    }
    assert [m.pk for m in response.context["page"].memberships] == [
        people["district"].membership.pk
    ]


def test_membership_form_offers_only_the_councils_own_delegates(client, tree, people):
    """The delegate choice is scoped: another council's people cannot be picked."""
    client.force_login(tree.users["province_clerk"])
    council = people["commune"].council
    response = client.get(reverse("councils:membership_create", args=[council.pk]))
    choices = set(response.context["form"].fields["delegate"].queryset)
    assert choices == {people["commune"].delegate, people["commune"].spare}
    response = client.post(
        reverse("councils:membership_create", args=[council.pk]),
        {
            "delegate": people["commune2"].spare.pk,
            "term": people["commune"].membership.term_id,
            "kind": CouncilMembership.Kind.PART_TIME,
            "start_on": "01/07/2021",
        },
    )
    assert set(response.context["form"].errors) == {"delegate"}
    assert not CouncilMembership.objects.filter(delegate=people["commune2"].spare).exists()


def test_body_member_form_offers_only_delegates_seated_in_the_term(client, tree, people):
    """Only delegates with a seat in the body's council and term are offered."""
    client.force_login(tree.users["province_clerk"])
    p = people["commune"]
    response = client.get(reverse("councils:body_member_create", args=[p.committee.pk]))
    assert list(response.context["form"].fields["delegate"].queryset) == [p.delegate]


# ---------------------------------------------------------------------------------------------
# Query counts: enough rows to expose an N+1; every count below is fixed, whatever the rows.


def test_tree_top_query_count(client, tree, django_assert_num_queries):
    """Session, user, role assignments, count, the page's ids, rows with their councils (an
    admin has no lineage to follow)."""
    for i in range(20):
        UnitFactory(name=f"Tỉnh mẫu {i:02d}", code=f"T{i:02d}")
    client.force_login(tree.users["admin"])
    with django_assert_num_queries(6):
        response = client.get(reverse("councils:tree"))
    assert len(response.context["page"].object_list) == 22


def test_tree_drilldown_query_count(client, tree, crowd, django_assert_num_queries):
    """Adds the parent, its council and the breadcrumb; the 27 rows cost nothing more."""
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(10):
        response = client.get(reverse("councils:tree"), {"parent": tree.district.pk})
    assert len(response.context["page"].object_list) == 27


def test_tree_search_query_count(client, tree, crowd, django_assert_num_queries):
    """Search results carry their trail ("Tỉnh Quảng Nam / Huyện Hiệp Đức") in one query."""
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(8):
        response = client.get(reverse("councils:tree"), {"q": "thuy duong"})
    units = response.context["page"].object_list
    assert len(units) == 25
    assert {u.trail for u in units} == {"Tỉnh Quảng Nam / Huyện Hiệp Đức"}


def test_council_detail_query_count(client, tree, crowd, django_assert_num_queries):
    """Bodies with members, 30 seats, 27 children and the lineage in a fixed 12 queries."""
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(12):
        response = client.get(reverse("councils:council_detail", args=[crowd.pk]))
    page = response.context["page"]
    assert len(page.memberships) == 30
    assert [len(b.members.all()) for b in page.bodies] == [5, 5, 5]
    assert len(page.children) == 27
    assert [link.predecessor.name for link in page.predecessors] == ["Phước Sơn"]


def test_delegate_list_query_count(client, tree, crowd, django_assert_num_queries):
    """30 delegates with their councils: session, user, scope (2), count, ids, rows."""
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(7):
        response = client.get(reverse("councils:delegate_list"))
    assert len(response.context["page"].object_list) == 30


def test_council_history_query_count_does_not_grow(client, tree, crowd):
    """At most two queries per history table and one for delegate names, however many changes:
    once a table has a change, 29 more cost no query."""
    client.force_login(tree.users["province_clerk"])
    url = reverse("councils:council_history", args=[crowd.pk])
    delegates = list(Delegate.objects.filter(council=crowd)[:30])
    services.delegate_update(
        actor=system_actor(), delegate=delegates[0], full_name=delegates[0].full_name, phone="0901"
    )
    client.get(url)  # the scope's lineage read and cached
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for d in delegates[1:]:
        services.delegate_update(
            actor=system_actor(), delegate=d, full_name=d.full_name, phone="0901"
        )
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    assert len(second) == len(first)
    assert sum(row["changes"] != [] for row in response.context["rows"]) == 30


# ---------------------------------------------------------------------------------------------
# Bad input comes back on the right field, in Vietnamese, with what was typed, and saves nothing.


def _unit_create(t, p) -> str:
    return f"{reverse('councils:unit_create')}?parent={t.district.pk}"


# id: (user, url from (tree, people), form data from (people, term), field, typed values shown)
BAD_INPUT = {
    "membership_outside_term": (
        "province_clerk",
        lambda t, p: reverse("councils:membership_create", args=[p["commune"].council.pk]),
        lambda p, term: {
            "delegate": p["commune"].spare.pk,
            "term": term.pk,
            "kind": CouncilMembership.Kind.PART_TIME,
            "position": "Ủy viên",
            "start_on": "01/01/2019",
        },
        "start_on",
        ['value="01/01/2019"', 'value="Ủy viên"'],
    ),
    "membership_end_before_start": (
        "commune_office",
        lambda t, p: reverse("councils:membership_update", args=[p["commune"].membership.pk]),
        lambda p, term: {
            "term": term.pk,
            "kind": CouncilMembership.Kind.PART_TIME,
            "start_on": "01/07/2021",
            "end_on": "30/06/2021",
            "end_reason": "Chuyển công tác",
        },
        "end_on",
        ['value="30/06/2021"', 'value="Chuyển công tác"'],
    ),
    "district_under_commune": (
        "province_clerk",
        lambda t, p: f"{reverse('councils:unit_create')}?parent={t.commune.pk}",
        lambda p, term: {
            "name": "Nông Sơn",
            "kind": UnitKind.RURAL_DISTRICT,
            "code": "99902",
            "valid_from": "01/01/2010",
        },
        "kind",
        ['value="Nông Sơn"', '<option value="rural_district" selected>'],
    ),
    "commune_without_parent": (
        "admin",
        lambda t, p: reverse("councils:unit_create"),
        lambda p, term: {
            "name": "Mồ Côi",
            "kind": UnitKind.COMMUNE,
            "code": "99903",
            "valid_from": "01/01/2010",
        },
        "kind",
        ['value="Mồ Côi"', '<option value="commune" selected>'],
    ),
    "duplicate_code": (
        "province_clerk",
        _unit_create,
        lambda p, term: {
            "name": "Quế Lưu",
            "kind": UnitKind.COMMUNE,
            "code": "20536",  # Quế Thọ's code, in the same period
            "valid_from": "01/01/2010",
        },
        "code",
        ['value="20536"', 'value="Quế Lưu"'],
    ),
    "unit_ends_before_it_starts": (
        "province_clerk",
        _unit_create,
        lambda p, term: {
            "name": "Quế Lưu",
            "kind": UnitKind.COMMUNE,
            "code": "99904",
            "valid_from": "01/01/2010",
            "valid_to": "31/12/2009",
        },
        "valid_to",
        ['value="31/12/2009"', 'value="01/01/2010"'],
    ),
    "council_ends_before_it_starts": (
        "commune_office",
        lambda t, p: reverse("councils:council_update", args=[p["commune"].council.pk]),
        lambda p, term: {
            "name": "Hội đồng nhân dân xã Quế Thọ",
            "valid_from": "01/01/2010",
            "valid_to": "01/01/2005",
        },
        "valid_to",
        ['value="01/01/2005"'],
    ),
    "term_ends_before_it_starts": (
        "admin",
        lambda t, p: reverse("councils:term_create"),
        lambda p, term: {"name": "2031-2036", "start_on": "01/04/2031", "end_on": "01/04/2030"},
        "end_on",
        ['value="2031-2036"', 'value="01/04/2030"'],
    ),
    "impossible_date": (
        "province_clerk",
        _unit_create,
        lambda p, term: {
            "name": "Quế Lưu",
            "kind": UnitKind.COMMUNE,
            "code": "99905",
            "valid_from": "31/02/2010",
        },
        "valid_from",
        ['value="31/02/2010"'],
    ),
    "us_style_date": (
        "province_clerk",
        lambda t, p: reverse("councils:delegate_create", args=[p["commune"].council.pk]),
        lambda p, term: {"full_name": "Trần Văn Nam", "birth_date": "12/25/1980"},
        "birth_date",
        ['value="12/25/1980"', 'value="Trần Văn Nam"'],
    ),
    "invalid_email": (
        "commune_office",
        lambda t, p: reverse("councils:delegate_update", args=[p["commune"].delegate.pk]),
        lambda p, term: {"full_name": "Trần Văn Nam", "email": "tran.van.nam@"},
        "email",
        ['value="tran.van.nam@"', 'value="Trần Văn Nam"'],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(
    client, tree, people, term, db_rows, case
):
    """200 with the form again: a Vietnamese message on the field at fault, what the user typed
    still in the inputs, and not one row written (history included)."""
    who, url, data, field, typed = BAD_INPUT[case]
    client.force_login(tree.users[who])
    before = db_rows()
    response = client.post(url(tree, people), data(people, term))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {field}
    message = errors[field][0]
    assert VIETNAMESE.search(message)
    assert escape(message) in html(response)
    for value in typed:
        assert value in html(response)
    assert db_rows() == before


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_read_day_first(client, tree, people, term, language):
    """A date typed 05/03/2025 is 5 March 2025, in English too (never US-style 3 May)."""
    client.force_login(tree.users["province_clerk"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    p = people["commune"]
    response = client.post(
        reverse("councils:membership_create", args=[p.council.pk]),
        {
            "delegate": p.spare.pk,
            "term": term.pk,
            "kind": CouncilMembership.Kind.PART_TIME,
            "start_on": "05/03/2025",
        },
    )
    assert response.status_code == 302
    assert CouncilMembership.objects.get(delegate=p.spare).start_on == date(2025, 3, 5)


def test_tree_date_filter_reads_day_first_and_reports_bad_dates(client, tree):
    """The as-of date 30/06/2025 is read day first; an impossible date is flagged and the tree
    falls back to today instead of failing."""
    closed = UnitFactory(
        parent=tree.district,
        kind=UnitKind.COMMUNE,
        name="Phước Trà",
        valid_to=date(2025, 6, 30),
    )
    client.force_login(tree.users["province_clerk"])
    url = reverse("councils:tree")
    response = client.get(url, {"parent": tree.district.pk, "on": "30/06/2025"})
    assert response.context["on"] == date(2025, 6, 30)
    assert closed in response.context["page"].object_list
    response = client.get(url, {"parent": tree.district.pk, "on": "31/06/2025"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"on"}
    assert 'value="31/06/2025"' in html(response)
    assert closed not in response.context["page"].object_list


def test_saved_dates_are_shown_day_first(client, tree, people):
    """The edit form shows stored dates as dd/mm/yyyy, so saving it again changes nothing."""
    client.force_login(tree.users["province_clerk"])
    response = client.get(
        reverse("councils:membership_update", args=[people["commune"].membership.pk])
    )
    assert 'value="23/05/2021"' in html(response)


# ---------------------------------------------------------------------------------------------
# Pages that write: what they leave behind.


def test_unit_create_adds_the_council_and_returns_to_the_parent(client, tree):
    """A new commune under the district gets its council and the user lands on the district."""
    client.force_login(tree.users["province_clerk"])
    response = client.post(
        f"{reverse('councils:unit_create')}?parent={tree.district.pk}",
        {
            "name": "Sông Trà",
            "kind": UnitKind.COMMUNE,
            "code": "20542",
            "valid_from": "01/01/2010",
            "with_council": "on",
        },
    )
    assert response.status_code == 302
    assert response.url == f"{reverse('councils:tree')}?parent={tree.district.pk}"
    unit = AdministrativeUnit.objects.get(code="20542")
    assert AdministrativeUnit.objects.get_parent(unit) == tree.district
    assert unit.council.name == "Hội đồng nhân dân xã Sông Trà"


def test_unit_create_without_council(client, tree):
    """Unticking "has a council" creates the unit alone (urban pilots had no HĐND)."""
    client.force_login(tree.users["province_clerk"])
    client.post(
        f"{reverse('councils:unit_create')}?parent={tree.district.pk}",
        {"name": "Phường Một", "kind": UnitKind.WARD, "code": "20543", "valid_from": "01/01/2010"},
    )
    unit = AdministrativeUnit.objects.get(code="20543")
    assert not Council.objects.filter(unit=unit).exists()


def test_delegate_save_and_add_membership_goes_to_the_membership_form(client, tree, people):
    """The "save and add a seat" button opens the membership form with the new delegate chosen."""
    client.force_login(tree.users["commune_office"])
    council = people["commune"].council
    response = client.post(
        reverse("councils:delegate_create", args=[council.pk]),
        {"full_name": "Phan Thị Hoa", "add_membership": "1"},
    )
    delegate = Delegate.objects.get(full_name="Phan Thị Hoa")
    assert response.url == (
        f"{reverse('councils:membership_create', args=[council.pk])}?delegate={delegate.pk}"
    )
    response = client.get(response.url)
    assert response.context["form"]["delegate"].value() == str(delegate.pk)


def test_history_page_names_the_user_who_changed_a_delegate(client, tree, people):
    """django-simple-history records the acting user; the history page shows who and what."""
    clerk = tree.users["commune_office"]
    client.force_login(clerk)
    p = people["commune"]
    client.post(
        reverse("councils:delegate_update", args=[p.delegate.pk]),
        {"full_name": p.delegate.full_name, "occupation": "Bí thư Đoàn xã"},
    )
    assert p.delegate.history.latest().history_user == clerk
    response = client.get(reverse("councils:council_history", args=[p.council.pk]))
    row = response.context["rows"][0]
    assert row["user"] == clerk
    assert row["changes"] == [("chức vụ, nơi công tác", "—", "Bí thư Đoàn xã")]
    assert str(clerk) in html(response)


def test_history_fragment_for_htmx(client, tree, people):
    """htmx asks for the table alone, to load it into the council page."""
    client.force_login(tree.users["province_clerk"])
    council = people["commune"].council
    response = client.get(
        reverse("councils:council_history", args=[council.pk]), headers={"hx-request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in html(response)
    assert "<table" in html(response)


def test_home_opens_the_users_council(client, tree):
    """A user with a council lands on it; an administrator without one lands on the tree."""
    client.force_login(tree.users["commune_office"])
    response = client.get(reverse("home"))
    assert response.url == reverse("councils:council_detail", args=[tree.council("commune").pk])
    client.force_login(tree.users["admin"])
    assert client.get(reverse("home")).url == reverse("councils:tree")


# ---------------------------------------------------------------------------------------------
# Accounts and language.


def test_login_is_locked_after_too_many_failures(client, tree):
    """django-axes: after AXES_FAILURE_LIMIT wrong passwords even the right one is refused."""
    user = tree.users["commune_office"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(LOGIN, {"username": user.username, "password": "sai-mat-khau"})
        assert response.status_code != 302
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Tài khoản tạm bị khóa" in html(response)


def test_login_with_the_right_password_before_the_limit(client, tree):
    """Fewer failures than the limit do not lock the account out."""
    user = tree.users["commune_office"]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": user.username, "password": "sai-mat-khau"})
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_change(client, tree):
    """A signed-in user changes their password and must use the new one afterwards."""
    user = tree.users["commune_office"]
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200
    new = "Mat-khau-moi-2027!"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_change_needs_login(client, tree):
    """Anonymous visitors are sent to the login page."""
    response = client.get(reverse("password_change"))
    assert response.url.startswith(f"{LOGIN}?next=")


def test_language_switch_to_english(client, tree):
    """The interface speaks Vietnamese until the user picks English."""
    client.force_login(tree.users["province_clerk"])
    assert '<html lang="vi">' in html(client.get(reverse("councils:tree")))
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("councils:tree")}
    )
    assert response.url == reverse("councils:tree")
    assert '<html lang="en">' in html(client.get(reverse("councils:tree")))


def test_breadcrumb_links_only_to_units_the_user_may_open(client, tree):
    """A commune clerk sees the province and district names above them, but no link to a 404."""
    client.force_login(tree.users["commune_office"])
    html = client.get(reverse("councils:council_detail", args=[tree.council("commune").pk]))
    text = html.content.decode()
    assert tree.province.title in text
    assert f"?parent={tree.province.pk}" not in text
    assert f"?parent={tree.district.pk}" not in text
    client.force_login(tree.users["province_clerk"])
    text = client.get(reverse("councils:council_detail", args=[tree.council("commune").pk]))
    assert f"?parent={tree.district.pk}" in text.content.decode()

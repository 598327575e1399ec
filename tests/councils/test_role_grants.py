"""The grant page: administrators grant and end roles within what they cover, never above."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from councils import scoping, services
from councils.models import Role, RoleAssignment, UnitKind, UnitSuccession
from tests.factories import UnitFactory, UserFactory, council_of, system_actor

LIST = reverse("councils:role_grant_list")
CREATE = reverse("councils:role_grant_create")


@pytest.fixture
def admins(tree):
    """A province administrator (Quảng Nam) and a national one, added to `tree.users`."""
    for username, node in (("province_admin", "province"), ("national_admin", None)):
        user = UserFactory(username=username)
        services.role_assign(
            actor=system_actor(),
            user=user,
            role=Role.ADMIN,
            council=tree.council(node) if node else None,
            valid_from=date(2021, 1, 1),
        )
        tree.users[username] = user
    return tree


def grant_of(tree, username: str) -> RoleAssignment:
    return RoleAssignment.objects.get(user__username=username)


def post_grant(client, tree, **fields):
    data = {
        "user": "no_role",
        "role": Role.SECRETARIAT,
        "council": tree.council("commune").pk,
        "valid_from": "01/01/2026",
        "valid_to": "",
        **fields,
    }
    return client.post(CREATE, data)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("province_admin", 200),
        ("national_admin", 200),
        ("admin", 200),
        ("province_clerk", 403),
        ("province_standing", 403),
        ("no_role", 403),
        ("anonymous", 302),
    ],
)
@pytest.mark.parametrize("url", [LIST, CREATE])
def test_who_may_open_the_grant_pages(client, admins, who, status, url):
    """Only holders of manage_roles open the pages; the sidebar links them only for those."""
    if who != "anonymous":
        client.force_login(admins.users[who])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert LIST.encode() in response.content  # the sidebar link
    if who == "province_clerk":
        page = client.get(reverse("councils:delegate_list"))
        assert page.status_code == 200
        assert LIST.encode() not in page.content


def shown(response) -> set[str]:
    return {g.user.username for g in response.context["page"].object_list}


def test_list_shows_grants_in_scope_only(client, admins):
    """A province administrator sees the grants of their subtree, not a sibling's or the
    nation's; the national administrator sees them all."""
    client.force_login(admins.users["province_admin"])
    assert shown(client.get(LIST)) == {
        "province_clerk",
        "province_standing",
        "district_office",
        "commune_office",
        "commune_delegate",
        "province_admin",
    }
    client.force_login(admins.users["national_admin"])
    assert {"sibling_clerk", "national_admin", "province_admin"} <= shown(client.get(LIST))


def test_list_filters_by_council_lineage_user_and_ended(client, admins):
    user = admins.users["province_admin"]
    client.force_login(user)
    district = admins.council("district")
    response = client.get(LIST, {"council": district.pk})
    assert shown(response) == {"district_office", "commune_office", "commune_delegate"}
    assert shown(client.get(LIST, {"q": "commune"})) == {"commune_office", "commune_delegate"}
    services.role_end(
        actor=user,
        assignment=grant_of(admins, "commune_office"),
        valid_to=timezone.localdate() - timedelta(days=1),
    )
    assert "commune_office" not in shown(client.get(LIST))
    assert "commune_office" in shown(client.get(LIST, {"ended": "on"}))


def test_grant_within_scope(client, admins):
    """A province administrator grants a role at a commune below them, administrators too."""
    client.force_login(admins.users["province_admin"])
    response = post_grant(client, admins)
    assert response.status_code == 302
    grant = grant_of(admins, "no_role")
    assert (grant.role, grant.council, grant.valid_from) == (
        Role.SECRETARIAT,
        admins.council("commune"),
        date(2026, 1, 1),
    )
    assert grant.history.get().history_user == admins.users["province_admin"]
    other = UserFactory(username="commune_admin")
    assert post_grant(client, admins, user=other.username, role=Role.ADMIN).status_code == 302
    assert grant_of(admins, "commune_admin").role == Role.ADMIN


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        # A national grant is above a province administrator: the council is asked for.
        ({"role": Role.ADMIN, "council": ""}, {"council"}),
        ({"council": ""}, {"council"}),
        # A council outside what they cover is not a choice.
        ({"council": "sibling"}, {"council"}),
        # Nobody grants themselves a role.
        ({"user": "province_admin"}, {"user"}),
        ({"user": "nobody"}, {"user"}),
        # Every error at once: user, council and dates together.
        (
            {"user": "province_admin", "council": "sibling", "valid_from": "31/02/2026"},
            {"user", "council", "valid_from"},
        ),
        ({"valid_from": "01/01/2026", "valid_to": "01/01/2025"}, {"valid_to"}),
    ],
)
def test_grant_refused_on_the_right_fields(client, admins, db_rows, fields, errors):
    client.force_login(admins.users["province_admin"])
    if fields.get("council") == "sibling":
        fields = {**fields, "council": admins.council("sibling").pk}
    before = db_rows()
    response = post_grant(client, admins, **fields)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == errors
    assert db_rows() == before


def test_overlapping_grant_is_refused(client, admins, db_rows):
    client.force_login(admins.users["province_admin"])
    response = post_grant(
        client, admins, user="commune_office", role=Role.OFFICE, valid_from="01/01/2026"
    )
    assert set(response.context["form"].errors) == {"valid_from"}


def test_national_admin_grants_national_admin(client, admins):
    client.force_login(admins.users["national_admin"])
    response = post_grant(client, admins, role=Role.ADMIN, council="")
    assert response.status_code == 302
    grant = grant_of(admins, "no_role")
    assert grant.council is None
    assert scoping.can(grant.user, "manage_roles", None)


@pytest.mark.parametrize(
    ("who", "node"),
    [
        ("province_clerk", "commune"),  # edits the subtree, but does not manage roles
        ("commune_office", "commune"),
        ("province_admin", "sibling"),  # manages roles, but not there
        ("province_admin", "old"),  # nor at a council they only read through a merger
    ],
)
def test_service_refuses_grants_outside_manage_roles(admins, db_rows, who, node):
    """The service checks too: a form is not the only way in."""
    if node == "old":
        old = UnitFactory(name="Tỉnh cũ", kind=UnitKind.PROVINCE)
        services.units_reorganise(
            actor=system_actor(),
            predecessors=[old],
            successor=admins.province,
            kind=UnitSuccession.Kind.MERGE,
            effective_on=date(2020, 1, 1),
        )
        council = council_of(old)
        assert council in scoping.councils_visible_to(admins.users[who])
    else:
        council = admins.council(node)
    before = db_rows()
    with pytest.raises(PermissionDenied):
        services.role_assign(
            actor=admins.users[who],
            user=admins.users["no_role"],
            role=Role.SECRETARIAT,
            council=council,
            valid_from=date(2026, 1, 1),
        )
    assert db_rows() == before


def test_service_refuses_a_national_grant_by_a_province_admin(admins, db_rows):
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.role_assign(
            actor=admins.users["province_admin"],
            user=admins.users["no_role"],
            role=Role.ADMIN,
            council=None,
            valid_from=date(2026, 1, 1),
        )
    assert exc.value.error_dict["council"][0].code == "national_grant"
    assert db_rows() == before


def test_end_a_grant_keeps_the_row(client, admins):
    """Ending sets the last day; the row and its history stay; the right stops today."""
    client.force_login(admins.users["province_admin"])
    grant = grant_of(admins, "district_office")
    url = reverse("councils:role_grant_end", args=[grant.pk])
    assert client.get(url).status_code == 200
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(url, {"valid_to": yesterday.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.valid_to == yesterday
    assert grant.history.count() == 2
    office = admins.users["district_office"]
    scoping.scope_forget(office)
    assert not scoping.can_edit_council(office, admins.council("district"))


def test_end_refuses_rewriting_the_past(client, admins):
    client.force_login(admins.users["province_admin"])
    grant = grant_of(admins, "district_office")
    url = reverse("councils:role_grant_end", args=[grant.pk])
    response = client.post(url, {"valid_to": "01/01/2024"})
    assert set(response.context["form"].errors) == {"valid_to"}
    grant.refresh_from_db()
    assert grant.valid_to is None


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("province_admin", "commune_office", 200),
        ("province_admin", "sibling_clerk", 404),
        ("province_admin", "national_admin", 404),
        ("national_admin", "sibling_clerk", 200),
        ("province_clerk", "commune_office", 404),
        ("no_role", "commune_office", 404),
        ("anonymous", "commune_office", 302),
    ],
)
def test_end_page_is_scoped(client, admins, who, target, status):
    """Out of scope is a 404, never a 403: a grant elsewhere must not be revealed."""
    if who != "anonymous":
        client.force_login(admins.users[who])
    url = reverse("councils:role_grant_end", args=[grant_of(admins, target).pk])
    assert client.get(url).status_code == status
    if status == 404:
        yesterday = timezone.localdate() - timedelta(days=1)
        assert client.post(url, {"valid_to": yesterday.strftime("%d/%m/%Y")}).status_code == 404
        assert grant_of(admins, target).valid_to is None


def test_grant_list_query_count_is_fixed(client, admins, django_assert_num_queries):
    """The list's queries do not grow with its rows (no N+1 on users or councils): session, user,
    roles, capped count, page ids, rows (the lineage was read and cached by the first request)."""
    actor = system_actor()

    def add(n: int) -> None:
        for i in range(n):
            services.role_assign(
                actor=actor,
                user=UserFactory(username=f"extra{RoleAssignment.objects.count()}_{i}"),
                role=Role.DELEGATE,
                council=admins.council("commune2"),
                valid_from=date(2025, 1, 1),
            )

    client.force_login(admins.users["province_admin"])
    add(10)
    client.get(LIST)  # warm the session
    with django_assert_num_queries(6) as small:
        client.get(LIST)
    add(30)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 46

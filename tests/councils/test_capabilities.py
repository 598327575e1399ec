"""Rights finer than the tree: the user, capability and council matrix of `scoping.can`.

The expected reaches are written out by hand (DOMAIN.md §16, issue 11) rather than read off
ROLE_CAPABILITIES, so a change of the table shows up here as a change of behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from councils import scoping, services
from councils.models import (
    Body,
    BodyMembership,
    Capability,
    Council,
    Extent,
    Role,
    UnitKind,
    UnitSuccession,
)
from tests.factories import (
    DelegateFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
    body,
    body_member,
    council_of,
    seat,
    system_actor,
)

C = Capability
NODES = ("province", "district", "commune", "commune2", "old_commune", "sibling", "sibling_commune")
OURS = frozenset({"province", "district", "commune", "commune2", "old_commune"})
THEIRS = frozenset({"sibling", "sibling_commune"})
ALL = OURS | THEIRS
DISTRICT = frozenset({"district", "commune", "commune2", "old_commune"})
COMMUNE = frozenset({"commune", "old_commune"})  # old_commune merged into commune
NONE: frozenset[str] = frozenset()

# Every capability a clerk of the data-entry office has over a subtree.
DATA_ENTRY = (C.EDIT, C.RUN_BAN_OVERSIGHT, C.RUN_GROUP_OVERSIGHT, C.OWN_VOTER_WORK)


def reaches(**by_capability: frozenset[str]) -> dict[str, frozenset[str]]:
    return {c: by_capability.get(c.value, NONE) for c in Capability}


EXPECTED: dict[str, dict[str, frozenset[str]]] = {
    "province_clerk": reaches(
        view=OURS,
        **{c.value: OURS for c in DATA_ENTRY},
        accept_submission=OURS - {"province"},
    ),
    "province_leader": reaches(
        view=OURS,
        review=OURS,
        **{c.value: OURS for c in DATA_ENTRY},
        accept_submission=OURS - {"province"},
    ),
    "province_standing": reaches(view=OURS, approve=OURS),
    "district_office": reaches(view=DISTRICT, **{c.value: {"district"} for c in DATA_ENTRY}),
    "commune_office": reaches(view=COMMUNE, **{c.value: {"commune"} for c in DATA_ENTRY}),
    # A delegate without a linked delegate record or seats: reads their council, nothing more.
    "commune_delegate": reaches(view=COMMUNE),
    "ban_member": reaches(
        view={"district"}, run_ban_oversight={"district"}, own_voter_work={"district"}
    ),
    "group_member": reaches(
        view={"district"}, run_group_oversight={"district"}, own_voter_work={"district"}
    ),
    "commune_privacy": reaches(view=COMMUNE, view_personal_data=COMMUNE),
    "province_admin": reaches(view=OURS, edit=OURS, manage_roles=OURS),
    "national_admin": {c: NONE if c == C.VIEW_PERSONAL_DATA else ALL for c in Capability},
    "sibling_clerk": reaches(
        view=THEIRS,
        **{c.value: THEIRS for c in DATA_ENTRY},
        accept_submission={"sibling_commune"},
    ),
    "no_role": reaches(),
    "admin": dict.fromkeys(Capability, ALL),  # a superuser
    "anonymous": reaches(),
}

# The roles the `cap_tree` adds to the `tree` fixture's users.
EXTRA_USERS = {
    "province_leader": (Role.OFFICE_LEADER, "province"),
    "ban_member": (Role.DELEGATE, "district"),
    "group_member": (Role.DELEGATE, "district"),
    "commune_privacy": (Role.PERSONAL_DATA, "commune"),
    "province_admin": (Role.ADMIN, "province"),
    "national_admin": (Role.ADMIN, None),
}


@dataclass
class CapTree:
    tree: object
    councils: dict[str, Council]
    users: dict = field(default_factory=dict)
    ban: Body | None = None
    other_ban: Body | None = None
    group: Body | None = None
    member_delegate: object = None
    other_delegate: object = None


@pytest.fixture
def cap_tree(tree) -> CapTree:
    """The `tree`, a commune merged into Quế Thọ, and users of the new roles; the district has
    two Bans and a delegate group in a term running today, with delegates linked to accounts."""
    old = UnitFactory(parent=tree.district, name="Quế Lộc", kind=UnitKind.COMMUNE, code="20530")
    services.units_reorganise(
        actor=system_actor(),
        predecessors=[old],
        successor=tree.commune,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2024, 1, 1),
    )
    councils = {n: tree.council(n) for n in NODES if n != "old_commune"}
    councils["old_commune"] = council_of(old)
    ct = CapTree(tree, councils, users=dict(tree.users))
    for username, (role, node) in EXTRA_USERS.items():
        user = UserFactory(username=username)
        services.role_assign(
            actor=system_actor(),
            user=user,
            role=role,
            council=councils[node] if node else None,
            valid_from=date(2021, 1, 1),
        )
        ct.users[username] = user
    today = timezone.localdate()
    term = TermFactory(
        name="hiện tại", start_on=today - timedelta(days=200), end_on=today + timedelta(days=900)
    )
    district = councils["district"]
    ct.member_delegate = DelegateFactory(council=district, full_name="Trần Văn Ban")
    group_delegate = DelegateFactory(council=district, full_name="Lê Thị Tổ")
    ct.other_delegate = DelegateFactory(council=district, full_name="Phạm Văn Khác")
    for d in (ct.member_delegate, group_delegate, ct.other_delegate):
        seat(d, term)
    ct.ban = body(district, term, Body.Kind.COMMITTEE, committee_type="legal")
    ct.other_ban = body(district, term, Body.Kind.COMMITTEE, committee_type="economy_society")
    ct.group = body(district, term, Body.Kind.DELEGATE_GROUP, name="Tổ đại biểu số 1")
    body_member(ct.ban, ct.member_delegate, BodyMembership.Role.HEAD)
    body_member(ct.other_ban, ct.other_delegate, BodyMembership.Role.HEAD)
    body_member(ct.group, group_delegate, BodyMembership.Role.LEADER)
    services.delegate_user_link(
        actor=system_actor(), delegate=ct.member_delegate, user=ct.users["ban_member"]
    )
    services.delegate_user_link(
        actor=system_actor(), delegate=group_delegate, user=ct.users["group_member"]
    )
    for user in ct.users.values():
        scoping.scope_forget(user)
    return ct


def user_of(ct: CapTree, who: str):
    return AnonymousUser() if who == "anonymous" else ct.users[who]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_capability_matrix(cap_tree, who):
    """Each user may do each capability exactly at the councils the hand-written table says:
    own council, subtree, never a sibling or a parent; merged predecessors for reading only."""
    user = user_of(cap_tree, who)
    found = {
        c: frozenset(n for n in NODES if scoping.can(user, c, cap_tree.councils[n]))
        for c in Capability
    }
    assert found == EXPECTED[who]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_can_somewhere_and_councils_where_agree_with_can(cap_tree, who):
    """The list helpers (sidebar links, choice fields) answer what `can` answers."""
    user = user_of(cap_tree, who)
    for c in Capability:
        where = set(scoping.councils_where(user, c).values_list("pk", flat=True))
        assert where == {cap_tree.councils[n].pk for n in EXPECTED[who][c]}, c
        assert scoping.can_somewhere(user, c) == bool(EXPECTED[who][c]), c


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("national_admin", True), ("admin", True), ("province_admin", False), ("no_role", False)],
)
def test_national_matters_are_for_national_administrators(cap_tree, who, allowed):
    """`council=None` asks about the nation: national grants, never a council admin's."""
    assert scoping.can(cap_tree.users[who], C.MANAGE_ROLES, None) is allowed


def test_ban_member_runs_only_their_own_ban(cap_tree):
    """A Ban member runs their Ban's oversight, not another Ban's of the same council."""
    user = cap_tree.users["ban_member"]
    district = cap_tree.councils["district"]
    assert scoping.can(user, C.RUN_BAN_OVERSIGHT, district, obj=cap_tree.ban)
    assert not scoping.can(user, C.RUN_BAN_OVERSIGHT, district, obj=cap_tree.other_ban)
    # A record of the Ban (anything with body_id) counts like the Ban itself.
    record = SimpleNamespace(body_id=cap_tree.ban.pk, council_id=district.pk)
    assert scoping.can(user, C.RUN_BAN_OVERSIGHT, district, obj=record)
    # A Ban is not a delegate group.
    assert not scoping.can(user, C.RUN_GROUP_OVERSIGHT, district, obj=cap_tree.ban)
    # The data-entry office runs every Ban in its reach.
    clerk = cap_tree.users["province_clerk"]
    assert scoping.can(clerk, C.RUN_BAN_OVERSIGHT, district, obj=cap_tree.other_ban)


def test_group_member_runs_only_their_group(cap_tree):
    user = cap_tree.users["group_member"]
    district = cap_tree.councils["district"]
    assert scoping.can(user, C.RUN_GROUP_OVERSIGHT, district, obj=cap_tree.group)
    assert not scoping.can(user, C.RUN_GROUP_OVERSIGHT, district, obj=cap_tree.ban)
    assert not scoping.can(user, C.RUN_BAN_OVERSIGHT, district, obj=cap_tree.ban)


def test_ended_seat_runs_nothing(cap_tree):
    """A Ban seat that ended yesterday no longer gives the Ban's oversight."""
    seat_row = BodyMembership.objects.get(body=cap_tree.ban, delegate=cap_tree.member_delegate)
    BodyMembership.objects.filter(pk=seat_row.pk).update(
        end_on=timezone.localdate() - timedelta(days=1)
    )
    user = cap_tree.users["ban_member"]
    scoping.scope_forget(user)
    assert not scoping.can(
        user, C.RUN_BAN_OVERSIGHT, cap_tree.councils["district"], obj=cap_tree.ban
    )


def test_delegate_works_only_on_their_own_records(cap_tree):
    """A delegate's voter contacts, questions and receptions: their own, not a colleague's."""
    user = cap_tree.users["ban_member"]
    district = cap_tree.councils["district"]
    mine = SimpleNamespace(delegate_id=cap_tree.member_delegate.pk, council_id=district.pk)
    theirs = SimpleNamespace(delegate_id=cap_tree.other_delegate.pk, council_id=district.pk)
    assert scoping.can(user, C.OWN_VOTER_WORK, district, obj=mine)
    assert scoping.can(user, C.OWN_VOTER_WORK, district, obj=cap_tree.member_delegate)
    assert not scoping.can(user, C.OWN_VOTER_WORK, district, obj=theirs)
    assert not scoping.can(user, C.OWN_VOTER_WORK, district, obj=cap_tree.other_delegate)
    # Office staff work on any delegate's records of the council they edit.
    office = cap_tree.users["district_office"]
    assert scoping.can(office, C.OWN_VOTER_WORK, district, obj=theirs)


def test_an_object_of_another_council_is_refused(cap_tree):
    """Fail closed when a caller pairs a council with another council's object."""
    clerk = cap_tree.users["province_clerk"]
    commune = cap_tree.councils["commune"]
    assert scoping.can(clerk, C.RUN_BAN_OVERSIGHT, commune)
    assert not scoping.can(clerk, C.RUN_BAN_OVERSIGHT, commune, obj=cap_tree.ban)


def test_require_can_raises_permission_denied(cap_tree):
    commune = cap_tree.councils["commune"]
    scoping.require_can(cap_tree.users["commune_privacy"], C.VIEW_PERSONAL_DATA, commune)
    with pytest.raises(PermissionDenied):
        scoping.require_can(cap_tree.users["commune_office"], C.VIEW_PERSONAL_DATA, commune)


def test_old_wrappers_answer_like_can(cap_tree):
    """can_edit_council, can_edit_any and require_edit are `can(EDIT)` under another name."""
    for who in EXPECTED:
        user = user_of(cap_tree, who)
        for node in NODES:
            council = cap_tree.councils[node]
            assert scoping.can_edit_council(user, council) == (node in EXPECTED[who][C.EDIT])
            assert scoping.can_view_unit(user, council.unit) == (node in EXPECTED[who][C.VIEW])
        assert scoping.can_edit_any(user) == bool(EXPECTED[who][C.EDIT])


def test_checks_cost_no_query_once_the_scope_is_known(cap_tree, django_assert_num_queries):
    """Memoised per request like user_scope: a page may ask for every row."""
    user = cap_tree.users["ban_member"]
    councils = list(Council.objects.select_related("unit"))
    scoping.can(user, C.RUN_BAN_OVERSIGHT, cap_tree.councils["district"])  # reads the seats
    with django_assert_num_queries(0):
        for council in councils:
            for c in Capability:
                scoping.can(user, c, council, obj=cap_tree.ban if c != C.VIEW else None)


def test_first_check_reads_roles_once(cap_tree, django_assert_num_queries):
    """Role rows are read once for the tree reaches and the capabilities together."""
    user = cap_tree.users["province_leader"]
    scoping.scope_forget(user)
    commune = cap_tree.councils["commune"]
    with django_assert_num_queries(2):  # the role rows, and the lineage of what they read
        assert scoping.can(user, C.REVIEW, commune)
        assert scoping.can(user, C.EDIT, commune)
        assert scoping.councils_visible_to(user) is not None


def test_every_role_reads_wherever_it_acts():
    """No capability without visibility: a role reading only its own council acts nowhere
    beyond it, and every role can VIEW."""
    wide = {Extent.SUBTREE, Extent.BELOW}
    for role in Role:
        caps = scoping.ROLE_CAPABILITIES[role]
        assert C.VIEW in caps, role
        if caps[C.VIEW] == Extent.OWN_COUNCIL:
            assert not wide & set(caps.values()), role


def test_personal_data_is_never_implied_by_administration():
    """Citizens' personal data is granted on its own: no administrator holds it by office."""
    holders = {r for r, caps in scoping.ROLE_CAPABILITIES.items() if C.VIEW_PERSONAL_DATA in caps}
    assert holders == {Role.PERSONAL_DATA}
    assert C.VIEW_PERSONAL_DATA not in scoping.NATIONAL_ADMIN


# Who runs each body's oversight (issue 12), by hand: Ban and group members their own body,
# the data-entry office every body of the councils it edits, the standing committee none.
RUNS_OVERSIGHT = {
    "province_clerk": {"council", "ban", "other_ban", "group"},
    "province_leader": {"council", "ban", "other_ban", "group"},
    "district_office": {"council", "ban", "other_ban", "group"},
    "ban_member": {"ban"},
    "group_member": {"group"},
    "province_standing": set(),
    "commune_office": set(),
    "sibling_clerk": set(),
    "province_admin": {"council"},  # an administrator edits records, runs no Ban
    "no_role": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("who", list(RUNS_OVERSIGHT))
def test_who_runs_the_oversight_of_each_body(cap_tree, who):
    """`can_run_oversight`: the council's own and the standing committee's need EDIT, a Ban's
    RUN_BAN_OVERSIGHT, a group's RUN_GROUP_OVERSIGHT (with the member's own seat)."""
    user = user_of(cap_tree, who)
    district = cap_tree.councils["district"]
    bodies = {"council": None, "ban": cap_tree.ban, "other_ban": cap_tree.other_ban}
    bodies["group"] = cap_tree.group
    found = {name for name, b in bodies.items() if scoping.can_run_oversight(user, district, b)}
    assert found == RUNS_OVERSIGHT[who]


def test_a_body_of_another_council_runs_nothing_here(cap_tree):
    clerk = cap_tree.users["province_clerk"]
    assert not scoping.can_run_oversight(clerk, cap_tree.councils["province"], cap_tree.ban)

"""The rules of the council tree and its people, as the services enforce them."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from councils import scoping, selectors, services
from councils.models import (
    AdministrativeUnit,
    Body,
    BodyMembership,
    Council,
    Level,
    Role,
    UnitKind,
    UnitSuccession,
)
from tests.factories import (
    DelegateFactory,
    TermFactory,
    UnitFactory,
    body,
    body_member,
    council_of,
    seat,
    system_actor,
)


def unit_kwargs(**overrides):
    return {
        "name": "Tân Hiệp",
        "kind": UnitKind.COMMUNE,
        "code": "99001",
        "valid_from": date(2010, 1, 1),
        **overrides,
    }


# ---------------------------------------------------------------------------------------------
# Levels: which parent a unit may have.


@pytest.mark.parametrize(
    ("kind", "parent", "level"),
    [
        (UnitKind.PROVINCE, None, Level.PROVINCE),
        (UnitKind.CENTRAL_CITY, None, Level.PROVINCE),
        (UnitKind.RURAL_DISTRICT, "province", Level.DISTRICT),
        (UnitKind.PROVINCIAL_CITY, "province", Level.DISTRICT),
        (UnitKind.COMMUNE, "district", Level.COMMUNE),
        (UnitKind.TOWNSHIP, "district", Level.COMMUNE),
        (UnitKind.COMMUNE, "province", Level.COMMUNE),  # two tiers since 1/7/2025
        (UnitKind.SPECIAL_ZONE, "province", Level.COMMUNE),
    ],
)
def test_allowed_parent_levels(tree, kind, parent, level):
    """A province stands alone, a district sits under a province, a commune under either."""
    unit = services.unit_create(
        actor=tree.users["admin"],
        parent=getattr(tree, parent) if parent else None,
        **unit_kwargs(kind=kind),
    )
    assert unit.level == level
    assert AdministrativeUnit.objects.get_parent(unit) == (
        getattr(tree, parent) if parent else None
    )
    assert council_of(unit).name.startswith("Hội đồng nhân dân ")


@pytest.mark.parametrize(
    ("kind", "parent"),
    [
        (UnitKind.RURAL_DISTRICT, "commune"),
        (UnitKind.URBAN_DISTRICT, "district"),
        (UnitKind.PROVINCE, "province"),
        (UnitKind.COMMUNE, "commune"),
        (UnitKind.WARD, "sibling_commune"),
        (UnitKind.COMMUNE, None),
        (UnitKind.TOWN, None),
    ],
)
def test_wrong_parent_level_is_refused(tree, db_rows, kind, parent):
    """Any other combination is refused on the kind the user chose, and nothing is written."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=tree.users["admin"],
            parent=getattr(tree, parent) if parent else None,
            **unit_kwargs(kind=kind),
        )
    assert set(exc.value.message_dict) == {"kind"}
    assert db_rows() == before


def test_unit_level_cannot_change_on_update(tree, db_rows):
    """A district cannot be turned into a commune in place; that is a reorganisation."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.unit_update(
            actor=tree.users["admin"],
            unit=tree.district,
            name="Hiệp Đức",
            kind=UnitKind.COMMUNE,
            code="514",
            valid_from=date(2000, 1, 1),
        )
    assert set(exc.value.message_dict) == {"kind"}
    assert db_rows() == before


# ---------------------------------------------------------------------------------------------
# Periods and codes.


def test_child_cannot_start_before_its_parent(tree, db_rows):
    """A unit cannot exist before the unit it belongs to."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=tree.users["admin"],
            parent=tree.district,
            **unit_kwargs(valid_from=date(1990, 1, 1)),
        )
    assert set(exc.value.message_dict) == {"valid_from"}
    assert db_rows() == before


def test_child_of_a_closed_unit_must_close_with_it(tree, db_rows):
    """Under a unit that ended, a child must end by then too."""
    old = UnitFactory(
        parent=tree.province,
        kind=UnitKind.RURAL_DISTRICT,
        valid_from=date(2000, 1, 1),
        valid_to=date(2019, 12, 31),
    )
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=tree.users["admin"], parent=old, **unit_kwargs())
    assert set(exc.value.message_dict) == {"valid_to"}
    assert db_rows() == before


def test_unit_end_before_start_is_refused(tree, db_rows):
    """The period is checked on the end date, where the user typed the mistake."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=tree.users["admin"],
            parent=tree.district,
            **unit_kwargs(valid_to=date(2009, 12, 31)),
        )
    assert set(exc.value.message_dict) == {"valid_to"}
    assert db_rows() == before


def test_duplicate_code_in_the_same_period_is_refused(tree, db_rows):
    """Two units in use at the same time never share an administrative code."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=tree.users["admin"], parent=tree.district, **unit_kwargs(code="20536")
        )
    assert set(exc.value.message_dict) == {"code"}
    assert db_rows() == before


def test_code_may_be_reused_after_the_old_unit_closed(tree):
    """Codes are reassigned after reorganisations; only overlapping periods clash."""
    old = UnitFactory(
        parent=tree.district,
        kind=UnitKind.COMMUNE,
        code="99002",
        valid_to=date(2025, 6, 30),
    )
    new = services.unit_create(
        actor=tree.users["admin"],
        parent=tree.province,
        **unit_kwargs(code="99002", valid_from=date(2025, 7, 1)),
    )
    assert {old.pk, new.pk} == set(
        AdministrativeUnit.objects.filter(code="99002").values_list("pk", flat=True)
    )


def test_closing_a_unit_with_open_children_is_refused(tree, db_rows):
    """Children must be closed first; a parent never ends under a child still in use."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.unit_update(
            actor=tree.users["admin"],
            unit=tree.district,
            name="Hiệp Đức",
            kind=UnitKind.RURAL_DISTRICT,
            code="514",
            valid_from=date(2000, 1, 1),
            valid_to=date(2025, 6, 30),
        )
    assert set(exc.value.message_dict) == {"valid_to"}
    assert db_rows() == before


def test_council_cannot_start_before_its_unit(tree, db_rows):
    """A council cannot start before its administrative unit existed."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.council_update(
            actor=tree.users["admin"],
            council=tree.council("commune"),
            name="Hội đồng nhân dân xã Quế Thọ",
            valid_from=date(1999, 1, 1),
        )
    assert set(exc.value.message_dict) == {"valid_from"}
    assert db_rows() == before


# ---------------------------------------------------------------------------------------------
# The tree never loops, and a subtree moves as a whole.


@pytest.mark.parametrize(("unit", "target"), [("province", "commune"), ("district", "district")])
def test_unit_cannot_move_under_itself_or_a_descendant(tree, db_rows, unit, target):
    """A move under its own subtree would make a cycle: refused, and no path changes."""
    paths = dict(AdministrativeUnit.objects.values_list("pk", "path"))
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.unit_move(
            actor=tree.users["admin"], unit=getattr(tree, unit), parent=getattr(tree, target)
        )
    assert set(exc.value.message_dict) == {"parent"}
    assert dict(AdministrativeUnit.objects.values_list("pk", "path")) == paths
    assert db_rows() == before


def test_unit_move_carries_the_subtree_and_its_scope(tree):
    """A district entered under the wrong province moves with its communes, and the scope
    follows: the other province's clerk now sees them, the first one no longer does."""
    moved = services.unit_move(actor=tree.users["admin"], unit=tree.district, parent=tree.sibling)
    assert moved.path.startswith(tree.sibling.path)
    for unit in (tree.commune, tree.commune2):
        unit.refresh_from_db()
        assert unit.path.startswith(moved.path)
        assert unit.depth == moved.depth + 1
    for who in ("province_clerk", "sibling_clerk"):
        scoping.scope_forget(tree.users[who])
    names = set(
        scoping.councils_visible_to(tree.users["sibling_clerk"]).values_list(
            "unit__name", flat=True
        )
    )
    assert names == {"Bắc Kạn", "Đức Xuân", "Hiệp Đức", "Quế Thọ", "Bình Lâm"}
    assert not scoping.can_view_unit(tree.users["province_clerk"], tree.commune)


def test_unit_move_is_for_administrators(tree, db_rows):
    """Moving a unit rewrites paths under it: only system administrators may."""
    before = db_rows()
    with pytest.raises(PermissionDenied):
        services.unit_move(
            actor=tree.users["province_clerk"], unit=tree.commune2, parent=tree.province
        )
    assert db_rows() == before


def test_subtree_editor_adds_only_inside_the_subtree(tree, db_rows):
    """A province clerk adds under their province, never under another one or at the top."""
    clerk = tree.users["province_clerk"]
    assert services.unit_create(actor=clerk, parent=tree.district, **unit_kwargs())
    before = db_rows()
    for parent in (tree.sibling, None):
        with pytest.raises(PermissionDenied):
            services.unit_create(
                actor=clerk, parent=parent, **unit_kwargs(code="99009", kind=UnitKind.PROVINCE)
            )
    assert db_rows() == before


# ---------------------------------------------------------------------------------------------
# Lineage.


def link(pred, succ, effective_on=date(2025, 7, 1)):
    return services.unit_succession_create(
        actor=system_actor(),
        predecessor=pred,
        successor=succ,
        kind=UnitSuccession.Kind.TRANSFER,
        effective_on=effective_on,
    )


def test_succession_cycle_is_refused(tree, db_rows):
    """A → B → C, then C → A would make a unit its own ancestor in the lineage."""
    link(tree.commune, tree.commune2)
    link(tree.commune2, tree.sibling_commune)
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        link(tree.sibling_commune, tree.commune)
    assert set(exc.value.message_dict) == {"successor"}
    with pytest.raises(ValidationError) as exc:
        link(tree.commune2, tree.commune)
    assert set(exc.value.message_dict) == {"successor"}
    assert db_rows() == before


def test_unit_cannot_succeed_itself(tree, db_rows):
    """A link from a unit to itself is refused on the successor."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        link(tree.commune, tree.commune)
    assert set(exc.value.message_dict) == {"successor"}
    assert db_rows() == before


def test_units_reorganise_closes_predecessors_and_links_them(tree, term):
    """Merging two communes: both units and their councils close the day before, both are
    linked to the new commune, and nothing is deleted (their delegates stay attached)."""
    delegate = DelegateFactory(council=tree.council("commune"))
    seat(delegate, term)
    new = UnitFactory(
        parent=tree.province,
        kind=UnitKind.COMMUNE,
        name="Việt An",
        code="20540",
        valid_from=date(2025, 7, 1),
    )
    clerk = tree.users["province_clerk"]
    links = services.units_reorganise(
        actor=clerk,
        predecessors=[tree.commune, tree.commune2],
        successor=new,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2025, 7, 1),
        legal_basis="Nghị quyết số 1682/NQ-UBTVQH15",
    )
    last_day = date(2025, 6, 30)
    for unit in (tree.commune, tree.commune2):
        unit.refresh_from_db()
        assert unit.valid_to == last_day
        assert council_of(unit).valid_to == last_day
        assert unit.history.latest().history_user == clerk
        assert council_of(unit).history.latest().history_user == clerk
    assert {(lk.predecessor_id, lk.successor_id, lk.kind) for lk in links} == {
        (tree.commune.pk, new.pk, UnitSuccession.Kind.MERGE),
        (tree.commune2.pk, new.pk, UnitSuccession.Kind.MERGE),
    }
    assert (
        UnitSuccession.objects.filter(
            successor=new, effective_on=date(2025, 7, 1), legal_basis__startswith="Nghị quyết"
        ).count()
        == 2
    )
    delegate.refresh_from_db()
    assert delegate.council == tree.council("commune")
    # As of a date: the tree the day before and the day after.
    admin = tree.users["admin"]
    before = selectors.unit_list(user=admin, parent=tree.district, on=last_day)
    assert set(before) == {tree.commune, tree.commune2}
    assert not selectors.unit_list(user=admin, parent=tree.district, on=date(2025, 7, 1)).exists()
    after = selectors.unit_list(user=admin, parent=tree.province, on=date(2025, 7, 1))
    assert new in set(after)


def test_units_reorganise_is_all_or_nothing(tree, db_rows):
    """A commune office may close its own commune but not its neighbour: the whole merger is
    refused and the first commune stays open."""
    new = UnitFactory(
        parent=tree.province, kind=UnitKind.COMMUNE, code="20540", valid_from=date(2025, 7, 1)
    )
    before = db_rows()
    with pytest.raises(PermissionDenied):
        services.units_reorganise(
            actor=tree.users["commune_office"],
            predecessors=[tree.commune, tree.commune2],
            successor=new,
            kind=UnitSuccession.Kind.MERGE,
            effective_on=date(2025, 7, 1),
        )
    assert db_rows() == before
    assert AdministrativeUnit.objects.get(pk=tree.commune.pk).valid_to is None
    assert Council.objects.get(unit=tree.commune).valid_to is None


# ---------------------------------------------------------------------------------------------
# History: every write records who made it.


def test_history_records_the_acting_user(tree, people):
    """django-simple-history keeps each version with the user who made it."""
    clerk = tree.users["province_clerk"]
    delegate = people["commune"].delegate
    services.delegate_update(
        actor=clerk, delegate=delegate, full_name=delegate.full_name, occupation="Nông dân"
    )
    latest = delegate.history.latest()
    assert (latest.history_type, latest.history_user, latest.occupation) == (
        "~",
        clerk,
        "Nông dân",
    )
    assert latest.prev_record.occupation == ""
    rows = selectors.council_history(council=people["commune"].council)
    assert rows[0]["user"] == clerk
    assert rows[0]["changes"] == [("chức vụ, nơi công tác", "—", "Nông dân")]


def test_membership_history_names_the_delegate(tree, people):
    """A seat's history row says whose seat it is."""
    m = people["commune"].membership
    services.membership_update(
        actor=tree.users["commune_office"],
        membership=m,
        term=m.term,
        start_on=m.start_on,
        position="Phó Chủ tịch",
    )
    row = selectors.council_history(council=people["commune"].council)[0]
    assert row["user"] == tree.users["commune_office"]
    assert row["what"] == people["commune"].delegate.full_name


# ---------------------------------------------------------------------------------------------
# Search without diacritics (DOMAIN.md §15 and §20.9).


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("thuy duong", {"Thủy Dương"}),
        ("THỦY DƯƠNG", {"Thủy Dương"}),
        ("Thuỷ Dương", {"Thủy Dương"}),  # old tone placement
        (unicodedata.normalize("NFD", "Thủy Dương"), {"Thủy Dương"}),  # decomposed input
        ("hòa", {"Hòa Vang", "Hoà Quý"}),
        ("hoà", {"Hòa Vang", "Hoà Quý"}),
        ("hoa", {"Hòa Vang", "Hoà Quý"}),
        ("duc", {"Hiệp Đức", "Đức Xuân"}),
        ("đức", {"Hiệp Đức", "Đức Xuân"}),
        ("ĐỨC", {"Hiệp Đức", "Đức Xuân"}),
        ("20536", {"Quế Thọ"}),  # the administrative code
        ("xyz", set()),
    ],
)
def test_unit_search_ignores_diacritics(tree, query, expected):
    """Clerks type without marks, with old tone placement, in capitals: the same unit is found."""
    admin = tree.users["admin"]
    UnitFactory(parent=tree.province, kind=UnitKind.TOWN, name="Thủy Dương")
    UnitFactory(parent=tree.province, kind=UnitKind.RURAL_DISTRICT, name="Hòa Vang")
    UnitFactory(parent=tree.province, kind=UnitKind.WARD, name="Hoà Quý")
    found = selectors.unit_list(user=admin, query=query)
    assert {u.name for u in found} == expected


def test_council_and_delegate_search_ignore_diacritics(tree, people):
    """The council and delegate lists fold the same way, inside the user's scope."""
    clerk = tree.users["province_clerk"]
    assert {c.unit.name for c in selectors.council_list(user=clerk, query="duc")} == {"Hiệp Đức"}
    found = selectors.delegate_list(user=clerk, query="dai bieu hiep duc")
    assert list(found) == [people["district"].delegate]


def test_names_are_stored_composed(tree):
    """A name typed decomposed (NFD) is stored NFC, so equal names compare equal."""
    unit = services.unit_create(
        actor=tree.users["admin"],
        parent=tree.province,
        **unit_kwargs(name=unicodedata.normalize("NFD", "Điện Bàn")),
    )
    assert unit.name == unicodedata.normalize("NFC", "Điện Bàn")


# ---------------------------------------------------------------------------------------------
# Seats, bodies and terms.


def test_overlapping_seat_is_refused(tree, people, term, db_rows):
    """A delegate holds one seat in a council at a time."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        seat(people["commune"].delegate, term, start_on=date(2023, 1, 1))
    assert set(exc.value.message_dict) == {"start_on"}
    assert db_rows() == before


def test_new_seat_after_the_previous_one_ended(tree, people, term):
    """Leaving mid-term and being elected again later gives a second seat, not an overlap."""
    spare = people["commune"].spare
    seat(spare, term, end_on=date(2022, 12, 31), end_reason="Chuyển công tác")
    second = seat(spare, term, start_on=date(2024, 1, 1))
    assert spare.memberships.count() == 2
    assert second.end_on is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start_on": date(2021, 5, 22)}, "start_on"),  # the day before the term
        ({"start_on": date(2026, 3, 15)}, "start_on"),  # the day after
        ({"end_on": date(2026, 3, 15)}, "end_on"),
        ({"start_on": date(2022, 1, 1), "end_on": date(2021, 12, 31)}, "end_on"),
    ],
)
def test_seat_must_lie_inside_its_term(tree, people, term, db_rows, kwargs, field):
    """A seat starts and ends inside its term, and never ends before it starts."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        seat(people["commune"].spare, term, **kwargs)
    assert set(exc.value.message_dict) == {field}
    assert db_rows() == before


def test_seat_needs_an_open_council(tree, people, term, db_rows):
    """A council that closed cannot seat anyone after its last day."""
    council = people["commune"].council
    services.council_update(
        actor=system_actor(),
        council=council,
        name=council.name,
        valid_from=council.valid_from,
        valid_to=date(2022, 12, 31),
    )
    council.refresh_from_db()  # the service wrote its own locked copy of the row
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        seat(people["commune"].spare, term, start_on=date(2023, 1, 1))
    assert set(exc.value.message_dict) == {"start_on"}
    assert db_rows() == before


def test_body_membership_requires_a_seat(tree, people, db_rows):
    """Only a delegate seated in the council on the start date can join its bodies."""
    p = people["commune"]
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        body_member(p.committee, p.spare)
    assert set(exc.value.message_dict) == {"delegate"}
    assert db_rows() == before


def test_body_membership_after_the_seat_ended_is_refused(tree, people, term, db_rows):
    """A delegate who left the council cannot join its bodies afterwards."""
    p = people["commune"]
    seat(p.spare, term, end_on=date(2023, 12, 31))
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        body_member(p.committee, p.spare, start_on=date(2024, 1, 1))
    assert set(exc.value.message_dict) == {"delegate"}
    assert db_rows() == before


def test_body_role_must_fit_the_body(tree, people, db_rows):
    """A committee has a head (Trưởng Ban), not a chair (Chủ tịch)."""
    p = people["commune"]
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        body_member(p.committee, p.delegate, BodyMembership.Role.CHAIR)
    assert set(exc.value.message_dict) == {"role"}
    assert db_rows() == before


def test_one_standing_committee_per_term(tree, term, db_rows):
    """A second Thường trực in the same council and term is refused; a new term may have one."""
    council = tree.council("commune")
    body(council, term, Body.Kind.STANDING)
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        body(council, term, Body.Kind.STANDING, name="Thường trực HĐND (2)")
    assert set(exc.value.message_dict) == {"kind"}
    assert db_rows() == before
    later = TermFactory(name="2026-2031", start_on=date(2026, 3, 15), end_on=date(2031, 3, 14))
    assert body(council, later, Body.Kind.STANDING).term == later


def test_committee_needs_a_field_or_a_name(tree, term, db_rows):
    """A Ban is named after its field unless given a name; with neither it is refused."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        body(tree.council("commune"), term, Body.Kind.COMMITTEE)
    assert set(exc.value.message_dict) == {"committee_type"}
    assert db_rows() == before
    named = body(tree.council("commune"), term, Body.Kind.COMMITTEE, committee_type="legal")
    assert named.name == "Ban Pháp chế"


def test_term_cannot_shrink_away_from_its_seats(tree, people, term, db_rows):
    """Moving a term's start after seats that began at it would orphan them."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.term_update(
            actor=tree.users["admin"],
            term=term,
            name=term.name,
            start_on=date(2021, 6, 1),
            end_on=term.end_on,
        )
    assert set(exc.value.message_dict) == {"start_on"}
    assert db_rows() == before


def test_term_end_must_follow_its_start(tree, db_rows):
    """A term lasts at least a day: an end on or before the start is refused."""
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.term_create(
            actor=tree.users["admin"],
            name="2031-2036",
            start_on=date(2031, 4, 1),
            end_on=date(2031, 4, 1),
        )
    assert set(exc.value.message_dict) == {"end_on"}
    assert db_rows() == before


# ---------------------------------------------------------------------------------------------
# Rights to act are checked in the services, not only in the views.


@pytest.mark.parametrize("who", ["province_clerk", "commune_office", "admin"])
def test_delegate_create_by_an_editor(tree, who):
    """Subtree editors, the council's own office and administrators add delegates."""
    council = tree.council("commune")
    delegate = services.delegate_create(actor=tree.users[who], council=council, full_name="A")
    assert delegate.council == council
    assert delegate.history.latest().history_user == tree.users[who]


@pytest.mark.parametrize(
    "who",
    [
        "district_office",  # reads the commune, edits only its own district
        "province_standing",
        "commune_delegate",
        "sibling_clerk",
        "no_role",
    ],
)
def test_delegate_create_refused_without_the_right_to_edit(tree, db_rows, who):
    """The service checks the actor itself; a view forgetting to would still be safe."""
    before = db_rows()
    with pytest.raises(PermissionDenied):
        services.delegate_create(
            actor=tree.users[who], council=tree.council("commune"), full_name="A"
        )
    assert db_rows() == before


@pytest.mark.parametrize("who", ["province_clerk", "sibling_clerk", "province_standing"])
def test_terms_are_managed_by_administrators_only(tree, db_rows, who):
    """Terms are national: no council-level role may create one."""
    before = db_rows()
    with pytest.raises(PermissionDenied):
        services.term_create(
            actor=tree.users[who],
            name="2026-2031",
            start_on=date(2026, 3, 15),
            end_on=date(2031, 3, 14),
        )
    assert db_rows() == before


def test_role_needs_a_council_unless_admin(tree, db_rows):
    """Every role but system administrator is held at a council."""
    user = tree.users["no_role"]
    before = db_rows()
    with pytest.raises(ValidationError) as exc:
        services.role_assign(
            actor=tree.users["admin"],
            user=user,
            role=Role.SECRETARIAT,
            council=None,
            valid_from=date(2025, 1, 1),
        )
    assert set(exc.value.message_dict) == {"council"}
    assert db_rows() == before


def test_role_assign_refreshes_the_users_scope(tree):
    """A new role takes effect at once for the same user object (the scope is memoised)."""
    user = tree.users["no_role"]
    assert not scoping.councils_visible_to(user).exists()
    services.role_assign(
        actor=tree.users["admin"],
        user=user,
        role=Role.DELEGATE,
        council=tree.council("commune2"),
        valid_from=date(2025, 1, 1),
    )
    assert list(scoping.councils_visible_to(user)) == [tree.council("commune2")]


def test_delegate_fields_are_checked(tree, db_rows):
    """Unknown keyword arguments are a programming error, not a user error."""
    before = db_rows()
    with pytest.raises(TypeError):
        services.delegate_create(
            actor=system_actor(), council=tree.council("commune"), full_name="A", rank="x"
        )
    assert db_rows() == before

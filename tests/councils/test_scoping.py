"""Who sees what: the single scoping rule over the tree and its lineage."""

from datetime import date

import pytest

from councils import scoping, services
from councils.models import Council, Role, UnitKind, UnitSuccession
from tests.factories import UnitFactory, UserFactory, council_of, system_actor


def visible(user) -> set[str]:
    scoping.scope_forget(user)
    return set(scoping.councils_visible_to(user).values_list("unit__name", flat=True))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("province_clerk", {"Quảng Nam", "Hiệp Đức", "Quế Thọ", "Bình Lâm"}),
        ("province_standing", {"Quảng Nam", "Hiệp Đức", "Quế Thọ", "Bình Lâm"}),
        ("district_office", {"Hiệp Đức", "Quế Thọ", "Bình Lâm"}),
        ("commune_office", {"Quế Thọ"}),
        ("commune_delegate", {"Quế Thọ"}),
        ("sibling_clerk", {"Bắc Kạn", "Đức Xuân"}),
        ("no_role", set()),
        ("admin", {"Quảng Nam", "Hiệp Đức", "Quế Thọ", "Bình Lâm", "Bắc Kạn", "Đức Xuân"}),
    ],
)
def test_councils_visible_to_each_role(tree, who, expected):
    assert visible(tree.users[who]) == expected


def test_expired_role_assignment_grants_nothing(tree):
    user = UserFactory(username="former")
    services.role_assign(
        actor=system_actor(),
        user=user,
        role=Role.SECRETARIAT,
        council=tree.council("province"),
        valid_from=date(2016, 1, 1),
        valid_to=date(2020, 12, 31),
    )
    assert visible(user) == set()


def test_anonymous_sees_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    assert not scoping.councils_visible_to(AnonymousUser()).exists()


def test_edit_scope_by_role(tree):
    commune = tree.council("commune")
    district = tree.council("district")
    assert scoping.can_edit_council(tree.users["province_clerk"], commune)
    assert scoping.can_edit_council(tree.users["district_office"], district)
    assert not scoping.can_edit_council(tree.users["district_office"], commune)
    assert not scoping.can_edit_council(tree.users["province_standing"], commune)
    assert not scoping.can_edit_council(tree.users["commune_delegate"], commune)
    assert not scoping.can_edit_council(tree.users["sibling_clerk"], commune)


def merge_communes(tree):
    """The 2025 reform: both communes merge into a new one straight under the province."""
    new = UnitFactory(
        parent=tree.province,
        name="Việt An",
        kind=UnitKind.COMMUNE,
        code="20540",
        valid_from=date(2025, 7, 1),
    )
    services.units_reorganise(
        actor=system_actor(),
        predecessors=[tree.commune, tree.commune2],
        successor=new,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2025, 7, 1),
    )
    return new


def test_user_of_merged_commune_sees_predecessors(tree):
    new = merge_communes(tree)
    clerk = UserFactory(username="vietan")
    services.role_assign(
        actor=system_actor(),
        user=clerk,
        role=Role.OFFICE,
        council=council_of(new),
        valid_from=date(2025, 7, 1),
    )
    assert visible(clerk) == {"Việt An", "Quế Thọ", "Bình Lâm"}
    # ... but may change only today's council, not the predecessors' records.
    assert not scoping.can_edit_council(clerk, tree.council("commune"))
    assert scoping.can_edit_council(clerk, council_of(new))


def test_merged_province_sees_whole_absorbed_subtree(tree):
    """Quảng Nam merged into Đà Nẵng: Đà Nẵng's clerk sees Quảng Nam down to its communes."""
    danang = UnitFactory(name="Đà Nẵng", kind=UnitKind.CENTRAL_CITY, code="48")
    services.units_reorganise(
        actor=system_actor(),
        predecessors=[tree.province],
        successor=danang,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2025, 7, 1),
    )
    clerk = UserFactory(username="danang")
    services.role_assign(
        actor=system_actor(),
        user=clerk,
        role=Role.SECRETARIAT,
        council=council_of(danang),
        valid_from=date(2025, 7, 1),
    )
    assert visible(clerk) == {"Đà Nẵng", "Quảng Nam", "Hiệp Đức", "Quế Thọ", "Bình Lâm"}
    assert not visible(clerk) & {"Bắc Kạn", "Đức Xuân"}


def test_lineage_is_followed_through_chains(tree):
    """A 2019 merger inside a unit that itself merged in 2025 is still reached."""
    new = merge_communes(tree)
    later = UnitFactory(
        name="Thành phố mới", kind=UnitKind.CENTRAL_CITY, code="99", valid_from=date(2026, 1, 1)
    )
    services.unit_succession_create(
        actor=system_actor(),
        predecessor=new,
        successor=later,
        kind=UnitSuccession.Kind.TRANSFER,
        effective_on=date(2026, 1, 1),
    )
    delegate = UserFactory(username="later-delegate")
    services.role_assign(
        actor=system_actor(),
        user=delegate,
        role=Role.DELEGATE,
        council=council_of(later),
        valid_from=date(2026, 1, 1),
    )
    assert visible(delegate) == {"Thành phố mới", "Việt An", "Quế Thọ", "Bình Lâm"}


def test_every_council_owned_model_is_scoped():
    """Structure test: any model with a council foreign key has visible_to() on its manager."""
    from django.apps import apps

    missing = [
        m._meta.label
        for m in apps.get_models()
        if not m.__name__.startswith("Historical")
        and m is not Council
        and any(getattr(f, "related_model", None) is Council for f in m._meta.fields)
        and not hasattr(m._default_manager, "visible_to")
    ]
    assert missing == []


def _absorbed_province(tree) -> Council:
    """An old province merged into the tree's province on 1/7/2025, with a commune."""
    old = UnitFactory(name="Quảng Nam cũ", kind=UnitKind.PROVINCE)
    UnitFactory(parent=old, name="Tam Kỳ", kind=UnitKind.COMMUNE)
    services.units_reorganise(
        actor=system_actor(),
        predecessors=[old],
        successor=tree.province,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2025, 7, 1),
    )
    return council_of(old)


def test_a_council_lineage_reuses_the_successions_the_readers_scope_read(
    tree, django_assert_num_queries
):
    """The lineage of the reader's own council (or one below it) is followed from the
    successions their scope read: no query, and the same lineage as read afresh; a council
    outside what was read is read from the database."""
    old = _absorbed_province(tree)
    user = tree.users["province_clerk"]
    scoping.scope_forget(user)
    scoping.user_scope(user)
    for node in ("province", "district"):
        council = Council.objects.select_related("unit").get(pk=tree.council(node).pk)
        with django_assert_num_queries(0):
            reused = scoping.council_lineage_q(council, user=user)
        assert reused == scoping.council_lineage_q(council)
    assert old.unit.path in str(scoping.council_lineage_q(tree.council("province"), user=user))
    sibling = Council.objects.select_related("unit").get(pk=tree.council("sibling").pk)
    afresh = scoping.council_lineage_q(sibling)
    scoping.lineage_changed()  # read from the database again, not from the requests' cache
    with django_assert_num_queries(1):
        assert scoping.council_lineage_q(sibling, user=user) == afresh


@pytest.mark.parametrize(
    ("who", "node", "expected"),
    [
        ("province_clerk", "district", {"district", "commune", "commune2"}),
        ("district_office", "province", {"district", "commune", "commune2"}),
        ("commune_office", "district", {"commune"}),
        ("sibling_clerk", "district", set()),
        ("admin", "province", {"province", "district", "commune", "commune2"}),
    ],
)
def test_a_visible_lineage_is_the_lineage_within_the_scope(tree, who, node, expected):
    """visible_lineage_q: the councils of `node`'s lineage the user may see, as the scope and
    the lineage applied one after the other find them, in one filter."""
    user = tree.users[who]
    council = tree.council(node)
    both = Council.objects.filter(scoping.visible_lineage_q(user, council, lookup="pk"))
    lineage = scoping.council_reach(council).q("unit__path")
    apart = Council.objects.visible_to(user).filter(lineage)
    nodes = ("province", "district", "commune", "commune2", "sibling", "sibling_commune")
    assert {n for n in nodes if tree.council(n) in both} == expected
    assert set(both) == set(apart)
    assert str(both.query).count("SELECT") == 2  # the councils, read once

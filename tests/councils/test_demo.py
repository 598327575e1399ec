"""The demo loader's scoping story; tests/test_demo.py loads the demo once and runs these checks
(and the idempotency of loading twice on COUNTED)."""

from django.core.management import call_command

from core.models import User
from councils import scoping
from councils.models import (
    AdministrativeUnit,
    Body,
    BodyMembership,
    Council,
    CouncilMembership,
    Delegate,
    RoleAssignment,
    UnitSuccession,
)

COUNTED = [
    AdministrativeUnit,
    Council,
    UnitSuccession,
    Delegate,
    CouncilMembership,
    Body,
    BodyMembership,
    RoleAssignment,
    User,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}


def check_sizes(first: dict[str, int]) -> None:
    assert first["Council"] > 40
    assert first["UnitSuccession"] > 20


def visible_names(username: str) -> set[str]:
    user = User.objects.get(username=username)
    return {c.unit.title for c in scoping.councils_visible_to(user).select_related("unit")}


def check_reform_and_seed_people() -> None:
    """Đà Nẵng sees what it absorbed; a new commune sees its predecessors; seed people in roles."""
    names = visible_names("danang.vanphong")
    assert {"Tỉnh Quảng Nam", "Huyện Hiệp Đức", "Xã Quế Thọ", "Xã Hiệp Đức"} <= names
    assert "Tỉnh Bắc Kạn" not in names
    assert "Phường Thủy Dương" not in names

    names = visible_names("xahiepduc.vanphong")
    assert names == {
        "Xã Hiệp Đức",
        "Thị trấn Tân Bình",
        "Xã Hiệp Hòa",
        "Xã Hiệp Thuận",
        "Xã Quế Lưu",
        "Xã Thăng Phước",
    }
    tinh = BodyMembership.objects.get(
        delegate__full_name="Nguyễn Văn Tỉnh", role=BodyMembership.Role.CHAIR
    )
    assert tinh.role == BodyMembership.Role.CHAIR
    assert tinh.body.council.unit.name == "Hiệp Đức"
    assert tinh.body.term.name == "2021-2026"
    hau = BodyMembership.objects.get(
        delegate__full_name="Đoàn Thị Hậu", role=BodyMembership.Role.CHAIR
    )
    assert hau.body.council.unit.name == "Bắc Kạn"


def check_roles_and_logins() -> None:
    """Issue 11's roles in the demo: the leader reviews, the Ban member runs only their Ban,
    the delegate works on their own records; the logins list them."""
    from io import StringIO

    from councils.models import Capability

    da_nang = Council.objects.select_related("unit").get(unit__code="48", unit__valid_to=None)
    leader = User.objects.get(username="danang.lanhdaovp")
    assert scoping.can(leader, Capability.REVIEW, da_nang)
    assert not scoping.can(leader, Capability.APPROVE, da_nang)

    member = User.objects.get(username="danang.banphapche")
    bans = Body.objects.filter(council=da_nang, kind=Body.Kind.COMMITTEE, term__name="2026-2031")
    legal = bans.get(committee_type=Body.CommitteeType.LEGAL)
    other = bans.exclude(pk=legal.pk).first()
    assert scoping.can(member, Capability.RUN_BAN_OVERSIGHT, da_nang, obj=legal)
    assert not scoping.can(member, Capability.RUN_BAN_OVERSIGHT, da_nang, obj=other)

    lan = User.objects.get(username="xahiepduc.daibieu")
    own = Delegate.objects.get(user=lan)
    colleague = Delegate.objects.filter(council=own.council).exclude(pk=own.pk).first()
    council = Council.objects.select_related("unit").get(pk=own.council_id)
    assert scoping.can(lan, Capability.OWN_VOTER_WORK, council, obj=own)
    assert not scoping.can(lan, Capability.OWN_VOTER_WORK, council, obj=colleague)

    out = StringIO()
    call_command("demo_logins", stdout=out)
    for username in ("danang.lanhdaovp", "danang.banphapche", "xahiepduc.daibieu"):
        assert username in out.getvalue()

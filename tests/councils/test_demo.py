"""The demo loader: idempotent, and the scoping story it tells holds."""

import pytest
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


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=None)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}


def test_loading_twice_changes_nothing(demo):
    """`make run` runs the loader every time; the second run must not duplicate anything."""
    first = counts()
    assert first["Council"] > 40
    assert first["UnitSuccession"] > 20
    call_command("load_demo")
    assert counts() == first


def visible_names(username: str) -> set[str]:
    user = User.objects.get(username=username)
    return {c.unit.title for c in scoping.councils_visible_to(user).select_related("unit")}


def test_demo_tells_the_reform_and_the_seed_people(demo):
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

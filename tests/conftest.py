from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from councils import services
from councils.models import AdministrativeUnit, Council, Role, UnitKind
from tests.factories import TermFactory, UnitFactory, UserFactory, council_of, system_actor


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    """Templates render without a collectstatic manifest; passwords hash quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class Tree:
    """Province P > district D > communes C1, C2; a sibling province Q > commune Q1."""

    province: AdministrativeUnit
    district: AdministrativeUnit
    commune: AdministrativeUnit
    commune2: AdministrativeUnit
    sibling: AdministrativeUnit
    sibling_commune: AdministrativeUnit
    users: dict = field(default_factory=dict)

    def council(self, name: str) -> Council:
        return council_of(getattr(self, name))


# role, assigned at which node of the tree
USERS = {
    "province_clerk": (Role.SECRETARIAT, "province"),
    "province_standing": (Role.STANDING, "province"),
    "district_office": (Role.OFFICE, "district"),
    "commune_office": (Role.OFFICE, "commune"),
    "commune_delegate": (Role.DELEGATE, "commune"),
    "sibling_clerk": (Role.SECRETARIAT, "sibling"),
}


@pytest.fixture
def tree(db) -> Tree:
    province = UnitFactory(name="Quảng Nam", kind=UnitKind.PROVINCE, code="49")
    district = UnitFactory(
        parent=province, name="Hiệp Đức", kind=UnitKind.RURAL_DISTRICT, code="514"
    )
    commune = UnitFactory(parent=district, name="Quế Thọ", kind=UnitKind.COMMUNE, code="20536")
    commune2 = UnitFactory(parent=district, name="Bình Lâm", kind=UnitKind.COMMUNE, code="20539")
    sibling = UnitFactory(name="Bắc Kạn", kind=UnitKind.PROVINCE, code="06")
    sibling_commune = UnitFactory(parent=sibling, name="Đức Xuân", kind=UnitKind.WARD, code="01843")
    t = Tree(province, district, commune, commune2, sibling, sibling_commune)
    for username, (role, node) in USERS.items():
        user = UserFactory(username=username)
        services.role_assign(
            actor=system_actor(),
            user=user,
            role=role,
            council=t.council(node),
            valid_from=date(2021, 1, 1),
        )
        t.users[username] = user
    t.users["admin"] = UserFactory(username="sysadmin", is_superuser=True, is_staff=True)
    t.users["no_role"] = UserFactory(username="no_role")
    return t


@pytest.fixture
def term(db):
    return TermFactory()

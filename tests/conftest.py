from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit, urlunsplit

import pytest

from councils import services
from councils.models import (
    AdministrativeUnit,
    Agency,
    Body,
    BodyMembership,
    Council,
    CouncilMembership,
    Delegate,
    Role,
    UnitKind,
    UnitSuccession,
)
from councils.scoping import lineage_changed
from tests.factories import (
    AgencyFactory,
    DelegateFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
    body,
    body_member,
    council_of,
    forget_system_actor,
    seat,
    system_actor,
)


@pytest.fixture(autouse=True, scope="session")
def _a_cache_of_each_worker():
    """`cache.clear()` empties the whole Redis database, so with Redis each pytest-xdist worker
    keeps its cache in a database of its own: one worker's clearing never erases what another's
    test has just stored (nor the Celery queue in database 0)."""
    from django.conf import settings
    from django.test import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    default = settings.CACHES["default"]
    if not worker or "redis" not in default["BACKEND"].lower():
        yield
        return
    number = 1 + int(worker.removeprefix("gw") or 0) % 13  # 14 and 15 are .ci/run's
    parts = urlsplit(default["LOCATION"])
    own = {**default, "LOCATION": urlunsplit(parts._replace(path=f"/{number}"))}
    with override_settings(CACHES={**settings.CACHES, "default": own}):
        yield


@pytest.fixture(scope="session", autouse=True)
def _fresh_lineage_session(django_db_setup, _a_cache_of_each_worker):
    """Lineages cached by an earlier run (Redis outlives it) name other rows by the same paths."""
    lineage_changed()


@pytest.fixture(autouse=True)
def _fresh_lineage():
    """Each test rolls its units back: a lineage cached by the previous one must not be read."""
    lineage_changed()


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, tmp_path):
    """Templates render without a collectstatic manifest; passwords hash quickly; uploads go to
    a temporary private folder."""
    settings.MEDIA_ROOT = tmp_path / "private-media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    forget_system_actor()
    yield
    forget_system_actor()


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


@pytest.fixture
def client():
    """A test client that arrives over HTTPS, as behind the production proxy.

    With DEBUG off the site redirects plain HTTP to HTTPS (SECURE_SSL_REDIRECT); the proxy header
    keeps the real settings in force instead of switching the redirect off for tests.
    """
    from django.test import Client

    return Client(headers={"x-forwarded-proto": "https"})


@dataclass
class People:
    """What one council holds in the `people` fixture."""

    council: Council
    delegate: Delegate  # seated for the whole term and a member of the committee
    spare: Delegate  # in the register, without a seat
    membership: CouncilMembership
    committee: Body
    agency: Agency


@pytest.fixture
def people(tree, term) -> dict[str, People]:
    """Every council of the tree gets a seated delegate, a spare one, a committee and an agency.

    Names carry the unit's name ("Đại biểu Quế Thọ"), so a page can be searched for rows that
    must not be there.
    """
    found = {}
    for node in ("province", "district", "commune", "commune2", "sibling", "sibling_commune"):
        unit = getattr(tree, node)
        council = tree.council(node)
        delegate = DelegateFactory(council=council, full_name=f"Đại biểu {unit.name}")
        spare = DelegateFactory(council=council, full_name=f"Dự khuyết {unit.name}")
        membership = seat(delegate, term)
        committee = body(council, term, Body.Kind.COMMITTEE, committee_type="legal")
        body_member(committee, delegate, BodyMembership.Role.HEAD)
        agency = AgencyFactory(council=council, name=f"Ủy ban nhân dân {unit.name}")
        found[node] = People(council, delegate, spare, membership, committee, agency)
    return found


# What each user of the `tree` may do at each node, written out by hand (STYLE.md §2.2 and
# DOMAIN.md §16) so the matrices do not re-derive it from the code under test.
WHO = (
    "province_clerk",
    "province_standing",
    "district_office",
    "commune_office",
    "commune_delegate",
    "sibling_clerk",
    "no_role",
    "admin",
    "anonymous",
)
OURS = frozenset({"province", "district", "commune", "commune2"})
THEIRS = frozenset({"sibling", "sibling_commune"})
READS = {
    "province_clerk": OURS,
    "province_standing": OURS,
    "district_office": frozenset({"district", "commune", "commune2"}),
    "commune_office": frozenset({"commune"}),
    "commune_delegate": frozenset({"commune"}),
    "sibling_clerk": THEIRS,
    "no_role": frozenset(),
    "admin": OURS | THEIRS,
    "anonymous": frozenset(),
}
EDITS = {
    **dict.fromkeys(READS, frozenset()),
    "province_clerk": OURS,
    "district_office": frozenset({"district"}),
    "commune_office": frozenset({"commune"}),
    "sibling_clerk": THEIRS,
    "admin": OURS | THEIRS,
}
# Adding a unit needs a subtree editor (secretariat) above it, or a system administrator.
ADDS_UNDER = {
    **dict.fromkeys(READS, frozenset()),
    "province_clerk": OURS,
    "sibling_clerk": THEIRS,
    "admin": OURS | THEIRS,
}


class Expect:
    """The status a page or endpoint must answer, from the tables above."""

    reads = READS
    edits = EDITS

    @staticmethod
    def page(who: str, need: str, node: str | None) -> int:
        """`need` is "login", "read", "edit", "add" (a child unit) or "terms" (admins only)."""
        if who == "anonymous":
            return 302
        if need == "login":
            return 200
        if need == "terms":
            return 200 if who == "admin" else 403
        if node not in READS[who]:
            return 404  # never 403: out of scope must not reveal that the object exists
        if need == "read":
            return 200
        allowed = ADDS_UNDER if need == "add" else EDITS
        return 200 if node in allowed[who] else 403


@pytest.fixture
def expect() -> type[Expect]:
    return Expect


@pytest.fixture
def crowd(tree, term):
    """The district: 30 seated delegates, 3 bodies of 5 members, 25 more communes named
    "Thủy Dương NN", a merged predecessor and 10 agencies under a parent agency."""
    council = tree.council("district")
    delegates = [
        DelegateFactory(council=council, full_name=f"Nguyễn Văn Số {i:02d}") for i in range(30)
    ]
    for d in delegates:
        seat(d, term)
    kinds = [(Body.Kind.STANDING, ""), (Body.Kind.COMMITTEE, "legal"), (Body.Kind.COMMITTEE, "")]
    for i, (kind, committee_type) in enumerate(kinds):
        b = body(council, term, kind, committee_type=committee_type, name=f"Cơ quan {i}")
        for d in delegates[i * 5 : (i + 1) * 5]:
            body_member(b, d)
    for i in range(25):
        UnitFactory(parent=tree.district, kind=UnitKind.COMMUNE, name=f"Thủy Dương {i:02d}")
    old = UnitFactory(parent=tree.province, kind=UnitKind.RURAL_DISTRICT, name="Phước Sơn")
    services.units_reorganise(
        actor=system_actor(),
        predecessors=[old],
        successor=tree.district,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2020, 1, 1),
    )
    parent = AgencyFactory(council=council, name="Ủy ban nhân dân huyện")
    for i in range(10):
        AgencyFactory(council=council, name=f"Phòng số {i}", parent=parent)
    return council


@pytest.fixture
def db_rows():
    """Row counts of every councils table, history included: to assert that nothing was written."""
    from django.apps import apps

    def count() -> dict[str, int]:
        models = apps.get_app_config("councils").get_models()
        return {m._meta.label: m._default_manager.count() for m in models}

    return count


@pytest.fixture
def celery_eager():
    """Tasks run here, in the test's transaction, even when CI points Celery at a real worker
    (which reads another database)."""
    from hdnd.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before

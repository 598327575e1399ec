"""National-size data for the benchmark: the 2025 reform, 34 provinces and ~3,300 communes today.

It wipes and rebuilds the councils tables of its own database (refusing any database whose name
lacks "bench"): 63 old provinces > ~700 districts > ~10,000 communes, closed on 30/6/2025; the 34
provinces and ~3,300 communes in force since 1/7/2025, linked to them by `merge` successions; a
council per unit; the 2021-2026 term seated on the old councils and 2026-2031 on today's, with a
standing committee and committees (Ban) in every council.

Why it bypasses the services: `unit_create`, `delegate_create` and the like check, compute one
tree path and write one row plus its history per call, with several queries each, so ~250,000
delegates through them would take hours. Here rows are written with `bulk_create` in batches, and
the generator sets the same fields the services set: treebeard's `path`/`depth`/`numchild`
(computed with `MP_Node._get_path`, steplen 4, the model's alphabet), `level` from the kind,
NFC names, `name_key` via `core.text.search_key`, council names via `council_default_name`, and
one "+" history record per row, attributed to a loader user as `_stamp` would. The services'
checks are not run: the data is valid by construction (periods nest, seats lie inside their term
and their council's life, codes never overlap in time).

Later issues add their domains as further `build_<domain>(dataset=...)` steps in `generate()`.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.django_env import ensure_database, setup

    setup()
    ensure_database()

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone, translation

from core.models import User
from core.text import nfc, search_key
from councils.models import (
    KIND_LEVEL,
    KIND_PREFIX,
    AdministrativeUnit,
    Body,
    BodyMembership,
    Council,
    CouncilMembership,
    Delegate,
    Level,
    Term,
    UnitKind,
    UnitSuccession,
)
from councils.services import council_default_name

DATASET_VERSION = 1  # bump when the data changes shape, so run.py rebuilds stale databases
SEED = 2026
BATCH_SIZE = 5000
COUNCIL_CHUNK = 1000  # councils whose people are built and written together

OLD_START = date(1997, 1, 1)
LAST_OLD_DAY = date(2025, 6, 30)
REFORM = date(2025, 7, 1)
OLD_TERM, NEW_TERM = "2021-2026", "2026-2031"
TERMS = {
    OLD_TERM: (date(2021, 5, 23), date(2026, 3, 14)),
    NEW_TERM: (date(2026, 3, 15), date(2031, 3, 14)),
}
BASIS_PROVINCES = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"
BASIS_COMMUNES = "Nghị quyết của Ủy ban Thường vụ Quốc hội năm 2025 về sắp xếp đơn vị cấp xã"
CLOSED_REASON = "Sắp xếp đơn vị hành chính từ ngày 01/7/2025"

# Provinces since 1/7/2025 and the old provinces merged into each; the first old one lends its
# code. Names are real; codes below the provinces and all lower-level names are invented.
PROVINCES: dict[str, tuple[str, ...]] = {
    "Hà Nội": ("Hà Nội",),
    "Huế": ("Thừa Thiên Huế",),
    "Lai Châu": ("Lai Châu",),
    "Điện Biên": ("Điện Biên",),
    "Sơn La": ("Sơn La",),
    "Lạng Sơn": ("Lạng Sơn",),
    "Quảng Ninh": ("Quảng Ninh",),
    "Thanh Hóa": ("Thanh Hóa",),
    "Nghệ An": ("Nghệ An",),
    "Hà Tĩnh": ("Hà Tĩnh",),
    "Cao Bằng": ("Cao Bằng",),
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "Hồ Chí Minh": ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "An Giang": ("An Giang", "Kiên Giang"),
}
OLD_CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
NEW_CITIES = OLD_CITIES | {"Huế"}

# Place-name syllables with weights: "Hòa" and "Phú"/"Phước" are common, as in the real lists.
PLACE_FIRST = {"Hòa": 3, "Tân": 2, "Phú": 2, "An": 2, "Bình": 2, "Phước": 1, "Thạnh": 1,
               "Long": 1, "Vĩnh": 1, "Đông": 1, "Tây": 1, "Nam": 1, "Bắc": 1, "Trung": 1,
               "Quảng": 1, "Hưng": 1, "Thuận": 1, "Mỹ": 1, "Xuân": 1, "Hải": 1, "Thanh": 1,
               "Cẩm": 1, "Đại": 1, "Kim": 1, "Hiệp": 1, "Tam": 1, "Yên": 1, "Hồng": 1, "Quế": 1,
               "Ngọc": 1}  # fmt: skip
PLACE_SECOND = {"Phú": 3, "Phước": 3, "Bình": 1, "An": 1, "Lợi": 1, "Thành": 1, "Hưng": 1,
                "Thịnh": 1, "Lộc": 1, "Hòa": 1, "Tiến": 1, "Sơn": 1, "Lâm": 1, "Hải": 1,
                "Xuân": 1, "Thọ": 1, "Khánh": 1, "Trung": 1, "Đông": 1, "Tây": 1, "Mỹ": 1,
                "Nghĩa": 1, "Điền": 1, "Lạc": 1, "Châu": 1, "Thuận": 1, "Hiệp": 1, "Hà": 1,
                "Quang": 1, "Vinh": 1}  # fmt: skip

FAMILY = {"Nguyễn": 38, "Trần": 11, "Lê": 9, "Phạm": 7, "Hoàng": 5, "Huỳnh": 4, "Phan": 4,
          "Vũ": 4, "Võ": 3, "Đặng": 2, "Bùi": 2, "Đỗ": 2, "Hồ": 2, "Ngô": 2, "Dương": 1,
          "Lý": 1, "Nông": 1, "Triệu": 1, "Lương": 1, "Hà": 1}  # fmt: skip
MIDDLE_M = ["Văn", "Đức", "Hữu", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Kim", "Ngọc", "Thị Mỹ", "Thị Thanh", "Thị Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong",
           "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Vinh", "Hiếu", "Đạt"]  # fmt: skip
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Mai", "Nga",
           "Oanh", "Phương", "Thảo", "Trang", "Yến", "Nhung", "Vân"]  # fmt: skip
ETHNICITY = {"Kinh": 80, "Tày": 4, "Thái": 3, "Mường": 3, "Khmer": 3, "Hoa": 2, "Nùng": 2,
             "H'Mông": 1, "Dao": 1, "Gia Rai": 1, "Ê Đê": 1}  # fmt: skip
# "{unit}" becomes the unit's prefix: "Chủ tịch UBND phường".
OCCUPATIONS = ["Chủ tịch UBND {unit}", "Phó Chủ tịch UBND {unit}",
               "Chủ tịch Ủy ban MTTQ Việt Nam {unit}", "Chủ tịch Hội Nông dân {unit}",
               "Chủ tịch Hội Liên hiệp Phụ nữ {unit}", "Bí thư Đoàn Thanh niên {unit}",
               "Trưởng Công an {unit}", "Giáo viên", "Bác sĩ", "Nông dân", "Doanh nhân",
               "Cán bộ hưu trí", "Trưởng thôn"]  # fmt: skip

SEATS_SPREAD = 0.15  # each council seats its level's number of delegates, ±15 %
VICE_CHAIRS = {Level.PROVINCE: 2, Level.DISTRICT: 1, Level.COMMUNE: 1}
COMMITTEE_MEMBERS = {Level.PROVINCE: 3, Level.DISTRICT: 2, Level.COMMUNE: 1}
CT = Body.CommitteeType
COMMITTEES = {
    Level.PROVINCE: (CT.LEGAL, CT.ECONOMY_BUDGET, CT.CULTURE_SOCIETY),
    Level.DISTRICT: (CT.LEGAL, CT.ECONOMY_SOCIETY),
    Level.COMMUNE: (CT.LEGAL, CT.ECONOMY_SOCIETY),
}
Role = BodyMembership.Role


@dataclass(frozen=True)
class Scale:
    """Sizes below the provinces; the 63 old and 34 new provinces are always the real ones."""

    districts: int = 700
    old_communes: int = 10_000
    new_communes: int = 3_321
    province_seats: int = 50
    district_seats: int = 30
    commune_seats: int = 15

    def scaled(self, factor: float) -> Scale:
        """A smaller (or larger) country for quick runs; seats per council stay the same."""
        old_provinces = sum(len(olds) for olds in PROVINCES.values())
        districts = max(old_provinces, round(self.districts * factor))
        old_communes = max(districts, round(self.old_communes * factor))
        new_communes = min(old_communes, max(len(PROVINCES), round(self.new_communes * factor)))
        return replace(
            self, districts=districts, old_communes=old_communes, new_communes=new_communes
        )


def signature(scale: Scale, seed: int) -> str:
    """What a database must have been generated with for run.py to reuse it."""
    return f"hdnd-bench v{DATASET_VERSION} seed={seed} {scale}"


@dataclass
class Units:
    old_provinces: list[AdministrativeUnit] = field(default_factory=list)
    districts: list[AdministrativeUnit] = field(default_factory=list)
    old_communes: list[AdministrativeUnit] = field(default_factory=list)
    new_provinces: list[AdministrativeUnit] = field(default_factory=list)
    new_communes: list[AdministrativeUnit] = field(default_factory=list)
    # (predecessor, successor, legal basis) for the 1/7/2025 mergers
    links: list[tuple[AdministrativeUnit, AdministrativeUnit, str]] = field(default_factory=list)

    @property
    def all(self) -> list[AdministrativeUnit]:
        return [
            *self.old_provinces,
            *self.districts,
            *self.old_communes,
            *self.new_provinces,
            *self.new_communes,
        ]


@dataclass
class People:
    delegates: int = 0
    memberships: int = 0
    bodies: int = 0
    body_memberships: int = 0


@dataclass
class Dataset:
    """What later domains build on: the loader, the terms, the tree and its councils."""

    loader: User
    terms: dict[str, Term]
    units: Units
    councils: list[Council]
    people: People


# --- entry points -------------------------------------------------------------------------------


def generate(
    *, scale: Scale | None = None, seed: int = SEED, log: Callable[[str], None] = print
) -> Dataset:
    """Wipe the councils tables and rebuild the national dataset in one transaction."""
    scale = scale or Scale()
    _require_bench_database()
    started = time.perf_counter()
    rng = random.Random(seed)
    write_stamp(None)
    with transaction.atomic(), translation.override("vi"):
        step = _Steps(log)
        with step("wipe"):
            wipe()
        loader = loader_user()
        with step("terms") as s:
            terms = build_terms(loader=loader)
            s.rows = len(terms)
        with step("units") as s:
            units = build_units(rng=rng, scale=scale, loader=loader)
            s.rows = len(units.all)
        with step("councils") as s:
            councils = build_councils(units=units.all, loader=loader)
            s.rows = len(councils)
        with step("successions") as s:
            s.rows = build_successions(units=units, loader=loader)
        with step("delegates, seats, bodies") as s:
            people = build_people(
                councils=councils, terms=terms, rng=rng, scale=scale, loader=loader
            )
            s.rows = people.delegates + people.memberships + people.bodies + people.body_memberships
    with step("vacuum analyze"):
        vacuum_analyze()
    seconds = time.perf_counter() - started
    write_stamp({"signature": signature(scale, seed), "seconds": round(seconds, 1)})
    log(f"  generated in {seconds:.1f} s")
    return Dataset(loader=loader, terms=terms, units=units, councils=councils, people=people)


def read_stamp() -> dict | None:
    """The generator's note on the database (a COMMENT, so no table outside the migrations)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
            " WHERE datname = current_database()"
        )
        row = cursor.fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None


def write_stamp(stamp: dict | None) -> None:
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [json.dumps(stamp) if stamp else None])


def wipe() -> None:
    """Empty every councils table (and, by CASCADE, whatever later apps hang on them)."""
    tables = [m._meta.db_table for m in apps.get_app_config("councils").get_models()]
    quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


def vacuum_analyze() -> None:
    """Fresh statistics and visibility map, as on a database that has been in use for a while."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def loader_user() -> User:
    """The actor the history records name; it cannot log in."""
    user, created = get_user_model().objects.get_or_create(
        username="bench-loader",
        defaults={"is_active": False, "full_name": "Nạp dữ liệu benchmark"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# --- domains ------------------------------------------------------------------------------------


def build_terms(*, loader: User) -> dict[str, Term]:
    terms = [Term(name=name, start_on=start, end_on=end) for name, (start, end) in TERMS.items()]
    _write(Term, terms, loader)
    return {t.name: t for t in terms}


def build_units(*, rng: random.Random, scale: Scale, loader: User) -> Units:
    """The old three-level tree, then today's two-level one, numbered as treebeard would."""
    tree = _Tree()
    units = Units()
    olds_of: dict[str, list[AdministrativeUnit]] = {}
    for new_name, olds in PROVINCES.items():
        for old in olds:
            kind = UnitKind.CENTRAL_CITY if old in OLD_CITIES else UnitKind.PROVINCE
            code = f"{len(units.old_provinces) + 1:02d}"
            province = tree.add(None, old, kind, code, OLD_START, LAST_OLD_DAY)
            units.old_provinces.append(province)
            olds_of.setdefault(new_name, []).append(province)

    per_province = _apportion(scale.districts, _jitter(rng, len(units.old_provinces)))
    for province, count in zip(units.old_provinces, per_province, strict=True):
        city = province.kind == UnitKind.CENTRAL_CITY
        for _ in range(count):
            kind = rng.choices(
                [
                    UnitKind.RURAL_DISTRICT,
                    UnitKind.URBAN_DISTRICT,
                    UnitKind.TOWN,
                    UnitKind.PROVINCIAL_CITY,
                ],
                weights=[40, 50, 5, 5] if city else [78, 0, 10, 12],
            )[0]
            code = f"{len(units.districts) + 1:03d}"
            name = _place_name(rng, len(units.districts) + 1)
            units.districts.append(tree.add(province, name, kind, code, OLD_START, LAST_OLD_DAY))

    per_district = _apportion(scale.old_communes, _jitter(rng, len(units.districts)))
    for district, count in zip(units.districts, per_district, strict=True):
        for i in range(count):
            kind = _old_commune_kind(rng, district.kind, first=i == 0)
            seq = len(units.old_communes) + 1
            name = _place_name(rng, seq)
            commune = tree.add(district, name, kind, f"{seq:05d}", OLD_START, LAST_OLD_DAY)
            units.old_communes.append(commune)

    groups: list[tuple[AdministrativeUnit, list[AdministrativeUnit]]] = []
    for new_name, olds in olds_of.items():
        kind = UnitKind.CENTRAL_CITY if new_name in NEW_CITIES else UnitKind.PROVINCE
        province = tree.add(None, new_name, kind, olds[0].code, REFORM, None)
        units.new_provinces.append(province)
        units.links += [(old, province, BASIS_PROVINCES) for old in olds]
        prefixes = tuple(old.path for old in olds)
        communes = [c for c in units.old_communes if c.path.startswith(prefixes)]
        groups.append((province, communes))

    per_new = _apportion(scale.new_communes, [len(communes) for _p, communes in groups])
    special_zone_share = 13 / 3321  # the reform made 13 island special zones
    for (province, communes), count in zip(groups, per_new, strict=True):
        sizes = _apportion(len(communes), _jitter(rng, count))
        start = 0
        for size in sizes:
            merged = communes[start : start + size]
            start += size
            wards = sum(c.kind == UnitKind.WARD for c in merged)
            if rng.random() < special_zone_share:
                kind = UnitKind.SPECIAL_ZONE
            else:
                kind = UnitKind.WARD if wards * 2 > len(merged) else UnitKind.COMMUNE
            name = _place_name(rng, len(units.old_communes) + len(units.new_communes) + 1)
            commune = tree.add(province, name, kind, merged[0].code, REFORM, None)
            units.new_communes.append(commune)
            units.links += [(old, commune, BASIS_COMMUNES) for old in merged]

    _write(AdministrativeUnit, sorted(tree.units, key=lambda u: u.path), loader)
    return units


def build_councils(*, units: Sequence[AdministrativeUnit], loader: User) -> list[Council]:
    """One council per unit, living as long as the unit, named as `council_create` names it."""
    councils = []
    for unit in units:
        name = nfc(council_default_name(unit))
        councils.append(
            Council(
                unit=unit,
                name=name,
                name_key=search_key(name),
                valid_from=unit.valid_from,
                valid_to=unit.valid_to,
            )
        )
    _write(Council, councils, loader)
    return councils


def build_successions(*, units: Units, loader: User) -> int:
    links = [
        UnitSuccession(
            predecessor=old,
            successor=new,
            kind=UnitSuccession.Kind.MERGE,
            effective_on=REFORM,
            legal_basis=basis,
        )
        for old, new, basis in units.links
    ]
    _write(UnitSuccession, links, loader)
    return len(links)


def build_people(
    *,
    councils: Sequence[Council],
    terms: dict[str, Term],
    rng: random.Random,
    scale: Scale,
    loader: User,
) -> People:
    """Delegates seated for one term per council, with the standing committee and the Ban.

    Old councils hold the 2021-2026 term until they closed on 30/6/2025; today's councils hold
    2026-2031. Written a chunk of councils at a time to keep memory flat.
    """
    seats = {
        Level.PROVINCE: scale.province_seats,
        Level.DISTRICT: scale.district_seats,
        Level.COMMUNE: scale.commune_seats,
    }
    people = People()
    ordered = sorted(councils, key=lambda c: c.unit.path)
    for start in range(0, len(ordered), COUNCIL_CHUNK):
        delegates: list[Delegate] = []
        memberships: list[CouncilMembership] = []
        bodies: list[Body] = []
        body_members: list[BodyMembership] = []
        for council in ordered[start : start + COUNCIL_CHUNK]:
            unit = council.unit
            term = terms[OLD_TERM if council.valid_to else NEW_TERM]
            count = rng.randint(
                round(seats[unit.level] * (1 - SEATS_SPREAD)),
                round(seats[unit.level] * (1 + SEATS_SPREAD)),
            )
            seated = [_delegate(rng, council) for _ in range(count)]
            delegates += seated
            seat_bodies, positions = _bodies(council, term, seated, rng)
            bodies += [body for body, _members in seat_bodies]
            start_on = max(term.start_on, council.valid_from)
            end_on = (
                council.valid_to if council.valid_to and council.valid_to < term.end_on else None
            )
            for body, members in seat_bodies:
                body_members += [
                    BodyMembership(
                        body=body, delegate=d, role=role, start_on=start_on, end_on=end_on
                    )
                    for d, role in members
                ]
            for i, delegate in enumerate(seated):
                position = positions.get(i, "")
                memberships.append(
                    CouncilMembership(
                        delegate=delegate,
                        council=council,
                        term=term,
                        kind=CouncilMembership.Kind.FULL_TIME
                        if i <= VICE_CHAIRS[unit.level]
                        else CouncilMembership.Kind.PART_TIME,
                        position=position,
                        constituency=f"Đơn vị bầu cử số {i % max(1, count // 3) + 1}",
                        start_on=start_on,
                        end_on=end_on,
                        end_reason=CLOSED_REASON if end_on else "",
                    )
                )
        _write(Delegate, delegates, loader)
        _write(CouncilMembership, memberships, loader)
        _write(Body, bodies, loader)
        _write(BodyMembership, body_members, loader)
        people.delegates += len(delegates)
        people.memberships += len(memberships)
        people.bodies += len(bodies)
        people.body_memberships += len(body_members)
    return people


# --- helpers ------------------------------------------------------------------------------------


class _Tree:
    """Unsaved units whose path, depth and numchild match what add_root/add_child would give."""

    def __init__(self) -> None:
        self.units: list[AdministrativeUnit] = []
        self._roots = 0

    def add(
        self,
        parent: AdministrativeUnit | None,
        name: str,
        kind: str,
        code: str,
        valid_from: date,
        valid_to: date | None,
    ) -> AdministrativeUnit:
        if parent is None:
            self._roots += 1
            depth, path = 1, AdministrativeUnit._get_path(None, 1, self._roots)
        else:
            parent.numchild += 1
            depth = parent.depth + 1
            path = AdministrativeUnit._get_path(parent.path, depth, parent.numchild)
        name = nfc(name)
        unit = AdministrativeUnit(
            path=path,
            depth=depth,
            numchild=0,
            name=name,
            name_key=search_key(name),
            kind=kind,
            level=KIND_LEVEL[kind],
            code=code,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        self.units.append(unit)
        return unit


class _Steps:
    """Times each generation step and logs its row count."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.log = log

    def __call__(self, label: str) -> _Step:
        return _Step(self.log, label)


class _Step:
    def __init__(self, log: Callable[[str], None], label: str) -> None:
        self.log, self.label, self.rows = log, label, None
        self.started = 0.0

    def __enter__(self) -> _Step:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        rows = f"{self.rows:>10,} rows" if self.rows is not None else " " * 15
        self.log(f"  {self.label:<26}{rows} {time.perf_counter() - self.started:7.1f} s")


def _write(model: type[Model], objs: list, loader: User) -> None:
    """Insert in batches, then the creation history record each service save would leave."""
    if not objs:
        return
    model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
    model.history.bulk_history_create(
        objs, batch_size=BATCH_SIZE, default_user=loader, default_date=timezone.now()
    )


def _require_bench_database() -> None:
    """The generator truncates tables: never let it near a database that is not a benchmark's."""
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or "bench" not in name:
        raise SystemExit(f"Refusing to wipe {name!r}: the benchmark uses its own PostgreSQL db.")


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into len(weights) parts of at least 1, proportional to the weights."""
    spare = total - len(weights)
    if spare < 0:
        raise ValueError(f"cannot split {total} into {len(weights)} non-empty parts")
    scale = spare / sum(weights)
    raw = [w * scale for w in weights]
    parts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in by_remainder[: spare - sum(parts)]:
        parts[i] += 1
    return [p + 1 for p in parts]


def _jitter(rng: random.Random, n: int) -> list[float]:
    return [rng.uniform(0.6, 1.4) for _ in range(n)]


def _place_name(rng: random.Random, seq: int) -> str:
    """ "Hòa Phú 123": common syllables, numbered so names stay unique nationwide."""
    first = rng.choices(list(PLACE_FIRST), weights=list(PLACE_FIRST.values()))[0]
    second = rng.choices(list(PLACE_SECOND), weights=list(PLACE_SECOND.values()))[0]
    return f"{first} {second} {seq}"


def _old_commune_kind(rng: random.Random, district_kind: str, *, first: bool) -> str:
    if district_kind == UnitKind.URBAN_DISTRICT:
        return UnitKind.WARD
    if district_kind == UnitKind.RURAL_DISTRICT:
        return UnitKind.TOWNSHIP if first else UnitKind.COMMUNE
    return UnitKind.WARD if rng.random() < 0.6 else UnitKind.COMMUNE


def _delegate(rng: random.Random, council: Council) -> Delegate:
    female = rng.random() < 0.3
    family = rng.choices(list(FAMILY), weights=list(FAMILY.values()))[0]
    if female:
        rest = f"{rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    else:
        rest = f"{rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    full_name = nfc(f"{family} {rest}")
    occupation = rng.choice(OCCUPATIONS).format(unit=KIND_PREFIX[council.unit.kind])
    return Delegate(
        council=council,
        full_name=full_name,
        name_key=search_key(full_name),
        gender=Delegate.Gender.FEMALE if female else Delegate.Gender.MALE,
        birth_date=date(1960, 1, 1) + timedelta(days=rng.randrange(36 * 365)),
        ethnicity=rng.choices(list(ETHNICITY), weights=list(ETHNICITY.values()))[0],
        occupation=occupation,
        phone=f"09{rng.randrange(10**8):08d}",
    )


def _bodies(
    council: Council, term: Term, seated: list[Delegate], rng: random.Random
) -> tuple[list[tuple[Body, list[tuple[Delegate, str]]]], dict[int, str]]:
    """The standing committee and the Ban of one council-term, drawn from its first delegates.

    Returns the bodies with their (delegate, role) members, and each leader's position title by
    index in `seated`, which the council membership carries as `position`.
    """
    level = council.unit.level
    committees = list(COMMITTEES[level])
    if level == Level.PROVINCE:
        if council.unit.kind == UnitKind.CENTRAL_CITY:
            committees.append(CT.URBAN)
        elif rng.random() < 0.4:
            committees.append(CT.ETHNIC)
    vices = VICE_CHAIRS[level]
    positions = {0: "Chủ tịch HĐND"} | dict.fromkeys(range(1, vices + 1), "Phó Chủ tịch HĐND")
    standing_members = [(seated[0], Role.CHAIR)] + [
        (seated[i], Role.VICE_CHAIR) for i in range(1, vices + 1)
    ]
    result: list[tuple[Body, list[tuple[Delegate, str]]]] = []
    nxt = vices + 1
    for position, committee_type in enumerate(committees, start=1):
        label = str(CT(committee_type).label)
        body = Body(
            council=council,
            term=term,
            kind=Body.Kind.COMMITTEE,
            committee_type=committee_type,
            name=label,
            position=position,
        )
        size = 2 + COMMITTEE_MEMBERS[level]
        chosen = seated[nxt : nxt + size]
        positions[nxt] = f"Trưởng {label}"
        positions[nxt + 1] = f"Phó Trưởng {label}"
        members = [(chosen[0], Role.HEAD), (chosen[1], Role.DEPUTY_HEAD)]
        members += [(d, Role.MEMBER) for d in chosen[2:]]
        standing_members.append((chosen[0], Role.MEMBER))
        result.append((body, members))
        nxt += size
    standing = Body(
        council=council,
        term=term,
        kind=Body.Kind.STANDING,
        name=str(Body.Kind.STANDING.label),
        position=0,
    )
    return [(standing, standing_members), *result], positions


def _main(argv: Sequence[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size factor below provinces")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    call_command("migrate", interactive=False, verbosity=0)
    generate(scale=Scale().scaled(args.scale), seed=args.seed)


if __name__ == "__main__":
    _main()

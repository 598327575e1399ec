"""Demo data from the seed articles (shared/seeds): real places and people in their roles.

The 2025 reform is shown as it happened in outline: Quảng Nam merged into Đà Nẵng, Bắc Kạn into
Thái Nguyên, Hải Dương into Hải Phòng, districts abolished, communes merged into new ones. Which
old communes went into which new one is illustrative, not the official list; Thừa Thiên Huế is
shown becoming Thành phố Huế on 1/7/2025 (in fact 1/1/2025) to keep one reorganisation date.
Every step is get-or-create through the services, so loading twice changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

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
    RoleAssignment,
    Term,
    UnitKind,
    UnitSuccession,
)

User = get_user_model()
DEMO_PASSWORD = "HdndDemo@2026"  # noqa: S105 -- demo accounts, printed by make run
OLD = date(1997, 1, 1)
REFORM = date(2025, 7, 1)
LAST_OLD_DAY = date(2025, 6, 30)
MERGE = UnitSuccession.Kind.MERGE
ABOLISH = UnitSuccession.Kind.ABOLISH
RENAME = UnitSuccession.Kind.RENAME
BASIS_PROVINCES = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"
BASIS_COMMUNES = "Nghị quyết của Ủy ban Thường vụ Quốc hội ngày 16/6/2025 về sắp xếp đơn vị cấp xã"

TERMS = [
    ("2016-2021", date(2016, 5, 22), date(2021, 5, 22)),
    ("2021-2026", date(2021, 5, 23), date(2026, 3, 14)),
    ("2026-2031", date(2026, 3, 15), date(2031, 3, 14)),
]

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Nông",
    "Triệu",
    "Lương",
]
MIDDLE_M = ["Văn", "Đức", "Hữu", "Minh", "Quang", "Thanh"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Kim", "Ngọc", "Thị Mỹ"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Trung",
    "Tuấn",
    "Vinh",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Liên",
    "Mai",
    "Nga",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
]


class Demo:
    """Builds the demo tree step by step; each helper returns what exists or creates it."""

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.terms: dict[str, Term] = {}
        self._name_seq = 0

    # --- tree -------------------------------------------------------------------------------
    def unit(
        self,
        parent: AdministrativeUnit | None,
        name: str,
        kind: str,
        code: str,
        valid_from: date = OLD,
        valid_to: date | None = None,
    ) -> AdministrativeUnit:
        found = AdministrativeUnit.objects.filter(code=code, valid_from=valid_from).first()
        if found is not None:
            return found
        if valid_from == OLD:
            valid_to = LAST_OLD_DAY  # every unit of the demo's old tree ended with the reform
        return services.unit_create(
            actor=self.actor,
            parent=parent,
            name=name,
            kind=kind,
            code=code,
            valid_from=valid_from,
            valid_to=valid_to,
        )

    def reorganise(
        self, olds: list[AdministrativeUnit], new: AdministrativeUnit, kind: str, basis: str
    ) -> None:
        todo = [
            u
            for u in olds
            if not UnitSuccession.objects.filter(predecessor=u, successor=new).exists()
        ]
        if todo:
            services.units_reorganise(
                actor=self.actor,
                predecessors=todo,
                successor=new,
                kind=kind,
                effective_on=REFORM,
                legal_basis=basis,
            )

    # --- people -----------------------------------------------------------------------------
    def invented_name(self) -> tuple[str, str]:
        """Deterministic, plausible names for delegates the articles do not name."""
        i = self._name_seq
        self._name_seq += 1
        female = i % 5 in (1, 3)
        family = FAMILY[(i * 7) % len(FAMILY)]
        if female:
            middle, given = MIDDLE_F[i % len(MIDDLE_F)], GIVEN_F[(i * 3) % len(GIVEN_F)]
        else:
            middle, given = MIDDLE_M[i % len(MIDDLE_M)], GIVEN_M[(i * 3) % len(GIVEN_M)]
        return f"{family} {middle} {given}", Delegate.Gender.FEMALE if female else "male"

    def delegate(
        self, council: Council, full_name: str, gender: str = "", occupation: str = ""
    ) -> Delegate:
        found = Delegate.objects.filter(council=council, full_name=full_name).first()
        if found is not None:
            return found
        return services.delegate_create(
            actor=self.actor,
            council=council,
            full_name=full_name,
            gender=gender,
            occupation=occupation,
        )

    def seat(
        self, delegate: Delegate, term: Term, kind: str = "part_time", position: str = ""
    ) -> None:
        council = delegate.council
        if CouncilMembership.objects.filter(delegate=delegate, council=council, term=term).exists():
            return
        start = max(term.start_on, council.valid_from)
        services.membership_create(
            actor=self.actor,
            delegate=delegate,
            council=council,
            term=term,
            start_on=start,
            end_on=min(term.end_on, council.valid_to) if council.valid_to else None,
            kind=kind,
            position=position or "Đại biểu HĐND",
        )

    def body(self, council: Council, term: Term, kind: str, committee_type: str = "", name=""):
        label = name or (
            str(Body.CommitteeType(committee_type).label) if committee_type else "Thường trực HĐND"
        )
        found = Body.objects.filter(council=council, term=term, name=label).first()
        if found is not None:
            return found
        return services.body_create(
            actor=self.actor,
            council=council,
            term=term,
            kind=kind,
            committee_type=committee_type,
            name=label,
        )

    def member(self, body: Body, delegate: Delegate, role: str) -> None:
        if BodyMembership.objects.filter(body=body, delegate=delegate).exists():
            return
        start = max(body.term.start_on, body.council.valid_from)
        services.body_membership_create(
            actor=self.actor, body=body, delegate=delegate, role=role, start_on=start
        )

    def staff_council(
        self,
        council: Council,
        term: Term,
        *,
        size: int,
        named: list[tuple[str, str, str, str]],
        committees: list[str],
        groups: int = 0,
    ) -> None:
        """Seat `size` delegates: the named ones (name, gender, role in Thường trực, occupation)
        first, then invented ones; set up Thường trực, the committees and delegate groups."""
        people: list[Delegate] = []
        standing = self.body(council, term, Body.Kind.STANDING)
        for full_name, gender, role, occupation in named:
            d = self.delegate(council, full_name, gender, occupation)
            kind = "full_time" if role == R.VICE_CHAIR else "part_time"
            self.seat(d, term, kind=kind, position=str(R(role).label) + " HĐND")
            self.member(standing, d, role)
            people.append(d)
        while len(people) < size:
            full_name, gender = self.invented_name()
            d = self.delegate(council, full_name, gender)
            self.seat(d, term)
            people.append(d)
        rest = people[len(named) :]
        for i, ctype in enumerate(committees):
            ban = self.body(council, term, Body.Kind.COMMITTEE, committee_type=ctype)
            head = rest[2 * i]
            self.member(ban, head, R.HEAD)
            self.member(standing, head, R.MEMBER)
            self.member(ban, rest[2 * i + 1], R.DEPUTY_HEAD)
        for g in range(groups):
            group = self.body(
                council, term, Body.Kind.DELEGATE_GROUP, name=f"Tổ đại biểu số {g + 1}"
            )
            members = people[g::groups]
            self.member(group, members[0], R.LEADER)
            for d in members[1:4]:
                self.member(group, d, R.MEMBER)

    def agency(self, council: Council, name: str, kind: str) -> None:
        if not Agency.objects.filter(council=council, name=name).exists():
            services.agency_create(actor=self.actor, council=council, name=name, kind=kind)

    def user(self, username: str, full_name: str, role: str, council: Council | None) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name)
            user.set_password(DEMO_PASSWORD)
            user.save()
        if not RoleAssignment.objects.filter(user=user, role=role, council=council).exists():
            start = council.valid_from if council is not None else date(2021, 1, 1)
            services.role_assign(
                actor=self.actor,
                user=user,
                role=role,
                council=council,
                valid_from=max(start, date(2016, 1, 1)),
            )
        return user


# Demo accounts: username, full name, role, (unit code, valid_from) of the council or None.
DEMO_USERS: list[tuple[str, str, str, tuple[str, date] | None, str]] = [
    ("quantri", "Quản trị hệ thống", Role.ADMIN, None, "toàn quốc"),
    (
        "danang.vanphong",
        "Lê Thị Hồng Nhung",
        Role.SECRETARIAT,
        ("48", REFORM),
        "HĐND TP Đà Nẵng (sau sáp nhập), thấy cả Quảng Nam cũ",
    ),
    ("danang.thuongtruc", "Phan Văn Mãi", Role.STANDING, ("48", REFORM), "HĐND TP Đà Nẵng"),
    (
        "danang.lanhdaovp",
        "Nguyễn Thị Thanh Hương",
        Role.OFFICE_LEADER,
        ("48", REFORM),
        "Lãnh đạo Văn phòng HĐND TP Đà Nẵng: xem xét trước khi Thường trực duyệt",
    ),
    (
        "danang.banphapche",
        "Lê Minh Trí",
        Role.DELEGATE,
        ("48", REFORM),
        "Ủy viên Ban Pháp chế HĐND TP Đà Nẵng: chỉ giám sát của Ban mình",
    ),
    (
        "quangnam.vanphong",
        "Trần Thị Thu Hà",
        Role.SECRETARIAT,
        ("49", OLD),
        "HĐND tỉnh Quảng Nam (2021-2025)",
    ),
    ("hiepduc.vanphong", "Mai Hiền", Role.OFFICE, ("514", OLD), "HĐND huyện Hiệp Đức (cấp huyện)"),
    ("hiepduc.thuongtruc", "Huỳnh Đức Viên", Role.STANDING, ("514", OLD), "HĐND huyện Hiệp Đức"),
    ("hiepduc.daibieu", "Nguyễn Văn Tỉnh", Role.DELEGATE, ("514", OLD), "HĐND huyện Hiệp Đức"),
    (
        "xahiepduc.vanphong",
        "Đoàn Văn Lực",
        Role.OFFICE,
        ("20500", REFORM),
        "HĐND xã Hiệp Đức (mới), thấy các xã cũ đã nhập",
    ),
    (
        "xahiepduc.daibieu",
        "Hồ Thị Lan",
        Role.DELEGATE,
        ("20500", REFORM),
        "HĐND xã Hiệp Đức; tài khoản gắn hồ sơ đại biểu: việc của chính mình",
    ),
    ("quetho.vanphong", "Võ Văn Sang", Role.OFFICE, ("20536", OLD), "HĐND xã Quế Thọ (cũ)"),
    ("hue.vanphong", "Ngô Thanh Tùng", Role.SECRETARIAT, ("46", REFORM), "HĐND TP Huế"),
    (
        "huongthuy.vanphong",
        "Trương Đức Tú",
        Role.OFFICE,
        ("476", OLD),
        "HĐND thị xã Hương Thủy (cấp huyện)",
    ),
    ("thuyduong.vanphong", "Lê Văn Hòa", Role.OFFICE, ("19954", OLD), "HĐND phường Thủy Dương"),
    ("backan.vanphong", "Vương Huy", Role.SECRETARIAT, ("06", OLD), "HĐND tỉnh Bắc Kạn"),
    ("backan.thuongtruc", "Đoàn Thị Hậu", Role.STANDING, ("06", OLD), "HĐND tỉnh Bắc Kạn"),
    (
        "thainguyen.vanphong",
        "Dương Ngọc Long",
        Role.SECRETARIAT,
        ("19", REFORM),
        "HĐND tỉnh Thái Nguyên (sau sáp nhập)",
    ),
    (
        "haiphong.vanphong",
        "Nguyễn Thị Hằng",
        Role.SECRETARIAT,
        ("31", REFORM),
        "HĐND TP Hải Phòng (sau sáp nhập), thấy cả Hải Dương cũ",
    ),
]

# Demo accounts linked to a delegate record (seated for 2026-2031), and the Ban they sit in.
DEMO_DELEGATE_ACCOUNTS: list[tuple[str, str]] = [
    ("xahiepduc.daibieu", ""),
    ("danang.banphapche", Body.CommitteeType.LEGAL),
]

K = UnitKind
C = Body.CommitteeType
R = BodyMembership.Role
A = Agency.Kind


def load(actor: User) -> Demo:
    """Load (or complete) the demo data set; safe to run any number of times."""
    demo = Demo(actor)
    for name, start, end in TERMS:
        demo.terms[name] = Term.objects.filter(name=name).first() or services.term_create(
            actor=actor, name=name, start_on=start, end_on=end
        )
    t16, t21, t26 = (demo.terms[n] for n in ("2016-2021", "2021-2026", "2026-2031"))

    # --- before 1/7/2025: province > district > commune ---------------------------------------
    quang_nam = demo.unit(None, "Quảng Nam", K.PROVINCE, "49")
    hiep_duc = demo.unit(quang_nam, "Hiệp Đức", K.RURAL_DISTRICT, "514")
    hd_communes = {
        code: demo.unit(hiep_duc, name, kind, code)
        for name, kind, code in [
            ("Tân Bình", K.TOWNSHIP, "20533"),
            ("Quế Thọ", K.COMMUNE, "20536"),
            ("Bình Lâm", K.COMMUNE, "20539"),
            ("Sông Trà", K.COMMUNE, "20542"),
            ("Phước Gia", K.COMMUNE, "20545"),
            ("Phước Trà", K.COMMUNE, "20548"),
            ("Hiệp Hòa", K.COMMUNE, "20551"),
            ("Hiệp Thuận", K.COMMUNE, "20554"),
            ("Quế Lưu", K.COMMUNE, "20557"),
            ("Thăng Phước", K.COMMUNE, "20560"),
            ("Bình Sơn", K.COMMUNE, "20563"),
        ]
    }
    old_da_nang = demo.unit(None, "Đà Nẵng", K.CENTRAL_CITY, "48")
    thua_thien_hue = demo.unit(None, "Thừa Thiên Huế", K.PROVINCE, "46")
    huong_thuy = demo.unit(thua_thien_hue, "Hương Thủy", K.TOWN, "476")
    ht_communes = {
        code: demo.unit(huong_thuy, name, kind, code)
        for name, kind, code in [
            ("Thủy Châu", K.WARD, "19951"),
            ("Thủy Dương", K.WARD, "19954"),
            ("Thủy Lương", K.WARD, "19957"),
            ("Thủy Bằng", K.COMMUNE, "19960"),
            ("Thủy Vân", K.COMMUNE, "19963"),
            ("Dương Hòa", K.COMMUNE, "19966"),
        ]
    }
    bac_kan = demo.unit(None, "Bắc Kạn", K.PROVINCE, "06")
    bac_kan_city = demo.unit(bac_kan, "Bắc Kạn", K.PROVINCIAL_CITY, "058")
    bk_communes = {
        code: demo.unit(bac_kan_city, name, kind, code)
        for name, kind, code in [
            ("Nguyễn Thị Minh Khai", K.WARD, "01834"),
            ("Sông Cầu", K.WARD, "01837"),
            ("Đức Xuân", K.WARD, "01840"),
            ("Phùng Chí Kiên", K.WARD, "01843"),
            ("Huyền Tụng", K.WARD, "01846"),
            ("Dương Quang", K.COMMUNE, "01849"),
            ("Nông Thượng", K.COMMUNE, "01852"),
        ]
    }
    old_thai_nguyen = demo.unit(None, "Thái Nguyên", K.PROVINCE, "19")
    hai_duong = demo.unit(None, "Hải Dương", K.PROVINCE, "30")
    old_hai_phong = demo.unit(None, "Hải Phòng", K.CENTRAL_CITY, "31")

    # --- from 1/7/2025: two tiers -------------------------------------------------------------
    da_nang = demo.unit(None, "Đà Nẵng", K.CENTRAL_CITY, "48", valid_from=REFORM)
    new_communes = {
        "20500": ("Hiệp Đức", ["20533", "20551", "20554", "20557", "20560"]),
        "20503": ("Việt An", ["20536", "20539", "20563"]),
        "20506": ("Phước Trà", ["20542", "20545", "20548"]),
    }
    hue = demo.unit(None, "Huế", K.CENTRAL_CITY, "46", valid_from=REFORM)
    new_wards_hue = {
        "19950": ("Phú Bài", ["19951", "19957"]),
        "19953": ("Thanh Thủy", ["19954"]),
        "19956": ("Hương Thủy", ["19960", "19963", "19966"]),
    }
    thai_nguyen = demo.unit(None, "Thái Nguyên", K.PROVINCE, "19", valid_from=REFORM)
    new_wards_bk = {
        "01835": ("Bắc Kạn", ["01834", "01837", "01843", "01846"]),
        "01841": ("Đức Xuân", ["01840", "01849", "01852"]),
    }
    hai_phong = demo.unit(None, "Hải Phòng", K.CENTRAL_CITY, "31", valid_from=REFORM)

    # Reorganise the lowest level first, so that no old child outlives its parent.
    for parent, plan, olds, kind in [
        (da_nang, new_communes, hd_communes, K.COMMUNE),
        (hue, new_wards_hue, ht_communes, K.WARD),
        (thai_nguyen, new_wards_bk, bk_communes, K.WARD),
    ]:
        for code, (name, old_codes) in plan.items():
            new = demo.unit(parent, name, kind, code, valid_from=REFORM)
            demo.reorganise([olds[c] for c in old_codes], new, MERGE, BASIS_COMMUNES)
    demo.reorganise([hiep_duc], da_nang, ABOLISH, BASIS_COMMUNES)
    demo.reorganise([huong_thuy], hue, ABOLISH, BASIS_COMMUNES)
    demo.reorganise([bac_kan_city], thai_nguyen, ABOLISH, BASIS_COMMUNES)
    demo.reorganise([quang_nam, old_da_nang], da_nang, MERGE, BASIS_PROVINCES)
    demo.reorganise([thua_thien_hue], hue, RENAME, BASIS_PROVINCES)
    demo.reorganise([bac_kan, old_thai_nguyen], thai_nguyen, MERGE, BASIS_PROVINCES)
    demo.reorganise([hai_duong, old_hai_phong], hai_phong, MERGE, BASIS_PROVINCES)

    _people(demo, t16, t21, t26)
    for username, full_name, role, key, _note in DEMO_USERS:
        council = None
        if key is not None:
            council = Council.objects.get(unit__code=key[0], unit__valid_from=key[1])
        demo.user(username, full_name, role, council)
    _delegate_accounts(demo, t26)
    return demo


def _delegate_accounts(demo: Demo, term: Term) -> None:
    """Delegates who sign in: their own records, and the Ban they sit in (issue 11)."""
    for username, committee_type in DEMO_DELEGATE_ACCOUNTS:
        user = User.objects.get(username=username)
        council = user.role_assignments.get(role=Role.DELEGATE).council
        delegate = demo.delegate(council, user.full_name)
        demo.seat(delegate, term)
        if committee_type:
            ban = demo.body(council, term, Body.Kind.COMMITTEE, committee_type=committee_type)
            demo.member(ban, delegate, R.MEMBER)
        if delegate.user_id is None:
            services.delegate_user_link(actor=demo.actor, delegate=delegate, user=user)


def _council(code: str, valid_from: date = OLD) -> Council:
    return Council.objects.select_related("unit").get(unit__code=code, unit__valid_from=valid_from)


def _people(demo: Demo, t16: Term, t21: Term, t26: Term) -> None:
    """Councils' members for their terms; names from the seed articles where they give them."""
    f, m = Delegate.Gender.FEMALE, Delegate.Gender.MALE
    province_bans = [C.LEGAL, C.ECONOMY_BUDGET, C.CULTURE_SOCIETY]
    district_bans = [C.LEGAL, C.ECONOMY_SOCIETY]
    commune_bans_2025 = [C.ECONOMY_BUDGET, C.CULTURE_SOCIETY]

    # Hiệp Đức district, 2021-2026 (seed 000: giao ban 15/9/2023).
    demo.staff_council(
        _council("514"),
        t21,
        size=24,
        named=[
            ("Nguyễn Văn Tỉnh", m, R.CHAIR, "Bí thư Huyện ủy"),
            ("Huỳnh Đức Viên", m, R.VICE_CHAIR, "Ủy viên Ban Thường vụ Huyện ủy"),
        ],
        committees=district_bans,
        groups=4,
    )
    hd = _council("514")
    demo.agency(hd, "Ủy ban nhân dân huyện Hiệp Đức", A.PEOPLE_COMMITTEE)
    demo.agency(hd, "Phòng Tài chính - Kế hoạch huyện Hiệp Đức", A.OFFICE)
    demo.agency(hd, "Phòng Nông nghiệp và Phát triển nông thôn huyện Hiệp Đức", A.OFFICE)
    demo.agency(hd, "Ủy ban MTTQ Việt Nam huyện Hiệp Đức", A.FATHERLAND_FRONT)
    for code in ("20533", "20536", "20539"):
        demo.staff_council(_council(code), t21, size=8, named=[], committees=[C.LEGAL])

    # Quảng Nam province, 2021-2026.
    demo.staff_council(_council("49"), t21, size=20, named=[], committees=province_bans, groups=3)
    demo.agency(_council("49"), "Ủy ban nhân dân tỉnh Quảng Nam", A.PEOPLE_COMMITTEE)

    # Hương Thủy town, 2016-2021 (seed 003: working visits of October 2019).
    demo.staff_council(
        _council("476"),
        t16,
        size=16,
        named=[("Trương Đức Tú", m, R.VICE_CHAIR, "Ủy viên Ban Thường vụ Thị ủy")],
        committees=district_bans,
    )
    for code in ("19951", "19954", "19957", "19960", "19963", "19966"):
        demo.staff_council(_council(code), t16, size=6, named=[], committees=[])

    # Hải Dương province, 2021-2026 (seed 002: phiên họp thứ 5 Thường trực, 19/10/2021).
    demo.staff_council(
        _council("30"),
        t21,
        size=16,
        named=[("Phạm Xuân Thăng", m, R.CHAIR, "Bí thư Tỉnh ủy")],
        committees=province_bans,
        groups=2,
    )

    # Bắc Kạn province, 2021-2026 (seed 004: sơ kết quy chế phối hợp năm 2023).
    bk = _council("06")
    demo.staff_council(
        bk,
        t21,
        size=20,
        named=[("Đoàn Thị Hậu", f, R.CHAIR, "Ủy viên Ban Thường vụ Tỉnh ủy")],
        committees=[*province_bans, C.ETHNIC],
        groups=3,
    )
    demo.agency(bk, "Ủy ban nhân dân tỉnh Bắc Kạn", A.PEOPLE_COMMITTEE)
    demo.agency(bk, "Ủy ban MTTQ Việt Nam tỉnh Bắc Kạn", A.FATHERLAND_FRONT)
    demo.agency(bk, "Sở Tài chính tỉnh Bắc Kạn", A.DEPARTMENT)
    demo.staff_council(_council("058"), t21, size=12, named=[], committees=district_bans)

    # After the reform, 2026-2031: the new councils (names invented; elections of 15/3/2026).
    for code, size, bans in [
        ("48", 20, [*province_bans, C.URBAN]),
        ("46", 16, [*province_bans, C.URBAN]),
        ("19", 16, [*province_bans, C.ETHNIC]),
        ("31", 16, [*province_bans, C.URBAN]),
        ("20500", 10, commune_bans_2025),
        ("20503", 8, commune_bans_2025),
        ("19953", 8, commune_bans_2025),
        ("01841", 8, commune_bans_2025),
    ]:
        demo.staff_council(_council(code, REFORM), t26, size=size, named=[], committees=bans)
    dn = _council("48", REFORM)
    demo.agency(dn, "Ủy ban nhân dân thành phố Đà Nẵng", A.PEOPLE_COMMITTEE)
    demo.agency(dn, "Sở Tài chính thành phố Đà Nẵng", A.DEPARTMENT)
    demo.agency(_council("20500", REFORM), "Ủy ban nhân dân xã Hiệp Đức", A.PEOPLE_COMMITTEE)
    tn = _council("19", REFORM)
    demo.agency(tn, "Ủy ban nhân dân tỉnh Thái Nguyên", A.PEOPLE_COMMITTEE)
    demo.agency(tn, "Sở Tài chính tỉnh Thái Nguyên", A.DEPARTMENT)

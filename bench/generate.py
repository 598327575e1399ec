"""National-size data for the benchmark: the 2025 reform, 34 provinces and ~3,300 communes today.

It wipes and rebuilds the councils tables of its own database (refusing any database whose name
lacks "bench"): 63 old provinces > ~700 districts > ~10,000 communes, closed on 30/6/2025; the 34
provinces and ~3,300 communes in force since 1/7/2025, linked to them by `merge` successions; a
council per unit; the 2021-2026 term seated on the old councils and 2026-2031 on today's, with a
standing committee and committees (Ban) in every council. On that tree (issue 4): a UBND per
unit; each council's sessions from June 2021 to December 2026 (two regular ones a year, some
thematic and extraordinary, the first session of each term and of each merged council), with
sittings, a 10-item agenda and 7 votes for the latest 5,000 held ones; the resolutions of every
held session (~400,000), numbered per council, year and kind, some amended, replaced or expired;
implementation tasks for about one in ten, some overdue.

Why it bypasses the services: `unit_create`, `delegate_create` and the like check, compute one
tree path and write one row plus its history per call, with several queries each, so ~250,000
delegates through them would take hours. Here rows are written with `bulk_create` in batches, and
the generator sets the same fields the services set: treebeard's `path`/`depth`/`numchild`
(computed with `MP_Node._get_path`, steplen 4, the model's alphabet), `level` from the kind,
NFC names, `name_key` via `core.text.search_key`, council names via `council_default_name`, and
one "+" history record per row, attributed to a loader user as `_stamp` would (copied from the
new rows by one INSERT ... SELECT per batch, which is what `bulk_history_create` would write).
The services' checks are not run: the data is valid by construction (periods nest, seats lie
inside their term and their council's life, codes never overlap in time).

Later issues add their domains as further `build_<domain>(dataset=...)` steps in `generate()`,
or, to add them to a database generated before them, as a module of their own with its own key in
the stamp (bench/generate_followups.py: questions, commitments and a million obligations).
"""

from __future__ import annotations

import json
import math
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
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Model
from django.utils import timezone, translation

from core.models import User
from core.text import nfc, search_key
from councils import rules
from councils.models import (
    KIND_LEVEL,
    KIND_PREFIX,
    AdministrativeUnit,
    Agency,
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
from followups.models import Obligation
from resolutions.models import (
    Field,
    ImplementationTask,
    NumberSequence,
    Resolution,
    ResolutionLink,
)
from resolutions.services import format_number, task_title
from sessions.models import AgendaItem, Session, Sitting, Vote

DATASET_VERSION = 2  # bump when the data changes shape, so run.py rebuilds stale databases
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

# Sessions and resolutions (issue 4): from the first sessions after the 2021 election to the end
# of 2026; sessions still ahead are planned or convened, and only held ones have resolutions.
SESSIONS_FROM = date(2021, 6, 1)
SESSIONS_TO = date(2026, 12, 31)
NEW_TERM_FIRST = date(2026, 3, 23)  # first sessions of the 2026-2031 term, within ~3 weeks
REGULAR = "regular"
THEMATIC = "thematic"
EXTRAORDINARY = "extraordinary"
REGULAR_DAYS = {Level.PROVINCE: 3, Level.DISTRICT: 2, Level.COMMUNE: 1}
THEMATIC_MONTHS = (3, 4, 5, 8, 9, 10, 11)
THEMATIC_PER_YEAR = {  # weights of 0, 1, 2, 3 thematic sessions a year
    Level.PROVINCE: (15, 35, 35, 15),
    Level.DISTRICT: (55, 35, 10),
    Level.COMMUNE: (75, 22, 3),
}
EXTRAORDINARY_SHARE = 0.06
THEMATIC_TOPICS = [
    "Kỳ họp chuyên đề về đầu tư công",
    "Kỳ họp chuyên đề về quy hoạch, đất đai",
    "Kỳ họp chuyên đề về tổ chức bộ máy, nhân sự",
    "Kỳ họp chuyên đề về ngân sách",
    "Kỳ họp chuyên đề",
]
CONVENE_LEAD_DAYS = 20
DETAILED_SESSIONS = 5000  # the latest held sessions get sittings, an agenda and votes
ITEMS_PER_SESSION = 10
DRAFT_POSITIONS = (3, 4, 5, 6, 7, 8, 9)  # agenda positions of the voted draft resolutions
RESOLUTIONS_PER_SESSION = {  # (fewest, most) resolutions a held session passes
    Level.PROVINCE: {REGULAR: (20, 45), THEMATIC: (5, 15), EXTRAORDINARY: (2, 6)},
    Level.DISTRICT: {REGULAR: (6, 14), THEMATIC: (2, 5), EXTRAORDINARY: (1, 3)},
    Level.COMMUNE: {REGULAR: (1, 4), THEMATIC: (1, 2), EXTRAORDINARY: (1, 2)},
}
NORMATIVE_SHARE = {Level.PROVINCE: 0.3, Level.DISTRICT: 0.1, Level.COMMUNE: 0.05}
LINK_SHARE = 0.12  # of normative resolutions in force: amends or replaces an earlier one
REPLACE_SHARE = 0.4
ANNUAL_END_SHARE = 0.4  # of annual plans: the end of effect is recorded (expired)
TASK_SHARE = 0.1
FLD = Field
FIELD_WEIGHTS_BY_FIELD = {
    FLD.BUDGET: 16, FLD.SOCIO_ECONOMIC: 10, FLD.INVESTMENT: 12, FLD.LAND: 9, FLD.AGRICULTURE: 6,
    FLD.INDUSTRY: 4, FLD.ENVIRONMENT: 4, FLD.EDUCATION: 5, FLD.HEALTH: 3, FLD.CULTURE: 4,
    FLD.SOCIAL: 4, FLD.ETHNIC: 2, FLD.ORGANISATION: 10, FLD.SECURITY: 3, FLD.OVERSIGHT: 6,
    FLD.OTHER: 2,
}  # fmt: skip
FIELD_CHOICES = list(FIELD_WEIGHTS_BY_FIELD)
FIELD_WEIGHTS = list(FIELD_WEIGHTS_BY_FIELD.values())
# Titles (trích yếu) per field, and whether the resolution is an annual plan ending with its year.
# {year}: the year planned (next year at a December session); {prev}: the year before;
# {place}: "xã Hòa Phú 123"; {n}: a small number that varies the text.
RESOLUTION_TITLES: dict[str, list[tuple[str, bool]]] = {
    FLD.BUDGET: [
        (
            "Về dự toán thu ngân sách nhà nước trên địa bàn, thu, chi ngân sách địa phương"
            " năm {year}",
            True,
        ),
        ("Về phân bổ dự toán ngân sách {place} năm {year}", True),
        ("Phê chuẩn quyết toán ngân sách địa phương năm {prev}", False),
        ("Về điều chỉnh dự toán ngân sách địa phương năm {year}", True),
    ],
    FLD.SOCIO_ECONOMIC: [
        ("Về kế hoạch phát triển kinh tế - xã hội năm {year}", True),
        ("Về nhiệm vụ phát triển kinh tế - xã hội 6 tháng cuối năm {year}", True),
        ("Về kế hoạch tài chính 05 năm giai đoạn 2021 - 2025", False),
    ],
    FLD.INVESTMENT: [
        ("Về kế hoạch đầu tư công năm {year}", True),
        ("Về chủ trương đầu tư dự án đường giao thông liên xã số {n}", False),
        ("Điều chỉnh kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025", False),
        ("Về chủ trương đầu tư xây dựng trường học, trạm y tế {place}", False),
    ],
    FLD.LAND: [
        ("Thông qua danh mục công trình, dự án cần thu hồi đất năm {year}", True),
        ("Về chuyển mục đích sử dụng đất trồng lúa để thực hiện dự án số {n}", False),
        ("Về bảng giá đất trên địa bàn {place}", False),
    ],
    FLD.AGRICULTURE: [
        ("Quy định chính sách hỗ trợ phát triển sản xuất nông nghiệp trên địa bàn {place}", False),
        ("Về xây dựng nông thôn mới giai đoạn 2021 - 2025", False),
    ],
    FLD.INDUSTRY: [
        ("Về phát triển cụm công nghiệp, thương mại, dịch vụ trên địa bàn {place}", False),
        ("Về đầu tư nâng cấp đường giao thông nông thôn năm {year}", True),
    ],
    FLD.ENVIRONMENT: [
        ("Quy định giá dịch vụ thu gom, vận chuyển rác thải sinh hoạt", False),
        ("Về nhiệm vụ bảo vệ môi trường, phòng chống thiên tai năm {year}", True),
    ],
    FLD.EDUCATION: [
        ("Quy định mức thu học phí năm học {prev} - {year}", False),
        ("Về chính sách hỗ trợ học sinh, giáo viên vùng khó khăn", False),
    ],
    FLD.HEALTH: [
        ("Quy định giá dịch vụ khám bệnh, chữa bệnh không thuộc phạm vi bảo hiểm y tế", False),
        ("Về chính sách thu hút, đãi ngộ nhân lực y tế", False),
    ],
    FLD.CULTURE: [
        ("Về đặt tên đường, phố và công trình công cộng trên địa bàn {place}", False),
        ("Về phát triển văn hóa, thể thao, du lịch giai đoạn 2021 - 2025", False),
    ],
    FLD.SOCIAL: [
        ("Quy định chính sách hỗ trợ người có công, hộ nghèo, cận nghèo", False),
        ("Về mức hỗ trợ đối tượng bảo trợ xã hội năm {year}", True),
    ],
    FLD.ETHNIC: [("Về chính sách hỗ trợ đồng bào dân tộc thiểu số và miền núi", False)],
    FLD.ORGANISATION: [
        ("Về giao biên chế công chức, số người làm việc năm {year}", True),
        ("Về việc miễn nhiệm, bầu bổ sung Ủy viên Ủy ban nhân dân {place}", False),
        ("Xác nhận kết quả bầu Phó Chủ tịch Hội đồng nhân dân {place}", False),
        ("Về số lượng, chức danh, mức phụ cấp người hoạt động không chuyên trách", False),
    ],
    FLD.SECURITY: [("Về nhiệm vụ quốc phòng, an ninh, trật tự an toàn xã hội năm {year}", True)],
    FLD.OVERSIGHT: [
        ("Về chương trình giám sát năm {year} của Hội đồng nhân dân {place}", True),
        ("Về hoạt động chất vấn tại kỳ họp thứ {n}", False),
        ("Về kết quả giám sát chuyên đề năm {prev}", False),
    ],
    FLD.OTHER: [("Về chương trình xây dựng nghị quyết năm {year}", True)],
}
TASK_DESCRIPTIONS = [
    "Tổ chức triển khai thực hiện nghị quyết; báo cáo kết quả tại kỳ họp thường lệ cuối năm",
    "Ban hành kế hoạch thực hiện và phân công các cơ quan chuyên môn triển khai",
    "Hoàn thành thủ tục đầu tư, giải ngân vốn theo kế hoạch được giao",
    "Rà soát, tổng hợp kết quả thực hiện, đề xuất điều chỉnh (nếu có)",
]


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
    sessions: int = 0
    acts: Acts | None = None


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
        today = timezone.localdate()
        with step("agencies (UBND)") as s:
            agencies = build_agencies(councils=councils, loader=loader)
            s.rows = len(agencies)
        with step("sessions") as s:
            plans = build_sessions(
                councils=councils, terms=terms, rng=rng, today=today, loader=loader
            )
            s.rows = len(plans)
        with step("sittings, agenda, votes") as s:
            s.rows = sum(
                build_agendas(plans=plans, agencies=agencies, rng=rng, today=today, loader=loader)
            )
        with step("resolutions, links, tasks") as s:
            acts = build_resolutions(
                plans=plans, agencies=agencies, rng=rng, today=today, loader=loader
            )
            s.rows = acts.resolutions + acts.links + acts.sequences + acts.tasks
    with step("vacuum analyze"):
        vacuum_analyze()
    seconds = time.perf_counter() - started
    write_stamp({"signature": signature(scale, seed), "seconds": round(seconds, 1)})
    log(f"  generated in {seconds:.1f} s")
    from bench import generate_followups  # it builds on this module

    generate_followups.generate_followups(
        seed=seed, total=generate_followups.total_for(scale), log=log
    )
    return Dataset(
        loader=loader,
        terms=terms,
        units=units,
        councils=councils,
        people=people,
        sessions=len(plans),
        acts=acts,
    )


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


GENERATED_APPS = ("councils", "council_sessions", "resolutions")


def wipe() -> None:
    """Empty every table of the generated apps, their history tables included (those have no
    foreign keys, so CASCADE alone would leave them behind)."""
    tables = [
        m._meta.db_table
        for label in GENERATED_APPS
        for m in apps.get_app_config(label).get_models()
    ]
    # The obligations the tasks opened (the holiday calendar is seed data: kept).
    tables += [
        m._meta.db_table
        for m in apps.get_app_config("followups").get_models()
        if "holiday" not in m._meta.model_name
    ]
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


# --- sessions and resolutions (issue 4) ---------------------------------------------------------


@dataclass
class _Plan:
    """A session before it is written, and what the later steps hang on it."""

    council: Council
    term: str
    number: str
    kind: str
    start: date
    end: date
    title: str
    session: Session | None = None
    # Resolution specs fixed early for sessions with an agenda, so the voted draft items and
    # the resolutions they became carry the same titles.
    specs: list[_Spec] | None = None
    votes: list[tuple[AgendaItem, Vote]] = field(default_factory=list)


@dataclass(frozen=True)
class _Spec:
    kind: str
    field: str
    title: str
    until: date | None  # an annual plan or budget ends with its year


def build_agencies(*, councils: Sequence[Council], loader: User) -> dict[int, Agency]:
    """Each unit's People's Committee (UBND), the usual addressee of implementation tasks."""
    agencies = {}
    for council in councils:
        unit = council.unit
        name = nfc(f"Ủy ban nhân dân {KIND_PREFIX[unit.kind]} {unit.name}")
        agencies[council.pk] = Agency(
            council=council,
            name=name,
            name_key=search_key(name),
            kind=Agency.Kind.PEOPLE_COMMITTEE,
            valid_from=council.valid_from,
            valid_to=council.valid_to,
        )
    _write(Agency, list(agencies.values()), loader)
    return agencies


def build_sessions(
    *,
    councils: Sequence[Council],
    terms: dict[str, Term],
    rng: random.Random,
    today: date,
    loader: User,
) -> list[_Plan]:
    """Every council's sessions from the 2021 election to the end of 2026.

    As session_create and session_transition would leave them: numbered 1, 2, ... within the
    term, starting inside the term and the council's life; past ones closed (records published
    a month on), coming ones planned, convened or with documents sent by their lead times.
    """
    plans: list[_Plan] = []
    for council in sorted(councils, key=lambda c: c.unit.path):
        plans += _session_plans(council, rng)
    sessions = [_session(plan, terms, rng, today) for plan in plans]
    _write(Session, sessions, loader)
    for plan, session in zip(plans, sessions, strict=True):
        plan.session = session
    return plans


def build_agendas(
    *,
    plans: Sequence[_Plan],
    agencies: dict[int, Agency],
    rng: random.Random,
    today: date,
    loader: User,
) -> tuple[int, int, int]:
    """Sittings, 10 agenda items and 7 votes on draft resolutions for the latest held sessions.

    Only sessions whose council has delegates seated in the session's term qualify, so a vote's
    total is the council's delegate count that day; `required` is what required_votes gives
    with the default rules (floor(total / 2) + 1). Returns (sittings, items, votes).
    """
    seats = _seat_counts()
    held = [p for p in plans if p.end < today and (p.council.pk, p.session.term_id) in seats]
    held.sort(key=lambda p: (p.start, p.session.pk), reverse=True)
    chosen = held[:DETAILED_SESSIONS]
    reviewers = _reviewers({(p.council.pk, p.session.term_id) for p in chosen})
    pass_ratio = rules.ratio(rules.RULES[rules.PASS_RATIO].default)
    sittings: list[Sitting] = []
    items: list[AgendaItem] = []
    votes: list[Vote] = []
    for plan in chosen:
        session, council = plan.session, plan.council
        plan.specs = _specs(plan, rng, at_least=len(DRAFT_POSITIONS))
        length = (plan.end - plan.start).days + 1
        own = [
            Sitting(session=session, on=plan.start + timedelta(days=day), part=part)
            for day in range(length)
            for part in (Sitting.Part.MORNING, Sitting.Part.AFTERNOON)
        ]
        sittings += own
        agency = agencies[council.pk]
        bodies = reviewers.get((council.pk, session.term_id)) or [None]
        total = seats[(council.pk, session.term_id)]
        required = math.floor(total * pass_ratio) + 1
        method = (
            Vote.Method.ELECTRONIC
            if council.unit.level == Level.PROVINCE
            else Vote.Method.SHOW_OF_HANDS
        )
        for position in range(1, ITEMS_PER_SESSION + 1):
            sitting = own[(position - 1) * len(own) // ITEMS_PER_SESSION]
            draft = position in DRAFT_POSITIONS
            if position in (1, ITEMS_PER_SESSION):
                kind = AgendaItem.Kind.CEREMONY
                title = "Khai mạc kỳ họp" if position == 1 else "Bế mạc kỳ họp"
            elif draft:
                spec = plan.specs[DRAFT_POSITIONS.index(position)]
                kind, title = AgendaItem.Kind.DRAFT_RESOLUTION, f"Dự thảo Nghị quyết {spec.title}"
            else:
                kind = AgendaItem.Kind.REPORT
                title = "Báo cáo tình hình kinh tế - xã hội, quốc phòng, an ninh"
            item = AgendaItem(
                session=session,
                position=position,
                title=nfc(title)[:500],
                kind=kind,
                presenter=None if kind == AgendaItem.Kind.CEREMONY else agency,
                reviewer=bodies[position % len(bodies)] if draft else None,
                sitting=sitting,
                vote_rule=AgendaItem.VoteRule.MAJORITY,
            )
            items.append(item)
            if not draft:
                continue
            present = total - rng.randint(0, max(1, total // 8))
            against, abstain = rng.randint(0, 2), rng.randint(0, 1)
            votes_for = present - against - abstain
            if votes_for < required:  # a tiny council: everyone present votes for
                against, abstain, votes_for = 0, 0, present
            vote = Vote(
                item=item,
                subject=item.title,
                held_on=sitting.on,
                method=method,
                rule=item.vote_rule,
                total_delegates=total,
                required=required,
                present=present,
                votes_for=votes_for,
                votes_against=against,
                votes_abstain=abstain,
            )
            votes.append(vote)
            plan.votes.append((item, vote))
    _write_plain(Sitting, sittings)
    _write(AgendaItem, items, loader)
    _write(Vote, votes, loader)
    return len(sittings), len(items), len(votes)


@dataclass
class Acts:
    resolutions: int = 0
    links: int = 0
    sequences: int = 0
    tasks: int = 0


def build_resolutions(
    *,
    plans: Sequence[_Plan],
    agencies: dict[int, Agency],
    rng: random.Random,
    today: date,
    loader: User,
) -> Acts:
    """The resolutions of every held session, numbered as resolution_issue numbers them.

    Per council, in order of issue: `sequence` runs from 1 without gaps per year and kind (the
    default `by_kind` series), `number` comes from format_number, `search_text` is the search
    key of number and title, and each NumberSequence holds the last number taken. Normative
    resolutions in force are amended or replaced by later ones of the same council, through
    links, as resolution_link would record it; annual plans and budgets expire with their year.
    About 10 % get an implementation task for the UBND, some of them overdue.
    """
    by_council: dict[int, list[_Plan]] = {}
    for plan in plans:
        by_council.setdefault(plan.council.pk, []).append(plan)
    acts = Acts()
    ids = list(by_council)
    for start in range(0, len(ids), COUNCIL_CHUNK):
        resolutions: list[Resolution] = []
        links: list[ResolutionLink] = []
        sequences: list[NumberSequence] = []
        tasks: list[ImplementationTask] = []
        for council_id in ids[start : start + COUNCIL_CHUNK]:
            own, own_links, own_sequences = _council_resolutions(by_council[council_id], rng, today)
            resolutions += own
            links += own_links
            sequences += own_sequences
            agency = agencies[council_id]
            tasks += [_task(r, agency, rng, today) for r in own if rng.random() < TASK_SHARE]
        _write(Resolution, resolutions, loader)
        _write_plain(ResolutionLink, links)
        _write_plain(NumberSequence, sequences)
        _write_tasks(tasks, loader)
        acts.resolutions += len(resolutions)
        acts.links += len(links)
        acts.sequences += len(sequences)
        acts.tasks += len(tasks)
    return acts


def _session_plans(council: Council, rng: random.Random) -> list[_Plan]:
    """Two regular sessions a year (mid-year and year-end), some thematic and extraordinary
    ones, and the first session of each term and of each council born in the 2025 reform."""
    unit = council.unit
    level = unit.level
    lo = max(council.valid_from, SESSIONS_FROM)
    hi = min(council.valid_to or SESSIONS_TO, SESSIONS_TO)
    regular_days = REGULAR_DAYS[level]
    first_days = 2 if level == Level.PROVINCE else 1
    raw: list[tuple[date, str, str, int]] = []  # start, kind, title, days
    for year in range(lo.year, hi.year + 1):
        busy = {7, 12}
        if year == SESSIONS_FROM.year:
            start = date(year, 6, rng.randint(14, 28))
            raw.append((start, REGULAR, f"Kỳ họp thứ nhất, nhiệm kỳ {OLD_TERM}", first_days))
        elif year == REFORM.year and council.valid_from == REFORM:
            start = date(year, 7, rng.randint(1, 10))
            title = "Kỳ họp thứ nhất sau sắp xếp đơn vị hành chính"
            raw.append((start, REGULAR, title, first_days))
        else:
            if year == TERMS[NEW_TERM][0].year:
                start = NEW_TERM_FIRST + timedelta(days=rng.randint(0, 18))
                raw.append((start, REGULAR, f"Kỳ họp thứ nhất, nhiệm kỳ {NEW_TERM}", first_days))
                busy |= {3, 4}
            mid = date(year, 7, rng.randint(6, 24))
            if council.valid_to and mid > council.valid_to:  # the last one before a merger
                mid = date(year, 6, rng.randint(9, 24))
                busy.add(6)
            raw.append((mid, REGULAR, f"Kỳ họp thường lệ giữa năm {year}", regular_days))
        end_of_year = date(year, 12, rng.randint(4, 20))
        raw.append((end_of_year, REGULAR, f"Kỳ họp thường lệ cuối năm {year}", regular_days))
        months = [
            m
            for m in THEMATIC_MONTHS
            if m not in busy
            and not (year == SESSIONS_FROM.year and m < 8)
            and not (year == TERMS[NEW_TERM][0].year and m < 5)
        ]
        weights = THEMATIC_PER_YEAR[level]
        count = min(len(months), rng.choices(range(len(weights)), weights=weights)[0])
        extra = count < len(months) and rng.random() < EXTRAORDINARY_SHARE
        picked = rng.sample(months, count + extra)
        for month in picked[:count]:
            topic = rng.choice(THEMATIC_TOPICS)
            raw.append((date(year, month, rng.randint(1, 25)), THEMATIC, topic, 1))
        if extra:
            start = date(year, picked[-1], rng.randint(1, 25))
            raw.append((start, EXTRAORDINARY, "Kỳ họp bất thường", 1))
    raw = [r for r in raw if lo <= r[0] and r[0] + timedelta(days=r[3] - 1) <= hi]
    raw.sort()
    numbers = dict.fromkeys(TERMS, 0)
    plans = []
    for start, kind, title, days in raw:
        term = OLD_TERM if start <= TERMS[OLD_TERM][1] else NEW_TERM
        numbers[term] += 1
        end = start + timedelta(days=days - 1)
        plans.append(_Plan(council, term, str(numbers[term]), kind, start, end, title))
    return plans


def _session(plan: _Plan, terms: dict[str, Term], rng: random.Random, today: date) -> Session:
    """The session's status and dates on `today`, as the workflow would have left them."""
    unit = plan.council.unit
    status = Session.Status
    convened_on = plan.start - timedelta(days=CONVENE_LEAD_DAYS)
    sent_on = plan.start - timedelta(days=rng.randint(7, 12))
    actual_start = actual_end = None
    if plan.end < today:
        stale = plan.end < today - timedelta(days=30)
        state = status.RECORDS_PUBLISHED if stale else status.CLOSED
        actual_start, actual_end = plan.start, plan.end
    elif plan.start <= today:
        state, actual_start = status.IN_SESSION, plan.start
    elif sent_on <= today:
        state = status.DOCUMENTS_SENT
    elif convened_on <= today:
        state = status.CONVENED
    else:
        state = status.PLANNED
    convened = state != status.PLANNED
    return Session(
        council=plan.council,
        term=terms[plan.term],
        number=plan.number,
        kind=plan.kind,
        title=nfc(plan.title),
        planned_start=plan.start,
        planned_end=plan.end,
        actual_start=actual_start,
        actual_end=actual_end,
        place=nfc(f"Hội trường HĐND - UBND {KIND_PREFIX[unit.kind]} {unit.name}"),
        status=state,
        convening_number=f"{rng.randint(1, 150):02d}/QĐ-HĐND" if convened else "",
        convening_date=convened_on if convened else None,
        documents_sent_on=sent_on if convened and state != status.CONVENED else None,
    )


def _specs(plan: _Plan, rng: random.Random, *, at_least: int = 0) -> list[_Spec]:
    """What a session passes: how many by level and kind of session, in which fields."""
    level = plan.council.unit.level
    low, high = RESOLUTIONS_PER_SESSION[level][plan.kind]
    year = plan.end.year
    ahead = year + 1 if plan.end.month == 12 else year  # December sessions plan next year
    place = f"{KIND_PREFIX[plan.council.unit.kind]} {plan.council.unit.name}"
    specs = []
    for _ in range(max(rng.randint(low, high), at_least)):
        field_ = rng.choices(FIELD_CHOICES, weights=FIELD_WEIGHTS)[0]
        template, annual = rng.choice(RESOLUTION_TITLES[field_])
        title = template.format(year=ahead, prev=ahead - 1, place=place, n=rng.randint(1, 99))
        normative = rng.random() < NORMATIVE_SHARE[level]
        kind = Resolution.Kind.NORMATIVE if normative else Resolution.Kind.INDIVIDUAL
        until = date(ahead, 12, 31) if annual and rng.random() < ANNUAL_END_SHARE else None
        specs.append(_Spec(kind, field_, nfc(title), until))
    return specs


def _council_resolutions(
    plans: Sequence[_Plan], rng: random.Random, today: date
) -> tuple[list[Resolution], list[ResolutionLink], list[NumberSequence]]:
    council = plans[0].council
    signer = _person(rng)
    drafts: list[tuple[date, int, Resolution, bool]] = []  # issued_on, order, row, fixed title
    for plan in plans:
        if plan.end >= today:
            continue
        fixed = plan.specs is not None
        specs = plan.specs if fixed else _specs(plan, rng)
        last_day = min(today, council.valid_to or today)
        for i, spec in enumerate(specs):
            late = 0 if rng.random() < 0.6 else rng.randint(1, 10)
            issued = min(plan.end + timedelta(days=late), last_day)
            normative = spec.kind == Resolution.Kind.NORMATIVE
            effective = issued + timedelta(days=rng.randint(10, 20)) if normative else issued
            until = spec.until if spec.until and spec.until >= effective else None
            if effective > today:
                status = Resolution.Status.SIGNED
            elif until and until < today:
                status = Resolution.Status.EXPIRED
            else:
                status = Resolution.Status.IN_FORCE
            item, vote = plan.votes[i] if i < len(plan.votes) else (None, None)
            row = Resolution(
                council=council,
                kind=spec.kind,
                year=issued.year,
                title=spec.title,
                field=spec.field,
                session=plan.session,
                item=item,
                vote=vote,
                status=status,
                adopted_on=plan.end,
                issued_on=issued,
                effective_on=effective,
                effective_to=until,
                signer=signer,
            )
            drafts.append((issued, len(drafts), row, fixed and i < len(plan.votes)))
    drafts.sort(key=lambda d: (d[0], d[1]))
    last: dict[tuple[int, str], int] = {}
    for _issued, _order, row, _fixed in drafts:
        key = (row.year, row.kind)
        last[key] = row.sequence = last.get(key, 0) + 1
        row.number = format_number(sequence=row.sequence, year=row.year, kind=row.kind)
    links = _links(drafts, rng)
    for _issued, _order, row, _fixed in drafts:
        row.search_text = search_key(f"{row.number} {row.title}")
    sequences = [
        NumberSequence(council=council, year=year, series=kind, last=n)
        for (year, kind), n in sorted(last.items())
    ]
    return [d[2] for d in drafts], links, sequences


def _links(
    drafts: Sequence[tuple[date, int, Resolution, bool]], rng: random.Random
) -> list[ResolutionLink]:
    """Later normative resolutions in force amend or replace earlier ones (status follows)."""
    links = []
    earlier: list[Resolution] = []
    live = (Resolution.Status.IN_FORCE, Resolution.Status.AMENDED)
    for _issued, _order, row, fixed in drafts:
        if row.kind != Resolution.Kind.NORMATIVE or row.effective_to is not None:
            continue
        targets = [r for r in earlier if r.status in live and r.effective_on < row.effective_on]
        if row.status == Resolution.Status.IN_FORCE and targets and rng.random() < LINK_SHARE:
            target = rng.choice(targets)
            replaces = rng.random() < REPLACE_SHARE
            kind = ResolutionLink.Kind.REPLACES if replaces else ResolutionLink.Kind.AMENDS
            if replaces:
                target.status = Resolution.Status.REPLACED
                target.effective_to = row.effective_on
            else:
                target.status = Resolution.Status.AMENDED
            if not fixed:
                verb = "Thay thế" if replaces else "Sửa đổi, bổ sung một số điều của"
                row.title = nfc(f"{verb} Nghị quyết số {target.number} {target.title}")[:1000]
            links.append(
                ResolutionLink(source=row, target=target, kind=kind, effective_on=row.effective_on)
            )
        earlier.append(row)
    return links


def _task(resolution: Resolution, agency: Agency, rng: random.Random, today: date) -> _Task:
    """As task_create sets it up (an obligation, and a report request when reports are owed),
    then task_report / task_close moved it on by `today`."""
    issued = resolution.issued_on
    due = issued + timedelta(days=rng.randint(60, 540))
    every = rng.choice((None, 3, 6))
    outcome, ended = "", None
    if due < today:
        roll = rng.random()
        if roll < 0.7:
            outcome = Obligation.Outcome.DONE
            ended = max(issued, min(today, due - timedelta(days=rng.randint(0, 45))))
        elif roll < 0.78:
            outcome, ended = Obligation.Outcome.NOT_DONE, due
    description = rng.choice(TASK_DESCRIPTIONS)
    title = task_title(description)

    def owed(kind: str, title: str, start: date, due_on: date, **fields) -> Obligation:
        return Obligation(
            council=resolution.council,
            kind=kind,
            owed_by=agency,
            title=title,
            search_text=search_key(title)[:800],
            start_on=start,
            fixed_due_on=due_on,
            due_on=due_on,
            **fields,
        )

    obligation = owed(
        Obligation.Kind.IMPLEMENTATION_TASK, title, issued, due, outcome=outcome, ended_on=ended
    )
    request = None
    if every and not outcome:
        next_due = max(
            issued + timedelta(days=30 * every), today + timedelta(days=rng.randint(-60, 150))
        )
        start = max(issued, next_due - timedelta(days=30 * every))
        request = owed(Obligation.Kind.REPORT_REQUEST, f"Báo cáo định kỳ: {title}", start, next_due)
    task = ImplementationTask(
        resolution=resolution, agency=agency, description=description, report_every_months=every
    )
    return _Task(task, obligation, request)


@dataclass
class _Task:
    task: ImplementationTask
    obligation: Obligation
    request: Obligation | None


def _write_tasks(rows: list[_Task], loader: User) -> None:
    """Obligations first (the task points to them), then the tasks, then the obligations'
    pointer back to their task, then the creation history of both, as the services leave it."""
    if not rows:
        return
    obligations = [r.obligation for r in rows] + [r.request for r in rows if r.request]
    Obligation.objects.bulk_create(obligations, batch_size=BATCH_SIZE)
    for r in rows:
        r.task.obligation, r.task.report_obligation = r.obligation, r.request
    tasks = [r.task for r in rows]
    ImplementationTask.objects.bulk_create(tasks, batch_size=BATCH_SIZE)
    kind = ContentType.objects.get_for_model(ImplementationTask)
    pks = [t.pk for t in tasks]
    with connection.cursor() as cursor:
        for column in ("obligation_id", "report_obligation_id"):
            # The column name is one of the two above; the values are parameters.
            sql = (
                "UPDATE followups_obligation o SET source_type_id = %s, source_id = t.id"  # noqa: S608
                f" FROM resolutions_implementationtask t WHERE o.id = t.{column}"
                " AND t.id BETWEEN %s AND %s"
            )
            cursor.execute(sql, [kind.pk, min(pks), max(pks)])
    _history(ImplementationTask, tasks, loader)
    _history_of(Obligation, [o.pk for o in obligations], loader)


def _seat_counts() -> dict[tuple[int, int], int]:
    """Delegates seated per (council, term): the denominator of the council's votes."""
    rows = (
        CouncilMembership.objects.order_by()
        .values("council_id", "term_id")
        .annotate(n=Count("delegate_id", distinct=True))
        .values_list("council_id", "term_id", "n")
    )
    return {(council, term): n for council, term, n in rows}


def _reviewers(keys: set[tuple[int, int]]) -> dict[tuple[int, int], list[Body]]:
    """The committees (Ban) of each (council, term), which review draft resolutions."""
    found: dict[tuple[int, int], list[Body]] = {}
    committees = Body.objects.filter(
        kind=Body.Kind.COMMITTEE, council_id__in={council for council, _term in keys}
    ).order_by("council_id", "position", "id")
    for body in committees:
        key = (body.council_id, body.term_id)
        if key in keys:
            found.setdefault(key, []).append(body)
    return found


def _person(rng: random.Random) -> str:
    family = rng.choices(list(FAMILY), weights=list(FAMILY.values()))[0]
    return nfc(f"{family} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}")


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
    _history(model, objs, loader)


HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def _history(model: type[Model], objs: list, loader: User) -> None:
    """The "+" records `bulk_history_create(default_user=loader)` would write, copied from the
    new rows inside the database: the same columns, one date, an empty change reason.

    Building a second model instance per row in Python cost as much as the insert itself. The
    rows just written hold every id between the lowest and the highest of `objs` (one writer, in
    one transaction), which the row count check below confirms.
    """
    _history_of(model, [obj.pk for obj in objs], loader)


def _history_of(model: type[Model], pks: list[int], loader: User) -> None:
    """`_history` for rows known by their ids (all the ids between the lowest and the highest:
    rows written in one run, in one transaction)."""
    history = model.history.model
    quote = connection.ops.quote_name
    # Only the tracked model's own columns (a history table may keep retired ones).
    own = {f.column for f in model._meta.concrete_fields}
    columns = ", ".join(
        quote(f.column)
        for f in history._meta.concrete_fields
        if f.name not in HISTORY_FIELDS and f.column in own
    )
    pk = quote(model._meta.pk.column)
    source, target = quote(model._meta.db_table), quote(history._meta.db_table)
    # Names come from the models' metadata, quoted; the values are parameters.
    sql = (
        f"INSERT INTO {target} ({columns}, history_date, history_type, history_user_id,"  # noqa: S608
        f" history_change_reason) SELECT {columns}, %s, '+', %s, '' FROM {source}"
        f" WHERE {pk} BETWEEN %s AND %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), loader.pk, min(pks), max(pks)])
        if cursor.rowcount != len(pks):
            raise RuntimeError(f"{model.__name__}: {cursor.rowcount} history rows for {len(pks)}")


def _write_plain(model: type[Model], objs: list) -> None:
    """Insert in batches, for the models that keep no history."""
    model.objects.bulk_create(objs, batch_size=BATCH_SIZE)


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
    parser.add_argument(
        "--followups-only",
        action="store_true",
        help="(re)build only the follow-up data (questions, commitments, obligations)",
    )
    args = parser.parse_args(argv)
    call_command("migrate", interactive=False, verbosity=0)
    scale = Scale().scaled(args.scale)
    if args.followups_only:
        from bench import generate_followups

        generate_followups.generate_followups(
            seed=args.seed, total=generate_followups.total_for(scale)
        )
        return
    generate(scale=scale, seed=args.seed)


if __name__ == "__main__":
    _main()

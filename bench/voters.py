"""Voters' work at national scale (issue 13): the lists, search, statistics, duplicate suggestion
and import over five million petition items and letters, for the nation, a province and a commune.

    .venv/bin/python bench/voters.py [--quick] [--regenerate] [--only WORD] [--no-import]

It uses its own PostgreSQL database (BENCH_VOTERS_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/hdnd_bench_voters), created and migrated when missing and
reused when its stamp says it holds this dataset. The councils tree is bench/generate.py's (34
provinces and ~3,300 communes today, the 63 old provinces, ~700 districts and ~10,000 communes
before 1/7/2025, one council and one UBND per unit) plus ten departments per province; the voters'
rows are written by bulk SQL (INSERT ... SELECT over generate_series, secondary indexes dropped
and rebuilt after, then ANALYZE), not the ORM, so five million rows take minutes:
100,000 meetings, 1.5 million opinions (petitions) with 4 million items, 1 million letters and
300,000 receptions over 2023-2026, on today's councils (85% communes); 90,000 texts with
diacritics from ~60 requests (12 fields) and ~20 letter grounds, with openings, endings and
the communes' names; `search_text` = core.text.search_key of the content; states spread over
the workflows, and an obligation (followups) for every item or letter transferred since
1/7/2025, as the services would open it. No history rows are written.

Pages are requested through Django's test client as bench/run.py does (DEBUG off, full
middleware, its trivial login-required view as the floor) by a superuser (the nation), the
secretariat of a province and the office of one of its communes; the import is
bench/voters_import.py on 100,000 rows in a process of its own (its peak memory is its own).
Targets of issue 13: list and search p95 ≤ 300 ms, statistics ≤ 500 ms, duplicate suggestion
≤ 150 ms, ≤ 12 queries a page; import ≥ 2,000 rows/s and ≤ 300 MB for 100,000 rows.
`--quick`: 5 timed requests a page instead of 20.

Measured on 3/12/2026, 2 shared cores, PostgreSQL 15, `--quick` (5 timed requests; quiet
machine for items/letters, busy for the rest): p95 ms (queries), nation / province / commune.

    items list            40 (7)      96 (9)     63 (9)    page 50: 46 / 89 / 61
    items field, status   91, 101     80, 80     67, 97    agency 52 / 64 / 71
    items state=overdue  530 (7) FAIL 514 FAIL   55        council 60 (12) / 172 (14) / 137 (14)
    items q=nang cap duong  1513 FAIL  2904 FAIL  57       q=khuoi nam 114 / 190-430 / 105
    letters list           47         217        53        overdue 326 FAIL / 200 / 45
    letters category, q    52, 37     78, 42     50, 25    receptions list 57 / 49 / 97
    receptions q, meetings 112, 45    131, 56    174, 61
    statistics 2025 field 3836 FAIL   385        68        by agency 7466 FAIL / 433 / 62
    (3/12, from the summary voters.statistics keeps: nation 1179 (9) FAIL, province 146 (11),
    commune 57; by agency 2798 FAIL / 252 (12) / 64; before it on the same copy: 5512, 691, 69;
    10701 / 449 / 101. Left at the nation: the letters' live count, 650 ms, and rendering the
    3,700 agencies' rows; petition_statistics itself takes 114 ms by field, 515 ms by agency)
    duplicate suggestion  139 (11)   132 (13)    50 (11)
    import 100,000 rows: preview 5,610 rows/s, import 3,225 rows/s, peak RSS 162 MB: OK
    (before: 1,833 rows/s at 100,000 rows; 487 rows/s at 20,000 rows with the multi-row INSERTs)

Left over the targets: the national statistics page (its letters, counted live, and the
agency table's 3,700 rows), "overdue" over the nation and a
province (the newest 100,000 items are not due yet: the walk probes that many obligations), a
common-word search over the nation and a province (PostgreSQL estimates 1,600 matches for
247,000 and reads them all through the trigram bitmap), and 13-14 queries for the council filter
and the province's suggestion (the lineage is read twice; a savepoint's statements count).

Then (3/12/2026, branch vlists, same data, `--quick`, a busy shared machine: figures vary by
1.5-2x between runs), p95 ms (queries), nation / province / commune, before → after:

    items state=overdue     788 → 291 (7)   1087 → 769 (9) FAIL   67 → 96 (9)
    letters state=overdue   467 → 357 (7) FAIL  133 → 254 (9)    58 → 91 (9)
    items q=nang cap duong  2024 → 162 (10)  3257 → 656 median, 2429 p95 (13) FAIL  62 → 108
    items q=khuoi nam       149 → 181 (8)    150 → 196 (10)      29 → 69 (8)
    items council subtree   82 → 104 (11)    244 (13) → 156 (11)  120 (13) → 163 (11)
    duplicate suggestion    226 → 165 (11)   112 (13) → 175 (11)  84 (11) → 66 (9)

A common word is told from a rare one by the share of the 5,000 newest rows holding it (one
bounded query, voters.selectors.search_is_common); a common word's list walks its date index
with no bitmap (core.paging.paginate `walk_ms`, core.db.time_budget `walk`) and counts up to
1,000; a rare word's keeps the trigram index. "Overdue" probes a small partial index of the open
obligations (obligation_open_id) instead of their rows. A council filter reuses the successions
the reader's scope read (councils.scoping). Still over: a province's "overdue" and common-word
search, where the scope's `council_id IN (subquery)` is checked row by row as a nested-loop
semi-join (178,000 rows walked, 1 million buffer hits): with a literal list of the scope's 173
council ids instead (a hashed `= ANY`) the province's "overdue" ids query took 31-58 ms instead
of 535 ms by hand; but tried in the items list (filtered by state, one more query), the
commune's "overdue" went from 96 to 1,000 ms (another plan for a one-id list) and the province's
letters from 200 to 1,300 ms (their count, read from the obligations, checks each one's council):
it wants a plan chosen per scope size, not done here. Also over: the nation's letters
"overdue"; the suggestion (nation, province: 165-175 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["BENCH_DATABASE_URL"] = os.environ.get(
        "BENCH_VOTERS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hdnd_bench_voters"
    )
    from bench.django_env import setup

    setup()

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone, translation

from bench import generate
from bench.django_env import ensure_database
from bench.run import BASELINE_URL, Case, Result, _bench_user, _client, _url, measure
from core.text import nfc, search_key
from councils.models import AdministrativeUnit, Agency, Council, Level, Role
from followups.models import Obligation
from resolutions.models import Field
from voters.models import ContactMeeting, Letter, Petition, PetitionItem, Reception

STAMP_KEY = "voters"
DATASET_VERSION = 1
LIST_MS = 300.0
STATS_MS = 500.0
SUGGEST_MS = 150.0
QUERY_BUDGET = 12
IMPORT_ROWS = 100_000
IMPORT_ROWS_PER_S = 2_000
IMPORT_MB = 300
YEAR = 2025  # the statistics' year: a full one
RARE = "cầu treo bản Khuổi Nặm"  # in one item in 25,000 (and one letter in 25,000)
COMMON_QUERY = "nang cap duong"
RARE_QUERY = "khuoi nam"
SUGGEST_TEXT = "Cử tri đề nghị sửa chữa, nâng cấp tuyến đường liên xã đã xuống cấp nghiêm trọng"


@dataclass(frozen=True)
class Sizes:
    meetings: int = 100_000
    petitions: int = 1_500_000
    items: int = 4_000_000
    letters: int = 1_000_000
    receptions: int = 300_000

    def scaled(self, factor: float) -> Sizes:
        return Sizes(*(max(1000, round(n * factor)) for n in self.__dict__.values()))


def signature(sizes: Sizes, seed: int) -> str:
    return f"hdnd-bench-voters v{DATASET_VERSION} seed={seed} {sizes}"


# --- texts ----------------------------------------------------------------------------------------

# (field, what voters ask): the item texts are "Cử tri <place> <ask> <object>" and variants.
ASKS: dict[str, list[str]] = {
    Field.INDUSTRY: [
        "đề nghị sửa chữa, nâng cấp tuyến đường liên xã đã xuống cấp nghiêm trọng",
        "đề nghị sớm đầu tư xây dựng cầu dân sinh qua suối",
        "phản ánh xe tải trọng lớn lưu thông làm hư hỏng đường giao thông nông thôn",
        "đề nghị lắp đặt đèn chiếu sáng và biển báo giao thông tại ngã ba",
        "đề nghị nâng cấp đường điện, khắc phục tình trạng mất điện thường xuyên",
        "kiến nghị kiểm tra chất lượng công trình đường bê tông mới thi công",
        "đề nghị mở rộng mặt đường, xây dựng rãnh thoát nước hai bên đường",
        "phản ánh giá điện sinh hoạt tăng cao, đề nghị xem xét điều chỉnh",
    ],
    Field.LAND: [
        "đề nghị đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất",
        "kiến nghị xem xét lại giá bồi thường, hỗ trợ khi thu hồi đất làm dự án",
        "đề nghị sớm bố trí đất tái định cư cho các hộ dân bị ảnh hưởng",
        "phản ánh tình trạng lấn chiếm đất công, xây dựng trái phép chưa được xử lý",
        "đề nghị công khai quy hoạch sử dụng đất, quy hoạch chi tiết khu dân cư",
        "kiến nghị giải quyết dứt điểm tranh chấp đất đai kéo dài nhiều năm",
    ],
    Field.EDUCATION: [
        "đề nghị đầu tư xây dựng thêm phòng học, nhà vệ sinh cho trường tiểu học",
        "phản ánh tình trạng thiếu giáo viên, đề nghị bổ sung biên chế",
        "kiến nghị giảm các khoản thu ngoài học phí đầu năm học",
        "đề nghị sửa chữa trường mầm non bị dột nát, xuống cấp",
        "đề nghị hỗ trợ bữa ăn trưa cho học sinh bán trú vùng khó khăn",
    ],
    Field.HEALTH: [
        "đề nghị bổ sung thuốc bảo hiểm y tế tại trạm y tế xã",
        "phản ánh thái độ phục vụ của nhân viên bệnh viện, đề nghị chấn chỉnh",
        "đề nghị đầu tư trang thiết bị khám chữa bệnh cho trung tâm y tế",
        "kiến nghị tăng mức hỗ trợ đóng bảo hiểm y tế cho hộ cận nghèo",
        "đề nghị tăng cường phòng chống dịch sốt xuất huyết trong mùa mưa",
    ],
    Field.ENVIRONMENT: [
        "phản ánh cơ sở chăn nuôi gây ô nhiễm môi trường, mùi hôi ảnh hưởng đời sống",
        "đề nghị xử lý tình trạng khai thác cát trái phép gây sạt lở bờ sông",
        "kiến nghị bố trí điểm tập kết và thu gom rác thải sinh hoạt",
        "phản ánh nhà máy xả nước thải chưa qua xử lý ra kênh mương",
        "đề nghị nạo vét kênh mương, chống ngập úng khu dân cư",
    ],
    Field.AGRICULTURE: [
        "đề nghị hỗ trợ giống cây trồng, vật nuôi sau thiên tai",
        "kiến nghị đầu tư kiên cố hóa kênh mương nội đồng phục vụ tưới tiêu",
        "đề nghị có giải pháp tiêu thụ nông sản cho bà con khi được mùa mất giá",
        "phản ánh tình trạng phân bón, thuốc bảo vệ thực vật kém chất lượng",
    ],
    Field.SOCIAL: [
        "đề nghị xem xét giải quyết chế độ chính sách cho người có công",
        "kiến nghị nâng mức trợ cấp xã hội hàng tháng cho người cao tuổi",
        "đề nghị hỗ trợ nhà ở cho hộ nghèo, gia đình chính sách",
        "phản ánh việc bình xét hộ nghèo chưa công khai, minh bạch",
        "đề nghị giải quyết chế độ cho cán bộ không chuyên trách dôi dư sau sắp xếp",
    ],
    Field.SECURITY: [
        "đề nghị tăng cường tuần tra, xử lý tình trạng trộm cắp tài sản",
        "phản ánh tệ nạn cờ bạc, ma túy tại khu dân cư, đề nghị kiên quyết xử lý",
        "đề nghị xử lý nghiêm tình trạng đua xe trái phép vào ban đêm",
    ],
    Field.CULTURE: [
        "đề nghị đầu tư xây dựng nhà văn hóa, sân thể thao thôn",
        "kiến nghị bảo tồn, tu bổ di tích lịch sử đang xuống cấp",
        "đề nghị quản lý chặt hoạt động karaoke gây ồn ào sau 22 giờ",
    ],
    Field.ORGANISATION: [
        "đề nghị sớm ổn định tổ chức bộ máy sau sắp xếp đơn vị hành chính",
        "kiến nghị giải quyết thủ tục hành chính nhanh hơn tại trung tâm phục vụ hành chính công",
        "đề nghị hướng dẫn chuyển đổi giấy tờ cá nhân sau khi đổi tên đơn vị hành chính",
    ],
    Field.BUDGET: [
        "đề nghị công khai việc sử dụng các khoản đóng góp của nhân dân",
        "kiến nghị bố trí vốn đối ứng cho chương trình xây dựng nông thôn mới",
    ],
    Field.INVESTMENT: [
        "đề nghị đẩy nhanh tiến độ dự án đầu tư công chậm triển khai nhiều năm",
        "phản ánh dự án treo ảnh hưởng quyền lợi của người dân trong vùng quy hoạch",
    ],
}
OPENINGS = ["Cử tri {place}", "Cử tri thôn {hamlet}, {place}", "Nhiều cử tri {place}"]
CLOSINGS = ["", ".", "; đề nghị trả lời cụ thể thời gian thực hiện.", " để người dân yên tâm."]

LETTER_ASKS: dict[str, list[str]] = {
    "complaint": [
        "khiếu nại quyết định thu hồi đất và phương án bồi thường của Ủy ban nhân dân",
        "khiếu nại việc không được cấp giấy chứng nhận quyền sử dụng đất",
        "khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực xây dựng",
        "khiếu nại việc cắt chế độ trợ cấp xã hội hàng tháng",
    ],
    "denunciation": [
        "tố cáo cán bộ địa chính có hành vi nhũng nhiễu khi giải quyết hồ sơ đất đai",
        "tố cáo sai phạm trong quản lý, sử dụng kinh phí xây dựng công trình công cộng",
        "tố cáo việc lập khống danh sách hộ nghèo để nhận hỗ trợ",
    ],
    "petition": [
        "kiến nghị xem xét lại kết quả giải quyết tranh chấp đất đai với hộ liền kề",
        "kiến nghị giải quyết dứt điểm việc chậm chi trả tiền bồi thường giải phóng mặt bằng",
        "kiến nghị cấp có thẩm quyền xem xét chế độ chính sách người có công",
    ],
    "feedback": [
        "phản ánh doanh nghiệp gây ô nhiễm môi trường kéo dài chưa được xử lý",
        "phản ánh việc xây dựng công trình không phép lấn chiếm hành lang giao thông",
        "phản ánh tình trạng khai thác khoáng sản trái phép gây hư hỏng đường",
    ],
}
SENDERS = ["Ông", "Bà"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phúc"]


def _names(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}" for _ in range(n)]


def item_texts(rng: random.Random, places: Sequence[str], n: int) -> list[tuple[str, str, str]]:
    """(field, content, search key) of `n` petition-item texts."""
    pool = [(f, ask) for f, asks in ASKS.items() for ask in asks]
    found = []
    for _ in range(n):
        field, ask = rng.choice(pool)
        opening = rng.choice(OPENINGS).format(place=rng.choice(places), hamlet=rng.randint(1, 30))
        text = nfc(f"{opening} {ask} {rng.choice(['', 'tại ' + rng.choice(places)])}".strip())
        text = f"{text}{rng.choice(CLOSINGS)}"
        found.append((str(field), text, search_key(text)))
    return found


def letter_texts(rng: random.Random, places: Sequence[str], n: int) -> list[tuple[str, str, str]]:
    """(category, content, search key) of `n` letter and reception texts."""
    pool = [(c, ask) for c, asks in LETTER_ASKS.items() for ask in asks]
    found = []
    for _ in range(n):
        category, ask = rng.choice(pool)
        text = nfc(f"{rng.choice(SENDERS)} {_names(rng, 1)[0]} ở {rng.choice(places)} {ask}")
        found.append((category, text, search_key(text)))
    return found


# --- generation -----------------------------------------------------------------------------------

VOTERS_TABLES = [
    Reception,
    Letter,
    PetitionItem,
    Petition,
    ContactMeeting,
]


def prepare_data(*, sizes: Sizes, seed: int, force: bool) -> str:
    expected = signature(sizes, seed)
    own = (generate.read_stamp() or {}).get(STAMP_KEY) or {}
    if not force and own.get("signature") == expected:
        return f"reused ({expected}; generated in {own['seconds']:.0f} s)"
    print(f"Generating {expected} ...", flush=True)
    started = time.perf_counter()
    generate_all(sizes=sizes, seed=seed)
    seconds = time.perf_counter() - started
    generate.write_stamp({STAMP_KEY: {"signature": expected, "seconds": round(seconds, 1)}})
    return f"generated now in {seconds:.0f} s ({expected})"


def generate_all(*, sizes: Sizes, seed: int, log=print) -> None:
    generate._require_bench_database()
    rng = random.Random(seed)
    generate.write_stamp(None)
    step = generate._Steps(log)
    with transaction.atomic(), translation.override("vi"):
        with step("wipe"):
            _wipe()
        loader = generate.loader_user()
        with step("terms, units, councils, successions, UBND") as s:
            terms = generate.build_terms(loader=loader)
            units = generate.build_units(rng=rng, scale=generate.Scale(), loader=loader)
            councils = generate.build_councils(units=units.all, loader=loader)
            s.rows = len(terms) + len(units.all) + len(councils)
            s.rows += generate.build_successions(units=units, loader=loader)
            s.rows += len(generate.build_agencies(councils=councils, loader=loader))
        with step("departments") as s:
            s.rows = _departments(loader)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        # No foreign-key triggers: the rows are valid by construction, and a deferred check
        # would also forbid rebuilding the indexes in this transaction.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        dropped = _drop_indexes(cursor)
        with step("texts") as s:
            s.rows = _texts(cursor, rng)
        with step("meetings, opinions") as s:
            s.rows = _meetings(cursor, sizes) + _petitions(cursor, sizes, rng)
        with step("petition items") as s:
            s.rows = _items(cursor, sizes)
        with step("letters, receptions") as s:
            s.rows = _letters(cursor, sizes, offset=sizes.items) + _receptions(cursor, sizes)
        with step("obligations") as s:
            s.rows = _obligations(cursor)
        with step("indexes") as s:
            for sql in dropped:
                cursor.execute(sql)
            s.rows = len(dropped)
        with step("statistics summary") as s:
            # Written by COPY, not by the services: the summary is counted once at the end.
            from voters import statistics
            from voters.models import PetitionStat

            statistics.rebuild()
            s.rows = PetitionStat.objects.count()
        for model in (*VOTERS_TABLES, Obligation):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
    with step("vacuum analyze"):
        generate.vacuum_analyze()


def _wipe() -> None:
    generate.wipe()
    tables = [m._meta.db_table for m in ContactMeeting._meta.app_config.get_models()]
    tables.append(Obligation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def _departments(loader) -> int:
    """Ten departments (Sở) per province today, the other usual addressees of petitions."""
    names = ["Sở Giao thông vận tải", "Sở Nông nghiệp và Môi trường", "Sở Y tế",
             "Sở Giáo dục và Đào tạo", "Sở Xây dựng", "Sở Tài chính", "Sở Công Thương",
             "Sở Nội vụ", "Công an tỉnh", "Sở Văn hóa, Thể thao và Du lịch"]  # fmt: skip
    rows = []
    for council in Council.objects.filter(unit__level=Level.PROVINCE, valid_to__isnull=True):
        for name in names:
            rows.append(
                Agency(
                    council=council,
                    name=name,
                    name_key=search_key(name),
                    kind=Agency.Kind.DEPARTMENT,
                    valid_from=council.valid_from,
                )
            )
    generate._write(Agency, rows, loader)
    return len(rows)


def _drop_indexes(cursor) -> list[str]:
    """Drop the secondary indexes of the voters' big tables; returns their definitions."""
    tables = [m._meta.db_table for m in VOTERS_TABLES]
    tables.append(Obligation._meta.db_table)
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i"
        " WHERE i.tablename = ANY(%s) AND i.indexname NOT LIKE '%%_pkey'"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [tables],
    )
    rows = cursor.fetchall()
    for name, _sql in rows:
        cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _texts(cursor, rng: random.Random) -> int:
    """The text pools (temporary tables), their search keys computed by core.text.search_key;
    and the councils with their UBND and their level."""
    places = list(
        AdministrativeUnit.objects.filter(level=Level.COMMUNE).values_list("name", flat=True)
    )
    items = item_texts(rng, places, 60_000)
    letters = letter_texts(rng, places, 30_000)
    names = _names(rng, 5_000)
    cursor.execute(
        "CREATE TEMP TABLE bench_item_text (id int PRIMARY KEY, field text, content text,"
        " key text) ON COMMIT DROP;"
        "CREATE TEMP TABLE bench_letter_text (id int PRIMARY KEY, category text, content text,"
        " key text) ON COMMIT DROP;"
        "CREATE TEMP TABLE bench_name (id int PRIMARY KEY, name text) ON COMMIT DROP;"
        "CREATE TEMP TABLE bench_council (n int PRIMARY KEY, council_id bigint, agency_id bigint,"
        " province boolean, place text) ON COMMIT DROP"
    )
    raw = cursor.cursor
    with raw.copy("COPY bench_item_text FROM STDIN") as copy:
        for i, row in enumerate(items, 1):
            copy.write_row((i, *row))
    with raw.copy("COPY bench_letter_text FROM STDIN") as copy:
        for i, row in enumerate(letters, 1):
            copy.write_row((i, *row))
    with raw.copy("COPY bench_name FROM STDIN") as copy:
        for i, name in enumerate(names, 1):
            copy.write_row((i, name))
    councils = list(
        Council.objects.filter(valid_to__isnull=True)
        .order_by("unit__path")
        .values_list("pk", "unit__level", "unit__name")
    )
    ubnd = dict(
        Agency.objects.filter(kind=Agency.Kind.PEOPLE_COMMITTEE).values_list("council_id", "pk")
    )
    # 85% of the rows on communes: each province council is listed as often as ~100 communes.
    communes = [c for c in councils if c[1] == Level.COMMUNE]
    provinces = [c for c in councils if c[1] == Level.PROVINCE]
    weighted = communes + provinces * max(1, round(len(communes) * 0.15 / 0.85 / len(provinces)))
    with raw.copy("COPY bench_council FROM STDIN") as copy:
        for n, (pk, level, name) in enumerate(weighted, 1):
            copy.write_row((n, pk, ubnd[pk], level == Level.PROVINCE, name))
    cursor.execute(
        "CREATE TEMP TABLE bench_council_one ON COMMIT DROP AS"
        " SELECT DISTINCT ON (council_id) council_id, agency_id, province FROM bench_council;"
        "ALTER TABLE bench_council_one ADD PRIMARY KEY (council_id);"
        "CREATE TEMP TABLE bench_department ON COMMIT DROP AS SELECT council_id,"
        " (row_number() OVER (PARTITION BY council_id ORDER BY id) - 1)::int AS k, id"
        " FROM councils_agency WHERE kind = 'department';"
        "ALTER TABLE bench_department ADD PRIMARY KEY (council_id, k);"
        "ANALYZE bench_item_text; ANALYZE bench_council; ANALYZE bench_council_one;"
        "ANALYZE bench_department; ANALYZE bench_letter_text; ANALYZE bench_name"
    )
    return len(items) + len(letters) + len(names) + len(weighted)


# A random day of 2023-2026 up to 30/11/2026, and a random pick among the n rows of a pool.
DAY = "(date '2023-01-01' + floor(random() * 1430)::int)"


def _pick(table: str) -> str:
    return f"(1 + floor(random() * (SELECT count(*) FROM {table}))::int)"  # noqa: S608


def _meetings(cursor, sizes: Sizes) -> int:
    cursor.execute(
        f"""
        INSERT INTO voters_contactmeeting (id, created_at, updated_at, withdrawal_reason, kind,
            held_on, place, voters_count, front_cohost, minutes, council_id)
        SELECT s.g, now(), now(), '', s.kind, s.day,
            'Nhà văn hóa thôn ' || (1 + s.g %% 30) || ', ' || c.place, 40 + s.g %% 260,
            'Ủy ban MTTQ Việt Nam ' || c.place, '', c.council_id
        FROM (SELECT g, {_pick("bench_council")} AS n, {DAY} AS day,
                (ARRAY['before_session','after_session','thematic','constituency'])
                    [1 + floor(random() * 4)::int] AS kind
              FROM generate_series(1::bigint, %s) g) s
        JOIN bench_council c ON c.n = s.n
        """,  # noqa: S608
        [sizes.meetings],
    )
    return cursor.rowcount


def _petitions(cursor, sizes: Sizes, rng: random.Random) -> int:
    cursor.execute(
        f"""
        INSERT INTO voters_petition (id, created_at, updated_at, raised_on, text, voter_name,
            voter_address, council_id, meeting_id)
        SELECT s.g, now(), now(), m.held_on, t.content, nm.name,
            'Thôn ' || (1 + s.g %% 30) || ', ' || split_part(m.place, ', ', 2), m.council_id, m.id
        FROM (SELECT g, 1 + (g * 7919) %% %s AS meeting, {_pick("bench_item_text")} AS t,
                {_pick("bench_name")} AS nm
              FROM generate_series(1::bigint, %s) g) s
        JOIN voters_contactmeeting m ON m.id = s.meeting
        JOIN bench_item_text t ON t.id = s.t
        JOIN bench_name nm ON nm.id = s.nm
        """,  # noqa: S608
        [sizes.meetings, sizes.petitions],
    )
    return cursor.rowcount


ITEM_STATUS = (
    "CASE WHEN r < 0.10 THEN 'received' WHEN r < 0.20 THEN 'classified'"
    " WHEN r < 0.40 THEN 'transferred' WHEN r < 0.55 THEN 'answered'"
    " WHEN r < 0.80 THEN 'assessed' WHEN r < 0.90 THEN 'reported' ELSE 'closed' END"
)
OBLIGED_FROM = "date '2025-07-01'"  # items and letters transferred since then have obligations


def _items(cursor, sizes: Sizes) -> int:
    """Items of the opinions (2.67 each), on the opinion's council and day; transferred to the
    council's UBND (a province's: one of its departments in two cases of three)."""
    cursor.execute(
        f"""
        INSERT INTO voters_petitionitem (id, created_at, updated_at, raised_on, content,
            search_text, status, competence, field, agency_text, transfer_number, transfer_date,
            answered_on, answer, answer_file, answer_file_name, assessment, assessed_on,
            agency_id, council_id, petition_id, obligation_id)
        SELECT x.g, now(), now(), x.raised_on, x.content, x.key, x.status, x.competence, x.field,
            '', CASE WHEN x.sent THEN x.g || '/HĐND-DN' ELSE '' END,
            CASE WHEN x.sent THEN x.transfer_date END,
            CASE WHEN x.answered THEN least(x.transfer_date + 20, current_date) END,
            CASE WHEN x.answered THEN 'Đã tiếp thu, giải quyết theo thẩm quyền.' ELSE '' END,
            '', '',
            CASE WHEN x.assessed THEN (ARRAY['resolved','resolved','in_progress','explained',
                'not_resolvable'])[1 + x.g %% 5] ELSE '' END,
            CASE WHEN x.assessed THEN least(x.transfer_date + 30, current_date) END,
            CASE WHEN x.sent THEN x.agency_id END, x.council_id, x.petition_id,
            CASE WHEN x.sent AND x.raised_on >= {OBLIGED_FROM} THEN x.g END
        FROM (
            SELECT s.g, p.raised_on, p.council_id, p.id AS petition_id, s.status,
                s.status NOT IN ('received', 'classified') AS sent,
                s.status NOT IN ('received', 'classified', 'transferred') AS answered,
                s.status IN ('assessed', 'reported', 'closed') AS assessed,
                least(p.raised_on + 10, current_date) AS transfer_date,
                CASE WHEN s.status = 'received' THEN ''
                     WHEN s.g %% 20 = 0 THEN 'central'
                     WHEN c.province THEN 'province' ELSE 'commune' END AS competence,
                CASE WHEN s.status = 'received' THEN '' ELSE t.field END AS field,
                CASE WHEN s.g %% 25000 = 0 THEN t.content || ' và {RARE}' ELSE t.content END
                    AS content,
                CASE WHEN s.g %% 25000 = 0 THEN t.key || ' va {search_key(RARE)}' ELSE t.key END
                    AS key,
                CASE WHEN c.province AND s.g %% 3 > 0 THEN d.id ELSE c.agency_id END AS agency_id
            FROM (SELECT z.*, {ITEM_STATUS} AS status
                  FROM (SELECT g, 1 + ((g - 1)::bigint * %s / %s) AS petition,
                          {_pick("bench_item_text")} AS t, random() AS r
                        FROM generate_series(1::bigint, %s) g) z) s
            JOIN voters_petition p ON p.id = s.petition
            JOIN bench_item_text t ON t.id = s.t
            JOIN bench_council_one c ON c.council_id = p.council_id
            LEFT JOIN bench_department d ON d.council_id = p.council_id AND d.k = s.g %% 10
        ) x
        """,  # noqa: S608
        [sizes.petitions, sizes.items, sizes.items],
    )
    return cursor.rowcount


LETTER_STATUS = (
    "CASE WHEN r < 0.10 THEN 'received' WHEN r < 0.20 THEN 'classified'"
    " WHEN r < 0.45 THEN 'forwarded' WHEN r < 0.60 THEN 'guided' WHEN r < 0.70 THEN 'filed'"
    " WHEN r < 0.90 THEN 'answered' ELSE 'closed' END"
)


def _letters(cursor, sizes: Sizes, *, offset: int) -> int:
    """Letters; a forwarded one's obligation id is `offset` + its id."""
    cursor.execute(
        f"""
        INSERT INTO voters_letter (id, created_at, updated_at, withdrawal_reason, received_on,
            channel, sender_name, sender_address, sender_id_number, sender_phone, signers,
            content, search_text, status, category, anonymous, outside_competence, not_eligible,
            handled_on, agency_text, transfer_number, transfer_date, handling_note, answered_on,
            answer, agency_id, council_id, obligation_id)
        SELECT x.g, now(), now(), '', x.day, x.channel, x.name, 'Thôn ' || (1 + x.g %% 30) || ', '
            || x.place, lpad((x.g * 7919 %% 1000000000000)::text, 12, '0'),
            '09' || lpad((x.g * 104729 %% 100000000)::text, 8, '0'), 1 + (x.g %% 50 = 0)::int * 4,
            x.content, x.key, x.status,
            CASE WHEN x.status = 'received' THEN '' ELSE x.category END, false, false, false,
            CASE WHEN x.handled THEN x.handled_on END, '',
            CASE WHEN x.sent THEN x.g || '/PC-HĐND' ELSE '' END,
            CASE WHEN x.sent THEN x.handled_on END,
            CASE WHEN x.status IN ('guided', 'filed') THEN 'Đã hướng dẫn công dân' ELSE '' END,
            CASE WHEN x.status IN ('answered', 'closed')
                 THEN least(x.handled_on + 25, current_date) END,
            CASE WHEN x.status IN ('answered', 'closed') THEN 'Đã có văn bản trả lời' ELSE '' END,
            CASE WHEN x.sent THEN x.agency_id END, x.council_id,
            CASE WHEN x.sent AND x.day >= {OBLIGED_FROM} THEN %s + x.g END
        FROM (
            SELECT s.g, s.day, s.status, c.council_id, c.agency_id, c.place, t.category,
                nm.name, (ARRAY['post','in_person','reception','email','transferred'])
                    [1 + s.g %% 5] AS channel,
                CASE WHEN s.g %% 25000 = 0 THEN t.content || ' và {RARE}' ELSE t.content END
                    AS content,
                CASE WHEN s.g %% 25000 = 0 THEN t.key || ' va {search_key(RARE)}' ELSE t.key END
                    AS key,
                s.status IN ('forwarded', 'answered', 'closed') AS sent,
                s.status NOT IN ('received', 'classified') AS handled,
                least(s.day + 7, current_date) AS handled_on
            FROM (SELECT z.*, {LETTER_STATUS} AS status
                  FROM (SELECT g, {DAY} AS day, {_pick("bench_council")} AS n,
                          {_pick("bench_letter_text")} AS t, {_pick("bench_name")} AS nm,
                          random() AS r
                        FROM generate_series(1::bigint, %s) g) z) s
            JOIN bench_council c ON c.n = s.n
            JOIN bench_letter_text t ON t.id = s.t
            JOIN bench_name nm ON nm.id = s.nm
        ) x
        """,  # noqa: S608
        [offset, sizes.letters],
    )
    return cursor.rowcount


def _receptions(cursor, sizes: Sizes) -> int:
    cursor.execute(
        f"""
        INSERT INTO voters_reception (id, created_at, updated_at, withdrawal_reason, received_on,
            person_name, address, id_number, phone, persons, content, search_text, category,
            handled_before_by, handling, result, note, receiver_name, council_id,
            forwarded_to_id)
        SELECT s.g, now(), now(), '', s.day, nm.name, 'Thôn ' || (1 + s.g %% 30) || ', '
            || c.place, lpad((s.g * 7919 %% 1000000000000)::text, 12, '0'), '',
            1 + (s.g %% 40 = 0)::int * 9, t.content, t.key, t.category, '', s.handling, '', '',
            'Thường trực HĐND', c.council_id,
            CASE WHEN s.handling = 'forwarded' THEN c.agency_id END
        FROM (SELECT g, {DAY} AS day, {_pick("bench_council")} AS n,
                {_pick("bench_letter_text")} AS t, {_pick("bench_name")} AS nm,
                (ARRAY['accepted','guided','forwarded'])[1 + floor(random() * 3)::int]
                    AS handling
              FROM generate_series(1::bigint, %s) g) s
        JOIN bench_council c ON c.n = s.n
        JOIN bench_letter_text t ON t.id = s.t
        JOIN bench_name nm ON nm.id = s.nm
        """,  # noqa: S608
        [sizes.receptions],
    )
    return cursor.rowcount


def _obligations(cursor) -> int:
    """The answers owed by the agencies, as the transfer services open them: 30 days for an
    item (from the transfer), the letters' statutory terms approximated by 30 days too; done
    when answered."""
    total = 0
    for model, kind, day, answered in (
        (PetitionItem, Obligation.Kind.PETITION_ITEM, "transfer_date", "answered_on"),
        (Letter, Obligation.Kind.LETTER, "transfer_date", "answered_on"),
    ):
        ct = ContentType.objects.get_for_model(model).pk
        cursor.execute(
            f"""
            INSERT INTO followups_obligation (id, created_at, updated_at, withdrawal_reason,
                kind, owed_by_text, title, content, search_text, source_id, start_on,
                term_count, term_unit, due_on, outcome, ended_on, outcome_note, exclusion,
                exclusion_document_number, exclusion_reason, council_id, owed_by_id,
                source_type_id)
            SELECT r.obligation_id, now(), now(), '', %s, '', left(r.content, 500), '',
                left(r.search_text, 800), r.id, r.{day}, 30, 'calendar_days', r.{day} + 30,
                CASE WHEN r.{answered} IS NULL THEN '' ELSE 'done' END, r.{answered}, '', '',
                '', '', r.council_id, r.agency_id, %s
            FROM {model._meta.db_table} r WHERE r.obligation_id IS NOT NULL
            """,  # noqa: S608
            [kind, ct],
        )
        total += cursor.rowcount
    return total


# --- measuring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    province: Council
    commune: Council
    province_agency: Agency
    commune_agency: Agency


def find_targets() -> Targets:
    province = (
        Council.objects.filter(unit__level=Level.PROVINCE, valid_to__isnull=True)
        .order_by("unit__path")
        .first()
    )
    if province is None:
        raise SystemExit("No data: run with --regenerate.")
    commune = (
        Council.objects.filter(
            unit__level=Level.COMMUNE,
            valid_to__isnull=True,
            unit__path__startswith=province.unit.path,
        )
        .order_by("unit__path")
        .first()
    )
    department = Agency.objects.filter(council=province, kind=Agency.Kind.DEPARTMENT)
    return Targets(
        province=province,
        commune=commune,
        province_agency=department.order_by("pk").first(),
        commune_agency=Agency.objects.get(council=commune, kind=Agency.Kind.PEOPLE_COMMITTEE),
    )


def bench_users(t: Targets) -> dict:
    admin = _bench_user("bench-admin", superuser=True)
    return {
        "nation": admin,
        "province": _bench_user(
            "bench-voters-province", grant=(Role.SECRETARIAT, t.province), actor=admin
        ),
        "commune": _bench_user("bench-voters-commune", grant=(Role.OFFICE, t.commune), actor=admin),
    }


def cases(t: Targets) -> list[Case]:
    def case(label, user, name, query="", ms=LIST_MS, *args):
        return Case(label, user, _url(name, *args, query=query), target=True, p95_target_ms=ms)

    year = f"date_from=01/01/{YEAR}&date_to=31/12/{YEAR}"
    found = [Case("baseline: login_required HttpResponse", "nation", BASELINE_URL)]
    for user in ("nation", "province", "commune"):
        council = t.commune if user == "commune" else t.province
        agency = t.commune_agency if user == "commune" else t.province_agency
        found += [
            case("items: list", user, "voters:petition_item_list"),
            case("items: list, page 50", user, "voters:petition_item_list", "page=50"),
            case("items: state=overdue", user, "voters:petition_item_list", "state=overdue"),
            case("items: field=land", user, "voters:petition_item_list", "field=land"),
            case("items: status=answered", user, "voters:petition_item_list", "status=answered"),
            case("items: agency", user, "voters:petition_item_list", f"agency={agency.pk}"),
            case("items: council subtree", user, "voters:petition_item_list",
                 f"council={council.pk}"),
            case(f"items: search q={COMMON_QUERY}", user, "voters:petition_item_list",
                 "q=" + COMMON_QUERY.replace(" ", "+")),
            case(f"items: search q={RARE_QUERY}", user, "voters:petition_item_list",
                 "q=" + RARE_QUERY.replace(" ", "+")),
            case("letters: list", user, "voters:letter_list"),
            case("letters: state=overdue", user, "voters:letter_list", "state=overdue"),
            case("letters: category=complaint", user, "voters:letter_list",
                 "category=complaint"),
            case(f"letters: search q={RARE_QUERY}", user, "voters:letter_list",
                 "q=" + RARE_QUERY.replace(" ", "+")),
            case("receptions: list", user, "voters:reception_list"),
            case("receptions: search q=khieu nai", user, "voters:reception_list",
                 "q=khieu+nai"),
            case("meetings: list", user, "voters:meeting_list"),
            case(f"statistics {YEAR} by field", user, "voters:statistics",
                 f"{year}&by=field", STATS_MS),
            case(f"statistics {YEAR} by agency", user, "voters:statistics",
                 f"{year}&by=agency", STATS_MS),
            case("duplicate suggestion", user, "voters:petition_item_suggest",
                 f"council={council.pk}&text={SUGGEST_TEXT}", SUGGEST_MS),
        ]  # fmt: skip
    return found


def print_results(results: list[Result]) -> None:
    print()
    print(f"{'page':<40} {'user':<9} {'p50':>7} {'p95':>7} {'q':>3} {'target':>7}  result")
    for r in results:
        c = r.case
        if not r.ok:
            print(f"{c.label:<40} {c.user:<9} {'':>7} {'':>7} {'':>3} {'':>7}  {r.status}")
            continue
        verdict = "OK"
        if c.target and (r.p95_ms > c.p95_target_ms or r.queries > QUERY_BUDGET):
            verdict = "FAIL"
        target = f"{c.p95_target_ms:.0f}" if c.target else ""
        print(
            f"{c.label[:40]:<40} {c.user:<9} {r.median_ms:7.1f} {r.p95_ms:7.1f} "
            f"{r.queries:3d} {target:>7}  {verdict if c.target else ''}"
        )


def print_slow_sql(results: list[Result], every: bool) -> None:
    for r in results:
        if not r.ok or not r.case.target:
            continue
        if not every and r.p95_ms <= r.case.p95_target_ms and r.queries <= QUERY_BUDGET:
            continue
        print(f"\n-- {r.case.label} ({r.case.user}) {r.case.url}: {r.queries} queries")
        for q in sorted(r.captured, key=lambda q: -float(q["time"]))[:3]:
            print(f"   {float(q['time']) * 1000:7.1f} ms  {q['sql'][:600]}")


def measure_import(rows: int) -> tuple[str, bool]:
    """bench/voters_import.py on `rows` rows, in a process of its own, against a throw-away
    copy of this database: the bench data stays the same size run after run."""
    from bench.django_env import throwaway_copy

    script = Path(__file__).resolve().parent / "voters_import.py"
    with throwaway_copy() as url:
        done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [sys.executable, str(script), "--rows", str(rows)],
            env={**os.environ, "DATABASE_URL": url, "DEBUG": "False"},
            capture_output=True,
            text=True,
            check=False,
        )
    out = done.stdout + done.stderr
    speeds = [float(s.replace(",", "")) for s in re.findall(r"([\d,]+) rows/s", out)]
    peaks = [float(s) for s in re.findall(r"peak RSS (\d+) MB", out)]
    ok = (
        done.returncode == 0
        and len(speeds) == 2
        and min(speeds) >= IMPORT_ROWS_PER_S
        and max(peaks, default=1e9) <= IMPORT_MB
    )
    return out.strip(), ok


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="5 timed requests a page, 1 warm-up")
    parser.add_argument("--only", action="append", default=[], metavar="WORD")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor of the voters' rows")
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument("--no-import", action="store_true", help="skip the import bench")
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--show-queries", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.requests, args.warmup = 5, 1
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    name = ensure_database()
    call_command("migrate", interactive=False, verbosity=0)
    data = prepare_data(sizes=Sizes().scaled(args.scale), seed=args.seed, force=args.regenerate)
    targets = find_targets()
    users = bench_users(targets)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    counts = {m.__name__: m.objects.count() for m in (*VOTERS_TABLES, Obligation)}
    print(f"\nHĐND voters benchmark — database {name}, PostgreSQL {pg}, {timezone.localdate()}")
    print(f"Data: {data}")
    print("Rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"Province: {targets.province}; commune: {targets.commune}")
    print(
        f"Per page: {args.warmup} warm-up, 1 counted, {args.requests} timed; DEBUG={settings.DEBUG}"
    )

    def kept(case: Case) -> bool:
        words = [w.lower() for w in args.only]
        return case.url == BASELINE_URL or not words or any(w in case.label for w in words)

    with override_settings(
        ROOT_URLCONF="bench.run",
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        clients = {key: _client(user) for key, user in users.items()}
        results = [
            measure(clients[c.user], c, requests=args.requests, warmup=args.warmup)
            for c in cases(targets)
            if kept(c)
        ]
    print_results(results)
    print_slow_sql(results, args.show_queries)
    if not args.no_import and (not args.only or any("import" in w for w in args.only)):
        out, ok = measure_import(args.import_rows)
        print(f"\nimport of {args.import_rows:,} rows (target ≥ {IMPORT_ROWS_PER_S:,} rows/s, "
              f"≤ {IMPORT_MB} MB): {'OK' if ok else 'FAIL'}")  # fmt: skip
        print(out)


if __name__ == "__main__":
    main()

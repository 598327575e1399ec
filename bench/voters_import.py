"""Benchmark: the import of a compiled petition list (voters.imports), rows per second and peak
memory, on the configured database (DATABASE_URL, migrated beforehand).

Generates an N-row list in a temporary directory (write-only openpyxl), then times the preview
(read and judge every row) and the import (one transaction, bulk inserts, transferred with
obligations) through the code the pages use; prints rows/s and the process's peak RSS.
Target (issue 13): ≥ 2,000 rows/s and ≤ 300 MB for 100,000 rows. The rows are left in the
database: `make bench-voters` runs it on a throw-away copy of its data.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/voters_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
    os.environ.setdefault("DEBUG", "False")
    import django

    django.setup()

FIELDS = ["Công thương - Giao thông", "Y tế", "Đất đai - Quy hoạch - Xây dựng", "Giáo dục"]
LEVELS = ["tỉnh", "xã", "trung ương"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def make_list(path: Path, rows: int, agencies: list[str]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["DANH SÁCH TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỬ TRI"])
    sheet.append(
        ["STT", "Nội dung kiến nghị", "Lĩnh vực", "Cấp giải quyết", "Cơ quan giải quyết",
         "Địa phương/Cử tri", "Kỳ họp/Đợt tiếp xúc", "Ghi chú"]
    )  # fmt: skip
    for i in range(1, rows + 1):
        sheet.append(
            [i, f"Cử tri đề nghị sửa chữa, nâng cấp tuyến đường liên thôn số {i} đã xuống cấp",
             FIELDS[i % 4], LEVELS[i % 3], agencies[i % len(agencies)], f"Cử tri thôn {i % 50}",
             "Trước kỳ họp thứ 7", ""]
        )  # fmt: skip
    book.save(path)


def fixtures():
    """A province with three agencies and its superuser clerk (made once, found again)."""
    from django.contrib.auth import get_user_model

    from councils import services
    from councils.models import AdministrativeUnit, Agency, Council

    user, _ = get_user_model().objects.get_or_create(
        username="bench_import", defaults={"is_superuser": True, "is_staff": True}
    )
    unit = AdministrativeUnit.objects.filter(code="99999901").first()
    if unit is None:
        unit = services.unit_create(
            actor=user, parent=None, name="Tỉnh Thử Nhập", kind="province", code="99999901",
            valid_from=date(2000, 1, 1),
        )  # fmt: skip
    council = Council.objects.get(unit=unit)
    names = ["Sở Giao thông vận tải thử", "Sở Y tế thử", "UBND tỉnh thử"]
    for name in names:
        if not Agency.objects.filter(council=council, name=name).exists():
            services.agency_create(actor=user, council=council, name=name, kind="department")
    return user, council, names


def main() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from voters import imports
    from voters.models import PetitionImport

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    user, council, agencies = fixtures()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "danh-sach.xlsx"
        start = time.perf_counter()
        make_list(path, args.rows, agencies)
        size = path.stat().st_size
        print(
            f"list: {args.rows} rows, {size / 1e6:.1f} MB, "
            f"made in {time.perf_counter() - start:.1f} s"
        )
        upload = SimpleUploadedFile("danh-sach.xlsx", path.read_bytes())
        values = {
            "council": council,
            "new_meeting": {"kind": "thematic", "held_on": date(2024, 1, 10),
                            "place": "Đợt thử", "session": None},
            "transfer_number": "01/BENCH",
            "transfer_date": date(2024, 1, 15),
        }  # fmt: skip
        start = time.perf_counter()
        target, preview = imports.petition_import_check(actor=user, upload=upload, **values)
        took = time.perf_counter() - start
        print(
            f"preview: {preview.total} rows, {preview.invalid} wrong, {took:.1f} s, "
            f"{preview.total / took:,.0f} rows/s, peak RSS {peak_rss_mb():.0f} MB"
        )
        job = imports.petition_import_create(
            actor=user, upload=upload, target=target, preview=preview
        )
        del upload
    PetitionImport.objects.filter(pk=job.pk).update(status=PetitionImport.Status.QUEUED)
    start = time.perf_counter()
    job = imports.petition_import_run(job.pk)
    took = time.perf_counter() - start
    print(
        f"import ({connection.vendor}): {job.status} {job.progress} rows {job.error}, "
        f"{took:.1f} s, "
        f"{job.progress / took:,.0f} rows/s, peak RSS {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()

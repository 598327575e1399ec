"""Import of a compiled petition list (the Excel file the Fatherland Front sends, issue 13).

A preview reads every row and judges it before anything is written; the import is allowed only
when no row is wrong, then a worker writes the whole list in one transaction (all or nothing).
The same streaming reader serves both, so the worker judges the rows again: an agency renamed
in between fails the import with its reason instead of writing half of it.

Scale (issue 13: ≥ 2,000 rows/s, ≤ 300 MB for 100,000 rows): openpyxl reads the sheet in
read-only mode row by row, agencies and fields are resolved through dicts built once, and rows
are written by `bulk_create` in batches, so the number of queries does not grow with the rows
(beyond the backend's own split of a long INSERT). Each item gets what the services give it
(voters.services.petition_create, petition_item_classify, petition_item_transfer): its history
row, its workflow audit rows and, when transferred, its answer obligation on the follow-up
engine with the council's dated term.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import AutoField, DateField, DateTimeField, Model, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import TRANSIENT_ERRORS
from core.text import nfc, search_key
from core.uploads import XLSX, check_upload
from core.validation import FieldErrors, renamed
from councils import rules, scoping
from councils.models import Agency, Capability, Council
from followups import services as followups
from followups.models import Obligation
from voters import services, statistics
from voters.models import (
    SEARCH_MAX,
    Competence,
    ContactMeeting,
    Field,
    Petition,
    PetitionImport,
    PetitionItem,
    PetitionItemTransition,
)

if TYPE_CHECKING:
    from core.models import User

log = logging.getLogger(__name__)

BATCH = 5000  # rows written per round of bulk inserts (one COPY per table on PostgreSQL)
PREVIEW_ROWS = 20  # rows shown in the preview
ERROR_ROWS = 200  # wrong rows listed in the preview (the counts cover all of them)
HEADER_SEARCH = 15  # the header row is looked for among the sheet's first rows (title above)
MAX_ROWS = 200_000
PLACE_MAX = 255

IMPORT_ERROR = gettext_lazy("Lỗi trong khi nhập; chưa có dòng nào được ghi.")
TIME_LIMIT_ERROR = gettext_lazy(
    "Danh sách quá lớn, không nhập xong trong thời gian cho phép; chưa có dòng nào được ghi. "
    "Hãy chia tệp rồi nhập lại."
)


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy Vietnamese label, as the Front's form titles it
    names: tuple[str, ...]  # header texts accepted, diacritics-free, matched at the start
    required: bool = False


# The compiled list's columns (DOMAIN.md §10 does not fix them; the Front's usual form).
COLUMNS = (
    Column("number", gettext_lazy("STT"), ("stt", "so tt", "so thu tu")),
    Column(
        "content",
        gettext_lazy("Nội dung kiến nghị"),
        ("noi dung kien nghi", "noi dung y kien", "y kien, kien nghi", "noi dung"),
        required=True,
    ),
    Column("field", gettext_lazy("Lĩnh vực"), ("linh vuc",)),
    Column(
        "competence",
        gettext_lazy("Cấp giải quyết"),
        ("cap giai quyet", "tham quyen", "cap tham quyen"),
        required=True,
    ),
    Column(
        "agency",
        gettext_lazy("Cơ quan giải quyết"),
        ("co quan giai quyet", "co quan tra loi", "co quan chu tri"),
    ),
    Column("place", gettext_lazy("Địa phương/Cử tri"), ("dia phuong", "cu tri", "noi kien nghi")),
    Column("round", gettext_lazy("Kỳ họp/Đợt tiếp xúc"), ("ky hop", "dot tiep xuc")),
    Column("note", gettext_lazy("Ghi chú"), ("ghi chu",)),
)
# The new meeting's fields on the import form (voters.services.meeting_create's names).
NEW_MEETING_FIELDS = {f: f"meeting_{f}" for f in ("kind", "held_on", "place", "session")}
LABELS = {c.key: c.label for c in COLUMNS}

_COMPETENCE_WORDS = {
    Competence.CENTRAL: ("trung uong", "tw", "central", "quoc hoi"),
    Competence.PROVINCE: ("tinh", "thanh pho", "province"),
    Competence.COMMUNE: ("xa", "phuong", "dac khu", "xa, phuong", "commune"),
}
COMPETENCE_KEYS = {
    word: level for level, words in _COMPETENCE_WORDS.items() for word in (*words, level)
}


def _field_keys() -> dict[str, str]:
    """A field by its label, its code, or one part of its label ("Y tế", "Đất đai")."""
    keys: dict[str, str] = {}
    parts: dict[str, set[str]] = {}
    for value, label in Field.choices:
        keys[value] = value
        keys[search_key(str(label))] = value
        for part in str(label).split(" - "):
            parts.setdefault(search_key(part), set()).add(value)
    for part, values in parts.items():
        if len(values) == 1:
            keys.setdefault(part, next(iter(values)))
    return keys


# The short columns (field, level, agency) repeat the same few values over a list's rows.
_short_key = functools.lru_cache(maxsize=4096)(search_key)


def _competence(text: str) -> str | None:
    key = _short_key(text).removeprefix("cap ").strip()
    return COMPETENCE_KEYS.get(key)


# --- what the import writes into -------------------------------------------------------------


@dataclass
class Target:
    """The council, meeting and transfer every row of the list goes to, judged once."""

    council: Council
    meeting: ContactMeeting | None = None  # an existing meeting, or one made on import
    new_meeting: dict[str, Any] | None = None
    transfer_number: str = ""
    transfer_date: date | None = None
    raised_on: date | None = None
    agencies: dict[str, list[Agency]] = field(default_factory=dict)
    term: dict[str, Any] = field(default_factory=dict)
    due_on: date | None = None

    @property
    def transfers(self) -> bool:
        return bool(self.transfer_number)


def import_target(
    *,
    actor: User,
    council: Council,
    meeting: ContactMeeting | None = None,
    new_meeting: dict[str, Any] | None = None,
    transfer_number: str = "",
    transfer_date: date | None = None,
) -> Target:
    """Judge what the whole list goes to (the rights, the meeting, the transfer document) with
    the services' own rules; every error at once, on the form's fields."""
    scoping.require_can(actor, Capability.EDIT, council)
    errors = FieldErrors()
    raised_on = None
    if meeting is not None:
        if meeting.council_id != council.pk:
            errors.add("meeting", _("Không thuộc Hội đồng nhân dân của hồ sơ."), "other_council")
        elif meeting.withdrawn:
            errors.add("meeting", _("Cuộc tiếp xúc đã bị rút."), "withdrawn")
        raised_on = meeting.held_on
    elif new_meeting:
        draft = ContactMeeting(council=council, **new_meeting)
        errors.run(_renamed_check, services._meeting_check(draft, []), NEW_MEETING_FIELDS)
        raised_on = new_meeting.get("held_on")
    else:
        errors.add(
            "meeting", _("Chọn cuộc tiếp xúc cử tri, hoặc ghi cuộc tiếp xúc mới."), "required"
        )
    if raised_on is not None:
        dated = FieldErrors()
        services._happened(dated, raised_on=raised_on)
        where = "meeting" if meeting is not None else "meeting_held_on"
        errors.run(_renamed_check, dated, {"raised_on": where})
    transfer_number = (transfer_number or "").strip()
    if transfer_number or transfer_date:
        services._required(errors, transfer_number=transfer_number, transfer_date=transfer_date)
        services._happened(errors, transfer_date=transfer_date)
        services._not_before(errors, "transfer_date", transfer_date, raised_on)
    errors.raise_if_any()
    target = Target(
        council=council,
        meeting=meeting,
        new_meeting=new_meeting if meeting is None else None,
        transfer_number=transfer_number,
        transfer_date=transfer_date,
        raised_on=raised_on,
    )
    if target.transfers:
        if not followups.may(actor, followups.CREATE, council):
            raise PermissionDenied
        target.term = services._owed_term(council, rules.PETITION_ANSWER_TERM, transfer_date)
        target.due_on = followups.obligation_due(
            start_on=transfer_date, fixed_due_on=None, council=council, **target.term
        )
    target.agencies = _agencies(council)
    return target


def _renamed_check(found: FieldErrors, names: dict[str, str]) -> None:
    """Raise another check's errors under the import form's field names."""
    try:
        found.raise_if_any()
    except ValidationError as exc:
        raise renamed(exc, names) from None


def _agencies(council: Council) -> dict[str, list[Agency]]:
    """The agencies in the council's area by name key: one query, read once per import."""
    found: dict[str, list[Agency]] = {}
    rows = Agency.objects.filter(council__unit__path__startswith=council.unit.path).only(
        "pk", "name", "name_key", "council_id"
    )
    for agency in rows:
        found.setdefault(agency.name_key or search_key(agency.name), []).append(agency)
    return found


# --- reading and judging the rows -------------------------------------------------------------


@dataclass
class Row:
    number: int  # the row's number in the sheet, as the user sees it in Excel
    values: dict[str, str]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column label, message)
    competence: str = ""
    field: str = ""
    agency: Agency | None = None


class SheetError(ValidationError):
    """The file as a whole cannot be read as the compiled list (not its rows)."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _header(cells: tuple) -> dict[str, int] | None:
    """Which column holds what, when this row is the header (the content column among them)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = search_key(_text(cell))
        if not key:
            continue
        for column in COLUMNS:
            if column.key not in found and any(key.startswith(n) for n in column.names):
                found[column.key] = index
                break
    return found if "content" in found else None


def _open(file: IO[bytes]):
    from openpyxl import load_workbook

    try:
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SheetError(
            {"file": _("Không đọc được tệp Excel (.xlsx); tệp có thể bị hỏng.")}
        ) from exc
    return workbook


def read_rows(file: IO[bytes], target: Target) -> Iterator[Row]:
    """Every row of the list's first sheet, judged; rows with no value are skipped."""
    return judged(sheet_rows(file), target)


def judged(rows: Iterator[Row], target: Target) -> Iterator[Row]:
    fields = _field_keys()
    for row in rows:
        yield _judge(row, target, fields)


def sheet_rows(file: IO[bytes]) -> Iterator[Row]:
    """The list's rows as read (openpyxl, read-only streaming), numbered as in Excel."""
    workbook = _open(file)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns = None
        for number, cells in enumerate(rows, start=1):
            columns = _header(cells)
            if columns is not None or number >= HEADER_SEARCH:
                break
        if columns is None:
            raise SheetError({"file": _header_error()})
        missing = [str(c.label) for c in COLUMNS if c.required and c.key not in columns]
        if missing:
            raise SheetError({"file": _header_error(missing)})
        seen = 0
        for number, cells in enumerate(rows, start=number + 1):  # noqa: B020
            values = {
                key: _text(cells[index]) if index < len(cells) else ""
                for key, index in columns.items()
            }
            if not any(values.values()):
                continue
            seen += 1
            if seen > MAX_ROWS:
                raise SheetError(
                    {"file": _("Tệp có quá %(max)s dòng; hãy chia nhỏ.") % {"max": MAX_ROWS}}
                )
            yield Row(number, values)
    finally:
        workbook.close()


def _header_error(missing: list[str] | None = None) -> str:
    expected = ", ".join(str(c.label) for c in COLUMNS)
    if missing:
        return _("Dòng tiêu đề thiếu cột: %(missing)s. Các cột của mẫu: %(expected)s.") % {
            "missing": ", ".join(missing),
            "expected": expected,
        }
    return _(
        "Không tìm thấy dòng tiêu đề (cột “Nội dung kiến nghị”) trong %(n)s dòng đầu của trang "
        "tính thứ nhất. Các cột của mẫu: %(expected)s."
    ) % {"n": HEADER_SEARCH, "expected": expected}


def _judge(row: Row, target: Target, fields: dict[str, str]) -> Row:
    """The rules of one row, each error on its column: no query here (dicts built once)."""
    values, errors = row.values, row.errors
    if not values.get("content"):
        errors.append((str(LABELS["content"]), _("Trường này là bắt buộc.")))
    level = values.get("competence", "")
    if not level:
        errors.append((str(LABELS["competence"]), _("Trường này là bắt buộc.")))
    else:
        row.competence = _competence(level) or ""
        if not row.competence:
            errors.append(
                (
                    str(LABELS["competence"]),
                    _("“%(value)s” không phải cấp giải quyết; ghi: trung ương, tỉnh hoặc xã.")
                    % {"value": level},
                )
            )
    if values.get("field"):
        row.field = fields.get(_short_key(values["field"]), "")
        if not row.field:
            errors.append(
                (
                    str(LABELS["field"]),
                    _("Không có lĩnh vực “%(value)s” trong danh mục.") % {"value": values["field"]},
                )
            )
    elif target.transfers:
        errors.append((str(LABELS["field"]), _("Chọn lĩnh vực trước khi chuyển.")))
    name = values.get("agency", "")
    if name:
        found = target.agencies.get(_short_key(name), [])
        own = [a for a in found if a.council_id == target.council.pk]
        if len(found) == 1 or len(own) == 1:
            row.agency = (own or found)[0]
        elif not found:
            errors.append(
                (
                    str(LABELS["agency"]),
                    _("Không có cơ quan “%(value)s” trong danh mục cơ quan của địa bàn.")
                    % {"value": name},
                )
            )
        else:
            errors.append(
                (
                    str(LABELS["agency"]),
                    _("Có nhiều cơ quan tên “%(value)s” trong địa bàn; ghi rõ tên hơn.")
                    % {"value": name},
                )
            )
    elif target.transfers:
        errors.append((str(LABELS["agency"]), _("Ghi cơ quan giải quyết để chuyển kiến nghị.")))
    if len(values.get("place", "")) > PLACE_MAX:
        errors.append((str(LABELS["place"]), _("Tối đa %(max)s ký tự.") % {"max": PLACE_MAX}))
    return row


# --- the preview -----------------------------------------------------------------------------


@dataclass
class Preview:
    total: int = 0
    invalid: int = 0
    shown: list[Row] = field(default_factory=list)  # the first rows
    rows_file: IO[str] | None = None  # the rows as read, for the worker (CSV)
    wrong: list[Row] = field(default_factory=list)  # the first wrong rows

    @property
    def valid(self) -> int:
        return self.total - self.invalid

    @property
    def importable(self) -> bool:
        return self.total > 0 and self.invalid == 0


def import_preview(*, file: IO[bytes], target: Target, rows_out: IO[str] | None = None) -> Preview:
    """Read and judge every row, writing nothing to the database; keeps the counts and a few
    rows to show. `rows_out` receives the rows as read (CSV), for the worker to judge again
    without reading the workbook a second time (the slowest part of both)."""
    preview = Preview()
    out = csv.writer(rows_out) if rows_out is not None else None
    for row in read_rows(file, target):
        if out is not None:
            out.writerow([row.number, *(row.values.get(c.key, "") for c in COLUMNS)])
        preview.total += 1
        if row.errors:
            preview.invalid += 1
            if len(preview.wrong) < ERROR_ROWS:
                preview.wrong.append(row)
        if len(preview.shown) < PREVIEW_ROWS:
            preview.shown.append(row)
    return preview


def petition_import_check(
    *, actor: User, upload: UploadedFile, **target_values: Any
) -> tuple[Target, Preview]:
    """The preview of an uploaded list: the file's type, the target, then every row."""
    errors = FieldErrors()
    checked = errors.run(check_upload, upload, field="file")
    if checked is not None and checked.kind != XLSX:
        errors.add("file", _("Chọn tệp Excel (.xlsx) theo mẫu danh sách tổng hợp."), "file_type")
    target = errors.run(import_target, actor=actor, **target_values)
    errors.raise_if_any()
    # Kept open with the preview, which hands it to petition_import_create.
    rows_out = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", newline="")  # noqa: SIM115
    preview = import_preview(file=upload, target=target, rows_out=rows_out)
    preview.rows_file = rows_out
    return target, preview


def stored_rows(file: IO[bytes]) -> Iterator[Row]:
    """The rows the preview read, back from its CSV (same numbers, same values)."""
    text = io.TextIOWrapper(file, encoding="utf-8", newline="")
    for number, *values in csv.reader(text):
        yield Row(int(number), dict(zip((c.key for c in COLUMNS), values, strict=True)))


@transaction.atomic
def petition_import_create(
    *, actor: User, upload: UploadedFile, target: Target, preview: Preview
) -> PetitionImport:
    """Keep a list the preview accepted, waiting for the user to start its import."""
    if not preview.importable:
        raise ValidationError(_("Danh sách còn dòng sai; sửa tệp rồi kiểm tra lại."), code="rows")
    options: dict[str, Any] = {}
    if target.new_meeting:
        options["new_meeting"] = {
            "kind": target.new_meeting["kind"],
            "held_on": target.new_meeting["held_on"].isoformat(),
            "place": target.new_meeting["place"],
            "session": getattr(target.new_meeting.get("session"), "pk", None),
        }
    if target.transfers:
        options["transfer_number"] = target.transfer_number
        options["transfer_date"] = target.transfer_date.isoformat()
    job = PetitionImport(
        user=actor,
        council=target.council,
        meeting=target.meeting,
        options=options,
        filename=(upload.name or "danh-sach.xlsx")[:200],
        total=preview.total,
    )
    upload.seek(0)
    stamp = f"{timezone.now():%Y%m%d%H%M%S}"
    job.file.save(f"{stamp}.xlsx", upload, save=False)
    preview.rows_file.seek(0)
    data = preview.rows_file.read().encode()
    job.rows_file.save(f"{stamp}.csv", ContentFile(data), save=False)
    job.save()
    return job


@transaction.atomic
def petition_import_start(*, actor: User, job: PetitionImport) -> PetitionImport:
    """Queue the import; a worker runs it once the row is committed."""
    from voters.tasks import petition_import_task

    job = PetitionImport.objects.select_for_update().get(pk=job.pk)
    if job.user_id != actor.pk:
        raise PermissionDenied
    scoping.require_can(actor, Capability.EDIT, job.council)
    if job.status != PetitionImport.Status.CHECKED:
        raise ValidationError(_("Danh sách này đã được đưa vào nhập."), code="started")
    job.status = PetitionImport.Status.QUEUED
    job.save(update_fields=["status"])
    transaction.on_commit(lambda: petition_import_task.delay(job.pk))
    return job


# --- the import ------------------------------------------------------------------------------


def progress_key(job_id: int) -> str:
    return f"voters:import:{job_id}:progress"


def import_progress(job: PetitionImport) -> int:
    """Rows written so far: the worker's transaction is not visible before its commit, so the
    count travels through the cache (Redis with a worker); the row has the final figure."""
    if job.status == PetitionImport.Status.RUNNING:
        return min(cache.get(progress_key(job.pk), 0), job.total)
    return job.progress


def _target_of(job: PetitionImport) -> dict[str, Any]:
    from sessions.models import Session

    values: dict[str, Any] = {"council": job.council, "meeting": job.meeting}
    options = job.options or {}
    if options.get("new_meeting"):
        new = dict(options["new_meeting"])
        new["held_on"] = date.fromisoformat(new["held_on"])
        new["session"] = (
            Session.objects.filter(pk=new["session"]).first() if new.get("session") else None
        )
        values["new_meeting"] = new
    if options.get("transfer_number"):
        values["transfer_number"] = options["transfer_number"]
        values["transfer_date"] = date.fromisoformat(options["transfer_date"])
    return values


def petition_import_run(job_id: int) -> PetitionImport | None:
    """The worker's body: judge and write every row in one transaction; any error leaves
    nothing written and the job failed with its reason. Safe to run twice (a killed worker's
    transaction was rolled back; a finished job is left alone)."""
    with transaction.atomic():
        job = (
            PetitionImport.objects.select_for_update(of=("self",))
            .select_related("user", "council__unit", "meeting")
            .filter(
                pk=job_id,
                status__in=(PetitionImport.Status.QUEUED, PetitionImport.Status.RUNNING),
            )
            .first()
        )
        if job is None:
            return None
        job.status = PetitionImport.Status.RUNNING
        job.save(update_fields=["status"])
    cache.set(progress_key(job.pk), 0, 3600)
    try:
        with transaction.atomic():
            written = _write(job)
    except TRANSIENT_ERRORS:
        raise
    except SoftTimeLimitExceeded:
        return petition_import_fail(job_id=job.pk, error=str(TIME_LIMIT_ERROR))
    except ValidationError as exc:
        return petition_import_fail(job_id=job.pk, error=_first_message(exc))
    except Exception:
        log.exception("petition import %s failed", job.pk)
        return petition_import_fail(job_id=job.pk, error=str(IMPORT_ERROR))
    finally:
        cache.delete(progress_key(job.pk))
    PetitionImport.objects.filter(pk=job.pk).update(
        status=PetitionImport.Status.DONE,
        progress=written,
        error="",
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def _first_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)[:255] or str(IMPORT_ERROR)


def petition_import_fail(*, job_id: int, error: str) -> PetitionImport | None:
    """Mark an unfinished import failed with the reason shown on its page."""
    with transaction.atomic():
        job = PetitionImport.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return job
        job.status = PetitionImport.Status.FAILED
        job.error = str(error)[:255]
        job.progress = 0
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "progress", "finished_at"])
    return job


STALLED_ERROR = gettext_lazy(
    "Không nhập xong: máy xử lý đã dừng giữa chừng; chưa có dòng nào được ghi. Hãy nhập lại."
)


def petition_import_fail_stalled(*, now=None) -> int:
    """Fail imports queued or running past any worker's time (a sweep, as for exports:
    core.exports.export_fail_stalled, with the same limit); returns how many."""
    from datetime import timedelta

    from core.models import Export

    cutoff = (now or timezone.now()) - timedelta(seconds=Export.stalled_after())
    return PetitionImport.objects.filter(
        status__in=(PetitionImport.Status.QUEUED, PetitionImport.Status.RUNNING),
        created_at__lt=cutoff,
    ).update(
        status=PetitionImport.Status.FAILED, error=str(STALLED_ERROR), finished_at=timezone.now()
    )


def _write(job: PetitionImport) -> int:
    actor, council = job.user, job.council
    target = import_target(actor=actor, **_target_of(job))
    if target.new_meeting:
        target.meeting = services.meeting_create(actor=actor, council=council, **target.new_meeting)
    written = 0
    batch: list[Row] = []
    with job.rows_file.open("rb") as file:
        for row in judged(stored_rows(file), target):
            if row.errors:
                column, message = row.errors[0]
                raise ValidationError(
                    _("Dòng %(row)s, cột “%(column)s”: %(message)s")
                    % {"row": row.number, "column": column, "message": message},
                    code="row",
                )
            batch.append(row)
            if len(batch) == BATCH:
                written += _write_batch(batch, target, actor)
                cache.set(progress_key(job.pk), written, 3600)
                batch = []
        if batch:
            written += _write_batch(batch, target, actor)
    if written == 0:
        raise ValidationError(_("Danh sách không có dòng nào."), code="empty")
    return written


def _insert(
    model: type[Model],
    rows: list[dict[str, Any]],
    ids: list[int] | None = None,
    *,
    returning: bool = True,
) -> list[int]:
    """Write rows (values by attname, the others at their field's default) and return their ids
    in order (`ids`: taken beforehand with `_new_ids`). PostgreSQL: one COPY; elsewhere
    multi-row INSERTs. Django's bulk_create prepares every value of every row through the
    compiler, and a multi-row INSERT's tens of thousands of placeholders cost psycopg more to
    parse than the server to run: most of an import's time at 100,000 rows. Only for rows the
    caller has judged (no full_clean here). `returning=False`: the ids are not needed (history
    and audit rows), the database numbers the rows."""
    if not rows:
        return []
    meta = model._meta
    auto = isinstance(meta.pk, AutoField)
    fields = [f for f in meta.concrete_fields if not (f.primary_key and auto)]
    if connection.vendor == "postgresql":
        if auto and returning:
            ids = ids or _new_ids(model, len(rows))
            rows = [{**row, meta.pk.attname: pk} for row, pk in zip(rows, ids, strict=True)]
            fields = [meta.pk, *fields]
        _copy(model, fields, rows)
        return ids or []
    return _insert_rows(model, fields, rows)


def _new_ids(model: type[Model], count: int) -> list[int]:
    """`count` ids of `model`'s sequence (PostgreSQL), for rows written by COPY: the ids are
    known before the rows, so rows pointing at them are built in the same pass."""
    if connection.vendor != "postgresql" or not count:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [r[0] for r in cursor.fetchall()]


def _copy(model: type[Model], fields: list, rows: list[dict[str, Any]]) -> None:
    quote = connection.ops.quote_name
    names = [f.attname for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[n] if n in row else defaults[n] for n in names])


def _insert_rows(model: type[Model], fields: list, rows: list[dict[str, Any]]) -> list[int]:
    """The other backends' path (SQLite in development and tests): multi-row INSERTs, dates
    prepared once per distinct value."""
    meta, ops = model._meta, connection.ops
    defaults = {f.attname: f.get_default() for f in fields}
    names = [f.attname for f in fields]
    adapt: dict[str, Any] = {}
    for f in fields:
        if isinstance(f, DateTimeField):
            adapt[f.attname] = ops.adapt_datetimefield_value
        elif isinstance(f, DateField):
            adapt[f.attname] = ops.adapt_datefield_value
    memo: dict[tuple[str, Any], Any] = {}

    def prepared(name: str, value: Any) -> Any:
        if name not in adapt or value is None:
            return value
        key = (name, value)
        if key not in memo:
            memo[key] = adapt[name](value)
        return memo[key]

    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    one = "(%s)" % ", ".join(["%s"] * len(fields))  # noqa: UP031 (SQL placeholders)
    per_statement = max(1, (connection.features.max_query_params or 60_000) // len(fields))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                prepared(name, row[name] if name in row else defaults[name])
                for row in chunk
                for name in names
            ]
            sql = "INSERT INTO %s (%s) VALUES %s RETURNING %s" % (  # noqa: S608, UP031
                ops.quote_name(meta.db_table),
                columns,
                ", ".join([one] * len(chunk)),
                ops.quote_name(meta.pk.column),
            )
            cursor.execute(sql, params)
            ids.extend(r[0] for r in cursor.fetchall())
    return ids


def _history(model: type[Model], rows: list[dict[str, Any]], ids: list[int], actor, now) -> None:
    """The history row each new record gets (django-simple-history's "+" row, as a service's
    save would write it), in bulk."""
    extra = {
        "history_date": now,
        "history_type": "+",
        "history_user_id": actor.pk,
        "history_change_reason": None,
    }
    _insert(
        model.history.model,
        [{**row, "id": pk, **extra} for row, pk in zip(rows, ids, strict=True)],
        returning=False,
    )


def _write_batch(rows: list[Row], target: Target, actor: User) -> int:
    """One batch of rows: the same records the services write one by one (petition_create,
    petition_item_classify, petition_item_transfer), written in bulk."""
    council, meeting, now = target.council, target.meeting, timezone.now()
    stamps = {"created_at": now, "updated_at": now}
    petitions = []
    for row in rows:
        text = row.values["content"]
        if row.values.get("note"):
            text += "\n" + _("Ghi chú: %(note)s") % {"note": row.values["note"]}
        petitions.append(
            {
                **stamps,
                "council_id": council.pk,
                "meeting_id": meeting.pk,
                "raised_on": meeting.held_on,
                "text": text,
                "voter_address": row.values.get("place", ""),
            }
        )
    petition_ids = _insert(Petition, petitions)
    _history(Petition, petitions, petition_ids, actor, now)
    keys = [search_key(row.values["content"]) for row in rows]  # once a row: the slowest call
    obligation_ids: list[int | None] = [None] * len(rows)
    # PostgreSQL: the items' ids are taken first, so each obligation names its item as it is
    # written (elsewhere one UPDATE links them after).
    new_ids = _new_ids(PetitionItem, len(rows)) if target.transfers else []
    if target.transfers:
        source_type = ContentType.objects.get_for_model(PetitionItem).pk if new_ids else None
        obligations = []
        for i, row in enumerate(rows):
            title = " ".join(row.values["content"].split())
            # The key squeezes spaces too: the content's key is the title's unless cut.
            title_key = keys[i] if len(title) <= 500 else search_key(title[:500])
            title = title[:500]
            obligations.append(
                {
                    **stamps,
                    **target.term,
                    "council_id": council.pk,
                    "kind": Obligation.Kind.PETITION_ITEM.value,
                    "owed_by_id": row.agency.pk,
                    "title": title,
                    "content": row.values["content"],
                    "search_text": title_key[:800],
                    "start_on": target.transfer_date,
                    "due_on": target.due_on,
                    "source_type_id": source_type,
                    "source_id": new_ids[i] if new_ids else None,
                }
            )
        obligation_ids = _insert(Obligation, obligations)
        _history(Obligation, obligations, obligation_ids, actor, now)
    status = PetitionItem.Status
    items = []
    for row, key, petition_id, obligation_id in zip(
        rows, keys, petition_ids, obligation_ids, strict=True
    ):
        content = row.values["content"]
        item = {
            **stamps,
            "petition_id": petition_id,
            "council_id": council.pk,
            "raised_on": meeting.held_on,
            "content": content,
            "search_text": key[:SEARCH_MAX],
            "competence": row.competence,
            "field": row.field,
            "agency_id": row.agency.pk if row.agency else None,
            "status": status.RECEIVED.value,
        }
        if obligation_id is not None:
            item["status"] = status.TRANSFERRED.value
            item["obligation_id"] = obligation_id
            item["transfer_number"] = target.transfer_number
            item["transfer_date"] = target.transfer_date
        elif row.competence and row.field:
            item["status"] = status.CLASSIFIED.value
        items.append(item)
    item_ids = _insert(PetitionItem, items, new_ids or None)
    _history(PetitionItem, items, item_ids, actor, now)
    moves = []
    for item, pk in zip(items, item_ids, strict=True):
        audit = {"item_id": pk, "actor_id": actor.pk, "at": now}
        if item["status"] != status.RECEIVED:
            moves.append({**audit, "from_status": status.RECEIVED, "to_status": status.CLASSIFIED})
        if item["status"] == status.TRANSFERRED:
            moves.append(
                {**audit, "from_status": status.CLASSIFIED, "to_status": status.TRANSFERRED}
            )
    _insert(PetitionItemTransition, moves, returning=False)
    statistics.add(item_ids)  # the statistics' summary, one INSERT … SELECT for the batch
    if target.transfers and not new_ids:
        # The obligation points back at its item (services._link_source, for the batch).
        Obligation.objects.filter(
            pk__gte=obligation_ids[0],
            pk__lte=obligation_ids[-1],
            source_id__isnull=True,
            petition_item__isnull=False,
        ).update(
            source_type=ContentType.objects.get_for_model(PetitionItem),
            source_id=Subquery(
                PetitionItem.objects.filter(obligation_id=OuterRef("pk")).values("pk")[:1]
            ),
        )
    return len(items)

"""Generated files, one kind of background job: queued, built by a Celery worker, downloaded.

Spreadsheets too big to build within a request and official documents (the urging letter, the
voters' reports, as PDF and DOCX) go the same way: an Export row is queued after the commit, a
worker builds it once (`export_build`, safe to run twice), and the file is kept privately. A page's
export view asks `wants_queue`: up to settings.EXPORT_SYNC_ROWS rows a spreadsheet is built at once;
past that the user is sent to the export's page, which refreshes itself until the file is ready.

Each kind is registered here (`KINDS`) by name, so that a worker finds it from the row alone: its
builder, the page it came from, its file type (Excel, PDF, DOCX) and whether it is purged after
KEEP_DAYS (a download) or kept as long as the record that points to it (a letter). A builder takes
the user and the parameters, applies the user's scope itself, and returns the file and the
number of rows written (None for a document).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.models import Export
from core.paging import count_upto
from core.uploads import DOCX, PDF, XLSX, FileKind, private_storage

if TYPE_CHECKING:
    from core.models import User

log = logging.getLogger(__name__)

Builder = Callable[..., tuple[IO[bytes], int | None]]


@dataclass(frozen=True)
class Kind:
    """What a worker needs to build one kind of file from its Export row alone."""

    builder: str  # dotted path of the builder
    source: str  # URL name of the page the file came from
    file: FileKind = XLSX  # its content type and extension
    # The parameter holding the source page's id ("obligation"); without one, the page is a
    # list reopened with the same filters (the parameters as its query string).
    source_param: str = ""
    source_args: tuple[str, ...] = ()  # fixed arguments of the source page's URL ("answers")
    purged: bool = True  # deleted after KEEP_DAYS; else kept with the record pointing to it


KINDS: dict[str, Kind] = {
    "resolutions.register": Kind(
        "resolutions.exports.register_workbook_rows", "resolutions:register"
    ),
    "followups.obligations": Kind(
        "followups.exports.obligation_workbook_rows", "followups:obligation_list"
    ),
    "oversight.recommendations": Kind(
        "oversight.activity_exports.recommendation_workbook_rows", "oversight:recommendation_list"
    ),
    "voters.petition_items": Kind(
        "voters.item_exports.petition_item_workbook_rows", "voters:petition_item_list"
    ),
    "voters.receptions": Kind(
        "voters.exports.reception_log_workbook_rows", "voters:reception_list"
    ),
    "voters.letters": Kind("voters.exports.letter_workbook_rows", "voters:letter_list"),
    "followups.urging_letter_pdf": Kind(
        "followups.letters.urging_letter_pdf",
        "followups:obligation_detail",
        PDF,
        source_param="obligation",
        purged=False,
    ),
    "followups.urging_letter_docx": Kind(
        "followups.letters.urging_letter_docx",
        "followups:obligation_detail",
        DOCX,
        source_param="obligation",
        purged=False,
    ),
    # The official reports of voters' work (voters.reports): back to their form, refilled.
    **{
        f"voters.report_{name}_{fmt.extension}": Kind(
            f"voters.reports.{name}_{fmt.extension}",
            "voters:report_form",
            fmt,
            source_args=(name,),
        )
        for name in ("petitions", "answers")
        for fmt in (PDF, DOCX)
    },
}
KEEP_DAYS = 7
# Shown on the export's page; stored in the language of the worker (the site's, Vietnamese).
BUILD_ERROR = _("Lỗi trong khi tạo tệp.")
TIME_LIMIT_ERROR = _(
    "Tệp quá lớn, không tạo xong trong thời gian cho phép. Hãy lọc bớt rồi thử lại."
)
STALLED_ERROR = _("Không tạo xong tệp: máy tạo tệp đã dừng giữa chừng. Hãy thử lại.")


def _transient_errors() -> tuple[type[Exception], ...]:
    """Errors a second try may not meet: the database or the broker briefly away."""
    from django.db import InterfaceError, OperationalError
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (OperationalError, InterfaceError, BrokerError, RedisConnectionError, RedisTimeoutError)


TRANSIENT_ERRORS = _transient_errors()


def source_url(export: Export) -> str:
    kind = KINDS[export.kind]
    if kind.source_param:
        return reverse(kind.source, args=[QueryDict(export.params).get(kind.source_param)])
    url = reverse(kind.source, args=kind.source_args)
    return f"{url}?{export.params}" if export.params else url


def builder(kind: str) -> Builder:
    return import_string(KINDS[kind].builder)


def file_kind(export: Export) -> FileKind:
    """The file's type (content type, extension), by the export's kind."""
    return KINDS[export.kind].file if export.kind in KINDS else XLSX


def export_start(*, user: User, kind: str, title: str, params: str, filename: str) -> Export:
    """Queue an export; the worker starts once the row is committed."""
    from core.tasks import build_export_task

    if kind not in KINDS:
        raise ValueError(f"unknown export {kind!r}")
    export = Export.objects.create(
        user=user, kind=kind, title=title, params=params[:2000], filename=filename
    )
    transaction.on_commit(lambda: build_export_task.delay(export.pk))
    return export


def export_name(export: Export) -> str:
    """One fixed storage name per export, so a second build overwrites rather than adds a file."""
    return f"exports/{export.pk}/{export.filename}"


def export_build(export_id: int) -> Export | None:
    """Build one queued export (the Celery task's body); safe to run twice.

    A worker killed mid-build leaves the row RUNNING and its message unacknowledged: the broker
    hands the job to the next worker, which builds again from scratch. The file goes to one
    fixed name (overwritten), and the status flips to DONE only after the file is written, in
    one save under the row's lock. Returns None when the export is gone, done or failed.
    """
    with transaction.atomic():
        export = (
            # of=self: lock the export row only, not the user joined to it.
            Export.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=export_id, status__in=(Export.Status.QUEUED, Export.Status.RUNNING))
            .first()
        )
        if export is None:
            return None
        export.status = Export.Status.RUNNING
        export.save(update_fields=["status"])
    try:
        out, rows = builder(export.kind)(user=export.user, filters=QueryDict(export.params))
    except TRANSIENT_ERRORS:
        raise  # the task tries again later (core.tasks.build_export_task)
    except SoftTimeLimitExceeded:
        log.warning("export %s ran out of time", export.pk)
        return export_fail(export_id=export.pk, error=TIME_LIMIT_ERROR)
    except Exception:
        log.exception("export %s failed", export.pk)
        return export_fail(export_id=export.pk, error=BUILD_ERROR)
    name = export_name(export)
    with transaction.atomic():
        export = Export.objects.select_for_update(of=("self",)).filter(pk=export_id).first()
        if export is None or export.status != Export.Status.RUNNING:
            return export  # done by another run meanwhile, or failed by the sweep
        with out:
            private_storage.delete(name)
            export.file.name = private_storage.save(name, File(out))
        export.rows = rows
        export.status = Export.Status.DONE
        export.error = ""
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "rows", "status", "error", "finished_at"])
    return export


def export_fail(*, export_id: int, error: str) -> Export | None:
    """Mark an unfinished export failed with the reason shown on its page (done ones stay)."""
    with transaction.atomic():
        export = Export.objects.select_for_update(of=("self",)).filter(pk=export_id).first()
        if export is None or export.status in (Export.Status.DONE, Export.Status.FAILED):
            return export
        export.status = Export.Status.FAILED
        export.error = str(error)[:255]
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
    return export


def export_fail_stalled(*, now=None) -> int:
    """Fail exports queued or running past any build's time (a sweep); returns how many."""
    cutoff = (now or timezone.now()) - timedelta(seconds=Export.stalled_after())
    return Export.objects.filter(
        status__in=(Export.Status.QUEUED, Export.Status.RUNNING), created_at__lt=cutoff
    ).update(status=Export.Status.FAILED, error=str(STALLED_ERROR), finished_at=timezone.now())


def export_purge(*, now=None) -> int:
    """Delete downloads (rows and files) older than KEEP_DAYS; returns how many went. Files
    kept with a record (`Kind.purged` False: a letter) stay."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    kept = [name for name, kind in KINDS.items() if not kind.purged]
    return export_delete(Export.objects.filter(created_at__lt=cutoff).exclude(kind__in=kept))


def export_delete(exports: QuerySet[Export]) -> int:
    """Delete exports and their files (a file replaced by a new build, or too old); a worker
    still holding one of them finds it gone and stops (`export_build`)."""
    old = list(exports)
    for export in old:
        if export.file:
            export.file.delete(save=False)
    Export.objects.filter(pk__in=[e.pk for e in old]).delete()
    return len(old)


def wants_queue(qs: QuerySet) -> bool:
    """Whether an export of these rows goes to a worker rather than the request.

    Counts no further than the limit: a national register is not counted row by row only to
    learn that it is more than a few thousand.
    """
    return count_upto(qs, settings.EXPORT_SYNC_ROWS) > settings.EXPORT_SYNC_ROWS

import os
import socket

from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded

from core.exports import TRANSIENT_ERRORS


@shared_task(ignore_result=False)
def worker_probe_task() -> dict[str, object]:
    """Report which process ran the task, so CI can prove a real worker took it from Redis."""
    return {"pid": os.getpid(), "hostname": socket.gethostname()}


class ExportTask(Task):
    """Marks the export failed at once when its task dies for good (hard time limit, crash)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from core.exports import BUILD_ERROR, TIME_LIMIT_ERROR, export_fail

        error = TIME_LIMIT_ERROR if isinstance(exc, TimeLimitExceeded) else BUILD_ERROR
        export_fail(export_id=args[0] if args else kwargs["export_id"], error=str(error))


@shared_task(
    base=ExportTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def build_export_task(export_id: int) -> None:
    """Build a queued file (core.exports: a spreadsheet, a PDF, a DOCX) in the worker; a killed
    worker's job comes back, and one that met the database or the broker away is tried again
    with a growing delay (the build is safe to run twice)."""
    from core.exports import export_build

    export_build(export_id)


@shared_task
def fail_stalled_exports_task() -> int:
    """Every few minutes: fail exports no worker can finish any more, so their page says so."""
    from core.exports import export_fail_stalled

    return export_fail_stalled()


@shared_task
def purge_exports_task() -> int:
    """Daily: drop exports older than a week, files and rows."""
    from core.exports import export_purge

    return export_purge()


@shared_task
def purge_view_log_task() -> int:
    """Daily: drop view-log rows older than VIEW_LOG_KEEP_DAYS."""
    from core.viewlog import view_log_purge

    return view_log_purge()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notification_digest_task(day: str) -> int:
    """The day's e-mail digest (core.notifications): at most one e-mail per user and day, so a
    job that comes back after a killed worker sends only what was not yet claimed."""
    from datetime import date

    from core.notifications import notification_digest_send

    return notification_digest_send(day=date.fromisoformat(day)).sent

"""Voters' background work: the import of a compiled petition list (voters.imports)."""

from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded

from core.exports import TRANSIENT_ERRORS


class ImportTask(Task):
    """Marks the import failed at once when its task dies for good (hard time limit, crash),
    as core.tasks.ExportTask does for files."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from voters.imports import IMPORT_ERROR, TIME_LIMIT_ERROR, petition_import_fail

        error = TIME_LIMIT_ERROR if isinstance(exc, TimeLimitExceeded) else IMPORT_ERROR
        petition_import_fail(job_id=args[0] if args else kwargs["job_id"], error=str(error))


@shared_task(
    base=ImportTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def petition_import_task(job_id: int) -> None:
    """Write a previewed petition list in one transaction; a killed worker's job comes back
    and runs again from the start (nothing of the first run was committed)."""
    from voters.imports import petition_import_run

    petition_import_run(job_id)


@shared_task
def fail_stalled_imports_task() -> int:
    """Every few minutes: fail imports no worker can finish any more, so their page says so."""
    from voters.imports import petition_import_fail_stalled

    return petition_import_fail_stalled()

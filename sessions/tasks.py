"""Background work of the sessions app (Celery): queued by sessions.services after a commit."""

from celery import shared_task

from core.exports import TRANSIENT_ERRORS


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=3,
)
def session_results_pdf_task(session_id: int, requested_by_id: int) -> bool:
    """Build a session's results PDF into core.pdf's cache after its results changed, so the
    first reader is served the stored file (Issue 10). Safe to run twice: the file is named by
    its HTML, and a run finds or builds the report as it stands then."""
    from sessions.printing import session_results_prebuild

    return session_results_prebuild(session_id=session_id, requested_by_id=requested_by_id)

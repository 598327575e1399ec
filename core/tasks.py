import os
import socket

from celery import shared_task


@shared_task(ignore_result=False)
def worker_probe_task() -> dict[str, object]:
    """Report which process ran the task, so CI can prove a real worker took it from Redis."""
    return {"pid": os.getpid(), "hostname": socket.gethostname()}


@shared_task
def build_export_task(export_id: int) -> None:
    """Build a queued spreadsheet (core.exports) in the worker."""
    from core.exports import export_build

    export_build(export_id)


@shared_task
def purge_exports_task() -> int:
    """Daily: drop exports older than a week, files and rows."""
    from core.exports import export_purge

    return export_purge()

import os
import socket

from celery import shared_task


@shared_task(ignore_result=False)
def worker_probe_task() -> dict[str, object]:
    """Report which process ran the task, so CI can prove a real worker took it from Redis."""
    return {"pid": os.getpid(), "hostname": socket.gethostname()}

"""Celery app: tasks run in a worker through Redis, or in-process when REDIS_URL is unset."""

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")

app = Celery("hdnd")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def pdf_warm_on_worker_start(**_kwargs) -> None:
    """Load WeasyPrint and decode the documents' fonts once, in the worker's main process before
    it forks its pool: every child (and each replacement after --max-tasks-per-child) starts
    warm, and no child spends its start-up time limit on it."""
    from core.pdf import pdf_warm

    pdf_warm()


@worker_process_init.connect
def pdf_warm_on_pool_process_start(**_kwargs) -> None:
    """Each pool process sets up its own font configuration (fontconfig, Pango caches: not
    shared across a fork) before its first task; the fonts come decoded from the parent."""
    from core.pdf import pdf_warm

    pdf_warm()

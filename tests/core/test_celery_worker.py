"""Celery: in-process without Redis; a real worker through Redis when REDIS_URL is set."""

import os

import pytest
from django.conf import settings

from core.tasks import worker_probe_task
from hdnd.celery import app


def test_tasks_run_in_process_exactly_when_there_is_no_redis():
    """`make run` needs no broker: with no REDIS_URL, tasks run eagerly in this process."""
    assert app.conf.task_always_eager is (not settings.REDIS_URL)
    assert app.conf.broker_url == (settings.REDIS_URL or "memory://")


@pytest.mark.live_worker
def test_task_runs_in_a_real_worker_through_redis():
    """CI starts a worker; the task must leave this process through Redis and come back."""
    assert settings.REDIS_URL, "the live-worker test needs REDIS_URL (run it through .ci/run)"
    assert app.conf.task_always_eager is False
    result = worker_probe_task.delay()
    info = result.get(timeout=60)
    assert info["pid"] != os.getpid()

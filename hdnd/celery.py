"""Celery app: tasks run in a worker through Redis, or in-process when REDIS_URL is unset."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")

app = Celery("hdnd")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

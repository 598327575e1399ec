"""Big exports go to a Celery worker: queued, built with the user's scope, downloaded by the
user alone, purged after a week."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import exports
from core.models import Export
from hdnd.celery import app
from resolutions.models import Resolution
from tests.factories import ResolutionFactory

EXPORT = reverse("resolutions:register_export")


@pytest.fixture
def eager(settings):
    """Tasks run here, in the test's transaction, even when CI points Celery at a real worker."""
    settings.EXPORT_SYNC_ROWS = 5
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def register(tree, people, eager):
    """8 district resolutions (2 of them on health), 3 of the sibling province."""
    for i in range(8):
        ResolutionFactory(council=people["district"].council, field="health" if i < 2 else "budget")
    for _ in range(3):
        ResolutionFactory(council=people["sibling"].council)


def _xlsx_numbers(content: bytes) -> list[str]:
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    return [r[0] for r in rows[1:]]


def _queue(client, user, django_capture_on_commit_callbacks, params=None):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT, params or {})
    assert response.status_code == 302
    export = Export.objects.get(user=user)
    assert response["Location"] == reverse("core:export_detail", args=[export.pk])
    export.refresh_from_db()
    return export


def test_a_big_export_is_built_by_the_worker_with_the_users_scope(
    client, tree, register, django_capture_on_commit_callbacks
):
    clerk = tree.users["province_clerk"]
    export = _queue(client, clerk, django_capture_on_commit_callbacks)
    assert export.status == Export.Status.DONE
    assert export.rows == 8
    page = client.get(reverse("core:export_detail", args=[export.pk]))
    assert "8 dòng" in page.content.decode()
    assert 'href="/resolutions/"' in page.content.decode()  # back to the page it came from
    assert "hx-trigger" not in page.content.decode()  # done: no more polling
    download = client.get(reverse("core:export_download", args=[export.pk]))
    assert download.status_code == 200
    numbers = _xlsx_numbers(b"".join(download.streaming_content))
    visible = Resolution.objects.filter(council=tree.council("district")).values_list(
        "number", flat=True
    )
    assert sorted(numbers) == sorted(visible)


def test_the_worker_applies_the_pages_filters(
    client, tree, register, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROWS = 1
    export = _queue(
        client, tree.users["admin"], django_capture_on_commit_callbacks, {"field": "health"}
    )
    assert export.params == "field=health"
    assert export.rows == 2
    page = client.get(reverse("core:export_detail", args=[export.pk])).content.decode()
    assert 'href="/resolutions/?field=health"' in page


def test_a_small_export_still_downloads_at_once(client, tree, register, settings):
    settings.EXPORT_SYNC_ROWS = 100
    client.force_login(tree.users["province_clerk"])
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert len(_xlsx_numbers(b"".join(response.streaming_content))) == 8
    assert not Export.objects.exists()


@pytest.mark.parametrize(("limit", "queued"), [(8, False), (7, True)])
def test_a_count_capped_at_the_limit_decides_at_once_or_queued(
    client, tree, register, settings, limit, queued
):
    """8 rows in scope: a limit of 8 builds them at once, 7 queues them; either way the count
    stops at limit + 1 rows instead of counting the whole register."""
    settings.EXPORT_SYNC_ROWS = limit
    client.force_login(tree.users["province_clerk"])
    with CaptureQueriesContext(connection) as context:
        response = client.get(EXPORT)
    assert response.status_code == (302 if queued else 200)
    assert Export.objects.exists() is queued
    [count] = [q["sql"] for q in context.captured_queries if "COUNT(" in q["sql"].upper()]
    assert f"LIMIT {limit + 1}" in count
    if queued:
        assert Export.objects.get().title == "Sổ nghị quyết (hơn 7 dòng)"


@pytest.mark.parametrize("who", ["sibling_clerk", "admin", "province_standing"])
def test_only_the_owner_sees_or_downloads_an_export(
    client, tree, register, who, django_capture_on_commit_callbacks
):
    export = _queue(client, tree.users["province_clerk"], django_capture_on_commit_callbacks)
    client.force_login(tree.users[who])
    for name in ("core:export_detail", "core:export_download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
    assert export.title not in client.get(reverse("core:export_list")).content.decode()


def test_exports_need_a_login(client, tree, register, django_capture_on_commit_callbacks):
    export = _queue(client, tree.users["province_clerk"], django_capture_on_commit_callbacks)
    client.logout()
    for url in (
        reverse("core:export_list"),
        reverse("core:export_detail", args=[export.pk]),
        reverse("core:export_download", args=[export.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_a_queued_export_page_polls_and_cannot_be_downloaded_yet(client, tree, register):
    clerk = tree.users["province_clerk"]
    client.force_login(clerk)
    response = client.get(EXPORT)  # on_commit never runs inside the test transaction
    export = Export.objects.get(user=clerk)
    assert export.status == Export.Status.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="export-status"')
    download = client.get(reverse("core:export_download", args=[export.pk]))
    assert download.status_code == 404


def test_a_failed_build_is_reported_and_not_retried(client, tree, register, monkeypatch):
    clerk = tree.users["province_clerk"]
    client.force_login(clerk)
    client.get(EXPORT)
    export = Export.objects.get(user=clerk)

    def broken(**_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "builder", lambda kind: broken)
    built = exports.export_build(export.pk)
    assert built.status == Export.Status.FAILED
    assert exports.export_build(export.pk) is None  # only queued exports are built
    page = client.get(reverse("core:export_detail", args=[export.pk])).content.decode()
    assert "Không tạo được tệp" in page


def test_exports_older_than_a_week_are_purged_with_their_files(
    client, tree, register, django_capture_on_commit_callbacks
):
    export = _queue(client, tree.users["province_clerk"], django_capture_on_commit_callbacks)
    path = export.file.path
    fresh = _queue(client, tree.users["admin"], django_capture_on_commit_callbacks)
    Export.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert exports.export_purge() == 1
    assert not Export.objects.filter(pk=export.pk).exists()
    assert Export.objects.filter(pk=fresh.pk).exists()
    assert not os.path.exists(path)


def test_an_unknown_kind_is_refused(tree):
    with pytest.raises(ValueError, match="unknown export"):
        exports.export_start(
            user=tree.users["admin"], kind="nope", title="x", params="", filename="x.xlsx"
        )


def test_an_export_the_worker_never_finished_stops_waiting(client, tree, register):
    """Past the task's hard time limit nothing will finish it: no endless polling."""
    clerk = tree.users["province_clerk"]
    client.force_login(clerk)
    client.get(EXPORT)
    export = Export.objects.get(user=clerk)
    url = reverse("core:export_detail", args=[export.pk])
    assert "hx-trigger" in client.get(url).content.decode()
    Export.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(minutes=40))
    page = client.get(url).content.decode()
    assert "hx-trigger" not in page
    assert "Không tạo được tệp" in page
    assert "Không tạo được" in client.get(reverse("core:export_list")).content.decode()


def _files_of(export: Export) -> list[str]:
    folder = os.path.dirname(export.file.path)
    return sorted(os.listdir(folder))


def test_a_build_a_killed_worker_left_running_is_done_again_into_one_file(client, tree, register):
    """The broker hands a dead worker's job to the next: it rebuilds, overwriting, exactly once."""
    clerk = tree.users["province_clerk"]
    client.force_login(clerk)
    client.get(EXPORT)
    export = Export.objects.get(user=clerk)
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING)  # the worker died
    partial = exports.private_storage.save(exports.export_name(export), io.BytesIO(b"half"))
    built = exports.export_build(export.pk)
    assert built.status == Export.Status.DONE
    assert built.file.name == partial  # the same name, overwritten, not a second file
    assert _xlsx_numbers(built.file.read())
    assert _files_of(built) == [export.filename]
    assert exports.export_build(export.pk) is None  # a third delivery finds it done
    assert _files_of(built) == [export.filename]


def test_a_task_that_dies_for_good_marks_its_export_failed_at_once(client, tree, register):
    """A hard time limit kills the build: the page says failed, with the reason, and stops."""
    from celery.exceptions import TimeLimitExceeded

    from core.tasks import build_export_task

    clerk = tree.users["province_clerk"]
    client.force_login(clerk)
    client.get(EXPORT)
    export = Export.objects.get(user=clerk)
    build_export_task.on_failure(TimeLimitExceeded(900), "task-id", (export.pk,), {}, None)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert export.error == str(exports.TIME_LIMIT_ERROR)
    page = client.get(reverse("core:export_detail", args=[export.pk])).content.decode()
    assert "hx-trigger" not in page
    assert export.error in page
    assert "tệp vẫn được tạo" not in page  # "failed" replaces "still being built"


def test_a_stalled_page_no_longer_says_the_file_is_being_built(client, tree, register):
    clerk = tree.users["province_clerk"]
    client.force_login(clerk)
    client.get(EXPORT)
    export = Export.objects.get(user=clerk)
    url = reverse("core:export_detail", args=[export.pk])
    assert "tệp vẫn được tạo" in client.get(url).content.decode()
    Export.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert "tệp vẫn được tạo" not in client.get(url).content.decode()


def test_the_sweep_fails_only_exports_no_worker_can_finish(client, tree, register):
    clerk = tree.users["province_clerk"]
    client.force_login(clerk)
    client.get(EXPORT)
    client.get(EXPORT)
    old, fresh = Export.objects.filter(user=clerk).order_by("id")
    Export.objects.filter(pk=old.pk).update(
        status=Export.Status.RUNNING,
        created_at=timezone.now() - timedelta(seconds=Export.stalled_after() + 1),
    )
    assert exports.export_fail_stalled() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.error) == (Export.Status.FAILED, str(exports.STALLED_ERROR))
    assert fresh.status == Export.Status.QUEUED
    assert exports.export_build(old.pk) is None  # a late redelivery does not revive it


def test_jobs_are_acknowledged_late_and_handed_back_when_their_worker_dies(settings):
    """Redis redelivers an unacknowledged job after the visibility timeout: never mid-run."""
    from core.tasks import build_export_task

    assert build_export_task.acks_late is True
    assert build_export_task.reject_on_worker_lost is True
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility > app.conf.task_time_limit > app.conf.task_soft_time_limit


def test_a_build_that_meets_the_database_away_is_tried_again(client, tree, register, monkeypatch):
    """A transient error (the database or the broker briefly away) is not a failure: the task
    tries again with a growing delay, and the second try builds the file."""
    from django.db import OperationalError

    from core.tasks import build_export_task

    clerk = tree.users["province_clerk"]
    client.force_login(clerk)
    client.get(EXPORT)  # queued; on_commit never runs inside the test's transaction
    export = Export.objects.get(user=clerk)
    real = exports.builder(export.kind)
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(exports, "builder", lambda kind: flaky)
    build_export_task.apply(args=[export.pk], throw=False)  # the retry runs at once, here
    export.refresh_from_db()
    assert len(calls) == 2
    assert export.status == Export.Status.DONE
    assert _xlsx_numbers(export.file.read())
    assert build_export_task.max_retries == 5
    assert build_export_task.retry_backoff


def test_a_build_that_keeps_meeting_the_database_away_fails_in_the_end(
    client, tree, register, monkeypatch
):
    from django.db import OperationalError

    from core.tasks import build_export_task

    clerk = tree.users["province_clerk"]
    client.force_login(clerk)
    client.get(EXPORT)
    export = Export.objects.get(user=clerk)
    calls = []

    def down(**_kwargs):
        calls.append(1)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(exports, "builder", lambda kind: down)
    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False  # each retry's result kept, not raised here
    try:
        result = build_export_task.apply(args=[export.pk])
    finally:
        app.conf.task_eager_propagates = before
    assert isinstance(result.result, OperationalError)
    export.refresh_from_db()
    assert len(calls) == build_export_task.max_retries + 1
    assert export.status == Export.Status.FAILED


def test_each_kind_declares_its_file_type():
    """Excel, PDF, DOCX: the download's content type comes from the kind."""
    assert exports.KINDS["resolutions.register"].file.extension == "xlsx"
    assert exports.KINDS["followups.urging_letter_pdf"].file.content_type == "application/pdf"
    assert exports.KINDS["followups.urging_letter_docx"].file.extension == "docx"
    for kind in exports.KINDS.values():
        exports.import_string(kind.builder)  # every builder can be found from the row alone

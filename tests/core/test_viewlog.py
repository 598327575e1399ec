"""The log of who viewed which record: one insert, purged after its time, read by administrators."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import ViewLog
from core.tasks import purge_view_log_task
from core.viewlog import record_view
from councils.models import Role
from councils.services import role_assign
from sessions.models import Document
from tests.factories import DocumentFactory, SessionFactory, UserFactory, system_actor


@pytest.fixture
def paper(tree, term):
    session = SessionFactory(council=tree.council("commune"), term=term)
    return DocumentFactory(session=session, title="Hồ sơ nhân sự", confidential=True)


def test_recording_a_view_is_one_insert(tree, paper, django_assert_num_queries):
    """No read: the content type comes from the per-process cache once it is warm."""
    clerk = tree.users["commune_office"]
    ContentType.objects.get_for_model(Document)
    request = RequestFactory().get("/sessions/documents/7/download/?v=2")
    with django_assert_num_queries(1) as captured:
        record_view(clerk, paper, request, reason="Kiểm tra hồ sơ")
    assert captured.captured_queries[0]["sql"].lstrip().upper().startswith("INSERT")
    row = ViewLog.objects.get()
    assert (row.user, row.content_type.model_class(), row.object_id) == (clerk, Document, paper.pk)
    assert (row.path, row.reason) == ("/sessions/documents/7/download/?v=2", "Kiểm tra hồ sơ")
    assert timezone.now() - row.viewed_at < timedelta(minutes=1)


def test_the_purge_keeps_recent_rows(tree, paper, settings, celery_eager):
    settings.VIEW_LOG_KEEP_DAYS = 30
    clerk = tree.users["commune_office"]
    now = timezone.now()
    for days in (400, 31, 29, 0):
        ViewLog.objects.filter(pk=record_view(clerk, paper).pk).update(
            viewed_at=now - timedelta(days=days)
        )
    assert purge_view_log_task.delay().get() == 2
    kept = sorted((now - v).days for v in ViewLog.objects.values_list("viewed_at", flat=True))
    assert kept == [0, 29]


def test_the_purge_runs_daily_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-view-log"]
    assert entry["task"] == purge_view_log_task.name
    assert entry["schedule"] == 24 * 60 * 60


def test_opening_a_confidential_paper_is_logged_once(client, tree, paper, term):
    """A confidential download costs one insert more than an open one; refusals log nothing."""
    open_paper = DocumentFactory(session=paper.session, title="Tờ trình công khai")
    clerk = tree.users["commune_office"]
    client.force_login(clerk)
    ContentType.objects.get_for_model(Document)
    url = reverse("sessions:document_download", args=[paper.versions.get().pk])
    open_url = reverse("sessions:document_download", args=[open_paper.versions.get().pk])
    client.get(open_url)  # warm the session
    with CaptureQueriesContext(connection) as open_queries:
        assert client.get(open_url).status_code == 200
    with CaptureQueriesContext(connection) as secret_queries:
        assert client.get(url).status_code == 200
    assert len(secret_queries) == len(open_queries) + 1
    row = ViewLog.objects.get()
    assert (row.user, row.object_id, row.path) == (clerk, paper.pk, url)
    client.force_login(tree.users["commune_delegate"])  # may not see it: 404, nothing logged
    assert client.get(url).status_code == 404
    assert ViewLog.objects.count() == 1


@pytest.fixture
def readers(tree):
    """Who may read the log: superusers and administrators of the whole system only."""
    national = UserFactory(username="national_admin")
    role_assign(
        actor=system_actor(),
        user=national,
        role=Role.ADMIN,
        council=None,
        valid_from=date(2021, 1, 1),
    )
    provincial = UserFactory(username="provincial_admin")
    role_assign(
        actor=system_actor(),
        user=provincial,
        role=Role.ADMIN,
        council=tree.council("province"),
        valid_from=date(2021, 1, 1),
    )
    staff = UserFactory(username="staff_with_perm", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_viewlog"))
    return {
        "admin": tree.users["admin"],
        "national_admin": national,
        "provincial_admin": provincial,
        "staff_with_perm": staff,
        "province_clerk": tree.users["province_clerk"],
        "anonymous": None,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("national_admin", 200),
        ("provincial_admin", 403),  # the log spans every council
        ("staff_with_perm", 403),  # a model permission alone does not open it
        ("province_clerk", 302),  # not staff: the admin's sign-in page
        ("anonymous", 302),
    ],
)
def test_only_system_administrators_read_the_log(client, readers, paper, who, status):
    record_view(readers["admin"], paper)
    if readers[who] is not None:
        client.force_login(readers[who])
    response = client.get(reverse("admin:core_viewlog_changelist"))
    assert response.status_code == status
    if status == 200:
        assert list(response.context["cl"].result_list) == list(ViewLog.objects.all())


def test_the_log_is_never_written_through_the_admin(client, tree, paper):
    row = record_view(tree.users["admin"], paper)
    client.force_login(tree.users["admin"])
    assert client.get(reverse("admin:core_viewlog_add")).status_code == 403
    assert client.post(reverse("admin:core_viewlog_delete", args=[row.pk])).status_code == 403
    page = client.get(reverse("admin:core_viewlog_change", args=[row.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert ViewLog.objects.count() == 1


def test_the_admin_list_has_a_fixed_query_count(client, tree, paper, django_assert_num_queries):
    """Users and content types come joined: no query per row."""
    for _ in range(30):
        record_view(tree.users["commune_office"], paper)
    client.force_login(tree.users["admin"])
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:core_viewlog_changelist"))
    assert len(response.context["cl"].result_list) == 30


# ---------------------------------------------------------------------------------------------
# The application's page of the log (core:view_log_list).

LOG_PAGE = reverse("core:view_log_list")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("national_admin", 200),
        ("provincial_admin", 403),  # the log spans every council
        ("staff_with_perm", 403),  # a model permission alone does not open it
        ("province_clerk", 403),
        ("anonymous", 302),
    ],
)
def test_only_system_administrators_open_the_log_page(client, readers, paper, who, status):
    record_view(readers["province_clerk"], paper)
    if readers[who] is not None:
        client.force_login(readers[who])
    response = client.get(LOG_PAGE)
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(f"{reverse('login')}?next=")
    if status == 200:
        assert [row.user for row in response.context["page"]] == [readers["province_clerk"]]


def test_the_sidebar_links_the_log_for_its_readers_only(client, readers):
    client.force_login(readers["national_admin"])
    assert LOG_PAGE in client.get(reverse("core:notification_list")).content.decode()
    client.force_login(readers["provincial_admin"])
    assert LOG_PAGE not in client.get(reverse("core:notification_list")).content.decode()


def test_the_log_page_filters_by_user_record_and_day(client, tree, readers, paper, term):
    other = DocumentFactory(session=paper.session, title="Biên bản")
    clerk, office = tree.users["province_clerk"], tree.users["commune_office"]
    now = timezone.now()
    record_view(clerk, paper)
    record_view(office, paper)
    record_view(office, other)
    old = record_view(office, other)
    old.viewed_at = now - timedelta(days=40)
    old.save(update_fields=["viewed_at"])
    document_type = ContentType.objects.get_for_model(Document).pk
    client.force_login(readers["admin"])

    def shown(**query) -> list[tuple[str, int]]:
        response = client.get(LOG_PAGE, query)
        assert response.status_code == 200
        return [(row.user.username, row.object_id) for row in response.context["page"]]

    assert len(shown()) == 4
    assert shown(username="province_clerk") == [("province_clerk", paper.pk)]
    assert sorted(shown(record_type=document_type, object_id=other.pk)) == [
        ("commune_office", other.pk),
        ("commune_office", other.pk),
    ]
    since = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    assert len(shown(date_from=since)) == 3
    until = (timezone.localdate() - timedelta(days=30)).strftime("%d/%m/%Y")
    assert shown(date_to=until) == [("commune_office", other.pk)]


def test_the_log_page_reports_bad_filters_on_their_fields(client, readers, paper):
    client.force_login(readers["admin"])
    response = client.get(
        LOG_PAGE, {"date_from": "31/12/2025", "date_to": "01/01/2025", "object_id": "7"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"date_to", "record_type"}
    assert 'value="31/12/2025"' in response.content.decode()


def test_the_log_page_has_a_fixed_query_count(client, tree, paper, django_assert_max_num_queries):
    """60 rows, a page of 50: session, user, scope, count, ids, rows (users and types joined)."""
    for who in ("commune_office", "province_clerk"):
        for _ in range(30):
            record_view(tree.users[who], paper)
    client.force_login(tree.users["admin"])
    client.get(LOG_PAGE)  # content types cached, as in a running process
    with django_assert_max_num_queries(6):
        response = client.get(LOG_PAGE, {"page": "2"})
    assert len(response.context["page"]) == 10
    assert response.context["page"].count == 60

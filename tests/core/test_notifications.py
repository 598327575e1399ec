"""The notification centre: the bell, the list, mark read, the digest preference, the digest."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import notifications, selectors
from core.models import DigestMarker, Notification, User
from tests.factories import UserFactory


def notify(user: User, n: int = 1, *, prefix: str = "k", when=None, url: str = "/followups/"):
    """Notifications through the one write (`notifications_add`); returns them, newest last."""
    rows = [
        Notification(
            user=user,
            kind="test.kind",
            key=f"{prefix}:{i}",
            title=f"Thông báo {prefix} {i} của {user.username}",
            body="Nội dung",
            url=url,
            created_at=when or timezone.now(),
        )
        for i in range(n)
    ]
    notifications.notifications_add(rows)
    return list(Notification.objects.filter(user=user, key__startswith=f"{prefix}:").order_by("id"))


@pytest.fixture
def alice(db) -> User:
    return UserFactory(username="alice", email="alice@example.vn")


@pytest.fixture
def bob(db) -> User:
    return UserFactory(username="bob", email="bob@example.vn")


# --- the one write ---------------------------------------------------------------------------


def test_the_same_key_is_written_once_per_user(alice, bob):
    notify(alice, 3)
    notify(alice, 3)
    notify(bob, 3)
    assert Notification.objects.filter(user=alice).count() == 3
    assert Notification.objects.count() == 6


# --- the bell ----------------------------------------------------------------------------------


def test_bell_counts_only_the_users_own_unread(client, alice, bob, django_assert_num_queries):
    mine = notify(alice, 3)
    notify(bob, 5)
    notifications.notification_mark_read(user=alice, notification=mine[0])
    client.force_login(alice)
    with django_assert_num_queries(3):  # session, user, the capped count
        response = client.get(reverse("core:notification_bell"))
    assert response.status_code == 200
    assert 'data-unread="2"' in response.content.decode()


def test_bell_caps_its_count(client, alice):
    notify(alice, selectors.UNREAD_CAP + 5)
    client.force_login(alice)
    html = client.get(reverse("core:notification_bell")).content.decode()
    assert f"{selectors.UNREAD_CAP}+" in html


def test_bell_is_empty_without_unread_and_for_anonymous(client, alice):
    client.force_login(alice)
    assert "badge" not in client.get(reverse("core:notification_bell")).content.decode()
    client.logout()
    response = client.get(reverse("core:notification_bell"))
    assert response.status_code == 204  # no login page inside the bell


def test_pages_load_the_bell_lazily(client, alice):
    """The navigation asks for the count after the page loaded: the page itself runs no query
    for it (pinned page query counts elsewhere hold that)."""
    client.force_login(alice)
    html = client.get(reverse("core:export_list")).content.decode()
    assert f'data-unread-url="{reverse("core:notification_bell")}"' in html
    assert "hx-trigger" not in html  # pages that poll (exports) say so; the bell never does


# --- the list ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("user", 200), ("anonymous", 302)])
def test_list_needs_login(client, alice, who, status):
    if who == "user":
        client.force_login(alice)
    assert client.get(reverse("core:notification_list")).status_code == status


def test_list_shows_only_own_newest_first(client, alice, bob, django_assert_num_queries):
    mine = notify(alice, 40)
    notify(bob, 3, prefix="bob")
    client.force_login(alice)
    with django_assert_num_queries(5):  # session, user, the page, unread count, the sidebar's roles
        response = client.get(reverse("core:notification_list"))
    shown = response.context["notifications"]
    assert [n.pk for n in shown] == [n.pk for n in reversed(mine)][:30]
    html = response.content.decode()
    assert "của bob" not in html
    older = response.context["older"]
    assert older == shown[-1].pk
    rest = client.get(reverse("core:notification_list"), {"before": older}).context
    assert [n.pk for n in rest["notifications"]] == [n.pk for n in reversed(mine[:10])]
    assert rest["older"] is None


def test_list_ignores_a_malformed_page_marker(client, alice):
    notify(alice, 2)
    client.force_login(alice)
    response = client.get(reverse("core:notification_list"), {"before": "1; drop"})
    assert response.status_code == 200
    assert len(response.context["notifications"]) == 2


# --- open, mark read ---------------------------------------------------------------------------


def test_open_marks_read_and_goes_to_the_page(client, alice):
    (notification,) = notify(alice, url="/followups/42/")
    client.force_login(alice)
    response = client.get(reverse("core:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/followups/42/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_never_leaves_the_site(client, alice):
    (notification,) = notify(alice, url="https://evil.example/")
    client.force_login(alice)
    response = client.get(reverse("core:notification_open", args=[notification.pk]))
    assert response["Location"] == reverse("core:notification_list")


@pytest.mark.parametrize(
    ("name", "method"), [("core:notification_open", "get"), ("core:notification_read", "post")]
)
@pytest.mark.parametrize(("who", "status"), [("owner", 302), ("other", 404), ("anonymous", 302)])
def test_open_and_read_are_the_owners_only(client, alice, bob, name, method, who, status):
    """Another user's notification is a 404, as a missing one; it stays unread."""
    (notification,) = notify(alice)
    if who != "anonymous":
        client.force_login(alice if who == "owner" else bob)
    response = getattr(client, method)(reverse(name, args=[notification.pk]))
    assert response.status_code == status
    notification.refresh_from_db()
    assert (notification.read_at is not None) == (who == "owner")
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_read_needs_post(client, alice):
    (notification,) = notify(alice)
    client.force_login(alice)
    assert client.get(reverse("core:notification_read", args=[notification.pk])).status_code == 405


def test_read_all_marks_only_own(client, alice, bob):
    notify(alice, 3)
    notify(bob, 2)
    client.force_login(alice)
    assert client.post(reverse("core:notification_read_all")).status_code == 302
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=bob, read_at__isnull=True).count() == 2


def test_read_all_needs_login(client, alice):
    notify(alice, 2)
    response = client.post(reverse("core:notification_read_all"))
    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_first_read_time_is_kept(alice):
    (notification,) = notify(alice)
    first = notifications.notification_mark_read(user=alice, notification=notification).read_at
    notification.refresh_from_db()
    again = notifications.notification_mark_read(user=alice, notification=notification)
    assert again.read_at == first


# --- the preference ----------------------------------------------------------------------------


def test_a_user_turns_the_digest_off_and_on(client, alice):
    client.force_login(alice)
    url = reverse("core:notification_preferences")
    assert client.post(url, {}).status_code == 302
    alice.refresh_from_db()
    assert alice.email_digest is False
    client.post(url, {"email_digest": "on"})
    alice.refresh_from_db()
    assert alice.email_digest is True


def test_preference_needs_login_and_post(client, alice):
    url = reverse("core:notification_preferences")
    assert client.post(url, {}).status_code == 302
    alice.refresh_from_db()
    assert alice.email_digest is True
    client.force_login(alice)
    assert client.get(url).status_code == 405


# --- the digest --------------------------------------------------------------------------------

TODAY = date(2025, 3, 10)


def at(day: date, hour: int = 7):
    """A time of `day` in Vietnam."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def mail_on(settings):
    settings.NOTIFY_EMAIL_DIGEST = True
    settings.SITE_URL = "https://hdnd.example.vn"


def test_digest_one_email_per_user_per_day(alice, bob, mail_on, mailoutbox):
    notify(alice, 2, when=at(TODAY))
    notify(bob, 1, when=at(TODAY))
    first = notifications.notification_digest_send(day=TODAY)
    second = notifications.notification_digest_send(day=TODAY)
    assert (first.sent, second.sent) == (2, 0)
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.vn", "bob@example.vn"]
    message = next(m for m in mailoutbox if m.to == ["alice@example.vn"])
    assert message.subject == "[HĐND] 2 thông báo mới ngày 10/03/2025"
    assert "Thông báo k 0 của alice" in message.body
    assert "https://hdnd.example.vn/notifications/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Thông báo k 1 của alice" in html
    assert DigestMarker.objects.filter(day=TODAY, status=DigestMarker.Status.SENT).count() == 2


def test_digest_lists_only_unread_notifications_of_that_day(alice, mail_on, mailoutbox):
    notify(alice, 1, prefix="yesterday", when=at(TODAY - timedelta(days=1), 23))
    (read,) = notify(alice, 1, prefix="read", when=at(TODAY))
    notifications.notification_mark_read(user=alice, notification=read)
    notify(alice, 1, prefix="today", when=at(TODAY, 0))  # 00:00 in Vietnam belongs to the day
    notifications.notification_digest_send(day=TODAY)
    (message,) = mailoutbox
    assert "today 0" in message.body
    assert "yesterday" not in message.body
    assert "read 0" not in message.body


def test_digest_skips_opted_out_users_and_users_without_email(alice, bob, mail_on, mailoutbox):
    alice.email_digest = False
    alice.save(update_fields=["email_digest"])
    bob.email = ""
    bob.save(update_fields=["email"])
    notify(alice, when=at(TODAY))
    notify(bob, when=at(TODAY))
    assert notifications.notification_digest_send(day=TODAY).sent == 0
    assert mailoutbox == []
    assert not DigestMarker.objects.exists()


def test_digest_needs_email_configured(alice, settings, mailoutbox):
    settings.NOTIFY_EMAIL_DIGEST = False
    notify(alice, when=at(TODAY))
    assert notifications.notification_digest_send(day=TODAY).sent == 0
    assert mailoutbox == []
    assert not DigestMarker.objects.exists()


def test_digest_claimed_before_a_crash_is_never_sent_again(alice, bob, mail_on, mailoutbox):
    """At most once: a digest claimed (sending) when the worker died is not sent by the rerun;
    the others are."""
    notify(alice, when=at(TODAY))
    notify(bob, when=at(TODAY))
    DigestMarker.objects.create(user=alice, day=TODAY, status=DigestMarker.Status.SENDING)
    run = notifications.notification_digest_send(day=TODAY)
    assert run.sent == 1
    assert [m.to for m in mailoutbox] == [["bob@example.vn"]]


def test_digest_refused_by_the_server_is_recorded_not_retried(
    alice, mail_on, mailoutbox, monkeypatch
):
    notify(alice, when=at(TODAY))

    def refuse(self):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    run = notifications.notification_digest_send(day=TODAY)
    assert run.failed == 1
    marker = DigestMarker.objects.get(user=alice, day=TODAY)
    assert marker.status == DigestMarker.Status.FAILED
    assert "connection refused" in marker.error
    monkeypatch.undo()
    assert notifications.notification_digest_send(day=TODAY).sent == 0
    assert mailoutbox == []

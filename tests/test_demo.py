"""The demo, loaded once for every app's story (loading it is the slowest thing the suite does):
each app's checks live beside its tests (tests/<app>/test_demo*.py) and run here on one load;
then `make run`'s reload must add nothing, and a reload a week later only that day's reminders."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.core import test_admin as admin_checks
from tests.councils import test_demo as councils
from tests.followups import test_demo as followups
from tests.oversight import test_demo_activities as oversight
from tests.sessions import test_demo as sessions
from tests.voters import test_demo as voters

APPS = (councils, followups, oversight, sessions, voters)


def load() -> None:
    call_command("load_demo", stdout=StringIO())


def counts() -> dict[str, dict[str, int]]:
    return {app.__name__: app.counts() for app in APPS}


@pytest.mark.django_db
def test_the_demo_tells_every_story_and_loads_only_once(client, monkeypatch):
    load()
    today = timezone.localdate()
    first = counts()
    times = sessions.transition_times()

    councils.check_sizes(first[councils.__name__])
    councils.check_reform_and_seed_people()
    councils.check_roles_and_logins()
    followups.check_story(today)
    oversight.check_story()
    sessions.check_story()
    voters.check_story(first[voters.__name__])

    load()  # `make run` loads it every time: nothing is added twice
    assert counts() == first
    assert sessions.transition_times() == times  # the story's days, not the load time

    # A week later: the story is keyed on what it recorded, not on dates, so nothing is taken
    # twice; only that day's reminders may be added.
    later = today + timedelta(days=8)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    load()
    again = counts()
    notifications = followups.__name__
    assert again[notifications].pop("Notification") >= first[notifications].pop("Notification")
    assert again == first

    # The admin over the demo: every page opens, private files go through the scoped view.
    superuser = admin_checks.demo_admin(client)
    admin_checks.check_every_admin_changelist_and_change_page_opens(superuser)
    admin_checks.check_signed_file_is_linked_through_the_scoped_download(superuser)

"""`make loadtest`'s simulated clerks (locust), started by bench/loadtest.py, never on its own.

Each simulated user signs in through the login form as one of the bench's accounts (a province's
secretariat, or an administrator one time in ten) and then opens, 5-10 s apart, the pages clerks
open most: their council's page, the session list, the register with filters and a search, a
session, a resolution, commitments, overdue tasks, the follow-ups due and overdue, the council
tree, the delegates, the API lists and now and then a small Excel export. Stats are grouped by
page name (`name=`), not by URL.

The plan (accounts and the ids in each one's reach) comes from LOADTEST_PLAN, a JSON file written
by bench/loadtest.py; the password from LOADTEST_PASSWORD. Requests carry X-Forwarded-Proto:
https, as the TLS proxy in front of gunicorn sends in production; since the server is reached on
loopback over plain HTTP, the cookie jar is told to send the Secure cookies there too. Redirects
are not followed: every page must answer 200 itself (a redirect to the sign-in form is an error).
FastHttpUser (geventhttpclient) keeps the load generator's own CPU small on a shared machine.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlsplit

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text())
PASSWORD = os.environ["LOADTEST_PASSWORD"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_PATH = "/accounts/login/"
_accounts = itertools.cycle(PLAN["accounts"])


class LoopbackCookiePolicy(DefaultCookiePolicy):
    """Send Secure cookies over the loopback's plain HTTP: TLS ends at the (absent) proxy."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Clerk(FastHttpUser):
    wait_time = between(5, 10)
    default_headers = {"X-Forwarded-Proto": "https"}

    def on_start(self) -> None:
        self.account = next(_accounts)
        self.client.cookiejar.set_policy(LoopbackCookiePolicy())
        self.login()

    def login(self) -> None:
        page = self.client.get(LOGIN_PATH, name="login form")
        token = CSRF_INPUT.search(page.text)
        origin = "https://" + urlsplit(self.host).netloc
        with self.client.post(
            LOGIN_PATH,
            data={
                "username": self.account["username"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Origin": origin, "Referer": origin + LOGIN_PATH},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = urlsplit(response.headers.get("Location") or LOGIN_PATH).path
            if response.status_code != 302 or location == LOGIN_PATH:
                response.failure(f"sign-in refused (HTTP {response.status_code})")

    def page(self, url: str, name: str) -> None:
        """GET a page, which must answer 200 itself (a redirect is to the sign-in form)."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(6)
    def council_page(self) -> None:
        # Where "/" sends a clerk: their own council (an administrator: the tree's top level).
        self.page(f"/councils/{self.account['council']}/", "council page (home)")

    @task(10)
    def session_list(self) -> None:
        self.page("/sessions/", "sessions: list")

    @task(3)
    def session_list_year(self) -> None:
        self.page(f"/sessions/?year={random.choice(PLAN['years'])}", "sessions: year")

    @task(8)
    def register(self) -> None:
        self.page("/resolutions/", "register")

    @task(5)
    def register_filtered(self) -> None:
        year, field = random.choice(PLAN["years"]), random.choice(PLAN["fields"])
        self.page(f"/resolutions/?year={year}&field={field}", "register: year+field")

    @task(4)
    def register_search(self) -> None:
        self.page(f"/resolutions/?q={random.choice(PLAN['words'])}", "register: search")

    @task(2)
    def register_paged(self) -> None:
        self.page(f"/resolutions/?page={random.randint(2, 20)}", "register: page 2-20")

    @task(8)
    def session_page(self) -> None:
        self.page(f"/sessions/{random.choice(self.account['sessions'])}/", "session page")

    @task(8)
    def resolution_page(self) -> None:
        pk = random.choice(self.account["resolutions"])
        self.page(f"/resolutions/{pk}/", "resolution page")

    @task(3)
    def commitments(self) -> None:
        self.page("/sessions/commitments/", "commitments")

    @task(3)
    def overdue_tasks(self) -> None:
        self.page("/resolutions/tasks/overdue/", "tasks: overdue")

    @task(3)
    def followups(self) -> None:
        self.page("/followups/", "followups: due and overdue")

    @task(2)
    def followups_overdue(self) -> None:
        self.page("/followups/?state=overdue", "followups: overdue")

    @task(3)
    def council_tree(self) -> None:
        self.page("/councils/", "tree")

    @task(3)
    def council_tree_drill_down(self) -> None:
        self.page(f"/councils/?parent={self.account['unit']}", "tree: drill-down")

    @task(2)
    def delegate_list(self) -> None:
        self.page("/councils/delegates/", "delegates: list")

    @task(2)
    def delegates(self) -> None:
        self.page(f"/councils/delegates/?q={random.choice(PLAN['names'])}", "delegates: search")

    @task(2)
    def api_resolutions(self) -> None:
        self.page("/api/resolutions/", "api: resolutions")

    @task(2)
    def api_sessions(self) -> None:
        self.page("/api/sessions/", "api: sessions")

    @task(1)
    def export(self) -> None:
        # One field of one year of the province: well under the at-once limit, never queued.
        field = random.choice(PLAN["fields"])
        url = f"/resolutions/export.xlsx?year=2024&field={field}&council={self.account['council']}"
        self.page(url, "register: export")

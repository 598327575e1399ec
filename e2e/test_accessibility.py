"""axe-core on the main pages: no serious or critical violation (WCAG 2 A/AA rules and more).

axe-core's script ships with axe-playwright-python (pinned in pyproject.toml), so nothing is
fetched at run time. The clerk sees the most controls, so the pages are checked as the clerk.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import ui
from playwright.sync_api import Page, expect


def first_link(page: Page, path: str, name: str | re.Pattern) -> str:
    page.goto(path)
    link = page.get_by_role("main").get_by_role("link", name=name).first
    expect(link).to_be_visible()
    return link.get_attribute("href")


PAGES: dict[str, Callable[[Page], str]] = {
    "home": lambda page: "/",
    "council tree": lambda page: "/councils/",
    "session list": lambda page: "/sessions/",
    "session page": lambda page: first_link(page, "/sessions/", "Kỳ họp thứ"),
    "register": lambda page: "/resolutions/",
    "resolution page": lambda page: first_link(page, "/resolutions/", "NQ-HĐND"),
    "delegate list": lambda page: "/councils/delegates/",
    "oversight programmes": lambda page: "/oversight/programmes/",
    "recommendations tracker": lambda page: "/oversight/recommendations/",
    "voters' petitions": lambda page: "/voters/",
    "contact meetings": lambda page: "/voters/meetings/",
    "letters": lambda page: "/voters/letters/",
    "reception log": lambda page: "/voters/receptions/",
    "voters' statistics": lambda page: "/voters/statistics/",
}


def test_login_page(anonymous_page: Page) -> None:
    anonymous_page.goto("/accounts/login/")
    expect(anonymous_page.get_by_label("Tên đăng nhập")).to_be_visible()
    ui.assert_accessible(anonymous_page)


@pytest.mark.parametrize("name", PAGES)
def test_main_page(clerk_page: Page, name: str) -> None:
    clerk_page.goto(PAGES[name](clerk_page))
    expect(clerk_page.get_by_role("heading", level=1)).to_be_visible()
    ui.assert_accessible(clerk_page)

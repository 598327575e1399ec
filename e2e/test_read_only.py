"""The standing committee reads what the secretariat edits, and is offered no edit control.

The clerk row is the control: the same pages show the clerk edit links, so the locator finds
them when they are there.
"""

from __future__ import annotations

import re

import pytest
import ui
from playwright.sync_api import Browser, Page, expect

SESSIONS_CHECKED = 3


def first_links(page: Page, path: str, name: str | re.Pattern, count: int) -> list[str]:
    page.goto(path)
    links = page.get_by_role("main").get_by_role("link", name=name)
    expect(links.first).to_be_visible()
    return [links.nth(i).get_attribute("href") for i in range(min(count, links.count()))]


def pages_to_check(page: Page) -> list[str]:
    """The newest sessions, the register and its newest resolution."""
    sessions = first_links(page, "/sessions/", "Kỳ họp thứ", SESSIONS_CHECKED)
    resolution = first_links(page, "/resolutions/", "NQ-HĐND", 1)
    return [*sessions, "/resolutions/", *resolution]


@pytest.mark.parametrize(("username", "may_edit"), [(ui.CLERK, True), (ui.READER, False)])
def test_edit_controls_only_for_those_who_may_edit(
    browser: Browser, browser_context_args: dict, username: str, *, may_edit: bool
) -> None:
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(20_000)
    page = context.new_page()
    ui.log_in(page, username)
    found = {}
    for path in pages_to_check(page):
        page.goto(path)
        controls = ui.edit_controls(page)
        found[path] = [
            controls.nth(i).evaluate("e => e.outerHTML.slice(0, 160)")
            for i in range(controls.count())
        ]
    context.close()
    if may_edit:
        assert all(found.values()), f"pages without edit controls for the clerk: {found}"
    else:
        assert not any(found.values()), f"edit controls offered read-only: {found}"


def test_edit_pages_are_refused_to_the_reader(reader_page: Page) -> None:
    """Hiding the links is not the protection: the edit URLs themselves are refused.

    The reader may see these records, so the answer is 403 (404 is for what is out of scope).
    """
    session = first_links(reader_page, "/sessions/", "Kỳ họp thứ", 1)[0]
    for path in (f"{session}edit/", f"{session}items/new/", "/resolutions/new/"):
        response = reader_page.goto(path)
        assert response is not None
        assert response.status == 403, path

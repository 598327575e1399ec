"""Fixtures of the browser suite: one live app per run, Debian's chromium, logged-in pages.

Run with `make e2e` (or `.venv/bin/pytest -c e2e/pytest.ini e2e`). The suite never downloads a
browser: it drives /usr/bin/chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import server
import ui
from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # the network is closed
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 20_000

_live: dict[str, server.LiveApp] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "incremental: later steps of the module are skipped once one step fails"
    )


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> None:
    if "incremental" in item.keywords and call.excinfo is not None and call.when == "call":
        item.parent._e2e_failed = item.name  # type: ignore[attr-defined]


def pytest_runtest_setup(item: pytest.Item) -> None:
    failed = getattr(item.parent, "_e2e_failed", None)
    if "incremental" in item.keywords and failed is not None:
        pytest.xfail(f"an earlier step failed: {failed}")


def pytest_terminal_summary(terminalreporter, exitstatus: int) -> None:
    """A server error shows as a bare 500 page in the browser: print the server log."""
    app = _live.get("app")
    if app is None or not app.log.exists():
        return
    text = app.log.read_text(errors="replace")
    if "Internal Server Error" in text:
        terminalreporter.section("server log (a request failed with 500)")
        terminalreporter.write(text[-20_000:])


@pytest.fixture(scope="session")
def live_app() -> Iterator[server.LiveApp]:
    with tempfile.TemporaryDirectory(prefix="hdnd-e2e-") as tmp:
        app = server.start(Path(tmp))
        _live["app"] = app
        try:
            yield app
        finally:
            app.stop()
            if "Internal Server Error" in app.log.read_text(errors="replace"):
                # Keep the log for the summary printed after the run.
                kept = Path(tempfile.gettempdir()) / "hdnd-e2e-gunicorn.log"
                kept.write_bytes(app.log.read_bytes())
                app.log = kept


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest) -> str:
    """E2E_BASE_URL points the suite at an app already running (with fresh demo data)."""
    return os.environ.get("E2E_BASE_URL") or request.getfixturevalue("live_app").url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # Vietnamese is the default language; an English browser would get English pages.
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


def _logged_in(browser: Browser, args: dict, username: str) -> BrowserContext:
    context = browser.new_context(**args)
    context.set_default_timeout(TIMEOUT_MS)
    ui.log_in(context.new_page(), username)
    return context


@pytest.fixture(scope="module")
def clerk_page(browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    """The secretariat of TP Đà Nẵng (edits the city council and everything it absorbed)."""
    context = _logged_in(browser, browser_context_args, ui.CLERK)
    yield context.pages[0]
    context.close()


@pytest.fixture(scope="module")
def reader_page(browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    """Đà Nẵng's standing committee: sees the same councils, may change nothing."""
    context = _logged_in(browser, browser_context_args, ui.READER)
    yield context.pages[0]
    context.close()


@pytest.fixture
def anonymous_page(browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()

"""Browser fixtures: the system Chromium, driven by Playwright, against pytest-django's live server.

The fixture names avoid pytest-playwright's own (`browser`, `page`, `context`, `browser_type`,
`playwright`): those would launch a browser downloaded by `playwright install`, which we never
run. Chromium comes from the system package (`apt-get install chromium`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, Response, sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API keeps an asyncio loop in the main thread, so Django would refuse the
# ORM calls the fixtures and assertions make there; they are plain synchronous calls, so this
# is safe. It must be set before the first query, hence at import time.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
# Long enough for a slow CI machine, short enough that a broken page fails fast.
TIMEOUT_MS = 10_000

PageFactory = Callable[..., Page]
Screenshot = Callable[[Page, str], Path]


def _carry_over_serialized_snapshot(snapshots: dict[str, str]) -> None:
    """Give the database connections in use once Playwright runs the snapshot taken at setup.

    While Playwright's event loop runs in the main thread, Django (through asgiref) keeps its
    connections per async context instead of per thread, so the tests get new connection
    objects. Those lack the snapshot `serialized_rollback` restores from, and the reference
    data loaded by migrations (levels, positions, work areas) would be gone after the first
    transactional test's flush.
    """
    for alias, snapshot in snapshots.items():
        connections[alias]._test_serialized_contents = snapshot  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def chromium_browser(django_db_setup: None) -> Iterator[Browser]:
    """The system Chromium; skipped when it is missing, unless REQUIRE_BROWSER=1 (CI).

    It starts after the test database exists (`django_db_setup`), so the snapshot of the
    migrated data can be carried over to the connections used while the browser runs.
    """
    executable = shutil.which("chromium")
    if executable is None:
        reason = (
            "System Chromium not found on PATH (install it with `apt-get install -y chromium`; "
            "never `playwright install`)."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but browser tests cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    snapshots = {
        alias: connections[alias]._test_serialized_contents  # type: ignore[attr-defined]
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as driver:
        _carry_over_serialized_snapshot(snapshots)
        browser = driver.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        # Those per-context connections would otherwise stay open and, on PostgreSQL, keep
        # the test database from being dropped at the end of the session.
        connections.close_all()


@pytest.fixture
def page_for(chromium_browser: Browser, live_server: LiveServer) -> Iterator[PageFactory]:
    """Open a fresh page (own cookies) on the live server; optionally at a given viewport.

    Every asset the pages load must succeed: a missing stylesheet or script fails the test at
    teardown, so a page that "renders" unstyled is not taken for a pass.
    """
    contexts: list[BrowserContext] = []
    broken: list[str] = []

    def record_broken_asset(response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            broken.append(f"{response.status} {response.url}")

    def open_page(*, viewport: dict[str, int] | None = None) -> Page:
        context = chromium_browser.new_context(
            base_url=live_server.url,
            viewport=viewport or DESKTOP,  # type: ignore[arg-type]
            locale="vi-VN",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("response", record_broken_asset)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert broken == [], f"static assets failed to load: {broken}"


@pytest.fixture
def screenshot() -> Screenshot:
    """Save a full-page screenshot named after the step, kept as a CI artefact."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def take(page: Page, step: str) -> Path:
        path = SCREENSHOT_DIR / f"{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take

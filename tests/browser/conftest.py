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
from django.db.backends.base.base import BaseDatabaseWrapper
from playwright.sync_api import Browser, BrowserContext, Page, Response, sync_playwright
from pytest_django.live_server_helper import LiveServer

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


def _reuse_connections(originals: dict[str, BaseDatabaseWrapper]) -> None:
    """Keep using the test database connections made at setup while Playwright runs.

    While an event loop runs in the main thread (Playwright's sync API keeps one), Django,
    through asgiref, keeps its connections per async context instead of per thread, so the
    tests would get new connection objects. Those differ from the one the live server shares
    (in-memory SQLite) and lack the snapshot `serialized_rollback` restores after each flush:
    the reference data loaded by migrations (levels, positions, work areas) would be gone
    after the first transactional test.
    """
    for alias, connection in originals.items():
        connections[alias] = connection


@pytest.fixture(scope="package")
def chromium_browser(django_db_setup: None) -> Iterator[Browser]:
    """The system Chromium; skipped when it is missing, unless REQUIRE_BROWSER=1 (CI).

    Package-scoped, not session-scoped: while Playwright runs, its event loop changes how
    Django behaves in the main thread (see `_reuse_connections`), so it is stopped, and the
    environment restored, before the rest of the suite runs (`manage.py check --deploy`, run
    by a test in a subprocess, flags DJANGO_ALLOW_ASYNC_UNSAFE). It starts after the test
    database exists (`django_db_setup`) so that it can reuse its connections.
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
    originals = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an asyncio loop running in the main thread, so Django
        # would refuse the ORM calls that fixtures and assertions make there. They are plain
        # synchronous calls, so this is safe.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as driver:
            _reuse_connections(originals)
            browser = driver.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()


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

"""Headless Chromium for tests of the HTML reports: Debian's chromium driven by playwright.

No browser is downloaded (`playwright install` is never run): install the system package
(`apt-get install -y chromium`) and the `playwright` Python package. Without them the tests
that use this module are skipped with the reason.

Reuse:
    from helpers.browser import chromium, watched_page          # context managers
    from helpers.browser import browser, page  # noqa: F401     # pytest fixtures (module-scoped browser)

`page` is a WatchedPage: `.page` (playwright Page), and what went wrong while it was open:
`.console_errors`, `.page_errors`, `.failed_requests`, plus every `.requests` URL.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# No sandbox: tests run as root in containers. The rest keeps Chromium from reaching the network
# on its own (updates, sync, first-run pages), so any request seen comes from the page.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched playwright Browser; skips the test when Chromium or playwright is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class WatchedPage:
    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + self.failed_requests


@contextmanager
def watched_page(browser: Any, **context_options: Any) -> Iterator[WatchedPage]:
    """A fresh page (own context) that records console errors, script errors and failed requests."""
    context = browser.new_context(**context_options)
    try:
        page = context.new_page()
        watched = WatchedPage(page)
        page.on("console", lambda m: m.type == "error" and watched.console_errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: watched.page_errors.append(f"script: {e}"))
        page.on("requestfailed", lambda r: watched.failed_requests.append(f"request failed: {r.url} {r.failure}"))
        page.on("request", lambda r: watched.requests.append(r.url))
        # An HTTP error is a completed request to playwright, but a broken element all the same.
        page.on("response", lambda r: r.status >= 400 and watched.failed_requests.append(f"HTTP {r.status}: {r.url}"))
        yield watched
    finally:
        context.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[WatchedPage]:
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as watched:
        yield watched

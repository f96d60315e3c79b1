"""pytest plugin: Debian's Chromium driven by Playwright against Django's live server.

Register with ``pytest_plugins = ["openecf.testing.browser"]``. A test asks for ``page`` (a fresh tab in
a fresh browser context, so no cookies carry over), ``new_page`` for more people, and ``site_url`` (the
live server's address; asking for it gives the test a real, committed database as the live server needs).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a cold Chromium on a busy CI machine; a click that never resolves still fails.
ACTION_TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Browser]:
    """One headless Chromium per test module: its event loop must not outlive the browser tests."""
    if not CHROMIUM.exists():
        pytest.skip(f"Browser tests need Debian's Chromium at {CHROMIUM}, which is absent")
    # Playwright's synchronous API keeps its event loop marked running in this thread while the browser is
    # open, which Django would take for async code; the ORM calls of the test itself are synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site_url(live_server: Any) -> str:
    """The live server's base address, without a trailing slash."""
    return str(live_server.url).rstrip("/")


@pytest.fixture
def new_page(chromium_browser: Browser, site_url: str) -> Iterator[Callable[[], Page]]:
    """Makes pages for a second or third person in one test: each in its own context (own cookies)."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = chromium_browser.new_context(base_url=site_url)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    """A fresh page in its own browser context (own cookies), with the live server as base URL."""
    return new_page()

"""Playwright driving Debian's Chromium against pytest-django's live server.

No browser is downloaded: the tests use the system Chromium (`CHROMIUM` or
`PLAYWRIGHT_BROWSER_EXECUTABLE_PATH`, else `chromium` on PATH) and are skipped, with a
message saying so, when there is none. A failing test leaves a screenshot and the page's
HTML in test-results/browser/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "browser"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM"),
        os.environ.get("PLAYWRIGHT_BROWSER_EXECUTABLE_PATH"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    skip = pytest.mark.skip(
        reason="Chromium not found: install Debian's package (apt-get install chromium) "
        "or set CHROMIUM=/path/to/chromium to run the browser tests"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium per test module. Playwright's sync API keeps an event loop running in
    this thread, which trips Django's async-safety check on the ORM calls the tests make;
    the switch is on only while the browser runs."""
    from playwright.sync_api import expect, sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def console_error(message) -> bool:
    if message.type != "error":
        return False
    return not message.location.get("url", "").endswith("/favicon.ico")


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    # A Content-Security-Policy violation or a script error is a failure too. The browser's
    # own request for /favicon.ico (the site has none) is not.
    page.on("console", lambda m: errors.append(m.text) if console_error(m) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("/", "_")
        page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
        (RESULTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
        print(f"\nScreenshot of the failing page: {RESULTS / f'{name}.png'}")
    context.close()

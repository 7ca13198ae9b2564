"""Real browser journeys: Playwright driving the system's Chromium against a live server."""

import os
import re
import shutil

import pytest

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# A form sent back with its errors answers 400 on purpose; the browser logs it as an error.
FORM_REFUSED = re.compile(r"Failed to load resource: .* status of 400 ")


def chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing; CI must install Debian's chromium package.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    # Playwright's sync API keeps an event loop in this thread; Django's ORM refuses to run
    # beside one unless told it is safe, which it is here (one test at a time per process).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_violations = []
    page.console_errors = []

    def heard(message):
        if "Content Security Policy" in message.text:
            page.csp_violations.append(message.text)
        elif message.type == "error" and not FORM_REFUSED.search(message.text):
            page.console_errors.append(message.text)

    page.on("console", heard)
    yield page
    context.close()
    # Every journey: nothing our own policy refused (an inline style drawn as nothing, a
    # script not run), and no error in the browser's console.
    assert page.csp_violations == [], page.csp_violations
    assert page.console_errors == [], page.console_errors


@pytest.fixture
def new_page(browser, live_server):
    """More people in the same journey: each gets a browser of their own, closed at the end
    (before the live server stops, so no request of theirs is left running)."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()

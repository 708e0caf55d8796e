"""Browser tests: headless Chromium driven by Playwright, with axe-core for accessibility.

Chromium comes from Debian (`chromium`), axe-core from the npm registry into
var/browser-tools (`make browser-tools`); neither is committed. Without them the tests are
skipped on a developer's machine and fail in CI, where .ci/run installs both.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from camps.models import Camp
from people.models import Person
from tests.factories import make_imprisonment

# Playwright's synchronous API runs an event loop in the test thread; the ORM calls the
# tests make there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "var" / "browser-tools" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "var" / "test-artifacts"


def _missing_tools():
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append("Chromium (Debian package chromium)")
    if not AXE.exists():
        missing.append("axe-core (make browser-tools)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright package")
    return missing


@pytest.fixture(scope="session")
def browser():
    missing = _missing_tools()
    if missing:
        message = "browser tests need " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    """The demo content, plus a prisoner of Karlag and Karlag's place on the map.

    The extra records exist only in the test database."""
    call_command("load_demo", verbosity=0)
    karlag = Camp.objects.get(slug="karlag")
    karlag.latitude, karlag.longitude = 49.7, 72.7
    karlag.save()
    prisoner = Person.objects.create(surname="Testprisoner", fate="shot", status="published")
    make_imprisonment(prisoner, karlag)
    return {"karlag": karlag, "prisoner": prisoner}


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser page that records every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda req: page.requested_urls.append(req.url))
    # What the Content-Security-Policy blocked: each is a page that would break for visitors.
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.csp_violations.append(f"{page.url}: {message.text}")
        ),
    )
    page.base_url = live_server.url
    yield page
    context.close()


def run_axe(page):
    # Evaluated through the browser's DevTools, which the page's CSP rightly does not allow
    # as a <script> tag and does not govern this way.
    page.evaluate(AXE.read_text() + "\n;true")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']})"
    )
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements, e.g. "
        f"{violation['nodes'][0]['target']})"
        for violation in result["violations"]
    ]


def save_screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

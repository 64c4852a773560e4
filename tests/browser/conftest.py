"""Browser tests: Playwright drives Debian's Chromium against the real app on a loopback port.

Each test gets its own server on a fresh copy of a SQLite database holding the demo data
(built once per session: migrations, then `load_demo()`), so journeys that change data never
meet. Always SQLite, even when TRACKER_TEST_DATABASE_URL is set: the rest of the suite covers
PostgreSQL, and here the database is only the stage. One Chromium per session, a new context
(cookies, viewport, JavaScript on or off) per page.

Without /usr/bin/chromium every test here is skipped, saying how to install it.
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-quic", "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
# `make screenshots` sets this to docs/screenshots: the README's pictures are copied there too.
README_SHOTS = os.environ.get("TRACKER_SCREENSHOTS_DIR")

DEMO_PASSWORD = "demo-password"
LOGINS = {
    "scrutiny": "scrutiny@example.gov.uk",
    "officer": "officer@example.gov.uk",
    "member": "member@example.gov.uk",
}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Everything WCAG 2.2 A and AA asks that axe-core can check.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_configure(config):
    """Pytest imports this file as `conftest` too, and the suite's modules `from conftest import
    PASSWORD`: give that name back to tests/conftest.py (registered under its path)."""
    suite_conftest = config.pluginmanager.get_plugin(str(Path(__file__).resolve().parents[1] / "conftest.py"))
    if suite_conftest is not None:
        sys.modules["conftest"] = suite_conftest


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    skip = None
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if skip:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """A SQLite file with the schema and the demo, made once; each test serves a copy."""
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.demo import load_demo
    from tracker.extensions import db

    path = tmp_path_factory.mktemp("browser-db") / "demo.db"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        assert load_demo(), "the demo did not load into a fresh database"
        db.session.remove()
        # Closing the last connection folds the WAL into the file, so a plain copy is complete.
        db.engine.dispose()
    return path


@dataclass
class LiveServer:
    url: str
    app: object

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture
def server(demo_database, tmp_path):
    """The app on a free loopback port, on its own copy of the demo database (CSRF on)."""
    from werkzeug.serving import make_server

    from tracker import create_app
    from tracker.extensions import db

    path = tmp_path / "tracker.db"
    shutil.copyfile(demo_database, path)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{http.server_port}", app)
    http.shutdown()
    thread.join(timeout=10)
    http.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole session (Debian's, not Playwright's download)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@pytest.fixture
def new_page(chromium, server, request):
    """`new_page(phone=True, java_script_enabled=False)`: a page in a context of its own."""
    contexts = []

    def open_page(phone: bool = False, **options):
        options.setdefault("viewport", PHONE if phone else DESKTOP)
        if phone:
            options.setdefault("is_mobile", True)
            options.setdefault("has_touch", True)
            options.setdefault("device_scale_factor", 2)
        options.setdefault("locale", "en-GB")
        options.setdefault("timezone_id", "Europe/London")
        context = chromium.new_context(base_url=server.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        # A JavaScript error or a server error on any page fails the test that saw it.
        context.on("weberror", lambda error: problems.append(f"JavaScript: {error.error}"))
        context.on("response", lambda r: r.status >= 500 and problems.append(f"{r.status} from {r.request.method} {r.url}"))
        return page

    problems: list[str] = []
    yield open_page
    if getattr(request.node, "browser_test_failed", False):
        # What the browser showed when the test failed, for CI's artefacts.
        SHOTS.mkdir(parents=True, exist_ok=True)
        for n, context in enumerate(contexts):
            for m, open_tab in enumerate(context.pages):
                try:
                    open_tab.screenshot(path=str(SHOTS / f"failed-{request.node.name}-{n}{m}.png"), full_page=True)
                except Exception:  # only a diagnostic: a crashed tab must not hide the real failure
                    pass
    for context in contexts:
        context.close()
    assert not problems, "the browser met errors:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page):
    return new_page()


def _sign_in(page, role: str, next_path: str | None = None):
    """Sign in through the real form as the demo's scrutiny officer, officer or member."""
    page.goto("/login" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email address").fill(LOGINS[role])
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def _check_axe(page, what: str) -> None:
    """Fail with a readable list when axe-core finds any WCAG 2.2 A/AA violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(n["html"][:200] for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]
    # axe-core passes a group of radios or checkboxes whose legend is empty; a screen reader
    # user then hears the options without the question.
    problems += [
        f"fieldset without a legend: {html}"
        for html in page.eval_on_selector_all(
            "fieldset", "sets => sets.filter(s => !s.querySelector('legend')?.textContent.trim()).map(s => s.outerHTML.slice(0, 200))"
        )
    ]
    assert not problems, f"axe-core on {what} ({page.url}):\n" + "\n".join(problems)


def _screenshot(page, name: str, readme: bool = False, full_page: bool = False) -> Path:
    """Save `name`.png under test-output/screenshots; README pictures also go to
    TRACKER_SCREENSHOTS_DIR when `make screenshots` sets it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    # No focus ring or hover halo left over from the test's last move.
    page.evaluate("document.activeElement && document.activeElement.blur && document.activeElement.blur()")
    page.mouse.move(0, 0)
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    if readme and README_SHOTS:
        target = Path(README_SHOTS)
        if not target.is_absolute():
            target = ROOT / target
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / path.name)
    return path


@pytest.fixture
def sign_in():
    """`sign_in(page, "officer")`: through the real sign-in form, as a demo user."""
    return _sign_in


@pytest.fixture
def check_axe():
    """`check_axe(page, "the sign-in page")`: no WCAG 2.2 A/AA violations axe-core can find."""
    return _check_axe


@pytest.fixture
def screenshot():
    """`screenshot(page, "name", readme=True)`: saved under test-output/screenshots."""
    return _screenshot

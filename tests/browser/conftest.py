"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The live server is a real WSGI server (werkzeug, threaded) on a free localhost port, serving an
app on its own scratch database (SQLite file or PostgreSQL, like the rest of the suite) loaded with
the reference data and a small deterministic demo dataset (with the demo accounts), embedded by the
fake encoder. Writes are real commits: the journeys run in order within this session.

Screenshots go to test-artifacts/screenshots/ (git-ignored); `check_accessibility(page)` runs
axe-core (from npm, served by the app) and fails on serious or critical violations.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from databases import load_reference_data, scratch_database
from factories import TEST_FIT_MODEL
from pages import ARTIFACTS, AXE_RESULTS, DESKTOP, PHONE
from vte import create_app
from vte.extensions import db

CHROMIUM = os.environ.get("VTE_TEST_CHROMIUM", "/usr/bin/chromium")
DEMO_OFFERS, DEMO_STUDENTS = 150, 200


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: apt-get install chromium chromium-driver"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    from vte.demo import seed_demo
    from vte.demo.accounts import ensure_demo_accounts
    from vte.embedding_sync import reembed_all
    from vte.embeddings import FakeEncoder

    database = scratch_database(tmp_path_factory)
    url = next(database)
    encoder = FakeEncoder()
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "VTE_ENCODER": encoder,
            "VTE_FIT_MODEL_FILE": TEST_FIT_MODEL,
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("live-instance")),
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        load_reference_data()
        seed_demo(db.session, offers=DEMO_OFFERS, students=DEMO_STUDENTS)
        ensure_demo_accounts(db.session)
        reembed_all(db.session, encoder)
        db.session.commit()
        from vte.territory_map import territory_contours

        territory_contours(db.session)  # the maps' outlines, built once (seconds) before pages wait on them
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    next(database, None)


@pytest.fixture(scope="session")
def live_server(live_app):
    """The base URL of the running app."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session", autouse=True)
def _fresh_artifacts():
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)


def _new_page(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, locale="fr-FR", base_url=live_server)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    return context, page


@pytest.fixture()
def page(browser, live_server):
    """A desktop-sized page (1280 px) in a fresh context (no cookies)."""
    context, page = _new_page(browser, live_server, DESKTOP)
    yield page
    context.close()
    assert not page.js_errors, f"JavaScript errors: {page.js_errors}"


@pytest.fixture()
def phone_page(browser, live_server):
    """A phone-sized page (375 px) in a fresh context."""
    context, page = _new_page(browser, live_server, PHONE)
    yield page
    context.close()
    assert not page.js_errors, f"JavaScript errors: {page.js_errors}"


def pytest_terminal_summary(terminalreporter):
    if AXE_RESULTS:
        terminalreporter.write_sep("-", "axe-core results per page (rule, impact, nodes)")
        for name, summary in sorted(AXE_RESULTS.items()):
            terminalreporter.write_line(f"{name}: {summary or 'no violation'}")

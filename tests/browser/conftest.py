"""A live server on a free port and a real Chromium driven by Playwright."""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from app.extensions import db
from tests.conftest import PG_URL, make_app

CHROMIUM = os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def live_app(tmp_path, _schema):
    """The app on a database every server thread can see, CSRF on as in production."""
    url = PG_URL or f"sqlite:///{tmp_path / 'browser.sqlite'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        if not PG_URL:
            db.create_all()
        yield app
        db.session.remove()
        if PG_URL:
            from tests.conftest import _empty_tables

            _empty_tables()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(live_server):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run should have installed chromium")
        pytest.skip(f"{CHROMIUM} is missing (sudo ./scripts/system-packages installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def sign_in(page, live_server, name, password):
    """Sign in through the page, as a person would."""
    page.goto(f"{live_server}/login")
    page.fill("#name", name)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit].primary")


@pytest.fixture
def officer_page(page, live_server, live_app):
    """``page`` signed in as an officer of every unit (those made later in the test too)."""
    from sqlalchemy import event

    from app.models import Unit, user_unit
    from tests.factories import PASSWORD, make_user

    user = make_user("browser-officer", ["officer"], units=db.session.scalars(db.select(Unit)).all())
    user_id = user.id

    def join(mapper, connection, unit):
        connection.execute(user_unit.insert().values(user_id=user_id, unit_id=unit.id))

    event.listen(Unit, "after_insert", join)
    sign_in(page, live_server, "browser-officer", PASSWORD)
    assert "/login" not in page.url
    yield page
    event.remove(Unit, "after_insert", join)

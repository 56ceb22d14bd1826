"""A document over the page's upload budget goes through the browser as two jobs, each with its progress bar.

With ``JIXIAO_TEST_REDIS_URL`` the jobs go to the RQ queue and a worker of this test serves it (in a
thread, bursting); otherwise the app's own threads run them. 5,000 projects are measured by hand
(docs/jobs.md); here a few hundred show the same path.
"""

import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Project
from app.services import jobs
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_unit, make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

PROJECTS = 200


@pytest.fixture
def worker(live_app):
    """Serve the queue while the test runs (only when the app queues on Redis)."""
    if not live_app.config.get("JIXIAO_REDIS_URL"):
        yield None
        return
    from rq import SimpleWorker
    from rq.timeouts import TimerDeathPenalty

    class Burst(SimpleWorker):
        death_penalty_class = TimerDeathPenalty  # signals work in the main thread only

        def subscribe(self):
            pass

        def unsubscribe(self):
            pass

        def _install_signal_handlers(self):  # not the main thread
            pass

    stop = threading.Event()

    def serve():
        with live_app.app_context():
            queue = jobs.runner().queue
            while not stop.is_set():
                Burst([queue], connection=queue.connection).work(burst=True)
                stop.wait(0.2)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield thread
    stop.set()
    thread.join(timeout=30)


def test_a_big_upload_is_previewed_and_imported_with_a_progress_bar(page, live_server, live_app, worker, tmp_path):
    from tests.documents.docx_builder import Table, build

    unit = make_unit()
    make_user("officer-big", ["officer"], [unit])
    live_app.config["JIXIAO_UPLOAD_MAX_ROWS"] = 500  # the page's budget; this document holds some 3,000 rows
    path = tmp_path / "big.docx"
    path.write_bytes(build(*(Table(name=f"大批项目{n}", number=n, code=f"BIG-{n}") for n in range(1, PROJECTS + 1))))
    polls = []

    def record(route):  # every poll the bar draws, read before the page may navigate away
        response = route.fetch()
        polls.append(response.json())
        route.fulfill(response=response)

    page.route("**/jobs/*.json", record)
    sign_in(page, live_server, "officer-big", PASSWORD)

    page.goto(f"{live_server}/imports/")
    page.set_input_files("#file", str(path))
    page.fill("#year", "2024")
    page.select_option("#unit", unit.code)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "/jobs/" in page.url
    expect(page.locator("#job-bar")).to_be_visible()
    # The preview job ends: the page turns into the preview of what was read.
    expect(page.locator("#import-summary")).to_contain_text(f"读到 {PROJECTS} 个项目", timeout=120000)
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0

    with page.expect_navigation():
        page.click("button.primary:has-text('确认导入')")
    assert "/jobs/" in page.url
    expect(page.locator("h1")).to_contain_text("导入完成", timeout=120000)
    expect(page.locator("#import-summary")).to_contain_text(f"新建 {PROJECTS} 个项目")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Project)) == PROJECTS

    # What the bar drew, poll by poll: the stored projects counted up to the end, n of N.
    counted = [(p["done"], p["total"]) for p in polls if p["total"] == PROJECTS]
    assert counted and counted[-1] == (PROJECTS, PROJECTS), polls[-3:]
    assert all(0 <= done <= total for done, total in counted)
    assert polls[-1]["status"] == "done" and polls[-1]["percent"] == 100

"""Background jobs through the API: start one as the page would, poll it, download its result; one's own only.

Runs on both runners, as tests/services/test_jobs.py does: the thread pool (a SQLite file or the
PostgreSQL of the run) and RQ on Redis (with ``JIXIAO_TEST_REDIS_URL``) served by a burst worker.
"""

import io
import types
import zipfile

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent
from app.models.jobs import Job
from app.services import jobs, tokens
from tests.api.conftest import Caller
from tests.api.test_api import assert_problem
from tests.factories import make_project, make_unit, make_user
from tests.job_support import complete


@pytest.fixture
def people(job_app):  # noqa: F811
    unit_a = make_unit("304001", "甲单位")
    unit_b = make_unit("573301", "乙单位")
    make_project(unit_a, code="A-1", name="甲项目")
    make_project(unit_b, code="B-1", name="乙项目")
    users = {
        "officer_a": make_user("officer_a", ["officer"], [unit_a]),
        "officer_b": make_user("officer_b", ["officer"], [unit_b]),
        "auditor": make_user("auditor", ["auditor"]),
        "admin": make_user("admin", ["admin"]),
    }

    def call(name: str, scope: str = "write") -> Caller:
        return Caller(job_app.test_client(), tokens.create(users[name], "测试", scope, 30).text)

    return types.SimpleNamespace(users=users, call=call, app=job_app)


def _hold(monkeypatch):
    """Jobs stay queued: nothing takes them."""
    monkeypatch.setattr(type(jobs.runner()), "start", lambda self, job_id: None)


def test_a_job_is_started_polled_and_its_result_downloaded(people):
    officer = people.call("officer_a")
    started = officer.post("/api/v1/jobs", json={"kind": "targets_zip", "params": {"year": 2024, "unit": "304001"}})
    assert started.status_code == 202, started.get_json()
    job_id = started.get_json()["id"]
    assert started.headers["Location"] == f"/api/v1/jobs/{job_id}"
    assert "甲单位" in started.get_json()["title"] and "打包下载" in started.get_json()["title"]
    complete(people.app, job_id)

    polled = officer.get(started.headers["Location"]).get_json()
    assert (polled["status"], polled["percent"], polled["summary"]) == ("done", 100, {"units": 1, "projects": 1})
    assert polled["result"] == f"/api/v1/jobs/{job_id}/result"
    download = officer.get(polled["result"])
    assert download.status_code == 200 and download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        assert [name for name in archive.namelist() if "304001" in name] == archive.namelist() != []
    download.close()  # the file is sent from disk
    exports = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [(e.actor_id, e.token_id) for e in exports] == [(people.users["officer_a"].id, int(officer.token.split("_")[1]))]

    # someone else's job is unknown; an administrator sees it but does not take its result
    assert_problem(people.call("officer_b").get(f"/api/v1/jobs/{job_id}"), 404)
    assert_problem(people.call("officer_b").get(polled["result"]), 404)
    assert_problem(officer.get("/api/v1/jobs/no-such-job"), 404)
    admin = people.call("admin")
    assert admin.get(f"/api/v1/jobs/{job_id}").get_json()["result"] is None
    assert_problem(admin.get(polled["result"]), 403)
    assert [j["id"] for j in admin.get("/api/v1/jobs").get_json()["items"]] == [job_id]
    assert people.call("officer_b").get("/api/v1/jobs").get_json()["total"] == 0


def test_the_year_workbooks_start_as_on_their_pages(people):
    auditor = people.call("auditor")
    summary = auditor.post("/api/v1/jobs", json={"kind": "selfeval_xlsx", "params": {"year": 2024, "sort": "score"}})
    progress = auditor.post("/api/v1/jobs", json={"kind": "progress_xlsx",
                                                  "params": {"year": 2024, "unit": "573301", "as_of": "2024-06-30"}})
    assert summary.status_code == progress.status_code == 202, (summary.get_json(), progress.get_json())
    for started in (summary, progress):
        complete(people.app, started.get_json()["id"])
    progress_job = auditor.get(progress.headers["Location"]).get_json()
    assert progress_job["status"] == "done" and progress_job["result_name"] == "2024年度支出进度_573301_2024-06-30.xlsx"
    workbook = auditor.get(progress_job["result"])
    assert workbook.status_code == 200 and workbook.mimetype.endswith("spreadsheetml.sheet") and workbook.data[:2] == b"PK"
    workbook.close()
    assert auditor.get(summary.headers["Location"]).get_json()["status"] == "done"
    # an officer of one unit out of two names it, as on the page
    officer = people.call("officer_a")
    assert_problem(officer.post("/api/v1/jobs", json={"kind": "selfeval_xlsx", "params": {"year": 2024}}), 422, "params.unit")


def test_bad_kinds_and_params_name_the_field_and_start_nothing(people):
    officer = people.call("officer_a")

    def refused(body, status, field=None):
        return assert_problem(officer.post("/api/v1/jobs", json=body), status, field)

    assert "targets_zip" in refused({"kind": "import", "params": {}}, 422, "kind")["detail"]
    refused({"params": {"year": 2024}}, 422, "kind")
    refused({"kind": "targets_zip"}, 422, "params")
    refused({"kind": "targets_zip", "params": {"year": "去年"}}, 422, "params.year")
    refused({"kind": "targets_zip", "params": {"year": 2024, "layout": "wide"}}, 422, "params.layout")
    refused({"kind": "targets_zip", "params": {"year": 2024, "unit": "999999"}}, 422, "params.unit")
    refused({"kind": "progress_xlsx", "params": {"year": 2024, "unit": "304001", "as_of": "2023-12-31"}}, 422, "params.as_of")
    refused({"kind": "progress_xlsx", "params": {"year": 2024, "sort": "nonsense"}}, 422, "params.sort")
    refused({"kind": "targets_zip", "params": {"year": 2024, "unit": "573301"}}, 403)  # another unit
    assert_problem(people.call("admin").post("/api/v1/jobs", json={"kind": "targets_zip", "params": {"year": 2024}}), 403)
    assert_problem(people.call("officer_a", "read").post("/api/v1/jobs", json={"kind": "targets_zip", "params": {"year": 2024}}), 403)
    assert db.session.scalar(select(func.count(Job.id))) == 0


def test_a_result_is_not_there_before_the_job_is_done(people, monkeypatch):
    officer = people.call("officer_a")
    failed = officer.post("/api/v1/jobs", json={"kind": "targets_zip", "params": {"year": 2030}}).get_json()
    complete(people.app, failed["id"])
    problem = assert_problem(officer.get(f"/api/v1/jobs/{failed['id']}/result"), 409)
    assert "2030" in problem["detail"]  # the job's own reason: nothing to pack in 2030

    _hold(monkeypatch)
    queued = officer.post("/api/v1/jobs", json={"kind": "targets_zip", "params": {"year": 2024}}).get_json()
    assert queued["status"] == "queued" and queued["result"] is None
    waiting = officer.get(f"/api/v1/jobs/{queued['id']}/result")
    assert "尚未完成" in assert_problem(waiting, 409)["detail"] and waiting.headers["Retry-After"]
    assert_problem(officer.get("/api/v1/jobs/00000000-0000-4000-8000-000000000000/result"), 404)


def test_the_list_is_paged_newest_first(people, monkeypatch):
    _hold(monkeypatch)
    officer = people.call("officer_a")
    made = [officer.post("/api/v1/jobs", json={"kind": "targets_zip", "params": {"year": 2021 + n}}).get_json()["id"]
            for n in range(3)]
    people.call("officer_b").post("/api/v1/jobs", json={"kind": "targets_zip", "params": {"year": 2024}})
    first = officer.get("/api/v1/jobs?per_page=2").get_json()
    second = officer.get("/api/v1/jobs?per_page=2&page=2").get_json()
    assert (first["total"], first["pages"], len(first["items"]), len(second["items"])) == (3, 2, 2, 1)
    assert {j["id"] for j in first["items"] + second["items"]} == set(made)
    assert officer.get("/api/v1/jobs?per_page=2&page=9").get_json()["page"] == 2
    assert_problem(officer.get("/api/v1/jobs?per_page=501"), 422, "per_page")


def test_the_list_takes_the_same_queries_for_few_and_many_jobs(people, monkeypatch):
    from tests.factories import count_queries

    _hold(monkeypatch)
    officer = people.call("officer_a")

    def measure() -> int:
        with count_queries() as statements:
            assert officer.get("/api/v1/jobs").status_code == 200
        return len(statements)

    officer.post("/api/v1/jobs", json={"kind": "targets_zip", "params": {"year": 2024}})
    few = measure()
    for year in range(2015, 2021):
        officer.post("/api/v1/jobs", json={"kind": "targets_zip", "params": {"year": year}})
    assert measure() == few > 0

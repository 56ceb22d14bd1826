"""Background jobs on both runners: RQ on Redis (with ``JIXIAO_TEST_REDIS_URL``) and the thread pool otherwise.

The queue runs in the test through rq's ``SimpleWorker`` in burst mode, on a queue named by the
app's own Redis prefix, so parallel runs never take each other's jobs. The thread runner needs a
database every thread can see: a SQLite file (or the PostgreSQL server of the run).
"""

import io
import logging
import threading
import zipfile

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError
from app.extensions import db
from app.models import AuditEvent
from app.models.jobs import Job
from app.services import jobs
from tests.factories import make_project, make_unit, make_user
from tests.job_support import complete


def test_a_province_zip_downloads_from_a_job(job_app):
    first, second = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    make_project(first, code="A-1", name="甲项目")
    make_project(second, code="B-1", name="乙项目一")
    make_project(second, code="B-2", name="乙项目二")
    auditor = make_user("auditor", ["auditor"])
    job = jobs.submit("targets_zip", {"year": 2024, "unit_id": None, "layout": "full"}, auditor)
    complete(job_app, job.id)
    job = jobs.get(job.id, auditor)
    assert (job.status, job.status_label, job.done, job.total, job.percent) == ("done", "完成", 2, 2, 100)
    assert job.summary == {"units": 2, "projects": 3} and job.result_name == "2024年2个单位项目绩效目标表（完整版）.zip"
    with zipfile.ZipFile(jobs.result_path(job)) as archive:
        names = archive.namelist()
        assert len(names) == 2 and all(name.endswith(".docx") for name in names)
        assert any("304001" in name for name in names) and any("573301" in name for name in names)
        assert archive.read(names[0])[:2] == b"PK"


def test_an_officer_zips_only_their_own_units(job_app):
    mine, other = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    make_project(mine, code="A-1", name="甲项目")
    make_project(other, code="B-1", name="乙项目")
    officer = make_user("officer", ["officer"], [mine])
    job = jobs.submit("targets_zip", {"year": 2024, "unit_id": None, "layout": "basic"}, officer)
    complete(job_app, job.id)
    job = jobs.get(job.id, officer)
    assert job.status == "done" and job.summary == {"units": 1, "projects": 1}
    with zipfile.ZipFile(jobs.result_path(job)) as archive:
        assert [n for n in archive.namelist() if "573301" in n] == []
    refused = jobs.submit("targets_zip", {"year": 2024, "unit_id": other.id, "layout": "full"}, officer)
    complete(job_app, refused.id)
    refused = jobs.get(refused.id, officer)
    assert refused.status == "failed" and refused.error == "您无权导出该单位的项目"
    assert jobs.result_path(refused) is None


def test_a_failure_keeps_a_chinese_message_and_logs_the_traceback(job_app, kinds, caplog):
    def explode(job):
        job.progress(1, 4)
        raise RuntimeError("secret internals at /srv/app.py line 12")

    def refuse(job):
        raise DomainError("第 3 个表：指标值无法识别")

    kinds("explode", explode)
    kinds("refuse", refuse)
    user = make_user("officer", ["officer"])
    with caplog.at_level(logging.ERROR, logger="app.services.jobs"):
        failed = jobs.submit("explode", {}, user)
        complete(job_app, failed.id)
    failed = jobs.get(failed.id, user)
    assert failed.status == "failed" and failed.status_label == "失败" and failed.finished_at is not None
    assert failed.error == f"任务未能完成：系统内部错误（任务编号 {failed.id}），请联系管理员"
    assert "secret" not in failed.error and "Traceback" not in failed.error
    assert (failed.done, failed.total) == (1, 4)  # how far it got
    if job_app.runner_kind == "thread":  # the queue's worker logs in its own way; the thread's log is ours
        assert "Traceback" in caplog.text and "secret internals" in caplog.text
    refused = jobs.submit("refuse", {}, user)
    complete(job_app, refused.id)
    assert jobs.get(refused.id, user).error == "第 3 个表：指标值无法识别"


def test_only_the_owner_and_administrators_see_a_job(job_app, kinds):
    kinds("noop", lambda job: {"ok": True})
    owner, other, admin = make_user("owner", ["officer"]), make_user("other", ["officer"]), make_user("root", ["admin"])
    job = jobs.submit("noop", {}, owner)
    complete(job_app, job.id)
    assert jobs.get(job.id, owner).summary == {"ok": True}
    with pytest.raises(LookupError):
        jobs.get(job.id, other)
    assert jobs.get(job.id, admin).id == job.id
    assert [j.id for j in jobs.mine(owner)] == [job.id] and jobs.mine(other) == []
    with pytest.raises(LookupError):
        jobs.get("not-a-job", owner)


def test_progress_is_seen_while_the_job_runs(job_app, kinds):
    seen = []

    def counting(job):
        for n in range(3):
            job.progress(n, 10)
        job.progress(3, 10, "第 3 步")
        seen.append(jobs.get(job.job_id, job.user))  # what a poll of the job page reads now
        job.progress(10, 10)
        return None

    kinds("counting", counting)
    user = make_user("officer", ["officer"])
    job = jobs.submit("counting", {}, user)
    assert job.status in ("queued", "running", "done")  # a thread may already have started it; nothing runs twice
    complete(job_app, job.id)
    (running,) = seen
    assert (running.status, running.done, running.total, running.percent, running.message) == ("running", 3, 10, 30, "第 3 步")
    assert running.started_at is not None and running.finished_at is None
    done = jobs.get(job.id, user)
    assert (done.status, done.done, done.total, done.percent, done.message) == ("done", 10, 10, 100, "已完成")


def test_a_thread_job_is_polled_from_another_request_while_it_runs(job_app, kinds):
    if job_app.runner_kind != "thread":
        pytest.skip("the queue's worker runs in the test's own thread here")
    go = threading.Event()

    def waiting(job):
        job.progress(2, 5)
        assert go.wait(30)
        return None

    kinds("waiting", waiting)
    user = make_user("officer", ["officer"])
    job = jobs.submit("waiting", {}, user)
    for _ in range(200):
        seen = jobs.get(job.id, user)
        if seen.done == 2:
            break
        threading.Event().wait(0.02)
    assert (seen.status, seen.done, seen.total) == ("running", 2, 5)
    go.set()
    complete(job_app, job.id)
    assert jobs.get(job.id, user).status == "done"


def test_only_registered_kinds_run_and_jobs_are_not_audited(job_app):
    user = make_user("officer", ["officer"])
    with pytest.raises(DomainError, match="未知的任务类型"):
        jobs.submit("rm -rf", {}, user)
    assert db.session.scalars(select(Job)).all() == []
    before = db.session.scalars(select(AuditEvent)).all()
    job = jobs.submit("targets_zip", {"year": 2030, "layout": "full"}, user)
    complete(job_app, job.id)
    assert jobs.get(job.id, user).error == "2030 年度没有可导出的项目"  # an officer of no unit reads nothing
    assert db.session.scalars(select(AuditEvent)).all() == before


def test_the_import_kind_previews_then_imports_with_progress(job_app, monkeypatch):
    from app.services.job_kinds import import_uploads, summary_from_dict
    from tests.documents.docx_builder import Table, build

    unit = make_unit()
    officer = make_user("officer", ["officer"], [unit])
    data = build(*(Table(name=f"项目{n}", number=n, code=f"C-{n}") for n in range(1, 6)))
    store = import_uploads(job_app.instance_path + "/uploads")
    token = store.keep(data, "big.docx", None)
    params = {"token": token, "filename": "big.docx", "folder": str(store.folder), "year": 2024, "unit_code": unit.code}
    told = []
    real = jobs.Context.progress
    monkeypatch.setattr(jobs.Context, "progress", lambda self, n, total, message="": (told.append((n, total, message)),
                                                                                      real(self, n, total, message)))
    preview = jobs.submit("import", dict(params, dry_run=True), officer)
    complete(job_app, preview.id)
    assert (0, 5, "正在读取各表") in told and (4, 5, "") in told  # the tables read, n of N
    assert (0, 5, "正在检查各项目") in told and (5, 5, "") in told  # then the projects checked
    preview = jobs.get(preview.id, officer)
    assert preview.status == "done", preview.error
    assert (preview.done, preview.total) == (5, 5)
    summary = summary_from_dict(preview.summary["import"])
    assert [item.name for item in summary.items] == [f"项目{n}" for n in range(1, 6)] and summary.dry_run
    assert db.session.scalar(select(db.func.count()).select_from(db.Model.metadata.tables["project"])) == 0
    done = jobs.submit("import", dict(params, dry_run=False), officer)
    complete(job_app, done.id)
    done = jobs.get(done.id, officer)
    assert done.status == "done" and done.message == "已导入：新建 5 个项目，更新 0 个"
    assert db.session.scalar(select(db.func.count()).select_from(db.Model.metadata.tables["project"])) == 5
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "Project")).all()
    assert len(events) == 5 and {e.actor_name for e in events} == {"officer"}  # audited as the user who asked
    again = jobs.submit("import", dict(params, dry_run=False), officer)  # the kept file is gone once imported
    complete(job_app, again.id)
    assert "请重新上传" in jobs.get(again.id, officer).error


def test_the_cli_bar_writes_to_stderr_only():
    from app.cli.jobs import StderrBar

    out = io.StringIO()
    bar = StderrBar("导入", out)
    for n in range(0, 5001, 1000):
        bar(n, 5000)
    bar.close()
    assert "\r导入 [" in out.getvalue() and "5000/5000 100%" in out.getvalue() and out.getvalue().endswith("\n")


def test_jixiao_export_zip_writes_one_document_per_unit(runner, tmp_path):
    import json

    make_project(make_unit("304001", "甲单位"), code="A-1", name="甲项目")
    make_project(make_unit("573301", "乙单位"), code="B-1", name="乙项目")
    out = tmp_path / "province.zip"
    result = runner.invoke(args=["export", str(out), "--year", "2024", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)  # stdout holds the JSON only: no bar off a terminal
    assert document == {"file": str(out), "format": "zip", "layout": "full", "department": False, "projects": 2,
                        "units": ["304001", "573301"], "bytes": out.stat().st_size}
    with zipfile.ZipFile(out) as archive:
        assert len(archive.namelist()) == 2
    result = runner.invoke(args=["export", str(tmp_path / "one.zip"), "--year", "2024", "--unit", "573301"])
    assert result.exit_code == 0 and "已打包 1 个单位的 1 个项目" in result.stdout


def test_a_job_the_queue_gave_up_on_is_shown_failed(job_app):
    if job_app.runner_kind != "queue":
        pytest.skip("only RQ stops a job outside run() (a killed work horse, the timeout)")
    from rq.job import Job as QueuedJob
    from rq.job import JobStatus

    user = make_user("officer", ["officer"])
    job = jobs.submit("targets_zip", {"year": 2024, "layout": "full"}, user)
    assert jobs.get(job.id, user).status == "queued"
    queued = QueuedJob.fetch(job.id, connection=jobs.runner().queue.connection)
    queued.set_status(JobStatus.FAILED)
    lost = jobs.get(job.id, user)
    assert lost.status == "failed" and lost.error.startswith("任务中断")
    assert db.session.get(Job, job.id).status == "failed"  # recorded, not only shown

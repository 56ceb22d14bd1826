"""The job pages: 打包下载 from the project list, a big upload previewed and imported as a job, errors, other users."""

import io
import re
import zipfile

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Project
from app.services import jobs
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user
from tests.job_support import finish, job_of


@pytest.fixture
def instance(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    return tmp_path


def test_an_auditor_downloads_the_province_as_one_zip(app, instance):
    for code, name in (("304001", "甲单位"), ("573301", "乙单位"), ("110001", "丙单位")):
        make_project(make_unit(code, name), code=f"{code}-1", name=f"{name}项目")
    auditor = login(app.test_client(), make_user("auditor", ["auditor"]))
    assert "打包下载（后台）" in auditor.get("/projects/?year=2024").get_data(as_text=True)
    job_id = job_of(auditor.post("/jobs/targets.zip?year=2024&layout=full"))
    finish(job_id)
    page = auditor.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "完成" in page and "3 / 3（100%）" in page and "下载结果" in page and 'id="job-bar"' in page
    status = auditor.get(f"/jobs/{job_id}.json").get_json()
    assert (status["status"], status["done"], status["total"], status["percent"]) == ("done", 3, 3, 100)
    response = auditor.get(status["download"])
    body = response.get_data()
    response.close()  # the file is sent from disk
    assert response.status_code == 200 and response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert len(archive.namelist()) == 3
    exported = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [e.object_label for e in exported] == ["2024年3个单位项目绩效目标表（完整版）.zip"]
    assert job_id in auditor.get("/jobs/").get_data(as_text=True)


def test_another_user_cannot_see_or_download_a_job(app, instance):
    make_project(make_unit())
    owner = login(app.test_client(), make_user("auditor", ["auditor"]))
    job_id = job_of(owner.post("/jobs/targets.zip?year=2024&layout=basic"))
    finish(job_id)
    other = login(app.test_client(), make_user("auditor2", ["auditor"]))
    for path in (f"/jobs/{job_id}", f"/jobs/{job_id}.json", f"/jobs/{job_id}/download"):
        assert other.get(path).status_code == 404, path
    assert job_id not in other.get("/jobs/").get_data(as_text=True)
    admin = login(app.test_client(), make_user("root", ["admin"]))
    assert admin.get(f"/jobs/{job_id}").status_code == 200  # an administrator sees every job…
    assert admin.get(f"/jobs/{job_id}/download").status_code == 403  # …but takes no project data from it


def test_a_failed_job_shows_its_chinese_error_and_no_traceback(app, instance, caplog):
    def explode(job):
        raise KeyError("internal detail")

    jobs.kind("explode_page", "测试任务")(explode)
    try:
        user = make_user("officer", ["officer"])
        job = jobs.submit("explode_page", {}, user)
        finish(job.id)
        client = login(app.test_client(), user)
        page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    finally:
        jobs.KINDS.pop("explode_page")
    assert "任务失败" in page and "系统内部错误" in page and job.id in page
    assert "Traceback" not in page and "internal detail" not in page and "KeyError" not in page
    assert client.get(f"/jobs/{job.id}.json").get_json()["error"].startswith("任务未能完成")


def test_an_upload_over_the_page_budget_is_previewed_and_imported_by_jobs(app, instance):
    from tests.documents.docx_builder import Table, build

    unit = make_unit()
    officer = login(app.test_client(), make_user("officer", ["officer"], [unit]))
    app.config["JIXIAO_UPLOAD_MAX_ROWS"] = 10  # the page's budget: this document is over it
    data = build(*(Table(name=f"项目{n}", number=n, code=f"C-{n}") for n in range(1, 13)))
    response = officer.post("/imports/", data={"file": (io.BytesIO(data), "big.docx"), "year": "2024",
                                               "unit": unit.code, "existing": "skip"}, content_type="multipart/form-data")
    job_id = job_of(response)
    finish(job_id)
    preview = officer.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "读到 12 个项目" in preview and "尚未保存" in preview and "项目12" in preview
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview).group(1)
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0
    response = officer.post("/imports/confirm", data={"token": token, "filename": "big.docx", "year": "2024",
                                                      "unit": unit.code, "existing": "skip"})
    job_id = job_of(response)
    finish(job_id)
    done = officer.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "导入完成" in done and "新建 <strong>12</strong> 个项目" in done
    assert db.session.scalar(select(func.count()).select_from(Project)) == 12
    app.config["JIXIAO_JOB_MAX_ROWS"] = 20  # and a job has a budget too
    response = officer.post("/imports/", data={"file": (io.BytesIO(data), "big.docx"), "year": "2024",
                                               "unit": unit.code, "existing": "skip"}, content_type="multipart/form-data")
    assert response.status_code == 422 and "超过网页上传的上限 20 行" in response.get_data(as_text=True)


@pytest.mark.parametrize("path,kind", [("/selfeval/summary.xlsx?year=2024", "selfeval_xlsx"),
                                       ("/progress/progress.xlsx?year=2024&as_of=2024-06-30", "progress_xlsx")])
def test_a_large_years_workbook_is_built_by_a_job(app, instance, path, kind):
    from openpyxl import load_workbook

    for code in ("304001", "573301"):
        make_project(make_unit(code, f"单位{code}"), code=f"{code}-1", name=f"项目{code}")
    user = make_user("auditor", ["auditor"])
    auditor = login(app.test_client(), user)
    small = auditor.get(path)
    assert small.status_code == 200 and small.mimetype.endswith("sheet")  # within the setting: sent at once
    app.config["JIXIAO_JOB_EXPORT_PROJECTS"] = 1
    job_id = job_of(auditor.get(path))
    finish(job_id)
    job = jobs.get(job_id, user)
    assert (job.kind, job.status) == (kind, "done"), job.error
    response = auditor.get(f"/jobs/{job_id}/download")
    body = response.get_data()
    response.close()
    assert response.status_code == 200 and job.result_name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    assert any("项目573301" in str(cell.value) for row in sheet.iter_rows() for cell in row)
    # an officer of one unit must choose it, as on the page
    officer = login(app.test_client(), make_user("officer", ["officer"], [make_unit("110001", "丙")]))
    assert officer.get(path).status_code == 302 and "/jobs/" not in officer.get(path).headers["Location"]

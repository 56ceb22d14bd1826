"""A real table whose 预算单位 is not in the database yet: the preview shows what it read and names the missing unit.

The table is the corpus's 乌海 2021 (tests/fixtures/real/neimenggu_city_2021_wuhai_zaishengziyuan.docx, its source
address in the .txt beside it): unit line "433001 乌海市供销合作社联合社", one project, 11 indicators.
"""

import io
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Indicator, Project, Unit
from tests.conftest import login
from tests.documents.corpus import REAL
from tests.factories import make_unit, make_user
from tests.job_support import finish, job_of

TABLE = REAL / "neimenggu_city_2021_wuhai_zaishengziyuan.docx"
PROJECT, INDICATORS, PRINTED = "再生资源回收市场管理经费", 11, "433001乌海市供销合作社联合社"


@pytest.fixture
def instance(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    return tmp_path


@pytest.fixture
def officer(app, instance):
    unit = make_unit("573301", "天津分会")  # the newcomer's own unit: not the one the table names
    return login(app.test_client(), make_user("zhang", ["officer"], [unit]))


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Unit, Project, Indicator, AuditEvent))


def upload(client, **fields):
    form = {"file": (io.BytesIO(TABLE.read_bytes()), TABLE.name), "year": "", "unit": "", "existing": "skip", **fields}
    return client.post("/imports/", data=form, content_type="multipart/form-data")


def read_back(page: str) -> None:
    """The preview lists the project as read and says, in one line, which unit is missing and what to do."""
    summary = re.search(r'<p class="summary" id="import-summary">(.*?)</p>', page, re.S).group(1)
    assert "读到 1 个项目" in summary and f"{INDICATORS} 条指标" in summary and "尚未保存" in summary
    assert "读到 0 个项目" not in page
    row = re.search(r'<tr class="status-blocked">(.*?)</tr>', page, re.S).group(1)
    assert PROJECT in row and f'<td class="num">{INDICATORS}</td>' in row and PRINTED in row and "2021" in row
    missing = re.search(r'<div class="form-alert" role="alert" id="import-missing-units">(.*?)</div>', page, re.S)
    assert missing, page
    line = re.sub(r"<[^>]+>", "", missing.group(1))
    assert f"表中的预算单位“{PRINTED}”在系统中还没有" in line
    assert "导入到单位" in line and "按所选单位重新预览" in line and "管理员" in line
    assert '<option value="573301">573301天津分会</option>' in page  # the unit to choose is offered below


def test_the_page_preview_lists_the_project_and_names_the_missing_unit(app, officer):
    before = counts()
    page = upload(officer)
    assert page.status_code == 200
    read_back(page.get_data(as_text=True))
    assert counts() == before  # nothing saved by the preview: no unit, no project, no audit row


def test_the_job_preview_of_a_large_upload_says_the_same(app, officer):
    app.config["JIXIAO_UPLOAD_MAX_ROWS"] = 5  # the page's budget: this table (11 rows) goes to a job
    before = counts()
    job_id = job_of(upload(officer))
    finish(job_id)
    page = officer.get(f"/jobs/{job_id}").get_data(as_text=True)
    read_back(page)
    assert officer.get(f"/jobs/{job_id}.json").get_json()["message"] == "预览完成：读到 1 个项目，尚未保存"
    assert counts() == before


def test_choosing_a_unit_in_the_preview_then_imports_into_it(app, officer):
    page = upload(officer).get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    fields = {"token": token, "filename": TABLE.name, "year": "", "unit": "573301", "existing": "skip"}
    again = officer.post("/imports/confirm", data={**fields, "action": "preview"}).get_data(as_text=True)
    assert "import-missing-units" not in again and 'class="status-created"' in again and PROJECT in again
    done = officer.post("/imports/confirm", data=fields)
    assert done.status_code == 200, done.get_data(as_text=True)
    project = db.session.scalar(select(Project))
    assert (project.name, project.unit.code, len(project.indicators)) == (PROJECT, "573301", INDICATORS)
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 1  # the officer never creates a unit

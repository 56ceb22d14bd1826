"""The project list as Excel (issue 14 point 3): the page's filters, every line, the user's units only, a job when large."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.documents.project_list_excel import HEADERS
from app.services import jobs
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user
from tests.job_support import finish, job_of


@pytest.fixture
def instance(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    return tmp_path


def lines(body: bytes) -> list[tuple]:
    return [tuple(row) for row in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]


def two_units():
    own, other = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    make_project(own, code="A-1", name="甲信息化运维项目", budget_total=Decimal("50.00"), budget_fiscal=Decimal("50.00"),
                 checkpoints=())
    make_project(own, code="A-2", name="甲培训项目", budget_total=Decimal("12.50"), budget_fiscal=Decimal("10.00"),
                 budget_other=Decimal("2.50"), checkpoints=())
    make_project(other, code="B-1", name="乙信息化运维项目")
    make_project(other, code="B-9", name="乙往年项目", year=2023)
    return own, other


def test_the_workbook_holds_every_line_the_filters_give_with_totals(app):
    own, _ = two_units()
    auditor = login(app.test_client(), make_user("auditor", ["auditor"]))
    assert "/projects/list.xlsx?year=2024" in auditor.get("/projects/?year=2024").get_data(as_text=True)
    response = auditor.get("/projects/list.xlsx?year=2024")
    assert response.status_code == 200 and response.mimetype.endswith("sheet")
    rows = lines(response.get_data())
    assert rows[0][0] == "2024 年度全部单位项目清单" and rows[1] == HEADERS
    body, total = rows[2:-1], rows[-1]
    assert [r[3] for r in body] == ["A-1", "A-2", "B-1"]  # the page's order: year, unit, entry
    first = body[1]
    assert first[:5] == (2024, "304001", "甲单位", "A-2", "甲培训项目")
    assert [Decimal(str(v)) for v in first[5:8]] == [Decimal("12.5"), Decimal("10"), Decimal("2.5")]
    assert first[8] == 6 and first[9] == "草稿"
    assert total[0] == "合计" and total[4] == "3 个项目" and total[8] == 18
    assert Decimal(str(total[5])) == Decimal("88.5")
    searched = lines(auditor.get("/projects/list.xlsx?year=2024&q=信息化").get_data())
    assert [r[3] for r in searched[2:-1]] == ["A-1", "B-1"] and "搜索“信息化”" in searched[0][0]
    one_unit = lines(auditor.get(f"/projects/list.xlsx?unit={own.id}").get_data())
    assert [r[3] for r in one_unit[2:-1]] == ["A-1", "A-2"]
    every_year = lines(auditor.get("/projects/list.xlsx").get_data())
    assert [r[3] for r in every_year[2:-1]] == ["A-1", "A-2", "B-1", "B-9"]


def test_an_officer_exports_only_their_units(app):
    own, other = two_units()
    officer = login(app.test_client(), make_user("officer", ["officer"], [own]))
    rows = lines(officer.get("/projects/list.xlsx?year=2024").get_data())
    assert {r[1] for r in rows[2:-1]} == {"304001"} and rows[-1][4] == "2 个项目"
    assert officer.get(f"/projects/list.xlsx?year=2024&unit={other.id}").status_code == 403


def test_a_large_list_is_built_by_a_job_that_keeps_the_filters_and_the_units(app, instance):
    own, _ = two_units()
    user = make_user("officer", ["officer"], [own])
    officer = login(app.test_client(), user)
    app.config["JIXIAO_JOB_EXPORT_PROJECTS"] = 1
    assert "后台生成" in officer.get("/projects/?year=2024").get_data(as_text=True)
    job_id = job_of(officer.get("/projects/list.xlsx?year=2024&q=项目"))
    finish(job_id)
    job = jobs.get(job_id, user)
    assert (job.kind, job.status) == ("project_list_xlsx", "done"), job.error
    response = officer.get(f"/jobs/{job_id}/download")
    body = response.get_data()
    response.close()
    rows = lines(body)
    assert [r[3] for r in rows[2:-1]] == ["A-1", "A-2"]  # not the other unit's, though the job could read it
    assert job.result_name == "2024年度项目清单_全部单位.xlsx"
    # a search matching one project stays below the budget: sent at once
    assert officer.get("/projects/list.xlsx?year=2024&q=培训").mimetype.endswith("sheet")


def test_the_workbook_binds_no_more_parameters_with_more_projects(app):
    """Its statements do not grow with the data (no list of project ids: PostgreSQL stops at 65,535)."""
    from sqlalchemy import event

    from app.extensions import db

    def measure(client) -> tuple[int, int, int]:
        seen = []

        def record(conn, cursor, statement, parameters, context, executemany):
            seen.append(len(parameters or ()))

        db.session.expire_all()
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            response = client.get("/projects/list.xlsx?year=2024&q=项目")
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(seen), max(seen), len(lines(response.get_data())) - 3

    unit = make_unit("304001", "甲单位")
    auditor = login(app.test_client(), make_user("auditor", ["auditor"]))
    for n in range(3):
        make_project(unit, code=f"S-{n}", name=f"项目{n}", checkpoints=())
    statements, parameters, rows = measure(auditor)
    assert rows == 3
    for n in range(3, 60):
        make_project(make_unit(f"5{n:05d}", f"单位{n}"), code=f"S-{n}", name=f"项目{n}", checkpoints=())
    assert measure(auditor) == (statements, parameters, 60)

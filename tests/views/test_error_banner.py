"""One error banner that counts right (issue 12, point 5)."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Project
from tests.conftest import login
from tests.factories import form_data, make_project, make_unit, make_user


def banner(page: str) -> str | None:
    match = re.search(r'<p class="form-alert" role="alert" id="form-alert">(.*?)</p>', page)
    return match.group(1) if match else None


def plan_cells(page: str) -> list[str]:
    return re.findall(r'<label class="form-row[^"]*">\s*<span class="label"><select name="checkpoints-.*?</label>', page, re.S)


def test_the_banner_counts_every_field_in_error_plan_and_levels_included(client):
    unit = make_unit()
    data = form_data(unit.id, **{
        "indicators-0-level2": "社会效益指标",  # not under 产出指标
        "indicators-1-level1": "",  # 请选择一级指标
        "checkpoints-1-amount": "60",  # more than 9月底's 9
    })
    response = client.post("/projects/new", data=data)
    assert response.status_code == 422
    page = response.text
    errors = re.findall(r'<span class="field-error">', page)
    assert len(errors) == 3  # two indicator rows and one plan cell (it said "有 2 处" before: one per list)
    assert banner(page) == "有 3 处需要修改，请查看标红的内容。未保存任何内容。"
    assert db.session.scalar(select(Project.id)) is None


def test_goal_errors_are_counted_too(client):
    unit = make_unit()
    page = client.post("/projects/new", data=form_data(unit.id, name="", **{"goals-1-text": "长" * 4001})).text
    assert len(re.findall(r'<span class="field-error">', page)) == 2
    assert banner(page).startswith("有 2 处需要修改")


def test_the_plan_message_marks_the_earlier_checkpoint_that_runs_ahead(client):
    unit = make_unit()
    page = client.post("/projects/new", data=form_data(unit.id, **{"checkpoints-1-amount": "60"})).text
    cells = plan_cells(page)
    assert len(cells) == 4
    assert "6月底（60.00）不能多于其后的9月底（9.00）" in cells[1]
    assert "field-error" not in cells[2]  # 9月底 (9.00) is right: the 60 is what was mistyped
    assert banner(page) == "有 1 处需要修改，请查看标红的内容。未保存任何内容。"


def test_a_list_wide_message_is_shown_and_counted(client):
    unit = make_unit()
    data = {k: v for k, v in form_data(unit.id).items() if not k.startswith("indicators-")}
    page = client.post("/projects/new", data=data).text
    assert "至少需要一条绩效指标" in page and banner(page).startswith("有 1 处")


def test_the_edit_conflict_page_shows_only_the_conflict(app):
    unit = make_unit()
    project = make_project(unit)
    first, second = (login(app.test_client(), make_user(name, ["officer"], [unit])) for name in ("officer-1", "officer-2"))
    common = dict(code=project.code, budget_total="26.00", budget_fiscal="26.00", version=str(project.version),
                  **{"checkpoints-3-amount": "26.00", "checkpoints-2-month": "10"})
    assert first.post(f"/projects/{project.id}/edit", data=form_data(unit.id, name="第一个", **common)).status_code == 302
    refused = second.post(f"/projects/{project.id}/edit", data=form_data(unit.id, name="第二个", **common))
    assert refused.status_code == 422
    assert "该项目已被他人修改，您的修改尚未保存" in refused.text
    assert banner(refused.text) is None and "field-error" not in refused.text

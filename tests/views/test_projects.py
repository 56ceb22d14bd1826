"""The project pages through the test client."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Indicator, Project
from app.services import projects
from tests.factories import form_data, make_project, make_unit


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_then_show_in_the_official_layout(client, app):
    unit = make_unit()
    response = client.post("/projects/new", data=form_data(unit.id))
    assert response.status_code == 302, response.text
    project = db.session.scalar(select(Project))
    page = client.get(response.headers["Location"]).text
    assert "信息化运维项目绩效目标表" in page
    assert "确保机房网络 &amp; 服务器 &lt;稳定&gt; 运行" in page
    assert "1.确保现有的机房网络可无阻碍运行。" in page and "2.确保门户网站网络安全。" in page
    assert "≤4次" in page and "≤ 4 次" in page  # as written, and as understood
    assert page.count('rowspan="4">产出指标') == 1  # level-1 merged over its rows
    assert len(project.indicators) == 6


def test_bad_input_answers_the_form_with_errors_and_keeps_what_was_typed(client, app):
    unit = make_unit()
    data = form_data(unit.id, budget_fiscal="10.00", **{"indicators-1-target_text": "", "checkpoints-1-amount": "abc"})
    response = client.post("/projects/new", data=data)
    assert response.status_code == 422
    page = response.text
    assert "计划支出“abc”不是有效金额" in page
    assert 'value="abc"' in page and 'value="10.00"' in page and "信息化运维项目" in page
    assert count(Project) == 0 and count(Indicator) == 0


def test_domain_errors_are_shown_beside_their_field(client, app):
    unit = make_unit()
    data = form_data(unit.id, budget_fiscal="10.00", **{"indicators-1-target_text": ""})
    page = client.post("/projects/new", data=data).text
    assert "预算数 12.00 应等于财政资金与其他资金之和 10.00" in page
    assert "第 2 行指标：请填写指标值" in page
    assert count(Project) == 0


def test_empty_indicator_rows_are_ignored_and_errors_find_their_row(client, app):
    unit = make_unit()
    data = form_data(unit.id)
    # a blank row the officer added, then a row with a wrong level-2 after it
    data.update({f"indicators-6-{n}": "" for n in ("level1", "level2", "name", "description", "target_text", "basis")})
    data.update({"indicators-7-level1": "效益指标", "indicators-7-level2": "数量指标", "indicators-7-name": "x",
                 "indicators-7-target_text": "1"})
    page = client.post("/projects/new", data=data).text
    assert "第 7 行指标：二级指标“数量指标”不属于一级指标“效益指标”" in page
    # the message sits in the 8th row of the editor (index 7)
    rows = re.findall(r'<tr class="indicator-row">(.*?)</tr>', page, re.S)
    assert "不属于一级指标" in rows[7] and "不属于一级指标" not in rows[6]


def test_edit_page_shows_what_is_stored_and_saves_changes(client, app):
    project = make_project()
    page = client.get(f"/projects/{project.id}/edit").text
    assert "13060524P00466210002W" in page and 'value="≤4次"' in page and "≤ 4 次" in page
    data = form_data(project.unit_id, name="改过的名称", code=project.code, budget_total="26.00", version=str(project.version),
                     budget_fiscal="26.00", **{"checkpoints-3-amount": "26.00", "checkpoints-2-month": "10"})
    response = client.post(f"/projects/{project.id}/edit", data=data)
    assert response.status_code == 302, response.text
    db.session.expire_all()
    assert projects.get_project(project.id).name == "改过的名称"


def test_failed_edit_changes_nothing(client, app):
    project = make_project()
    data = form_data(project.unit_id, name="改过的名称", budget_total="-1")
    assert client.post(f"/projects/{project.id}/edit", data=data).status_code == 422
    db.session.expire_all()
    assert projects.get_project(project.id).name == "2024年白沟箱包市场采购贸易方式试点活动资金"


def test_delete_asks_first(client, app):
    project = make_project()
    assert "确认删除" in client.get(f"/projects/{project.id}/delete").text
    assert count(Project) == 1
    assert client.post(f"/projects/{project.id}/delete").status_code == 302
    assert count(Project) == 0 and count(Indicator) == 0


def test_copy_to_next_year(client, app):
    project = make_project()
    response = client.post(f"/projects/{project.id}/copy")
    assert response.status_code == 302
    assert count(Project) == 2
    again = client.post(f"/projects/{project.id}/copy", follow_redirects=True)
    assert "2025 年度已有" in again.text and count(Project) == 2


def test_list_shows_counts_totals_and_searches(client, app):
    unit = make_unit()
    make_project(unit)
    make_project(unit, code="B2", name="2024年国贸中心事务资金")
    page = client.get(f"/projects/?year=2024&unit={unit.id}").text
    assert "共 <strong>2</strong> 个项目" in page and "52.00" in page
    page = client.get("/projects/?q=国贸").text
    assert "共 <strong>1</strong> 个项目" in page


def test_unknown_project_is_a_chinese_404(client, app):
    response = client.get("/projects/999")
    assert response.status_code == 404 and "页面不存在" in response.text


def test_target_parse_api(client, app):
    data = client.get("/api/targets/parse?text=≥17台&text=2024年12月底").get_json()
    assert data[0]["understood"] == "≥ 17 台" and data[0]["value"] == "17"
    assert data[1]["kind"] == "deadline" and data[1]["deadline"] == "2024-12-31"

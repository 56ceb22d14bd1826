"""What a newcomer tripped on, in real Chromium (issue 12, point 11): one test per point a page shows."""

import re

import pytest
from sqlalchemy import select

expect = pytest.importorskip("playwright.sync_api").expect

from app.centres.hubei import demo as centre_demo
from app.extensions import db
from app.models import Project
from app.services import units
from tests.factories import make_project, make_unit

pytestmark = pytest.mark.browser

NAME = "2023年PECC国际贸易投资博览会"


def plan_months(page) -> list[str]:
    return page.eval_on_selector_all("#plan-rows select.plan-month", "els => els.map(e => e.value)")


def test_2_a_second_jixiao_demo_keeps_what_was_changed_in_the_browser(officer_page, live_server, live_app, monkeypatch):
    page = officer_page
    monkeypatch.setattr("app.cli.data.upgrade", lambda: None)  # the test database is made by create_all
    runner = live_app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    project_id = db.session.scalar(select(Project.id).where(Project.name == NAME))
    page.goto(f"{live_server}/projects/{project_id}/edit")
    page.fill("#purpose", "在浏览器中改过的资金用途")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    again = runner.invoke(args=["demo"])  # what a second ./scripts/serve runs
    assert again.exit_code == 0 and "未载入演示数据" in again.output
    page.goto(f"{live_server}/projects/{project_id}")
    assert "在浏览器中改过的资金用途" in page.content()


def test_4_plan_months_follow_the_unit_and_year_and_differing_months_are_confirmed(officer_page, live_server):
    page = officer_page
    first, second = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    units.set_checkpoint_months(first, 2024, (3, 6, 10, 12))
    units.set_checkpoint_months(second, 2025, (6, 9, 12))
    make_project(first, year=2024)  # the year in use
    page.goto(f"{live_server}/projects/new?unit={first.id}")
    assert page.input_value("#year") == "2024"
    assert plan_months(page) == ["3", "6", "10", "12"]
    page.fill("#checkpoints-1-amount", "6.00")
    # another unit and year: its months replace the rows, the 6月底 amount stays with its month
    page.select_option("#unit_id", str(second.id))
    page.fill("#year", "2025")
    page.dispatch_event("#year", "change")
    expect(page.locator("#plan-rows select.plan-month")).to_have_count(3)  # no eval: the page's CSP forbids it
    assert plan_months(page) == ["6", "9", "12"]
    assert page.input_value("#checkpoints-0-amount") == "6.00"
    assert "“乙单位” 2025 年度的设置：6月底、9月底、12月底" in page.inner_text("#plan-hint")
    # the officer may open the unit's settings from the hint
    assert page.get_attribute("#plan-unit-link a", "href").endswith(f"/units/{second.id}")
    # a project of its own months is saved once confirmed
    page.fill("#name", "新项目")
    page.fill("#budget_total", "12.00")
    page.fill("#budget_fiscal", "12.00")
    page.select_option("#checkpoints-1-month", "10")
    page.fill("#checkpoints-1-amount", "9.00")
    page.fill("#checkpoints-2-amount", "12.00")
    page.select_option("#indicators-0-level1", "产出指标")
    page.select_option("#indicators-0-level2", "数量指标")
    page.fill("#indicators-0-name", "场次")
    page.fill("#indicators-0-target_text", "≥2场")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "与“乙单位” 2025 年度的设置（6月底、9月底、12月底）不同" in page.inner_text("#confirm-months")
    assert page.inner_text("#form-alert").startswith("有 1 处需要修改")
    page.check("#confirm_months")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert re.search(r"/projects/\d+$", page.url)


def test_5_7_the_banner_counts_right_and_the_history_speaks_chinese(officer_page, live_server):
    page = officer_page
    unit = make_unit()
    project = make_project(unit)
    page.goto(f"{live_server}/projects/{project.id}/edit")
    page.fill("#checkpoints-1-amount", "20.00")
    page.fill("#checkpoints-2-amount", "15.00")  # 10月底 smaller than 6月底: the 20.00 runs ahead
    page.select_option("#indicators-1-level1", "")  # its level-2 is cleared with it
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    in_error = page.locator(".has-error")
    assert in_error.count() >= 2
    assert page.inner_text("#form-alert") == f"有 {in_error.count()} 处需要修改，请查看标红的内容。未保存任何内容。"
    assert "6月底（20.00）不能多于其后的10月底（15.00）" in page.inner_text("#plan")
    page.goto(f"{live_server}/projects/{project.id}/history")
    text = page.inner_text("#audit-events")
    assert "指标值类型：（空） → 定量" in text and "比较符：（空） → ≥" in text and "截止日期" in text
    assert f"预算单位：（空） → {unit.name}" in text
    assert "quantitative" not in text and ">=" not in text


def test_9_10_centre_pages_cite_names_the_favicon_and_the_as_of_date(officer_page, live_server):
    page = officer_page
    centre_demo.load()
    page.goto(f"{live_server}/centres/")
    assert page.get_attribute("link[rel=icon]", "href") == "/static/favicon.svg"
    page.goto(f"{live_server}/centres/ranking?year=2024")
    assert "《湖北省对外贸易综合服务中心认定管理办法》第十二条" in page.content()
    assert not re.search(r"(?<![\d.])00[01] 第", page.inner_text("main"))
    unit = make_unit()
    make_project(unit, year=2023, code="A-2023")
    make_project(unit, year=2024, code="A-2024")
    page.goto(f"{live_server}/progress/?year=2024&unit={unit.id}&as_of=2024-06-30")
    page.select_option("#as-of-form select[name=year]", "2023")
    with page.expect_navigation():
        page.click("#as-of-form button[type=submit]")
    assert page.inner_text("#progress-rules").startswith("截至 2023-12-31")

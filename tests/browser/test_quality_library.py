"""An officer writes a new table mostly from the indicator library, and the quality findings follow live (issue 17)."""

import pytest

from app.extensions import db
from app.models import Project, Unit
from app.services.demo import load_demo

pytestmark = pytest.mark.browser

# (level-3 name typed, what the library fills in from seed 004's tables of the same unit)
CHOSEN = [
    ("活动参与率", "产出指标", "质量指标", "≥95%", "依据实际工作开展情况"),
    ("运行保障总成本", "产出指标", "成本指标", None, "依据实际工作开展情况"),
    ("在职人员稳定率", "效益指标", "社会效益指标", "≥95%", "年度工作计划"),
    ("企业满意度", "满意度指标", "服务对象满意度指标", "≥98%", "调查问卷"),
]


def test_a_table_from_suggestions_with_live_findings(officer_page, live_server, live_app):
    page = officer_page
    load_demo()
    unit = db.session.scalar(db.select(Unit).where(Unit.code == "304001"))
    page.goto(f"{live_server}/projects/new?unit={unit.id}&year=2025")
    page.fill("#name", "2025年试点活动资金")
    page.fill("#budget_total", "26.00")
    page.fill("#budget_fiscal", "26.00")
    page.fill("#goals-0-text", "保障2025年试点活动正常进行。")

    rows = page.locator("#indicators tbody tr.indicator-row")
    for n, (name, level1, level2, value, basis) in enumerate(CHOSEN):
        if n:
            page.click("#add-indicator")
        row = rows.nth(n)
        field = row.locator("input[name$='-name']")
        field.fill(name)
        page.wait_for_function(
            "name => Array.from(document.querySelectorAll('#indicator-library option')).some(o => o.value === name)",
            arg=name,
        )
        field.dispatch_event("change")  # the officer picks the suggestion
        page.wait_for_function(
            "i => document.querySelectorAll('#indicators tbody tr.indicator-row')[i].querySelector('input.target-text').value",
            arg=n,
        )
        assert row.locator("select.level1").input_value() == level1
        assert row.locator("select.level2").input_value() == level2
        assert row.locator("input[name$='-basis']").input_value() == basis
        if value:
            assert row.locator("input.target-text").input_value() == value

    # The library offers another project's cost (≤40万元, ≤54.9万元…): above this budget it is a must-fix,
    # shown live; the officer writes this project's own and the finding goes.
    cost = rows.nth(1).locator("input.target-text")
    with page.expect_response("**/api/projects/quality"):
        cost.fill("≤40万元")
    page.wait_for_function("() => document.querySelector('#quality-findings li.quality-must[data-code=\"cost-over-budget\"]')")
    assert "第 2 行指标：成本指标“≤40万元”超过项目预算数 26.00 万元" in page.locator("#quality-findings").inner_text()
    with page.expect_response("**/api/projects/quality"):
        cost.fill("≤26万元")
    page.wait_for_function("() => !document.querySelector('#quality-findings li.quality-must')")
    assert page.locator("#quality-findings .quality-summary").inner_text() == "未发现问题"
    page.click("button[type=submit].primary")
    page.wait_for_url("**/projects/*")
    project = db.session.scalar(db.select(Project).where(Project.name == "2025年试点活动资金"))
    assert [i.name for i in project.indicators] == [c[0] for c in CHOSEN]
    assert page.locator("#quality-findings").is_visible()


def test_a_reviewer_returns_with_row_opinions_and_the_officer_answers(page, live_server, live_app):
    from tests.browser.conftest import sign_in
    from tests.factories import PASSWORD, make_project, make_unit, make_user

    unit = make_unit()
    make_user("reviewer", ["reviewer"], [unit])
    make_user("officer", ["officer"], [unit])
    project = make_project(unit)
    officer = page.context.browser.new_context(locale="zh-CN").new_page()
    sign_in(officer, live_server, "officer", PASSWORD)
    officer.goto(f"{live_server}/projects/{project.id}")
    assert "未发现问题" in officer.locator("#quality-findings").inner_text() or "建议" in officer.inner_text("#quality-findings")
    with officer.expect_navigation():
        officer.click("#step-submit")

    sign_in(page, live_server, "reviewer", PASSWORD)
    page.goto(f"{live_server}/projects/{project.id}")
    page.select_option("#opinion-row", "5")
    page.fill("#opinion-text", "指标值没有可衡量的标准，请量化")
    with page.expect_navigation():
        page.click("#add-opinion")
    assert "第 5 行 外出考察学习" in page.inner_text("#opinion-table")
    page.fill("textarea[name=comment]", "见审核意见")
    with page.expect_navigation():
        page.click("#step-return")

    officer.goto(f"{live_server}/projects/{project.id}")
    officer.fill("#opinion-table textarea[name=answer]", "已改为“考察报告≥2份”")
    with officer.expect_navigation():
        officer.click("#opinion-table button.answer-opinion")
    assert "已改为“考察报告≥2份”" in officer.inner_text("#opinion-table")
    page.goto(f"{live_server}/projects/{project.id}/history")
    assert "审核意见" in page.inner_text("body")

"""The spending progress of a seed project in real Chromium: the chart's three series, the as-of date, a payment."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Project
from app.services import accounts
from tests.factories import PASSWORD
from tests.progress.builders import FIRST, pay_a_year, seed

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def sign_in(page, live_server, name):
    page.goto(f"{live_server}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_project_chart_and_payments(page, live_server, live_app, tmp_path):
    _, projects = seed()
    pay_a_year(projects)
    project_id = db.session.scalar(select(Project.id).where(Project.code == FIRST))
    accounts.create_user("officer1", ("officer",), unit_codes=["304001"], password=PASSWORD)
    sign_in(page, live_server, "officer1")

    page.goto(f"{live_server}/projects/{project_id}")
    page.click("#progress-link")
    page.wait_for_url(f"**/projects/{project_id}/progress")
    chart = page.locator("svg#progress-chart")
    expect(chart).to_be_visible()
    for key in ("plan", "actual", "benchmark"):
        series = chart.locator(f"#series-{key}")
        expect(series).to_have_count(1)
        assert len(series.get_attribute("points").split()) >= 2
        assert series.bounding_box()["width"] > 100  # drawn across the year, not collapsed
    expect(chart.locator("#chart-legend text")).to_have_text(["资金支出计划（累计）", "实际支出（累计）", "序时进度（预算数 × 已过月份 ÷ 12）"])

    page.fill("#as_of", "2024-07-15")
    with page.expect_navigation():
        page.click("#as-of-form button[type=submit]")
    expect(page.locator("#fig-plan")).to_have_text("13.16")  # 12.00 + 9.50 × 15/123
    # the chart marks the reading on each series at the as-of date
    expect(chart.locator("#as-of-plan")).to_have_attribute("data-amount", "13.16")
    expect(chart.locator("#as-of-actual")).to_have_attribute("data-amount", "7.20")
    expect(chart.locator("#as-of-benchmark")).to_have_attribute("data-amount", "13.00")  # 26.00 × 6/12
    assert chart.locator("#as-of-plan").bounding_box()["width"] > 0
    expect(page.locator("#fig-benchmark")).to_have_text("50.00%")
    expect(page.locator("#fig-spent")).to_have_text("7.20")  # the first project is paid at 60%: 12.00 × 0.6
    expect(page.locator("#progress-flags")).to_contain_text("6月底执行率 27.69% 低于 50%")
    page.screenshot(path=str(tmp_path / "progress.png"), full_page=True)

    page.click("#payments-link")
    page.wait_for_url(f"**/projects/{project_id}/payments")
    page.fill("#day", "2024-12-30")
    page.fill("#amount", "abc")
    with page.expect_navigation():
        page.click("#add-payment")
    expect(page.locator("#payment-form .field-error")).to_have_text("金额“abc”不是有效金额")
    page.fill("#amount", "1.00")
    with page.expect_navigation():
        page.click("#add-payment")
    expect(page.locator(".flashes")).to_contain_text("已登记支出 1.00 万元")
    expect(page.locator("#pay-spent")).to_have_text("16.60")  # 15.60 (60% of 26.00) + 1.00


def test_progress_table_and_monitoring_form(page, live_server, live_app, tmp_path):
    unit, projects = seed()
    pay_a_year(projects)
    accounts.create_user("officer1", ("officer",), unit_codes=["304001"], password=PASSWORD)
    sign_in(page, live_server, "officer1")
    page.click("#nav-progress")
    page.wait_for_url("**/progress/?unit=*")  # an officer of one unit is taken to it
    page.fill("#as_of", "2024-08-15")
    with page.expect_navigation():
        page.click("#as-of-form button[type=submit]")
    rows = page.locator("#progress-table tbody tr")
    expect(rows).to_have_count(14)
    expect(page.locator("#progress-totals")).to_contain_text("14 个项目")
    page.screenshot(path=str(tmp_path / "table.png"), full_page=True)

    project_id = db.session.scalar(select(Project.id).where(Project.code == FIRST))
    page.goto(f"{live_server}/projects/{project_id}/monitoring?month=6")
    all_rows = page.locator("#monitoring-rows tr.monitoring-row")
    for n in range(all_rows.count()):  # seed 004's first project: 5 indicators
        all_rows.nth(n).locator("select.likelihood").select_option("确定能")
    row = all_rows.nth(1)
    row.locator("select.likelihood").select_option("有可能")
    with page.expect_navigation():
        page.click("#save-monitoring")
    expect(page.locator("#monitoring-errors")).to_be_visible()
    expect(row.locator(".field-error")).to_have_text(
        ["“活动参与率”未确定能完成，请选择偏差原因", "“活动参与率”请说明偏差原因", "“活动参与率”请填写纠偏措施"]
    )
    page.screenshot(path=str(tmp_path / "monitoring.png"), full_page=True)
    row.locator("select.reason-kind").select_option("人员保障")
    row.locator("textarea.reason-text").fill("部分人员公务冲突")
    row.locator("textarea.measures").fill("调整活动时间")
    with page.expect_navigation():
        page.click("#save-monitoring")
    expect(page.locator(".flashes")).to_contain_text("已保存 1–6月绩效运行监控表")
    with page.expect_download() as download:
        page.click("#monitoring-docx")
    assert download.value.suggested_filename.endswith("绩效运行监控表.docx")

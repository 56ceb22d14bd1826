"""The year end of a seed project in real Chromium: type actuals, watch the verdict, save, download the 自评表."""

from io import BytesIO
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Project
from app.services import units
from app.services.demo import load_demo
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

NAME = "2024年白沟箱包市场采购贸易方式试点活动资金"


def test_year_end_of_a_seed_project(page, live_server, live_app, tmp_path):
    load_demo()
    project_id = db.session.scalar(select(Project.id).where(Project.name == NAME))
    make_user("officer1", units=[units.find_unit("304001")])

    page.goto(f"{live_server}/login")
    page.fill("#name", "officer1")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(f"{live_server}/projects/{project_id}")
    page.click("#selfeval-link")
    page.wait_for_url(f"**/projects/{project_id}/selfeval")
    assert page.locator("#budget-initial").inner_text() == "26.00"
    assert "缺少全年执行数" in page.locator("#execution-verdict").inner_text()

    page.fill("#budget_adjusted", "26.00")
    page.fill("#spent_fiscal", "20.00")
    page.fill("#spent_carryover", "2.10")
    expect(page.locator("#spent-total")).to_have_text("22.10")
    expect(page.locator("#execution-verdict")).to_contain_text("= 85%")

    rows = page.locator("#selfeval-indicators tr.selfeval-row")
    first = rows.nth(0)
    first.locator("input.actual").fill("3")
    expect(first.locator(".verdict-status")).to_have_text("达标")
    expect(first.locator(".verdict-explanation")).to_have_text("实际 3 次 ≤ 目标 4 次，得满分")
    # the verdict changes while typing: 5 次 is over the target of ≤4次
    first.locator("input.actual").fill("5")
    expect(first.locator(".verdict-explanation")).to_contain_text("未达目标")
    expect(first.locator(".verdict-status")).to_have_text("未达标")
    expect(first.locator(".verdict-reason")).to_have_text("需填写偏差原因")
    first.locator("input.actual").fill("3")

    second = rows.nth(1)
    second.locator("input.actual").fill("80%")
    second.locator("textarea.reason").fill("部分人员因公务冲突未能参加")
    third = rows.nth(2)  # 一季度一次: qualitative, judged by its grade
    third.locator("input.actual").fill("每季度一次")
    third.locator("select.grade").select_option("达成年度指标")
    rows.nth(3).locator("input.actual").fill("22.1万元")
    fifth = rows.nth(4)
    fifth.locator("input.actual").fill("形成考察报告")
    fifth.locator("select.grade").select_option("部分达成年度指标并具有一定效果")
    fifth.locator("textarea.reason").fill("考察成果转化不足 & 待加强")
    page.fill("#execution_reason", "部分合同尾款次年支付")
    # 8.5 + 12.5 + 10.53 + 12.5 + 12.5 + 28 (70% of 40)
    expect(page.locator("#selfeval-total")).to_have_text("总分 84.53，自评等级：良")
    expect(second.locator(".verdict-score")).to_have_text("10.53 / 12.5 分")
    expect(fifth.locator("input.weight")).to_have_attribute("placeholder", "40")

    page.click("#save-selfeval")
    page.wait_for_url(f"**/projects/{project_id}/selfeval")
    assert "已保存（草稿）" in page.locator(".flashes").inner_text()
    page.reload()
    assert rows.nth(3).locator("input.actual").input_value() == "22.1万元"
    assert "84.53" in page.locator("#selfeval-total").inner_text()

    with page.expect_download() as download:
        page.click("#selfeval-docx")
    path = download.value.path()
    document = docx.Document(BytesIO(Path(path).read_bytes()))
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert NAME in cells and "84.53" in cells and "考察成果转化不足 & 待加强" in cells
    page.screenshot(path=str(tmp_path / "selfeval.png"), full_page=True)
    assert (tmp_path / "selfeval.png").stat().st_size > 10_000

    # every reason is there: the officer hands it in
    page.click("#submit-selfeval")
    page.wait_for_url(f"**/projects/{project_id}/selfeval")
    expect(page.locator("#selfeval-status")).to_have_text("已提交")
    expect(page.locator("#locked-notice")).to_contain_text("不能修改")


SEED_003 = "赴美国开展经贸交流活动"
# The ten indicators of seed 003's project, in table order: actual, grade, grade %, reason.
ACTUALS_003 = (
    ("2", None, None),  # 举办活动场次 2场
    ("110人", None, None),  # 企业参会人次 ≥120人: 8.33 × 110 ÷ 120 = 7.64, a reason is needed
    ("2天", None, None),
    ("100%", None, None),
    ("100%", None, None),
    ("27.36万元", None, None),  # 活动支出 ≤28.8万元
    ("举办海外经贸项目3个", "达成年度指标", None),
    ("影响力有所提升", "达成年度指标", "90"),  # 9 of 10: a reason is needed
    ("推介项目5个", "部分达成年度指标并具有一定效果", None),  # 70%: 7 of 10, a reason is needed
    ("97%", None, None),
)


def test_whole_year_end_of_a_seed_003_project_handed_in_and_approved(page, live_server, live_app):
    load_demo()
    unit = units.find_unit("573301")
    project = db.session.scalar(select(Project).where(Project.name == SEED_003, Project.year == 2023))
    project_id, unit_id = project.id, unit.id
    make_user("officer3", units=[unit])
    make_user("reviewer3", ["reviewer"], units=[unit])
    sign_in(page, live_server, "officer3", PASSWORD)

    # from the unit's year summary to the project
    page.goto(f"{live_server}/selfeval/?year=2023&unit={unit_id}")
    summary_row = page.locator(f"#selfeval-summary tr[data-project-id='{project_id}']")
    expect(summary_row).to_contain_text("未填报")
    summary_row.locator("a").click()
    page.wait_for_url(f"**/projects/{project_id}/selfeval")

    page.fill("#supervising_department", "中国国际贸易促进委员会天津市分会")
    page.fill("#budget_adjusted", "28.80")
    page.fill("#spent_fiscal", "27.36")
    expect(page.locator("#execution-verdict")).to_contain_text("= 95%")
    rows = page.locator("#selfeval-indicators tr.selfeval-row")
    expect(rows).to_have_count(len(ACTUALS_003))
    for n, (actual, grade, percent) in enumerate(ACTUALS_003):
        row = rows.nth(n)
        row.locator("input.actual").fill(actual)
        if grade:
            row.locator("select.grade").select_option(grade)
        if percent:
            row.locator("input.grade-percent").fill(percent)
    page.fill("#overall_actual", "赴美国开展经贸交流活动 2 场，企业参会 110 人次。")
    # 9.5 + 8.33 × 4 + 7.64 + 8.35 + 10 + 9 + 7 + 10
    expect(page.locator("#selfeval-total")).to_have_text("总分 94.81，自评等级：优")
    expect(rows.nth(1).locator(".verdict-score")).to_have_text("7.64 / 8.33 分")
    expect(rows.nth(5).locator("input.weight")).to_have_attribute("placeholder", "8.35")  # the remainder
    expect(rows.nth(1).locator(".verdict-reason")).to_have_text("需填写偏差原因")

    # handing in without the reasons is refused, row by row, and nothing is saved
    page.click("#submit-selfeval")
    expect(page.locator(".flashes")).to_contain_text("以下项目缺少偏差原因分析及改进措施，不能提交：企业参会人次、")
    for n in (1, 7, 8):
        expect(rows.nth(n).locator(".field-error")).to_have_text("请填写偏差原因分析及改进措施")
    expect(rows.nth(0).locator(".field-error")).to_have_count(0)
    assert rows.nth(1).locator("input.actual").input_value() == "110人"  # what was typed stays
    expect(page.locator("#selfeval-status")).to_have_text("未填报")

    reasons = {1: "部分企业因签证原因未能成行", 7: "宣传渠道有限", 8: "部分推介项目尚在洽谈"}
    for n, reason in reasons.items():
        rows.nth(n).locator("textarea.reason").fill(reason)
    page.click("#submit-selfeval")
    page.wait_for_url(f"**/projects/{project_id}/selfeval")
    expect(page.locator("#selfeval-status")).to_have_text("已提交")
    expect(page.locator("#selfeval-total")).to_have_text("总分 94.81，自评等级：优")

    # the 自评表 is handed in as generated
    with page.expect_download() as download:
        page.click("#selfeval-docx")
    table = docx.Document(BytesIO(Path(download.value.path()).read_bytes())).tables[0]
    cells = [c.text for r in table.rows for c in r.cells]
    assert SEED_003 in cells and "中国国际贸易促进委员会天津市分会" in cells
    assert "产出指标（50分）" in cells and "效益指标（30分）" in cells
    assert "94.81" in cells and "优" in cells and "部分企业因签证原因未能成行" in cells

    # a reviewer of the unit approves it; the officer's page is locked from then on
    reviewer = page.context.browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000}).new_page()
    sign_in(reviewer, live_server, "reviewer3", PASSWORD)
    reviewer.goto(f"{live_server}/projects/{project_id}/selfeval")
    with reviewer.expect_navigation():
        reviewer.click("#review-form button[value=approve]")
    expect(reviewer.locator("#selfeval-status")).to_have_text("已审核")
    reviewer.context.close()
    page.goto(f"{live_server}/selfeval/?year=2023&unit={unit_id}")
    expect(summary_row).to_contain_text("已审核")
    expect(summary_row).to_contain_text("94.81")


def test_the_recorded_spending_fills_the_budget_fields(page, live_server, live_app):
    from app.services import demo, payments, selfeval

    load_demo()
    demo.load_demo_payments()
    project = db.session.scalar(select(Project).where(Project.code == "13060524P00452310003H"))  # cut to 45.00
    project_id, recorded = project.id, selfeval.recorded_spending(project)
    spent = payments.spent_total(project.id)
    make_user("officer4", units=[units.find_unit("304001")])
    sign_in(page, live_server, "officer4", PASSWORD)
    page.goto(f"{live_server}/projects/{project_id}/selfeval")
    expect(page.locator("#recorded-spending")).to_contain_text("调整后预算数 45.00 万元")
    page.click("#use-recorded")
    assert page.locator("#budget_adjusted").input_value() == "45.00"
    assert page.locator("#spent_fiscal").input_value() == f"{recorded.fiscal:.2f}"
    expect(page.locator("#spent-total")).to_have_text(f"{spent:.2f}")
    expect(page.locator("#execution-verdict")).to_contain_text(f"预算执行率 = {spent:.2f} ÷ 45.00")

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

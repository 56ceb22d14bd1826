"""Issue 11 in real Chromium: an administrator switches a unit's scheme, the officer's draft is
rescored live by it, an approved evaluation keeps its figures."""

import pytest

from app.domain.access import Role
from app.services import selfeval
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_project, make_unit, make_user
from tests.selfeval.builders import entry_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_an_administrator_switches_the_scheme_and_the_draft_follows(page, live_server, live_app):
    unit = make_unit()
    draft = make_project(unit, code="P-DRAFT", name="草稿项目")
    approved = make_project(unit, code="P-DONE", name="已审核项目")
    selfeval.save(draft, entry_for(draft))
    selfeval.submit(approved, entry_for(approved), {Role.OFFICER})
    selfeval.review(approved, "approve", {Role.REVIEWER})
    make_user("admin1", ["admin"])
    make_user("officer1", ["officer"], [unit])
    unit_id, draft_id, approved_id = unit.id, draft.id, approved.id

    sign_in(page, live_server, "admin1", PASSWORD)
    page.click("#nav-schemes")
    expect(page.locator("#preset-whole-down")).to_contain_text("取整：每项得分取整数，小数舍去。")
    page.select_option("#unit_id", str(unit_id))
    page.fill("#year", "2024")
    page.select_option("#scheme", "whole-down")
    with page.expect_navigation():
        page.click("#scheme-choose button[type=submit]")
    expect(page.locator(".flashes")).to_contain_text("按“财预〔2020〕10号 分值，得分取整舍去小数”评分")
    expect(page.locator("#scheme-choices")).to_contain_text("whole-down")

    officer = page.context.browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000}).new_page()
    sign_in(officer, live_server, "officer1", PASSWORD)
    officer.goto(f"{live_server}/projects/{draft_id}/selfeval")
    expect(officer.locator("#selfeval-scheme")).to_contain_text("财预〔2020〕10号 分值，得分取整舍去小数")
    # 76.76 by the 10号 rules; whole points rounded down: 8 + 12 + 10 + 0 + 12 + 22 + 10 = 74.
    expect(officer.locator("#selfeval-total")).to_contain_text("总分 74，自评等级：中")
    second = officer.locator("#selfeval-indicators tr.selfeval-row").nth(1)
    second.locator("input.actual").fill("90%")  # 12.5 × 90 ÷ 95 = 11.84 → 11
    expect(officer.locator("#selfeval-total")).to_contain_text("总分 75，自评等级：中")
    expect(second.locator(".verdict-score")).to_have_text("11 / 12.5 分")

    officer.goto(f"{live_server}/projects/{approved_id}/selfeval")
    expect(officer.locator("#selfeval-total")).to_contain_text("总分 76.76")
    expect(officer.locator("#selfeval-scheme")).to_contain_text("（提交时的方案）")

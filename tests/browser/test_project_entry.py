"""An officer enters a project with six indicators in real Chromium and sees it saved."""

import pytest

from app.services import units
from tests.factories import INDICATORS

pytestmark = pytest.mark.browser


def fill_row(row, indicator):
    row.locator("select.level1").select_option(indicator.level1)
    row.locator("select.level2").select_option(indicator.level2)
    row.locator("input[name$='-name']").fill(indicator.name)
    row.locator("textarea[name$='-description']").fill(indicator.description)
    row.locator("input.target-text").fill(indicator.target_text)
    row.locator("input[name$='-basis']").fill(indicator.basis)


def test_create_project_with_six_indicators(officer_page, live_server, live_app, tmp_path):
    page = officer_page
    unit = units.create_unit("304001", "保定白沟新城国际贸易服务中心（本级）")
    units.set_checkpoint_months(unit, 2024, (3, 6, 10, 12))

    page.goto(f"{live_server}/projects/new?unit={unit.id}&year=2024")
    page.fill("#code", "13060524P00466210002W")
    page.fill("#name", "2024年白沟箱包市场采购贸易方式试点活动资金")
    page.fill("#budget_total", "26.00")
    page.fill("#budget_fiscal", "26.00")
    page.fill("#purpose", "用于保障试点活动正常进行。")
    for i, amount in enumerate(("2.50", "12.00", "21.50", "26.00")):
        page.fill(f"#checkpoints-{i}-amount", amount)
    page.fill("#goals-0-text", "保障2024年白沟箱包市场采购贸易方式试点活动正常进行。")

    rows = page.locator("#indicators tbody tr.indicator-row")
    fill_row(rows.nth(0), INDICATORS[0])
    for n, indicator in enumerate(INDICATORS[1:], start=1):
        page.click("#add-indicator")
        assert rows.count() == n + 1
        fill_row(rows.nth(n), indicator)
    # the product shows how it understood a target while typing
    page.wait_for_function(
        "document.querySelectorAll('#indicators .understood')[0].textContent.includes('≤ 4 次')"
    )
    # an extra row added by mistake is removed again
    page.click("#add-indicator")
    rows.nth(6).locator("button.remove-row").click()
    assert rows.count() == 6

    page.click("button[type=submit].primary")
    page.wait_for_url("**/projects/*")
    page.reload()
    table = page.locator("#indicator-table")
    saved = table.evaluate(
        "t => Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).slice(-5, -1).map(c => c.textContent.trim()))"
    )
    assert saved == [[i.name, i.description, i.target_text, i.basis] for i in INDICATORS]
    assert "≤ 4 次" in table.inner_text()
    page.screenshot(path=str(tmp_path / "project.png"), full_page=True)
    assert (tmp_path / "project.png").stat().st_size > 10_000

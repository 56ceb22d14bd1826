"""Thirty indicators typed in the browser survive a validation error and are saved exactly."""

import pytest

from app.services import units
from tests.browser.test_project_entry import fill_row
from tests.factories import INDICATORS

pytestmark = pytest.mark.browser


def thirty():
    from dataclasses import replace

    return [
        replace(INDICATORS[i % 6], name=f"{INDICATORS[i % 6].name}{i + 1}", description=f"描述 <{i + 1}> & “引号”")
        for i in range(30)
    ]


def typed_rows(page):
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#indicators tbody tr.indicator-row')).map(r => [
            r.querySelector('select.level1').value, r.querySelector('select.level2').value,
            r.querySelector("input[name$='-name']").value, r.querySelector("textarea[name$='-description']").value,
            r.querySelector('input.target-text').value, r.querySelector("input[name$='-basis']").value])"""
    )


def test_thirty_indicators_survive_an_error_and_save_exactly(officer_page, live_server, live_app):
    page = officer_page
    unit = units.create_unit("573301", "中国国际贸易促进委员会天津市分会")
    indicators = thirty()
    page.goto(f"{live_server}/projects/new?unit={unit.id}&year=2023")
    page.fill("#name", "信息化运维项目")
    page.fill("#budget_total", "12.00")
    page.fill("#budget_fiscal", "10.00")  # wrong on purpose: 12.00 ≠ 10.00 + 0
    page.fill("#goals-0-text", "确保机房网络可无阻碍运行。")
    rows = page.locator("#indicators tbody tr.indicator-row")
    fill_row(rows.nth(0), indicators[0])
    for n, indicator in enumerate(indicators[1:], start=1):
        page.click("#add-indicator")
        fill_row(rows.nth(n), indicator)
    expected = [[i.level1, i.level2, i.name, i.description, i.target_text, i.basis] for i in indicators]
    assert typed_rows(page) == expected

    page.click("button[type=submit].primary")
    page.wait_for_selector(".form-alert")
    assert "预算数 12.00 应等于财政资金与其他资金之和 10.00" in page.inner_text("body")
    assert page.input_value("#budget_fiscal") == "10.00"
    assert page.input_value("#name") == "信息化运维项目"
    assert typed_rows(page) == expected  # nothing typed was lost

    page.fill("#budget_fiscal", "12.00")
    page.click("button[type=submit].primary")
    page.wait_for_selector("#indicator-table")
    saved = page.locator("#indicator-table").evaluate(
        "t => Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).slice(-5, -1).map(c => c.textContent.trim()))"
    )
    assert saved == [[i.name, i.description, i.target_text, i.basis] for i in indicators]

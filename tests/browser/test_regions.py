"""A 订单+清单 region in real Chromium: the chart drawn with its accessible name, the monthly form
with CSRF on, a refused cell shown beside its field, then a saved change reflected in the rates."""

from decimal import Decimal

import pytest

from app.centres.regions import services
from app.extensions import db
from tests.centres.regions_data import HANGZHOU, make_region

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_region_chart_and_monthly_form(officer_page, live_server, live_app):
    page = officer_page
    region = make_region("杭州市", HANGZHOU, cases=3)
    page.goto(f"{live_server}/regions/?year=2020")
    page.click("text=杭州市")
    page.wait_for_url(f"**/regions/{region.id}?year=2020")

    chart = page.get_by_role("img", name="杭州市 2020 年度月度填报率与响应率")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.point-fill")).to_have_count(6)
    expect(chart.locator("circle.point-response")).to_have_count(6)
    assert chart.locator("polyline.series-fill").bounding_box()["width"] > 200  # six months drawn across
    before = page.locator("#fig-fill").inner_text()

    page.click("#edit-months")
    page.fill('[name="months-0-fill_share"]', "95")  # no percent sign: refused, not guessed
    page.click("#save-months")
    expect(page.locator("#months-errors")).to_contain_text("1 月“当月填报企业数占比”")
    expect(page.locator('tr[data-month="1"] .field-error')).to_contain_text("若指 95%，请写作“95%”")
    db.session.expire_all()
    assert services.record_of(region, 2020).months[0].fill_share == Decimal("0.82")  # nothing saved

    page.fill('[name="months-0-fill_share"]', "95%")
    page.click("#save-months")
    page.wait_for_url(f"**/regions/{region.id}?year=2020")
    expect(page.locator(".flashes")).to_contain_text("已保存 杭州市 2020 年度的月度数据")
    after = page.locator("#fig-fill").inner_text()
    assert after != before
    expected = services.region_report(services.get_region(region.id), 2020).data["fill_rate"]
    assert after == f"{expected * 100:.2f}%"

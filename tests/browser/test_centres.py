"""A Hubei centre in real Chromium: evidence typed in, a service-record list imported through its preview, the score."""

import pytest

from app.centres.hubei import services
from app.centres.rules.hubei_drafts import CentreDraft
from tests.centres.hubei_store import records_csv

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_evidence_import_and_score(officer_page, live_server, live_app, tmp_path):
    page = officer_page
    centre = services.create_centre(CentreDraft("HB-T1", "测试外贸综合服务中心", "provincial"))
    page.goto(f"{live_server}/projects/")
    page.click("#nav-centres")
    page.fill("#year-form input[name=year]", "2024")  # no data yet: the list opened on this year
    with page.expect_navigation():
        page.click("#year-form button")
    page.click("text=测试外贸综合服务中心")
    page.click("#tab-evidence")
    page.check("#fixed_office")
    page.fill("#staff", "3")
    page.fill("#meetings", "2")
    page.fill("#trainings-0-day", "2024-04-10")
    page.fill("#trainings-0-companies", "30")
    page.fill("#first_trade", "4201A\n4201B\n4201A")
    with page.expect_navigation():
        page.click("#evidence-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("已保存 ")

    rows = [(f"企业{n}", "报关", f"事项{n}", "2024-05-01", "2024-05-10", "满意") for n in range(5)]
    upload = tmp_path / "服务记录.csv"
    upload.write_bytes(records_csv(rows))
    page.click("#tab-records")
    page.set_input_files("#file", str(upload))
    with page.expect_navigation():
        page.click("#records-import-form button[type=submit]")
    expect(page.locator("#preview-summary")).to_contain_text("读到 5 条服务记录")
    with page.expect_navigation():
        page.click("#confirm-import button[type=submit]")
    expect(page.locator("#records-summary")).to_contain_text("共 5 条服务记录")

    page.click("#tab-score")
    # S1 6 + S2 5 + S3 5 + R1 4 + R3 2 + R6 0.5 (13 items empty) + R7 0 (24 − 47.5, floor 0) + B3 4
    expect(page.locator("#total strong")).to_have_text("26.5")
    expect(page.locator("tr[data-part=R3]")).to_contain_text("破零企业 4201A 重复列出，只计 1 家")
    expect(page.locator("#missing")).to_contain_text("再录入 475 条有效服务数据可得满分")
    assert services.centre_report(centre, 2024).sheet["total"] == "26.5"

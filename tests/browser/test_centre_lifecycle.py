"""A centre's life in real Chromium (issue 16): the county applies with its materials, the city forwards,
the province approves and the 决定书 downloads; the contract is signed and filed; the year is scored and graded;
the support follows the grade (001 第九条（三）、第十条、第十一条、第十二条)."""

import datetime
import io

import pytest
from docx import Document

from app.centres.models import Centre
from app.centres.rules import hubei_lifecycle as rules
from app.extensions import db
from tests.browser.conftest import sign_in
from tests.centres.test_lifecycle_pages import CODE, store_full_year
from tests.factories import PASSWORD, make_unit, make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def as_user(page, live_server, name):
    page.context.clear_cookies()
    sign_in(page, live_server, name, PASSWORD)
    assert "/login" not in page.url


def step(page, action):
    with page.expect_navigation():
        page.click(f"#step-{action}")


def test_application_to_approval_to_score_grade_and_funding(page, live_server, live_app, tmp_path):
    live_app.instance_path = str(tmp_path)
    county_unit, other = make_unit("420101", "武汉市江岸区商务局"), make_unit("420201", "黄石市商务局")
    make_user("county", ["officer"], [county_unit])
    make_user("city", ["reviewer"], [county_unit])
    make_user("province", ["reviewer"], [county_unit, other])
    year = datetime.date.today().year - 1

    # 县区申请 (001 第九条（三）、第十条)
    as_user(page, live_server, "county")
    page.goto(f"{live_server}/centres/applications")
    with page.expect_navigation():
        page.click("#new-application")
    page.fill("#centre_code", "HB-WH01")
    page.fill("#centre_name", "武汉江岸外贸综合服务中心")
    page.fill("#park", "武汉经济技术开发区")
    page.select_option("#level", "provincial")
    page.fill("#operator_name", "湖北某外贸服务有限公司")
    page.fill("#credit_code", CODE)
    for box in ("legal_person", "trade_qualified", "clean_record", "not_discredited"):
        page.check(f"#{box}")
    page.fill("#floor_area", "60")
    page.fill("#staff", "3")
    page.fill("#staff_experienced", "1")
    page.fill("#customs_declarants", "1")
    page.fill("#linguists", "1")
    with page.expect_navigation():
        page.click("#save-application")
    expect(page.locator("#gaps")).to_contain_text("缺少材料：申报书")
    for key, _ in rules.MATERIALS[:6]:
        upload = tmp_path / f"{key}.pdf"
        upload.write_bytes(b"%PDF-1.4 " + key.encode())
        row = page.locator(f"tr[data-material={key}]")
        row.locator("input[type=file]").set_input_files(str(upload))
        with page.expect_navigation():
            row.locator("button[type=submit]").click()
    expect(page.locator("tr[data-material=truth_statement] .status")).to_contain_text("已上传")
    expect(page.locator("#gaps")).to_contain_text("符合")
    step(page, "apply")
    expect(page.locator("#stage")).to_have_text("待市州审核")
    application_url = page.url

    # 市州审核: a return needs its reason, then forwarded
    as_user(page, live_server, "city")
    page.goto(application_url)
    step(page, "city_return")
    expect(page.locator(".flash-error")).to_contain_text("请填写理由")
    step(page, "forward")
    expect(page.locator("#stage")).to_have_text("待省厅核准")

    # 省厅核准 and the 决定书
    as_user(page, live_server, "province")
    page.goto(application_url)
    step(page, "approve")
    expect(page.locator("#stage")).to_have_text("已核准")
    with page.expect_download() as download:
        page.click("#decision-docx")
    with open(download.value.path(), "rb") as handle:
        letter = Document(io.BytesIO(handle.read()))
    assert any("关于设立武汉江岸外贸综合服务中心的决定书" in p.text for p in letter.paragraphs)

    # 第十条（三）: the county signs the year's contract and files the tripartite agreement
    centre = db.session.scalar(db.select(Centre).where(Centre.code == "HB-WH01"))
    as_user(page, live_server, "county")
    page.goto(f"{live_server}/centres/{centre.id}/life?year={year}")
    page.fill("#contract-form input[name=year]", str(year))
    page.fill("#contract-form input[name=signed_on]", f"{year - 1}-12-01")
    with page.expect_navigation():
        page.click("#contract-form button")
    row = page.locator(f"#contracts tr[data-year='{year}']")
    expect(row).to_contain_text("已超过报备期限")
    row.locator("input[name=filed_on]").fill(f"{year - 1}-12-10")
    with page.expect_navigation():
        row.locator("button").click()
    expect(row).to_contain_text("签订后第 7 个工作日报备")

    # The year's evidence and records are entered (as test_centres.py does through the pages), then scored
    store_full_year(centre, year)
    page.click("#tab-score")
    grade = page.locator("#grade").inner_text()
    assert grade in ("优秀", "良好", "一般")
    page.click("#tab-life")
    expect(page.locator("#funding-grade")).to_have_text(grade)
    expect(page.locator("#funding-amount")).to_contain_text("30 万元")  # 001 第十一条: 省级 30万元/年
    page.fill("#payment-form input[name=paid_on]", f"{year + 1}-03-31")
    with page.expect_navigation():
        page.click("#payment-form button")
    expect(page.locator("#funding-paid")).to_contain_text("30")
    page.goto(f"{live_server}/centres/funding?year={year}")
    expect(page.locator("#funding tr[data-centre='HB-WH01'] .amount")).to_have_text("30")

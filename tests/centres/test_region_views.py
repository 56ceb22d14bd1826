"""Region pages: the numbers ``jixiao orders score`` prints, the SVG chart, the monthly form, the import,
the Excel file, and who may do what."""

import io
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from openpyxl import load_workbook

from app.centres.cli import plain
from app.centres.regions import services
from tests.centres.regions_data import HANGZHOU, KEYS, csv_bytes, make_region, snapshot
from tests.centres.test_region_services import NINGBO, cli_scores
from tests.conftest import login
from tests.factories import make_unit, make_user, queries_for


def percent(rate) -> str:
    return f"{Decimal(str(rate)) * 100:.2f}%"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def regions(app, runner, tmp_path):
    hangzhou = make_region("杭州市", HANGZHOU, cases=3)
    ningbo = make_region("宁波市", NINGBO, cases=7)
    document = json.dumps(plain(services.engine_document(2020)), ensure_ascii=False)
    printed = {r["name"]: r for r in cli_scores(runner, tmp_path, document)["regions"]}
    return hangzhou, ningbo, printed


def row_cells(html: str, region_id: int) -> dict[str, str]:
    row = re.search(rf'<tr data-region-id="{region_id}">(.*?)</tr>', html, re.S).group(1)
    return {name: text(value).strip() for name, value in re.findall(r'<td class="(?:num )?([\w-]+)">(.*?)</td>', row, re.S)}


def test_the_year_list_shows_what_the_command_prints(client, regions):
    hangzhou, ningbo, printed = regions
    html = client.get("/regions/?year=2020").get_data(as_text=True)
    for region in (hangzhou, ningbo):
        shown, expected = row_cells(html, region.id), printed[region.name]
        assert shown["fill-rate"] == percent(expected["fill_rate"])
        assert shown["response-rate"] == percent(expected["response_rate"])
        assert shown["fill-met"] == ("达标" if expected["fill_met"] else "未达标")
        assert shown["response-met"] == ("达标" if expected["response_met"] else "未达标")
        assert Decimal(shown["bonus"]) == Decimal(str(expected["bonus"]))
    assert row_cells(html, ningbo.id)["months"] == "4" and row_cells(html, hangzhou.id)["cases"] == "3"
    assert 'id="nav-regions"' in html


def test_a_region_without_the_years_data_is_listed_as_such(client, regions):
    empty = make_region("温州市", table=None)
    html = client.get("/regions/?year=2020").get_data(as_text=True)
    assert "尚未录入 2020 年度月度数据" in re.search(rf'<tr data-region-id="{empty.id}">(.*?)</tr>', html, re.S).group(1)
    page = client.get(f"/regions/{empty.id}?year=2020").get_data(as_text=True)
    assert 'id="no-data"' in page and "<svg" not in page


def test_the_region_page_shows_each_month_and_the_year(client, regions):
    hangzhou, _, printed = regions
    expected = printed["杭州市"]
    html = client.get(f"/regions/{hangzhou.id}?year=2020").get_data(as_text=True)
    figure = lambda key: text(re.search(rf'id="fig-{key}">(.*?)</dd>', html, re.S).group(1)).strip()  # noqa: E731
    assert figure("fill") == percent(expected["fill_rate"]) and figure("response") == percent(expected["response_rate"])
    assert figure("bonus") == "0.3 分" and figure("cases") == "3" and figure("months") == "6 个月"
    table = re.search(r'<table class="grid month-table" id="month-table".*?</table>', html, re.S).group(0)
    for month in expected["months"]:
        row = re.search(rf'<tr data-month="{month["month"]}">(.*?)</tr>', table, re.S).group(1)
        assert text(re.search(r'class="num month-fill">(.*?)<', row).group(1)) == percent(month["fill_rate"])
        assert text(re.search(r'class="num month-response">(.*?)<', row).group(1)) == percent(month["response_rate"])
    first = re.search(r'<tr data-month="1">(.*?)</tr>', table, re.S).group(1)
    assert "82%" in first and "75%" in first  # the shares as typed
    assert "81.60%" in first and "95.00%" in first  # 0.816 and 38/40


def test_the_chart_is_inline_svg_with_a_point_per_month_and_the_targets(client, regions):
    hangzhou, ningbo, printed = regions
    html = client.get(f"/regions/{hangzhou.id}?year=2020").get_data(as_text=True)
    svg = re.search(r'<svg[^>]*id="rates-chart".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="rates-chart-title rates-chart-desc"' in svg
    assert '<title id="rates-chart-title">杭州市 2020 年度月度填报率与响应率</title>' in svg
    assert re.search(r'<desc id="rates-chart-desc">[^<]*已录入月份：1月、2月、3月、4月、5月、6月', svg)
    assert len(re.findall(r'<circle class="point point-fill"', svg)) == 6
    assert len(re.findall(r'<circle class="point point-response"', svg)) == 6
    assert len(re.findall(r'<polyline class="series series-fill"', svg)) == 1
    month_one = printed["杭州市"]["months"][0]
    assert f"<title>1月月度填报率 {percent(month_one['fill_rate'])}</title>" in svg
    # Targets at 80% and 90% of a 0–100% axis drawn from y = 20 (100%) to y = 284 (0%).
    assert re.search(r'<line x1="56" y1="72.8" x2="736" y2="72.8" class="target target-fill"', svg)
    assert re.search(r'<line x1="56" y1="46.4" x2="736" y2="46.4" class="target target-response"', svg)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "") and "<script" not in html
    # 宁波市 has months 1, 2, 4, 5: four points, and the line breaks at March.
    svg = re.search(r"<svg.*?</svg>", client.get(f"/regions/{ningbo.id}?year=2020").get_data(as_text=True), re.S).group(0)
    assert len(re.findall(r'class="point point-response"', svg)) == 4
    assert len(re.findall(r'<polyline class="series series-response"', svg)) == 2


def form_data(region, year=2020, table=HANGZHOU, cases="3", version=None) -> dict:
    data = {"year": str(year), "version": str(services.version_of(region, year) if version is None else version), "cases": cases}
    by_month = {int(line[0]): line for line in table}
    for n in range(12):
        line = by_month.get(n + 1, [str(n + 1)] + [""] * 8)
        for key, value in zip(KEYS, line):
            data[f"months-{n}-{key}"] = value
    return data


def test_the_monthly_form_shows_the_stored_year_and_saves_changes(client, regions):
    hangzhou = regions[0]
    page = client.get(f"/regions/{hangzhou.id}/months?year=2020").get_data(as_text=True)
    assert 'name="months-0-fill_share" size="9" type="text" value="82%"' in page
    assert 'name="months-2-fill_share" size="9" type="text" value="85.5%"' in page
    assert 'name="months-11-asked" size="9" type="text" value=""' in page
    table = [line[:] for line in HANGZHOU] + [["7", "0.9", "0.9", "0.9", "10", "10", "0", "0", "0"]]
    table[0][1] = "0.83"
    response = client.post(f"/regions/{hangzhou.id}/months", data=form_data(hangzhou, table=table, cases="4"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/regions/{hangzhou.id}?year=2020")
    record = services.record_of(hangzhou, 2020)
    assert record.cases == 4 and [m.month for m in record.months] == [1, 2, 3, 4, 5, 6, 7]
    assert record.months[0].fill_share == Decimal("0.83")
    assert "已保存 杭州市 2020 年度的月度数据" in client.get(f"/regions/{hangzhou.id}?year=2020").get_data(as_text=True)


def test_a_bad_form_is_shown_again_with_messages_beside_the_cells_and_nothing_saved(client, regions):
    hangzhou = regions[0]
    before = snapshot()
    table = [line[:] for line in HANGZHOU]
    table[1][5] = "31"  # answered 31 > asked 30
    table[2][1] = "85.5"  # no percent sign
    response = client.post(f"/regions/{hangzhou.id}/months", data=form_data(hangzhou, table=table))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="months-errors"' in html
    row = re.search(r'<tr class="row-error" data-month="2">(.*?)</tr>', html, re.S).group(1)
    assert "2 月“响应数”：31 超过提问数 30" in row
    row = re.search(r'<tr class="row-error" data-month="3">(.*?)</tr>', html, re.S).group(1)
    assert "若指 85.5%，请写作“85.5%”" in row and 'value="85.5"' in row  # what was typed stays
    assert snapshot() == before


def test_a_form_opened_before_someone_else_saved_is_refused(client, regions):
    hangzhou = regions[0]
    opened = client.get(f"/regions/{hangzhou.id}/months?year=2020").get_data(as_text=True)
    seen = re.search(r'name="seen" type="hidden" value="(\d+)"', opened).group(1)
    stale = form_data(hangzhou) | {"seen": seen}
    assert client.post(f"/regions/{hangzhou.id}/months", data=form_data(hangzhou, cases="5")).status_code == 302
    before = snapshot()
    response = client.post(f"/regions/{hangzhou.id}/months", data=stale)
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and "已被他人修改，您的修改尚未保存" in page
    assert "tester 于" in page and "获评案例数" in page  # who changed what since the form was opened
    assert snapshot() == before
    # the page now holds the latest version: saving again is deliberate and wins
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    assert client.post(f"/regions/{hangzhou.id}/months", data=stale | {"version": version}).status_code == 302


def test_an_empty_post_changes_nothing(client, regions):
    hangzhou = regions[0]
    before = snapshot()
    assert client.post(f"/regions/{hangzhou.id}/months", data={}).status_code == 422
    assert snapshot() == before


def upload(client, region, data: bytes, filename: str, year: int = 2020):
    return client.post(
        f"/regions/{region.id}/import",
        data={"year": str(year), "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_importing_a_file_previews_then_saves_on_confirmation(client, regions):
    hangzhou = regions[0]
    before = snapshot()
    lines = [["6", "0.9", "0.9", "0.86", "25", "22", "12", "12", "2"], ["7", "91%", "0.93", "0.88", "30", "29", "0", "0", "0"]]
    response = upload(client, hangzhou, csv_bytes([HANGZHOU[5], lines[1]]), "杭州7月.csv")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert snapshot() == before  # the preview saved nothing
    assert re.search(r'<tr data-month="6" class="status-same">.*?不变', html, re.S)
    assert re.search(r'<tr data-month="7" class="status-new">.*?新增', html, re.S)
    confirm = {
        "year": "2020", "version": re.search(r'name="version"[^>]*value="(\d+)"', html).group(1),
        "token": re.search(r'name="token"[^>]*value="([^"]*)"', html).group(1), "filename": "杭州7月.csv",
    }
    response = client.post(f"/regions/{hangzhou.id}/import/confirm", data=confirm)
    assert response.status_code == 302
    assert [m.month for m in services.record_of(hangzhou, 2020).months] == [1, 2, 3, 4, 5, 6, 7]
    assert "7 个月" in client.get(f"/regions/{hangzhou.id}?year=2020").get_data(as_text=True)


def test_a_bad_file_is_refused_with_row_and_column_and_nothing_changes(client, regions):
    hangzhou = regions[0]
    before = snapshot()
    bad = [["7", "0.9", "0.9", "0.86", "25", "26", "3", "4", "-1"]]
    response = upload(client, hangzhou, csv_bytes(bad), "bad.csv")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "数据库未作任何修改" in html
    for message in ("第 2 行“响应数”：26 超过提问数 25", "第 2 行“五色清单反馈企业数”：4 超过五色清单预警企业数 3", "第 2 行“响应拖沓、答复草率次数”：不能为负数，现为“-1”"):  # noqa: E501
        assert message in html
    assert snapshot() == before
    response = upload(client, hangzhou, b"x", "bad.docx")
    assert response.status_code == 422 and "只能导入 .csv 或 .xlsx 文件" in response.get_data(as_text=True)
    assert snapshot() == before


def test_the_excel_file_holds_the_pages_numbers(client, regions):
    hangzhou, ningbo, printed = regions
    response = client.get("/regions/regions.xlsx?year=2020")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["全年"]
    assert sheet["A1"].value == "2020 年度外贸“订单+清单”填报响应考核"
    assert [c.value for c in sheet[2]][:5] == ["地区", "省份", "预算单位", "已录入月数", "全年填报率"]
    lines = {line[0]: line for line in sheet.iter_rows(min_row=3, values_only=True)}
    assert set(lines) == {"杭州市", "宁波市"}
    for name, expected in printed.items():
        line = lines[name]
        assert isinstance(line[4], float) and Decimal(str(line[4])) == Decimal(str(expected["fill_rate"]))
        assert Decimal(str(line[6])) == Decimal(str(expected["response_rate"]))
        assert line[5] == ("达标" if expected["fill_met"] else "未达标") and line[7] == ("达标" if expected["response_met"] else "未达标")
        assert Decimal(str(line[9])) == Decimal(str(expected["bonus"]))
    assert lines["宁波市"][3] == 4 and lines["宁波市"][8] == 7
    assert sheet.cell(3, 5).number_format == "0.00%"
    months = list(book["月度"].iter_rows(min_row=3, values_only=True))
    assert len(months) == 10
    hangzhou_first = next(m for m in months if m[0] == "杭州市" and m[1] == 1)
    assert Decimal(str(hangzhou_first[2])) == Decimal("0.82") and Decimal(str(hangzhou_first[5])) == Decimal("0.816")
    assert Decimal(str(hangzhou_first[11])) == Decimal("0.95")


def test_creating_editing_and_deleting_a_region_through_the_pages(client, app):
    unit = make_unit()
    response = client.post("/regions/new", data={"name": "湖州市", "province": "浙江省", "unit": str(unit.id)})
    assert response.status_code == 302
    region = services.find_region("湖州市")
    assert region.unit_id == unit.id
    before = snapshot()
    response = client.post("/regions/new", data={"name": "湖州市", "province": "浙江省", "unit": ""})
    assert response.status_code == 422 and "地区“湖州市”已存在" in response.get_data(as_text=True)
    assert snapshot() == before
    assert client.post(f"/regions/{region.id}/edit", data={"name": "湖州", "province": "浙江省", "unit": ""}).status_code == 302
    assert services.get_region(region.id).name == "湖州" and services.get_region(region.id).unit_id is None
    assert "删除地区“湖州”？" in client.get(f"/regions/{region.id}/delete").get_data(as_text=True)
    assert client.post(f"/regions/{region.id}/delete").status_code == 302
    assert services.get_region(region.id) is None


def test_an_officer_gives_a_region_only_to_their_own_units(app):
    unit_a, unit_b = make_unit("304001", "甲"), make_unit("573301", "乙")
    officer = login(app.test_client(), make_user("officer_a", ["officer"], [unit_a]))
    page = officer.get("/regions/new").get_data(as_text=True)
    assert "304001甲" in page and "573301乙" not in page
    before = snapshot()
    response = officer.post("/regions/new", data={"name": "湖州市", "province": "浙江省", "unit": str(unit_b.id)})
    assert response.status_code == 422 and "只能选择您所在的预算单位" in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.fixture
def people(app):
    unit_a, unit_b = make_unit("304001", "甲"), make_unit("573301", "乙")
    return {
        "unit_a": unit_a,
        "officer_a": make_user("officer_a", ["officer"], [unit_a]),
        "reviewer_a": make_user("reviewer_a", ["reviewer"], [unit_a]),
        "officer_b": make_user("officer_b", ["officer"], [unit_b]),
        "auditor": make_user("auditor", ["auditor"]),
        "admin": make_user("admin", ["admin"]),
    }


def test_who_may_read_and_edit_a_units_region(app, people):
    region = make_region("杭州市", HANGZHOU, unit_id=people["unit_a"].id)
    shared = make_region("温州市", HANGZHOU[:1])  # no unit: the department's (officers of every unit) keep it
    clients = {name: login(app.test_client(), user) for name, user in people.items() if name != "unit_a"}
    edit_url = f"/regions/{region.id}/months?year=2020"
    assert 'id="edit-months"' in clients["officer_a"].get(f"/regions/{region.id}?year=2020").get_data(as_text=True)
    assert clients["officer_a"].get(edit_url).status_code == 200
    for reader in ("reviewer_a", "auditor"):
        page = clients[reader].get(f"/regions/{region.id}?year=2020")
        assert page.status_code == 200 and 'id="edit-months"' not in page.get_data(as_text=True) and "<svg" in page.get_data(as_text=True)
        assert clients[reader].get(edit_url).status_code == 403
        assert clients[reader].get("/regions/regions.xlsx?year=2020").status_code == 200
    before = snapshot()
    for name in ("reviewer_a", "auditor", "officer_b"):
        response = clients[name].post(f"/regions/{region.id}/months", data=form_data(region, cases="9"))
        assert response.status_code == 403, name
        assert clients[name].post(f"/regions/{region.id}/delete").status_code == 403
    assert snapshot() == before
    assert clients["officer_b"].get(f"/regions/{region.id}").status_code == 403
    assert clients["admin"].get("/regions/").status_code == 403  # administrators see no budget data
    listing = clients["officer_b"].get("/regions/?year=2020").get_data(as_text=True)
    assert "温州市" in listing and "杭州市" not in listing
    assert clients["officer_b"].post(f"/regions/{shared.id}/months", data=form_data(shared, table=HANGZHOU[:2])).status_code == 403
    department = make_user("department", ["officer"], [people["unit_a"], make_unit("573301", "乙")])
    assert login(app.test_client(), department).post(
        f"/regions/{shared.id}/months", data=form_data(shared, table=HANGZHOU[:2])).status_code == 302
    assert clients["officer_a"].get("/regions/999999").status_code == 404


def test_the_list_does_not_grow_in_queries_with_regions(client, app):
    make_region("杭州市", HANGZHOU, unit_id=make_unit().id)
    few = queries_for(client, "/regions/?year=2020")
    for n in range(8):
        make_region(f"地区{n}", HANGZHOU[: n % 6 + 1], unit_id=make_unit(f"9{n:05d}", f"单位{n}").id)
    assert queries_for(client, "/regions/?year=2020") == few

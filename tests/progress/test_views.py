"""The pages: progress table (same numbers as ``jixiao progress``), chart, department view, Excel,
payments entry and import, and the monitoring form."""

import datetime
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import MonitoringReport, Payment
from app.services import payments
from app.services.progress import progress_json
from tests.conftest import login
from tests.factories import confirm_payments, make_project, make_unit, make_user, queries_for
from tests.progress.builders import FIRST, first, pay_a_year, seed, xlsx_bytes

AS_OF = "2024-08-15"


@pytest.fixture
def year(app):
    unit, projects = seed()
    pay_a_year(projects)
    return unit, projects


def cells(html: str, project_id: int) -> dict[str, str]:
    row = re.search(rf'<tr data-project-id="{project_id}".*?</tr>', html, re.S).group(0)
    return {name: re.sub(r"<[^>]+>", "", value).strip() for name, value in re.findall(r'<td class="num (\w+)">(.*?)</td>', row, re.S)}


def percent(rate: str) -> str:
    return f"{Decimal(rate) * 100:.2f}%"


def test_the_table_shows_what_the_cli_prints(client, year):
    unit, projects = year
    html = client.get(f"/progress/?year=2024&unit={unit.id}&as_of={AS_OF}").get_data(as_text=True)
    document = progress_json(2024, "304001", datetime.date.fromisoformat(AS_OF))
    assert len(document) == 14
    by_code = {p["code"]: p for p in document}
    for project in projects:
        shown, printed = cells(html, project.id), by_code[project.code]
        assert shown["budget"] == printed["budget"]
        assert shown["plan"] == printed["plan_at_date"]
        assert shown["spent"] == printed["spent"]
        assert shown["rate"] == percent(printed["rate"])
        assert shown["benchmark"] == percent(printed["benchmark"])
        for flag in printed["flags"]:
            assert flag in html
    assert 'id="progress-totals"' in html and "14 个项目" in html


def text_of(html: str, element_id: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S).group(1)).strip()


@pytest.mark.parametrize("as_of", ["2024-02-15", "2024-06-30", "2024-09-30", "2024-11-20", "2024-12-31", "2025-03-01"])
def test_table_and_charts_show_the_numbers_jixiao_progress_prints(client, runner, year, as_of):
    """Done when: at any date, the table and every chart show what the command prints."""
    unit, projects = year
    result = runner.invoke(args=["progress", "--year", "2024", "--unit", "304001", "--as-of", as_of, "--json"])
    assert result.exit_code == 0, result.output
    printed = {p["code"]: p for p in json.loads(result.stdout)}
    table = client.get(f"/progress/?year=2024&unit={unit.id}&as_of={as_of}").get_data(as_text=True)
    lagging_rows = dict(re.findall(r'<tr data-project-id="(\d+)" class="(lagging|)">', table))
    for project in projects:
        cli = printed[project.code]
        shown = cells(table, project.id)
        assert (shown["budget"], shown["plan"], shown["spent"]) == (cli["budget"], cli["plan_at_date"], cli["spent"])
        assert (shown["rate"], shown["benchmark"]) == (percent(cli["rate"]), percent(cli["benchmark"]))
        assert (lagging_rows[str(project.id)] == "lagging") == bool(cli["flags"])
        page = client.get(f"/projects/{project.id}/progress?as_of={as_of}").get_data(as_text=True)
        assert (text_of(page, "fig-plan"), text_of(page, "fig-spent")) == (cli["plan_at_date"], cli["spent"])
        assert (text_of(page, "fig-rate"), text_of(page, "fig-benchmark")) == (percent(cli["rate"]), percent(cli["benchmark"]))
        # the chart marks the same numbers at the as-of date
        marks = dict(re.findall(r'id="as-of-(plan|actual)" data-amount="([\d.]+)"', page))
        assert marks == {"plan": cli["plan_at_date"], "actual": cli["spent"]}
        benchmark = re.search(r'id="as-of-benchmark" data-amount="([\d.]+)"', page).group(1)
        assert Decimal(benchmark) == (Decimal(cli["budget"]) * Decimal(cli["benchmark"])).quantize(Decimal("0.01"), ROUND_HALF_UP)
        checkpoints = re.findall(
            r'<tr class="(lagging|)">\s*<td>(\d+)月底</td>\s*<td class="num">([\d.]+)</td>\s*<td class="num">([\d.]+|—)</td>', page
        )
        assert [(int(m), planned, None if spent == "—" else spent, (cls == "lagging") if spent != "—" else None)
                for cls, m, planned, spent in checkpoints] == [
            (c["month"], c["planned"], c["spent"], c["lagging"]) for c in cli["checkpoints"]
        ]
        for flag in cli["flags"]:
            assert flag in page and flag in table


def test_sorting(client, year):
    unit, _ = year
    html = client.get(f"/progress/?year=2024&unit={unit.id}&as_of={AS_OF}&sort=rate&dir=desc").get_data(as_text=True)
    rates = [Decimal(r.rstrip("%")) for r in re.findall(r'<td class="num rate">([\d.]+%)</td>', html)]
    assert len(rates) == 14 and rates == sorted(rates, reverse=True)
    html = client.get(f"/progress/?year=2024&unit={unit.id}&as_of={AS_OF}&sort=spent").get_data(as_text=True)
    spent = [Decimal(s.replace(",", "")) for s in re.findall(r'<td class="num spent">([\d.,]+)</td>', html)]
    assert spent == sorted(spent)


def test_department_view_lists_lagging_projects_first(client, year):
    _, projects = year
    make_project(make_unit("573301", "天津"), code="T-1", name="天津项目")  # another unit, no payments
    html = client.get(f"/progress/department?year=2024&as_of={AS_OF}").get_data(as_text=True)
    rows = re.findall(r'<tr data-project-id="(\d+)" class="(lagging|)">', html)
    assert len(rows) == 15
    flags = [cls == "lagging" for _, cls in rows]
    assert flags == sorted(flags, reverse=True) and flags[0] and not flags[-1]
    assert "天津项目" in html


def test_project_chart_has_three_series_and_a_legend(client, year):
    _, projects = year
    html = client.get(f"/projects/{first(projects).id}/progress?as_of={AS_OF}").get_data(as_text=True)
    for key in ("plan", "actual", "benchmark"):
        assert re.search(rf'<polyline class="series series-{key}" id="series-{key}" fill="none" points="[\d., ]+"', html)
        assert f"legend-{key}" in html
    assert "资金支出计划（累计）" in html and "实际支出（累计）" in html and "序时进度" in html
    assert 'id="as-of-line"' in html
    assert re.search(r'id="fig-plan">([\d.]+)<', html).group(1) == "15.55"  # 12.00 + 9.50 × (228 − 182)/(305 − 182)


def test_excel_export_has_numbers(client, year):
    unit, projects = year
    response = client.get(f"/progress/progress.xlsx?year=2024&unit={unit.id}&as_of={AS_OF}")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(response.data)).active
    assert sheet["A1"].value == f"2024 年度项目支出进度表（{unit.label}，截至 {AS_OF}）"
    header = [c.value for c in sheet[2]]
    assert header[:7] == ["预算单位", "项目编码", "项目名称", "预算数（万元）", "截至当日计划数（万元）", "累计支出（万元）", "执行率"]
    document = progress_json(2024, "304001", datetime.date.fromisoformat(AS_OF))
    lines = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(lines) == 15  # 14 projects and the totals
    for line, printed in zip(lines, document):
        assert line[1] == printed["code"]
        assert isinstance(line[3], (int, float)) and Decimal(str(line[3])) == Decimal(printed["budget"])
        assert Decimal(str(line[4])) == Decimal(printed["plan_at_date"])
        assert Decimal(str(line[5])) == Decimal(printed["spent"])
        assert Decimal(str(line[6])) == Decimal(printed["rate"])
    assert lines[-1][0] == "合计" and Decimal(str(lines[-1][3])) == sum(Decimal(p["budget"]) for p in document)
    assert sheet.cell(3, 7).number_format == "0.00%"


def test_the_table_does_not_grow_with_projects(client, app):
    unit = make_unit()
    project = make_project(unit, code="P0")
    payments.add_payment(project, payments_read("2024-02-01", "1"))
    few = queries_for(client, f"/progress/?year=2024&unit={unit.id}")
    for n in range(1, 10):
        other = make_project(unit, code=f"P{n}", name=f"项目{n}")
        payments.add_payment(other, payments_read("2024-02-01", "1"))
    assert queries_for(client, f"/progress/?year=2024&unit={unit.id}") == few


def payments_read(day, amount, **kwargs):
    from app.domain.payments import read_payment

    return read_payment(2024, day, amount, **kwargs)


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Payment))


def test_payments_page_add_refuse_and_delete(client, app):
    project = make_project()
    url = f"/projects/{project.id}/payments"
    response = client.post(url, data={"day": "2024-03-10", "amount": "1.20", "voucher": "记-1", "source": "财政资金", "note": "差旅"})
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "记-1" in html and 'id="pay-spent">1.20<' in html and 'id="pay-remaining">24.80<' in html
    response = client.post(url, data={"day": "2024-13-10", "amount": "abc", "source": "财政资金"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'name="day"[^>]*>\s*<span class="field-error">日期“2024-13-10”不存在</span>', html)
    assert '<span class="field-error">金额“abc”不是有效金额</span>' in html
    response = client.post(url, data={"day": "2024-04-10", "amount": "25", "source": "财政资金"})
    assert response.status_code == 422
    assert "累计支出 26.20 万元超过预算数 26.00 万元" in response.get_data(as_text=True)
    assert count() == 1
    payment_id = db.session.scalar(select(Payment.id))
    assert client.post(f"{url}/delete", data={"payment_id": payment_id}).status_code == 302
    assert count() == 0
    assert client.post(f"{url}/delete", data={"payment_id": "x"}).status_code == 302
    assert client.post(f"{url}/delete", data={}).status_code == 400


def test_budget_adjustment_lets_a_payment_through(client, app):
    project = make_project()
    url = f"/projects/{project.id}/payments"
    assert client.post(url, data={"day": "2024-04-10", "amount": "30", "source": "财政资金"}).status_code == 422
    response = client.post(f"/projects/{project.id}/budget-adjustments", data={"amount": "30", "day": "2024-04-01", "reason": ""})
    assert response.status_code == 422 and "请填写调整原因" in response.get_data(as_text=True)
    response = client.post(f"/projects/{project.id}/budget-adjustments", data={"amount": "30", "day": "2024-04-01", "reason": "追加"})
    assert response.status_code == 302
    assert client.post(url, data={"day": "2024-04-10", "amount": "30", "source": "财政资金"}).status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "已调整" in html and 'id="pay-remaining">0.00<' in html


def test_import_page(client, app):
    unit, projects = seed()
    data = {"unit": "304001", "year": "2024"}
    bad = f"项目编码,日期,金额\n{FIRST},2024-03-10,1.20\n{FIRST},2024-03-11,abc\n".encode()
    response = client.post("/payments/import", data=data | {"file": (BytesIO(bad), "支出.csv")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "第 3 行：金额“abc”不是有效金额" in response.get_data(as_text=True) and count() == 0
    good = xlsx_bytes([("项目编码", "日期", "金额"), (FIRST, "2024-03-10", 1.2), (FIRST, "2024-06-20", 8.8)])
    preview = client.post("/payments/import", data=data | {"file": (BytesIO(good), "支出.xlsx")}, content_type="multipart/form-data")
    assert preview.status_code == 200 and count() == 0  # previewed, nothing stored yet
    assert "将导入 <strong>2</strong> 笔支出" in preview.get_data(as_text=True)
    response = confirm_payments(client, preview.get_data(as_text=True))
    assert response.status_code == 200
    assert "已导入 2 笔支出" in response.get_data(as_text=True) and count() == 2
    again = confirm_payments(client, preview.get_data(as_text=True))
    assert again.status_code == 422 and "请重新上传" in again.get_data(as_text=True) and count() == 2
    assert client.get("/payments/import").status_code == 200


def test_an_officer_imports_into_their_own_unit_only(app):
    seed()
    other = make_unit("573301", "天津")
    officer = make_user("officer-b", ["officer"], [other])
    client = login(app.test_client(), officer)
    csv = f"项目编码,日期,金额\n{FIRST},2024-03-10,1.20\n".encode()
    response = client.post(
        "/payments/import", data={"unit": "304001", "year": "2024", "file": (BytesIO(csv), "a.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 403 and count() == 0


def monitoring_form(project, month=6, **changes):
    data = {"month": str(month), "expected_spend": "26.00", "goal_progress": "按计划推进"}
    for n, indicator in enumerate(project.indicators):
        data |= {f"rows-{n}-indicator_id": str(indicator.id), f"rows-{n}-progress": f"完成{n}", f"rows-{n}-expected": "全部完成", f"rows-{n}-likelihood": "确定能"}  # noqa: E501
    data.update(changes)
    return data


def test_monitoring_form(client, app):
    project = make_project()
    payments.add_payment(project, payments_read("2024-03-10", "1.20"))
    url = f"/projects/{project.id}/monitoring"
    html = client.get(f"{url}?month=6").get_data(as_text=True)
    assert "1–6月执行数" in html and "4.62%" in html and 'value="26.00"' in html
    response = client.post(url, data=monitoring_form(project, **{"rows-1-likelihood": "有可能"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    row = re.search(rf'<tr class="monitoring-row row-error" data-indicator-id="{project.indicators[1].id}">.*?</tr>', html, re.S).group(0)
    assert "“活动参与率”未确定能完成，请选择偏差原因" in row and "“活动参与率”请填写纠偏措施" in row
    assert db.session.scalar(select(func.count()).select_from(MonitoringReport)) == 0
    fixed = {"rows-1-likelihood": "有可能", "rows-1-reason_kind": "人员保障", "rows-1-reason_text": "人员不足", "rows-1-measures": "增派人员"}
    response = client.post(url, data=monitoring_form(project, **fixed))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}?month=6")
    html = client.get(f"{url}?month=6").get_data(as_text=True)
    assert "增派人员" in html and "6（已填报）" in html
    response = client.get(f"/projects/{project.id}/monitoring.docx?month=6")
    assert response.status_code == 200
    document = docx.Document(BytesIO(response.data))
    assert "人员保障：人员不足" in [c.text for c in document.tables[0].rows[-5].cells]


def test_unit_monitoring_docx(client, year):
    unit, _ = year
    response = client.get(f"/monitoring/unit.docx?year=2024&unit={unit.id}&month=6")
    assert response.status_code == 200
    assert len(docx.Document(BytesIO(response.data)).tables) == 14
    assert client.get("/monitoring/unit.docx?year=2024").status_code == 302


def test_auditors_read_but_do_not_write(app):
    project = make_project()
    auditor = login(app.test_client(), make_user("auditor1", ["auditor"]))
    for url in (f"/projects/{project.id}/payments", f"/projects/{project.id}/progress", f"/projects/{project.id}/monitoring", "/progress/"):
        assert auditor.get(url).status_code == 200, url
    assert auditor.post(f"/projects/{project.id}/payments", data={"day": "2024-01-02", "amount": "1"}).status_code == 403
    assert auditor.post(f"/projects/{project.id}/monitoring", data=monitoring_form(project)).status_code == 403
    assert count() == 0
    other = login(app.test_client(), make_user("officer-b", ["officer"], [make_unit("573301", "天津")]))
    assert other.get(f"/projects/{project.id}/progress").status_code == 403
    assert other.get(f"/progress/?year=2024&unit={project.unit_id}").status_code == 403


def test_an_auditor_gets_the_units_monitoring_tables_and_the_excel_without_asking(app, year):
    """Done when: the unit's 监控表 as one .docx and the progress table as Excel, read-only."""
    from app.models import AuditEvent

    unit, projects = year
    auditor = login(app.test_client(), make_user("auditor1", ["auditor"]))
    page = auditor.get(f"/progress/?year=2024&unit={unit.id}&as_of={AS_OF}").get_data(as_text=True)
    assert 'id="progress-xlsx"' in page and 'id="unit-monitoring-docx"' in page
    assert "导入支出" not in page  # nothing to change
    response = auditor.get(f"/monitoring/unit.docx?year=2024&unit={unit.id}&month=8")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    document = docx.Document(BytesIO(response.data))
    assert len(document.tables) == 14
    funds = [[c.text for c in document.tables[0].rows[i].cells] for i in (2, 3)]
    # the first project, paid at 60% on the 20th: 1.50 by 3月, + 5.70 by 6月, + 2 × 1.43 in Jul/Aug = 10.06
    assert "1–8月执行数" in funds[0] and "10.06" in funds[1]
    assert progress_json(2024, "304001", datetime.date(2024, 8, 31))[0]["spent"] == "10.06"
    response = auditor.get(f"/progress/progress.xlsx?year=2024&unit={unit.id}&as_of={AS_OF}")
    assert response.status_code == 200
    assert len(list(load_workbook(BytesIO(response.data)).active.iter_rows(min_row=3))) == 15
    assert auditor.get(f"/progress/department?year=2024&as_of={AS_OF}").status_code == 200
    exports = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.actor_name == "auditor1")).all()
    assert len(exports) == 2
    assert auditor.get("/payments/import").status_code == 403


def test_links_from_the_project_page_and_the_nav(client, app):
    project = make_project()
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f'href="/projects/{project.id}/progress"' in html and 'id="nav-progress"' in html


def test_a_zero_budget_is_shown_not_computed(client, app):
    project = make_project()
    project.budget_total = Decimal("0.00")  # what an old import could hold: the domain refuses to divide by it
    db.session.commit()
    html = client.get(f"/projects/{project.id}/progress").get_data(as_text=True)
    assert "预算数为 0，无法计算执行进度" in html and 'id="series-plan"' in html
    html = client.get(f"/progress/?year=2024&unit={project.unit_id}").get_data(as_text=True)
    assert "预算数为 0，无法计算执行进度" in html
    assert client.get(f"/progress/progress.xlsx?year=2024&unit={project.unit_id}").status_code == 200

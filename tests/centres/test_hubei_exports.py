"""The ranking as .xlsx and a centre's score sheet as .docx, opened and read back; the template and its script."""

import datetime
import io
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate
from openpyxl import load_workbook
from sqlalchemy import select

from app.centres.hubei import demo, exports, services
from app.extensions import db
from app.models import AuditEvent
from tests.centres.builders import contract_document
from tests.centres.hubei_store import store_document
from tests.conftest import login
from tests.factories import make_user

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "docx_templates"


@pytest.fixture
def stored(app):
    document = contract_document()
    document["centres"][0]["name"] = "武汉 A&B <经开区> 中心"
    return store_document(document)


def cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_score_sheet_reads_back_with_the_pages_numbers(stored):
    report = services.centre_report(stored["C1"], 2024)
    document = docx.Document(io.BytesIO(exports.score_sheet_docx(report, datetime.date(2025, 1, 15))))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "2024年度外贸综合服务中心绩效考核评分表"
    particulars, scores = document.tables
    assert cells(particulars)[0] == ["中心名称", "武汉 A&B <经开区> 中心", "中心编号", "C1"]
    assert cells(particulars)[2][3] == ""  # no contract years entered
    rows = cells(scores)
    assert rows[0] == ["考核内容", "考核项目", "分值", "得分", "依据条款", "扣分与说明"]
    by_part = {row[1].split(" ")[0]: row for row in rows[1:14]}
    assert list(by_part) == ["S1", "S2", "S3", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "B1", "B2", "B3"]
    assert by_part["S1"][0] == "规范化建设" and by_part["S2"][0] == ""
    assert by_part["R3"][2:5] == ["10", "7", "第九条（二）3"]  # the heading names the 考核办法
    assert by_part["R3"][5] == "破零企业 7 家，少 3 家，扣 3 分"
    assert by_part["R7"][3] == "20.3" and "有效服务数据 443 条，少 37 条，扣 3.7 分" in by_part["R7"][5]
    assert "同时被 C1、C2 申报，均不计入（第十条）" in by_part["R4"][5]
    assert rows[14][3] == "81.3" and rows[15][3] == "5" and rows[16][3] == "86.3" and rows[17][3] == "良好"
    assert "再录入 37 条有效服务数据可得满分" in paragraphs and "报检、翻译 无有效服务数据" in paragraphs
    assert "进出口额增幅 10% 以上企业 SHARED：C1 武汉 A&B <经开区> 中心、C2 中心C2" in paragraphs
    assert "《湖北省对外贸易综合服务中心认定管理办法》第十一条：国家级开发区（园区）40 万元/年" in paragraphs
    assert "生成日期：2025-01-15" in paragraphs
    assert not any("{{" in p or "{%" in p for p in paragraphs)


def test_a_centre_without_gaps_prints_the_empty_lines(app):
    from tests.centres.builders import centre_doc

    full = centre_doc()
    centres = store_document({"year": 2024, "centres": [full]})
    report = services.centre_report(centres["C1"], 2024)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(exports.score_sheet_docx(report))).paragraphs]
    assert paragraphs.count("无。") == 2  # nothing missing, no conflicts


def test_every_key_the_template_wants_is_supplied(stored):
    wanted = DocxTemplate(str(exports.TEMPLATE)).get_undeclared_template_variables()
    supplied = exports.score_sheet_context(services.centre_report(stored["C1"], 2024))
    assert wanted <= set(supplied)


def test_the_ranking_workbook_has_one_line_per_centre_with_numbers_as_numbers(app):
    demo.load()
    ranking = services.ranking(2024)
    book = load_workbook(io.BytesIO(exports.ranking_xlsx(ranking, "2024年度外贸综合服务中心绩效考核排名")))
    sheet = book.active
    assert sheet["A1"].value == "2024年度外贸综合服务中心绩效考核排名"
    header = [cell.value for cell in sheet[2]]
    assert header[:6] == ["名次", "中心编号", "中心名称", "园区级别", "所在开发区（园区）", "承办企业"]
    assert header[6] == "S1 办公场地和工作人员" and header[-6:] == ["奖励分合计", "总分", "等次", "当年资金支持（万元）", "考核结果运用", "尚缺"]
    lines = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=3, max_row=6)]
    assert [(r["名次"], r["中心编号"], r["总分"], r["等次"]) for r in lines] == [
        (1, "HB-WH01", 97, "优秀"), (2, "HB-XY01", 86.3, "良好"), (3, "HB-YC01", 63.8, "一般"), (4, "HB-HG01", 16, "较差"),
    ]
    xiangyang = lines[1]
    assert xiangyang["R7 年度录入有效服务数据"] == 20.3 and isinstance(xiangyang["R7 年度录入有效服务数据"], float)
    assert xiangyang["当年资金支持（万元）"] == 40 and xiangyang["考核结果运用"] == "当年资金支持 40 万元"
    assert "再录入 37 条有效服务数据可得满分" in xiangyang["尚缺"]
    assert lines[3]["考核结果运用"] == "取消承办资质；不享受当年资金支持" and lines[3]["当年资金支持（万元）"] == 0
    values = [cell.value for row in sheet.iter_rows(min_row=7) for cell in row if cell.value]
    assert "重复申报（《湖北省外贸综合服务中心绩效考核办法（试行）》第十条，均不计入）" in values and "4205960123" in values


def test_the_exports_are_sent_and_recorded_in_the_trail(app):
    demo.load()
    user = make_user("reader", ["auditor"])
    client = login(app.test_client(), user)
    centre = services.find_centre("HB-XY01")
    response = client.get(f"/centres/{centre.id}/2024/score.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    assert docx.Document(io.BytesIO(response.data)).tables[1].rows[16].cells[3].text == "86.3"
    response = client.get("/centres/ranking.xlsx?year=2024")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert load_workbook(io.BytesIO(response.data)).active["C3"].value == "武汉东湖新技术开发区外贸综合服务中心"
    exported = db.session.scalars(select(AuditEvent.object_label).where(AuditEvent.action == "export")).all()
    assert any("绩效考核评分表.docx" in label for label in exported)
    assert any("考核排名.xlsx" in label for label in exported)

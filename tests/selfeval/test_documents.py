"""The 项目支出绩效自评表 (.docx) and the year summary (.xlsx), read back with python-docx and openpyxl."""

import importlib.util
from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import docx
from docx.table import _Cell
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from lxml import etree
from openpyxl import load_workbook

from app.documents import selfeval_doc, selfeval_excel
from app.domain.actuals import Grade
from app.services import selfeval
from tests.factories import make_project, make_unit
from tests.selfeval.builders import entry_for

TEMPLATE_DIR = selfeval_doc.TEMPLATE.parent


def real_rows(table) -> list[list[dict]]:
    """The real cells of each row (not python-docx's repeated merged cells): text, span, vMerge."""
    return [
        [{"text": _Cell(tc, table).text, "span": tc.grid_span, "vmerge": tc.vMerge} for tc in tr.tc_lst]
        for tr in table._tbl.tr_lst
    ]


def texts(row) -> list[str]:
    return [c["text"] for c in row]


def rendered(*year_ends):
    return docx.Document(BytesIO(selfeval_doc.render(year_ends)))


def test_one_project_cell_by_cell(app):
    project = make_project()
    selfeval.save(project, replace(entry_for(project), supervising_department="保定市商务局"))
    document = rendered(selfeval.year_end(project))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:3] == ["项目支出绩效自评表", "（2024年度）", "（草稿）"]
    (table,) = document.tables
    rows = real_rows(table)
    assert texts(rows[0]) == ["项目名称", project.name]
    assert texts(rows[1]) == ["主管部门", "保定市商务局", "实施单位", "保定白沟新城国际贸易服务中心（本级）"]
    assert [c["span"] for c in rows[1]] == [1, 3, 1, 4]
    assert texts(rows[2]) == ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert texts(rows[3]) == ["", "年度资金总额", "26.00", "26.00", "22.70", "10", "87.31%", "8.73"]
    assert texts(rows[4]) == ["", "其中：本年财政拨款", "26.00", "", "20.00", "—", "—", "—"]
    assert texts(rows[5]) == ["", "上年结转资金", "", "", "2.10", "—", "—", "—"]
    assert texts(rows[6]) == ["", "其他资金", "", "", "0.60", "—", "—", "—"]
    assert texts(rows[7]) == ["", "执行率偏差原因", "部分合同尾款次年支付"]
    assert [r[0]["vmerge"] for r in rows[2:8]] == ["restart"] + ["continue"] * 5
    assert texts(rows[8]) == ["年度总体目标", "预期目标", "实际完成情况"]
    assert texts(rows[9]) == ["", "1.保障2024年白沟箱包市场采购贸易方式试点活动正常进行。", "试点活动正常开展，完成年度外出考察任务。"]
    assert texts(rows[10]) == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    indicators = rows[11:17]
    assert [texts(r)[3:] for r in indicators] == [
        ["外出次数", "≤4次", "3", "12.5", "12.5", ""],
        ["活动参与率", "≥95%", "80%", "12.5", "10.53", "部分人员因公务冲突未能参加"],
        ["完成时限", "2024年12月底", "2025年1月10日", "12.5", "0", "审批流程延误，次年初完成"],
        ["运行保障总成本", "≤26万元", "22.7万元", "12.5", "12.5", ""],
        ["外出考察学习", "推进试点能级提升", "形成考察报告", "30", "22.5", "考察报告成果转化不足"],
        ["参与人员满意度", "≥95%", "98%", "10", "10", ""],
    ]
    # level-1 merged over its run, with the level's points in the label; level-2 runs of one are not merged
    assert [(r[1]["text"], r[1]["vmerge"]) for r in indicators] == [
        ("产出指标（50分）", "restart"), ("", "continue"), ("", "continue"), ("", "continue"),
        ("效益指标（30分）", None), ("满意度指标（10分）", None),
    ]
    assert [r[2]["vmerge"] for r in indicators] == [None] * 6
    assert all(r[0]["vmerge"] == "continue" for r in indicators)
    assert texts(rows[17]) == ["总分", "100", "76.76", ""]
    assert texts(rows[18]) == ["自评等级", "中"]


def test_level2_runs_are_merged_too(app):
    from tests.factories import INDICATORS

    doubled = (INDICATORS[0], replace(INDICATORS[0], name="外出人次", target_text="≥10人次"), *INDICATORS[1:])
    project = make_project(indicators=doubled)
    document = rendered(selfeval.year_end(project))
    table = real_rows(document.tables[0])
    header = next(n for n, row in enumerate(table) if row[0]["text"] == "绩效指标")
    rows = table[header + 1:header + 8]
    assert len(rows) == 7 and table[header + 8][0]["text"] == "总分"
    assert [(r[2]["text"], r[2]["vmerge"]) for r in rows[:2]] == [("数量指标", "restart"), ("", "continue")]
    assert rows[0][1]["text"] == "产出指标（50分）"  # the weights are known before any actual is
    assert real_rows(document.tables[0])[-2][2]["text"] == ""  # no total for an empty entry


def test_user_text_is_printed_literally(app):
    project = make_project(name="A&B <项目> {{ x }}")
    entry = replace(entry_for(project), overall_actual="完成 <100%> & 更多\n第二行", execution_reason="")
    selfeval.save(project, entry)
    table = rendered(selfeval.year_end(project)).tables[0]
    rows = real_rows(table)
    assert rows[0][1]["text"] == "A&B <项目> {{ x }}"
    assert rows[8][2]["text"] == "完成 <100%> & 更多\n第二行"  # no 执行率偏差原因 row without a reason


def test_several_projects_one_document_with_page_breaks(app):
    unit = make_unit()
    first, _ = make_project(unit), make_project(unit, code="B", name="第二个项目")
    selfeval.save(first, entry_for(first))
    document = rendered(*selfeval.year_ends(2024, unit))
    assert len(document.tables) == 2
    assert real_rows(document.tables[1])[0][1]["text"] == "第二个项目"
    breaks = document.element.body.findall(".//" + docx.oxml.ns.qn("w:br"))
    assert [b.get(docx.oxml.ns.qn("w:type")) for b in breaks].count("page") == 1
    assert round(document.sections[0].page_width.mm) == 210 and round(document.sections[0].page_height.mm) == 297


def test_the_build_script_and_the_renderer_agree_on_the_rows():
    # that the checked-in template equals the script's is tests/documents/test_template_builds.py
    spec = importlib.util.spec_from_file_location("build_selfeval", TEMPLATE_DIR / "build_selfeval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (module.CAPTION, module.TRAILING_ROWS) == (selfeval_doc.CAPTION, selfeval_doc.TRAILING_ROWS)


def test_every_key_the_template_wants_is_supplied(app):
    project = make_project()
    selfeval.save(project, entry_for(project))
    context = selfeval_doc.document_context([selfeval.year_end(project)])
    assert DocxTemplate(selfeval_doc.TEMPLATE).get_undeclared_template_variables() <= set(context)
    template = DocxTemplate(selfeval_doc.TEMPLATE)
    template.render(context, jinja_env=Environment(undefined=StrictUndefined), autoescape=True)


def test_fonts_and_borders():
    document = docx.Document(str(selfeval_doc.TEMPLATE))
    fonts = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode()
    assert 'w:name="宋体"' in fonts and 'w:val="SimSun"' in fonts and 'w:val="仿宋"' in fonts
    borders = document.tables[0]._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders"))
    assert {etree.QName(b).localname for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}


def test_summary_workbook_columns_and_numbers(app):
    unit = make_unit()
    project = make_project(unit)
    make_project(unit, code="B", name="未填报项目")
    selfeval.save(project, entry_for(project, reasons=False))
    rows = selfeval.summary(2024, unit)
    sheet = load_workbook(BytesIO(selfeval_excel.summary_xlsx(rows, "2024年度汇总"))).active
    assert sheet["A1"].value == "2024年度汇总"
    assert [c.value for c in sheet[2]] == [
        "项目编码", "项目名称", "状态", "全年预算数（万元）", "全年执行数（万元）", "执行率", "得分", "等级",
        "指标数", "未达标指标数", "缺少偏差原因数", "缺少偏差原因",
    ]
    values = [c.value for c in sheet[3]]
    assert values == [
        project.code, project.name, "草稿", 26, 22.7, 0.8731, 76.76, "中", 6, 3, 4,
        "预算执行率、活动参与率、完成时限、外出考察学习",
    ]
    assert all(isinstance(v, (int, float)) for v in values[3:7] + values[8:11])
    assert sheet["F3"].number_format == "0.00%" and sheet["D3"].number_format == "#,##0.00"
    assert [c.value for c in sheet[4]][:8] == ["B", "未填报项目", "未填报", 26, None, None, None, None]
    assert Decimal(str(sheet["G3"].value)) == Decimal("76.76")


def test_cost_at_level_one_and_a_not_applicable_row(app):
    from tests.factories import INDICATORS

    cost = replace(INDICATORS[3], level1="成本指标", level2="经济成本指标")
    project = make_project(indicators=(*INDICATORS[:3], cost, INDICATORS[4]))  # no 满意度 indicator
    rows = list(entry_for(project).rows[:5])
    rows[1] = replace(rows[1], actual="", not_applicable=True, deviation_reason="")
    rows[2] = replace(rows[2], actual="2024年12月1日", deviation_reason="")
    rows[3] = replace(rows[3], actual="20万元")
    rows[4] = replace(rows[4], grade=Grade.MET, grade_percent=None, deviation_reason="")
    selfeval.save(project, replace(entry_for(project), rows=tuple(rows)))
    table = real_rows(rendered(selfeval.year_end(project)).tables[0])
    header = next(n for n, row in enumerate(table) if row[0]["text"] == "绩效指标")
    indicators = table[header + 1:header + 6]
    # 产出 and 成本 share 50 over the three applicable rows: 16.67, 16.67, 16.66; 效益 30 + 10 (no 满意度)
    assert [(r[1]["text"], r[1]["vmerge"]) for r in indicators] == [
        ("产出指标（33.34分）", "restart"), ("", "continue"), ("", "continue"),
        ("成本指标（16.66分）", None), ("效益指标（40分）", None),
    ]
    assert [texts(r)[3:8] for r in indicators] == [
        ["外出次数", "≤4次", "3", "16.67", "16.67"],
        ["活动参与率", "≥95%", "不适用", "—", "—"],
        ["完成时限", "2024年12月底", "2024年12月1日", "16.67", "16.67"],
        ["运行保障总成本", "≤26万元", "20万元", "16.66", "16.66"],
        ["外出考察学习", "推进试点能级提升", "形成考察报告", "40", "40"],
    ]
    assert texts(table[header + 6])[:3] == ["总分", "100", "98.73"]  # 8.73 + 16.67 × 2 + 16.66 + 40
    assert texts(table[header + 7]) == ["自评等级", "优"]

"""绩效运行监控表: the rule (reasons required unless 确定能), saving, and the .docx read back with python-docx."""

import importlib.util
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from lxml import etree

from app.documents import monitoring_doc
from app.domain.errors import DomainError
from app.domain.monitoring import MonitoringEntry, RowEntry, check_entry, reason_of
from app.domain.payments import read_payment
from app.services import monitoring, payments
from tests.factories import make_project, make_unit
from tests.progress.builders import first, pay_a_year, seed

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "docx_templates"
D = Decimal


def entry_for(project, month=6, **overrides) -> MonitoringEntry:
    rows = []
    for n, indicator in enumerate(project.indicators):
        if n == 1:
            rows.append(RowEntry(indicator.id, "参与率 80%", "≥90%", "有可能", "人员保障", "部分人员公务冲突 & 请假", "调整活动时间"))
        else:
            rows.append(RowEntry(indicator.id, f"完成{n}", "全部完成", "确定能"))
    values = {"month": month, "expected_spend": D("26.00"), "goal_progress": "试点活动正常开展 <按计划>", "rows": tuple(rows)}
    values.update(overrides)
    return MonitoringEntry(**values)


def test_reasons_and_measures_are_required_unless_certain():
    entry = MonitoringEntry(
        6,
        None,
        rows=(
            RowEntry(1, likelihood="确定能"),
            RowEntry(2, likelihood="有可能"),
            RowEntry(3, likelihood="不可能", reason_kind="其他", reason_text="供应商停产", measures="更换供应商"),
            RowEntry(4),
            RowEntry(5, likelihood="也许", reason_kind="天气"),
        ),
    )
    with pytest.raises(DomainError) as caught:
        check_entry(entry, {1: "外出次数", 2: "活动参与率"})
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("expected_spend", "请填写全年预计执行数"),
        ("rows-1-reason_kind", "“活动参与率”未确定能完成，请选择偏差原因"),
        ("rows-1-reason_text", "“活动参与率”请说明偏差原因"),
        ("rows-1-measures", "“活动参与率”请填写纠偏措施"),
        ("rows-3-likelihood", "第 4 个指标请选择完成目标可能性"),
        ("rows-4-likelihood", "第 5 个指标完成目标可能性应为 确定能、有可能 或 不可能"),
        ("rows-4-reason_kind", "第 5 个指标偏差原因应为 经费保障、制度保障、人员保障、硬件保障 或 其他"),
        ("rows-4-reason_text", "第 5 个指标请说明偏差原因"),
        ("rows-4-measures", "第 5 个指标请填写纠偏措施"),
    ]
    assert reason_of(RowEntry(1, likelihood="有可能", reason_kind="经费保障", reason_text="资金未到位")) == "经费保障：资金未到位"
    assert reason_of(RowEntry(1, likelihood="确定能", reason_kind="经费保障", reason_text="x")) == ""


def test_save_and_reload(app):
    project = make_project()
    payments.add_payment(project, read_payment(2024, "2024-03-10", "1.20"))
    payments.add_payment(project, read_payment(2024, "2024-07-10", "5.00"))  # after 6月底: not in 1–6月
    monitoring.save(project, entry_for(project))
    sheet = monitoring.sheet(project, 6)
    assert sheet.saved
    assert sheet.total.spent == D("1.20") and sheet.total.rate == D("0.0462") and sheet.total.expected == D("26.00")
    assert sheet.entry.row(project.indicators[1].id).reason_kind == "人员保障"
    assert monitoring.reported_months(project) == [6]
    # saving again updates in place; a certain row loses its reason
    entry = entry_for(project)
    rows = list(entry.rows)
    rows[1] = RowEntry(rows[1].indicator_id, "已达 95%", "≥95%", "确定能", "人员保障", "旧原因", "")
    monitoring.save(project, MonitoringEntry(6, D("20"), "", tuple(rows)))
    row = monitoring.sheet(project, 6).entry.row(rows[1].indicator_id)
    assert (row.likelihood, row.reason_kind, row.reason_text) == ("确定能", "", "")


def test_nothing_is_saved_when_a_row_is_incomplete(app):
    project = make_project()
    entry = entry_for(project)
    rows = list(entry.rows)
    rows[2] = RowEntry(rows[2].indicator_id, "未完成", "", "不可能")
    with pytest.raises(DomainError) as caught:
        monitoring.save(project, MonitoringEntry(6, D("26"), "", tuple(rows)))
    assert {p.field for p in caught.value.problems} == {"rows-2-reason_kind", "rows-2-reason_text", "rows-2-measures"}
    assert not monitoring.sheet(project, 6).saved
    with pytest.raises(DomainError, match="指标已被修改"):
        monitoring.save(project, MonitoringEntry(6, D("26"), "", (RowEntry(999999, likelihood="确定能"),)))


def rendered(*sheets) -> docx.document.Document:
    return docx.Document(BytesIO(monitoring_doc.render(list(sheets))))


def texts(table) -> list[list[str]]:
    """The real cells of each row (python-docx repeats merged cells: dedupe by tc)."""
    out = []
    for tr in table._tbl.tr_lst:
        out.append(["".join(t.text or "" for t in tc.iter(docx.oxml.ns.qn("w:t"))) for tc in tr.tc_lst])
    return out


def test_project_docx(app):
    project = make_project()
    payments.add_payment(project, read_payment(2024, "2024-03-10", "1.20"))
    payments.add_payment(project, read_payment(2024, "2024-05-10", "2.00", source="其他资金"))
    monitoring.save(project, entry_for(project))
    document = rendered(monitoring.sheet(project, 6))
    assert len(document.tables) == 1
    rows = texts(document.tables[0])
    assert rows[0] == ["项目名称", "2024年白沟箱包市场采购贸易方式试点活动资金"]
    assert rows[2] == ["项目资金（万元）", "", "年初预算数", "1–6月执行数", "执行率", "全年预计执行数"]
    assert rows[3] == ["", "年度资金总额", "26.00", "3.20", "12.31%", "26.00"]
    assert rows[4] == ["", "其中：财政资金", "26.00", "1.20", "4.62%", ""]
    assert rows[5] == ["", "其他资金", "", "2.00", "", ""]
    assert rows[7][2] == "试点活动正常开展 <按计划>"  # autoescape: the text survives
    assert rows[8][5:] == ["1–6月完成情况", "全年预计完成情况", "完成目标可能性", "偏差原因", "纠偏措施"]
    indicator_rows = rows[9:]
    assert len(indicator_rows) == len(project.indicators)
    assert indicator_rows[1][1:] == ["", "质量指标", "活动参与率", "≥95%", "参与率 80%", "≥90%", "有可能", "人员保障：部分人员公务冲突 & 请假", "调整活动时间"]
    assert indicator_rows[0][1] == "产出指标" and indicator_rows[0][7] == "确定能" and indicator_rows[0][8] == ""
    # level-1 cells merged: restart on the first 产出指标 row, continue below
    vmerge = docx.oxml.ns.qn("w:vMerge")
    first_cells = [tr.tc_lst[1] for tr in document.tables[0]._tbl.tr_lst[9:]]
    marks = [(tc.tcPr.find(vmerge).get(docx.oxml.ns.qn("w:val")) if tc.tcPr.find(vmerge) is not None else None) for tc in first_cells]
    assert marks[:4] == ["restart", None, None, None]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    styles = etree.tostring(document.styles.element, encoding="unicode")
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:eastAsia="宋体"' in styles
    fonts = document.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.FONT_TABLE).blob.decode()
    assert '<w:altName w:val="仿宋"/>' in fonts and '<w:altName w:val="SimSun"/>' in fonts  # fallbacks where the font is missing
    borders = document.tables[0]._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders"))
    assert [b.get(docx.oxml.ns.qn("w:val")) for b in borders] == ["single"] * 6


def test_the_units_tables_in_one_docx(app):
    unit, projects = seed()
    pay_a_year(projects)
    monitoring.save(first(projects), entry_for(first(projects)))
    sheets = monitoring.unit_sheets(2024, unit, 6)
    assert len(sheets) == 14 and sum(s.saved for s in sheets) == 1
    document = rendered(*sheets)
    assert len(document.tables) == 14
    breaks = document.element.body.findall(".//" + docx.oxml.ns.qn("w:br"))
    assert [b.get(docx.oxml.ns.qn("w:type")) for b in breaks].count("page") == 13
    titles = [p.text for p in document.paragraphs if "绩效运行监控表" in p.text]
    assert len(titles) == 14
    assert "（未填报）" in "".join(p.text for p in document.paragraphs)
    first_rows = texts(document.tables[0])
    assert first_rows[3][3] == "7.20"  # the first project is paid at 60%: 12.00 × 0.6 by 6月底


def test_the_build_script_and_the_renderer_agree_on_the_rows():
    # that the checked-in template equals the script's is tests/documents/test_template_builds.py
    spec = importlib.util.spec_from_file_location("build_monitoring", TEMPLATE_DIR / "build_monitoring.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (module.CAPTION, module.TRAILING_ROWS) == (monitoring_doc.CAPTION, monitoring_doc.TRAILING_ROWS)


def test_every_key_the_template_wants_is_supplied(app):
    project = make_project(make_unit())
    context = monitoring_doc.document_context([monitoring.sheet(project, 6)])
    assert DocxTemplate(monitoring_doc.TEMPLATE).get_undeclared_template_variables() <= set(context)
    template = DocxTemplate(monitoring_doc.TEMPLATE)
    template.render(context, jinja_env=Environment(undefined=StrictUndefined), autoescape=True)

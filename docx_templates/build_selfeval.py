"""Generate the docxtpl template of the 项目支出绩效自评表: ``python docx_templates/build_selfeval.py``.

Writes ``selfeval.docx`` beside this script: one table per project (page break
between), in the layout of 财办预〔2016〕123号: 项目名称, 主管部门/实施单位,
项目资金（万元）, 年度总体目标, 绩效指标, 总分 and 自评等级. The keys the template
expects are listed in selfeval_README.md.

The XML is written by hand (python-docx only for the package, page and styles).
Level-1/level-2 merges are not in the template: ``app/documents/selfeval_doc.py``
sets ``w:vMerge`` on the indicator rows after the render (one linear pass).
"""

import sys
from pathlib import Path

from docx import Document

try:
    from docx_templates import common
except ModuleNotFoundError:  # ``python docx_templates/build_selfeval.py`` without jixiao installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from docx_templates import common
from docx_templates.common import PAGE_BREAK, SINGLE, para, paragraph_style, row, run_props

HERE = Path(__file__).resolve().parent
FILENAME = "selfeval.docx"
CAPTION = "项目支出绩效自评表"  # the w:tblCaption the renderer looks for
TRAILING_ROWS = 2  # 总分 and 自评等级 follow the indicator rows

# A4 portrait, 20 mm side margins: 170 mm = 9638 twips of text width.
# 执行率/得分 (8th) is wide enough for "100.00%" on one line in any CJK font (SimSun or its substitutes).
COLUMNS = (900, 1000, 1000, 1400, 1150, 1150, 700, 1000, 1300)  # sum 9600
SONGTI, FANGSONG, HEITI = "宋体", "仿宋_GB2312", "黑体"
# Word substitutes w:altName when a font is missing; LibreOffice maps these names itself.
FONTS = {
    SONGTI: ("SimSun", "auto", "variable"),
    FANGSONG: ("仿宋", "modern", "fixed"),
    HEITI: ("SimHei", "modern", "fixed"),
}

STYLES = (
    paragraph_style("EvalTitle", "Eval Title", '<w:keepNext/><w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/><w:outlineLvl w:val="1"/>', run_props(SONGTI, 18, bold=True)),  # noqa: E501
    paragraph_style("EvalYear", "Eval Year", f'<w:keepNext/>{SINGLE}<w:jc w:val="center"/>', run_props(FANGSONG, 14)),
    paragraph_style("EvalUnit", "Eval Unit", '<w:keepNext/><w:spacing w:before="60" w:after="60" w:line="240" w:lineRule="auto"/><w:jc w:val="right"/>', run_props(FANGSONG, 12)),  # noqa: E501
    paragraph_style("EvalText", "Eval Text", f'{SINGLE}<w:jc w:val="center"/>', run_props(SONGTI, 10)),
    paragraph_style("EvalTextLeft", "Eval Text Left", f'{SINGLE}<w:jc w:val="both"/>', run_props(SONGTI, 10)),
    paragraph_style("EvalHead", "Eval Head", f'<w:keepNext/>{SINGLE}<w:jc w:val="center"/>', run_props(HEITI, 10)),
)


CELLS = common.TableCells("EvalText", "EvalTextLeft", "EvalHead", len(COLUMNS))
cell, label, head, value, tag_row = CELLS.cell, CELLS.label, CELLS.head, CELLS.value, CELLS.tag_row


def evaluation_table() -> str:
    rows = [
        row(label("项目名称"), value("p.name", span=8)),
        row(label("主管部门"), value("p.supervisor", span=3), label("实施单位"), value("p.unit", span=4)),
        # 项目资金（万元）: 年度资金总额 and its three parts.
        row(
            label("项目资金（万元）", vmerge="restart"), label("", span=2),
            head("年初预算数"), head("全年预算数"), head("全年执行数"), head("分值"), head("执行率"), head("得分"),
        ),
        tag_row("{%tr for f in p.funds %}"),
        row(
            cell(vmerge="continue"), value("f.label", span=2),
            value("f.initial"), value("f.adjusted"), value("f.spent"), value("f.points"), value("f.rate"), value("f.score"),
        ),
        tag_row("{%tr endfor %}"),
        tag_row("{%tr if p.execution_reason %}"),
        row(cell(vmerge="continue"), label("执行率偏差原因", span=2), value("p.execution_reason", left=True, span=6)),
        tag_row("{%tr endif %}"),
        # 年度总体目标: the target table's goals against what was achieved.
        row(label("年度总体目标", vmerge="restart"), head("预期目标", span=4), head("实际完成情况", span=4)),
        # One paragraph per goal: a line break inside a justified paragraph stretches the line before it.
        row(
            cell(vmerge="continue"),
            cell(para(CELLS.text_left, "{%p for g in p.goals %}"), para(CELLS.text_left, "{{ g }}"),
                 para(CELLS.text_left, "{%p endfor %}"), span=4),
            value("p.overall_actual", left=True, span=4),
        ),
        # 绩效指标: flat level-3 rows; the level cells are merged after the render.
        row(
            label("绩效指标", vmerge="restart"), head("一级指标"), head("二级指标"), head("三级指标"), head("年度指标值"),
            head("实际完成值"), head("分值"), head("得分"), head("偏差原因分析及改进措施"),
        ),
        tag_row("{%tr for r in p.rows %}"),
        row(
            cell(vmerge="continue"), value("r.level1"), value("r.level2"), value("r.name"), value("r.target"),
            value("r.actual"), value("r.weight"), value("r.score"), value("r.reason", left=True),
        ),
        tag_row("{%tr endfor %}"),
        row(label("总分", span=6), value("p.total_points"), value("p.total"), label("")),
        row(label("自评等级", span=6), value("p.grade", span=3)),
    ]
    return common.table(COLUMNS, rows, caption=CAPTION, cell_margin=50)


def body() -> list[str]:
    return [
        para("EvalTitle", "{%p for p in projects %}"),
        # The break run sits inside {% if %}: the first table does not start with a blank page.
        para("EvalTitle", "{% if p.page_break %}", PAGE_BREAK, "{% endif %}项目支出绩效自评表"),
        para("EvalYear", "（{{ p.year }}年度）"),
        para("EvalUnit", "{{ p.note }}"),
        evaluation_table(),
        para("EvalTitle", "{%p endfor %}"),
    ]


def setup_package(document) -> None:
    common.set_a4_page(document, landscape=False, margins_mm=(25, 25, 20, 20), header_footer_mm=(12, 15))
    common.set_core_properties(document, CAPTION, "build_selfeval.py")


def build() -> Document:
    return common.build_document(setup_package, SONGTI, 21, STYLES, FONTS, body())


def main(out_dir: Path = HERE) -> Path:
    """Write the template into ``out_dir``; return its path."""
    path = Path(out_dir) / FILENAME
    build().save(path)
    return path


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))

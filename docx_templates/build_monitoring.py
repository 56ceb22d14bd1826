"""Generate the docxtpl template of the 项目支出绩效运行监控表: ``python docx_templates/build_monitoring.py``.

Writes ``monitoring.docx`` beside this script: one table per project (page break
between), A4 landscape: 项目名称, 主管部门/实施单位, 项目资金（万元）(年初预算数,
1–N月执行数, 执行率, 全年预计执行数), 年度总体目标 and the 绩效指标 rows (指标值,
1–N月完成情况, 全年预计完成情况, 完成目标可能性, 偏差原因, 纠偏措施). The keys the
template expects are listed in monitoring_README.md.

The XML is written by hand (python-docx only for the package, page and styles).
Level-1/level-2 merges are not in the template: ``app/documents/monitoring_doc.py``
sets ``w:vMerge`` on the indicator rows after the render (one linear pass).
"""

import sys
from pathlib import Path

from docx import Document

try:
    from docx_templates import common
except ModuleNotFoundError:  # ``python docx_templates/build_monitoring.py`` without jixiao installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from docx_templates import common
from docx_templates.common import PAGE_BREAK, SINGLE, para, paragraph_style, row, run_props

HERE = Path(__file__).resolve().parent
FILENAME = "monitoring.docx"
CAPTION = "项目支出绩效运行监控表"  # the w:tblCaption the renderer looks for
TRAILING_ROWS = 0  # the indicator rows end the table

# A4 landscape, 20 mm side margins: 257 mm = 14570 twips of text width.
COLUMNS = (1100, 1100, 1200, 1500, 1400, 1900, 1700, 1000, 1800, 1800)  # sum 14500
SONGTI, FANGSONG, HEITI = "宋体", "仿宋_GB2312", "黑体"
# Word substitutes w:altName when a font is missing; LibreOffice maps these names itself.
FONTS = {
    SONGTI: ("SimSun", "auto", "variable"),
    FANGSONG: ("仿宋", "modern", "fixed"),
    HEITI: ("SimHei", "modern", "fixed"),
}

STYLES = (
    paragraph_style("MonTitle", "Monitoring Title", '<w:keepNext/><w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/><w:outlineLvl w:val="1"/>', run_props(SONGTI, 18, bold=True)),  # noqa: E501
    paragraph_style("MonYear", "Monitoring Year", f'<w:keepNext/>{SINGLE}<w:jc w:val="center"/>', run_props(FANGSONG, 14)),
    paragraph_style("MonUnit", "Monitoring Unit", '<w:keepNext/><w:spacing w:before="60" w:after="60" w:line="240" w:lineRule="auto"/><w:jc w:val="right"/>', run_props(FANGSONG, 12)),  # noqa: E501
    paragraph_style("MonText", "Monitoring Text", f'{SINGLE}<w:jc w:val="center"/>', run_props(SONGTI, 10)),
    paragraph_style("MonTextLeft", "Monitoring Text Left", f'{SINGLE}<w:jc w:val="both"/>', run_props(SONGTI, 10)),
    paragraph_style("MonHead", "Monitoring Head", f'<w:keepNext/>{SINGLE}<w:jc w:val="center"/>', run_props(HEITI, 10)),
)


CELLS = common.TableCells("MonText", "MonTextLeft", "MonHead", len(COLUMNS))
cell, label, head, value, tag_row = CELLS.cell, CELLS.label, CELLS.head, CELLS.value, CELLS.tag_row


def monitoring_table() -> str:
    rows = [
        row(label("项目名称"), value("p.name", span=9)),
        row(label("主管部门"), value("p.supervisor", span=4), label("实施单位"), value("p.unit", span=4)),
        # 项目资金（万元）: 年度资金总额 and its parts, spent from the payments up to the end of month N.
        row(
            label("项目资金（万元）", vmerge="restart"), label("", span=2), head("年初预算数", span=2),
            head("1–{{ p.month }}月执行数"), head("执行率"), head("全年预计执行数", span=3),
        ),
        tag_row("{%tr for f in p.funds %}"),
        row(
            cell(vmerge="continue"), value("f.label", span=2), value("f.initial", span=2),
            value("f.spent"), value("f.rate"), value("f.expected", span=3),
        ),
        tag_row("{%tr endfor %}"),
        row(label("年度总体目标", vmerge="restart"), head("预期目标", span=5), head("1–{{ p.month }}月实际完成情况", span=4)),
        row(cell(vmerge="continue"), value("p.goals", left=True, span=5), value("p.goal_progress", left=True, span=4)),
        # 绩效指标: flat level-3 rows; the level cells are merged after the render.
        row(
            label("绩效指标", vmerge="restart"), head("一级指标"), head("二级指标"), head("三级指标"), head("指标值"),
            head("1–{{ p.month }}月完成情况"), head("全年预计完成情况"), head("完成目标可能性"), head("偏差原因"), head("纠偏措施"),
        ),
        tag_row("{%tr for r in p.rows %}"),
        row(
            cell(vmerge="continue"), value("r.level1"), value("r.level2"), value("r.name"), value("r.target"),
            value("r.progress", left=True), value("r.expected", left=True), value("r.likelihood"),
            value("r.reason", left=True), value("r.measures", left=True),
        ),
        tag_row("{%tr endfor %}"),
    ]
    return common.table(COLUMNS, rows, caption=CAPTION, cell_margin=50)


def body() -> list[str]:
    return [
        para("MonTitle", "{%p for p in projects %}"),
        # The break run sits inside {% if %}: the first table does not start with a blank page.
        para("MonTitle", "{% if p.page_break %}", PAGE_BREAK, "{% endif %}项目支出绩效运行监控表"),
        para("MonYear", "（{{ p.year }}年1–{{ p.month }}月）"),
        para("MonUnit", "填报单位：{{ p.unit }}　　{{ p.note }}单位：万元"),
        monitoring_table(),
        para("MonTitle", "{%p endfor %}"),
    ]


def setup_package(document) -> None:
    common.set_a4_page(document, landscape=True, margins_mm=(20, 20, 20, 20), header_footer_mm=(12, 15))
    common.set_core_properties(document, CAPTION, "build_monitoring.py")


def build() -> Document:
    return common.build_document(setup_package, SONGTI, 21, STYLES, FONTS, body())


def main(out_dir: Path = HERE) -> Path:
    """Write the template into ``out_dir``; return its path."""
    path = Path(out_dir) / FILENAME
    build().save(path)
    return path


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))

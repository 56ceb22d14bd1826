"""Generate the docxtpl templates of the official target tables: ``python docx_templates/build.py``.

Writes ``target_full.docx`` (seed 004: 项目编码, 资金支出计划, 指标值确定依据) and
``target_basic.docx`` (seed 003) beside this script. Each holds the optional
department part (第一部分/第二部分, seed 004) and one table per project.
The keys each template expects are listed in README.md.

The XML is written by hand (python-docx only for the package, the page and the
styles) so every cell is lean: a document of 20,000 indicator rows stays small.
Level-1 merges are not in the templates: the renderer sets ``w:vMerge``
on the cells of the table captioned ``INDICATOR_CAPTION`` after the render.
"""

import sys
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

try:
    from docx_templates import common
except ModuleNotFoundError:  # ``python docx_templates/build.py`` without jixiao installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from docx_templates import common
from docx_templates.common import PAGE_BREAK, SINGLE, para, paragraph_style, row, run_props, table

HERE = Path(__file__).resolve().parent
LAYOUTS = ("full", "basic")
INDICATOR_CAPTION = "绩效指标表"

# A4 with the margins of official documents (GB/T 9704: 上37 下35 左28 右26 mm).
TEXT_WIDTH = 8845  # twips: 210 mm - 28 mm - 26 mm
LABEL_WIDTH = 1500
VALUE_GRID = 60  # the value area of the head table: 60 columns fit 1-6, 10 and 12 checkpoints evenly
VALUE_COL = 122  # twips per value column; 1500 + 60 × 122 = 8820 ≤ TEXT_WIDTH
INDICATOR_COLUMNS = {
    "full": (
        ("一级指标", 1000, "level1"),
        ("二级指标", 1250, "level2"),
        ("三级指标", 1600, "name"),
        ("绩效指标描述", 2070, "description"),
        ("指标值", 1400, "target"),
        ("指标值确定依据", 1500, "basis"),
    ),
    "basic": (
        ("一级指标", 1100, "level1"),
        ("二级指标", 1400, "level2"),
        ("三级指标", 1900, "name"),
        ("绩效指标描述", 2620, "description"),
        ("指标值", 1800, "target"),
    ),
}

FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG = "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "方正小标宋简体"
# Word substitutes w:altName when a font is missing; LibreOffice has its own table for these names.
FONTS = {
    FANGSONG: ("仿宋", "modern", "fixed"),
    KAITI: ("楷体", "modern", "fixed"),
    XIAOBIAOSONG: ("宋体", "script", "variable"),
    HEITI: ("SimHei", "modern", "fixed"),
    SONGTI: ("SimSun", "auto", "variable"),
}

LINE_28 = '<w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/>'
STYLES = (
    paragraph_style("PartTitle", "Part Title", f'<w:keepNext/>{LINE_28}<w:jc w:val="center"/>', run_props(XIAOBIAOSONG, 22)),
    paragraph_style("UnitHeading", "Unit Heading", f'<w:keepNext/>{LINE_28}<w:jc w:val="center"/>', run_props(HEITI, 16)),
    paragraph_style("SectionHeading", "Section Heading", f'<w:keepNext/>{LINE_28}<w:ind w:firstLineChars="200" w:firstLine="640"/>', run_props(HEITI, 16)),
    paragraph_style("ItemHeading", "Item Heading", f'<w:keepNext/>{LINE_28}<w:ind w:firstLineChars="200" w:firstLine="640"/>', run_props(KAITI, 16)),
    paragraph_style("BodyIndent", "Body Indent", f'{LINE_28}<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>', run_props(FANGSONG, 16)),
    paragraph_style("TableTitle", "Table Title", '<w:keepNext/><w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/><w:outlineLvl w:val="1"/>', run_props(HEITI, 15, bold=True)),  # noqa: E501
    paragraph_style("UnitLine", "Unit Line", '<w:keepNext/><w:tabs><w:tab w:val="right" w:pos="8820"/></w:tabs><w:spacing w:before="0" w:after="60" w:line="240" w:lineRule="auto"/>', run_props(FANGSONG, 12)),  # noqa: E501
    paragraph_style("TableText", "Table Text", f'{SINGLE}<w:jc w:val="center"/>', run_props(SONGTI, 10.5)),
    paragraph_style("TableTextLeft", "Table Text Left", f'{SINGLE}<w:jc w:val="both"/>', run_props(SONGTI, 10.5)),
    paragraph_style("TableHead", "Table Head", f'<w:keepNext/>{SINGLE}<w:jc w:val="center"/>', run_props(HEITI, 10.5)),
    paragraph_style("Spacer", "Spacer", '<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/>', run_props(SONGTI, 5)),
)


def cell(*paragraphs: str, **kwargs) -> str:
    return common.cell(*paragraphs, empty_style="TableText", **kwargs)


def tag_row(tag: str, columns: int) -> str:
    """A row holding only a structural tag; docxtpl removes the row."""
    return row(cell(para("TableText", tag), span=columns), cant_split=False)


def t(label: str) -> str:
    return para("TableText", label)


def value(expr: str, left: bool = False) -> str:
    return para("TableTextLeft" if left else "TableText", "{{ %s }}" % expr)  # noqa: UP031


def head_table(layout: str) -> str:
    widths = [LABEL_WIDTH] + [VALUE_COL] * VALUE_GRID
    rows = []
    if layout == "full":
        rows.append(row(cell(t("项目编码")), cell(value("p.code"), span=24), cell(t("项目名称"), span=12), cell(value("p.name"), span=24)))
    else:
        rows.append(row(cell(t("项目名称")), cell(value("p.name"), span=VALUE_GRID)))
    rows.append(
        row(
            cell(t("预算规模及资金用途"), vmerge="restart"),
            cell(t("预算数"), span=10),
            cell(value("p.budget_total"), span=10),
            cell(t("其中：财政资金"), span=10),
            cell(value("p.budget_fiscal"), span=10),
            cell(t("其他资金"), span=10),
            cell(value("p.budget_other"), span=10),
        )
    )
    rows.append(row(cell(vmerge="continue"), cell(value("p.purpose", left=True), span=VALUE_GRID)))
    if layout == "full":
        # Any number of checkpoints: the cells share the 60 value columns ({% colspan %} per cell).
        rows.append(tag_row("{%tr if p.plan %}", VALUE_GRID + 1))
        for label_merge, expr in (("restart", "c.month"), ("continue", "c.amount")):
            rows.append(
                row(
                    cell(t("资金支出计划（万元）") if label_merge == "restart" else "", vmerge=label_merge),
                    cell(t("{%tc for c in p.plan %}")),
                    cell(para("TableText", "{% colspan c.span %}{{ " + expr + " }}"), span=VALUE_GRID - 2),
                    cell(t("{%tc endfor %}")),
                )
            )
        rows.append(tag_row("{%tr endif %}", VALUE_GRID + 1))
    goals = (para("TableTextLeft", "{%p for g in p.goals %}"), value("g", left=True), para("TableTextLeft", "{%p endfor %}"))
    rows.append(row(cell(t("绩效目标")), cell(*goals, span=VALUE_GRID)))
    # 中长期目标, printed only when the project has them (tables that list them beside the year's).
    longer = (para("TableTextLeft", "{%p for g in p.long_term_goals %}"), value("g", left=True), para("TableTextLeft", "{%p endfor %}"))
    rows.append(tag_row("{%tr if p.long_term_goals %}", VALUE_GRID + 1))
    rows.append(row(cell(t("中长期目标")), cell(*longer, span=VALUE_GRID)))
    rows.append(tag_row("{%tr endif %}", VALUE_GRID + 1))
    return table(widths, rows)


def indicator_table(layout: str) -> str:
    columns = INDICATOR_COLUMNS[layout]
    widths = [w for _, w, _ in columns]
    left = {"description"}
    rows = [
        row(*(cell(para("TableHead", label)) for label, _, _ in columns), header=True),
        tag_row("{%tr for r in p.rows %}", len(columns)),
        row(*(cell(value(f"r.{key}", left=key in left)) for _, _, key in columns)),
        tag_row("{%tr endfor %}", len(columns)),
    ]
    return table(widths, rows, caption=INDICATOR_CAPTION)


def department_part() -> list[str]:
    return [
        para("PartTitle", "{%p if department %}"),
        para("PartTitle", "第一部分"),
        para("PartTitle", "部门整体绩效目标"),
        para("BodyIndent", "{%p for d in departments %}"),
        para("UnitHeading", "{%p if d.heading %}"),
        para("UnitHeading", "{{ d.heading }}"),
        para("UnitHeading", "{%p endif %}"),
        para("SectionHeading", "一、总体绩效目标"),
        para("BodyIndent", "{%p for text in d.overall %}"),
        para("BodyIndent", "{{ text }}"),
        para("BodyIndent", "{%p endfor %}"),
        para("SectionHeading", "二、分项绩效目标"),
        para("ItemHeading", "{%p for item in d.subgoals %}"),
        para("ItemHeading", "{{ item.title }}"),
        para("BodyIndent", "绩效目标：", "{{ item.goal }}"),
        para("BodyIndent", "绩效指标：", "{{ item.indicator }}"),
        para("BodyIndent", "{%p endfor %}"),
        para("SectionHeading", "三、工作保障措施"),
        para("BodyIndent", "{%p for text in d.measures %}"),
        para("BodyIndent", "{{ text }}"),
        para("BodyIndent", "{%p endfor %}"),
        para("BodyIndent", "{%p endfor %}"),
        para("PartTitle", PAGE_BREAK, "第二部分"),
        para("PartTitle", "预算项目绩效目标"),
        para("PartTitle", "{%p endif %}"),
    ]


def project_part(layout: str) -> list[str]:
    return [
        para("TableTitle", "{%p for p in projects %}"),
        # The break run sits inside {% if %} so the first table of a document does not start with a blank page.
        para("TableTitle", "{% if p.page_break %}", PAGE_BREAK, "{% endif %}{{ p.title }}"),
        para("UnitLine", "{{ p.unit_line }}", '<w:r><w:tab/></w:r>', "单位：万元"),
        head_table(layout),
        para("Spacer"),
        indicator_table(layout),
        para("TableTitle", "{%p endfor %}"),
    ]


def setup_package(document) -> None:
    section = common.set_a4_page(document, landscape=False, margins_mm=(37, 35, 28, 26), header_footer_mm=(15, 25))
    footer = section.footer.paragraphs[0]._p
    footer.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:jc w:val="center"/></w:pPr>'))
    for xml in (
        f'<w:r {nsdecls("w")}>{run_props(SONGTI, 14)}<w:t xml:space="preserve">— </w:t></w:r>',
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r>{run_props(SONGTI, 14)}<w:t>1</w:t></w:r></w:fldSimple>',
        f'<w:r {nsdecls("w")}>{run_props(SONGTI, 14)}<w:t xml:space="preserve"> —</w:t></w:r>',
    ):
        footer.append(parse_xml(xml))
    common.set_core_properties(document, "绩效目标表", "build.py")


def build(layout: str) -> Document:
    return common.build_document(setup_package, FANGSONG, 32, STYLES, FONTS, department_part() + project_part(layout))


def main(out_dir: Path = HERE) -> list[Path]:
    """Write both templates into ``out_dir``; return their paths."""
    paths = []
    for layout in LAYOUTS:
        path = Path(out_dir) / f"target_{layout}.docx"
        build(layout).save(path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)

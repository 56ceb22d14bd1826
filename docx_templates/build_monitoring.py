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

import datetime
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree

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


def run_props(east_asia: str, size_pt: float, bold: bool = False) -> str:
    half_points = int(size_pt * 2)
    return (
        f'<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{east_asia}" '
        f'w:cs="Times New Roman" w:hint="eastAsia"/>{"<w:b/><w:bCs/>" if bold else ""}'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )


def paragraph_style(style_id: str, name: str, ppr: str, rpr: str) -> str:
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )


SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
STYLES = (
    paragraph_style("MonTitle", "Monitoring Title", '<w:keepNext/><w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/><w:outlineLvl w:val="1"/>', run_props(SONGTI, 18, bold=True)),
    paragraph_style("MonYear", "Monitoring Year", f'<w:keepNext/>{SINGLE}<w:jc w:val="center"/>', run_props(FANGSONG, 14)),
    paragraph_style("MonUnit", "Monitoring Unit", f'<w:keepNext/><w:spacing w:before="60" w:after="60" w:line="240" w:lineRule="auto"/><w:jc w:val="right"/>', run_props(FANGSONG, 12)),
    paragraph_style("MonText", "Monitoring Text", f'{SINGLE}<w:jc w:val="center"/>', run_props(SONGTI, 10)),
    paragraph_style("MonTextLeft", "Monitoring Text Left", f'{SINGLE}<w:jc w:val="both"/>', run_props(SONGTI, 10)),
    paragraph_style("MonHead", "Monitoring Head", f'<w:keepNext/>{SINGLE}<w:jc w:val="center"/>', run_props(HEITI, 10)),
)


def para(style: str, *runs: str) -> str:
    """A paragraph of runs: literal text (escaped) or raw run XML."""
    body = "".join(r if r.startswith("<w:r>") else f'<w:r><w:t xml:space="preserve">{escape(r)}</w:t></w:r>' for r in runs)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{body}</w:p>'


def cell(*paragraphs: str, span: int = 1, vmerge: str | None = None) -> str:
    props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    props += '<w:vAlign w:val="center"/>'
    inner = "".join(paragraphs) or para("MonText")
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>"


def row(*cells: str, header: bool = False) -> str:
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def label(text: str, **kwargs) -> str:
    return cell(para("MonText", text), **kwargs)


def head(text: str, **kwargs) -> str:
    return cell(para("MonHead", text), **kwargs)


def value(expr: str, left: bool = False, **kwargs) -> str:
    return cell(para("MonTextLeft" if left else "MonText", "{{ %s }}" % expr), **kwargs)


def tag_row(tag: str) -> str:
    """A row holding only a structural tag; docxtpl removes the row."""
    return row(cell(para("MonText", tag), span=len(COLUMNS)))


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
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in COLUMNS)
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(COLUMNS)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="50" w:type="dxa"/><w:right w:w="50" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/>'
        f'<w:tblCaption w:val="{CAPTION}"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>'


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
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(12), Mm(15)
    props = document.core_properties
    props.author = props.last_modified_by = "jixiao"
    props.title = CAPTION
    props.comments = "generated by docx_templates/build_monitoring.py"
    props.created = props.modified = datetime.datetime(2024, 1, 1)
    props.revision = 1


def setup_styles(document) -> None:
    styles = document.styles.element
    styles.remove(styles.find(qn("w:docDefaults")))
    styles.insert(
        0,
        parse_xml(
            f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>'
            f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{SONGTI}" w:cs="Times New Roman"/>'
            '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/>'
            f"{SINGLE}</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    for xml in STYLES:
        styles.append(parse_xml(xml))


def setup_fonts(document) -> None:
    rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    part = document.part.part_related_by(rel_type)
    root = parse_xml(part.blob)
    for name, (alt, family, pitch) in FONTS.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
            )
        )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build() -> Document:
    document = Document()
    setup_package(document)
    setup_styles(document)
    setup_fonts(document)
    root = document.element.body
    for child in list(root.iterchildren()):
        if not child.tag.endswith("}sectPr"):
            root.remove(child)
    sect = root[-1]
    for xml in body():
        if not xml.startswith("<w:tbl"):
            xml = xml.replace("<w:p>", f'<w:p {nsdecls("w")}>', 1)
        sect.addprevious(parse_xml(xml))
    return document


def main(out_dir: Path = HERE) -> Path:
    """Write the template into ``out_dir``; return its path."""
    path = Path(out_dir) / FILENAME
    build().save(path)
    return path


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))

"""Generate the docxtpl template of a centre's 绩效考核评分表: ``python docx_templates/build_centre_score.py``.

Writes ``centre_score.docx`` beside this script: A4 portrait, a particulars table (中心名称,
编号, 园区级别, 所在园区, 承办企业, 合同期), the score table (one row per part of 000
第九条 with its full marks, points, clause and the reasons for lost points), then the
totals, what the centre still lacks, conflicts (000 第十条), what the grade means
(001 第十一条、第十二条) and the recognition checklist (001 第六条、第七条). The keys the
template expects are listed in centre_score_README.md.

Built with python-docx's own API: the loops are docxtpl ``{%tr %}`` rows and ``{%p %}``
paragraphs; nothing is merged after the render.
"""

import datetime
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
FILENAME = "centre_score.docx"
CAPTION = "外贸综合服务中心绩效考核评分表"
SONGTI, HEITI = "宋体", "黑体"
SCORE_COLUMNS = (("考核内容", 20), ("考核项目", 40), ("分值", 14), ("得分", 14), ("依据条款", 30), ("扣分与说明", 52))


def east_asian(run_or_style, name: str) -> None:
    """Set the Chinese font (python-docx sets only the Latin ones)."""
    properties = run_or_style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def paragraph(document, text: str, *, bold: bool = False, size: float = 10.5, center: bool = False, font: str = SONGTI):
    para = document.add_paragraph()
    run = para.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    east_asian(run, font)
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return para


def fill(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    if not text:
        return  # an empty cell stays one empty paragraph: merging it adds no blank line
    para = cell.paragraphs[0]
    run = para.add_run(text)
    run.bold = bold
    run.font.size = Pt(9)
    east_asian(run, HEITI if bold else SONGTI)
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def table(document, widths_mm):
    grid = document.add_table(rows=0, cols=len(widths_mm))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths_mm):
        column.width = Mm(width)  # w:gridCol, which LibreOffice and Word lay the table out by
    return grid


def add_row(grid, texts, widths_mm, *, bold: bool = False, center=()):
    cells = grid.add_row().cells
    for index, (cell, text, width) in enumerate(zip(cells, texts, widths_mm)):
        cell.width = Mm(width)
        fill(cell, text, bold=bold, center=index in center)
    return cells


def particulars(document) -> None:
    widths = (30, 55, 30, 55)
    grid = table(document, widths)
    add_row(grid, ("中心名称", "{{ name }}", "中心编号", "{{ code }}"), widths)
    add_row(grid, ("园区级别", "{{ level }}", "所在开发区（园区）", "{{ park }}"), widths)
    add_row(grid, ("承办企业", "{{ company }}", "合同期", "{{ contract }}"), widths)


def score_table(document) -> None:
    widths = tuple(width for _, width in SCORE_COLUMNS)
    grid = table(document, widths)
    add_row(grid, tuple(head for head, _ in SCORE_COLUMNS), widths, bold=True, center=range(6))
    add_row(grid, ("{%tr for r in rows %}", "", "", "", "", ""), widths)
    add_row(grid, ("{{ r.group }}", "{{ r.part }} {{ r.name }}", "{{ r.full }}", "{{ r.points }}", "{{ r.clause }}", "{{ r.notes }}"), widths, center=(2, 3))
    add_row(grid, ("{%tr endfor %}", "", "", "", "", ""), widths)
    add_row(grid, ("基础分合计（90 分）", "", "", "{{ base }}", "000 第六条", ""), widths, center=(3,))
    add_row(grid, ("奖励分（不超过 10 分）", "", "", "{{ bonus }}", "000 第六条", ""), widths, center=(3,))
    add_row(grid, ("总分", "", "", "{{ total }}", "", ""), widths, bold=True, center=(3,))
    add_row(grid, ("考核等次", "", "", "{{ grade }}", "001 第十二条", ""), widths, bold=True, center=(3,))
    for row in grid.rows[-4:]:
        row.cells[0].merge(row.cells[2])


def section(document, heading: str, loop: str, item: str, empty: str) -> None:
    paragraph(document, heading, bold=True, size=12, font=HEITI)
    paragraph(document, "{%p if " + loop + " %}")
    paragraph(document, "{%p for x in " + loop + " %}")
    paragraph(document, item)
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p else %}")
    paragraph(document, empty)
    paragraph(document, "{%p endif %}")


def build() -> Document:
    document = Document()
    page = document.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin = page.bottom_margin = Mm(25)
    page.left_margin = page.right_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    east_asian(normal, SONGTI)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "jixiao"
    properties.title = CAPTION
    properties.comments = "generated by docx_templates/build_centre_score.py"
    properties.created = properties.modified = datetime.datetime(2024, 1, 1)
    properties.revision = 1

    paragraph(document, "{{ year }}年度" + CAPTION, bold=True, size=16, center=True, font=HEITI)
    paragraph(document, "依据《湖北省外贸综合服务中心绩效考核办法（试行）》第九条至第十一条", size=10, center=True)
    particulars(document)
    paragraph(document, "")
    score_table(document)
    paragraph(document, "")
    section(document, "尚缺（补足后可得的分数）", "missing", "{{ x }}", "无。")
    section(document, "重复申报（000 第十条，均不计入）", "conflicts", "{{ x }}", "无。")
    section(document, "考核结果运用（001 第十一条、第十二条）", "standing", "{{ x }}", "无。")
    section(document, "认定条件（001 第六条、第七条）", "recognition", "{{ x }}", "符合服务场地和人员配备要求。")
    paragraph(document, "{{ generated }}", size=9)
    return document


def main(out_dir: Path = HERE) -> Path:
    """Write the template into ``out_dir``; return its path."""
    path = Path(out_dir) / FILENAME
    build().save(path)
    return path


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))

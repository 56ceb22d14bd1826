"""Whatever a table holds, reading it never ends in a crash: a problem, a warning or a clear refusal."""

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.documents.docx_import import parse_document
from app.documents.text_import import TextImportError

WORDS = [
    "项目名称", "预算数", "年度资金总额：", "其中：财政拨款", "其他资金", "年度目标", "长期目标", "总体目标", "绩效指标",
    "一级指标", "二级指标", "三级指标", "指标值", "指标性质", "度量单位", "指标值确定依据", "实际完成值", "分值", "得分",
    "产出指标", "数量指标", "效益指标", "满意度指标", "≥95%", "≤4小时", "20～30人", "2024年12月底", "100", "1,234.5元",
    "单位：元", "注：说明", "预期目标", "年初预算数", "全年预算数", "全年执行数", "执行率", "", "", "", "=SUM(A1)", "\n", "（2024年度）",
    "项目支出绩效目标表", "填报单位：某局", "304001某单位", "正向", "反向", "定性", "二十人", "44,561", "一、预算资金：5",
]
cells = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
grids = st.lists(st.lists(cells, min_size=1, max_size=8), min_size=1, max_size=14)


def as_docx(rows) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("项目支出绩效目标表")
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = "".join(ch for ch in text if ch.isprintable() or ch == "\n")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            book.active.cell(r, c, ILLEGAL_CHARACTERS_RE.sub("", text))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_text(rows) -> bytes:
    return ("项目支出绩效目标表\n" + "\n".join("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) for row in rows)).encode("utf-8")


def read(data: bytes, name: str) -> None:
    try:
        result = parse_document(data, name)
    except TextImportError:
        return  # a clear refusal (not a table at all), said in Chinese
    for problem in result.problems:
        assert problem.table and problem.message
    for project in result.projects:
        assert isinstance(project["name"], str) and isinstance(project["indicators"], list)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids)
def test_any_word_table_reads_or_is_refused_clearly(rows):
    read(as_docx(rows), "t.docx")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids)
def test_any_excel_sheet_reads_or_is_refused_clearly(rows):
    read(as_xlsx(rows), "t.xlsx")


@settings(max_examples=150, deadline=None)
@given(grids)
def test_any_text_copy_reads_or_is_refused_clearly(rows):
    read(as_text(rows), "t.txt")

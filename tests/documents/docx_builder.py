"""Build target-table .docx files in the shapes other units send, with python-docx."""

import io
from dataclasses import dataclass, field

from docx import Document
from docx.shared import Cm

UP = object()  # this cell continues the one above (w:vMerge)
UNIT = "304001保定白沟新城国际贸易服务中心（本级）"
INDICATORS = (
    ("产出指标", "数量指标", "外出次数", "市场采购贸易方式试点活动外出", "≤4次", "依据实际工作开展情况"),
    ("产出指标", "质量指标", "活动参与率", "活动参与率", "≥95%", "依据实际工作开展情况"),
    ("产出指标", "时效指标", "完成时限", "完成时限", "一季度一次", "依据实际工作开展情况"),
    ("效益指标", "社会效益指标", "外出考察学习", "实地学习各地试点先进经验", "推进试点能级提升", "考察报告"),
    ("满意度指标", "服务对象满意度指标", "参与人员满意度", "参与人员满意度", "≥95%", "问卷"),
)


@dataclass
class Table:
    """One project table and the shape it comes in."""

    name: str = "2024年白沟箱包市场采购贸易方式试点活动资金"
    title: str | None = "default"  # None: no title paragraph
    number: int = 1
    unit: str | None = UNIT
    unit_form: str = "paragraphs"  # paragraphs | combined | table | cell
    code: str | None = "13060524P00466210002W"  # None: the basic layout (no code, no plan)
    budget: str = "26.00"
    months: tuple = ("3月底", "6月底", "10月底", "12月底")
    amounts: tuple = ("2.50", "12.00", "21.50", "26.00")
    purpose: str = "预算资金26万元，均来自于财政资金。"
    goals: str = "1.保障试点活动正常进行。\n2.提升能级。"
    split: bool = True  # header block and indicators in two Word tables
    basis: bool = True
    levels: str = "merged"  # merged | repeated
    blank_rows: bool = False
    extra_column: bool = False
    widths: tuple = ()
    spans: tuple = ()  # grid columns each indicator column covers (default 1 each)
    indicators: tuple = INDICATORS
    extra_rows: list = field(default_factory=list)  # raw rows appended to the indicators


def build(*tables: Table, preamble: tuple[str, ...] = ()) -> bytes:
    """Write the tables into one .docx and return its bytes."""
    doc = Document()
    for text in preamble:
        doc.add_paragraph(text)
    for table in tables:
        add_table(doc, table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def add_table(doc, t: Table) -> None:
    if t.title == "default":
        doc.add_paragraph(f"{t.number}.{t.name}绩效目标表")
    elif t.title:
        doc.add_paragraph(t.title)
    if t.unit and t.unit_form == "paragraphs":
        doc.add_paragraph(t.unit)
        doc.add_paragraph("单位：万元")
    elif t.unit and t.unit_form == "combined":
        doc.add_paragraph(f"{t.unit}\t\t\t单位：万元")
    elif t.unit and t.unit_form == "table":
        grid(doc, 2, [[(t.unit, 1), ("单位：万元", 1)]])
    width = 7
    rows = []
    if t.unit and t.unit_form == "cell":
        rows.append([(t.unit, 5), ("单位：万元", 2)])
    if t.code is not None:
        rows.append([("项目编码", 1), (t.code, 2), ("项目名称", 1), (t.name, 3)])
    else:
        rows.append([("项目名称", 1), (t.name, 6)])
    rows.append([("预算规模及资金用途", 1), ("预算数", 1), (t.budget, 1), ("其中：财政    资金", 1), (t.budget, 1), ("其他资金", 1), (" ", 1)])
    rows.append([(UP, 1), (t.purpose, 6)])
    if t.code is not None:
        rows.append([("资金支出计划（万元）", 1)] + [(m, 1) for m in t.months[:-1]] + [(t.months[-1], 7 - len(t.months))])
        rows.append([(UP, 1)] + [(a, 1) for a in t.amounts[:-1]] + [(t.amounts[-1], 7 - len(t.amounts))])
    rows.append([("绩效目标", 1), (t.goals, 6)])
    body = indicator_rows(t)
    if t.split:
        grid(doc, width, rows, t.widths)
        doc.add_paragraph("")
        grid(doc, len(body[0]) and sum(span for _, span in body[0]), body, t.widths)
    else:
        # One table: the indicator header is padded to the same 7 grid columns.
        pad = width - sum(span for _, span in body[0])
        body = [row[:-1] + [(row[-1][0], row[-1][1] + pad)] if row[-1][0] is not UP else row for row in body]
        grid(doc, width, rows + body, t.widths)
    doc.add_paragraph("")


def indicator_rows(t: Table) -> list[list]:
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"] + (["指标值确定依据"] if t.basis else [])
    if t.extra_column:
        header.append("")
    spans = list(t.spans) + [1] * (len(header) - len(t.spans))
    rows = [list(zip(header, spans))]
    previous = (None, None)
    for n, (l1, l2, name, description, target, basis) in enumerate(t.indicators):
        same1 = previous[0] == l1
        same2 = same1 and previous[1] == l2
        if t.levels == "merged":
            texts = [UP if same1 else l1, UP if same2 else l2]
        else:
            texts = [l1, l2]
        texts += [name, description, target] + ([basis] if t.basis else [])
        if t.extra_column:
            texts.append("")
        rows.append(list(zip(texts, spans)))
        previous = (l1, l2)
        if t.blank_rows and n == 1:
            rows.append([("", span) for span in spans])
    rows += t.extra_rows
    if t.blank_rows:
        rows.append([("", span) for span in spans])
    return rows


def grid(doc, width: int, rows: list[list], widths: tuple = ()) -> None:
    """Add a table; a span merges across, UP merges with the cell above."""
    table = doc.add_table(rows=len(rows), cols=width)
    for i, w in enumerate(widths[:width]):
        table.columns[i].width = Cm(w)
    merges = []
    origin: dict[int, int] = {}
    for r, row in enumerate(rows):
        column = 0
        for text, span in row:
            if text is UP:
                merges.append(((origin[column], column), (r, column + span - 1)))
            else:
                origin[column] = r
                table.cell(r, column).text = text
                if span > 1:
                    merges.append(((r, column), (r, column + span - 1)))
            column += span
    for (r1, c1), (r2, c2) in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))

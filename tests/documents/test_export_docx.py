"""The exported Word documents of the demo data equal the fixture, cell by cell, merges included."""

import json
from importlib import resources
from io import BytesIO

import docx
import pytest
from docx.table import _Cell

from app.documents.contexts import document_context, money_cell
from app.documents.docx_export import INDICATOR_CAPTION, render_docx
from app.domain.money import parse_money
from app.domain.readmodel import StoredProject
from app.services.demo import load_demo
from app.services.exports import export_document

BAIGOU, TIANJIN = "304001", "573301"


def fixture_document() -> dict:
    with resources.files("app").joinpath("fixtures/demo.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def open_docx(content: bytes):
    return docx.Document(BytesIO(content))


def real_rows(table) -> list[list[dict]]:
    """The real cells of each row (not python-docx's repeated merged cells): text, span, vMerge."""
    return [
        [{"text": _Cell(tc, table).text, "span": tc.grid_span, "vmerge": tc.vMerge} for tc in tr.tc_lst]
        for tr in table._tbl.tr_lst
    ]


def texts(row: list[dict]) -> list[str]:
    return [c["text"] for c in row]


def resolved_column(rows: list[list[dict]], column: int) -> list[str]:
    """A merged column's text on every row: a continued cell shows the text of its restart cell."""
    values = []
    for row in rows:
        cell = row[column]
        if cell["vmerge"] == "continue":
            assert cell["text"] == "", "a continued cell must be empty"
            values.append(values[-1])
        else:
            values.append(cell["text"])
    return values


def runs(values: list[str]) -> list[str]:
    """The vMerge a column needs: restart on the first of a run longer than one, continue below it."""
    marks = []
    for i, value in enumerate(values):
        if i and values[i - 1] == value:
            marks.append("continue")
        elif i + 1 < len(values) and values[i + 1] == value:
            marks.append("restart")
        else:
            marks.append(None)
    return marks


def project_tables(document) -> list[tuple]:
    """Pair every project's head table with its indicator table."""
    tables = document.tables
    assert len(tables) % 2 == 0
    return [(tables[i], tables[i + 1]) for i in range(0, len(tables), 2)]


def table_titles(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Table Title" and p.text]


def check_project(project: dict, number: int, head, indicators, document, layout: str) -> None:
    """Compare one project's two tables with its interchange dict."""
    assert table_titles(document)[number - 1] == f"{number}.{' ' if project['name'][:1].isdigit() else ''}{project['name']}绩效目标表"
    unit_lines = [p.text for p in document.paragraphs if p.style.name == "Unit Line"]
    assert unit_lines[number - 1] == f"{project['unit']['code']}{project['unit']['name']}\t单位：万元"

    rows = real_rows(head)
    other = "" if money_cell(parse_money(project["budget_other"])) == "0.00" else project["budget_other"]
    if layout == "full":
        assert texts(rows[0]) == ["项目编码", project["code"], "项目名称", project["name"]]
    else:
        assert texts(rows[0]) == ["项目名称", project["name"]]
    assert texts(rows[1]) == ["预算规模及资金用途", "预算数", project["budget_total"], "其中：财政资金",
                              project["budget_fiscal"], "其他资金", other]
    assert rows[1][0]["vmerge"] == "restart" and rows[2][0]["vmerge"] == "continue"
    assert texts(rows[2]) == ["", project["purpose"]]
    next_row = 3
    if layout == "full" and project["checkpoints"]:
        months, amounts = rows[3], rows[4]
        assert texts(months) == ["资金支出计划（万元）"] + [f"{c['month']}月底" for c in project["checkpoints"]]
        assert texts(amounts) == [""] + [money_cell(parse_money(c["amount"]), blank_zero=True) for c in project["checkpoints"]]
        assert months[0]["vmerge"] == "restart" and amounts[0]["vmerge"] == "continue"
        assert sum(c["span"] for c in months) == sum(c["span"] for c in rows[0]) == 61
        next_row = 5
    goals = "\n".join(f"{n}.{' ' if g[:1].isdigit() else ''}{g}" for n, g in enumerate(project["goals"], start=1))
    assert texts(rows[next_row]) == ["绩效目标", goals]
    assert len(rows) == next_row + 1

    rows = real_rows(indicators)
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"]
    keys = ["name", "description", "target_text"]
    if layout == "full":
        header.append("指标值确定依据")
        keys.append("basis")
    assert texts(rows[0]) == header
    body = rows[1:]
    items = project["indicators"]
    assert len(body) == len(items)
    level1 = [i["level1"] for i in items]
    assert resolved_column(body, 0) == level1
    assert [r[0]["vmerge"] for r in body] == runs(level1)
    # 二级指标 merged over its run inside its 一级指标 (issue 3); read per row it repeats, as the seeds print it.
    level2 = [(i["level1"], i["level2"]) for i in items]
    assert resolved_column(body, 1) == [i["level2"] for i in items]
    assert [r[1]["vmerge"] for r in body] == runs(level2)
    for row, item in zip(body, items):
        assert texts(row)[2:] == [item[k] for k in keys]
        assert all(c["span"] == 1 for c in row)


@pytest.fixture
def demo(app):
    load_demo()
    return fixture_document()


def test_department_document_equals_the_fixture(demo):
    content = export_document(2024, BAIGOU, department=True)
    document = open_docx(content)
    projects = [p for p in demo["projects"] if p["unit"]["code"] == BAIGOU]
    (dept,) = [d for d in demo["departments"] if d["unit"]["code"] == BAIGOU]
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:3] == ["第一部分", "部门整体绩效目标", "一、总体绩效目标"]
    assert paragraphs[3] == dept["overall"]
    assert paragraphs[4] == "二、分项绩效目标"
    at = 5
    for n, item in enumerate(dept["items"]):
        numeral = "一二三四五六七八九十"[n]
        assert paragraphs[at : at + 3] == [
            f"（{numeral}）{item['title']}",
            f"绩效目标：{item['goal']}",
            f"绩效指标：{item['indicator']}",
        ]
        at += 3
    assert paragraphs[at] == "三、工作保障措施"
    measures = paragraphs[at + 1 : at + 1 + len(dept["measures"])]
    assert measures == [f"（{'一二三四五六七八九十'[n]}）{m}" for n, m in enumerate(dept["measures"])]
    assert paragraphs[at + 1 + len(dept["measures"]) : at + 3 + len(dept["measures"])] == ["第二部分", "预算项目绩效目标"]

    pairs = project_tables(document)
    assert len(pairs) == len(projects) == 14
    # "1. 2024年…": a name starting with a figure is set apart from its number (issue 12)
    assert table_titles(document) == [
        f"{n}.{' ' if p['name'][:1].isdigit() else ''}{p['name']}绩效目标表" for n, p in enumerate(projects, start=1)
    ]
    assert table_titles(document)[0] == "1. 2024年白沟箱包市场采购贸易方式试点活动资金绩效目标表"
    for number, (project, (head, indicators)) in enumerate(zip(projects, pairs), start=1):
        check_project(project, number, head, indicators, document, "full")


def test_basic_layout_equals_the_fixture(demo):
    document = open_docx(export_document(2023, TIANJIN, layout="basic"))
    projects = [p for p in demo["projects"] if p["unit"]["code"] == TIANJIN]
    pairs = project_tables(document)
    assert len(pairs) == len(projects) == 7
    assert not any("第一部分" in p.text for p in document.paragraphs)
    for number, (project, (head, indicators)) in enumerate(zip(projects, pairs), start=1):
        check_project(project, number, head, indicators, document, "basic")


def test_every_table_after_the_first_starts_on_a_new_page(demo):
    document = open_docx(export_document(2024, BAIGOU))
    titles = [p for p in document.paragraphs if p.style.name == "Table Title" and p.text]
    breaks = [bool(p._p.xpath('./w:r/w:br[@w:type="page"]')) for p in titles]
    assert breaks == [False] + [True] * (len(titles) - 1)


def test_department_part_two_starts_on_a_new_page(demo):
    document = open_docx(export_document(2024, BAIGOU, department=True))
    (part2,) = [p for p in document.paragraphs if p.text == "第二部分"]
    assert part2._p.xpath('./w:r/w:br[@w:type="page"]')
    titles = [p for p in document.paragraphs if p.style.name == "Table Title" and p.text]
    assert not titles[0]._p.xpath(".//w:br") and all(t._p.xpath('.//w:br[@w:type="page"]') for t in titles[1:])


def test_page_fonts_and_widths(demo):
    document = open_docx(export_document(2024, BAIGOU, department=True))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        widths = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
        assert sum(widths) * 635 <= text_width  # twips → EMU
        borders = table._tbl.xpath("./w:tblPr/w:tblBorders/*")
        assert {b.tag.split("}")[1] for b in borders} >= {"top", "left", "bottom", "right", "insideH", "insideV"}
    styles = document.styles.element
    east_asia = set(styles.xpath("//w:rFonts/@w:eastAsia"))
    assert {"仿宋_GB2312", "黑体", "宋体"} <= east_asia
    title = document.styles["Table Title"]
    assert title.font.bold and title.paragraph_format.alignment == 1  # centered


def test_a_project_with_other_funds_and_nine_month_plan():
    project = {
        "unit": {"code": "1", "name": "单位"},
        "code": "P1",
        "name": "项目",
        "budget_total": "10.5",
        "budget_fiscal": "8",
        "budget_other": "2.5",
        "purpose": "用途",
        "goals": [],
        "checkpoints": [{"month": 3, "amount": "1"}, {"month": 9, "amount": "5"}, {"month": 12, "amount": "10.5"}],
        "indicators": [],
    }
    document = open_docx(render_docx(document_context([StoredProject.from_interchange(project)]), "full"))
    head, indicators = document.tables
    rows = real_rows(head)
    assert texts(rows[1])[2::2] == ["10.50", "8.00", "2.50"]
    assert texts(rows[3])[1:] == ["3月底", "9月底", "12月底"] and texts(rows[4])[1:] == ["1.00", "5.00", "10.50"]
    project["checkpoints"][0]["amount"] = "0"
    zero = real_rows(open_docx(render_docx(document_context([StoredProject.from_interchange(project)]), "full")).tables[0])
    assert texts(zero[4])[1:] == ["", "5.00", "10.50"]  # a zero month is blank, as in seed 004
    assert [c["span"] for c in rows[3]] == [1, 20, 20, 20]
    assert texts(rows[5]) == ["绩效目标", ""]
    assert len(real_rows(indicators)) == 1
    assert indicators._tbl.xpath("./w:tblPr/w:tblCaption/@w:val") == [INDICATOR_CAPTION]


def test_a_project_without_checkpoints_has_no_plan_rows():
    project = {
        "unit": {"code": "1", "name": "单位"}, "code": None, "name": "项目", "budget_total": "1.00",
        "budget_fiscal": "1.00", "budget_other": "0.00", "purpose": "", "goals": ["目标"], "checkpoints": [],
        "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "n", "description": "", "target_text": "1个", "basis": ""}],
    }
    document = open_docx(render_docx(document_context([StoredProject.from_interchange(project)]), "full"))
    rows = real_rows(document.tables[0])
    assert [r[0]["text"] for r in rows] == ["项目编码", "预算规模及资金用途", "", "绩效目标"]
    assert texts(real_rows(document.tables[1])[1]) == ["产出指标", "数量指标", "n", "", "1个", ""]

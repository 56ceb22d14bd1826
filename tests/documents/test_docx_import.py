"""Reading target tables from Word files of every shape other units send, and .txt files."""

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from app.documents.docx_import import parse_document, parse_docx
from app.documents.text_import import TextImportError, parse_text, split_goals
from tests.documents.docx_builder import INDICATORS, Table, build, grid

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"  # copies of the seed documents, kept in the repository

EXPECTED = {
    "unit": {"code": "304001", "name": "保定白沟新城国际贸易服务中心（本级）"},
    "year": 2024,
    "code": "13060524P00466210002W",
    "name": "2024年白沟箱包市场采购贸易方式试点活动资金",
    "budget_total": "26.00",
    "budget_fiscal": "26.00",
    "budget_other": "0.00",
    "purpose": "预算资金26万元，均来自于财政资金。",
    "goals": ["保障试点活动正常进行。", "提升能级。"],
    "checkpoints": [
        {"month": 3, "amount": "2.50"},
        {"month": 6, "amount": "12.00"},
        {"month": 10, "amount": "21.50"},
        {"month": 12, "amount": "26.00"},
    ],
    "indicators": [
        {"level1": l1, "level2": l2, "name": n, "description": d, "target_text": t, "basis": b}
        for l1, l2, n, d, t, b in INDICATORS
    ],
}


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def only(table: Table, **kwargs) -> dict:
    result = parse_docx(build(table), **kwargs)
    assert len(result.projects) == 1
    return result.projects[0]


SHAPES = {
    "two tables, merged levels": {},
    "one table": {"split": False},
    "levels repeated in every row": {"levels": "repeated"},
    "extra blank rows": {"blank_rows": True},
    "extra empty column": {"extra_column": True},
    "other widths": {"widths": (1.5, 4, 2, 3, 2.5, 1, 3)},
    "unit line and money unit in one paragraph": {"unit_form": "combined"},
    "unit line in a one-row table": {"unit_form": "table"},
    "unit line in the table's first row": {"unit_form": "cell"},
    "everything at once": {
        "split": False,
        "levels": "repeated",
        "blank_rows": True,
        "extra_column": True,
        "unit_form": "table",
        "widths": (3, 3, 3, 3, 3, 3, 3),
    },
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_every_shape_reads_the_same_project(shape):
    assert only(Table(**shape)) == EXPECTED


def test_the_builder_really_merges_level_cells_vertically():
    xml = Document(io.BytesIO(build(Table()))).element.body.xml
    assert xml.count("<w:vMerge/>") + xml.count('w:vMerge w:val="continue"') >= 3
    assert "w:gridSpan" in xml


def test_same_keys_as_the_text_import():
    text_project = parse_text(seed_text("004")).projects[0]
    assert set(only(Table())) == set(text_project)


def test_goals_are_split_like_the_text_import():
    goals = "1.第一项目标\n第一项的第二行\n2.第二项目标"
    assert only(Table(goals=goals))["goals"] == split_goals(goals) == ["第一项目标\n第一项的第二行", "第二项目标"]


def test_september_checkpoint_and_no_basis_column():
    project = only(Table(months=("3月底", "6月底", "9月底", "12月底"), basis=False))
    assert [c["month"] for c in project["checkpoints"]] == [3, 6, 9, 12]
    assert {i["basis"] for i in project["indicators"]} == {""}
    assert [i["target_text"] for i in project["indicators"]] == [i[4] for i in INDICATORS]


def test_basic_layout_has_no_code_and_no_plan():
    project = only(Table(code=None, name="信息化运维项目", title="1.信息化运维项目绩效目标表"))
    assert project["code"] is None and project["checkpoints"] == []
    assert project["name"] == "信息化运维项目" and len(project["indicators"]) == 5


def test_missing_title_takes_the_name_from_the_table():
    result = parse_docx(build(Table(title=None), Table(title=None, name="2024年第二个项目", code="X2")))
    assert [p["name"] for p in result.projects] == [EXPECTED["name"], "2024年第二个项目"]
    assert result.titles == [EXPECTED["name"] + "绩效目标表", "2024年第二个项目绩效目标表"]
    assert [p["unit"]["code"] for p in result.projects] == ["304001", "304001"]
    assert result.projects[0]["year"] == 2024


def test_several_tables_and_units():
    other = Table(number=2, name="2024年另一单位项目", code="Y1", unit="573301中国国际贸易促进委员会天津市分会")
    result = parse_docx(build(Table(), other))
    assert [p["unit"]["code"] for p in result.projects] == ["304001", "573301"]
    assert result.titles == [EXPECTED["name"] + "绩效目标表", "2024年另一单位项目绩效目标表"]


def test_no_unit_line_leaves_the_unit_empty():
    assert only(Table(unit=None))["unit"] is None


def test_year_given_wins_and_none_when_the_document_names_none():
    assert only(Table(), year=2025)["year"] == 2025
    assert only(Table(name="白沟项目", title="1.白沟项目绩效目标表"))["year"] is None


def test_broken_second_table_names_the_table_and_row():
    rows = list(INDICATORS)
    rows[2] = ("产出指标", "时效指标", "", "完成时限", "一季度一次", "")
    broken = Table(number=2, name="2024年国贸中心事务资金", code="Z2", indicators=tuple(rows), levels="repeated")
    result = parse_docx(build(Table(), broken, Table(number=3, name="2024年第三个", code="Z3")))
    (problem,) = result.problems  # read on past it: saving refuses while it remains
    assert str(problem) == "第 2 个表“2024年国贸中心事务资金绩效目标表”：第 3 行指标缺少三级指标（指标名称）"
    assert (problem.row, problem.column, problem.project) == (3, "三级指标", 1)
    assert len(result.projects) == 3


def test_missing_header_column_is_an_error():
    data = build(Table(indicators=INDICATORS[:1]))
    doc = Document(io.BytesIO(data))
    for cell in doc.tables[1].rows[0].cells:
        if cell.text == "指标值":
            cell.text = "备注"
    out = io.BytesIO()
    doc.save(out)
    result = parse_docx(out.getvalue())
    (problem,) = result.problems
    assert re.fullmatch("第 1 个表“.*”：指标表头缺少“指标值”列，无法读取指标", str(problem))


def test_bad_amount_names_the_table():
    problem = parse_docx(build(Table(budget="二十六"))).problems[0]
    assert re.fullmatch("第 1 个表.*：预算数“二十六”不是金额", str(problem)) and problem.column == "预算数"


def test_a_note_row_under_the_indicators_is_ignored_with_a_warning():
    result = parse_docx(build(Table(extra_rows=[[("注：指标值由财政部门核定。", 6)]])))
    assert len(result.projects[0]["indicators"]) == 5
    assert any("说明行" in w for w in result.warnings)


def test_department_part_before_the_tables():
    preamble = (
        "第一部分  部门整体绩效目标",
        "一、总体绩效目标",
        "以习近平新时代中国特色社会主义思想为指导。",
        "二、分项绩效目标",
        "（一）有效提升市场采购贸易方式试点能级水平",
        "绩效目标：通过平台建设提升能级。",
        "绩效指标：按时按质推进。",
        "三、工作保障措施",
        "（一）加强组织领导。",
        "第二部分  项目绩效目标",
    )
    result = parse_docx(build(Table(), preamble=preamble))
    (department,) = result.departments
    assert department["overall"] == "以习近平新时代中国特色社会主义思想为指导。"
    assert department["items"][0]["goal"] == "通过平台建设提升能级。"
    assert department["measures"] == ["加强组织领导。"]
    assert department["unit"]["code"] == "304001" and department["year"] == 2024


def test_txt_documents_in_utf8_with_bom_and_gb18030():
    text = seed_text("003")
    plain = parse_document(text.encode("utf-8"), "a.txt")
    assert len(plain.projects) == 7 and plain.titles[0] == "信息化运维项目绩效目标表"
    assert parse_document(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.TXT").projects == plain.projects
    assert parse_document(text.encode("gb18030"), "a.txt").projects == plain.projects


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.doc", b"\xd0\xcf", "另存为 .docx"),
        ("a.pdf", b"%PDF", "不支持的文件类型"),
        ("a.docx", b"not a zip", "不是有效的 .docx 文件"),
    ],
)
def test_unreadable_files(name, data, message):
    with pytest.raises(TextImportError, match=message):
        parse_document(data, name)



def test_a_table_split_in_three_with_levels_left_blank():
    doc = Document()
    doc.add_paragraph("1.2024年三段表项目绩效目标表")
    doc.add_paragraph("304001保定白沟新城国际贸易服务中心（本级）    单位：万元")
    grid(doc, 4, [[("项目名称", 1), ("2024年三段表项目", 3)], [("预算数", 1), ("9.00", 1), ("财政资金", 1), ("9.00", 1)]])
    grid(doc, 5, [[("资金支出计划", 1), ("3月底", 1), ("6月底", 1), ("9月底", 1), ("12月底", 1)],
                  [("", 1), ("1.00", 1), ("2.00", 1), ("3.00", 1), ("9.00", 1)], [("绩效目标", 1), ("1.完成。", 4)]])
    grid(doc, 5, [[(h, 1) for h in ("一级指标", "二级指标", "三级指标", "指标值", "分值")],
                  [("产出指标", 1), ("数量指标", 1), ("场次", 1), ("2场", 1), ("10", 1)],
                  [("", 1), ("", 1), ("人数", 1), ("≥30人", 1), ("10", 1)],
                  [("", 1), ("质量指标", 1), ("合格率", 1), ("100%", 1), ("10", 1)],
                  [("满意度指标", 1), ("服务对象满意度指标", 1), ("满意度", 1), ("≥90%", 1), ("10", 1)]])
    out = io.BytesIO()
    doc.save(out)
    (project,) = parse_docx(out.getvalue()).projects
    assert project["name"] == "2024年三段表项目" and project["unit"]["code"] == "304001"
    assert project["budget_other"] == "0.00" and [c["month"] for c in project["checkpoints"]] == [3, 6, 9, 12]
    assert [(i["level1"], i["level2"], i["name"]) for i in project["indicators"]] == [
        ("产出指标", "数量指标", "场次"),
        ("产出指标", "数量指标", "人数"),
        ("产出指标", "质量指标", "合格率"),
        ("满意度指标", "服务对象满意度指标", "满意度"),
    ]


# Tables "made by hand in another layout": the shapes the issue names, alone and together.

RUNS = (  # level-1 over six rows, level-2 runs of one to three rows
    ("产出指标", "数量指标", "展会场次", "举办展会场次", "≥2场", "年度计划"),
    ("产出指标", "数量指标", "参展企业", "参展企业数量", "≥30家", "往年数据"),
    ("产出指标", "数量指标", "采购商", "邀请采购商", "≥100人", "往年数据"),
    ("产出指标", "质量指标", "签约率", "意向签约率", "≥60%", "往年数据"),
    ("产出指标", "质量指标", "到会率", "采购商到会率", "≥80%", ""),
    ("产出指标", "时效指标", "完成时间", "展会举办时间", "2024年12月底", "年度计划"),
    ("满意度指标", "服务对象满意度指标", "参展企业满意度", "参展企业满意度", "≥90%", "问卷"),
)


def expected(table: Table) -> dict:
    """What a table built by docx_builder says, in the importer's terms."""
    months = [int(m.removesuffix("月底")) for m in table.months]
    return dict(
        EXPECTED,
        code=table.code,
        checkpoints=[{"month": m, "amount": a} for m, a in zip(months, table.amounts)] if table.code else [],
        indicators=[
            {"level1": l1, "level2": l2, "name": n, "description": d, "target_text": t, "basis": b if table.basis else ""}
            for l1, l2, n, d, t, b in table.indicators
        ],
    )


HAND_MADE = {
    "indicator columns of several grid columns": {"spans": (2, 1, 3, 1, 2, 2)},
    "spans in one table of seven grid columns": {"split": False, "spans": (1, 1, 2, 1, 1, 1)},
    "level-1 over six rows, level-2 runs of three": {"indicators": RUNS},
    "runs merged across two grid columns": {"indicators": RUNS, "spans": (2, 2, 1, 1, 1, 1)},
    "runs and blank rows inside the merges": {"indicators": RUNS, "blank_rows": True, "spans": (1, 3)},
    "9月底, no basis column, other widths, blank rows": {
        "months": ("3月底", "6月底", "9月底", "12月底"),
        "basis": False,
        "blank_rows": True,
        "widths": (2.2, 1.8, 4.5, 3.1, 2.0, 1.4, 1.0),
        "indicators": RUNS,
    },
    "basic layout by hand, levels repeated, extra column": {
        "code": None, "basis": False, "levels": "repeated", "extra_column": True, "indicators": RUNS,
    },
}


@pytest.mark.parametrize("shape", HAND_MADE.values(), ids=HAND_MADE.keys())
def test_hand_made_tables_in_other_layouts(shape):
    table = Table(**shape)
    assert only(table) == expected(table)


def test_the_hand_made_shapes_are_what_they_claim():
    """The builder really writes wide grid spans and level cells merged down several rows."""
    body = Document(io.BytesIO(build(Table(indicators=RUNS, spans=(2, 2, 1, 1, 1, 1))))).element.body
    indicators = body.findall(qn("w:tbl"))[1]
    rows = indicators.tr_lst
    assert [tc.grid_span for tc in rows[0].tc_lst] == [2, 2, 1, 1, 1, 1]
    level1 = [tr.tc_lst[0].vMerge for tr in rows[1:]]
    level2 = [tr.tc_lst[1].vMerge for tr in rows[1:]]
    assert level1 == ["restart"] + ["continue"] * 5 + [None]
    assert level2 == ["restart", "continue", "continue", "restart", "continue", None, None]
    assert all(tr.tc_lst[0].grid_span == 2 for tr in rows)

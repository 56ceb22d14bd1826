"""A unit's list of projects, one row each, with the indicators written inside one cell as 【一级-二级】 lines.

The layout of 安徽 budget publications (黄山 2025, tests/fixtures/real/anhui_city_2025_huangshan_gongan_xueliang):
单位编码 | 单位名称（项目类别/支出项目） | 年度预算安排 | 项目内容 | 绩效目标.
"""

import io

from docx import Document

from app.documents.docx_import import parse_document

HEADER = ["单位编码", "单位名称（项目类别/支出项目）", "年度预算安排", "项目内容", "绩效目标"]


def targets(goal: str, *groups: tuple[str, list[str]]) -> str:
    lines = ["【总体目标】", goal]
    for heading, items in groups:
        lines += [f"【{heading}】", *items]
    return "\n".join(lines)


TRAINING = targets(
    "完成年度培训任务",
    ("产出指标-数量指标", ["指标1：培训人次（≥200人次）", "指标2：培训场次（≥4场）"]),
    ("产出指标-时效指标", ["指标1：完成时间：2025年12月底"]),
    ("效益指标-社会效益指标", ["指标1：业务能力（明显提升）"]),
    ("满意度指标-服务对象满意度指标", ["指标1：学员满意度（≥90%）"]),
)
ROADS = targets("保障道路养护", ("产出指标-质量指标", ["指标1：验收合格率（100%）"]))


def listing(rows: list[list[str]], above: str = "某市交通运输局2025年项目绩效目标和指标") -> bytes:
    def line(cells):
        return "\t".join('"' + c.replace('"', '""') + '"' if "\n" in c else c for c in cells)
    return "\n".join([above, line(HEADER), *map(line, rows)]).encode("utf-8") + b"\n"


ROWS = [
    ["", "某市交通运输局", "3500000", "", ""],
    ["045001", "某市交通运输局", "3500000", "", ""],
    ["", "其他运转类", "3500000", "", ""],
    ["045001", "干部业务培训", "500000", "【项目概况】：全年培训。", TRAINING],
    ["045001", "农村公路养护", "3000000", "【项目概况】：养护县乡道。", ROADS],
]


def test_each_project_row_is_a_project_with_its_levels_names_and_values():
    result = parse_document(listing(ROWS), "list.txt")
    assert [p["name"] for p in result.projects] == ["干部业务培训", "农村公路养护"]
    training = result.projects[0]
    assert training["unit"] == {"code": "045001", "name": "某市交通运输局"} and training["year"] == 2025
    assert training["goals"] == ["完成年度培训任务"]
    assert [(i["level1"], i["level2"], i["name"], i["target_text"]) for i in training["indicators"]] == [
        ("产出指标", "数量指标", "培训人次", "≥200人次"),
        ("产出指标", "数量指标", "培训场次", "≥4场"),
        ("产出指标", "时效指标", "完成时间", "2025年12月底"),
        ("效益指标", "社会效益指标", "业务能力", "明显提升"),
        ("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"),
    ]
    assert [i["name"] for i in result.projects[1]["indicators"]] == ["验收合格率"]
    assert not result.problems


def test_whole_amounts_with_no_unit_printed_are_yuan_and_the_officer_is_told():
    result = parse_document(listing(ROWS), "list.txt")
    assert [p["budget_total"] for p in result.projects] == ["50.00", "300.00"]
    assert any("按元读取" in w for w in result.warnings)


def test_a_unit_stated_above_the_list_is_taken_as_printed():
    rows = [[c if i != 2 else {"3500000": "350", "500000": "50.5", "3000000": "300"}[c] for i, c in enumerate(r)]
            for r in ROWS]
    result = parse_document(listing(rows, above="单位：万元"), "list.txt")
    assert [p["budget_total"] for p in result.projects] == ["50.50", "300.00"]
    assert not any("按元读取" in w for w in result.warnings)


def test_a_project_row_without_indicator_lines_is_named_in_a_warning_and_not_read():
    rows = [*ROWS, ["045001", "执法办案费", "100000", "【项目概况】：专门用于办案，维护社", ""]]
    result = parse_document(listing(rows), "list.txt")
    assert len(result.projects) == 2
    assert any("“执法办案费”没有【一级指标-二级指标】形式的绩效指标" in w for w in result.warnings)


def test_an_indicator_line_without_a_value_is_a_problem_naming_its_row():
    rows = [["045001", "干部业务培训", "500000", "", targets("目标", ("产出指标-数量指标", ["指标1：培训人次"]))]]
    result = parse_document(listing(rows), "list.txt")
    (problem,) = result.problems
    assert "缺少指标值" in str(problem) and "干部业务培训" in str(problem)


def test_the_same_list_in_word_reads_as_its_text():
    doc = Document()
    doc.add_paragraph("某市交通运输局2025年项目绩效目标和指标")
    table = doc.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for r, cells in enumerate([HEADER, *ROWS]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    out = io.BytesIO()
    doc.save(out)
    word = parse_document(out.getvalue(), "list.docx")
    text = parse_document(listing(ROWS), "list.txt")
    assert word.projects == text.projects

"""Target tables in the 财政部 项目支出绩效目标申报表 shape that other provinces send.

The unit is named inside the table (实施单位) or above it ("填报单位（盖章）：…"), the year
stands alone under the title ("（2025年度）"), the goals are "年度总体目标" numbered
"目标1：", and some tables split the 指标值 into 指标性质 / 指标值 / 度量单位.
"""

import io

import pytest
from docx import Document

from app.documents.docx_import import parse_docx
from app.documents.text_import import compose_target

INDICATORS = (
    ("产出指标", "数量指标", "培训企业数", "≥", "30", "家"),
    ("产出指标", "质量指标", "培训合格率", "正向指标", "95", "%"),
    ("产出指标", "成本指标", "人均培训成本", "反向", "200", "元"),
    ("效益指标", "社会效益指标", "带动外贸增长", "定性", "明显提升", ""),
    ("满意度指标", "服务对象满意度指标", "企业满意度", "≥", "90", "%"),
)


def central_table(*, split_value: bool, filler: str | None = "填报单位（盖章）：湖北省商务厅",
                  implementer: str = "湖北省国际贸易促进中心", value_header: str = "指标值",
                  indicators=INDICATORS, title_in_table: bool = False) -> bytes:
    doc = Document()
    if not title_in_table:
        doc.add_paragraph("项目支出绩效目标申报表")
        doc.add_paragraph("（2025年度）")
    if filler:
        doc.add_paragraph(filler)
    width = 7 if split_value else 5
    above = 2 if title_in_table else 0  # the title and the year typed into the table's first rows
    table = doc.add_table(rows=7 + len(indicators) + above, cols=width)
    table.style = "Table Grid"
    if title_in_table:
        table.cell(0, 0).merge(table.cell(0, width - 1)).text = "项目支出绩效目标申报表"
        table.cell(1, 0).merge(table.cell(1, width - 1)).text = "（2025年度）"

    def put(row, col, text, to=None):
        row += above
        cell = table.cell(row, col) if to is None else table.cell(row, col).merge(table.cell(row, to))
        cell.text = text

    put(0, 0, "项目名称"), put(0, 1, "外贸综合服务中心建设", width - 1)
    put(1, 0, "主管部门"), put(1, 1, "湖北省商务厅"), put(1, 2, "实施单位"), put(1, 3, implementer, width - 1)
    table.cell(above + 2, 0).merge(table.cell(above + 4, 0)).text = "项目资金（万元）"
    put(2, 1, "年度资金总额"), put(2, 2, "100.00", width - 1)
    put(3, 1, "其中：财政拨款"), put(3, 2, "80", width - 1)
    put(4, 1, "其他资金"), put(4, 2, "20", width - 1)
    put(5, 0, "年度总体目标"), put(5, 1, "目标1：开展外贸业务培训。\n目标2：提升综合服务能力。", width - 1)
    table.cell(above + 6, 0).merge(table.cell(above + 6 + len(indicators), 0)).text = "绩效指标"
    header = ["一级指标", "二级指标", "三级指标"]
    header += ["指标性质", value_header, "度量单位"] if split_value else [value_header]
    for col, text in enumerate(header, 1):
        put(6, col, text)
    for row, (level1, level2, name, nature, value, unit) in enumerate(indicators, 7):
        if split_value:
            cells = [level1, level2, name, nature, value, unit]
        else:
            cells = [level1, level2, name, value if nature == "定性" else f"≥{value}{unit}"]
        for col, text in enumerate(cells, 1):
            put(row, col, text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_the_label_block_is_read_by_its_other_names():
    project = parse_docx(central_table(split_value=False), source="x.docx").projects[0]
    assert project["name"] == "外贸综合服务中心建设"
    assert (project["budget_total"], project["budget_fiscal"], project["budget_other"]) == ("100.00", "80.00", "20.00")
    assert project["goals"] == ["开展外贸业务培训。", "提升综合服务能力。"]
    assert project["purpose"] == ""
    assert project["checkpoints"] == []


def test_the_year_line_under_the_title_gives_the_year_and_is_no_unit():
    result = parse_docx(central_table(split_value=False), source="x.docx")
    assert result.projects[0]["year"] == 2025
    assert result.projects[0]["unit"] == {"code": None, "name": "湖北省商务厅"}


def test_without_a_unit_line_the_implementing_unit_in_the_table_is_the_unit():
    project = parse_docx(central_table(split_value=False, filler=None), source="x.docx").projects[0]
    assert project["unit"] == {"code": None, "name": "湖北省国际贸易促进中心"}


def test_an_implementing_unit_with_its_code_keeps_the_code():
    project = parse_docx(
        central_table(split_value=False, filler=None, implementer="573301湖北省国际贸易促进中心"), source="x.docx"
    ).projects[0]
    assert project["unit"] == {"code": "573301", "name": "湖北省国际贸易促进中心"}


def test_indicators_under_a_merged_left_column_are_read():
    project = parse_docx(central_table(split_value=False), source="x.docx").projects[0]
    rows = [(i["level1"], i["level2"], i["name"], i["target_text"]) for i in project["indicators"]]
    assert rows == [
        ("产出指标", "数量指标", "培训企业数", "≥30家"),
        ("产出指标", "质量指标", "培训合格率", "≥95%"),
        ("产出指标", "成本指标", "人均培训成本", "≥200元"),
        ("效益指标", "社会效益指标", "带动外贸增长", "明显提升"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90%"),
    ]


def test_a_split_value_is_written_back_as_one_target():
    project = parse_docx(central_table(split_value=True), source="x.docx").projects[0]
    assert [i["target_text"] for i in project["indicators"]] == ["≥30家", "≥95%", "≤200元", "明显提升", "≥90%"]


def test_a_value_header_with_a_note_in_brackets_is_still_the_value():
    data = central_table(split_value=False, value_header="指标值（包含数字及文字描述）")
    project = parse_docx(data, source="x.docx").projects[0]
    assert project["indicators"][0]["target_text"] == "≥30家"


def test_a_header_without_a_value_column_names_what_is_missing():
    data = central_table(split_value=False, value_header="备注")
    (problem,) = parse_docx(data, source="x.docx").problems
    assert "第 1 个表" in str(problem) and "指标表头缺少“指标值”" in str(problem)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"target_text": "17", "nature": "≥", "measure": "台"}, "≥17台"),
        ({"target_text": "≥17", "nature": "≥", "measure": "台"}, "≥17台"),
        ({"target_text": "17台", "nature": "≥", "measure": "台"}, "≥17台"),
        ({"target_text": "4", "nature": "反向指标", "measure": "小时"}, "≤4小时"),
        ({"target_text": "100", "nature": "=", "measure": "%"}, "=100%"),
        ({"target_text": "持续提升", "nature": "定性", "measure": ""}, "持续提升"),
        ({"target_text": "", "nature": "≥", "measure": "台"}, ""),
        ({"target_text": "≥17台"}, "≥17台"),
    ],
)
def test_compose_target(values, expected):
    assert compose_target(values) == expected


def central_text() -> bytes:
    """The same table copied out of a web page: one cell per tab-indented line, rows apart by a blank line."""
    rows = [
        ["项目名称", "外贸综合服务中心建设"],
        ["主管部门", "湖北省商务厅", "实施单位", "湖北省国际贸易促进中心"],
        ["项目资金（万元）", "年度资金总额", "100.00"],
        ["", "其中：财政拨款", "80"],
        ["", "其他资金", "20"],
        ["年度总体目标", "目标1：开展外贸业务培训。\n目标2：提升综合服务能力。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["", "产出指标", "数量指标", "培训企业数", "≥30家"],
        ["", "", "质量指标", "培训合格率", "≥95%"],
        ["", "满意度指标", "服务对象满意度指标", "企业满意度", "≥90%"],
    ]
    lines = ["项目支出绩效目标申报表", "（2025年度）", "填报单位（盖章）：湖北省商务厅"]
    for row in rows:
        lines += ["\t" + cell for cell in row] + [""]
    return "\n".join(lines).encode()


def test_a_text_copy_with_a_merged_left_column_reads_every_indicator():
    from app.documents.docx_import import parse_txt

    result = parse_txt(central_text(), source="x.txt")
    project = result.projects[0]
    assert (project["year"], project["unit"]) == (2025, {"code": None, "name": "湖北省商务厅"})
    assert project["goals"] == ["开展外贸业务培训。", "提升综合服务能力。"] and project["purpose"] == ""
    rows = [(i["level1"], i["level2"], i["name"], i["target_text"]) for i in project["indicators"]]
    assert rows == [
        ("产出指标", "数量指标", "培训企业数", "≥30家"),
        ("产出指标", "质量指标", "培训合格率", "≥95%"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90%"),
    ]
    assert result.warnings == []


def test_a_title_and_year_typed_into_the_table_are_read():
    result = parse_docx(central_table(split_value=False, filler=None, title_in_table=True), source="x.docx")
    (project,) = result.projects
    assert project["year"] == 2025
    assert project["name"] == "外贸综合服务中心建设"
    assert project["unit"] == {"code": None, "name": "湖北省国际贸易促进中心"}
    assert len(project["indicators"]) == len(INDICATORS)


@pytest.mark.parametrize("header", ["指标说明", "指标解释", "绩效指标描述"])
def test_other_names_of_the_description_column(header):
    from app.documents.text_import import column_key

    assert column_key(header) == "description"
    assert column_key("指标值（包含数字及文字描述）") == "target_text"
    assert column_key("备注") is None

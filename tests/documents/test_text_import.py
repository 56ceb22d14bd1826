"""Reading target tables copied out of Word as text: the seeds and other provinces' variants."""

import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import pytest

from app.documents.text_import import parse_text, split_goals

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"  # copies of the seed documents, kept in the repository


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tianjin():
    return parse_text(seed_text("003"), source="003")


@pytest.fixture(scope="module")
def baigou():
    return parse_text(seed_text("004"), source="004")


def by_name(result, name):
    return next(p for p in result.projects if p["name"] == name)


def cells(*values):
    """One table row as the conversion writes it: a blank line, then one tab-indented line per cell."""
    return ["", *(f"\t{v}" for v in values)]


def table(
    title, *, code=None, months=(), amounts=(), merged=True, budget="10.00", basis=True, unit="123456某某单位", rows=None
):
    """Write a small target table in the seeds' text layout."""
    lines = [f"[bookmark: _Toc_1]{title}"]
    if unit:
        lines.append(f"\t{unit}")
    lines.append("\t单位：万元")
    name = title.split(".", 1)[1].removesuffix("绩效目标表")
    lines += cells(*(["项目编码", code] if code else []), "项目名称", name)
    lines += cells("预算规模及资金用途", "预算数", budget, "其中：财政    资金", budget, "其他资金", " ")
    lines += cells("", "用于测试。")
    if months:
        lines += cells("资金支出计划（万元）", *months)
        lines += cells(*([""] if merged else []), *amounts)
    lines += cells("绩效目标", "1.第一项目标")
    lines += ["2.第二项目标，", "分两行写", "", "", " "]
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"] + (["指标值确定依据"] if basis else [])
    lines += ["\t" + h for h in header]
    for row in rows or [("产出指标", "数量指标", "场次", "举办场次", "≥2场", "计划"), ("", "时效指标", "完成时间", "完成时间", "2024年12月底", "计划")]:
        lines += cells(*(row if basis else row[:5]))
    return "\n".join(lines + ["", "", ""]) + "\n"


# --- the seeds -------------------------------------------------------------


def test_seed_003_has_seven_basic_tables(tianjin):
    assert len(tianjin.projects) == 7
    assert tianjin.departments == []
    first = tianjin.projects[0]
    assert list(first) == [
        "unit", "year", "code", "name", "budget_total", "budget_fiscal", "budget_other",
        "purpose", "goals", "checkpoints", "indicators",
    ]
    assert first["unit"] == {"code": "573301", "name": "中国国际贸易促进委员会天津市分会"}
    assert first["code"] is None
    assert first["checkpoints"] == []
    assert (first["budget_total"], first["budget_fiscal"], first["budget_other"]) == ("12.00", "12.00", "0.00")
    assert first["purpose"] == "确保现有的机房网络、安全、服务器以及操作系统可无阻碍运行。"
    assert [p["year"] for p in tianjin.projects] == [2023] * 7  # guessed from "2023年PECC…"


def test_seed_003_indicator_counts(tianjin):
    assert [len(p["indicators"]) for p in tianjin.projects] == [14, 10, 12, 10, 22, 13, 1]


def test_cell_with_trailing_line_breaks_is_one_cell(tianjin):
    indicator = tianjin.projects[0]["indicators"][5]
    assert indicator == {
        "level1": "产出指标", "level2": "时效指标", "name": "系统运行维护响应时间",
        "description": "系统运行维护响应时间", "target_text": "≤30分钟", "basis": "",
    }
    assert tianjin.projects[0]["indicators"][-1]["target_text"] == "≥95%"  # "≥95% " stripped


def test_levels_are_filled_down_and_kept_as_written(tianjin):
    indicators = tianjin.projects[0]["indicators"]
    assert [(i["level1"], i["level2"]) for i in indicators[6:11]] == [
        ("产出指标", "成本指标"), ("产出指标", "成本指标"), ("产出指标", "成本指标"),
        ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"),
    ]
    assert indicators[7]["name"] == "应用系统" and indicators[7]["description"] == "软件应用系统维保费"


def test_goals_cell_is_split_into_numbered_items(tianjin):
    service = by_name(tianjin, "出证认证服务")
    assert len(service["goals"]) == 4
    assert service["goals"][1] == "为企业签发ATA单证册，促进国际经贸、科技、文化、体育的交流和发展，实现国际通用、通关快捷。"
    # "1.2023年…": the numbering goes, the year stays.
    assert by_name(tianjin, "2023年PECC国际贸易投资博览会")["goals"][0].startswith("2023年PECC博览会")
    assert by_name(tianjin, "赴美国开展经贸交流活动")["goals"][0].endswith("促进双方共同发展。")


def test_truncated_last_table_is_loaded_with_a_warning(tianjin):
    last = tianjin.projects[-1]
    assert last["name"] == "外事费"
    assert last["budget_total"] == "35.66"
    assert len(last["goals"]) == 2
    assert last["indicators"] == [
        {"level1": "产出指标", "level2": "数量指标", "name": "出国团组数", "description": "出国团组数", "target_text": "≥6个", "basis": ""}
    ]
    assert len(tianjin.warnings) == 1
    assert "第 7 个表“外事费绩效目标表”" in tianjin.warnings[0]
    assert "不完整" in tianjin.warnings[0]


def test_seed_004_has_fourteen_full_tables(baigou):
    assert len(baigou.projects) == 14
    assert baigou.warnings == []
    first = baigou.projects[0]
    assert first["unit"] == {"code": "304001", "name": "保定白沟新城国际贸易服务中心（本级）"}
    assert first["code"] == "13060524P00466210002W"
    assert first["name"] == "2024年白沟箱包市场采购贸易方式试点活动资金"
    assert first["budget_total"] == "26.00"
    assert first["checkpoints"] == [
        {"month": 3, "amount": "2.50"}, {"month": 6, "amount": "12.00"},
        {"month": 10, "amount": "21.50"}, {"month": 12, "amount": "26.00"},
    ]
    assert first["goals"] == ["保障2024年白沟箱包市场采购贸易方式试点活动正常进行。"]
    assert first["indicators"][0]["basis"] == "依据实际工作开展情况"
    assert first["indicators"][-1]["basis"] == "考察报告"
    # 2022 in one project's name does not outvote the document's 2024.
    assert {p["year"] for p in baigou.projects} == {2024}


def test_seed_004_details(baigou):
    assert [len(p["indicators"]) for p in baigou.projects] == [5, 10, 12, 6, 7, 6, 6, 6, 7, 6, 6, 6, 6, 6]
    rent = by_name(baigou, "保运转-2024年国贸中心事务资金")
    assert rent["code"] == "13060524P004544100022"
    assert rent["budget_total"] == "21.88"
    assert [c["amount"] for c in rent["checkpoints"]] == ["0.63", "2.64", "20.18", "21.88"]
    assert rent["indicators"][2]["target_text"] == "413.66平米"
    platform = baigou.projects[-1]
    assert platform["checkpoints"][-1] == {"month": 12, "amount": "55.00"}
    assert [c["month"] for c in platform["checkpoints"]] == [3, 6, 10, 12]
    assert platform["indicators"][2]["basis"] == "联网信息平台数据"  # a cell followed by stray blank lines


def test_seed_004_department(baigou):
    (department,) = baigou.departments
    assert department["unit"] == {"code": "304001", "name": "保定白沟新城国际贸易服务中心（本级）"}
    assert department["year"] == 2024
    assert department["overall"].startswith("以习近平新时代中国特色社会主义思想为指导")
    assert len(department["items"]) == 4
    assert department["items"][2] == {
        "title": "确保市场采购贸易方式试点良性运转",
        "goal": department["items"][2]["goal"],
        "indicator": "通过对市场采购的日常运营管理，实现试点良性运转。",
    }
    assert department["items"][2]["goal"].startswith("通过对联网信息平台日常运营维护")
    assert len(department["measures"]) == 10
    assert department["measures"][0].startswith("出台支持政策夯实外贸基础。")
    assert department["measures"][-1].endswith("促进预算绩效管理水平进一步提升。")


def test_year_passed_by_the_caller_wins():
    result = parse_text(seed_text("003"), year=2030)
    assert {p["year"] for p in result.projects} == {2030}


# --- variants --------------------------------------------------------------


def test_september_checkpoint_and_code_without_basis():
    text = table(
        "1.2025年测试项目绩效目标表", code="P001", months=("3月底", "6月底", "9月底", "12月底"),
        amounts=("1.00", "4.5", "", "10"), basis=False,
    )
    result = parse_text(text)
    (project,) = result.projects
    assert project["year"] == 2025
    assert project["code"] == "P001"
    assert project["checkpoints"] == [
        {"month": 3, "amount": "1.00"}, {"month": 6, "amount": "4.50"},
        {"month": 9, "amount": "0.00"}, {"month": 12, "amount": "10.00"},
    ]
    assert result.warnings == ["第 1 个表“2025年测试项目绩效目标表”：资金支出计划应逐期累计、不减少"]
    assert [i["basis"] for i in project["indicators"]] == ["", ""]
    assert project["indicators"][1]["level1"] == "产出指标"


def test_goal_item_keeps_its_line_breaks():
    (project,) = parse_text(table("1.测试项目绩效目标表")).projects
    assert project["goals"] == ["第一项目标", "第二项目标，\n分两行写"]
    assert project["year"] is None


@pytest.mark.parametrize(
    "cell, goals",
    [
        ("1.甲\n2.乙", ["甲", "乙"]),
        ("1、甲\n（2）乙", ["甲", "乙"]),
        ("总的说明\n1.甲\n2.乙", ["总的说明", "甲", "乙"]),
        ("1.甲，计划2\n3.5万元用于乙", ["甲，计划2\n3.5万元用于乙"]),
        ("不分条的目标", ["不分条的目标"]),
        ("", []),
    ],
)
def test_goals_split_on_numbers_in_sequence(cell, goals):
    assert split_goals(cell) == goals


def test_unknown_header_column_is_skipped():
    text = table("1.测试项目绩效目标表").replace("\t指标值确定依据", "\t指标值确定依据\n\t备注")
    text = text.replace("\t计划\n", "\t计划\n\t无\n")
    (project,) = parse_text(text).projects
    assert [(i["name"], i["basis"]) for i in project["indicators"]] == [("场次", "计划"), ("完成时间", "计划")]


def test_tables_follow_one_another_and_may_lack_the_unit_line():
    text = table("1.甲项目绩效目标表", unit="") + table("2.乙项目绩效目标表", unit="654321乙单位")
    first, second = parse_text(text).projects
    assert first["unit"] is None
    assert second["unit"] == {"code": "654321", "name": "乙单位"}
    assert second["name"] == "乙项目"


def test_crlf_text_reads_the_same():
    text = table("1.测试项目绩效目标表", code="P1", months=("6月底", "12月底"), amounts=("5", "10"))
    assert parse_text(text.replace("\n", "\r\n")).projects == parse_text(text).projects


def test_broken_budget_names_table_and_label():
    text = seed_text("003").replace("\t225.70\n", "\t12.0x\n", 1)
    problems = [str(p) for p in parse_text(text).problems]
    assert problems == ["第 3 个表“出证认证服务绩效目标表”：预算数“12.0x”不是金额"]


@pytest.mark.parametrize("merged", [True, False])
def test_blank_checkpoint_is_zero_with_or_without_the_merged_cell(merged):
    text = table("1.测试项目绩效目标表", months=("6月底", "12月底"), amounts=("", "10"), merged=merged)
    (project,) = parse_text(text).projects
    assert project["checkpoints"] == [{"month": 6, "amount": "0.00"}, {"month": 12, "amount": "10.00"}]


def test_missing_checkpoint_amount_is_an_error():
    text = table("1.测试项目绩效目标表", months=("6月底", "12月底"), amounts=("5",), merged=False) + table("2.后一项目绩效目标表")
    problems = [str(p) for p in parse_text(text).problems]
    assert problems == ["第 1 个表“测试项目绩效目标表”：资金支出计划缺少“12月底”的金额"]


def test_broken_checkpoint_names_the_month():
    text = table("1.测试项目绩效目标表", months=("6月底", "12月底"), amounts=("5,0O", "10"))
    problems = [str(p) for p in parse_text(text).problems]
    assert problems == ["第 1 个表“测试项目绩效目标表”：资金支出计划“6月底”“5,0O”不是金额"]


def test_missing_level1_names_the_row():
    rows = [("", "工作量指标", "场次", "举办场次", "≥2场", "计划")]
    problems = [str(p) for p in parse_text(table("1.测试项目绩效目标表", rows=rows)).problems]
    assert problems == ["第 1 个表“测试项目绩效目标表”：第 1 行指标缺少一级指标"]


def test_a_missing_level1_comes_from_the_taxonomy():
    rows = [("", "数量指标", "场次", "举办场次", "≥2场", "计划")]
    (project,) = parse_text(table("1.测试项目绩效目标表", rows=rows)).projects
    assert (project["indicators"][0]["level1"], project["indicators"][0]["level2"]) == ("产出指标", "数量指标")


def test_misaligned_row_is_an_error():
    rows = [
        ("产出指标", "数量指标", "场次", "举办场次", "≥2场", "计划"),
        ("数量指标", "人数", "≥3人", "计划"),  # a cell short: the next row starts mid-row
        ("", "时效指标", "完成时间", "完成时间", "2024年12月底", "计划"),
    ]
    problems = [str(p) for p in parse_text(table("1.测试项目绩效目标表", rows=rows)).problems]
    assert "第 1 个表“测试项目绩效目标表”：第 2 行指标单元格数与表头（6 列）不符，其后的指标未读入" in problems


def test_short_last_row_is_an_error_unless_the_document_ends_there():
    rows = [("产出指标", "数量指标", "场次", "举办场次", "≥2场", "计划"), ("", "数量指标", "人数")]
    problems = [str(p) for p in parse_text(table("1.测试项目绩效目标表", rows=rows) + table("2.后一项目绩效目标表")).problems]
    assert problems == ["第 1 个表“测试项目绩效目标表”：第 2 行指标只有 3 个单元格（应为 6 个），已忽略该行，读入 1 个指标"]
    result = parse_text(table("1.前一项目绩效目标表") + table("2.测试项目绩效目标表", rows=rows))
    assert len(result.projects[1]["indicators"]) == 1
    assert result.warnings == [
        "第 2 个表“测试项目绩效目标表”：表格不完整，第 2 行指标只有 3 个单元格（应为 6 个），已忽略该行，读入 1 个指标，已读入现有内容"
    ]


def test_last_table_cut_before_its_indicators_is_loaded():
    text = table("1.测试项目绩效目标表")
    result = parse_text(text[: text.index("\t一级指标")])
    (project,) = result.projects
    assert project["indicators"] == [] and project["goals"][0] == "第一项目标"
    assert "缺少指标表" in result.warnings[0]


def test_amounts_in_yuan_are_converted_to_wan():
    yuan = table("1.测试项目绩效目标表", budget="123,400").replace("单位：万元", "单位：元")
    (project,) = parse_text(yuan).projects
    assert (project["budget_total"], project["budget_fiscal"]) == ("12.34", "12.34")
    (odd,) = parse_text(table("1.测试项目绩效目标表", budget="123456元")).projects
    assert odd["budget_total"] == "12.35"  # 12.3456 万元 is kept to the cent, and said so
    assert Decimal("123456") / 10000 == Decimal("12.3456")


def test_text_without_tables_gives_nothing():
    result = parse_text("随便一段文字\n")
    assert (result.projects, result.departments, result.warnings) == ([], [], [])


# --- the demo fixture --------------------------------------------------------


def test_demo_fixture_is_what_the_script_writes_now():
    spec = importlib.util.spec_from_file_location("make_demo_fixture", REPO / "scripts" / "make_demo_fixture.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    fixture = script.build_fixture()
    assert len(fixture["projects"]) == 21
    assert len(fixture["departments"]) == 1
    stored = (REPO / "app" / "fixtures" / "demo.json").read_text(encoding="utf-8")
    assert stored == script.render(fixture)
    assert json.loads(stored)["projects"][7]["year"] == 2024

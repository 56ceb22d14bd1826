"""The recomputation check (复核): ``jixiao selfeval check FILE [--scheme NAME] --json`` on real
published 自评表 and on tables made to break their own rules, from .json, .txt, .xlsx and .docx."""

import io
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from app.documents.selfeval_import import check_bytes, read_printed
from app.domain.recheck import check_to_json
from tests.factories import write_json as write

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
ROW_KEYS = {"name", "printed", "computed", "differs", "why"}


def check(cli_runner, path, *options):
    result = cli_runner.invoke(args=["selfeval", "check", str(path), *options, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(document):
    return {row["name"]: row for row in document["rows"]}


# --- real tables --------------------------------------------------------------------------------


def test_a_table_that_follows_the_10_rules_checks_clean(cli_runner):
    document = check(cli_runner, REAL / "shanghai_county_2022_putuo_tiyu_jiesuan.json", "--scheme", "czy2020-10")
    assert {"rows", "total_printed", "total_computed"} <= set(document)
    assert all(set(row) == ROW_KEYS for row in document["rows"])
    assert [r["differs"] for r in document["rows"]] == [False] * 6
    assert (document["total_printed"], document["total_computed"]) == (98.62, 98.62)
    assert document["notes"] == []


def test_scores_cut_to_whole_points_are_found_and_named(cli_runner):
    # Checked by its printed weights and the 10号 rounding (two decimals): two rows were floored.
    document = check(cli_runner, REAL / "anhui_county_2022_yuan_wenwu.json")
    found = {name: row for name, row in rows(document).items() if row["differs"]}
    assert set(found) == {"预算执行率", "验收通过率", "项目设计、招标、施工"}
    assert found["预算执行率"]["why"].startswith("取整方式不同：按 1-down 得 8 分")  # 9 × 95.86% = 8.63
    assert found["验收通过率"]["why"].startswith("取整方式不同：按 1-down 得 5 分")  # 6 × 95 ÷ 100 = 5.7
    # With its own rule (whole points, down) only the row it broke is left: done on time, printed 5 of 6.
    own = check(cli_runner, REAL / "anhui_county_2022_yuan_wenwu.json", "--scheme", "whole-down")
    (broken,) = [row for row in own["rows"] if row["differs"]]
    assert broken["name"] == "项目设计、招标、施工" and (broken["printed"], broken["computed"]) == (5, 6)
    assert broken["why"].startswith("计算有误：按本表规则应得 6 分（按期完成")


def test_points_deducted_from_met_targets_are_found(cli_runner):
    document = check(cli_runner, REAL / "yunnan_county_2020_lijiang_gucheng_weipian.json")
    differing = [(r["name"], r["printed"], r["computed"]) for r in document["rows"] if r["differs"]]
    assert differing == [("卫片执法补助经费", 9, 10), ("项目验收合格率", 19, 20), ("项目完成及时率", 19, 20),
                         ("违法行为责停率", 27, 30)]
    unscored = rows(document)["满意度"]
    assert unscored["differs"] is None and unscored["why"] == "表中未填得分；按本表规则应得 10 分"


def test_a_total_that_leaves_the_execution_out(cli_runner):
    path = REAL / "sichuan_county_2022_zhongjiang_shuibiaochi.json"
    plain = check(cli_runner, path)
    assert "表中总分 100 分与各行得分之和 110 分不一致" in plain["notes"]
    own = check(cli_runner, path, "--scheme", "levels70-20-10")
    assert (own["total_printed"], own["total_computed"], own["notes"]) == (100, 100, [])


def test_the_corpus_text_copies_are_read_and_checked(cli_runner):
    # A header in two rows (年度指标值 over 指标性质/指标值/度量单位), as the Yunnan template prints it.
    lijiang = check(cli_runner, REAL / "yunnan_county_2020_lijiang_gucheng_weipian.txt")
    assert [(r["name"], r["printed"], r["computed"]) for r in lijiang["rows"] if r["differs"]] == [
        ("卫片执法补助经费", 9, 10), ("项目验收合格率", 19, 20), ("项目完成及时率", 19, 20), ("违法行为责停率", 27, 30)]
    yongde = check(cli_runner, REAL / "yunnan_county_2022_yongde_yingyanggaishan.txt", "--scheme", "whole-down")
    assert [(r["name"], r["printed"], r["computed"]) for r in yongde["rows"] if r["differs"]] == [("资金到位及时率", 7, 10)]
    # 预算执行情况(20分) with no 分值 column: the points come from the label.
    baoshan = check(cli_runner, REAL / "yunnan_city_2022_baoshan_chunjie_weiwen.txt")
    assert rows(baoshan)["预算执行率"] == {"name": "预算执行率", "printed": 20, "computed": 20, "differs": False, "why": ""}
    assert (baoshan["total_printed"], baoshan["total_computed"]) == (100, 100)
    # The template's "指标1:" is no part of the name; an empty template row is no indicator.
    jinzhai = check(cli_runner, REAL / "anhui_county_2023_jinzhai_meili_xiangcun_zhengti.txt")
    assert "开展精品示范村建设数量" in rows(jinzhai) and all(r["name"] for r in jinzhai["rows"])


# --- rows that break their table's rules ---------------------------------------------------------


BROKEN = {
    "year": 2024,
    "budget": {"initial": 100, "adjusted": 100, "spent": 95},
    "execution_score": 9.5,
    "total": 97.1,
    "indicators": [
        {"level1": "产出指标", "name": "培训人数", "target": "≥200人", "actual": "180人", "weight": 20, "score": 18},
        {"level1": "产出指标", "name": "合格率", "target": "≥95%", "actual": "90%", "weight": 10, "score": 10},
        {"level1": "产出指标", "name": "运行成本", "target": "≤10万元", "actual": "8万元", "weight": 10, "score": 8},
        {"level1": "产出指标", "name": "差错率", "target": "≤2%", "actual": "4%", "weight": 10, "score": 12},
        {"level1": "效益指标", "name": "影响", "target": "明显提升", "actual": "提升", "weight": 30, "score": 25},
        {"level1": "满意度指标", "name": "满意度", "target": "≥90%", "actual": "85%", "weight": 10, "score": 9.5},
        {"level1": "产出指标", "name": "完成时间", "target": "9月前", "actual": "7月", "weight": 0, "score": 0},
    ],
}


def test_each_broken_row_says_why(cli_runner, tmp_path):
    document = check(cli_runner, write(tmp_path, BROKEN))
    found = rows(document)
    assert found["培训人数"]["differs"] is False
    assert found["合格率"]["why"].startswith("未达指标值却得满分：实际 90% 未达目标 ≥95%")
    assert found["运行成本"]["why"] == "方向错误：指标值“≤10万元”是反向指标，表中按正向计分得 8 分；按反向应得 10 分"
    assert found["差错率"]["why"].startswith("得分 12 超过分值 10")
    assert found["影响"] == {"name": "影响", "printed": 25, "computed": 25, "differs": False,
                           "why": "定性指标：得分为分值的 83.33%，属“达成年度指标”档"}
    assert found["满意度"]["why"].startswith("计算有误：按本表规则应得 9.44 分")  # 10 × 85 ÷ 90
    assert found["完成时间"]["differs"] is False  # 9月前 in 2024, done in 7月
    assert document["total_printed"] == 97.1
    assert document["total_computed"] == 9.5 + 18 + 9.47 + 10 + 5 + 25 + 9.44 + 0


def test_a_qualitative_score_outside_every_band(cli_runner, tmp_path):
    table = dict(BROKEN, scheme="bands-100-80-50", indicators=[
        {"level1": "效益指标", "name": "影响", "target": "明显提升", "actual": "提升", "weight": 30, "score": 20},
        {"level1": "效益指标", "name": "长效", "target": "建立", "actual": "已建立", "weight": 30, "score": 24},
    ])
    found = rows(check(cli_runner, write(tmp_path, table)))
    assert found["影响"]["why"] == "定性指标得分 20 不在任何评价档次内（100%、80%、50%）"
    assert found["长效"]["differs"] is False  # 80% of 30


def test_the_scheme_option_wins_and_an_unknown_one_is_named(cli_runner, tmp_path):
    result = cli_runner.invoke(args=["selfeval", "check", write(tmp_path, BROKEN), "--scheme", "nope", "--json"])
    assert result.exit_code != 0 and "没有名为“nope”的评分方案" in result.stderr


def test_check_errors_are_messages(cli_runner, tmp_path):
    for args, message in [
        (["selfeval", "check"], "用法：jixiao selfeval check"),
        (["selfeval", "check", str(tmp_path / "missing.json")], "找不到文件"),
        (["selfeval", "check", write(tmp_path, "x", "table.pdf")], "自评表应为 .json、.txt、.xlsx、.docx 文件"),
        (["selfeval", "check", write(tmp_path, "{", "bad.json")], "不是有效的 JSON"),
        (["selfeval", "check", write(tmp_path, "无表格", "empty.txt")], "没有找到自评表"),
    ]:
        result = cli_runner.invoke(args=args)
        assert result.exit_code != 0 and message in result.stderr, (args, result.output)
        assert "Traceback" not in result.output


# --- .txt, .xlsx, .docx ---------------------------------------------------------------------------

GRID = [
    ["项目支出绩效自评表", "", "", "", "", "", "", "", ""],
    ["项目名称", "培训项目", "", "", "", "", "", "", ""],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", "100", "100", "95", "10", "95%", "9.5", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标（50分）", "数量指标", "培训人数", "≥200人", "180人", "25", "22.5", "报名不足"],
    ["", "", "时效指标", "完成时间", "2024年9月前", "2024年7月", "25", "25", ""],
    ["", "效益指标（30分）", "社会效益指标", "影响", "明显提升", "提升", "30", "28", ""],
    ["", "满意度指标（10分）", "服务对象满意度指标", "满意度", "≥90%", "85%", "10", "10", ""],
    ["总分", "", "", "", "", "", "", "", "95.5"],
]


def txt_bytes():
    return ("（2024年度）\n" + "\n".join("\t".join(row) for row in GRID) + "\n").encode("utf-8")


def xlsx_bytes():
    book = Workbook()
    book.active.append(["（2024年度）"])
    for row in GRID:
        book.active.append([float(c) if c.replace(".", "").isdigit() else (c or None) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes():
    document = Document()
    document.add_paragraph("（2024年度）")
    table = document.add_table(rows=len(GRID), cols=len(GRID[0]))
    for r, row in enumerate(GRID):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(5, 1).merge(table.cell(6, 1))  # 产出指标 over its two rows, as Word tables print it
    table.cell(5, 1).text = "产出指标（50分）"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("suffix", "make"), [(".txt", txt_bytes), (".xlsx", xlsx_bytes), (".docx", docx_bytes)])
def test_a_filled_table_is_read_by_its_headers(suffix, make):
    ((table, scheme),) = read_printed(make(), f"自评表{suffix}")
    assert scheme is None and table.name == "培训项目" and table.year == 2024
    assert [row.indicator.level1 for row in table.rows] == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert [str(row.printed) for row in table.rows] == ["22.5", "25", "28", "10"]
    (document,) = [check_to_json(c) for c in check_bytes(make(), f"自评表{suffix}")]
    differing = [(r["name"], r["printed"], r["computed"]) for r in document["rows"] if r["differs"]]
    assert differing == [("满意度", 10, 9.44)]  # 85% of ≥90%: 10 × 85 ÷ 90, printed full marks
    assert (document["total_printed"], document["total_computed"]) == (95.5, 94.44)  # 9.5 + 22.5 + 25 + 28 + 9.44


def test_the_cli_reads_a_word_table(cli_runner, tmp_path):
    path = tmp_path / "自评表.docx"
    path.write_bytes(docx_bytes())
    document = check(cli_runner, path, "--scheme", "czy2020-10")
    assert document["scheme"] == "czy2020-10" and rows(document)["满意度"]["differs"] is True
    text = cli_runner.invoke(args=["selfeval", "check", str(path)])
    assert text.exit_code == 0 and "满意度\t表中 10\t复核 9.44\t不一致" in text.stdout


def test_a_total_partly_taken_as_printed_says_how_many_rows_could_not_be_checked(cli_runner):
    # 天长 2022: six rows print 10/10 with neither target nor actual written; the total is theirs as printed.
    document = check(cli_runner, REAL / "anhui_county_2022_tianchang_shuihan_fangyu.json")
    unchecked = [r for r in document["rows"] if r["differs"] is None and r["computed"] is None]
    assert len(unchecked) == 6 and {r["why"] for r in unchecked} == {"无法复核：表中没有该指标的指标值"}
    assert "6 行无法复核，复核总分按这些行表中所印得分计入" in document["notes"]
    # a table every row of which is checked carries no such note
    clean = check(cli_runner, REAL / "shanghai_county_2022_putuo_tiyu_jiesuan.json", "--scheme", "czy2020-10")
    assert not [n for n in clean["notes"] if "无法复核" in n]

"""Presets against real published 自评表 (tests/fixtures/real): each scores the table it comes from
to the printed figure, through ``jixiao selfeval FILE.json --json`` with the scheme given inline.

The tables are read as FORMAT.md describes (figures as printed); the document handed to the
command is what an officer would type from the table: budget, year, every row's value, actual
and printed 分值 (not its printed 得分).
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.factories import write_json as write

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def table(name: str) -> dict:
    (project,) = json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))["projects"]
    return project


def document(project: dict, scheme) -> dict:
    printed = project["selfeval"]
    if isinstance(scheme, dict) and printed.get("execution_weight"):
        scheme = {"execution_points": printed["execution_weight"], **scheme}
    return {
        "year": project["year"],
        "scheme": scheme,
        "budget": {"initial": printed["budget_start"], "adjusted": printed["budget_full_year"], "spent": printed["spent"]},
        "indicators": [
            {"level1": row["level1"], "level2": row["level2"], "name": row["name"], "target": row["target_text"],
             "actual": row.get("actual"), "weight": row.get("weight")}
            for row in project["indicators"]
        ],
    }


def score(cli_runner, tmp_path, project, scheme) -> dict:
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, document(project, scheme)), "--json"])
    assert result.exit_code == 0, result.output  # never refused
    return json.loads(result.stdout)


def printed_rows(project):
    return [Decimal(row["score"]) if row.get("score") is not None else None for row in project["indicators"]]


def computed_rows(output):
    return [Decimal(str(row["score"])) for row in output["indicators"]]


@pytest.mark.parametrize(("name", "scheme"), [
    ("shanghai_county_2022_putuo_tiyu_jiesuan", "czy2020-10"),  # 10 × 86.18% = 8.62, total 98.62
    ("sichuan_county_2022_zhongjiang_shuibiaochi", "levels70-20-10"),  # 70/20/10, 资金 10 beside the total 100
    ("neimenggu_city_2024_bayannaoer_ziranziyuan", "as-printed"),  # 8 + 7 + 8 + 7 as printed
    ("anhui_town_2022_tangxi_weituo", "as-printed"),  # 年度资金总额 0/0/0; the copy stops before 满意度
])
def test_a_preset_reproduces_its_real_table(cli_runner, tmp_path, name, scheme):
    project = table(name)
    output = score(cli_runner, tmp_path, project, scheme)
    assert output["scheme"] == scheme
    assert computed_rows(output) == [p for p in printed_rows(project) if p is not None]
    printed = project["selfeval"]
    assert Decimal(str(output["execution"]["score"])) == Decimal(printed["execution_score"])
    if printed["total"] is not None:
        assert Decimal(str(output["total"])) == Decimal(printed["total"])


def test_whole_points_rounded_down_reproduce_the_anhui_table(cli_runner, tmp_path):
    # 执行率 27.8 ÷ 29 = 95.86%: 9 × 0.9586 = 8.63 → 8; 验收通过率 6 × 95 ÷ 100 = 5.7 → 5.
    # The page copy stops before 满意度 (效益 prints 15 of its 30): the preset's rounding is given
    # inline, with the table's own points (execution 9, the printed weights).
    project = table("anhui_county_2022_yuan_wenwu")
    assert json.loads((REAL.parents[2] / "app/domain/scheme_presets/whole-down.json").read_text())["rounding"] == "1-down"
    inline = score(cli_runner, tmp_path, project, {"rounding": "1-down"})
    assert inline["execution"]["score"] == 8
    same = [c == p for c, p in zip(computed_rows(inline), printed_rows(project))]
    # Every row but one: 项目设计、招标、施工 was done on its deadline and printed 5 of 6 (the check says so).
    assert same.count(False) == 1 and project["indicators"][same.index(False)]["name"] == "项目设计、招标、施工"
    assert sum(same) / len(same) >= 0.85


def test_a_table_whose_officer_deducted_points_is_scored_not_refused(cli_runner, tmp_path):
    # 云南: every row met its target but printed 90% of its weight: the rules give full marks.
    project = table("yunnan_county_2020_lijiang_gucheng_weipian")
    output = score(cli_runner, tmp_path, project, {})
    assert computed_rows(output) == [10, 20, 20, 30, 10]


def test_execution_20_and_annual_goals_80_of_the_baoshan_table(cli_runner, tmp_path):
    # 预算执行情况(20分) 得分 = 20 × 执行率, 年度绩效目标(80分): 产出指标(60分), 效益指标(10分),
    # 满意度指标(10分), the table prints no weight per indicator: each level's points are shared equally.
    project = table("yunnan_city_2022_baoshan_chunjie_weiwen")
    scheme = {"execution_points": 20, "level_points": {"产出指标": 60, "效益指标": 10, "满意度指标": 10}}
    output = score(cli_runner, tmp_path, project, scheme)
    assert computed_rows(output) == printed_rows(project) == [20, 20, 20, 10, 10]
    assert (output["execution"]["score"], output["total"]) == (20, 100)
    # "小于5次" against "无上访": no number, read as none; "按时限完成" against "100%": its words.
    assert output["indicators"][3]["explanation"].startswith("实际完成值“无上访”按 0 计")
    preset = json.loads((REAL.parents[2] / "app/domain/scheme_presets/execution20-goals80.json").read_text())
    assert (preset["execution_points"], preset["level_points"]) == (20, {"年度绩效目标": 80})


def test_a_printed_table_is_never_refused(cli_runner, tmp_path):
    """Every 自评表 of the corpus, scored with the scheme given inline (or none), prints a score."""
    names = sorted(path.stem for path in REAL.glob("*.json")
                   if any(p.get("selfeval") is not None for p in json.loads(path.read_text(encoding="utf-8"))["projects"]))
    assert len(names) >= 9
    for name in names:
        for project in json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))["projects"]:
            if project.get("selfeval") is not None:
                score(cli_runner, tmp_path, project, {})  # asserts the exit status


def test_the_officers_deductions_are_all_that_differs_in_the_yongde_table(cli_runner, tmp_path):
    # Whole points rounded down (政策知晓率 98% of 100%: 9.8 → 9); 资金到位及时率 met its 100% yet printed 7 of 10.
    project = table("yunnan_county_2022_yongde_yingyanggaishan")
    output = score(cli_runner, tmp_path, project, {"rounding": "1-down"})
    differing = [(row["name"], p, c) for row, p, c in zip(project["indicators"], printed_rows(project), computed_rows(output))
                 if p != c]
    assert differing == [("资金到位及时率", 7, 10)]


def test_rows_printed_without_a_value_are_scored_by_their_actual_not_refused(cli_runner, tmp_path):
    # 安徽 天长 2022: six rows print 分值 10 and 得分 10 with no 年度指标值 and no 实际完成值 (the aim is in
    # the name: "工程质量合格", "年度资金支付完成率100%"). Scored with the table's scheme they were refused
    # ("指标值不能为空", naming no row); now each is judged by its (empty) actual, 30% of its points. The
    # printed 10s are the officer's judgement: no preset reproduces the printed 100.
    project = table("anhui_county_2022_tianchang_shuihan_fangyu")
    output = score(cli_runner, tmp_path, project, "czy2020-10")
    assert computed_rows(output) == [10, 10, 3, 3, 3, 3, 3, 3, 10]
    assert "未填" in output["indicators"][2]["explanation"]
    assert output["execution"]["score"] == 10 and project["selfeval"]["total"] == "100"
    checked = cli_runner.invoke(args=["selfeval", "check", str(REAL / "anhui_county_2022_tianchang_shuihan_fangyu.txt"), "--json"])
    assert checked.exit_code == 0, checked.output
    names = [row["name"] for row in json.loads(checked.stdout)["rows"]]
    assert "/" not in names and "已建工程良性运行" in names  # the struck-out 生态效益 row is no indicator

def test_the_changning_execution_is_20_points_times_the_rate(cli_runner):
    # 云南 昌宁 2022 (the 保山 template): 预算数 50, 执行数 10, 执行率 printed "20", 得分 20 × 20% = 4. The table
    # prints each row's 得分 but no 分值, so a row cannot be rechecked (and the copy stops inside 产出指标).
    path = REAL / "yunnan_county_2022_changning_shengzhu_yangzhi.txt"
    result = cli_runner.invoke(args=["selfeval", "check", str(path), "--scheme", "execution20-goals80", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert (rows[0]["printed"], rows[0]["computed"], rows[0]["differs"]) == (4, 4, False)
    assert len(rows) == 19 and all(row["differs"] is None and "没有该指标的分值" in row["why"] for row in rows[1:])


def test_the_huanggang_table_two_goal_blocks_of_40_and_execution_20(cli_runner):
    # 湖北 黄冈 2020 (the 湖北 市直 template): 预算执行情况(20分) 10 / 10 / 100% → 20 (20分*执行率, reproduced);
    # 年度绩效目标1(40分) 10 + 10 + 19.6 and 年度绩效目标2(40分) 20 + 20, 总分 99.6. No 分值 column: no row can be
    # rechecked. 整编资料审核 met its 98% (actual 98%) yet printed 19.6, i.e. 20 × 98%: the officer's judgement
    # (the template's 备注 on 计分原则 is cut in the copy), which no preset reproduces and check cannot verify.
    path = REAL / "hubei_city_2020_huanggang_shuitu_jiance.txt"
    result = cli_runner.invoke(args=["selfeval", "check", str(path), "--scheme", "execution20-goals80", "--json"])
    assert result.exit_code == 0, result.output
    checked = json.loads(result.stdout)
    rows = checked["rows"]
    assert (rows[0]["printed"], rows[0]["computed"], rows[0]["differs"]) == (20, 20, False)
    assert [row["printed"] for row in rows[1:]] == [10, 10, 19.6, 20, 20]
    assert all(row["differs"] is None and "没有该指标的分值" in row["why"] for row in rows[1:])
    assert checked["total_printed"] == checked["total_computed"] == 99.6
    assert any("5 行无法复核" in note for note in checked["notes"])
    project = table("hubei_city_2020_huanggang_shuitu_jiance")
    assert sum(printed_rows(project)) + Decimal(project["selfeval"]["execution_score"]) == Decimal(project["selfeval"]["total"])

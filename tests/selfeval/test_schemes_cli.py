"""The CLI contract of issue 11: ``jixiao schemes list|show`` and ``"scheme"`` in ``jixiao selfeval FILE.json``."""

import json

from tests.factories import write_json as write
from tests.unit.test_selfeval_cli import PROJECT

TODAY_KEYS = {"execution", "indicators", "total", "grade"}

# The issue's object, word for word.
CONTRACT = {
    "execution_points": 20,
    "level_points": {"产出指标": 50, "效益指标": 30, "满意度指标": 10},
    "cap": False,
    "rounding": "1-half-up",
    "qualitative": {"达成年度指标": 100, "部分达成年度指标": [50, 80], "未达成年度指标": [0, 50]},
    "parts": [{"name": "项目决策", "points": 2, "score": 2}],
}


def score(cli_runner, tmp_path, document):
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, document), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_schemes_list(cli_runner):
    result = cli_runner.invoke(args=["schemes", "list", "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert all(set(item) == {"name", "title", "source"} and item["source"] for item in listed)
    assert listed[0]["name"] == "czy2020-10"
    assert {"execution20-goals80", "levels70-20-10", "as-printed", "sichuan", "four-part"} <= {i["name"] for i in listed}
    text = cli_runner.invoke(args=["schemes", "list"])
    assert "czy2020-10\t财预〔2020〕10号" in text.stdout


def test_schemes_show_prints_an_object_selfeval_accepts(cli_runner, tmp_path):
    result = cli_runner.invoke(args=["schemes", "show", "execution20-goals80", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["execution_points"] == 20 and shown["level_points"] == {"年度绩效目标": 80}
    assert shown["cap"] is True and shown["rounding"] == "0.01-half-up" and shown["rounding_scope"] == "indicator"
    assert shown["grades"] == {"优": 90, "良": 80, "中": 60, "差": 0}
    by_object = score(cli_runner, tmp_path, dict(PROJECT, weights=None, scheme=shown))
    by_name = score(cli_runner, tmp_path, dict(PROJECT, weights=None, scheme="execution20-goals80"))
    assert by_object["indicators"] == by_name["indicators"] and by_object["total"] == by_name["total"]
    assert (by_object["scheme"], by_name["scheme"]) == ("custom", "execution20-goals80")
    assert by_name["execution"]["score"] == 19  # 20 × 95%
    text = cli_runner.invoke(args=["schemes", "show", "four-part"])
    assert "项目决策 20 分，由评价人按评分标准打分" in text.stdout
    missing = cli_runner.invoke(args=["schemes", "show", "nope", "--json"])
    assert missing.exit_code != 0 and "没有名为“nope”的评分方案" in missing.stderr


def test_the_issues_scheme_object(cli_runner, tmp_path):
    rows = [dict(row) for row in PROJECT["indicators"]]
    rows[4]["grade_percent"] = None  # 达成 is a fixed 100% here: the 90% of issue 5's example does not apply
    document = dict(PROJECT, weights=None, scheme=CONTRACT, indicators=rows)
    output = score(cli_runner, tmp_path, document)
    assert set(output) == TODAY_KEYS | {"scheme", "parts"}
    assert output["scheme"] == "custom"
    assert output["parts"] == [{"name": "项目决策", "points": 2, "score": 2}]
    assert output["execution"] == {"rate": 0.95, "score": 19}  # 20 × 95% = 19, whole points
    rows = [(r["name"], r["weight"], r["score"]) for r in output["indicators"]]
    assert rows == [
        ("外出次数", 12.5, 17),  # ≤4次, 3: no cap, 12.5 × 4 ÷ 3 = 16.67 → 17
        ("活动参与率", 12.5, 11),  # 12.5 × 80 ÷ 95 = 10.53 → 11
        ("完成时限", 12.5, 8),  # 部分达成 without a percentage: the band's middle, 65% of 12.5 = 8.125 → 8
        ("运行保障总成本", 12.5, 13),  # ≤26, 24.70: no cap, 12.5 × 26 ÷ 24.7 = 13.16 → 13
        ("外出考察学习", 40, 40),  # 达成: a fixed 100%; 效益 30 + 满意度 10 (不适用)
        ("参与人员满意度", 0, 0),
    ]
    assert output["total"] == 110  # 19 + 17 + 11 + 8 + 13 + 40 + 项目决策 2: no total of 100 is imposed


def test_level_points_left_out_and_every_weight_printed_means_as_printed(cli_runner, tmp_path):
    document = {
        "budget": {"adjusted": 100, "spent": 100},
        "scheme": {"rounding": "1-down"},
        "indicators": [
            {"level1": "产出指标(70分)", "name": "a", "target": "≥10", "actual": "10", "weight": 60},
            {"level1": "产出指标(70分)", "name": "b", "target": "≥10", "actual": "9", "weight": 30},
            {"level1": "效益指标", "name": "c", "target": "显著提升", "actual": "显著提升", "weight": 20},
        ],
    }
    output = score(cli_runner, tmp_path, document)  # 110 printed points: not refused
    assert [r["score"] for r in output["indicators"]] == [60, 27, 20]
    assert output["total"] == 117


def test_direction_and_year_in_the_document(cli_runner, tmp_path):
    document = {
        "year": 2024,
        "budget": {"adjusted": 100, "spent": 100},
        "scheme": "as-printed",
        "indicators": [
            {"level1": "产出指标", "name": "成本", "target": "10万元", "actual": "12万元", "weight": 50, "direction": "反向"},
            {"level1": "产出指标", "name": "完成时间", "target": "9月前", "actual": "7月", "weight": 40},
        ],
    }
    output = score(cli_runner, tmp_path, document)
    assert [r["score"] for r in output["indicators"]] == [41.67, 40]
    odd = dict(document, indicators=[dict(document["indicators"][0], direction="向上", weight=None)])
    del odd["scheme"]  # typed by hand (no scheme of its own): a wrong word is an error to fix
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, odd), "--json"])
    assert result.exit_code != 0 and "指标方向（direction）“向上”应为“正向”或“反向”" in result.stderr
    printed = dict(document, indicators=[dict(document["indicators"][0], direction="定性")] + document["indicators"][1:])
    assert score(cli_runner, tmp_path, printed)["indicators"][0]["score"] == 50  # a printed word: the value says it
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, dict(document, year="今年")), "--json"])
    assert result.exit_code != 0 and "“year”应为年度" in result.stderr


def test_a_four_part_framework_takes_the_evaluators_scores(cli_runner, tmp_path):
    document = {
        "budget": {"adjusted": 100, "spent": 100},
        "scheme": "four-part",
        "parts": [{"name": "项目决策", "score": 18}, {"name": "项目过程", "score": 17.5}],
        "indicators": [
            {"level1": "产出指标", "name": "a", "target": "≥10", "actual": "10"},
            {"level1": "效益指标", "name": "b", "target": "显著提升", "actual": "显著提升"},
            {"level1": "满意度指标", "name": "c", "target": "≥90%", "actual": "95%"},
        ],
    }
    output = score(cli_runner, tmp_path, document)
    assert output["parts"] == [{"name": "项目决策", "points": 20, "score": 18}, {"name": "项目过程", "points": 20, "score": 17.5}]
    assert output["total"] == 95.5 and output["grade"] == "优"
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, dict(document, parts=[])), "--json"])
    assert result.exit_code != 0 and "“项目决策”（20 分）须由评价人按评分标准打分" in result.stderr


def test_without_a_scheme_nothing_changes_but_the_name(cli_runner, tmp_path):
    output = score(cli_runner, tmp_path, PROJECT)
    assert set(output) == TODAY_KEYS | {"scheme"} and output["scheme"] == "czy2020-10"
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, dict(PROJECT, scheme="nope")), "--json"])
    assert result.exit_code != 0 and "没有名为“nope”的评分方案" in result.stderr


def test_a_printed_table_with_blanks_is_scored_not_refused(cli_runner, tmp_path):
    document = {
        "scheme": {},
        "budget": {"adjusted": None, "spent": None},
        "indicators": [
            {"level1": "产出指标", "name": "a", "target": "", "actual": "已完成", "weight": 50},
            {"level1": "效益指标", "name": "b", "target": "≥1", "actual": "1", "weight": 50},
        ],
    }
    output = score(cli_runner, tmp_path, document)
    assert output["execution"]["score"] == 0 and [r["score"] for r in output["indicators"]] == [50, 50]
    assert output["total"] == 100
    without_scheme = dict(document)
    del without_scheme["scheme"]
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, without_scheme), "--json"])
    assert result.exit_code != 0 and "缺少指标值（target）" in result.stderr

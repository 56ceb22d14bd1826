"""``jixiao selfeval FILE.json``: scoring without a database, errors on stderr."""

import json

import pytest

from tests.factories import write_json

PROJECT = {
    "budget": {"initial": "26.00", "adjusted": "26.00", "spent": "24.70"},
    "weights": {"execution": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "外出次数", "target": "≤4次", "actual": "3",
         "weight": None, "grade": None, "grade_percent": None, "not_applicable": False},
        {"level1": "产出指标", "level2": "质量指标", "name": "活动参与率", "target": "≥95%", "actual": "80%"},
        {"level1": "产出指标", "level2": "时效指标", "name": "完成时限", "target": "一季度一次",
         "grade": "部分达成年度指标并具有一定效果"},
        {"level1": "产出指标", "level2": "成本指标", "name": "运行保障总成本", "target": "≤26万元", "actual": 24.70},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "外出考察学习", "target": "学习新进经验，推进白沟试点能级提升，",
         "actual": "形成考察报告", "grade": "达成年度指标", "grade_percent": 90},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "参与人员满意度", "target": "≥95%", "actual": "",
         "not_applicable": True},
    ],
}


write = write_json


def test_scores_a_project_file(cli_runner, tmp_path):
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, PROJECT), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["execution"]["rate"] == 0.95
    assert document["execution"]["score"] == 9.5
    rows = [(r["name"], r["met"], r["weight"], r["score"], r["needs_reason"]) for r in document["indicators"]]
    assert rows == [
        ("外出次数", True, 12.5, 12.5, False),
        ("活动参与率", False, 12.5, 10.53, True),  # 12.5 × 80 ÷ 95 = 10.526…
        ("完成时限", False, 12.5, 8.75, True),  # 70% of 12.5
        ("运行保障总成本", True, 12.5, 12.5, False),
        ("外出考察学习", True, 40, 36, True),  # 效益 30 + 满意度 10 (不适用), 90%
        ("参与人员满意度", None, 0, 0, False),
    ]
    assert document["indicators"][0]["explanation"] == "实际 3 次 ≤ 目标 4 次，得满分"
    assert document["indicators"][5]["explanation"] == "不适用"
    assert document["total"] == 89.78  # 9.5 + 12.5 + 10.53 + 8.75 + 12.5 + 36
    assert document["grade"] == "良"


def test_numbers_keep_their_cents(cli_runner, tmp_path):
    # 0.1 + 0.2 style sums must not drift: the JSON is read with parse_float=Decimal.
    project = dict(PROJECT, budget={"adjusted": 30.3, "spent": 10.1})
    document = json.loads(cli_runner.invoke(args=["selfeval", write(tmp_path, project), "--json"]).stdout)
    assert document["execution"] == {"rate": 0.3333, "score": 3.33}
    text = cli_runner.invoke(args=["selfeval", write(tmp_path, project)]).stdout
    assert "预算执行率\t3.33/10\t预算执行率 = 10.10 ÷ 30.30 = 33.33%，得分 = 10 × 33.33% = 3.33；执行率低于 90%，需说明原因" in text


def test_prints_a_table_without_json(cli_runner, tmp_path):
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, PROJECT)])
    assert result.exit_code == 0
    assert "活动参与率\t10.53/12.5\t实际 80% 未达目标 ≥95%，得分 = 12.5 × 80 ÷ 95 = 10.53\t需填写偏差原因" in result.stdout
    assert "总分 89.78，等级：良" in result.stdout


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "不是有效的 JSON：第 1 行"),
        (dict(PROJECT, budget={"adjusted": "0", "spent": "1"}), "全年预算数为 0"),
        (dict(PROJECT, weights={"execution": 20, "产出指标": 50, "效益指标": 30, "满意度指标": 10}), "合计 110 分，应为 100 分"),
        (
            dict(PROJECT, indicators=[dict(PROJECT["indicators"][0], target="≤4小时", actual="3天")] + PROJECT["indicators"][1:]),
            "第 1 个指标“外出次数”：实际完成值“3天”的单位“天”与指标值的单位“小时”不一致",
        ),
        (dict(PROJECT, indicators=[dict(PROJECT["indicators"][0], actual=None)] + PROJECT["indicators"][1:]),
         "第 1 个指标“外出次数”：缺少实际完成值"),
    ],
)
def test_bad_input_fails_with_a_message_on_stderr(cli_runner, tmp_path, document, message):
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, document), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert message in result.stderr


def test_a_missing_file(cli_runner, tmp_path):
    result = cli_runner.invoke(args=["selfeval", str(tmp_path / "nope.json"), "--json"])
    assert result.exit_code == 1
    assert "找不到文件" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["selfeval", "--json"], "请给出项目 JSON 文件"),
        (["selfeval", "x.json", "--year", "2024"], "不能同时使用"),
    ],
)
def test_file_or_year(cli_runner, args, message):
    result = cli_runner.invoke(args=args)
    assert result.exit_code == 1
    assert message in result.stderr

"""``jixiao selfeval FILE.json --json``: whole projects scored by hand from the rules of issue 5.

Each case mixes several rules and is checked to the cent against numbers worked out
on paper (the comments), through the command line, with the output's exact shape.
"""

import json

import pytest

from tests.factories import write_json as write
from tests.unit.test_selfeval_cli import PROJECT

CONTRACT_KEYS = {"execution", "indicators", "total", "grade", "scheme"}  # "scheme": issue 11
INDICATOR_KEYS = {"name", "met", "weight", "score", "needs_reason", "explanation"}


def row(level1, level2, name, target, actual=None, **fields):
    return {"level1": level1, "level2": level2, "name": name, "target": target, "actual": actual, **fields}


# 成本指标 at level 1 (one pool of 50 with 产出), no 满意度 (效益 gets 40), 不适用, reverse, deadline.
COST_AT_LEVEL_ONE = {
    "budget": {"initial": "100.00", "adjusted": "80.00", "spent": "76.50"},
    "indicators": [
        row("产出指标", "数量指标", "培训场次", "≥6场", "5场"),
        row("产出指标", "时效指标", "完成时间", "2024年11月底", "2024年11月28日"),
        row("成本指标", "经济成本指标", "培训成本", "≤20万元", "25万元"),
        row("产出指标", "质量指标", "合格率", "≥98%", None, not_applicable=True),
        row("效益指标", "社会效益指标", "影响力", "持续提升", "有所提升",
            grade="部分达成年度指标并具有一定效果", grade_percent=65),
        row("效益指标", "可持续影响指标", "长效机制", "建立长效机制", "已建立", grade="达成年度指标"),
    ],
}
COST_AT_LEVEL_ONE_EXPECTED = {
    # 76.50 ÷ 80.00 = 0.95625 → 0.9563 shown; 10 × 0.95625 = 9.5625 → 9.56
    "execution": {"rate": 0.9563, "score": 9.56},
    "indicators": [
        # 50 over the three applicable of 产出+成本: 16.67, 16.67, the last 16.66
        ("培训场次", False, 16.67, 13.89, True),  # 16.67 × 5 ÷ 6 = 13.891…
        ("完成时间", True, 16.67, 16.67, False),
        ("培训成本", False, 16.66, 13.33, True),  # 16.66 × 20 ÷ 25 = 13.328
        ("合格率", None, 0, 0, False),
        ("影响力", False, 20, 13, True),  # 效益 30 + 满意度 10 = 40 over two; 65% of 20
        ("长效机制", True, 20, 20, False),
    ],
    "total": 86.45,  # 9.56 + 13.89 + 16.67 + 13.33 + 13 + 20
    "grade": "良",
}

# Officer's points and weights, an "=" target far exceeded, a comparator copied into the actual.
OFFICER_WEIGHTS = {
    "budget": {"initial": "50", "adjusted": "50", "spent": "52"},
    "weights": {"execution": 20, "产出指标": 40, "效益指标": 30, "满意度指标": 10},
    "indicators": [
        row("产出指标", "数量指标", "举办活动场次", "2场", "3场", weight=15),
        row("产出指标", "数量指标", "参会人数", "≥120人", "100人"),
        row("产出指标", "时效指标", "响应时间", "≤30分钟", "≤45分钟"),
        row("效益指标", "社会效益指标", "知名度", "提升知名度", "略有提升",
            grade="未达成年度指标且效果较差", grade_percent="59.99"),
        row("满意度指标", "服务对象满意度指标", "满意度", "≥95%", "95%"),
    ],
}
OFFICER_WEIGHTS_EXPECTED = {
    "execution": {"rate": 1.04, "score": 20},  # over 100% counts as 100%: 20 × 1
    "indicators": [
        ("举办活动场次", True, 15, 15, True),  # 3 ÷ 2 = 150% ≥ 130%: was the target set too low?
        ("参会人数", False, 12.5, 10.42, True),  # (40 − 15) ÷ 2; 12.5 × 100 ÷ 120 = 10.416…
        ("响应时间", False, 12.5, 8.33, True),  # 12.5 × 30 ÷ 45 = 8.333…
        ("知名度", False, 30, 18, True),  # 30 × 59.99% = 17.997
        ("满意度", True, 10, 10, False),
    ],
    "total": 81.75,  # 20 + 15 + 10.42 + 8.33 + 18 + 10
    "grade": "良",
}

# A points table complete without 满意度, a zero reverse target, exactly 130%, half-up on the execution.
EDGES = {
    "budget": {"initial": "10", "spent": "8.985"},
    "weights": {"execution": 10, "产出指标": 50, "效益指标": 40},
    "indicators": [
        row("产出指标", "质量指标", "故障次数", "≤0次", "1次"),
        row("产出指标", "数量指标", "覆盖率", "≥80%", "104%"),
        row("效益指标", "经济效益指标", "经济效益", "效益显著", "", grade="部分达成年度指标并具有一定效果"),
    ],
}
EDGES_EXPECTED = {
    # 8.985 ÷ 10 = 0.8985; 10 × 0.8985 = 8.985 → 8.99 half up (half-even would give 8.98)
    "execution": {"rate": 0.8985, "score": 8.99},
    "indicators": [
        ("故障次数", False, 25, 0, True),  # a zero target: nothing to score in proportion
        ("覆盖率", True, 25, 25, True),  # 104 ÷ 80 = 130% exactly
        ("经济效益", False, 40, 28, True),  # no 满意度 points given: 效益 keeps 40; 70% by default
    ],
    "total": 61.99,
    "grade": "中",
}


def run(cli_runner, tmp_path, document):
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, document), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (COST_AT_LEVEL_ONE, COST_AT_LEVEL_ONE_EXPECTED),
        (OFFICER_WEIGHTS, OFFICER_WEIGHTS_EXPECTED),
        (EDGES, EDGES_EXPECTED),
    ],
    ids=["cost-at-level-1", "officer-weights", "edges"],
)
def test_projects_scored_to_the_cent(cli_runner, tmp_path, document, expected):
    output = run(cli_runner, tmp_path, document)
    assert set(output) == CONTRACT_KEYS
    assert output["execution"] == expected["execution"]
    assert all(set(item) == INDICATOR_KEYS for item in output["indicators"])
    got = [(i["name"], i["met"], i["weight"], i["score"], i["needs_reason"]) for i in output["indicators"]]
    assert got == expected["indicators"]
    assert (output["total"], output["grade"]) == (expected["total"], expected["grade"])


def test_the_issues_example_row_has_exactly_the_contracts_shape(cli_runner, tmp_path):
    # The issue's input row as it stands, with one 效益 indicator (no 满意度: its 10 points go to 效益).
    document = dict(PROJECT, indicators=[PROJECT["indicators"][0], row("效益指标", "社会效益指标", "考察学习",
                                                                       "推进能级提升", "已推进", grade="达成年度指标")])
    output = run(cli_runner, tmp_path, document)
    assert output == {
        "execution": {"rate": 0.95, "score": 9.5},
        "indicators": [
            {"name": "外出次数", "met": True, "weight": 50, "score": 50, "needs_reason": False,
             "explanation": "实际 3 次 ≤ 目标 4 次，得满分"},
            {"name": "考察学习", "met": True, "weight": 40, "score": 40, "needs_reason": False,
             "explanation": "定性：达成年度指标，按 100% 计 40 分"},
        ],
        "total": 99.5,
        "grade": "优",
        "scheme": "czy2020-10",
    }


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        # Neither complete by itself (95) nor with the scheme's 满意度 10 added (105).
        ({"execution": 10, "产出指标": 55, "效益指标": 30}, "预算执行率与各一级指标的分值合计 105 分，应为 100 分"),
        ({"execution": 10, "产出指标": 50, "效益指标": 30, "满意度指标": -10}, "“满意度指标”的分值不能为负数"),
    ],
)
def test_points_that_do_not_total_100_are_refused(cli_runner, tmp_path, weights, message):
    result = cli_runner.invoke(args=["selfeval", write(tmp_path, dict(EDGES, weights=weights)), "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr


def test_partial_points_keep_the_scheme_for_the_rest(cli_runner, tmp_path):
    # {"execution": 20, "产出指标": 40} totals 60 alone: 效益 30 and 满意度 10 stay as in the scheme.
    document = dict(OFFICER_WEIGHTS, weights={"execution": 20, "产出指标": 40})
    output = run(cli_runner, tmp_path, document)
    assert output["total"] == OFFICER_WEIGHTS_EXPECTED["total"]

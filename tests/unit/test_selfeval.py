"""Year-end self-evaluation (绩效自评): every rule with hand-computed numbers."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from app.domain.selfeval import (
    DEFAULT_SCHEME,
    Budget,
    EvaluationInput,
    Grade,
    IndicatorInput,
    SelfEvalError,
    evaluate,
    evaluation_from_json,
    evaluation_to_json,
)
from app.domain.targets import parse_target


def ind(name, target, actual=None, level1="产出指标", level2="", **fields):
    return IndicatorInput(level1, level2, name, parse_target(target), actual, **fields)


BENEFIT = ind("社会效益", "持续提升", level1="效益指标", grade=Grade.MET)
SATISFACTION = ind("满意度", "≥90%", "95%", level1="满意度指标")


def dec(text):
    return None if text is None else D(text)


def run(*outputs, others=(BENEFIT, SATISFACTION), spent="26.00", adjusted="26.00", initial=None, points=None,
        scheme=DEFAULT_SCHEME):
    budget = Budget(D(spent), dec(adjusted), dec(initial))
    project = EvaluationInput(budget, tuple(outputs) + tuple(others), points)
    return evaluate(project, scheme)


def first(evaluation):
    return evaluation.indicators[0]


def scores(evaluation):
    return [(r.weight, r.score) for r in evaluation.indicators]


# --- execution (财办预〔2016〕123号: 10 × 执行率, capped) -------------------------------------


@pytest.mark.parametrize(
    ("spent", "rate", "score", "needs_reason"),
    [
        ("24.70", "0.9500", "9.50", False),
        ("23.40", "0.9000", "9.00", False),  # exactly 90%: no reason needed
        ("20.00", "0.7692", "7.69", True),  # 0.769230… × 10 = 7.69
        ("30.00", "1.1538", "10.00", False),  # over 100% counts as 100%
        ("0", "0.0000", "0.00", True),
    ],
)
def test_execution_rate_and_score(spent, rate, score, needs_reason):
    execution = run(ind("x", "≥1次", "1"), spent=spent).execution
    assert (execution.rate, execution.score, execution.needs_reason) == (D(rate), D(score), needs_reason)


def test_execution_uses_the_adjusted_budget_else_the_initial_one():
    assert run(ind("x", "≥1次", "1"), spent="20", adjusted="40", initial="20").execution.score == D("5.00")
    assert run(ind("x", "≥1次", "1"), spent="20", adjusted=None, initial="20").execution.score == D("10.00")


def test_execution_explains_the_cap():
    text = run(ind("x", "≥1次", "1"), spent="30").execution.explanation
    assert text == "预算执行率 = 30.00 ÷ 26.00 = 115.38%，超过 100% 按 100% 计，得分 = 10 × 100% = 10"


@pytest.mark.parametrize("adjusted", ["0", "0.00", "-1"])
def test_a_zero_budget_is_an_error(adjusted):
    with pytest.raises(SelfEvalError, match="全年预算数"):
        run(ind("x", "≥1次", "1"), adjusted=adjusted)


# --- positive quantitative targets (财预〔2020〕10号: 按完成值与指标值的比例) ---------------------


@pytest.mark.parametrize(
    ("target", "actual", "met", "score", "needs_reason"),
    [
        ("≥17台", "17", True, "50", False),
        ("≥17台", "12台", False, "35.29", True),  # 50 × 12 ÷ 17 = 35.294…
        ("≥17台", "22", True, "50", False),  # 129%: not yet "set too low"
        ("≥17台", "22.1", True, "50", True),  # 130%: target set too low, explain
        ("≥60%", "78%", True, "50", True),  # 130%
        ("≥60%", "77.9%", True, "50", False),
        ("≥95%", "80%", False, "42.11", True),  # 50 × 80 ÷ 95 = 42.105…
        ("≥266米", "≥266米", True, "50", False),  # comparator copied from the target
        ("≥300米", "≥266米", False, "44.33", True),  # 50 × 266 ÷ 300 = 44.333…
        ("≥17台", "0", False, "0", True),
        ("≥17台", "-3", False, "0", True),
        (">5次", "5", False, "50", True),  # not met: strictly more was asked
        ("60,000人次", "45,000人次", False, "37.5", True),
    ],
)
def test_positive_targets(target, actual, met, score, needs_reason):
    result = first(run(ind("指标", target, actual)))
    assert (result.met, result.weight, result.score, result.needs_reason) == (met, D(50), D(score), needs_reason)


@pytest.mark.parametrize(
    ("target", "actual", "met", "score", "needs_reason"),
    [
        ("100%", "100%", True, "50", False),
        ("100%", "98%", False, "49", True),
        ("8人数", "10人", True, "50", False),  # "=" met by any actual at or above it; 人 = 人数
        ("10", "13", True, "50", True),  # 130% of an "=" target
        ("413.66平米", "413.66平方米", True, "50", False),
    ],
)
def test_equality_targets_count_as_at_least(target, actual, met, score, needs_reason):
    result = first(run(ind("指标", target, actual)))
    assert (result.met, result.score, result.needs_reason) == (met, D(score), needs_reason)


def test_scheme_settings_change_the_readings():
    scheme = replace(DEFAULT_SCHEME, execution_reason_below=D("0.80"), over_achievement=D("1.20"))
    evaluation = run(ind("指标", "≥10", "12"), spent="21", scheme=scheme)  # 80.77%, 120%
    assert (evaluation.execution.needs_reason, first(evaluation).needs_reason) == (False, True)


def test_equality_can_be_read_strictly():
    scheme = replace(DEFAULT_SCHEME, equal_means_at_least=False)
    assert first(run(ind("指标", "100%", "101%"), scheme=scheme)).met is False


def test_explanations_show_the_formula():
    assert first(run(ind("外出次数", "≤4次", "3"))).explanation == "实际 3 次 ≤ 目标 4 次，得满分"
    met = first(run(ind("活动参与率", "≥95%", "80%"), ind("b", "≥1", "1"), ind("c", "≥1", "1"), ind("d", "≥1", "1")))
    assert met.explanation == "实际 80% 未达目标 ≥95%，得分 = 12.5 × 80 ÷ 95 = 10.53"
    assert met.score == D("10.53")


# --- reverse targets (costs, durations, error rates: 分值 × 指标值 ÷ 实际值) -----------------------


@pytest.mark.parametrize(
    ("target", "actual", "met", "score"),
    [
        ("≤4小时", "3", True, "50"),
        ("≤4小时", "3小时", True, "50"),
        ("≤4小时", "4", True, "50"),
        ("≤4小时", "5", False, "40"),  # 50 × 4 ÷ 5
        ("≤30分钟", "45分钟", False, "33.33"),  # 50 × 30 ÷ 45 = 33.333…
        ("≤0.1%", "0.2%", False, "25"),
        ("≤2.5万元", "2.30万元", True, "50"),
        ("≤0次", "2次", False, "0"),  # a zero target cannot be scored in proportion
        ("<5次", "5", False, "50"),  # not met, but 5 ÷ 5 of the weight
    ],
)
def test_reverse_targets(target, actual, met, score):
    result = first(run(ind("指标", target, actual)))
    assert (result.met, result.score, result.needs_reason) == (met, D(score), not met)


def test_a_reverse_target_is_never_set_too_low():
    assert first(run(ind("指标", "≤10次", "1"))).needs_reason is False


@pytest.mark.parametrize(("actual", "unit"), [("3天", "天"), ("5万元", "万元"), ("3次", "次")])
def test_an_actual_unit_that_contradicts_the_target_is_an_error(actual, unit):
    with pytest.raises(SelfEvalError, match=f"第 1 个指标“响应时间”.*“{unit}”与指标值的单位“小时”不一致"):
        run(ind("响应时间", "≤4小时", actual))


@pytest.mark.parametrize("actual", [None, "", "  ", "很好", "2024-12-20"])
def test_a_quantitative_indicator_needs_a_numeric_actual(actual):
    with pytest.raises(SelfEvalError, match="第 2 个指标“设备数量”"):
        run(ind("x", "≥1次", "1"), ind("设备数量", "≥17台", actual))


# --- deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "met", "score", "explanation"),
    [
        ("2024-12-20", True, "50", "按期完成（2024-12-20 ≤ 2024-12-31），得满分"),
        ("2024年12月20日", True, "50", "按期完成（2024-12-20 ≤ 2024-12-31），得满分"),
        ("2024-12-31", True, "50", "按期完成（2024-12-31 ≤ 2024-12-31），得满分"),
        ("2025年1月5日", False, "0", "逾期完成（2025-01-05 > 2024-12-31），得 0 分"),
    ],
)
def test_deadlines(actual, met, score, explanation):
    result = first(run(ind("采购完成时间", "2024年12月底", actual)))
    assert (result.met, result.score, result.explanation, result.needs_reason) == (met, D(score), explanation, not met)


@pytest.mark.parametrize("actual", [None, "已完成", "12"])
def test_a_deadline_needs_a_date(actual):
    with pytest.raises(SelfEvalError, match="第 1 个指标“采购完成时间”"):
        run(ind("采购完成时间", "2024年12月底", actual))


# --- qualitative targets (财预〔2020〕10号: three grades and their bands) ---------------------------


@pytest.mark.parametrize(
    ("grade", "percent", "score", "met"),
    [
        (Grade.MET, None, "50", True),  # default 100%
        (Grade.PARTIAL, None, "35", False),  # default 70%
        (Grade.UNMET, None, "15", False),  # default 30%
        (Grade.MET, "100", "50", True),
        (Grade.MET, "80", "40", True),
        (Grade.PARTIAL, "79.99", "40", False),  # 39.995 rounds half up
        (Grade.PARTIAL, "60", "30", False),
        (Grade.PARTIAL, "60.01", "30.01", False),  # 30.005 half up, not half even
        (Grade.UNMET, "59.99", "30", False),
        (Grade.UNMET, "0", "0", False),
    ],
)
def test_qualitative_grades(grade, percent, score, met):
    result = first(run(ind("指标", "持续提升", "已提升", grade=grade, grade_percent=dec(percent))))
    assert (result.score, result.met) == (D(score), met)
    assert result.needs_reason is (result.score < 50 or not met)


@pytest.mark.parametrize(
    ("grade", "percent"),
    [
        (Grade.MET, "79.99"), (Grade.MET, "100.01"), (Grade.PARTIAL, "80"),
        (Grade.PARTIAL, "59.99"), (Grade.UNMET, "60"), (Grade.UNMET, "-1"),
    ],
)
def test_a_percentage_outside_its_band_is_an_error(grade, percent):
    with pytest.raises(SelfEvalError, match="第 1 个指标“服务质量”：.*得分比例应在"):
        run(ind("服务质量", "持续提升", grade=grade, grade_percent=D(percent)))


def test_a_qualitative_indicator_needs_a_grade():
    with pytest.raises(SelfEvalError, match="第 1 个指标“服务质量”：定性指标须选择评价等级"):
        run(ind("服务质量", "持续提升", "很好"))


def test_qualitative_explanation():
    outputs = [ind("完成时限", "一季度一次", grade=Grade.PARTIAL)] + [ind(f"x{i}", "≥1", "1") for i in range(3)]
    assert first(run(*outputs)).explanation == "定性：部分达成年度指标并具有一定效果，按 70% 计 8.75 分"


# --- weights ----------------------------------------------------------------------------------


def test_equal_split_with_the_remainder_on_the_last():
    evaluation = run(ind("a", "≥1", "1"), ind("b", "≥1", "1"), ind("c", "≥1", "1"))
    assert [r.weight for r in evaluation.indicators[:3]] == [D("16.67"), D("16.67"), D("16.66")]


def test_thirty_points_over_seven():
    benefits = tuple(ind(f"效益{i}", "持续提升", level1="效益指标", grade=Grade.MET) for i in range(7))
    evaluation = run(ind("a", "≥1", "1"), others=benefits + (SATISFACTION,))
    assert [r.weight for r in evaluation.indicators[1:8]] == [D("4.29")] * 6 + [D("4.26")]
    assert sum(r.score for r in evaluation.indicators[1:8]) == D(30)


def test_not_applicable_indicators_are_left_out():
    evaluation = run(ind("a", "≥1", "1"), ind("b", "≥1", "0", not_applicable=True), ind("c", "≥1", "1"))
    a, b, c = evaluation.indicators[:3]
    assert (a.weight, c.weight) == (D(25), D(25))
    assert (b.weight, b.score, b.met, b.needs_reason, b.explanation) == (D(0), D(0), None, False, "不适用")


def test_no_satisfaction_indicator_gives_its_points_to_benefit():
    evaluation = run(ind("a", "≥1", "1"), others=(BENEFIT,))
    assert evaluation.indicators[1].weight == D(40)
    assert evaluation.total == D(100)


def test_satisfaction_all_not_applicable_counts_as_absent():
    absent = replace(SATISFACTION, not_applicable=True)
    assert run(ind("a", "≥1", "1"), others=(BENEFIT, absent)).indicators[1].weight == D(40)


def test_cost_at_level_one_shares_one_pool_with_output():
    cost = ind("成本", "≤10万元", "9", level1="成本指标", level2="经济成本指标")
    evaluation = run(ind("a", "≥1", "1"), cost, ind("b", "≥1", "1"))
    assert [r.weight for r in evaluation.indicators[:3]] == [D("16.67"), D("16.67"), D("16.66")]
    assert evaluation.levels[0].name == "产出指标和成本指标"
    assert evaluation.levels[0].points == D(50)


def test_officer_set_weights():
    evaluation = run(ind("a", "≥1", "1", weight=D(30)), ind("b", "≥10", "5", weight=D(20)))
    assert scores(evaluation)[:2] == [(D(30), D(30)), (D(20), D(10))]


def test_officer_set_weights_must_add_up_to_the_level():
    with pytest.raises(SelfEvalError, match="“产出指标”各指标分值合计 40 分，应为 50 分"):
        run(ind("a", "≥1", "1", weight=D(30)), ind("b", "≥1", "1", weight=D(10)))


def test_unset_weights_share_what_remains():
    evaluation = run(ind("a", "≥1", "1", weight=D(20)), ind("b", "≥1", "1"), ind("c", "≥1", "1"))
    assert [r.weight for r in evaluation.indicators[:3]] == [D(20), D(15), D(15)]
    evaluation = run(ind("a", "≥1", "1", weight=D(40)), ind("b", "≥1", "1"), ind("c", "≥1", "1"), ind("d", "≥1", "1"))
    assert [r.weight for r in evaluation.indicators[:4]] == [D(40), D("3.33"), D("3.33"), D("3.34")]


@pytest.mark.parametrize("weight", ["50", "60"])
def test_set_weights_leaving_nothing_to_share_are_an_error(weight):
    with pytest.raises(SelfEvalError, match="“产出指标”已设分值合计"):
        run(ind("a", "≥1", "1", weight=D(weight)), ind("b", "≥1", "1"))


def test_mixing_can_be_forbidden():
    scheme = replace(DEFAULT_SCHEME, unset_weights_share_rest=False)
    with pytest.raises(SelfEvalError, match="全部设置分值或全部不设"):
        run(ind("a", "≥1", "1", weight=D(20)), ind("b", "≥1", "1"), scheme=scheme)


def test_a_negative_weight_is_an_error():
    with pytest.raises(SelfEvalError, match="第 1 个指标“a”：分值不能为负数"):
        run(ind("a", "≥1", "1", weight=D(-1)), ind("b", "≥1", "1"))


def test_level_points_set_by_the_officer():
    points = (("execution", D(20)), ("产出指标", D(40)), ("效益指标", D(30)), ("满意度指标", D(10)))
    evaluation = run(ind("a", "≥1", "1"), spent="13", points=points)
    assert (evaluation.execution.score, evaluation.indicators[0].weight, evaluation.total) == (D(10), D(40), D(90))


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ((("execution", D(20)),), "合计 110 分，应为 100 分"),
        ((("产出", D(50)),), "“产出”不是预算执行率或一级指标"),
    ],
)
def test_level_points_must_total_100(points, message):
    with pytest.raises(SelfEvalError, match=message):
        run(ind("a", "≥1", "1"), points=points)


def test_an_unknown_level1_is_an_error():
    with pytest.raises(SelfEvalError, match="第 2 个指标“b”：一级指标“投入指标”不在指标体系中"):
        run(ind("a", "≥1", "1"), ind("b", "≥1", "1", level1="投入指标"))


def test_a_level_with_points_but_no_indicator_is_an_error():
    with pytest.raises(SelfEvalError, match="“效益指标”有 40 分，但没有可评分的指标"):
        run(ind("a", "≥1", "1"), others=())


# --- totals and grades ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "percent", "total", "final"),
    [
        (Grade.MET, "80", "90", "优"),
        (Grade.PARTIAL, "79.98", "89.99", "良"),
        (Grade.PARTIAL, "60", "80", "良"),
        (Grade.UNMET, "59.98", "79.99", "中"),
        (Grade.UNMET, "20", "60", "中"),
        (Grade.UNMET, "19.98", "59.99", "差"),
    ],
)
def test_grades(grade, percent, total, final):
    # 10 (execution) + 50 × percent + 40 (效益, no 满意度)
    evaluation = run(ind("a", "持续提升", grade=grade, grade_percent=D(percent)), others=(BENEFIT,))
    assert (evaluation.total, evaluation.grade) == (D(total), final)


def test_the_total_is_the_sum_of_rounded_scores():
    # 16.67 × 1/3 = 5.556… → 5.56, twice; 16.66 × 1/3 = 5.553… → 5.55
    evaluation = run(ind("a", "≥3", "1"), ind("b", "≥3", "1"), ind("c", "≥3", "1"))
    assert [r.score for r in evaluation.indicators[:3]] == [D("5.56"), D("5.56"), D("5.55")]
    assert evaluation.levels[0].score == D("16.67")
    assert evaluation.total == D("10.00") + D("16.67") + D(30) + D(10)


# --- a whole project of seed 004 ----------------------------------------------------------------

SEED_004_PROJECT_1 = {
    # 2024年白沟箱包市场采购贸易方式试点活动资金: budget 26.00, no 满意度 indicator.
    "budget": {"initial": "26.00", "adjusted": "26.00", "spent": "24.70"},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "外出次数", "target": "≤4次", "actual": "3"},
        {"level1": "产出指标", "level2": "质量指标", "name": "活动参与率", "target": "≥95%", "actual": "92%"},
        {"level1": "产出指标", "level2": "时效指标", "name": "完成时限", "target": "一季度一次", "actual": "三个季度各一次",
         "grade": "部分达成年度指标并具有一定效果"},
        {"level1": "产出指标", "level2": "成本指标", "name": "运行保障总成本", "target": "≤26万元", "actual": "24.70万元"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "外出考察学习", "target": "学习新进经验，推进白沟试点能级提升，",
         "actual": "形成考察报告", "grade": "达成年度指标"},
    ],
}


def test_seed_004_project_1_end_to_end():
    evaluation = evaluate(evaluation_from_json(SEED_004_PROJECT_1))
    assert (evaluation.execution.rate, evaluation.execution.score) == (D("0.9500"), D("9.50"))
    assert scores(evaluation) == [
        (D("12.5"), D("12.5")),  # 3 ≤ 4
        (D("12.5"), D("12.11")),  # 12.5 × 92 ÷ 95 = 12.105…
        (D("12.5"), D("8.75")),  # 70% of 12.5
        (D("12.5"), D("12.5")),  # 24.70 ≤ 26 (成本 at level 2, under 产出)
        (D("40"), D("40")),  # 效益 30 + 满意度 10, 100%
    ]
    assert [r.needs_reason for r in evaluation.indicators] == [False, True, True, False, False]
    assert evaluation.total == D("95.36")  # 9.5 + 12.5 + 12.11 + 8.75 + 12.5 + 40
    assert evaluation.grade == "优"


# --- JSON in and out --------------------------------------------------------------------------


def test_json_numbers_or_text():
    data = {
        "budget": {"adjusted": 26, "spent": D("24.7")},
        "weights": {"execution": "10", "产出指标": 50, "效益指标": D(30), "满意度指标": "10分"},
        "indicators": [
            {"level1": "产出指标", "name": "a", "target": "≥4次", "actual": 3, "weight": "50"},
            {"level1": "效益指标", "name": "b", "target": "持续提升", "grade": "部分达成年度指标并具有一定效果", "grade_percent": "75%"},
            {"level1": "满意度指标", "name": "c", "target": "≥90%", "actual": "", "not_applicable": True},
        ],
    }
    document = evaluation_to_json(evaluate(evaluation_from_json(data)))
    assert document["execution"]["rate"] == 0.95
    assert [(r["weight"], r["score"], r["met"]) for r in document["indicators"]] == [
        (50, 37.5, False), (40, 30, False), (0, 0, None),
    ]
    assert (document["total"], document["grade"]) == (77, "中")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON 对象"),
        ({"indicators": []}, "budget"),
        ({"budget": {"spent": 1}, "indicators": []}, "indicators"),
        ({"budget": {"spent": "abc", "adjusted": 1}, "indicators": [{}]}, "budget.spent应为数字"),
        ({"budget": {"spent": 1, "adjusted": 1}, "indicators": [{"level1": "产出指标"}]}, "第 1 个指标缺少三级指标名称"),
        ({"budget": {"spent": 1, "adjusted": 1}, "indicators": [{"name": "a", "level1": "产出指标"}]}, "第 1 个指标“a”：缺少指标值"),
        ({"budget": {"spent": 1, "adjusted": 1}, "indicators": [{"name": "a", "level1": "产出指标", "target": "好", "grade": "好"}]},
         "评价等级“好”应为"),
        ({"budget": {"spent": 1, "adjusted": 1}, "weights": [10], "indicators": [{}]}, "weights"),
    ],
)
def test_bad_json_input(data, message):
    with pytest.raises(SelfEvalError, match=message):
        evaluation_from_json(data)

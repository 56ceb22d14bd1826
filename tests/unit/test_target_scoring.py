"""Year-end scoring of the new target readings: ranges at the nearer bound, dates without a year, numbers in words."""

import json
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.actuals import ActualError, score_range
from app.domain.selfeval import DEFAULT_SCHEME, IndicatorInput, evaluate, evaluation_from_json, score_indicator
from app.domain.targets import Kind, Target, is_met, parse_target

# A loaded machine (two cores, several test runs) must not turn a slow example into a failure.
relaxed = settings(deadline=None)


def score(target, actual, weight="10", year=None):
    indicator = IndicatorInput("产出指标", "数量指标", "指标", parse_target(target), actual)
    return score_indicator(indicator, D(weight), DEFAULT_SCHEME, year)


@pytest.mark.parametrize(
    ("target", "actual", "points", "met"),
    [
        # Inside the range, both ends included: full points.
        ("20～30人", "20", "10", True),
        ("20～30人", "25人", "10", True),
        ("20～30人", "30", "10", True),
        ("≥95%且≤100%", "95%", "10", True),
        ("80%-90%", "90", "10", True),
        # Below the lower bound: as a "≥ lower" target, in proportion (财预〔2020〕10号).
        ("20～30人", "15", "7.50", False),  # 10 × 15 ÷ 20
        ("20～30人", "19", "9.50", False),
        ("≥95%且≤100%", "76%", "8.00", False),  # 10 × 76 ÷ 95
        ("20～30人", "0", "0", False),
        # Above the upper bound: as a "≤ upper" target, 分值 × 上限 ÷ 实际值.
        ("20～30人", "40", "7.50", False),  # 10 × 30 ÷ 40
        ("5-10万元", "12.5万元", "8.00", False),  # 10 × 10 ÷ 12.5
        ("-5～0℃", "1", "0", False),  # an upper bound of 0: nothing in proportion
    ],
)
def test_a_range_is_scored_at_the_nearer_bound(target, actual, points, met):
    result = score(target, actual)
    assert result.score == D(points) and result.met is met
    assert result.needs_reason is not met


def test_the_explanation_names_the_range_and_the_bound():
    inside = score("20～30人", "25")
    assert inside.explanation == "实际 25 人 在目标区间 20–30 人 内，得满分"
    below = score("20～30人", "15")
    assert below.explanation == "目标区间 20–30 人，按下限计：实际 15 人 未达目标 ≥20 人，得分 = 10 × 15 ÷ 20 = 7.5"
    above = score("80%-90%", "95%")
    assert above.explanation.startswith("目标区间 80–90%，按上限计：实际 95% 未达目标 ≤90%")


def test_a_range_actual_in_another_unit_is_refused():
    with pytest.raises(ActualError, match="单位“次”与指标值的单位“人”不一致"):
        score_range(parse_target("20～30人"), "25次", D(10), DEFAULT_SCHEME)


def test_a_range_without_an_actual_is_an_error_on_the_actual():
    with pytest.raises(Exception) as caught:
        score("20～30人", None)
    assert caught.value.problems[0].field == "indicators-0-actual"


def test_an_actual_in_words_is_read():
    assert score("≥2次", "两次").score == D(10)
    assert score("20～30人", "二十五人").met is True


@pytest.mark.parametrize(
    ("target", "actual", "met"),
    [("9月底前", "2024年9月30日", True), ("9月底前", "2024年10月1日", False), ("年底前", "12月", True),
     ("1-6月", "2024年6月", True), ("上半年", "2024年7月", False)],
)
def test_a_deadline_without_a_year_takes_the_projects_year(target, actual, met):
    assert score(target, actual, year=2024).met is met


def test_the_selfeval_document_year_reads_deadlines_and_ranges():
    document = {
        "year": 2024,
        "budget": {"initial": "100", "spent": "100"},
        "indicators": [
            {"level1": "产出指标", "name": "培训人数", "target": "20～30人", "actual": "35"},
            {"level1": "产出指标", "name": "完成时间", "target": "年底前", "actual": "2024年11月"},
            {"level1": "效益指标", "name": "效益", "target": "持续提升", "grade": "达成年度指标"},
            {"level1": "满意度指标", "name": "满意度", "target": "≥90%", "actual": "95%"},
        ],
    }
    evaluation = evaluate(evaluation_from_json(json.loads(json.dumps(document))))
    people, deadline = evaluation.indicators[0], evaluation.indicators[1]
    assert people.met is False and people.score == D("21.43")  # 25 × 30 ÷ 35
    assert deadline.met is True and "2024-11-30 ≤ 2024-12-31" in deadline.explanation


numbers = st.decimals(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False, places=2)


@relaxed
@given(numbers, numbers, numbers)
def test_scoring_a_range_agrees_with_is_met_and_never_exceeds_the_weight(a, b, actual):
    target = Target("", Kind.RANGE, unit="人", lower=min(a, b), upper=max(a, b))
    outcome = score_range(target, f"{actual}人", D(10), DEFAULT_SCHEME)
    assert outcome.met is is_met(target, actual)
    assert D(0) <= outcome.score <= D(10)
    assert (outcome.score == D(10)) or not outcome.met

"""Seed 002: monthly fill and response rates, annual means, case bonus."""

from decimal import Decimal

import pytest

from app.centres.rules.common import round_half_up
from app.centres.rules.zhejiang import (
    MonthInput,
    Region,
    ZhejiangSettings,
    case_bonus,
    fill_rate,
    response_rate,
    score_region,
)

D = Decimal


def month(number: int, **fields) -> MonthInput:
    """Make a month with full fill figures unless told otherwise."""
    values = dict(fill_share=D(1), prev_accuracy=D(1), completion=D(1))
    values.update({key: D(str(value)) if isinstance(value, float) else value for key, value in fields.items()})
    return MonthInput(month=number, **values)


def region(*months: MonthInput, cases: int = 0) -> Region:
    """Make a region of the given months."""
    return Region("杭州市", months, cases)


def test_fill_rate_weights_30_30_40():
    assert fill_rate(month(1, fill_share=0.82, prev_accuracy=0.9, completion=0.75), ZhejiangSettings()) == D("0.816")


@pytest.mark.parametrize(
    ("months", "weights"),
    [
        ((1, 2, 3, 4, 7, 10), ("1", "0")),  # 累计响应数/累计提问数
        ((5, 8, 11), ("0.9", "0.1")),  # 问题累计响应*90%+五色清单响应*10%
        ((6, 9, 12), ("0.5", "0.5")),  # 问题累计响应*50%+五色清单响应*50%
    ],
)
def test_response_weights_of_each_month(months, weights):
    settings = ZhejiangSettings()
    for number in months:
        assert settings.weights(number) == (D(weights[0]), D(weights[1]))


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "0.8"), (4, "0.8"), (7, "0.8"), (10, "0.8"), (5, "0.77"), (8, "0.77"), (11, "0.77"),
     (6, "0.65"), (9, "0.65"), (12, "0.65")],
)
def test_monthly_response_rate_by_month_type(number, expected):
    score = score_region(region(month(number, asked=10, answered=8, warned=10, feedback=5)))
    assert score.months[0].response_rate == D(expected)


def test_question_rate_is_cumulative_over_the_months_given():
    score = score_region(region(
        month(3, asked=10, answered=10),
        month(1, asked=10, answered=5),
        month(2, asked=0, answered=0),
    ))
    assert [m.month for m in score.months] == [1, 2, 3]
    assert [m.question_rate for m in score.months] == [D("0.5"), D("0.5"), D("0.75")]


def test_nothing_asked_yet_and_nothing_warned_count_as_full():
    score = score_region(region(month(6, asked=0, answered=0, warned=0, feedback=0)))
    assert (score.months[0].question_rate, score.months[0].colour_rate, score.months[0].response_rate) == (1, 1, 1)


def test_five_colour_rate_is_that_months_feedback_over_warned():
    score = score_region(region(month(5, warned=8, feedback=2), month(6, warned=4, feedback=4)))
    assert [m.colour_rate for m in score.months] == [D("0.25"), D(1)]


@pytest.mark.parametrize(
    ("rate", "sluggish", "expected"),
    [("0.95", 0, "0.95"), ("0.95", 1, "0.94"), ("0.95", 3, "0.92"), ("0.02", 2, "0"), ("0.02", 5, "0")],
)
def test_sluggish_replies_take_one_point_each_down_to_zero(rate, sluggish, expected):
    assert response_rate(1, D(rate), D(1), sluggish, ZhejiangSettings()) == D(expected)


@pytest.mark.parametrize(("cases", "expected"), [(0, "0"), (1, "0.1"), (3, "0.3"), (5, "0.5"), (6, "0.5"), (20, "0.5")])
def test_case_bonus_capped_at_half_a_point(cases, expected):
    assert case_bonus(cases, ZhejiangSettings()) == D(expected)
    assert score_region(region(month(1), cases=cases)).bonus == D(expected)


@pytest.mark.parametrize(
    ("completions", "met"),
    [((1, 0.5), True), ((0.5, 1), True), ((0.5, 0.49975), False)],
)
def test_fill_target_is_80_percent_of_the_annual_mean(completions, met):
    months = [month(n + 1, fill_share=1.0, prev_accuracy=1.0, completion=c) for n, c in enumerate(map(float, completions))]
    # 0.6 + 0.4 c each month: (1, 0.5) → 1 and 0.8, mean 0.9; (0.5, 0.49975) → 0.79995
    assert score_region(region(*months)).fill_met is met


@pytest.mark.parametrize(("answered", "met"), [(9, True), (8, False)])
def test_response_target_is_90_percent(answered, met):
    score = score_region(region(month(1, asked=10, answered=answered)))
    assert score.response_met is met


def test_annual_rates_are_means_of_unrounded_months():
    tiny = month(1, fill_share=D(0), prev_accuracy=D(0), completion=D("0.000125"))
    empty = month(2, fill_share=D(0), prev_accuracy=D(0), completion=D(0))
    score = score_region(region(tiny, empty)).to_dict()
    assert [m["fill_rate"] for m in score["months"]] == [D("0.0001"), D("0.0000")]
    assert score["fill_rate"] == D("0.0000")  # mean of 0.00005 and 0, not of the rounded months


def test_annual_response_of_thirds():
    score = score_region(region(month(1, asked=3, answered=2), month(2)))
    assert round_half_up(score.months[0].response_rate, 4) == D("0.6667")
    assert round_half_up(score.response_rate, 4) == D("0.6667")  # (2/3 + 2/3) / 2

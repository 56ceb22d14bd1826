"""The target-table rules of issue 2 (budget, spending plan, indicators)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from app.domain.projects import CheckpointDraft, IndicatorDraft, review_project
from tests.factories import INDICATORS, make_draft


def fields(review, kind="errors"):
    return [p.field for p in getattr(review, kind)]


def test_a_seed_project_is_valid():
    review = review_project(make_draft())
    assert review.ok, review.errors
    assert review.warnings == ()


@pytest.mark.parametrize(
    ("total", "fiscal", "other", "ok"),
    [
        ("26.00", "26.00", "0", True),
        ("26.00", "20.00", "6.00", True),
        ("26.00", "20.00", "5.99", False),
        ("26.004", "20.00", "6.00", True),  # equal to 0.01 万元
        ("26.01", "20.00", "6.00", False),
    ],
)
def test_budget_total_is_fiscal_plus_other(total, fiscal, other, ok):
    draft = make_draft(
        budget_total=Decimal(total),
        budget_fiscal=Decimal(fiscal),
        budget_other=Decimal(other),
        checkpoints=(),
    )
    review = review_project(draft)
    assert review.ok is ok
    if not ok:
        assert fields(review) == ["budget_total"]
        assert "应等于财政资金与其他资金之和" in review.errors[0].message


def test_negative_amounts_are_refused():
    review = review_project(make_draft(budget_other=Decimal("-1"), budget_total=Decimal("25.00"), checkpoints=()))
    assert "budget_other" in fields(review)


def test_missing_amount_is_named():
    review = review_project(make_draft(budget_fiscal=None, checkpoints=()))
    assert fields(review) == ["budget_fiscal"]
    assert review.errors[0].message == "请填写财政资金"


def plan(*pairs):
    return tuple(CheckpointDraft(m, None if a is None else Decimal(a)) for m, a in pairs)


def test_checkpoints_must_not_decrease():
    review = review_project(make_draft(checkpoints=plan((3, "2.50"), (6, "12.00"), (10, "11.00"), (12, "26.00"))))
    # marked at the earlier checkpoint, which runs ahead of a later one (issue 12)
    assert fields(review) == ["checkpoints-1-amount"]
    assert review.errors[0].message == "支出计划为累计数，6月底（12.00）不能多于其后的10月底（11.00）"


def test_last_checkpoint_equals_the_budget():
    review = review_project(make_draft(checkpoints=plan((3, "2.50"), (6, "12.00"), (10, "21.50"), (12, "25.00"))))
    assert fields(review) == ["checkpoints-3-amount"]
    assert "应等于预算数 26.00" in review.errors[0].message


def test_no_plan_at_all_is_allowed_but_a_partial_plan_is_not():
    assert review_project(make_draft(checkpoints=())).ok
    assert review_project(make_draft(checkpoints=plan((3, None), (6, None), (9, None), (12, None)))).ok
    review = review_project(make_draft(checkpoints=plan((3, "1"), (6, None), (9, None), (12, "26"))))
    assert fields(review) == ["checkpoints-1-amount", "checkpoints-2-amount"]


def test_september_checkpoints_are_accepted():
    assert review_project(make_draft(checkpoints=plan((3, "1"), (6, "10"), (9, "20"), (12, "26")))).ok


def test_at_least_one_indicator():
    review = review_project(make_draft(indicators=()))
    assert fields(review) == ["indicators"]


def test_level2_must_belong_to_level1():
    bad = replace(INDICATORS[0], level1="效益指标", level2="数量指标")
    review = review_project(make_draft(indicators=(bad,) + INDICATORS[1:]))
    assert fields(review) == ["indicators-0-level2"]
    assert review.errors[0].message == "第 1 行指标：二级指标“数量指标”不属于一级指标“效益指标”"


def test_level1_cost_scheme_is_accepted():
    cost = IndicatorDraft("成本指标", "经济成本指标", "项目总成本", "≤26万元")
    assert review_project(make_draft(indicators=INDICATORS + (cost,))).ok


def test_target_text_is_required():
    blank = replace(INDICATORS[1], target_text="  ")
    review = review_project(make_draft(indicators=(INDICATORS[0], blank)))
    assert "indicators-1-target_text" in fields(review)


def test_cost_over_budget_is_a_warning_not_an_error():
    costly = replace(INDICATORS[3], target_text="≤30万元")
    review = review_project(make_draft(indicators=INDICATORS[:3] + (costly,) + INDICATORS[4:]))
    assert review.ok
    assert fields(review, "warnings") == ["indicators-3-target_text"]
    assert "超过预算数 26.00 万元" in review.warnings[0].message


def test_cost_in_yuan_is_compared_in_wan():
    costly = replace(INDICATORS[3], target_text="≤250000元")
    assert review_project(make_draft(indicators=INDICATORS[:3] + (costly,) + INDICATORS[4:])).warnings == ()
    costly = replace(INDICATORS[3], target_text="≤270000元")
    assert len(review_project(make_draft(indicators=INDICATORS[:3] + (costly,) + INDICATORS[4:])).warnings) == 1


def test_missing_level1_category_is_a_warning():
    review = review_project(make_draft(indicators=INDICATORS[:4]))
    assert review.ok
    assert [w.message for w in review.warnings] == ["没有效益指标", "没有满意度指标"]

"""The draft checker: every row gets a verdict, blanks are not errors, submission needs every reason."""

from decimal import Decimal as D

import pytest

from app.domain.actuals import Grade
from app.domain.yearend import (
    IndicatorFacts,
    ProjectFacts,
    RowEntry,
    YearEndEntry,
    check,
    evaluation_input,
    verdict_to_json,
)
from tests.factories import INDICATORS
from tests.selfeval.builders import ACTUALS, GRADE, SCORES, TOTAL

FACTS = ProjectFacts(
    D("26.00"),
    tuple(IndicatorFacts(n + 10, i.level1, i.level2, i.name, i.target_text) for n, i in enumerate(INDICATORS)),
)


def entry(actuals=ACTUALS, reasons=True, **overrides) -> YearEndEntry:
    rows = tuple(
        RowEntry(
            indicator.id,
            actual,
            grade=Grade.PARTIAL if n == 4 else None,
            grade_percent=D(75) if n == 4 else None,
            deviation_reason="原因" if reasons and n in (1, 2, 4) else "",
        )
        for n, (indicator, actual) in enumerate(zip(FACTS.indicators, actuals))
    )
    values = dict(budget_adjusted=D("26.00"), spent_fiscal=D("20.00"), spent_carryover=D("2.10"),
                  spent_other=D("0.60"), execution_reason="尾款次年支付" if reasons else "", rows=rows)
    values.update(overrides)
    return YearEndEntry(**values)


def test_the_hand_computed_case():
    verdict = check(FACTS, entry())
    assert verdict.complete
    assert verdict.execution.rate == D("0.8731") and verdict.execution.score == D("8.73")
    assert tuple(r.result.score for r in verdict.rows) == SCORES
    assert verdict.evaluation.total == TOTAL and verdict.evaluation.grade == GRADE
    assert verdict.unmet == 3
    assert verdict.missing_reasons == ()
    assert verdict.submit_problems() == ()


def test_spent_is_the_sum_of_its_parts():
    assert entry().spent == D("22.70")
    assert YearEndEntry(spent_other=D("1.5")).spent == D("1.50")
    assert YearEndEntry().spent is None


def test_missing_reasons_block_submission_only():
    verdict = check(FACTS, entry(reasons=False))
    assert verdict.missing_reasons == ("预算执行率", "活动参与率", "完成时限", "外出考察学习")
    assert verdict.save_problems() == ()
    fields = [p.field for p in verdict.submit_problems()]
    assert fields == ["execution_reason", "indicators-1-deviation_reason", "indicators-2-deviation_reason",
                      "indicators-4-deviation_reason"]


def test_blank_rows_still_get_verdicts_and_keep_the_others_weights():
    actuals = ("3", "", "2025年1月10日", "", "形成考察报告", "98%")
    verdict = check(FACTS, entry(actuals=actuals))
    assert not verdict.complete
    statuses = [verdict_to_json(verdict)["rows"][n]["status"] for n in range(6)]
    assert statuses == ["达标", "待填写", "未达标", "待填写", "未达标", "达标"]
    assert verdict.rows[1].error == "缺少实际完成值" and verdict.rows[1].missing
    assert [r.weight for r in verdict.rows] == [D("12.50")] * 4 + [D("30.00"), D("10.00")]
    assert verdict.save_problems() == ()  # a draft may be saved with blanks
    assert "indicators-1-actual" in [p.field for p in verdict.submit_problems()]


def test_a_wrong_actual_is_an_error_beside_its_field():
    actuals = ("3天", *ACTUALS[1:])
    verdict = check(FACTS, entry(actuals=actuals))
    (problem,) = verdict.save_problems()
    assert problem.field == "indicators-0-actual"
    assert problem.message == "实际完成值“3天”的单位“天”与指标值的单位“次”不一致"
    assert verdict.rows[1].result.score == D("10.53")  # the other rows are still scored


def test_a_grade_outside_its_band_is_an_error():
    rows = list(entry().rows)
    rows[4] = RowEntry(rows[4].indicator_id, "报告", grade=Grade.PARTIAL, grade_percent=D(85))
    verdict = check(FACTS, entry(rows=tuple(rows)))
    (problem,) = verdict.save_problems()
    assert problem.field == "indicators-4-grade"
    assert "60%–80%" in problem.message


def test_a_qualitative_row_without_grade_is_only_missing():
    rows = list(entry().rows)
    rows[4] = RowEntry(rows[4].indicator_id, "报告")
    verdict = check(FACTS, entry(rows=tuple(rows)))
    assert verdict.rows[4].missing and verdict.rows[4].field == "grade"


def test_weights_set_by_the_officer_and_the_rest_shared():
    rows = list(entry().rows)
    rows[0] = RowEntry(rows[0].indicator_id, "3", weight=D(20))
    rows[1] = RowEntry(rows[1].indicator_id, "80%", weight=D(10), deviation_reason="原因")
    verdict = check(FACTS, entry(rows=tuple(rows)))
    assert [r.weight for r in verdict.rows[:4]] == [D(20), D(10), D("10.00"), D("10.00")]


def test_weights_that_do_not_add_up_are_a_problem_of_the_level():
    rows = tuple(RowEntry(r.indicator_id, r.actual, r.grade, r.grade_percent, D(10), False, r.deviation_reason)
                 for r in entry().rows)
    verdict = check(FACTS, entry(rows=rows))
    assert not verdict.complete
    assert verdict.save_problems()[0].message == "“产出指标”各指标分值合计 40 分，应为 50 分"


def test_not_applicable_rows_give_their_points_to_the_level():
    rows = list(entry().rows)
    rows[5] = RowEntry(rows[5].indicator_id, "", not_applicable=True)
    verdict = check(FACTS, entry(rows=tuple(rows)))
    assert verdict.complete
    assert verdict.rows[5].result.met is None
    assert verdict.rows[4].weight == D(40)  # 满意度 10 goes to 效益 30


@pytest.mark.parametrize(
    ("overrides", "message", "missing", "field"),
    [
        (dict(spent_fiscal=None, spent_carryover=None, spent_other=None), "缺少全年执行数", True, "spent_fiscal"),
        (dict(budget_adjusted=D(0)), "全年预算数须大于 0，才能计算预算执行率", False, "budget_adjusted"),
    ],
)
def test_budget_blanks_and_errors(overrides, message, missing, field):
    verdict = check(FACTS, entry(**overrides))
    assert verdict.execution is None and verdict.execution_error == message
    assert verdict.execution_missing is missing
    assert verdict.rows[0].result.score == D("12.50")  # rows are still scored
    problems = verdict.submit_problems() if missing else verdict.save_problems()
    assert (field, message) in [(p.field, p.message) for p in problems]


def test_without_adjusted_budget_the_initial_one_counts():
    verdict = check(FACTS, entry(budget_adjusted=None))
    assert verdict.execution.rate == D("0.8731")


def test_the_grade_of_a_quantitative_row_is_ignored():
    rows = list(entry().rows)
    rows[0] = RowEntry(rows[0].indicator_id, "3", grade=Grade.UNMET, grade_percent=D(10))
    assert evaluation_input(FACTS, entry(rows=tuple(rows))).indicators[0].grade is None
    assert check(FACTS, entry(rows=tuple(rows))).rows[0].result.score == D("12.50")


def test_rows_are_matched_by_indicator_id_not_order():
    shuffled = entry(rows=tuple(reversed(entry().rows)))
    assert check(FACTS, shuffled).evaluation.total == TOTAL


def test_verdict_json_is_what_the_page_shows():
    document = verdict_to_json(check(FACTS, entry()))
    assert document["total"] == "76.76" and document["grade"] == "中"
    assert document["execution"]["rate"] == "87.31%"
    assert document["rows"][1] == {
        "indicator_id": 11, "weight": "12.5", "score": "10.53", "met": False, "status": "未达标",
        "explanation": "实际 80% 未达目标 ≥95%，得分 = 12.5 × 80 ÷ 95 = 10.53",
        "needs_reason": True, "reason_missing": False, "error": "", "missing": False,
    }


def test_blank_rows_are_checked_in_one_pass(monkeypatch):
    """Each blank row used to cost one more whole evaluation (quadratic in the rows)."""
    from dataclasses import replace as _replace

    import app.domain.yearend as yearend

    many = _replace(FACTS, indicators=tuple(
        _replace(FACTS.indicators[n % len(FACTS.indicators)], id=100 + n, name=f"指标{n}") for n in range(60)
    ))
    calls = []
    real = yearend.evaluate
    monkeypatch.setattr(yearend, "evaluate", lambda *a, **k: calls.append(1) or real(*a, **k))
    verdict = check(many, YearEndEntry())
    assert len(calls) == 1
    blank = [r for r in verdict.rows if r.error]
    assert len(blank) >= 50 and all(r.missing for r in blank)
    assert verdict.evaluation is None


def test_one_pass_gives_the_same_verdict_as_row_by_row():
    from app.domain.yearend import _stand_in_rows

    half = entry(actuals=tuple(a if n % 2 else "" for n, a in enumerate(ACTUALS)))
    project = evaluation_input(FACTS, half)
    budget = project.budget
    from app.domain.selfeval import DEFAULT_SCHEME

    fast = _stand_in_rows(project, budget, (), DEFAULT_SCHEME, prescreen=True)
    slow = _stand_in_rows(project, budget, (), DEFAULT_SCHEME, prescreen=False)
    assert fast[0] == slow[0] and fast[1] == slow[1] and fast[2] == slow[2]
    assert fast[0]

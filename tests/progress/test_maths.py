"""The progress maths on seed 004's first project: 2.50 / 12.00 / 21.50 / 26.00 at 3/6/10/12月底, budget 26.00.

2024 is a leap year: 31 March is day 91, 30 June day 182, 30 September day 274,
31 October day 305, 31 December day 366. Numbers are worked out by hand in the comments.
"""

import datetime
from decimal import Decimal

import pytest

from app.documents.progress_text import flags_of, progress_to_json
from app.domain.dates import completed_months, parse_date
from app.domain.errors import DomainError
from app.domain.payments import over_budget, read_payment
from app.domain.progress import (
    Benchmark,
    Interpolation,
    Lag,
    LagKind,
    PlanPoint,
    ProgressSettings,
    RateRule,
    Spend,
    actual_curve,
    benchmark_at,
    benchmark_curve,
    describe,
    parse_rules,
    plan_at,
    plan_curve,
    plan_within,
    progress,
    settings_from,
)

D = Decimal
BUDGET = D("26.00")
PLAN = tuple(PlanPoint(m, D(a)) for m, a in ((3, "2.50"), (6, "12.00"), (10, "21.50"), (12, "26.00")))
PLAN_3_6_9_12 = tuple(PlanPoint(m, D(a)) for m, a in ((3, "2.50"), (6, "12.00"), (9, "21.50"), (12, "26.00")))
day = datetime.date


def spends(*items):
    return [Spend(day(*d), D(a)) for d, a in items]


@pytest.mark.parametrize(
    "when,expected",
    [
        (day(2023, 12, 31), "0.00"),  # before the year: nothing planned
        (day(2024, 1, 1), "0.03"),  # 2.50 × 1/91 = 0.0275
        (day(2024, 2, 15), "1.26"),  # before the first checkpoint: 2.50 × 46/91 = 1.2637
        (day(2024, 3, 31), "2.50"),  # at the checkpoint
        (day(2024, 5, 15), "7.20"),  # 2.50 + 9.50 × (136 − 91)/(182 − 91) = 7.1978
        (day(2024, 6, 30), "12.00"),
        (day(2024, 7, 15), "13.16"),  # 12.00 + 9.50 × 15/123 = 13.1585
        (day(2024, 10, 31), "21.50"),
        (day(2024, 11, 30), "23.71"),  # 21.50 + 4.50 × 30/61 = 23.7131
        (day(2024, 12, 31), "26.00"),
        (day(2025, 2, 1), "26.00"),  # after the year end: the whole plan
    ],
)
def test_plan_day_by_day(when, expected):
    assert plan_at(2024, PLAN, when) == D(expected)


@pytest.mark.parametrize(
    "when,expected",
    [
        (day(2024, 2, 15), "0.83"),  # 1 month over: 2.50 × 1/3
        (day(2024, 3, 30), "1.67"),  # 31 March is not over yet: 2 months, 2.50 × 2/3
        (day(2024, 3, 31), "2.50"),
        (day(2024, 5, 15), "5.67"),  # 4 months: 2.50 + 9.50 × 1/3
        (day(2024, 7, 15), "12.00"),  # the plan holds inside July
        (day(2024, 8, 31), "16.75"),  # 12.00 + 9.50 × 2/4
        (day(2025, 1, 10), "26.00"),
    ],
)
def test_plan_month_by_month(when, expected):
    assert plan_at(2024, PLAN, when, Interpolation.MONTH) == D(expected)


@pytest.mark.parametrize(
    "when,expected",
    [
        (day(2024, 8, 15), "16.75"),  # 12.00 + 9.50 × (228 − 182)/(274 − 182) = 12 + 9.5 × 46/92
        (day(2024, 9, 30), "21.50"),
        (day(2024, 10, 31), "23.02"),  # 21.50 + 4.50 × 31/92 = 23.0163
    ],
)
def test_plan_with_checkpoints_at_3_6_9_12(when, expected):
    assert plan_at(2024, PLAN_3_6_9_12, when) == D(expected)


# Other plans of seed 004 (budget = last checkpoint): 2024年市场采购贸易方式试点专项资金,
# 海关专项经费, 运转保障-劳务派遣经费 (also read at 3/6/9/12) and 国贸中心-2024年管理服务资金.
PILOT = tuple(PlanPoint(m, D(a)) for m, a in ((3, "0.00"), (6, "1000.00"), (10, "1000.00"), (12, "1000.00")))
CUSTOMS = tuple(PlanPoint(m, D(a)) for m, a in ((3, "0.00"), (6, "0.00"), (10, "0.00"), (12, "60.00")))
LABOUR = tuple(PlanPoint(m, D(a)) for m, a in ((3, "7.53"), (6, "15.06"), (10, "22.59"), (12, "30.12")))
LABOUR_9 = tuple(PlanPoint(m, D(a)) for m, a in ((3, "7.53"), (6, "15.06"), (9, "22.59"), (12, "30.12")))
SALARIES = tuple(PlanPoint(m, D(a)) for m, a in ((3, "50.31"), (6, "71.13"), (10, "91.96"), (12, "112.78")))


@pytest.mark.parametrize(
    "plan,when,by_day,by_month",
    [
        (PILOT, day(2024, 3, 31), "0.00", "0.00"),  # nothing planned in the first quarter
        (PILOT, day(2024, 5, 15), "494.51", "333.33"),  # 1000 × 45/91 = 494.505; 4 months: 1000 × 1/3
        (PILOT, day(2024, 8, 15), "1000.00", "1000.00"),  # flat between equal checkpoints
        (CUSTOMS, day(2024, 11, 30), "29.51", "30.00"),  # 60 × (335 − 305)/(366 − 305) = 29.508; 11 months: 60 × 1/2
        (CUSTOMS, day(2024, 12, 15), "44.26", "30.00"),  # 60 × 45/61 = 44.262; December is not over
        (LABOUR, day(2024, 2, 29), "4.96", "5.02"),  # before the first checkpoint: 7.53 × 60/91; 29 Feb ends February: 7.53 × 2/3
        (LABOUR, day(2024, 8, 31), "18.86", "18.83"),  # 15.06 + 7.53 × 62/123 = 18.8556; 15.06 + 7.53 × 2/4 = 18.825
        (LABOUR_9, day(2024, 8, 31), "20.13", "20.08"),  # 15.06 + 7.53 × 62/92 = 20.1346; 15.06 + 7.53 × 2/3
        (SALARIES, day(2024, 1, 31), "17.14", "16.77"),  # 50.31 × 31/91 = 17.1386; 50.31 × 1/3
        (SALARIES, day(2025, 6, 30), "112.78", "112.78"),  # after the year end
    ],
)
def test_other_seed_plans(plan, when, by_day, by_month):
    assert plan_at(2024, plan, when) == D(by_day)
    assert plan_at(2024, plan, when, Interpolation.MONTH) == D(by_month)


def test_the_allowance_is_rounded_to_the_cent_as_shown():
    # 5% × 30.12 = 1.506, shown and applied as 1.51: lagging at 6月底 means spent < 15.06 − 1.51 = 13.55
    on_edge = progress(2024, D("30.12"), LABOUR, spends(((2024, 3, 29), "7.53"), ((2024, 6, 28), "6.02")), day(2024, 7, 1))
    assert (on_edge.checkpoints[1].spent, on_edge.checkpoints[1].lagging) == (D("13.55"), False)
    below = progress(2024, D("30.12"), LABOUR, spends(((2024, 3, 29), "7.53"), ((2024, 6, 28), "6.01")), day(2024, 7, 1))
    assert flags_of(below)[0] == "6月底支出 13.54 万元，低于计划 15.06 万元（允许偏差 1.51 万元）"
    # the maths says why as data; the words are the edge's (app/documents/progress_text.py)
    assert below.lags[0] == Lag(LagKind.PLAN, 6, spent=D("13.54"), planned=D("15.06"), allowance=D("1.51"))
    assert [lag.kind for lag in on_edge.lags] == [LagKind.RATE]  # 13.55 ÷ 30.12 = 44.99% < 50% at 6月底


def test_a_plan_back_loaded_to_december_is_flagged_by_the_rate_rules_only():
    result = progress(2024, D("60.00"), CUSTOMS, [], day(2024, 10, 1))
    assert [(c.month, c.lagging) for c in result.checkpoints] == [(3, False), (6, False), (10, None), (12, None)]
    assert flags_of(result) == ("6月底执行率 0.00% 低于 50%", "9月底执行率 0.00% 低于 60%")
    assert result.lags == (Lag(LagKind.RATE, 6, rate=D("0.0000"), floor=D("0.5")), Lag(LagKind.RATE, 9, rate=D("0.0000"), floor=D("0.6")))
    assert result.plan_at_date == D("0.00") and result.benchmark == D("0.7500")


def test_a_cut_budget_caps_the_plan():
    # 26.00 cut to 20.00: the plan reads 2.50 / 12.00 / 20.00 / 20.00
    assert plan_within(PLAN, D("20.00")) == tuple(PlanPoint(m, D(a)) for m, a in ((3, "2.50"), (6, "12.00"), (10, "20.00"), (12, "20.00")))
    paid = spends(((2024, 3, 20), "2.50"), ((2024, 6, 20), "9.50"), ((2024, 10, 20), "7.00"))
    result = progress(2024, D("20.00"), PLAN, paid, day(2024, 12, 31))
    assert result.plan_at_date == D("20.00") and result.rate == D("0.9500")
    # allowance 5% × 20.00 = 1.00: 19.00 by 12月底 is not behind the capped 20.00
    assert [(c.planned, c.lagging) for c in result.checkpoints[2:]] == [(D("20.00"), False), (D("20.00"), False)]
    assert flags_of(result) == ()  # 12.00 ÷ 20.00 = 60% at 6月底 and at 9月底
    assert plan_within(PLAN, D("30.00")) == PLAN  # a raised budget leaves the plan as it is


def test_no_plan_is_no_plan_and_a_shrinking_plan_is_refused():
    assert plan_at(2024, (), day(2024, 6, 30)) is None
    with pytest.raises(DomainError, match="不能减少"):
        plan_at(2024, (PlanPoint(3, D("5")), PlanPoint(6, D("4"))), day(2024, 6, 30))


@pytest.mark.parametrize(
    "when,mode,expected",
    [
        (day(2024, 6, 29), Benchmark.COMPLETED, "0.4167"),  # 5/12: June is not over
        (day(2024, 6, 30), Benchmark.COMPLETED, "0.5000"),  # 6/12 on the month's last day
        (day(2024, 7, 15), Benchmark.COMPLETED, "0.5000"),
        (day(2024, 6, 29), Benchmark.CURRENT, "0.5000"),
        (day(2024, 7, 1), Benchmark.CURRENT, "0.5833"),  # 7/12
        (day(2024, 7, 15), Benchmark.DAY, "0.5383"),  # 197/366
        (day(2023, 12, 1), Benchmark.COMPLETED, "0.0000"),
        (day(2025, 3, 1), Benchmark.COMPLETED, "1.0000"),
        (day(2025, 3, 1), Benchmark.CURRENT, "1.0000"),
        (day(2025, 3, 1), Benchmark.DAY, "1.0000"),
    ],
)
def test_benchmark(when, mode, expected):
    assert benchmark_at(2024, when, mode) == D(expected)


def test_completed_months():
    assert [completed_months(2024, d) for d in (day(2024, 1, 30), day(2024, 1, 31), day(2024, 2, 29), day(2024, 12, 31))] == [0, 1, 2, 12]


def test_progress_at_mid_july():
    paid = spends(((2024, 3, 10), "1.20"), ((2024, 6, 20), "8.80"), ((2024, 7, 20), "3.00"))
    result = progress(2024, BUDGET, PLAN, paid, day(2024, 7, 15))
    assert result.spent == D("10.00")  # the payment of 20 July is after the reading
    assert result.rate == D("0.3846")  # 10 ÷ 26 = 0.384615
    assert result.plan_at_date == D("13.16")
    assert result.plan_rate == D("0.5062")  # 13.16 ÷ 26
    assert result.benchmark == D("0.5000")
    assert result.benchmark_amount == D("13.00")
    assert result.plan_deviation == D("-3.16")
    assert result.benchmark_deviation == D("-0.1154")
    march, june, october, december = result.checkpoints
    assert (march.spent, march.lagging, march.deviation) == (D("1.20"), False, D("-1.30"))  # exactly at the 1.30 allowance
    assert (june.spent, june.lagging) == (D("10.00"), True)  # 10.00 < 12.00 − 1.30
    assert (october.spent, october.lagging, december.spent, december.lagging) == (None, None, None, None)
    assert flags_of(result) == (
        "6月底支出 10.00 万元，低于计划 12.00 万元（允许偏差 1.30 万元）",
        "6月底执行率 38.46% 低于 50%",
    )
    assert result.lagging


def test_tolerance_edge():
    # allowance = 5% × 26.00 = 1.30: lagging means spent < 2.50 − 1.30 = 1.20
    at_edge = progress(2024, BUDGET, PLAN, spends(((2024, 3, 31), "1.20")), day(2024, 4, 1))
    assert at_edge.checkpoints[0].lagging is False and flags_of(at_edge) == ()
    below = progress(2024, BUDGET, PLAN, spends(((2024, 3, 31), "1.19")), day(2024, 4, 1))
    assert below.checkpoints[0].lagging is True
    assert flags_of(below) == ("3月底支出 1.19 万元，低于计划 2.50 万元（允许偏差 1.30 万元）",)
    # a payment on 1 April does not count for 3月底
    late = progress(2024, BUDGET, PLAN, spends(((2024, 4, 1), "2.50")), day(2024, 4, 1))
    assert late.checkpoints[0].spent == D("0.00") and late.checkpoints[0].lagging is True
    # a tighter tolerance of 1% (0.26): 2.23 < 2.24 is lagging, 2.23 is not with the default
    tight = ProgressSettings(tolerance=D("0.01"))
    assert progress(2024, BUDGET, PLAN, spends(((2024, 3, 1), "2.23")), day(2024, 3, 31), tight).checkpoints[0].lagging
    assert not progress(2024, BUDGET, PLAN, spends(((2024, 3, 1), "2.23")), day(2024, 3, 31)).checkpoints[0].lagging


def test_rate_rules_at_6_and_9_month_ends():
    paid = spends(((2024, 6, 30), "13.00"), ((2024, 9, 15), "2.00"))
    result = progress(2024, BUDGET, PLAN_3_6_9_12, paid, day(2024, 10, 1))
    # 6月底 13.00 ÷ 26 = 50% exactly: not below; 9月底 15.00 ÷ 26 = 57.69% < 60%
    assert flags_of(result)[-1] == "9月底执行率 57.69% 低于 60%"
    assert not any(f.startswith("6月底执行率") for f in flags_of(result))
    # 9月底 checkpoint: 15.00 < 21.50 − 1.30
    assert result.checkpoints[2].lagging is True
    eight = ProgressSettings(rate_rules=parse_rules("6:50,8:60"))
    flags = flags_of(progress(2024, BUDGET, PLAN_3_6_9_12, paid, day(2024, 9, 1), eight))
    assert "8月底执行率 50.00% 低于 60%" in flags


def test_before_the_first_checkpoint_and_after_the_year():
    early = progress(2024, BUDGET, PLAN, [], day(2024, 2, 15))
    assert early.plan_at_date == D("1.26") and early.benchmark == D("0.0833")
    assert all(c.spent is None and c.lagging is None for c in early.checkpoints) and early.lags == ()
    done = progress(2024, BUDGET, PLAN, spends(((2024, 12, 20), "26.00")), day(2025, 1, 15))
    assert (done.plan_at_date, done.benchmark, done.rate, done.spent) == (D("26.00"), D("1.0000"), D("1.0000"), D("26.00"))
    assert [c.lagging for c in done.checkpoints] == [True, True, True, False]


def test_zero_budget_is_refused():
    with pytest.raises(DomainError, match="预算数为 0"):
        progress(2024, D("0.00"), PLAN, [], day(2024, 6, 30))


def test_json_shape():
    result = progress(2024, BUDGET, PLAN, spends(((2024, 3, 10), "1.20")), day(2024, 4, 30))
    assert progress_to_json(result) == {
        "budget": "26.00",
        "spent": "1.20",
        "rate": "0.0462",
        "plan_at_date": "5.63",  # 2.50 + 9.50 × 30/91 = 5.6319
        "benchmark": "0.3333",
        "checkpoints": [
            {"month": 3, "planned": "2.50", "spent": "1.20", "lagging": False},
            {"month": 6, "planned": "12.00", "spent": None, "lagging": None},
            {"month": 10, "planned": "21.50", "spent": None, "lagging": None},
            {"month": 12, "planned": "26.00", "spent": None, "lagging": None},
        ],
        "flags": [],
    }


def test_settings_from_the_config():
    config = {
        "JIXIAO_PROGRESS_INTERPOLATION": "month",
        "JIXIAO_PROGRESS_BENCHMARK": "day",
        "JIXIAO_PROGRESS_TOLERANCE": "10%",
        "JIXIAO_PROGRESS_RULES": "6:50，8:60",
    }
    settings = settings_from(config)
    assert settings == ProgressSettings(
        Interpolation.MONTH, Benchmark.DAY, D("0.1"), (RateRule(6, D("0.5")), RateRule(8, D("0.6")))
    )
    assert settings_from({}) == ProgressSettings()
    assert settings_from({"JIXIAO_PROGRESS_RULES": ""}).rate_rules == ()
    assert "6月底执行率低于 50%、9月底执行率低于 60%" in describe(ProgressSettings())


@pytest.mark.parametrize(
    "text,expected",
    [("2024-03-15", day(2024, 3, 15)), ("2024/3/5", day(2024, 3, 5)), ("2024年3月5日", day(2024, 3, 5)),
     ("2024.03.05", day(2024, 3, 5)), ("20240305", day(2024, 3, 5)), ("２０２４－０３－０５", day(2024, 3, 5)),
     (datetime.datetime(2024, 3, 5, 0, 0), day(2024, 3, 5))],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_read_payment_names_every_bad_field():
    with pytest.raises(DomainError) as caught:
        read_payment(2024, "2023-12-31", "abc", source="自筹")
    assert [p.message for p in caught.value.problems] == [
        "日期 2023-12-31 不在 2024 年度内",
        "金额“abc”不是有效金额",
        "资金来源“自筹”应为 财政资金 或 其他资金",
    ]
    with pytest.raises(DomainError, match="不存在"):
        read_payment(2024, "2024-02-30", "1")
    with pytest.raises(DomainError, match="应大于 0"):
        read_payment(2024, "2024-02-01", "-1")
    with pytest.raises(DomainError, match="两位小数"):
        read_payment(2024, "2024-02-01", "1.234")
    draft = read_payment(2024, "2024-02-01", 0.1 + 0.2, source="其他")
    assert draft.amount == D("0.30") and draft.source == "其他资金"


def test_over_budget():
    assert over_budget(D("20.00"), D("6.00"), BUDGET) is None
    assert over_budget(D("20.00"), D("6.01"), BUDGET) == "累计支出 26.01 万元超过预算数 26.00 万元"


def test_curves():
    plan = plan_curve(2024, PLAN)
    assert plan[0] == (day(2023, 12, 31), D("0.00")) and plan[-1] == (day(2024, 12, 31), D("26.00"))
    assert len(plan) == 5
    bench = benchmark_curve(2024, BUDGET)
    assert bench[-1] == (day(2024, 12, 31), D("26.00")) and (day(2024, 6, 30), D("13.00")) in bench
    actual = actual_curve(2024, spends(((2024, 3, 10), "1.20"), ((2024, 3, 10), "0.80"), ((2024, 8, 1), "5")), day(2024, 7, 15))
    assert actual == [(day(2023, 12, 31), D("0.00")), (day(2024, 3, 9), D("0.00")), (day(2024, 3, 10), D("2.00")), (day(2024, 7, 15), D("2.00"))]
    assert len(plan_curve(2024, PLAN, Interpolation.MONTH)) == 13

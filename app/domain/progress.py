"""Spending progress (预算执行进度): plan, actual and the time benchmark (序时进度) at any date.

All amounts are 万元 as ``Decimal``; rounding happens here, once, half up (amounts to
0.01, rates to 0.0001). The readings that practice varies on are settings
(``ProgressSettings``, filled from ``JIXIAO_PROGRESS_*`` by ``settings_from``):

- ``interpolation``: how the plan is read between its checkpoints.
  ``day`` (default): the plan grows linearly day by day, from 0 at the start of
  1 January to each checkpoint's amount at the close of the checkpoint month's
  last day. ``month``: it grows only at month ends, linearly in months between
  the checkpoints, and holds its value inside a month.
- ``benchmark``: 序时进度 = elapsed months ÷ 12. ``completed`` (default): a month
  counts once it is over (on its last day), so 30 June is 6/12 and 29 June 5/12.
  ``current``: the month of the as-of date already counts (29 June is 6/12).
  ``day``: elapsed days ÷ days in the year.
- ``tolerance``: a project lags at a checkpoint when its spending by the
  checkpoint is below the plan by more than this share of the budget (5%).
- ``rate_rules``: the execution-rate floors of common practice (时间过半、支出过半):
  below 50% at 6月底, below 60% at 9月底 (some provinces check 60% at 8月底: set
  ``JIXIAO_PROGRESS_RULES = "6:50,8:60"``).

Sources, as the centre rules cite theirs (each rule below names its own):

- [计划] 资金支出计划: cumulative amounts at month-end checkpoints, seed 004 (保定白沟新城国际贸易服务中心 2024
  部门绩效目标, "资金支出计划" 3月底/6月底/10月底/12月底) and issue 6 point 2 ("the plan's cumulative amount at
  each checkpoint and interpolated between them").
- [序时] 序时进度 = elapsed months ÷ 12: issue 6 point 2 ("the time-elapsed benchmark 序时进度 (month ÷ 12)").
- [偏差] a checkpoint lags when spent < plan − tolerance, tolerance 5% of the budget by default: issue 6 point 2.
- [过半] execution-rate floors (50% at 6月底; 60% at 8月底 or 9月底): issue 6 point 2, "the common rules found in
  practice, as settings" (时间过半、支出过半). No official text is in the seeds for them, so they stay settings.
- [调减] a plan above a cut budget is read at the budget: the product's reading (issue 6 point 1 lets a budget be
  adjusted; a plan cannot ask for money the project no longer has).

The budget is the project's budget, or its adjusted budget when one was recorded. A plan
never asks for more than the budget: after a budget is cut (调减), the checkpoints above it
are read as the new budget (``plan_within``), so a project is not flagged for money it no
longer has.
"""

import datetime
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.domain.dates import completed_months, day_position, days_in_year, month_end
from app.domain.errors import DomainError
from app.domain.money import quantize
from app.domain.numbers import percent

RATE_PLACES = Decimal("0.0001")
ZERO = Decimal("0.00")


class Interpolation(StrEnum):
    DAY = "day"
    MONTH = "month"


class Benchmark(StrEnum):
    COMPLETED = "completed"
    CURRENT = "current"
    DAY = "day"


@dataclass(frozen=True)
class RateRule:
    """The execution rate must reach ``floor`` by the end of ``month``."""

    month: int
    floor: Decimal


@dataclass(frozen=True)
class ProgressSettings:
    interpolation: Interpolation = Interpolation.DAY
    benchmark: Benchmark = Benchmark.COMPLETED
    tolerance: Decimal = Decimal("0.05")  # [偏差] 5% of the budget
    rate_rules: tuple[RateRule, ...] = (RateRule(6, Decimal("0.50")), RateRule(9, Decimal("0.60")))  # [过半]


DEFAULT_SETTINGS = ProgressSettings()


def settings_from(config) -> ProgressSettings:
    """Read ``JIXIAO_PROGRESS_*`` from a mapping (the app config); absent keys keep the defaults.

    ``JIXIAO_PROGRESS_INTERPOLATION`` day|month, ``JIXIAO_PROGRESS_BENCHMARK``
    completed|current|day, ``JIXIAO_PROGRESS_TOLERANCE`` a share ("0.05") or a
    percentage ("5%"), ``JIXIAO_PROGRESS_RULES`` "6:50,9:60" (month:percent; empty for none).
    """
    settings = DEFAULT_SETTINGS
    if (value := config.get("JIXIAO_PROGRESS_INTERPOLATION")) is not None:
        settings = replace(settings, interpolation=Interpolation(str(value)))
    if (value := config.get("JIXIAO_PROGRESS_BENCHMARK")) is not None:
        settings = replace(settings, benchmark=Benchmark(str(value)))
    if (value := config.get("JIXIAO_PROGRESS_TOLERANCE")) is not None:
        settings = replace(settings, tolerance=_share(value))
    if (value := config.get("JIXIAO_PROGRESS_RULES")) is not None:
        settings = replace(settings, rate_rules=parse_rules(value))
    return settings


def _share(value) -> Decimal:
    text = str(value).strip()
    if text.endswith(("%", "％")):
        return Decimal(text[:-1]) / 100
    return Decimal(text)


def parse_rules(value) -> tuple[RateRule, ...]:
    """Read "6:50,9:60" (month:percent) into rate rules, by month."""
    if isinstance(value, (tuple, list)):
        return tuple(sorted(value, key=lambda r: r.month))
    rules = []
    for part in re.split(r"[,，;；\s]+", str(value).strip()):
        if not part:
            continue
        month, _, percent = part.partition(":")
        rule = RateRule(int(month), Decimal(percent.rstrip("%")) / 100)
        if not 1 <= rule.month <= 12:
            raise ValueError(f"执行率规则的月份应为 1 至 12：{part}")
        rules.append(rule)
    return tuple(sorted(rules, key=lambda r: r.month))


# -- the maths --------------------------------------------------------------------------


@dataclass(frozen=True)
class Spend:
    """A payment as the progress maths sees it."""

    day: datetime.date
    amount: Decimal




@dataclass(frozen=True)
class PlanPoint:
    """Cumulative planned spend by the end of ``month`` (资金支出计划)."""

    month: int
    amount: Decimal


@dataclass(frozen=True)
class CheckpointStatus:
    month: int
    day: datetime.date
    planned: Decimal
    spent: Decimal | None  # None: the checkpoint is after the as-of date
    lagging: bool | None
    deviation: Decimal | None  # spent − planned

    @property
    def future(self) -> bool:
        return self.spent is None


class LagKind(StrEnum):
    PLAN = "plan"  # spending by a checkpoint's month end below the plan by more than the tolerance
    RATE = "rate"  # the execution rate at a month end below a floor of common practice (时间过半、支出过半)


@dataclass(frozen=True)
class Lag:
    """Why a project lags, as data; the pages, the Excel table and the CLI word it (app/documents/progress_text.py)."""

    kind: LagKind
    month: int
    spent: Decimal | None = None  # PLAN: spent by the month end
    planned: Decimal | None = None  # PLAN: the plan's cumulative amount there
    allowance: Decimal | None = None  # PLAN: budget × tolerance
    rate: Decimal | None = None  # RATE: spent ÷ budget at the month end
    floor: Decimal | None = None  # RATE: the floor it fell below


@dataclass(frozen=True)
class Progress:
    year: int
    as_of: datetime.date
    budget: Decimal
    spent: Decimal
    rate: Decimal  # spent ÷ budget, 4 places
    plan_at_date: Decimal | None  # None: the project has no spending plan
    plan_rate: Decimal | None
    benchmark: Decimal  # 序时进度, 4 places
    benchmark_amount: Decimal  # budget × benchmark
    plan_deviation: Decimal | None  # spent − plan_at_date
    benchmark_deviation: Decimal  # rate − benchmark
    checkpoints: tuple[CheckpointStatus, ...]
    lags: tuple["Lag", ...] = field(default=())

    @property
    def lagging(self) -> bool:
        return bool(self.lags)


def rate_of(amount: Decimal, budget: Decimal) -> Decimal:
    if budget <= 0:
        raise DomainError("预算数为 0，无法计算执行率", "budget")
    return (amount / budget).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)




def spent_by(spends, day: datetime.date) -> Decimal:
    """Cumulative spending up to and including ``day``."""
    return sum((s.amount for s in spends if s.day <= day), ZERO)


def check_plan(plan) -> tuple[PlanPoint, ...]:
    points = tuple(sorted(plan, key=lambda p: p.month))
    months = [p.month for p in points]
    if len(set(months)) != len(months) or any(not 1 <= m <= 12 for m in months):
        raise DomainError("支出计划月份应为 1 至 12，且不能重复", "checkpoints")
    if any(b.amount < a.amount for a, b in zip(points, points[1:])):
        raise DomainError("支出计划应逐月累计，不能减少", "checkpoints")
    return points


def plan_within(plan, budget: Decimal) -> tuple[PlanPoint, ...]:
    """The plan with every checkpoint capped at ``budget`` (an adjusted budget may be lower). [调减]"""
    return tuple(PlanPoint(p.month, min(p.amount, budget)) for p in check_plan(plan))


def plan_at(year: int, plan, day: datetime.date, interpolation: Interpolation = Interpolation.DAY) -> Decimal | None:
    """The plan's cumulative amount at the close of ``day`` (None without a plan). [计划]"""
    points = check_plan(plan)
    if not points:
        return None
    if interpolation is Interpolation.MONTH:
        knots = [(0, ZERO)] + [(p.month, p.amount) for p in points]
        position = Decimal(completed_months(year, day))
    else:
        knots = [(0, ZERO)] + [(month_end(year, p.month).timetuple().tm_yday, p.amount) for p in points]
        position = Decimal(day_position(year, day))
    return quantize(_interpolate(knots, position))


def _interpolate(knots, position: Decimal) -> Decimal:
    """Linear between (position, amount) knots; flat after the last one."""
    if position >= knots[-1][0]:
        return knots[-1][1]
    for (x0, y0), (x1, y1) in zip(knots, knots[1:]):
        if position <= x1:
            return y0 + (y1 - y0) * (position - x0) / (x1 - x0)
    return knots[-1][1]  # pragma: no cover


def benchmark_at(year: int, day: datetime.date, benchmark: Benchmark = Benchmark.COMPLETED) -> Decimal:
    """序时进度 at the close of ``day`` as a share of the year, 4 places. [序时]"""
    if benchmark is Benchmark.DAY:
        share = Decimal(day_position(year, day)) / days_in_year(year)
    elif benchmark is Benchmark.CURRENT:
        months = 0 if day < datetime.date(year, 1, 1) else 12 if day.year > year else day.month
        share = Decimal(months) / 12
    else:
        share = Decimal(completed_months(year, day)) / 12
    return share.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def progress(
    year: int,
    budget: Decimal,
    plan,
    spends,
    as_of: datetime.date,
    settings: ProgressSettings = DEFAULT_SETTINGS,
) -> Progress:
    """Everything the progress table shows for one project at ``as_of``."""
    if budget is None or budget <= 0:
        raise DomainError("预算数为 0，无法计算执行进度", "budget")
    spends = tuple(spends)
    points = plan_within(plan, budget)
    spent = spent_by(spends, as_of)
    rate = rate_of(spent, budget)
    planned = plan_at(year, points, as_of, settings.interpolation)
    benchmark = benchmark_at(year, as_of, settings.benchmark)
    allowance = quantize(budget * settings.tolerance)
    lags: list[Lag] = []
    checkpoints = []
    for point in points:
        end = month_end(year, point.month)
        if end > as_of:
            checkpoints.append(CheckpointStatus(point.month, end, point.amount, None, None, None))
            continue
        by_then = spent_by(spends, end)
        # [偏差] spent < plan − tolerance: exactly at the allowance is not lagging
        lagging = by_then < point.amount - allowance
        checkpoints.append(CheckpointStatus(point.month, end, point.amount, by_then, lagging, by_then - point.amount))
        if lagging:
            lags.append(Lag(LagKind.PLAN, point.month, spent=by_then, planned=point.amount, allowance=allowance))
    for rule in settings.rate_rules:  # [过半]
        end = month_end(year, rule.month)
        if end > as_of:
            continue
        rule_rate = rate_of(spent_by(spends, end), budget)
        if rule_rate < rule.floor:
            lags.append(Lag(LagKind.RATE, rule.month, rate=rule_rate, floor=rule.floor))
    return Progress(
        year=year,
        as_of=as_of,
        budget=budget,
        spent=spent,
        rate=rate,
        plan_at_date=planned,
        plan_rate=rate_of(planned, budget) if planned is not None else None,
        benchmark=benchmark,
        benchmark_amount=quantize(budget * benchmark),
        plan_deviation=spent - planned if planned is not None else None,
        benchmark_deviation=rate - benchmark,
        checkpoints=tuple(checkpoints),
        lags=tuple(lags),
    )


# -- the curves of the chart ------------------------------------------------------------


def plan_curve(year: int, plan, interpolation: Interpolation = Interpolation.DAY) -> list[tuple[datetime.date, Decimal]]:
    """Points of the cumulative plan over the year (straight lines between them)."""
    points = check_plan(plan)
    if not points:
        return []
    start = datetime.date(year, 1, 1) - datetime.timedelta(days=1)  # the close of 31 December: nothing yet
    if interpolation is Interpolation.DAY:
        curve = [(start, ZERO)] + [(month_end(year, p.month), p.amount) for p in points]
    else:  # flat inside a month, so a step at each month end
        curve = [(start, ZERO)]
        for month in range(1, 13):
            value = plan_at(year, points, month_end(year, month), interpolation)
            curve.append((month_end(year, month), value))
    if curve[-1][0] < datetime.date(year, 12, 31):
        curve.append((datetime.date(year, 12, 31), curve[-1][1]))
    return curve


def benchmark_curve(year: int, budget: Decimal, benchmark: Benchmark = Benchmark.COMPLETED) -> list[tuple[datetime.date, Decimal]]:
    """Points of budget × 序时进度 over the year."""
    start = datetime.date(year, 1, 1) - datetime.timedelta(days=1)
    if benchmark is Benchmark.DAY:
        return [(start, ZERO), (datetime.date(year, 12, 31), budget)]
    curve = [(start, ZERO)]
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        if benchmark is Benchmark.CURRENT:
            curve.append((first - datetime.timedelta(days=1), curve[-1][1]))
            curve.append((first, quantize(budget * month / 12)))
        else:
            end = month_end(year, month)
            curve.append((end - datetime.timedelta(days=1), curve[-1][1]))
            curve.append((end, quantize(budget * month / 12)))
    return curve


def actual_curve(year: int, spends, until: datetime.date) -> list[tuple[datetime.date, Decimal]]:
    """Cumulative spending as a staircase from the start of the year to ``until``."""
    start = datetime.date(year, 1, 1) - datetime.timedelta(days=1)
    until = min(until, datetime.date(year, 12, 31))
    curve = [(start, ZERO)]
    total = ZERO
    by_day: dict[datetime.date, Decimal] = {}
    for s in spends:
        by_day[s.day] = by_day.get(s.day, ZERO) + s.amount
    for day in sorted(by_day):
        if day > until:
            break
        curve.append((day - datetime.timedelta(days=1), total))
        total += by_day[day]
        curve.append((day, total))
    if until >= start:
        curve.append((until, total))
    return curve


def describe(settings: ProgressSettings) -> str:
    """The readings in one sentence, for the pages."""
    plan = "按日线性推算" if settings.interpolation is Interpolation.DAY else "按月线性推算（月内不变）"
    bench = {
        Benchmark.COMPLETED: "已过完整月份 ÷ 12（月末当日计入该月）",
        Benchmark.CURRENT: "截至日期所在月份 ÷ 12",
        Benchmark.DAY: "已过天数 ÷ 全年天数",
    }[settings.benchmark]
    rules = "、".join(f"{r.month}月底执行率低于 {percent(r.floor)}" for r in settings.rate_rules)
    text = (
        f"计划数：资金支出计划在各节点之间{plan}，1月1日为 0；序时进度 = {bench}；"
        f"滞后：节点累计支出低于计划且差额超过预算数的 {percent(settings.tolerance)}"
    )
    return text + (f"，或{rules}" if rules else "") + "。"

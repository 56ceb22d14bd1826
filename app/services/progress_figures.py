"""支出进度 of a whole list in SQL: each project's budget, spending, plan at the date, rate and lag.

The rules are ``app.domain.progress.progress``'s, restated as one aggregate query so a province's
list is totalled, counted and sorted by the database, and only its page is measured in Python
(``progress.page``). Money is compared in cents as integers, and every rounding is the domain's
(half up) done with integer division, so SQLite (NUMERIC as floating point) and PostgreSQL give
the figures the domain gives; ``tests/progress/test_figures.py`` compares the two on every kind of
project.

A project's figures, as the domain has them:
- budget: the latest adjustment (by date, then entry order), else ``budget_total``;
- an error row (budget ≤ 0, or a plan with repeated, out-of-range or decreasing months) shows
  every payment as spent, no rate, no plan and one flag;
- spent: payments up to the date; rate: spent ÷ budget, 4 places;
- plan at the date: the checkpoints capped at the budget, linear between them (by day or by
  month, as configured), flat after the last;
- flags: one per past checkpoint whose spending by its month end is below plan − tolerance ×
  budget (rounded to cents), one per past rate rule whose rate at its month end is below the floor.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import BigInteger, Select, and_, case, cast, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from app.domain.dates import completed_months, day_position, month_end
from app.domain.progress import RATE_PLACES, Interpolation, ProgressSettings, benchmark_at
from app.extensions import db
from app.models import BudgetAdjustment, Payment, Project, SpendingCheckpoint, Unit
from app.services import listing

RATE_SCALE = 10_000  # rates are kept to 4 places: 0.3846 is 3846


def _int(value: int) -> ColumnElement:
    return literal(value, BigInteger)


def cents(column) -> ColumnElement:
    """A money column as whole cents."""
    return cast(func.round(column * 100), BigInteger)


def _sum(expression) -> ColumnElement:
    """SUM of integers as an integer (PostgreSQL's SUM of bigint is NUMERIC, which divides exactly)."""
    return cast(func.coalesce(func.sum(expression), 0), BigInteger)


def _half_up(numerator, denominator) -> ColumnElement:
    """round(numerator ÷ denominator) half up, for non-negative integers (integer division)."""
    return (numerator * 2 + denominator) // (denominator * 2)


@dataclass(frozen=True)
class Figures:
    """The figures query (a subquery, one row per project) and how to sort it."""

    query: Select
    columns: object  # the subquery's .c

    def needs_unit(self, sort: str, *, lagging_on_top: bool = False) -> bool:
        """Whether the order reads the unit's code (the query then joins ``unit``: see ``order``)."""
        return lagging_on_top or sort == "unit"

    def order(self, sort: str, descending: bool, *, lagging_on_top: bool = False, collate=None, unit_code=None) -> list:
        """ORDER BY terms giving the order ``progress.SORTS`` / ``lagging_first`` give in Python."""
        c = self.columns
        text = (lambda col: col.collate(collate)) if collate else (lambda col: col)
        tail = [c.unit_id, c.id]  # the list's own order, which a stable sort keeps among equals
        # the unit's code only where a sort needs it (a join for every row costs the planner a good plan)
        if unit_code is None:
            unit_code = select(Unit.code).where(Unit.id == c.unit_id).scalar_subquery()
        if lagging_on_top:
            return [c.lagging.desc(), func.coalesce(c.rate, -RATE_SCALE).asc(), text(unit_code).asc(), c.id.asc()]
        keys = {
            "code": [text(func.coalesce(c.code, "")), c.id],
            "name": [text(c.name)],
            "unit": [text(unit_code), c.id],
            "budget": [func.coalesce(c.budget, 0)],
            "plan": [func.coalesce(c.plan, -100)],
            "spent": [c.spent],
            "rate": [func.coalesce(c.rate, -RATE_SCALE)],
            "deviation": [func.coalesce(c.spent - c.plan, 0)],
            "benchmark": [func.coalesce(c.rate - c.benchmark, 0)],
            "flags": [case((c.lagging == 1, -c.flags), else_=0), c.id],
        }.get(sort)
        if keys is None:
            return tail
        return [k.desc() if descending else k.asc() for k in keys] + tail


def plan_months(scope: Select) -> list[int]:
    """The months the spending plans of ``scope`` use (3, 6, 9, 12 mostly): the only month ends read."""
    return sorted(db.session.scalars(
        select(SpendingCheckpoint.month).where(listing.in_scope(SpendingCheckpoint.project_id, scope)).distinct()
    ))


def figures(year: int, as_of: datetime.date, config: ProgressSettings, scope: Select,
            months: list[int] | None = None) -> Figures:
    """One row per project of ``scope`` (a ``listing.project_scope`` of ``year``) with its figures in cents.

    Columns: id, unit_id, code, name, budget, spent, plan (None without a plan), rate
    (×10,000; None for an error row), benchmark (×10,000), flags (how many), lagging (0/1), error (0/1).
    """
    months = range(1, 13) if months is None else months  # the plans' months (``plan_months``)
    past = [m for m in months if 1 <= m <= 12 and month_end(year, m) <= as_of]
    rules = [r for r in config.rate_rules if month_end(year, r.month) <= as_of]
    needed = sorted(set(past) | {r.month for r in rules})
    if config.interpolation is Interpolation.MONTH:
        knots = {m: m for m in range(1, 13)}
        position = completed_months(year, as_of)
    else:
        knots = {m: month_end(year, m).timetuple().tm_yday for m in range(1, 13)}
        position = day_position(year, as_of)

    # Payments: everything, by the date, and by the end of each past month of a plan or a rule.
    if db.session.get_bind().dialect.name == "postgresql":
        def paid_by(condition=None):  # NUMERIC sums exactly: to cents once per project, not per payment
            amount = Payment.amount if condition is None else case((condition, Payment.amount), else_=0)
            return cents(func.coalesce(func.sum(amount), 0))
    else:
        def paid_by(condition=None):  # SQLite keeps NUMERIC as floating point: sum whole cents
            amount = cents(Payment.amount)
            return _sum(amount if condition is None else case((condition, amount), else_=0))
    paid = (
        select(
            Payment.project_id.label("project_id"),
            paid_by().label("all_"),
            paid_by(Payment.day <= as_of).label("by_date"),
            *(paid_by(Payment.day <= month_end(year, m)).label(f"m{m}") for m in needed),
        )
        .where(listing.in_scope(Payment.project_id, scope))
        .group_by(Payment.project_id)
        .subquery("paid")
    )
    ranked = (
        select(
            BudgetAdjustment.project_id.label("project_id"),
            cents(BudgetAdjustment.amount).label("amount"),
            func.row_number().over(
                partition_by=BudgetAdjustment.project_id,
                order_by=(BudgetAdjustment.day.desc(), BudgetAdjustment.id.desc()),
            ).label("rank"),
        )
        .where(listing.in_scope(BudgetAdjustment.project_id, scope))
        .subquery("ranked")
    )
    latest = select(ranked.c.project_id, ranked.c.amount).where(ranked.c.rank == 1).subquery("latest")
    budget = func.coalesce(latest.c.amount, cents(Project.budget_total))
    spent_by = {m: func.coalesce(getattr(paid.c, f"m{m}"), 0) for m in needed}
    base = (
        select(
            Project.id.label("id"),
            budget.label("budget"),
            func.coalesce(paid.c.all_, 0).label("all_"),
            func.coalesce(paid.c.by_date, 0).label("by_date"),
            *(spent_by[m].label(f"m{m}") for m in needed),
        )
        .select_from(Project)
        .outerjoin(paid, paid.c.project_id == Project.id)
        .outerjoin(latest, latest.c.project_id == Project.id)
        .where(Project.id.in_(scope))
        .cte("base")  # read twice (the checkpoints' lags and the figures): computed once
    )

    # Checkpoints capped at the budget, each with its position, its predecessor and its lag.
    allowance = _half_up(base.c.budget * _int(config.tolerance.as_integer_ratio()[0]),
                         _int(config.tolerance.as_integer_ratio()[1]))
    # The plan's own rows first (narrow, so the window sorts little): each month's predecessor.
    raw = (
        select(
            SpendingCheckpoint.project_id.label("project_id"),
            SpendingCheckpoint.month.label("month"),
            cents(SpendingCheckpoint.amount).label("raw"),
            func.lag(cents(SpendingCheckpoint.amount)).over(
                partition_by=SpendingCheckpoint.project_id, order_by=SpendingCheckpoint.month
            ).label("before"),
        )
        .where(listing.in_scope(SpendingCheckpoint.project_id, scope))
        .subquery("raw")
    )
    capped_amount = case((raw.c.raw < base.c.budget, raw.c.raw), else_=base.c.budget)
    by_month_end = case({m: getattr(base.c, f"m{m}") for m in past}, value=raw.c.month, else_=None) \
        if past else literal(None, BigInteger)
    points = (
        select(
            raw.c.project_id,
            raw.c.month,
            raw.c.raw,
            raw.c.before,
            capped_amount.label("amount"),
            case(knots, value=raw.c.month, else_=None).label("x"),
            case(
                (and_(raw.c.month.in_(past) if past else literal(False), by_month_end < capped_amount - allowance), 1),
                else_=0,
            ).label("lags"),
        )
        .join(base, base.c.id == raw.c.project_id)
        .subquery("points")
    )
    p = _int(position)
    plan = (
        select(
            points.c.project_id.label("project_id"),
            func.max(case((or_(points.c.month < 1, points.c.month > 12, points.c.before > points.c.raw), 1), else_=0)).label("bad"),
            # a month twice
            case((func.count() > func.count(points.c.month.distinct()), 1), else_=0).label("twice"),
            func.max(case((points.c.x < p, points.c.x))).label("x0"),
            func.max(case((points.c.x < p, points.c.amount))).label("y0"),
            func.min(case((points.c.x >= p, points.c.x))).label("x1"),
            func.min(case((points.c.x >= p, points.c.amount))).label("y1"),
            _sum(points.c.lags).label("lags"),
        )
        .group_by(points.c.project_id)
        .subquery("plan")
    )

    b = base.c.budget
    error = or_(b.is_(None), b <= 0, plan.c.bad == 1, plan.c.twice == 1)
    x0, y0 = func.coalesce(plan.c.x0, 0), func.coalesce(plan.c.y0, 0)
    planned = case(
        (plan.c.project_id.is_(None), None),
        (plan.c.x1.is_(None), plan.c.y0),
        else_=y0 + _half_up((plan.c.y1 - y0) * (p - x0), plan.c.x1 - x0),
    )
    rule_flags = [
        case((_half_up(getattr(base.c, f"m{r.month}") * RATE_SCALE, b) < _int(math.ceil(r.floor * RATE_SCALE)), 1), else_=0)
        for r in rules
    ]
    flags = func.coalesce(plan.c.lags, 0)
    for term in rule_flags:
        flags = flags + term
    bench = int(benchmark_at(year, as_of, config.benchmark) / RATE_PLACES)
    query = (
        select(
            Project.id.label("id"),
            Project.unit_id.label("unit_id"),
            Project.code.label("code"),
            Project.name.label("name"),
            b.label("budget"),
            case((error, base.c.all_), else_=base.c.by_date).label("spent"),
            case((error, None), else_=planned).label("plan"),
            case((error, None), else_=_half_up(base.c.by_date * RATE_SCALE, b)).label("rate"),
            _int(bench).label("benchmark"),
            case((error, 1), else_=flags).label("flags"),
            case((error, 1), (flags > 0, 1), else_=0).label("lagging"),
            case((error, 1), else_=0).label("error"),
        )
        .select_from(Project)
        .join(base, base.c.id == Project.id)
        .outerjoin(plan, plan.c.project_id == Project.id)
        .subquery("figures")
    )
    return Figures(query, query.c)


def money(value) -> Decimal:
    return listing.money(value)


def rate(value) -> Decimal | None:
    return None if value is None else (Decimal(int(value)) * RATE_PLACES).quantize(RATE_PLACES)

"""支出进度 of a whole list in SQL: each project's budget, spending, plan at the date, rate and lag.

The rules are ``app.domain.progress.progress``'s, restated in SQL so a province's list is totalled,
counted and sorted by the database, and only its page is measured in Python (``progress.page``).
What does not depend on the date or the readings is stored per project (``project_figure``,
``app.models.figures``: budget, error, payments by each month end, the capped plan) and kept right
by triggers that mark a row stale on every write to its sources; ``fill`` recomputes the missing
and stale rows of a list (one INSERT … SELECT … ON CONFLICT), ``figures`` reads the as-of figures
off the stored ones row by row, with one range scan for the payments since the last month end.
Money is compared in cents as integers, and every rounding is the domain's (half up) done with
integer division, so SQLite (NUMERIC as floating point) and PostgreSQL give
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
import json
import logging
import math
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ARRAY, BigInteger, Integer, Select, String, and_, bindparam, case, cast, func, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql.elements import ColumnElement

from app.domain.dates import completed_months, day_position, month_end
from app.domain.progress import RATE_PLACES, Interpolation, ProgressSettings, benchmark_at
from app.extensions import db
from app.models import BudgetAdjustment, Payment, Project, SpendingCheckpoint, Unit
from app.models.figures import MONTHS, ProjectFigure
from app.services import figure_cache, listing, refresh_statistics, transaction

STORED = ProjectFigure.__table__
log = logging.getLogger(__name__)

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
        keys = {  # built only for the sort asked (code and name exist only in figures(names=True))
            "code": lambda: [text(func.coalesce(c.code, "")), c.id],
            "name": lambda: [text(c.name)],
            "unit": lambda: [text(unit_code), c.id],
            "budget": lambda: [func.coalesce(c.budget, 0)],
            "plan": lambda: [func.coalesce(c.plan, -100)],
            "spent": lambda: [c.spent],
            "rate": lambda: [func.coalesce(c.rate, -RATE_SCALE)],
            "deviation": lambda: [func.coalesce(c.spent - c.plan, 0)],
            "benchmark": lambda: [func.coalesce(c.rate - c.benchmark, 0)],
            "flags": lambda: [case((c.lagging == 1, -c.flags), else_=0), c.id],
        }.get(sort)
        if keys is None:
            return tail
        return [k.desc() if descending else k.asc() for k in keys()] + tail


def id_list(ids: list[int]) -> Select:
    """A SELECT of ``ids`` bound as one parameter (an array; JSON text on SQLite), whatever their number."""
    if db.session.get_bind().dialect.name == "postgresql":
        values = func.unnest(bindparam("figure_ids", ids, type_=ARRAY(Integer))).column_valued("value")
        return select(values)
    values = func.json_each(bindparam("figure_ids", json.dumps(ids), type_=String)).table_valued("value")
    return select(values.c.value)


def _paid_by(condition=None) -> ColumnElement:
    """Payments (all, or those meeting ``condition``) summed per project, in cents."""
    if db.session.get_bind().dialect.name == "postgresql":  # NUMERIC sums exactly: to cents once per project
        amount = Payment.amount if condition is None else case((condition, Payment.amount), else_=0)
        return cents(func.coalesce(func.sum(amount), 0))
    amount = cents(Payment.amount)  # SQLite keeps NUMERIC as floating point: sum whole cents
    return _sum(amount if condition is None else case((condition, amount), else_=0))


def _in_units(column, unit_ids: frozenset[int] | None):
    """``column`` among the visible units (a user's own few: one parameter each); None: every unit."""
    return literal(True) if unit_ids is None else column.in_(sorted(unit_ids))


def stale_ids(year: int, unit_ids: frozenset[int] | None = None) -> list[int]:
    """The projects of the year (of ``unit_ids``) whose stored row a write marked stale (a new project's too)."""
    return list(db.session.scalars(
        select(STORED.c.project_id)
        .where(STORED.c.stale == 1, STORED.c.year == year, _in_units(STORED.c.unit_id, unit_ids))
        .order_by(STORED.c.project_id)
    ))


def stored_figures(year: int, ids: Select) -> Select:
    """Each project's as-of independent figures computed from the base tables, as ``project_figure`` stores them.

    The budget: the latest adjustment (by date, then entry order), else ``budget_total``; an error row:
    budget ≤ 0, or a plan with a month twice, out of range or decreasing (what ``check_plan`` refuses).
    ``gen`` is the row's as read now: the fill writes only where no write has raised it since.
    """
    paid = (
        select(
            Payment.project_id.label("project_id"),
            _paid_by().label("all_"),
            _paid_by(Payment.day < datetime.date(year, 1, 1)).label("before"),
            *(_paid_by(Payment.day <= month_end(year, m)).label(f"m{m}") for m in MONTHS),
        )
        .where(Payment.project_id.in_(ids))
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
        .where(BudgetAdjustment.project_id.in_(ids))
        .subquery("ranked")
    )
    latest = select(ranked.c.project_id, ranked.c.amount).where(ranked.c.rank == 1).subquery("latest")
    base = (
        select(
            Project.id.label("id"),
            Project.year.label("year"),
            Project.unit_id.label("unit_id"),
            func.coalesce(latest.c.amount, cents(Project.budget_total)).label("budget"),
            func.coalesce(paid.c.all_, 0).label("all_"),
            func.coalesce(paid.c.before, 0).label("before"),
            *(func.coalesce(getattr(paid.c, f"m{m}"), 0).label(f"m{m}") for m in MONTHS),
        )
        .select_from(Project)
        .outerjoin(paid, paid.c.project_id == Project.id)
        .outerjoin(latest, latest.c.project_id == Project.id)
        .where(Project.id.in_(ids), Project.year == year)
        .cte("base")  # read twice (the checkpoints' shortfalls and the row): computed once
    )
    raw = (
        select(
            SpendingCheckpoint.project_id.label("project_id"),
            SpendingCheckpoint.month.label("month"),
            cents(SpendingCheckpoint.amount).label("raw"),
            func.lag(cents(SpendingCheckpoint.amount)).over(
                partition_by=SpendingCheckpoint.project_id, order_by=SpendingCheckpoint.month
            ).label("before"),
        )
        .where(SpendingCheckpoint.project_id.in_(ids))
        .subquery("raw")
    )
    # [调减] a checkpoint above the budget is read at the budget; its shortfall is against that
    capped = case((raw.c.raw < base.c.budget, raw.c.raw), else_=base.c.budget)
    paid_then = case({m: getattr(base.c, f"m{m}") for m in MONTHS}, value=raw.c.month, else_=None)
    points = (
        select(raw.c.project_id, raw.c.month, raw.c.raw, raw.c.before, capped.label("amount"),
               (capped - paid_then).label("short"))
        .join(base, base.c.id == raw.c.project_id)
        .subquery("points")
    )
    plan = (
        select(
            points.c.project_id,
            func.max(case((or_(points.c.month < 1, points.c.month > 12, points.c.before > points.c.raw), 1), else_=0)).label("bad"),
            case((func.count() > func.count(points.c.month.distinct()), 1), else_=0).label("twice"),  # a month twice
            *(func.max(case((points.c.month <= m, points.c.short))).label(f"s{m}") for m in MONTHS),
            *(func.max(case((points.c.month == m, points.c.amount))).label(f"c{m}") for m in MONTHS),
        )
        .group_by(points.c.project_id)
        .subquery("plan")
    )
    budget = base.c.budget
    error = or_(budget.is_(None), budget <= 0, func.coalesce(plan.c.bad, 0) == 1, func.coalesce(plan.c.twice, 0) == 1)
    return (
        select(
            base.c.id,
            func.coalesce(STORED.c.gen, 0),
            literal(0, Integer),
            base.c.year,
            base.c.unit_id,
            budget,
            case((error, 1), else_=0),
            base.c.all_,
            base.c.before,
            *(getattr(base.c, f"m{m}") for m in MONTHS),
            *(getattr(plan.c, f"s{m}") for m in MONTHS),
            *(getattr(plan.c, f"c{m}") for m in MONTHS),
        )
        .select_from(base)
        .outerjoin(STORED, STORED.c.project_id == base.c.id)
        .outerjoin(plan, plan.c.project_id == base.c.id)
        .where(base.c.id.is_not(None))  # SQLite reads "ON CONFLICT" after a join's ON: a WHERE comes between
        .order_by(base.c.id)  # rows locked in id order, as the triggers lock them: two fills do not deadlock
    )


COLUMNS = ["project_id", "gen", "stale", "year", "unit_id", "budget", "error", "paid_all", "paid_before",
           *(f"paid_m{m}" for m in MONTHS), *(f"short_m{m}" for m in MONTHS), *(f"plan_c{m}" for m in MONTHS)]


def fill(year: int, unit_ids: frozenset[int] | None = None) -> int:
    """Store the figures of the year's projects (of ``unit_ids``) whose rows are stale; how many were stored.

    A cache fill, so a page (a GET) commits it. Two fills of the same rows at once both succeed
    (an upsert); a fill never overwrites a row a write marked again after the fill read it (``gen``),
    such a row is filled again, here (up to three passes) or by the next read.
    """
    stored = 0
    for _ in range(3):
        ids = stale_ids(year, unit_ids)
        if not ids:
            break
        dialect = db.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(STORED).from_select(COLUMNS, stored_figures(year, id_list(ids)))
        statement = statement.on_conflict_do_update(
            index_elements=[STORED.c.project_id],
            set_={name: statement.excluded[name] for name in COLUMNS if name not in ("project_id", "gen")},
            where=STORED.c.gen == statement.excluded.gen,
        )
        try:
            with transaction():
                db.session.execute(statement)
                figure_cache.new_epoch()  # the lists' remembered totals and orders are old now
        except OperationalError:  # a deadlock or a busy SQLite: the rows stay stale, the next read fills them
            log.warning("stored progress figures not filled (%d rows)", len(ids), exc_info=True)
            break
        stored += len(ids)
    refresh_statistics(STORED.name, stored)
    return stored


def rebuild() -> None:
    """Forget every stored row and mark every project stale (the state the migration leaves)."""
    with transaction():
        db.session.execute(STORED.delete())
        db.session.execute(STORED.insert().from_select(
            ["project_id", "year", "unit_id", "gen", "stale"],
            select(Project.id, Project.year, Project.unit_id, literal(0, Integer), literal(1, Integer)),
        ))


def figures(year: int, as_of: datetime.date, config: ProgressSettings, unit_ids: frozenset[int] | None = None,
            *, names: bool = False) -> Figures:
    """One row per project of the year (of ``unit_ids``; None: every unit) with its figures in cents.

    Columns: id, unit_id, budget, spent, plan (None without a plan), rate (×10,000; None for an error
    row), benchmark (×10,000), flags (how many), lagging (0/1), error (0/1); with ``names`` also code
    and name (joined from the project: only the sorts by them need it). The stale stored rows are
    filled first (``fill``); what depends on the date and the readings is computed here from them,
    per row, with no aggregate but the payments since the last month end.
    """
    fill(year, unit_ids)
    f = STORED.c
    start = datetime.date(year, 1, 1)
    done = completed_months(year, as_of)  # month ends of the year on or before the date
    paid_at = {0: f.paid_before, **{m: getattr(f, f"paid_m{m}") for m in MONTHS}}

    # Spent by the date: the stored sum at the nearest earlier month end (or the year's start), plus
    # the payments since; before the year, the payments before it less those after the date.
    if as_of < start:
        anchor, low, high, sign = f.paid_before, as_of, start - datetime.timedelta(days=1), -1
    else:
        anchor, sign = paid_at[done], 1
        low, high = (month_end(year, done) if done else start - datetime.timedelta(days=1)), as_of
    spent_at = func.coalesce(anchor, 0)
    source = STORED
    if low < high:
        since = (
            select(Payment.project_id.label("project_id"), _paid_by().label("amount"))
            .where(Payment.day > low, Payment.day <= high,
                   listing.in_scope(Payment.project_id, listing.project_scope(year, unit_ids)))
            .group_by(Payment.project_id)
            .subquery("since")
        )
        source = source.outerjoin(since, since.c.project_id == f.project_id)
        spent_at = spent_at + _int(sign) * func.coalesce(since.c.amount, 0)
    if names:
        source = source.join(Project, Project.id == f.project_id)

    b = f.budget
    divisor = case((b > 0, b))  # error rows (budget ≤ 0) divide by nothing
    numerator, denominator = config.tolerance.as_integer_ratio()
    allowance = _half_up(b * _int(numerator), _int(denominator))
    past = [m for m in MONTHS if as_of >= start and m <= done]
    rules = [r for r in config.rate_rules if month_end(year, r.month) <= as_of]

    def rule_lags(r) -> ColumnElement:  # [过半] the rate at the rule's month end below its floor
        return _half_up(getattr(f, f"paid_m{r.month}") * RATE_SCALE, divisor) < _int(math.ceil(r.floor * RATE_SCALE))

    # [偏差] how many past checkpoints lag (for the flags column), and whether any does (the largest
    # shortfall of the checkpoints up to the last month end, stored: one comparison for the totals)
    lags = [
        case((and_(getattr(f, f"plan_c{m}").is_not(None),
                   getattr(f, f"paid_m{m}") < getattr(f, f"plan_c{m}") - allowance), 1), else_=0)
        for m in past
    ]
    flags = _int(0)
    for term in lags + [case((rule_lags(r), 1), else_=0) for r in rules]:
        flags = flags + term
    behind = [getattr(f, f"short_m{done}") > allowance] if past else []
    lagging_now = or_(*behind, *(rule_lags(r) for r in rules)) if behind or rules else literal(False)

    # The plan at the date: linear between the last checkpoint before the position and the first at or
    # after it ((0, 0) before the first), flat after the last. Which months lie before is known here.
    if config.interpolation is Interpolation.MONTH:
        knots = {m: m for m in MONTHS}
        position = completed_months(year, as_of)
    else:
        knots = {m: month_end(year, m).timetuple().tm_yday for m in MONTHS}
        position = day_position(year, as_of)
    before = [m for m in reversed(MONTHS) if knots[m] < position]
    after = [m for m in MONTHS if knots[m] >= position]

    def point(m: int) -> ColumnElement:
        return getattr(f, f"plan_c{m}")

    y0 = func.coalesce(*(point(m) for m in before), _int(0)) if before else _int(0)
    x0 = case(*((point(m).is_not(None), _int(knots[m])) for m in before), else_=_int(0)) if before else _int(0)
    y1 = func.coalesce(*(point(m) for m in after), None) if after else literal(None, BigInteger)
    x1 = case(*((point(m).is_not(None), _int(knots[m])) for m in after), else_=None) if after else literal(None, BigInteger)
    p = _int(position)
    planned = case(
        (func.coalesce(*(point(m) for m in MONTHS)).is_(None), None),
        (x1.is_(None), y0),
        else_=y0 + _half_up((y1 - y0) * (p - x0), x1 - x0),
    )

    error = or_(f.error.is_(None), f.error == 1)  # a bare stale mark (a write during this read's fill) too
    bench = int(benchmark_at(year, as_of, config.benchmark) / RATE_PLACES)
    named = [Project.code.label("code"), Project.name.label("name")] if names else []
    query = (
        select(
            f.project_id.label("id"),
            f.unit_id.label("unit_id"),
            *named,
            b.label("budget"),
            case((error, func.coalesce(f.paid_all, 0)), else_=spent_at).label("spent"),
            case((error, None), else_=planned).label("plan"),
            case((error, None), else_=_half_up(spent_at * RATE_SCALE, divisor)).label("rate"),
            _int(bench).label("benchmark"),
            case((error, 1), else_=flags).label("flags"),
            case((error, 1), (lagging_now, 1), else_=0).label("lagging"),
            case((error, 1), else_=0).label("error"),
        )
        .select_from(source)
        .where(f.year == year, _in_units(f.unit_id, unit_ids))
        .subquery("figures")
    )
    return Figures(query, query.c)


def money(value) -> Decimal:
    return listing.money(value)


def rate(value) -> Decimal | None:
    return None if value is None else (Decimal(int(value)) * RATE_PLACES).quantize(RATE_PLACES)

"""Spending progress of projects: load plans and payments, call the domain, list and total."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from app.documents.progress_text import flags_of, progress_to_json
from app.domain.errors import DomainError
from app.domain.money import format_money
from app.domain.progress import (
    PlanPoint,
    Progress,
    ProgressSettings,
    Spend,
    actual_curve,
    benchmark_curve,
    plan_curve,
    plan_within,
    progress,
    rate_of,
    settings_from,
)
from app.extensions import db
from app.models import Payment, Project, SpendingCheckpoint, Unit
from app.services import figure_cache, listing, progress_figures
from app.services.payments import adjusted_budgets

ZERO = Decimal("0.00")


def settings() -> ProgressSettings:
    """The readings configured for this installation (JIXIAO_PROGRESS_*)."""
    return settings_from(current_app.config)


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """Today, or 31 December of ``year`` once the year is over."""
    today = today or datetime.date.today()
    return min(today, datetime.date(year, 12, 31))


@dataclass(frozen=True)
class ProjectProgress:
    project: Project
    budget: Decimal
    spends: tuple[Spend, ...]
    result: Progress | None  # None when the budget is zero (``error`` says so)
    error: str = ""

    @property
    def spent(self) -> Decimal:
        return self.result.spent if self.result else sum((s.amount for s in self.spends), ZERO)

    @property
    def lagging(self) -> bool:
        return bool(self.result and self.result.lagging) or bool(self.error)

    @property
    def flags(self) -> tuple[str, ...]:
        return flags_of(self.result) if self.result else (self.error,)


@dataclass(frozen=True)
class Totals:
    budget: Decimal
    plan: Decimal
    spent: Decimal
    rate: Decimal | None
    lagging: int


@dataclass(frozen=True)
class ProgressTable:
    year: int
    as_of: datetime.date
    rows: list[ProjectProgress]
    totals: Totals


def _plan(project: Project) -> tuple[PlanPoint, ...]:
    return tuple(PlanPoint(c.month, c.amount) for c in project.checkpoints)


def measure(project: Project, budget: Decimal, spends, as_of: datetime.date, config: ProgressSettings) -> ProjectProgress:
    spends = tuple(spends)
    try:
        result = progress(project.year, budget, _plan(project), spends, as_of, config)
    except DomainError as err:
        return ProjectProgress(project, budget, spends, None, str(err))
    return ProjectProgress(project, budget, spends, result)


def _spends(project_ids) -> dict[int, list[Spend]]:
    """Payments by project, of a list of ids or of a scope query (``listing.project_scope``)."""
    found: dict[int, list[Spend]] = {} if isinstance(project_ids, Select) else {i: [] for i in project_ids}
    rows = db.session.execute(
        select(Payment.project_id, Payment.day, Payment.amount)
        .where(listing.in_scope(Payment.project_id, project_ids))
        .order_by(Payment.day, Payment.id)
    )
    for project_id, day, amount in rows:
        found.setdefault(project_id, []).append(Spend(day, amount))
    return found


def project_progress(project: Project, as_of: datetime.date) -> ProjectProgress:
    budget = adjusted_budgets([project.id]).get(project.id, project.budget_total)
    return measure(project, budget, _spends([project.id])[project.id], as_of, settings())


SORTS = {
    "code": lambda r: (r.project.code or "", r.project.id),
    "name": lambda r: r.project.name,
    "unit": lambda r: (r.project.unit.code, r.project.id),
    "budget": lambda r: r.budget,
    "plan": lambda r: r.result.plan_at_date if r.result and r.result.plan_at_date is not None else Decimal(-1),
    "spent": lambda r: r.spent,
    "rate": lambda r: r.result.rate if r.result else Decimal(-1),
    "deviation": lambda r: r.result.plan_deviation if r.result and r.result.plan_deviation is not None else Decimal(0),
    "benchmark": lambda r: r.result.benchmark_deviation if r.result else Decimal(0),
    "flags": lambda r: (-len(r.flags) if r.lagging else 0, r.project.id),
}


def lagging_first(row: ProjectProgress):
    """Lagging projects first, the furthest behind (lowest rate) on top."""
    return (not row.lagging, row.result.rate if row.result else Decimal(-1), row.project.unit.code, row.project.id)


def table(
    year: int,
    as_of: datetime.date,
    unit_ids: frozenset[int] | None = None,
    sort: str = "",
    descending: bool = False,
    *,
    lagging_on_top: bool = False,
) -> ProgressTable:
    """Every project of the year (of ``unit_ids``; None: all units), measured at ``as_of``, with totals.

    Five queries whatever the number of projects: the projects with their units, their spending
    plans, adjustments and payments, each filtered by the year and units (never by a list of ids).
    """
    scope = listing.project_scope(year, unit_ids)
    stmt = listing.filter_projects(
        select(Project).join(Project.unit).options(contains_eager(Project.unit)), year, unit_ids
    ).order_by(Project.unit_id, Project.id)
    projects = list(db.session.scalars(stmt))
    listing.attach(
        projects, "checkpoints", SpendingCheckpoint, SpendingCheckpoint.project_id, scope,
        SpendingCheckpoint.month, SpendingCheckpoint.id,
    )
    adjusted = adjusted_budgets(scope)
    spends = _spends(scope)
    config = settings()
    rows = [measure(p, adjusted.get(p.id, p.budget_total), spends.get(p.id, ()), as_of, config) for p in projects]
    if lagging_on_top:
        rows.sort(key=lagging_first)
    elif sort in SORTS:
        rows.sort(key=SORTS[sort], reverse=descending)
    return ProgressTable(year, as_of, rows, totals(rows))


@dataclass(frozen=True)
class ProgressPage:
    """One page of a progress list, measured in Python, with the totals of every row from SQL."""

    year: int
    as_of: datetime.date
    page: listing.Page[ProjectProgress]
    totals: Totals

    @property
    def count(self) -> int:
        return self.page.total


def page(
    year: int,
    as_of: datetime.date,
    unit_ids: frozenset[int] | None = None,
    sort: str = "",
    descending: bool = False,
    page_number: int = 1,
    *,
    lagging_on_top: bool = False,
    per_page: int = listing.PER_PAGE,
) -> ProgressPage:
    """The rows ``table`` would show on page ``page_number``, and its totals, without measuring every row.

    The totals and the order come from the stored figures (``progress_figures``): one aggregate for
    the totals and count, one ordered read of the page's ids (an index walk for the list's own
    order, a top-N sort for the others); the page's projects are then measured by the domain, as
    ``table`` measures them. At most eight queries whatever the number of projects: the stale stored
    figures' ids (``progress_figures.fill``: two more when some are stale), the epoch token
    (``figure_cache``: not for the sorts by code or name), the totals and the page's ids (both
    skipped when remembered under that token), and the page's projects, plans, adjustments and payments.
    """
    config = settings()
    figures = progress_figures.figures(year, as_of, config, unit_ids, names=sort in ("code", "name"))
    c = figures.columns
    sums = (func.count(), func.sum(c.budget), func.sum(c.plan), func.sum(c.spent), func.sum(c.lagging))
    collate = "C" if db.session.get_bind().dialect.name == "postgresql" else None
    by_unit = figures.needs_unit(sort, lagging_on_top=lagging_on_top)
    order = figures.order(sort, descending, lagging_on_top=lagging_on_top, collate=collate,
                          unit_code=Unit.code if by_unit else None)
    # The totals and the page's ids are remembered while the stored figures stay the same (figure_cache).
    epoch = figure_cache.token() if sort not in figure_cache.UNCACHED_SORTS else None
    key = (epoch, year, as_of, config, unit_ids) if epoch else None
    totals_row = figure_cache.remembered(key and (*key, "totals"), lambda: tuple(db.session.execute(select(*sums)).one()))
    count = totals_row[0] or 0
    number = listing.clamp(page_number, count, per_page)  # past the end: the last page
    stmt = select(c.id)
    if by_unit:  # joined here, outside the figures, so the planner hashes it (inside, it nested a loop)
        stmt = stmt.join(Unit, Unit.id == c.unit_id)
    found = figure_cache.remembered(
        key and (*key, sort, descending, lagging_on_top, number, per_page),
        lambda: tuple(db.session.scalars(stmt.order_by(*order).offset((number - 1) * per_page).limit(per_page))),
    )
    budget, plan, spent = (progress_figures.money(v) for v in totals_row[1:4])
    totals_ = Totals(budget, plan, spent, rate_of(spent, budget) if budget > 0 else None, int(totals_row[4] or 0))
    rows = measure_ids(list(found), as_of, config, per_page)
    return ProgressPage(year, as_of, listing.Page(rows, count, number, per_page), totals_)


def measure_ids(ids: list[int], as_of: datetime.date, config: ProgressSettings, per_page: int) -> list[ProjectProgress]:
    """The projects ``ids`` (one page) measured by the domain, in that order.

    The ids are padded to the page size, so the statements are the same whatever the page holds.
    """
    if not ids:
        return []
    padded = listing.padded(ids, per_page)
    found = {
        p.id: p
        for p in db.session.scalars(
            select(Project).join(Project.unit).options(contains_eager(Project.unit)).where(Project.id.in_(padded))
        )
    }
    projects = [found[i] for i in ids if i in found]  # one deleted since its page was ordered: left out
    plans: dict[int, list] = {}
    for point in db.session.scalars(
        select(SpendingCheckpoint).where(SpendingCheckpoint.project_id.in_(padded))
        .order_by(SpendingCheckpoint.month, SpendingCheckpoint.id)
    ):
        plans.setdefault(point.project_id, []).append(point)
    for project in projects:
        if "checkpoints" not in project.__dict__:
            set_committed_value(project, "checkpoints", plans.get(project.id, []))
    adjusted = adjusted_budgets(padded)
    spends = _spends(padded)
    return [measure(p, adjusted.get(p.id, p.budget_total), spends.get(p.id, ()), as_of, config) for p in projects]


def totals(rows: list[ProjectProgress]) -> Totals:
    budget = sum((r.budget for r in rows), ZERO)
    spent = sum((r.spent for r in rows), ZERO)
    plan = sum((r.result.plan_at_date for r in rows if r.result and r.result.plan_at_date is not None), ZERO)
    return Totals(budget, plan, spent, rate_of(spent, budget) if budget > 0 else None, sum(1 for r in rows if r.lagging))


def find_unit(code: str) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise DomainError(f"预算单位 {code} 不存在")
    return unit


def progress_json(year: int, unit_code: str | None = None, as_of: datetime.date | None = None) -> list[dict]:
    """The document ``jixiao progress --json`` prints: one object per project, in table order."""
    unit_ids = frozenset({find_unit(unit_code).id}) if unit_code else None
    result = table(year, as_of or default_as_of(year), unit_ids)
    return [row_json(r) for r in result.rows]


def row_json(row: ProjectProgress) -> dict:
    head = {"code": row.project.code or "", "name": row.project.name}
    if row.result is not None:
        return head | progress_to_json(row.result)
    return head | {
        "budget": format_money(row.budget),
        "spent": format_money(row.spent),
        "rate": None,
        "plan_at_date": None,
        "benchmark": None,
        "checkpoints": [],
        "flags": [row.error],
    }


@dataclass(frozen=True)
class Curves:
    plan: list
    actual: list
    benchmark: list


def curves(row: ProjectProgress, as_of: datetime.date) -> Curves:
    """The three series of the project chart."""
    config = settings()
    year = row.project.year
    plan = plan_within(_plan(row.project), row.budget) if row.result else _plan(row.project)
    return Curves(
        plan=plan_curve(year, plan, config.interpolation),
        actual=actual_curve(year, row.spends, as_of),
        benchmark=benchmark_curve(year, row.budget, config.benchmark),
    )


def build_progress_xlsx(
    year: int, as_of: datetime.date, unit_ids: frozenset[int] | None = None, sort: str = "", descending: bool = False,
    *, who: str = "全部单位",
) -> bytes:
    """The whole 支出进度 list as .xlsx (every row, streamed in write-only mode), for a download or a job.

    ``who`` names the units in the title (a unit's label, or 全部单位).
    """
    from app.documents.progress_excel import progress_xlsx

    title = f"{year} 年度项目支出进度表（{who}，截至 {as_of.isoformat()}）"
    return progress_xlsx(table(year, as_of, unit_ids, sort, descending), title)

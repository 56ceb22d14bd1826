"""绩效运行监控表: the funds block from the payments, the officer's report per indicator, saving it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.dates import month_end
from app.domain.errors import DomainError
from app.domain.monitoring import MonitoringEntry, RowEntry, check_entry, check_month
from app.domain.payments import Source
from app.domain.progress import rate_of
from app.extensions import db
from app.models import MonitoringReport, MonitoringRow, Payment, Project, Unit
from app.services import transaction
from app.services.payments import adjusted_budgets

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FundsRow:
    label: str
    initial: Decimal | None  # 年初预算数
    spent: Decimal  # 1–N月执行数
    rate: Decimal | None  # 执行率 (of the adjusted budget when there is one)
    expected: Decimal | None  # 全年预计执行数 (the total row only)


@dataclass(frozen=True)
class MonitoringSheet:
    project: Project
    month: int
    funds: tuple[FundsRow, ...]
    entry: MonitoringEntry
    saved: bool

    @property
    def total(self) -> FundsRow:
        return self.funds[0]


def get_project(project_id: int) -> Project | None:
    return db.session.scalar(
        select(Project)
        .where(Project.id == project_id)
        .options(selectinload(Project.unit), selectinload(Project.goals), selectinload(Project.indicators))
    )


def default_month(year: int, today: datetime.date | None = None) -> int:
    """The last month that is over (6 for a report in July); 12 once the year is over, 1 before."""
    today = today or datetime.date.today()
    if today.year > year:
        return 12
    if today.year < year:
        return 1
    return max(1, today.month - 1)


def reported_months(project: Project) -> list[int]:
    return list(db.session.scalars(select(MonitoringReport.month).where(MonitoringReport.project_id == project.id).order_by(MonitoringReport.month)))


def _report(project_id: int, month: int) -> MonitoringReport | None:
    return db.session.scalar(
        select(MonitoringReport)
        .where(MonitoringReport.project_id == project_id, MonitoringReport.month == month)
        .options(selectinload(MonitoringReport.rows))
    )


def entry_of(project: Project, month: int, report: MonitoringReport | None) -> MonitoringEntry:
    """The stored report as an entry, one row per indicator in table order (blank rows for new ones)."""
    stored = {row.indicator_id: row for row in report.rows} if report else {}
    rows = []
    for indicator in project.indicators:
        row = stored.get(indicator.id)
        rows.append(
            RowEntry(indicator.id, row.progress, row.expected, row.likelihood, row.reason_kind, row.reason_text, row.measures)
            if row
            else RowEntry(indicator.id)
        )
    return MonitoringEntry(
        month=month,
        expected_spend=report.expected_spend if report else None,
        goal_progress=report.goal_progress if report else "",
        rows=tuple(rows),
    )


def _funds(project: Project, month: int, spends: list[tuple[datetime.date, Decimal, str]], budget: Decimal, expected) -> tuple[FundsRow, ...]:
    end = month_end(project.year, month)
    fiscal = sum((a for d, a, s in spends if d <= end and s == Source.FISCAL), ZERO)
    other = sum((a for d, a, s in spends if d <= end and s != Source.FISCAL), ZERO)

    def rate(amount: Decimal, of: Decimal) -> Decimal | None:
        return rate_of(amount, of) if of and of > 0 else None

    return (
        FundsRow("年度资金总额", project.budget_total, fiscal + other, rate(fiscal + other, budget), expected),
        FundsRow("其中：财政资金", project.budget_fiscal, fiscal, rate(fiscal, project.budget_fiscal), None),
        FundsRow("其他资金", project.budget_other, other, rate(other, project.budget_other), None),
    )


def _spends(ids: list[int]) -> dict[int, list]:
    found: dict[int, list] = {i: [] for i in ids}
    if ids:
        for project_id, day, amount, source in db.session.execute(
            select(Payment.project_id, Payment.day, Payment.amount, Payment.source).where(Payment.project_id.in_(ids))
        ):
            found[project_id].append((day, amount, source))
    return found


def sheet(project: Project, month: int, entry: MonitoringEntry | None = None) -> MonitoringSheet:
    """The monitoring table of a project for 1–``month``月 (``entry``: what a form holds, unsaved)."""
    check_month(month)
    report = _report(project.id, month)
    entry = entry or entry_of(project, month, report)
    budget = adjusted_budgets([project.id]).get(project.id, project.budget_total)
    funds = _funds(project, month, _spends([project.id])[project.id], budget, entry.expected_spend)
    return MonitoringSheet(project, month, funds, entry, report is not None)


def save(project: Project, entry: MonitoringEntry) -> MonitoringReport:
    """Store the report of month N; every problem is refused at once and nothing is saved."""
    indicators = {i.id: i.name for i in project.indicators}
    unknown = [row.indicator_id for row in entry.rows if row.indicator_id not in indicators]
    if unknown or len({row.indicator_id for row in entry.rows}) != len(entry.rows):
        raise DomainError("指标已被修改，请重新打开本页后填写")
    check_entry(entry, indicators)
    with transaction():
        report = _report(project.id, entry.month)
        if report is None:
            report = MonitoringReport(project_id=project.id, month=entry.month)
            db.session.add(report)
        report.expected_spend = entry.expected_spend
        report.goal_progress = entry.goal_progress.strip()
        stored = {row.indicator_id: row for row in report.rows}
        for item in entry.rows:
            row = stored.get(item.indicator_id)
            if row is None:
                row = MonitoringRow(indicator_id=item.indicator_id)
                report.rows.append(row)
            row.progress, row.expected, row.likelihood = item.progress.strip(), item.expected.strip(), item.likelihood
            needed = item.needs_reason  # a certain target carries no cause of deviation
            row.reason_kind = item.reason_kind if needed else ""
            row.reason_text = item.reason_text.strip() if needed else ""
            row.measures = item.measures.strip()
    return report


def unit_sheets(year: int, unit: Unit, month: int) -> list[MonitoringSheet]:
    """The monitoring tables of every project of a unit and year, for 1–``month``月, in a fixed number of queries."""
    check_month(month)
    projects = list(
        db.session.scalars(
            select(Project)
            .where(Project.year == year, Project.unit_id == unit.id)
            .options(selectinload(Project.unit), selectinload(Project.goals), selectinload(Project.indicators))
            .order_by(Project.id)
        )
    )
    ids = [p.id for p in projects]
    reports = {}
    if ids:
        for report in db.session.scalars(
            select(MonitoringReport)
            .where(MonitoringReport.project_id.in_(ids), MonitoringReport.month == month)
            .options(selectinload(MonitoringReport.rows))
        ):
            reports[report.project_id] = report
    budgets = adjusted_budgets(ids)
    spends = _spends(ids)
    sheets = []
    for project in projects:
        report = reports.get(project.id)
        entry = entry_of(project, month, report)
        budget = budgets.get(project.id, project.budget_total)
        funds = _funds(project, month, spends[project.id], budget, entry.expected_spend)
        sheets.append(MonitoringSheet(project, month, funds, entry, report is not None))
    return sheets

"""Payments (支出) and budget adjustments: entry, deletion and all-or-nothing imports."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, select

from app.documents.payments_import import SheetRow, read_payments
from app.domain.dates import parse_date
from app.domain.errors import DomainError, Problem
from app.domain.money import MoneyError, format_money, parse_money, quantize
from app.domain.payments import PaymentDraft, over_budget, read_payment
from app.extensions import db
from app.models import BudgetAdjustment, Payment, Project, Unit
from app.services import listing, transaction

ZERO = Decimal("0.00")
MAX_REPORTED = 100  # problems listed for one file; the rest are counted


def list_payments(project: Project) -> list[Payment]:
    """The project's payments by date."""
    return list(db.session.scalars(select(Payment).where(Payment.project_id == project.id).order_by(Payment.day, Payment.id)))


def spent_total(project_id: int) -> Decimal:
    """All payments of a project (summed in Python: SQLite keeps NUMERIC as floating point)."""
    return sum(db.session.scalars(select(Payment.amount).where(Payment.project_id == project_id)), ZERO)


def adjustments(project: Project) -> list[BudgetAdjustment]:
    return list(
        db.session.scalars(
            select(BudgetAdjustment).where(BudgetAdjustment.project_id == project.id).order_by(BudgetAdjustment.day, BudgetAdjustment.id)
        )
    )


def adjusted_budgets(project_ids) -> dict[int, Decimal]:
    """The latest adjusted budget of each project that has one (by date, then entry order).

    ``project_ids``: a few ids, or a scope query (``listing.project_scope``) for a whole list.
    """
    ids = project_ids if isinstance(project_ids, Select) else sorted(set(project_ids))
    if not isinstance(ids, Select) and not ids:
        return {}
    rows = db.session.execute(
        select(BudgetAdjustment.project_id, BudgetAdjustment.amount)
        .where(listing.in_scope(BudgetAdjustment.project_id, ids))
        .order_by(BudgetAdjustment.day, BudgetAdjustment.id)
    )
    return {project_id: amount for project_id, amount in rows}  # later rows win


def budget_of(project: Project) -> Decimal:
    """预算数 the progress is measured against: the adjusted budget if any, else the target table's."""
    return adjusted_budgets([project.id]).get(project.id, project.budget_total)


def add_payment(project: Project, draft: PaymentDraft) -> Payment:
    """Record one payment; refuse one outside the fiscal year or past the budget."""
    if draft.day.year != project.year:
        raise DomainError(f"日期 {draft.day.isoformat()} 不在 {project.year} 年度内", "day")
    with transaction():
        refusal = over_budget(spent_total(project.id), draft.amount, budget_of(project))
        if refusal:
            raise DomainError(f"{refusal}，不能登记；如预算已调整，请先登记预算调整", "amount")
        payment = new_payment(project, draft)
        db.session.add(payment)
    return payment


def new_payment(project: Project, draft: PaymentDraft) -> Payment:
    """The row of a checked payment (not yet added to the session)."""
    return Payment(
        project_id=project.id, day=draft.day, amount=draft.amount, voucher=draft.voucher, source=draft.source.value, note=draft.note
    )


def delete_payment(project: Project, payment_id: int) -> Payment:
    """Remove one payment of the project."""
    with transaction():
        payment = db.session.get(Payment, payment_id)
        if payment is None or payment.project_id != project.id:
            raise DomainError("该支出记录不存在或已删除")
        db.session.delete(payment)
    return payment


def adjust_budget(project: Project, amount_text, reason: str, day_text) -> BudgetAdjustment:
    """Record the project's budget after an adjustment (调整后预算数); it must cover what was spent."""
    with transaction():
        return stage_adjustment(project, amount_text, reason, day_text)


def stage_adjustment(project: Project, amount_text, reason: str, day_text) -> BudgetAdjustment:
    """Check an adjustment and add it to the session, inside the caller's transaction."""
    problems = []
    try:
        amount = parse_money(amount_text)
    except MoneyError as err:
        amount = None
        problems.append(Problem("amount", f"调整后预算数{err}"))
    else:
        if amount is None:
            problems.append(Problem("amount", "请填写调整后预算数"))
        elif amount <= 0:
            problems.append(Problem("amount", "调整后预算数应大于 0"))
    try:
        day = parse_date(day_text)
    except ValueError as err:
        day = None
        problems.append(Problem("day", str(err)))
    else:
        if day.year != project.year:
            problems.append(Problem("day", f"调整日期 {day.isoformat()} 不在 {project.year} 年度内"))
    reason = (reason or "").strip()
    if not reason:
        problems.append(Problem("reason", "请填写调整原因"))
    if problems:
        raise DomainError(problems)
    spent = spent_total(project.id)
    if quantize(amount) < spent:
        raise DomainError(f"调整后预算数 {format_money(amount)} 万元低于已支出 {format_money(spent)} 万元", "amount")
    adjustment = BudgetAdjustment(project_id=project.id, amount=quantize(amount), reason=reason, day=day)
    db.session.add(adjustment)
    return adjustment


# -- imports ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedProject:
    project_id: int
    code: str
    name: str
    payments: int
    amount: Decimal


@dataclass(frozen=True)
class ImportSummary:
    payments: int
    total: Decimal
    projects: tuple[ImportedProject, ...]

    def to_json(self) -> dict:
        return {
            "payments": self.payments,
            "projects": [
                {"code": p.code, "name": p.name, "payments": p.payments, "amount": format_money(p.amount)}
                for p in self.projects
            ],
            "total": format_money(self.total),
        }


def import_file(unit: Unit, year: int, filename: str, data: bytes, **limits) -> ImportSummary:
    """Read a CSV/.xlsx payments list and store every row, or none (DomainError names each bad row)."""
    return import_rows(unit, year, read_payments(filename, data, **limits))


def preview_file(unit: Unit, year: int, filename: str, data: bytes, **limits) -> ImportSummary:
    """What importing a payments list would store (nothing is written); DomainError names each bad row."""
    return _summary(accept_rows(unit, year, read_payments(filename, data, **limits)))


def import_rows(unit: Unit, year: int, rows: list[SheetRow]) -> ImportSummary:
    """Store every row of a read payments list, or none."""
    accepted = accept_rows(unit, year, rows)
    with transaction():
        db.session.add_all(new_payment(project, draft) for project, draft in accepted)
    return _summary(accepted)


def accept_rows(unit: Unit, year: int, rows: list[SheetRow]) -> list[tuple[Project, PaymentDraft]]:
    """Resolve and check every row against the stored payments and budgets (writes nothing).

    Raises DomainError naming each bad row ("第 3 行：…"); the file's own line numbers.
    """
    projects = list(db.session.scalars(select(Project).where(Project.unit_id == unit.id, Project.year == year).order_by(Project.id)))
    by_code = {p.code.strip(): p for p in projects if p.code}
    by_name: dict[str, list[Project]] = {}
    for p in projects:
        by_name.setdefault(p.name.strip(), []).append(p)
    scope = listing.project_scope(year, unit_id=unit.id)
    budgets = {p.id: p.budget_total for p in projects} | adjusted_budgets(scope)
    running = {p.id: ZERO for p in projects} | _spent_by_project(scope)
    known = _known_vouchers(scope)
    problems: list[Problem] = []
    accepted: list[tuple[Project, PaymentDraft]] = []
    for row in rows:
        where = f"第 {row.number} 行："
        project, problem = _resolve(row, by_code, by_name, unit, year)
        try:
            draft = read_payment(
                year, row.values.get("day"), row.values.get("amount"), _text(row.values.get("voucher")),
                _text(row.values.get("source")), _text(row.values.get("note")),
            )
        except DomainError as err:
            problems.extend(Problem(f"row-{row.number}", where + p.message) for p in err.problems)
            draft = None
        if problem:
            problems.append(Problem(f"row-{row.number}", where + problem))
        if project is None or draft is None:
            continue
        if draft.voucher and (project.id, draft.voucher, draft.day, draft.amount) in known:
            problems.append(Problem(f"row-{row.number}", f"{where}凭证号 {draft.voucher} 的这笔支出已登记，不能重复导入"))
            continue
        refusal = over_budget(running[project.id], draft.amount, budgets[project.id])
        if refusal:
            problems.append(Problem(f"row-{row.number}", f"{where}{project.name}{refusal}"))
            continue
        running[project.id] += draft.amount
        accepted.append((project, draft))
    if not rows:
        problems.append(Problem("file", "文件中没有支出记录"))
    if problems:
        if len(problems) > MAX_REPORTED:
            extra = len(problems) - MAX_REPORTED
            problems = problems[:MAX_REPORTED] + [Problem("file", f"另有 {extra} 处错误未列出")]
        raise DomainError(problems)
    return accepted


def _summary(accepted) -> ImportSummary:
    counts: dict[int, list] = {}
    for project, draft in accepted:
        entry = counts.setdefault(project.id, [project, 0, ZERO])
        entry[1] += 1
        entry[2] += draft.amount
    items = tuple(
        ImportedProject(p.id, p.code or "", p.name, n, amount) for p, n, amount in sorted(counts.values(), key=lambda e: e[0].id)
    )
    return ImportSummary(len(accepted), sum((d.amount for _, d in accepted), ZERO), items)


def _resolve(row: SheetRow, by_code, by_name, unit: Unit, year: int) -> tuple[Project | None, str]:
    code, name = _text(row.values.get("code")), _text(row.values.get("name"))
    where = f" {unit.code} 的 {year} 年度项目中"
    if code:
        project = by_code.get(code)
        if project is None:
            return None, f"项目编码“{code}”在{where}不存在"
        return project, ""
    if name:
        found = by_name.get(name, [])
        if not found:
            return None, f"项目名称“{name}”在{where}不存在"
        if len(found) > 1:
            return None, f"项目名称“{name}”对应多个项目，请填写项目编码"
        return found[0], ""
    return None, "请填写项目编码或项目名称"


def _text(value) -> str:
    """A cell as text: whole numbers from a spreadsheet without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _spent_by_project(scope: Select) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    rows = db.session.execute(select(Payment.project_id, Payment.amount).where(listing.in_scope(Payment.project_id, scope)))
    for project_id, amount in rows:
        totals[project_id] = totals.get(project_id, ZERO) + amount
    return totals


def _known_vouchers(scope: Select) -> set:
    rows = db.session.execute(
        select(Payment.project_id, Payment.voucher, Payment.day, Payment.amount).where(
            listing.in_scope(Payment.project_id, scope), Payment.voucher != ""
        )
    )
    return {(p, v, d, quantize(a)) for p, v, d, a in rows}

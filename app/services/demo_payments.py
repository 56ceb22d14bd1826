"""The demo's payments and budget adjustments, so the progress pages have something to show.

The payments are readable CSV files in the import format (``app/fixtures/demo_payments_*.csv``,
one per unit and year; two projects spend past their first budget, so the file imports
with ``jixiao payments import`` only after their adjustments are recorded). They follow
each project's spending plan, some on time and some late, so the progress table shows both
on-plan and lagging projects at any date. Three budgets are adjusted, one of them cut.

Only projects with no payments and no adjustments yet are filled, all in one transaction:
running ``jixiao demo`` again changes nothing, and nothing an officer entered is touched.
"""

from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from sqlalchemy import select

from app.documents.payments_import import read_csv
from app.extensions import db
from app.models import BudgetAdjustment, Payment, Project
from app.services import payments, transaction, units

ZERO = Decimal("0.00")

# (unit code, year, fixture file)
FILES = (
    ("304001", 2024, "demo_payments_304001_2024.csv"),
    ("573301", 2023, "demo_payments_573301_2023.csv"),
)

# (unit code, year, project code, 调整后预算数, date, reason)
ADJUSTMENTS = (
    ("304001", 2024, "13060524P00454410003M", "45.00", "2024-08-15", "新增外贸政策宣讲活动，追加预算 5 万元"),
    ("304001", 2024, "13060524P00452310003H", "45.00", "2024-09-20", "下半年两场境外展会取消，调减预算 9.90 万元"),
    ("304001", 2024, "13060524P003995100028", "68.00", "2024-11-05", "查验设备故障维修，追加预算 8 万元"),
)


@dataclass(frozen=True)
class DemoPayments:
    payments: int
    total: Decimal
    adjustments: int


def fixture(name: str) -> bytes:
    return resources.files("app").joinpath("fixtures", name).read_bytes()


def load() -> DemoPayments:
    """Add the demo payments and adjustments to the demo projects that have none (idempotent)."""
    count, total, adjusted = 0, ZERO, 0
    with transaction():
        for unit_code, year, name in FILES:
            unit = units.find_unit(unit_code)
            if unit is None:
                continue
            fresh = _untouched(unit.id, year)
            for code, amount, day, reason in ((c, a, d, r) for u, y, c, a, d, r in ADJUSTMENTS if (u, y) == (unit_code, year)):
                project = next((p for p in fresh if p.code == code), None)
                if project is not None:
                    payments.stage_adjustment(project, amount, reason, day)
                    adjusted += 1
            rows = [row for row in read_csv(fixture(name)) if _project_of(row, fresh) is not None]
            if not rows:
                continue
            accepted = payments.accept_rows(unit, year, rows)
            db.session.add_all(payments.new_payment(project, draft) for project, draft in accepted)
            count += len(accepted)
            total += sum((draft.amount for _, draft in accepted), ZERO)
    return DemoPayments(count, total, adjusted)


def _untouched(unit_id: int, year: int) -> list[Project]:
    """The unit's projects of the year with no payment and no budget adjustment."""
    touched = select(Payment.project_id).union(select(BudgetAdjustment.project_id))
    return list(
        db.session.scalars(
            select(Project).where(Project.unit_id == unit_id, Project.year == year, Project.id.not_in(touched)).order_by(Project.id)
        )
    )


def _project_of(row, projects: list[Project]) -> Project | None:
    code, name = str(row.values.get("code") or "").strip(), str(row.values.get("name") or "").strip()
    for project in projects:
        if (code and project.code == code) or (not code and project.name == name):
            return project
    return None

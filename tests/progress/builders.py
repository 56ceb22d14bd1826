"""Seed 004's 14 projects with a year of payments: the plan paid on the 20th of each month, some projects slower."""

import datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from sqlalchemy import select

from app.domain.money import quantize
from app.domain.payments import read_payment
from app.extensions import db
from app.models import Project, Unit
from app.services import payments
from app.services.demo import load_demo

FIRST = "13060524P00466210002W"  # 2024年白沟箱包市场采购贸易方式试点活动资金: 2.50/12.00/21.50/26.00


def seed():
    """Load the demo; return unit 304001 and its 2024 projects (the ones with spending plans)."""
    load_demo()
    unit = db.session.scalar(select(Unit).where(Unit.code == "304001"))
    projects = list(db.session.scalars(select(Project).where(Project.unit_id == unit.id, Project.year == 2024).order_by(Project.id)))
    return unit, projects


def first(projects) -> Project:
    return next(p for p in projects if p.code == FIRST)


def monthly_plan(project: Project, share: Decimal = Decimal(1)) -> list[tuple[datetime.date, Decimal]]:
    """Each span of the plan paid in equal parts on the 20th of its months, times ``share``."""
    out, previous_month, previous = [], 0, Decimal(0)
    for c in project.checkpoints:
        months = list(range(previous_month + 1, c.month + 1))
        total = quantize((c.amount - previous) * share)
        part = quantize(total / len(months))
        for n, month in enumerate(months):
            amount = part if n < len(months) - 1 else total - part * (len(months) - 1)
            if amount > 0:
                out.append((datetime.date(project.year, month, 20), amount))
        previous_month, previous = c.month, c.amount
    return out


def pay_a_year(projects) -> None:
    """Every project paid as planned, but every third one at 60%."""
    for n, project in enumerate(projects):
        share = Decimal("0.6") if n % 3 == 0 else Decimal(1)
        for day, amount in monthly_plan(project, share):
            payments.add_payment(project, read_payment(project.year, day, amount, voucher=f"记-{project.id}-{day:%m%d}"))


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
